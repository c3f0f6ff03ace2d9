// Issue 19 in the window: the log-likelihood estimate runs on LikelihoodRunner's thread, gives the model function's
// number, stops on Cancel, and the dialog shows the result.
#include "app/core/likelihoodrunner.h"
#include "app/core/rundocument.h"
#include "app/core/trainingcontroller.h"
#include "app/gui/likelihoodaction.h"
#include "app/gui/likelihooddialog.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/loglikelihood.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QAction>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/smallrun.h"

namespace {
constexpr const char* kSpec = "shapes:28:600";
// The estimate runs on its own thread beside whatever else the CI machine's 2 cores do.
constexpr int kWaitMs = 30000;

vae::CheckpointPtr trainedCheckpoint() {
  return std::make_shared<const vae::Checkpoint>(vae::test::trainedCheckpoint(kSpec, /*epochs=*/1));
}

std::shared_ptr<const vae::DatasetSplit> data() {
  return std::make_shared<const vae::DatasetSplit>(vae::loadDatasetSpec(kSpec));
}
}  // namespace

class TestLikelihoodDialog : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    checkpoint_ = trainedCheckpoint();
    data_ = data();
  }

  void runnerGivesTheModelFunctionsNumber() {
    vae::LikelihoodRunner runner(checkpoint_, data_);
    QSignalSpy done(&runner, &vae::LikelihoodRunner::estimated);
    QSignalSpy progress(&runner, &vae::LikelihoodRunner::progress);
    vae::LikelihoodRequest request;
    request.options.samples = 20;
    request.options.seed = 5;
    QVERIFY(runner.startEstimate(request));
    QVERIFY(!runner.startEstimate(request));  // one at a time
    QVERIFY(done.wait(kWaitMs));
    const auto got = done.first().first().value<vae::LogLikelihoodEstimate>();
    vae::Vae model = checkpoint_->makeModel();
    const vae::LogLikelihoodEstimate want = *vae::estimateLogLikelihood(model, data_->test, request.options);
    QCOMPARE(got.images, data_->test.size());
    QVERIFY2(std::abs(got.negLogLikelihood - want.negLogLikelihood) < 1e-6,
             qPrintable(QStringLiteral("%1 vs %2").arg(got.negLogLikelihood).arg(want.negLogLikelihood)));
    QVERIFY(std::abs(got.negElbo - want.negElbo) < 1e-6);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), data_->test.size());
    QVERIFY(!runner.isEstimating());
  }

  void cancelStopsIt() {
    vae::LikelihoodRunner runner(checkpoint_, data_);
    QSignalSpy cancelled(&runner, &vae::LikelihoodRunner::estimateCancelled);
    QSignalSpy done(&runner, &vae::LikelihoodRunner::estimated);
    QSignalSpy progress(&runner, &vae::LikelihoodRunner::progress);
    vae::LikelihoodRequest request;
    request.options.samples = 20000;  // a minute or more: it must be cut short
    QVERIFY(runner.startEstimate(request));
    QVERIFY(progress.wait(kWaitMs));
    runner.cancelEstimate();
    QVERIFY(cancelled.wait(kWaitMs));
    QVERIFY(done.isEmpty());
    QVERIFY(progress.last().at(0).toLongLong() < data_->test.size());
    // And it runs again afterwards.
    request.options.samples = 2;
    QVERIFY(runner.startEstimate(request));
    QVERIFY(done.wait(kWaitMs));
  }

  void anAutoencoderFailsWithTheReason() {
    vae::Checkpoint ae = *checkpoint_;
    ae.modelConfig.kind = vae::ModelKind::Autoencoder;
    vae::LikelihoodRunner runner(std::make_shared<const vae::Checkpoint>(ae), data_);
    QSignalSpy failed(&runner, &vae::LikelihoodRunner::estimateFailed);
    QVERIFY(runner.startEstimate({}));
    QVERIFY(failed.wait(kWaitMs));
    QVERIFY2(failed.first().first().toString().contains(QLatin1String("no likelihood bound")),
             qPrintable(failed.first().first().toString()));
  }

  void dialogShowsTheResult() {
    vae::LikelihoodDialog dialog(checkpoint_, data_, /*threads=*/1);
    dialog.show();
    QCOMPARE(dialog.samplesBox()->value(), vae::LikelihoodDialog::kDefaultSamples);
    QVERIFY(!dialog.cancelButton()->isEnabled());
    dialog.samplesBox()->setValue(10);
    QSignalSpy estimated(&dialog, &vae::LikelihoodDialog::estimated);
    QTest::mouseClick(dialog.estimateButton(), Qt::LeftButton);
    QVERIFY(!dialog.estimateButton()->isEnabled());
    QVERIFY(dialog.cancelButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(dialog.resultLabel()->text().contains(QLatin1String("nats per image")), kWaitMs);
    QCOMPARE(estimated.size(), 1);
    QVERIFY(dialog.resultLabel()->text().contains(QLatin1String("K = 10")));
    QCOMPARE(dialog.progressBar()->value(), dialog.progressBar()->maximum());
    QVERIFY(dialog.estimateButton()->isEnabled());
  }

  void dialogCancels() {
    vae::LikelihoodDialog dialog(checkpoint_, data_, /*threads=*/1);
    dialog.show();
    dialog.samplesBox()->setValue(100000);
    QSignalSpy progress(dialog.runner(), &vae::LikelihoodRunner::progress);
    QTest::mouseClick(dialog.estimateButton(), Qt::LeftButton);
    QVERIFY(progress.wait(kWaitMs));
    QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.estimateButton()->isEnabled(), kWaitMs);
    QVERIFY(!dialog.resultLabel()->text().contains(QLatin1String("nats per image")));
  }

  // The action follows the model: none, an opened VAE (enabled), an opened autoencoder (disabled, saying why).
  void actionIsForVaesOnly() {
    QWidget window;
    vae::TrainingController training;
    vae::RunDocument document(&training);
    vae::LikelihoodAction action(&training, &document, &window);
    QVERIFY(!action.action()->isEnabled());
    QTemporaryDir dir;
    vae::VaeConfig config = vae::test::smallModel(/*latent=*/4, /*hidden=*/32);
    config.kind = vae::ModelKind::Autoencoder;
    vae::Trainer trainer(config, vae::test::smallTraining(/*epochs=*/1), vae::loadDatasetSpec(kSpec));
    trainer.run();
    const vae::Checkpoint ae = vae::Checkpoint::capture(trainer, kSpec);
    const QString aePath = dir.filePath(QStringLiteral("ae.vaestudio"));
    const QString vaePath = dir.filePath(QStringLiteral("vae.vaestudio"));
    ae.save(aePath.toStdString());
    checkpoint_->save(vaePath.toStdString());
    QSignalSpy opened(&document, &vae::RunDocument::opened);
    document.open(vaePath, vaePath, false);
    QVERIFY(opened.wait(kWaitMs));
    QVERIFY(action.action()->isEnabled());
    document.open(aePath, aePath, false);
    QVERIFY(opened.wait(kWaitMs));
    QVERIFY(!action.action()->isEnabled());
    QVERIFY2(action.action()->toolTip().contains(QLatin1String("autoencoder")), qPrintable(action.action()->toolTip()));
  }

 private:
  vae::CheckpointPtr checkpoint_;
  std::shared_ptr<const vae::DatasetSplit> data_;
};

QTEST_MAIN(TestLikelihoodDialog)
#include "test_likelihooddialog.moc"
