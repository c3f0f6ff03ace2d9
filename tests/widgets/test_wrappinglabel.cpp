#include "widgets/wrappinglabel.h"

#include <QVBoxLayout>
#include <QtTest>

using vae::WrappingLabel;

class TestWrappingLabel : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // The box around a wrapped caption is not height-for-width (a layout would then take the views beside it at
  // their preferred height as their least), yet the caption still gets the lines it needs at its width.
  void asksForItsLinesThroughItsMinimumHeight() {
    QWidget box;
    auto* layout = new QVBoxLayout(&box);
    auto* label = new WrappingLabel;
    label->setText(QStringLiteral("100 test images encoded (mu), weights of step 25 · 4 of 4 dimensions active"));
    layout->addWidget(label);
    layout->addStretch(1);
    QVERIFY(!layout->hasHeightForWidth());
    box.resize(900, 300);
    box.show();
    QVERIFY(QTest::qWaitForWindowExposed(&box));
    const int oneLine = label->minimumSizeHint().height();
    box.resize(160, 300);
    QTRY_VERIFY(label->width() < 160);
    QTRY_VERIFY(label->minimumSizeHint().height() > oneLine);
    QTRY_COMPARE(label->height(), label->heightForWidth(label->width()));
    QVERIFY(box.minimumSizeHint().height() >= label->heightForWidth(label->width()));
  }
};

QTEST_MAIN(TestWrappingLabel)
#include "test_wrappinglabel.moc"
