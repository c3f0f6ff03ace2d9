#include "widgets/elidingstatusbar.h"

#include <QHelpEvent>
#include <QLabel>
#include <QMainWindow>
#include <QProgressBar>
#include <QToolTip>
#include <QtTest>

using vae::ElidingStatusBar;

namespace {
const QString kLongMessage =
    QStringLiteral("Epoch 5 done in 7.9 s: test loss 247.87 nats (reconstruction 232.58 + KL 15.29)");

// A window whose status bar carries a training run's permanent fields, as the main window's does.
struct Window {
  QMainWindow window;
  ElidingStatusBar* bar = new ElidingStatusBar;
  QLabel* state = new QLabel(QStringLiteral("● Training"));

  explicit Window(int width, Qt::LayoutDirection direction = Qt::LeftToRight) {
    window.setLayoutDirection(direction);
    window.setCentralWidget(new QWidget);
    window.setStatusBar(bar);
    bar->addPermanentWidget(state);
    bar->addPermanentWidget(new QLabel(QStringLiteral("epoch 5/50 · step 2,032")));
    auto* progress = new QProgressBar;
    progress->setFixedWidth(160);
    bar->addPermanentWidget(progress);
    window.resize(width, 200);
    window.show();
  }
};
}  // namespace

class TestElidingStatusBar : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void longMessageIsElidedBeforeThePermanentFields() {
    Window w(560);
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    w.bar->showMessage(kLongMessage);
    QCOMPARE(w.bar->currentMessage(), kLongMessage);  // elided where drawn only
    const QString shown = w.bar->shownMessage();
    QVERIFY2(shown.endsWith(QChar(0x2026)) && shown.size() < kLongMessage.size(), qPrintable(shown));
    QVERIFY(w.bar->fontMetrics().horizontalAdvance(shown) <= w.bar->messageRect().width());
    QCOMPARE(w.bar->messageRect().right() + 1 + ElidingStatusBar::kFieldGap, w.state->x());
  }

  void shortMessageIsShownWhole() {
    Window w(560);
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    w.bar->showMessage(QStringLiteral("Ready"));
    QCOMPARE(w.bar->shownMessage(), QStringLiteral("Ready"));
  }

  // A field that grows takes room from the message, which is elided further.
  void growingFieldElidesTheMessageFurther() {
    Window w(900);
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    w.bar->showMessage(kLongMessage);
    const int before = w.bar->messageRect().width();
    w.state->setText(QStringLiteral("● Training with a much longer state text than before"));
    QTRY_VERIFY(w.bar->messageRect().width() < before);
    QVERIFY(w.bar->fontMetrics().horizontalAdvance(w.bar->shownMessage()) <= w.bar->messageRect().width());
  }

  void rightToLeftKeepsTheMessageRightOfTheFields() {
    Window w(560, Qt::RightToLeft);
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    w.bar->showMessage(kLongMessage);
    QVERIFY2(w.bar->messageRect().left() >= w.state->geometry().right() + ElidingStatusBar::kFieldGap,
             qPrintable(QStringLiteral("message from %1, field ends at %2")
                            .arg(w.bar->messageRect().left())
                            .arg(w.state->geometry().right())));
    QVERIFY(w.bar->messageRect().right() < w.bar->width());
  }

  void hoverShowsAnElidedMessageWhole() {
    Window w(560);
    QVERIFY(QTest::qWaitForWindowExposed(&w.window));
    w.bar->showMessage(kLongMessage);
    const QPoint pos = w.bar->messageRect().center();
    QHelpEvent help(QEvent::ToolTip, pos, w.bar->mapToGlobal(pos));
    QApplication::sendEvent(w.bar, &help);
    QTRY_COMPARE(QToolTip::text(), kLongMessage);
    QToolTip::hideText();
  }
};

QTEST_MAIN(TestElidingStatusBar)
#include "test_elidingstatusbar.moc"
