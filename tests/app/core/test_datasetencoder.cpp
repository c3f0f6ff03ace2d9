#include "app/core/datasetencoder.h"
#include "app/core/latentdecoder.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/latenttools.h"
#include "model/trainer.h"

#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <cmath>

using vae::DatasetEncoder;
using vae::LatentCodesPtr;

namespace {
vae::DatasetSplit smallShapes(int64_t count = 600) {
  vae::ShapesOptions shapes;
  shapes.count = count;
  return vae::makeShapes(shapes);
}

std::unique_ptr<vae::Trainer> smallTrainer(const vae::DatasetSplit& data, int latent = 4) {
  vae::VaeConfig model;
  model.latentDim = latent;
  model.hiddenSizes = {32};
  vae::TrainConfig training;
  training.batchSize = 50;
  training.lr.lr = 3e-3;
  auto trainer = std::make_unique<vae::Trainer>(model, training, data);
  trainer->runEpoch();
  return trainer;
}
}  // namespace

class TestDatasetEncoder : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { qRegisterMetaType<LatentCodesPtr>("vae::LatentCodesPtr"); }

  // The codes are the model's own posterior means, with KL, labels and PCA axes derived from them.
  void encodeGivesTheModelsPosteriorMeans() {
    const vae::DatasetSplit data = smallShapes();
    auto trainer = smallTrainer(data);
    const vae::DecoderSnapshotPtr snapshot = vae::captureDecoderSnapshot(*trainer);
    vae::Vae model = vae::buildUntrainedModel(snapshot->config);
    const LatentCodesPtr codes = DatasetEncoder::encode(model, *snapshot, data.test);
    QCOMPARE(codes->count(), static_cast<int>(data.test.size()));
    QCOMPARE(codes->latentDim, 4);
    QCOMPARE(codes->step, trainer->globalStep());

    torch::NoGradGuard noGrad;
    trainer->model()->eval();
    const auto [mu, logvar] = trainer->model()->encode(data.test.floatImages(0, data.test.size()));
    const QVector<double> code7 = codes->code(7);
    for (int d = 0; d < 4; ++d) QVERIFY(std::abs(code7[d] - mu[7][d].item<double>()) < 1e-5);
    QCOMPARE(codes->labels[7], static_cast<int>(data.test.labels[7].item<int64_t>()));
    QCOMPARE(codes->classNames.size(), static_cast<qsizetype>(data.test.classNames.size()));

    const torch::Tensor kl = vae::klPerDimension({mu, logvar, {}});
    for (int d = 0; d < 4; ++d) QVERIFY(std::abs(codes->klPerDim[d] - kl[d].item<double>()) < 1e-4);
    QCOMPARE(codes->pcaAxes.size(), 4);  // min(kPcaAxes, latent dims)
    for (const QVector<double>& axis : codes->pcaAxes) {
      double norm = 0;
      for (double v : axis) norm += v * v;
      QVERIFY(std::abs(norm - 1.0) < 1e-6);
    }
    QVERIFY(codes->pcaVariances[0] >= codes->pcaVariances[1]);
  }

  // At most kMaxItems images: the scatter's point budget.
  void encodesAtMostTheFirstTenThousand() {
    const vae::DatasetSplit data = smallShapes(600);
    auto trainer = smallTrainer(data);
    const vae::DecoderSnapshotPtr snapshot = vae::captureDecoderSnapshot(*trainer);
    vae::Vae model = vae::buildUntrainedModel(snapshot->config);
    vae::Dataset many = data.train;
    many.images = data.train.images.repeat({25, 1, 1, 1});  // 500 training images x 25
    many.labels = data.train.labels.repeat({25});
    QVERIFY(many.size() > DatasetEncoder::kMaxItems);
    QCOMPARE(DatasetEncoder::encode(model, *snapshot, many)->count(), DatasetEncoder::kMaxItems);
  }

  // The background job delivers the same result to the GUI thread, with progress on the way.
  void requestDeliversOnTheCallersThread() {
    const vae::DatasetSplit data = smallShapes();
    auto trainer = smallTrainer(data);
    DatasetEncoder encoder;
    QSignalSpy finished(&encoder, &DatasetEncoder::finished);
    QSignalSpy progress(&encoder, &DatasetEncoder::progress);
    encoder.request(vae::captureDecoderSnapshot(*trainer), data.test);
    QVERIFY(encoder.isBusy());
    QVERIFY(finished.wait(20000));
    QVERIFY(!encoder.isBusy());
    const LatentCodesPtr codes = finished.takeFirst().at(0).value<LatentCodesPtr>();
    QVERIFY(codes);
    QCOMPARE(codes->count(), static_cast<int>(data.test.size()));
    QVERIFY(progress.count() >= 1);
    QCOMPARE(progress.last().at(0).toInt(), static_cast<int>(data.test.size()));
  }

  // Newest wins: of three quick requests the last one is delivered, the middle one never runs.
  void newestRequestWins() {
    const vae::DatasetSplit data = smallShapes();
    auto trainer = smallTrainer(data);
    DatasetEncoder encoder;
    QSignalSpy finished(&encoder, &DatasetEncoder::finished);
    auto first = vae::captureDecoderSnapshot(*trainer);
    trainer->runEpoch();
    auto second = vae::captureDecoderSnapshot(*trainer);
    trainer->runEpoch();
    auto third = vae::captureDecoderSnapshot(*trainer);
    encoder.request(first, data.test);
    encoder.request(second, data.test);
    encoder.request(third, data.test);
    QTRY_VERIFY_WITH_TIMEOUT(!encoder.isBusy(), 20000);
    QVERIFY(finished.count() >= 1 && finished.count() <= 2);
    QCOMPARE(finished.last().at(0).value<LatentCodesPtr>()->step, third->step);
    for (const QList<QVariant>& call : finished) QVERIFY(call.at(0).value<LatentCodesPtr>()->step != second->step);
  }

  // A dataset of another image size than the model is a clear failure, not a crash.
  void wrongImageShapeFailsWithAReason() {
    const vae::DatasetSplit data = smallShapes();
    auto trainer = smallTrainer(data);
    vae::ShapesOptions big;
    big.imageSize = 64;
    big.count = 60;
    const vae::DatasetSplit other = vae::makeShapes(big);
    DatasetEncoder encoder;
    QSignalSpy failed(&encoder, &DatasetEncoder::failed);
    QSignalSpy finished(&encoder, &DatasetEncoder::finished);
    encoder.request(vae::captureDecoderSnapshot(*trainer), other.test);
    QVERIFY(failed.wait(20000));
    const QString reason = failed.takeFirst().at(0).toString();
    QVERIFY2(reason.contains(QStringLiteral("64")) && reason.contains(QStringLiteral("28")), qPrintable(reason));
    QCOMPARE(finished.count(), 0);
  }

  // A cancelled job stops at its next batch boundary instead of encoding the rest: what lets cancel()
  // and the destructor return promptly. Counted in batches, not timed.
  void cancelledEncodeStopsAtTheNextBatch() {
    const vae::DatasetSplit data = smallShapes(6000);  // 5 000 training images: several batches
    auto trainer = smallTrainer(data);
    const vae::DecoderSnapshotPtr snapshot = vae::captureDecoderSnapshot(*trainer);
    vae::Vae model = vae::buildUntrainedModel(snapshot->config);
    std::atomic<bool> cancelled{false};
    QVector<qint64> done;
    bool stopped = false;
    try {
      DatasetEncoder::encode(model, *snapshot, data.train, &cancelled, [&](int64_t images, int64_t) {
        done << images;
        cancelled = true;  // as the destructor does, mid-job
      });
    } catch (...) {
      stopped = true;
    }
    QVERIFY(stopped);
    QCOMPARE(done.size(), 1);  // the first batch, and no other
    QVERIFY(done.first() < data.train.size());
  }

  // Destroying the encoder mid-job cancels and joins its thread (no result is delivered to a dead object).
  void destructionDuringAJobDoesNotHang() {
    const vae::DatasetSplit data = smallShapes(6000);
    auto trainer = smallTrainer(data);
    {
      DatasetEncoder encoder;
      encoder.request(vae::captureDecoderSnapshot(*trainer), data.train);
      QVERIFY(encoder.isBusy());
    }  // a hang here is caught by ctest's timeout
    QCoreApplication::processEvents();  // the job's queued result must find nothing to call
  }

  // A checkpoint's weights encode exactly like the live model they were saved from.
  void checkpointSnapshotMatchesTheTrainer() {
    const vae::DatasetSplit data = smallShapes();
    auto trainer = smallTrainer(data);
    const vae::Checkpoint checkpoint = vae::Checkpoint::capture(*trainer, "shapes");
    const vae::DecoderSnapshotPtr fromCheckpoint = DatasetEncoder::snapshotOf(checkpoint);
    vae::Vae model = vae::buildUntrainedModel(fromCheckpoint->config);
    const LatentCodesPtr a = DatasetEncoder::encode(model, *fromCheckpoint, data.test);
    const LatentCodesPtr b = DatasetEncoder::encode(model, *vae::captureDecoderSnapshot(*trainer), data.test);
    QCOMPARE(a->mu, b->mu);
    QCOMPARE(a->step, checkpoint.globalStep);
  }
};

QTEST_MAIN(TestDatasetEncoder)
#include "test_datasetencoder.moc"
