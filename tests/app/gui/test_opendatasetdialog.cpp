// The Open Dataset dialog's size follows the rows its kind shows (a GUI walk found a gap above the buttons).
#include "app/gui/opendatasetdialog.h"

#include <QtTest>

using vae::OpenDatasetDialog;

class TestOpenDatasetDialog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void dialogShrinksWhenAKindNeedsFewerRows() {
    OpenDatasetDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setKind(OpenDatasetDialog::Kind::ImageFolder);  // size, colour and fit rows
    QTRY_VERIFY(dialog.height() >= dialog.sizeHint().height());
    const int withFolderRows = dialog.height();
    const int width = dialog.width();
    dialog.setKind(OpenDatasetDialog::Kind::Cifar10);  // a location only
    QTRY_VERIFY2(dialog.height() < withFolderRows, qPrintable(QStringLiteral("height stayed %1").arg(dialog.height())));
    QCOMPARE(dialog.width(), width);
    dialog.setKind(OpenDatasetDialog::Kind::ImageFolder);
    QTRY_COMPARE(dialog.height(), withFolderRows);
  }
};

QTEST_MAIN(TestOpenDatasetDialog)
#include "test_opendatasetdialog.moc"
