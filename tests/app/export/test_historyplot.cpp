#include "app/core/trainingtypes.h"
#include "app/export/historyplot.h"
#include "model/history.h"
#include "widgets/lossplot.h"

#include <QtTest>

using vae::EventRecord;

class TestHistoryPlot : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void numbersAreShortAndExact_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("beta") << 0.5 << "0.5";
    QTest::newRow("lr 1e-3") << 1e-3 << "0.001";
    QTest::newRow("lr 1e-4") << 1e-4 << "1e-4";
    QTest::newRow("lr 2.5e-5") << 2.5e-5 << "2.5e-5";
    QTest::newRow("rounds up") << 9.9999e-5 << "1e-4";
    QTest::newRow("large") << 25000.0 << "2.5e4";
    QTest::newRow("zero") << 0.0 << "0";
  }
  void numbersAreShortAndExact() {
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(vae::shortNumber(value)), text);
  }

  // The same event reads the same on the live plot (the worker's TrainingEvent) and on a reopened run's plot.
  void liveAndReopenedMarkersMatch() {
    vae::History history;
    history.events = {{EventRecord::Kind::BetaChanged, 10, 4.0, "whatever the run recorded"},
                      {EventRecord::Kind::LrChanged, 20, 1e-4, ""},
                      {EventRecord::Kind::Resumed, 30, 0, "resumed at step 30"},
                      {EventRecord::Kind::NanRecovered, 40, 5e-4, "loss diverged: restored weights, lr halved to 5e-4"}};
    vae::LossPlot live, reopened;
    for (const EventRecord& e : history.events) {
      const vae::TrainingEvent event = vae::toTrainingEvent(e);
      QVERIFY(event.kind == e.kind);
      vae::addEventMarker(&live, event.kind, event.step, event.text);
    }
    vae::plotHistory(&reopened, history);
    QCOMPARE(live.markerLabels(), reopened.markerLabels());
    QCOMPARE(live.markerLabels(), (QStringList{QStringLiteral("β = 4"), QStringLiteral("lr = 1e-4"),
                                               QStringLiteral("resumed at step 30"),
                                               QStringLiteral("loss diverged: restored weights, lr halved to 5e-4")}));
  }
};

QTEST_MAIN(TestHistoryPlot)
#include "test_historyplot.moc"
