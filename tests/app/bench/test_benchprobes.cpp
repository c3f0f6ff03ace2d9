// The probes the GUI benches measure with: they must count every wait a user would have, and stalls most of all.
// Lower bounds only (a deliberate sleep of S ms guarantees at least S ms); no upper bound on any time.
#include "app/bench/keytopaint.h"
#include "app/bench/schedulelateness.h"
#include "app/cli/clicommon.h"

#include <QLabel>
#include <QSlider>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <algorithm>

using vae::KeyToPaintProbe;
using vae::ScheduleLatenessProbe;

namespace {
constexpr int64_t kMs = 1'000'000;
// Only catches a hang: far above anything these small widgets need.
constexpr int kHangGuardMs = 20'000;
}  // namespace

class TestBenchProbes : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Every due tick is one sample, measured from its due time; ticks swallowed by a stall are counted.
  void servingRuleCountsEveryDueTick() {
    ScheduleLatenessProbe probe(5);
    probe.serveAt(0);  // tick 0, on time
    probe.serveAt(6 * kMs);  // tick 1 (due 5), 1 ms late
    QCOMPARE(probe.latenessMs().size(), size_t{2});
    QCOMPARE(probe.latenessMs()[1], 1.0);
    QCOMPARE(probe.missedTicks(), int64_t{0});
    // A 32 ms stall: ticks due at 10, 15, ..., 35 are all served at 36, each with its own lateness.
    probe.serveAt(36 * kMs);
    const std::vector<double> expected{1.0, 26.0, 21.0, 16.0, 11.0, 6.0, 1.0};
    QCOMPARE(std::vector<double>(probe.latenessMs().begin() + 1, probe.latenessMs().end()), expected);
    QCOMPARE(probe.missedTicks(), int64_t{5});
    QCOMPARE(probe.nsUntilNextTick(36 * kMs), 4 * kMs);
    // Run early (before the next due tick): nothing served, nothing missed.
    probe.serveAt(37 * kMs);
    QCOMPARE(probe.latenessMs().size(), size_t{8});
  }

  // In a real event loop, a 60 ms stall of the GUI thread shows as the stall, not as one slightly late tick.
  void liveProbeSeesAStallOfTheLoop() {
    ScheduleLatenessProbe probe(5);
    probe.start();
    QTimer::singleShot(50, [] { QThread::msleep(60); });
    QTest::qWait(200);
    probe.stop();
    const std::vector<double>& lateness = probe.latenessMs();
    QVERIFY(lateness.size() >= 30);  // ~40 ticks fell due in 200 ms
    QVERIFY2(*std::max_element(lateness.begin(), lateness.end()) >= 55.0, "the stall's first tick waited 55+ ms");
    QVERIFY2(probe.missedTicks() >= 10, "the ticks due during the stall were served late together");
    QVERIFY(std::all_of(lateness.begin(), lateness.end(), [](double ms) { return ms >= 0; }));
  }

  // Presses posted from another thread are each answered by a paint; a stall in the slider's handling is
  // waited for by every press queued behind it.
  void keyPressesAreTimedUntilThePaintThatShowsThem() {
    QWidget window;
    QSlider slider(Qt::Horizontal, &window);
    slider.setRange(-100, 100);
    QLabel label(&window);
    label.move(0, 40);
    label.resize(100, 20);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    KeyToPaintProbe probe({&slider}, &label);
    int64_t shown = 0;
    int changes = 0;
    QObject::connect(&slider, &QSlider::valueChanged, &label, [&](int value) {
      if (++changes == 5) QThread::msleep(80);  // one slow handling
      label.setText(QString::number(value));
      shown = probe.pressesReceived();
    });
    probe.setShownUpTo([&] { return shown; });
    const vae::KeyToPaintFigures f = probe.run(100.0, 40, 0.0, 7, kHangGuardMs);
    QCOMPARE(f.ms.size(), size_t{40});
    QCOMPARE(changes, 40);  // every press moved the slider (up and down in turn)
    QVERIFY(std::all_of(f.ms.begin(), f.ms.end(), [](double ms) { return ms > 0; }));
    // Press 5 took 80 ms to handle before its paint.
    QVERIFY2(f.ms[4] >= 80.0, qPrintable(QString::number(f.ms[4])));
    // Presses posted during the stall (every 10 ms) waited in the queue for it to end.
    QVERIFY2(f.ms[6] >= 40.0, qPrintable(QString::number(f.ms[6])));
    QVERIFY(f.inputRateHz > 0);
  }

  // A press whose effect is never painted is a hang the bench reports, not a number.
  void anUnpaintedPressIsReportedAsAHang() {
    QWidget window;
    QSlider slider(Qt::Horizontal, &window);
    QLabel label(&window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    KeyToPaintProbe probe({&slider}, &label);
    probe.setShownUpTo([] { return int64_t{0}; });  // the content never shows a press
    bool threw = false;
    try {
      probe.run(100.0, 3, 0.0, 7, 300);
    } catch (const vae::CliError& e) {
      threw = QString::fromStdString(e.what()).contains(QStringLiteral("0 of 3 painted"));
    }
    QVERIFY(threw);
  }
};

QTEST_MAIN(TestBenchProbes)
#include "test_benchprobes.moc"
