// Standard keys and offline help: every shortcut of the window is unique, standard actions use the platform's
// QKeySequence::StandardKey bindings, and F1 opens the README's user sections in a dialog. Also a screenshot of the
// window under a dark palette ($VAE_WIDGET_SHOTS/window-dark.png) for a person to check.
#include "app/gui/helpdialog.h"
#include "app/gui/mainwindow.h"
#include "widgets/lossplot.h"

#include <QAction>
#include <QApplication>
#include <QHash>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include "tests/support/palettes.h"
#include "tests/support/widgetshot.h"
#include "tests/support/windowtest.h"

using vae::MainWindow;
using vae::test::findAction;

using vae::test::darkPalette;

class TestHelpAndKeys : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir shots_;

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

  void everyShortcutIsUnique() {
    MainWindow w;
    QHash<QKeySequence, QString> owner;
    for (QAction* action : w.findChildren<QAction*>()) {
      for (const QKeySequence& key : action->shortcuts()) {
        QVERIFY2(!owner.contains(key), qPrintable(QStringLiteral("%1 is used by \"%2\" and \"%3\"")
                                                      .arg(key.toString(), owner.value(key), action->text())));
        owner.insert(key, action->text());
      }
    }
    QVERIFY(owner.size() >= 15);  // File, Training, View and Help all have keys
  }

  void standardActionsUseStandardKeys_data() {
    QTest::addColumn<QString>("action");
    QTest::addColumn<int>("standardKey");
    QTest::addColumn<QKeySequence>("fallback");  // where the platform has no binding for the standard key
    QTest::newRow("open") << "Open Checkpoint…" << int(QKeySequence::Open) << QKeySequence(Qt::CTRL | Qt::Key_O);
    QTest::newRow("save") << "Save Checkpoint" << int(QKeySequence::Save) << QKeySequence(Qt::CTRL | Qt::Key_S);
    QTest::newRow("save as") << "Save Checkpoint As…" << int(QKeySequence::SaveAs)
                             << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    QTest::newRow("new") << "New Run" << int(QKeySequence::New) << QKeySequence(Qt::CTRL | Qt::Key_N);
    QTest::newRow("quit") << "Quit" << int(QKeySequence::Quit) << QKeySequence(Qt::CTRL | Qt::Key_Q);
    QTest::newRow("help") << "VAE Studio Help" << int(QKeySequence::HelpContents) << QKeySequence(Qt::Key_F1);
  }

  void standardActionsUseStandardKeys() {
    QFETCH(QString, action);
    QFETCH(int, standardKey);
    QFETCH(QKeySequence, fallback);
    MainWindow w;
    QAction* a = findAction(&w, action);
    QVERIFY2(a, qPrintable(action));
    const QList<QKeySequence> platform = QKeySequence::keyBindings(QKeySequence::StandardKey(standardKey));
    QCOMPARE(a->shortcuts(), platform.isEmpty() ? QList<QKeySequence>{fallback} : platform);
  }

  void f1OpensTheUserGuide() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QCOMPARE(w.findChild<vae::HelpDialog*>(), nullptr);
    QTest::keyClick(&w, Qt::Key_F1);
    auto* help = w.findChild<vae::HelpDialog*>();
    QVERIFY(help);
    QTRY_VERIFY(help->isVisible());
    const QString text = help->browser()->toPlainText();
    // User sections of README.md, built in at compile time...
    for (const char* heading : {"The window", "Datasets", "Command line", "Export"})
      QVERIFY2(text.contains(QLatin1String(heading)), heading);
    QVERIFY(text.contains(QStringLiteral("Open Dataset")));
    // ...without the developer ones (the source tree's layout, benchmarks, the test suite).
    QVERIFY(!text.contains(QStringLiteral("hours of training must never be lost")));  // Reliability
    QVERIFY(!text.contains(QStringLiteral("The BLAS kernel, chosen at start-up")));    // Speed
    QVERIFY(!text.contains(QStringLiteral("Each folder is one CMake library")));       // Layout
    QVERIFY(!text.contains(QStringLiteral("Two commands")));  // building from source
    // Markdown rendered, not shown as source: no heading marks, no escaped table pipes.
    QVERIFY(!text.contains(QStringLiteral("\\|")));
    QVERIFY(!text.contains(QStringLiteral("## The window")));

    vae::test::saveShot(*help, QStringLiteral("help"), shots_);

    // F1 again raises the same dialog instead of opening a second.
    help->hide();
    QTest::keyClick(&w, Qt::Key_F1);
    QTRY_VERIFY(help->isVisible());
    QCOMPARE(w.findChildren<vae::HelpDialog*>().size(), 1);
  }

  // Not a check of colours (tests/widgets/test_plotpalette does that) but a picture of the whole window for a
  // person: nothing may be white on white or black on black.
  void darkWindowScreenshot() {
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    {
      MainWindow w;
      w.resize(1200, 800);
      w.show();
      QVERIFY(QTest::qWaitForWindowExposed(&w));
      QVERIFY(vae::test::loadDatasetAndWait(w));
      vae::test::useSmallModel(w, 1);
      QSignalSpy ended(&w, &MainWindow::trainingEnded);
      w.startTraining();
      QVERIFY(ended.wait(vae::test::kWindowTrainTimeoutMs * 3));
      QCOMPARE(w.lossPlot()->palette().color(QPalette::Base), darkPalette().color(QPalette::Base));
      for (int tab = 0; tab < w.tabs()->count(); ++tab) {
        w.tabs()->setCurrentIndex(tab);
        QTest::qWait(200);  // queued replots
        vae::test::saveShot(w, QStringLiteral("window-dark-tab%1").arg(tab), shots_);
      }
    }
    QApplication::setPalette(light);
  }
};

QTEST_MAIN(TestHelpAndKeys)
#include "test_helpandkeys.moc"
