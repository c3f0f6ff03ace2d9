// The wheel over a setting that has no focus, or over any combo box, scrolls the page instead of changing the
// setting (GUI walks of issue 17: scrolling the Explore page flipped the plane's axes, scrolling the side panel
// changed "Latent dims"; of issue 19: scrolling past the class box just picked changed the class).
#include "widgets/wheelguard.h"

#include <QApplication>
#include <QComboBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtTest>

namespace {
// A tall page in a short scroll area, with a combo, a spin box and a slider on it.
struct Page {
  QScrollArea area;
  QComboBox* combo = new QComboBox;
  QSpinBox* spin = new QSpinBox;
  QSlider* slider = new QSlider(Qt::Horizontal);

  Page() {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    combo->addItems({"a", "b", "c", "d"});
    combo->setCurrentIndex(1);
    spin->setValue(20);
    slider->setValue(50);
    for (QWidget* w : {static_cast<QWidget*>(combo), static_cast<QWidget*>(spin), static_cast<QWidget*>(slider)})
      layout->addWidget(w);
    layout->addSpacing(2000);
    area.setWidget(page);
    area.resize(300, 200);
    area.show();
  }
};

void wheelDown(QWidget* w) {
  const QPointF local(w->width() / 2.0, w->height() / 2.0);
  QWheelEvent event(local, w->mapToGlobal(local), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(w, &event);
}
}  // namespace

class TestWheelGuard : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void unfocusedSettingsPassTheWheelToThePage() {
    vae::WheelGuard guard;
    qApp->installEventFilter(&guard);
    Page p;
    QVERIFY(QTest::qWaitForWindowExposed(&p.area));
    p.area.setFocusPolicy(Qt::StrongFocus);  // the window gave its first setting focus: take it away
    p.area.setFocus();
    QTRY_VERIFY(!p.combo->hasFocus());
    int scrolled = p.area.verticalScrollBar()->value();
    for (QWidget* setting : {static_cast<QWidget*>(p.combo), static_cast<QWidget*>(p.spin),
                             static_cast<QWidget*>(p.slider)}) {
      wheelDown(setting);
      QVERIFY2(p.area.verticalScrollBar()->value() > scrolled, setting->metaObject()->className());
      scrolled = p.area.verticalScrollBar()->value();
    }
    QCOMPARE(p.combo->currentIndex(), 1);
    QCOMPARE(p.spin->value(), 20);
    QCOMPARE(p.slider->value(), 50);
    qApp->removeEventFilter(&guard);
  }

  // A focused spin box or slider steps with the wheel (fine-tuning a number)...
  void aFocusedNumberTakesTheWheel() {
    vae::WheelGuard guard;
    qApp->installEventFilter(&guard);
    Page p;
    QVERIFY(QTest::qWaitForWindowExposed(&p.area));
    p.area.activateWindow();
    p.spin->setFocus();
    QTRY_VERIFY(p.spin->hasFocus());
    wheelDown(p.spin);
    QCOMPARE(p.spin->value(), 19);
    p.slider->setFocus();
    QTRY_VERIFY(p.slider->hasFocus());
    wheelDown(p.slider);
    QVERIFY(p.slider->value() != 50);
    qApp->removeEventFilter(&guard);
  }

  // ...but a combo box never does: it keeps focus after a pick, and scrolling the page on past it changed the
  // class just chosen (issue 19's GUI walk). The page scrolls instead.
  void aFocusedComboPassesTheWheelToThePage() {
    vae::WheelGuard guard;
    qApp->installEventFilter(&guard);
    Page p;
    QVERIFY(QTest::qWaitForWindowExposed(&p.area));
    p.area.activateWindow();
    p.combo->setFocus();
    QTRY_VERIFY(p.combo->hasFocus());
    const int scrolled = p.area.verticalScrollBar()->value();
    wheelDown(p.combo);
    QCOMPARE(p.combo->currentIndex(), 1);
    QVERIFY(p.area.verticalScrollBar()->value() > scrolled);
    qApp->removeEventFilter(&guard);
  }

  // Without the guard (Qt's default) the same wheel changes the setting: what the guard is there to stop.
  void withoutTheGuardTheWheelChangesTheSetting() {
    Page p;
    QVERIFY(QTest::qWaitForWindowExposed(&p.area));
    p.area.setFocusPolicy(Qt::StrongFocus);
    p.area.setFocus();
    QTRY_VERIFY(!p.combo->hasFocus());
    wheelDown(p.combo);
    QCOMPARE(p.combo->currentIndex(), 2);
  }
};

QTEST_MAIN(TestWheelGuard)
#include "test_wheelguard.moc"
