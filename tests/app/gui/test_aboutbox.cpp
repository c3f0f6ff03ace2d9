#include "app/gui/aboutbox.h"
#include "app/gui/mainwindow.h"
#include "model/blaskernel.h"

#include <QtTest>

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

using vae::MainWindow;

class TestAboutBox : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void namesTheMachineAndTheBlasKernel() {
    const vae::BlasStatus& blas = vae::blasStatus();
    const QString html = vae::aboutHtml();
    QVERIFY(html.contains(QStringLiteral("VAE Studio")));
    QVERIFY2(html.contains(QString::fromStdString(blas.cpu.modelName).toHtmlEscaped()), qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("BLAS kernel")));
    QVERIFY(html.contains(QStringLiteral("GEMM check")));
    if (!blas.coreInUse.empty()) QVERIFY2(html.contains(QString::fromStdString(blas.coreInUse)), qPrintable(html));
    QVERIFY(html.contains(QString::fromStdString(blas.decision.reason).toHtmlEscaped()));
    QVERIFY(html.contains(QStringLiteral("GPL-3.0-or-later")));  // the licence LICENSE and the metainfo state
  }

  void helpAboutShowsIt() {
    MainWindow w;
    QAction* about = nullptr;
    for (QAction* action : w.findChildren<QAction*>())
      if (action->text().remove('&') == QStringLiteral("About VAE Studio")) about = action;
    QVERIFY(about);
    QString shown;
    // The box is modal: read and close it from the event loop it runs.
    QTimer::singleShot(0, this, [&] {
      auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
      if (!box) return;
      shown = box->text();
      box->accept();
    });
    about->trigger();
    QCOMPARE(shown, vae::aboutHtml());
  }
};

QTEST_MAIN(TestAboutBox)
#include "test_aboutbox.moc"
