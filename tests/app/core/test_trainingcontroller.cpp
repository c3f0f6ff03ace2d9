#include "app/core/trainingcontroller.h"

#include <QPointer>
#include <QSignalSpy>
#include <QtTest>

#include "tests/support/smallrun.h"

using vae::TrainingController;
using vae::TrainingSetup;
using vae::TrainingState;
using vae::toString;

namespace {
// A slow CI machine, not a hang.
constexpr int kWaitMs = 30000;

TrainingSetup smallSetup(int epochs) {
  TrainingSetup s;
  s.datasetSpec = QStringLiteral("shapes:28:600");
  s.data = std::make_shared<const vae::DatasetSplit>(vae::test::smallShapes());
  s.model = vae::test::smallModel();
  s.train = vae::test::smallTraining(epochs);
  return s;
}
}  // namespace

class TestTrainingController : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void aRunStartsRelaysItsSignalsAndEnds() {
    TrainingController controller;
    QSignalSpy started(&controller, &TrainingController::started);
    QSignalSpy ended(&controller, &TrainingController::ended);
    QSignalSpy steps(&controller, &TrainingController::stepsReady);
    QSignalSpy epochs(&controller, &TrainingController::epochFinished);
    QVERIFY(!controller.hasRun());
    controller.start(smallSetup(1));
    QCOMPARE(started.count(), 1);
    QVERIFY(controller.isActive());
    QVERIFY(ended.wait(kWaitMs));
    QVERIFY(!controller.isActive());
    QVERIFY(controller.hasRun());  // the model stays for saving and export
    QCOMPARE(toString(controller.state()), toString(TrainingState::Finished));
    QVERIFY(steps.count() > 0);
    QCOMPARE(epochs.count(), 1);
  }

  void commandsWithoutARunAreIgnored() {
    TrainingController controller;
    controller.pause();
    controller.stop();
    controller.setBeta(2);
    controller.requestCapture();
    QCOMPARE(toString(controller.state()), toString(TrainingState::Idle));
    QVERIFY(!controller.isActive());
  }

  void aReplacedRunsQueuedSignalsNeverArrive() {
    TrainingController controller;
    controller.start(smallSetup(1000));
    QTRY_VERIFY_WITH_TIMEOUT(controller.state() == TrainingState::Running, kWaitMs);
    QTest::qWait(100);  // let it queue step batches
    QSignalSpy steps(&controller, &TrainingController::stepsReady);
    QSignalSpy ended(&controller, &TrainingController::ended);
    controller.shutdown();  // joins the thread: what it still had queued belongs to a replaced run
    QCOMPARE(ended.count(), 1);
    QVERIFY(!controller.hasRun());
    QTest::qWait(200);
    QCOMPARE(steps.count(), 0);
  }

  void startReplacesTheRunningRun() {
    TrainingController controller;
    controller.start(smallSetup(1000));
    // A guard, not the address: the next worker may be allocated where the first one was.
    QPointer<vae::TrainingWorker> first = controller.worker();
    QSignalSpy ended(&controller, &TrainingController::ended);
    controller.start(smallSetup(1));
    QCOMPARE(ended.count(), 1);  // the first ended before the second started
    QVERIFY(first.isNull());     // and its worker is gone
    QVERIFY(controller.worker() != nullptr);
    QVERIFY(ended.wait(kWaitMs));
    QCOMPARE(toString(controller.state()), toString(TrainingState::Finished));
  }
};

QTEST_MAIN(TestTrainingController)
#include "test_trainingcontroller.moc"
