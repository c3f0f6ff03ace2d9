// LatentDecoder on the GUI thread: decodes exactly what the training model would, follows newer
// snapshots (live weights), lays grids out top-down, and rejects latent vectors of the wrong length.

#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"

#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

using namespace vae;

namespace {
// The test model: small enough to train a few steps in well under a second.
constexpr int64_t kLatentDim = 4;
// 600 shapes minus the 1/6 test split = 500 training images; 25 per batch = 20 steps per epoch, so
// every step() below stays inside the first epoch.
constexpr int64_t kBatchSize = 25;
// Steps between two snapshots: enough for Adam to move every decoder weight visibly.
constexpr int kStepsPerRound = 5;
// Images decoded from different batch sizes may differ by one grey level: BLAS uses different kernels
// (gemv for one row, gemm for many), so the last float bit, and then a byte rounding, can differ.
constexpr int kBatchTolerance = 1;

VaeConfig testModelConfig() {
  VaeConfig c;
  c.architecture = Architecture::Mlp;
  c.channels = 1;
  c.height = 28;
  c.width = 28;
  c.latentDim = kLatentDim;
  c.hiddenSizes = {32};
  return c;
}

// Built the way TrainingWorker publishes it.
DecoderSnapshotPtr snapshotOf(const Trainer& trainer) { return captureDecoderSnapshot(trainer); }

torch::Tensor zRow(const QVector<double>& z) {
  return torch::tensor(std::vector<double>(z.begin(), z.end()), torch::kFloat64).to(torch::kFloat32).unsqueeze(0);
}

// The reference: the training model's own decodeImages, converted with imageconversion.
QImage trainerDecode(Trainer& trainer, const QVector<double>& z) {
  return tensorToImage(trainer.model()->decodeImages(zRow(z))[0]);
}

// Largest per-pixel difference in grey levels (images must match in size and format).
int maxPixelDiff(const QImage& a, const QImage& b) {
  if (a.size() != b.size() || a.format() != b.format()) return 256;
  int worst = 0;
  const int rowBytes = a.bytesPerLine() < b.bytesPerLine() ? a.bytesPerLine() : b.bytesPerLine();
  const int used = std::min(rowBytes, a.width() * (a.depth() / 8));
  for (int y = 0; y < a.height(); ++y) {
    const uchar* pa = a.constScanLine(y);
    const uchar* pb = b.constScanLine(y);
    for (int x = 0; x < used; ++x) worst = std::max(worst, std::abs(int(pa[x]) - int(pb[x])));
  }
  return worst;
}

QVector<double> with(QVector<double> z, int dim, double value) {
  z[dim] = value;
  return z;
}

}  // namespace

class TestLatentDecoder : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<Trainer> trainer_;
  // A fixed z that decodes to something other than the average image.
  const QVector<double> z_{0.5, -1.0, 0.25, 1.5};

  void trainSteps(int steps) {
    for (int i = 0; i < steps; ++i) QVERIFY(trainer_->step());
  }

 private Q_SLOTS:
  void initTestCase() {
    ShapesOptions shapes;
    shapes.count = 600;
    TrainConfig train;
    train.batchSize = kBatchSize;
    train.epochs = 100;
    train.seed = 3;
    trainer_ = std::make_unique<Trainer>(testModelConfig(), train, makeShapes(shapes));
    trainSteps(kStepsPerRound);
  }

  void startsWithoutModel() {
    LatentDecoder decoder;
    QVERIFY(!decoder.hasModel());
    QCOMPARE(decoder.latentDim(), 0);
    QVERIFY_THROWS_EXCEPTION(std::logic_error, decoder.decode(z_));
  }

  void snapshotDecodesLikeTheTrainingModel() {
    const DecoderSnapshotPtr snapshot = snapshotOf(*trainer_);
    LatentDecoder decoder;
    decoder.setSnapshot(snapshot);
    QVERIFY(decoder.hasModel());
    QCOMPARE(decoder.latentDim(), static_cast<int>(kLatentDim));
    QCOMPARE(decoder.step(), static_cast<qint64>(trainer_->globalStep()));
    const QImage image = decoder.decode(z_);
    QCOMPARE(image.size(), QSize(28, 28));
    QCOMPARE(image, trainerDecode(*trainer_, z_));
  }

  void changingZChangesThePixels() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    QVERIFY(maxPixelDiff(decoder.decode(z_), decoder.decode(with(z_, 3, -2.0))) > 0);
  }

  // Live weights: a newer snapshot of the same config is copied in place and changes what z decodes to.
  void newerSnapshotChangesTheImage() {
    LatentDecoder decoder;
    QSignalSpy changed(&decoder, &LatentDecoder::modelChanged);
    decoder.setSnapshot(snapshotOf(*trainer_));
    const qint64 firstStep = trainer_->globalStep();
    const QImage before = decoder.decode(z_);

    trainSteps(kStepsPerRound);
    const DecoderSnapshotPtr newer = snapshotOf(*trainer_);
    decoder.setSnapshot(newer);

    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(0).at(0).value<qint64>(), firstStep);
    QCOMPARE(changed.at(1).at(0).value<qint64>(), newer->step);
    QCOMPARE(decoder.step(), newer->step);
    const QImage after = decoder.decode(z_);
    QVERIFY(maxPixelDiff(before, after) > 0);
    QCOMPARE(after, trainerDecode(*trainer_, z_));
  }

  // The decoder holds a copy: training on without a new snapshot leaves its images alone.
  void decoderIsIndependentOfTheTrainingModel() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QImage before = decoder.decode(z_);
    trainSteps(kStepsPerRound);
    QCOMPARE(decoder.decode(z_), before);
    QVERIFY(maxPixelDiff(before, trainerDecode(*trainer_, z_)) > 0);
  }

  void newConfigRebuildsTheModel() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    VaeConfig other = testModelConfig();
    other.latentDim = 3;
    Vae model(other);
    auto snapshot = std::make_shared<DecoderSnapshot>();
    snapshot->config = other;
    snapshot->step = 7;
    for (const auto& item : model->named_parameters()) snapshot->parameters.push_back(item.value().detach().clone());
    decoder.setSnapshot(snapshot);
    QCOMPARE(decoder.latentDim(), 3);
    QCOMPARE(decoder.step(), qint64(7));
    QCOMPARE(decoder.decode({0.1, 0.2, 0.3}), tensorToImage(model->decodeImages(zRow({0.1, 0.2, 0.3}))[0]));
  }

  void mismatchedParametersAreRefused() {
    LatentDecoder decoder;
    const DecoderSnapshotPtr good = snapshotOf(*trainer_);
    decoder.setSnapshot(good);
    const QImage before = decoder.decode(z_);
    auto bad = std::make_shared<DecoderSnapshot>(*good);
    bad->parameters.pop_back();
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.setSnapshot(bad));
    QCOMPARE(decoder.decode(z_), before);  // untouched
  }

  void checkpointDecodesLikeTheTrainingModel() {
    const Checkpoint checkpoint = Checkpoint::capture(*trainer_, "shapes:28:600");
    LatentDecoder decoder;
    QSignalSpy changed(&decoder, &LatentDecoder::modelChanged);
    decoder.setCheckpoint(checkpoint);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(decoder.step(), static_cast<qint64>(checkpoint.globalStep));
    QCOMPARE(decoder.decode(z_), trainerDecode(*trainer_, z_));
  }

  void decodeBatchMatchesSingleDecodes() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QVector<QVector<double>> zs{z_, with(z_, 0, 2.0), with(z_, 1, -2.0)};
    const QVector<QImage> images = decoder.decodeBatch(zs);
    QCOMPARE(images.size(), zs.size());
    for (int i = 0; i < zs.size(); ++i) QVERIFY(maxPixelDiff(images[i], decoder.decode(zs[i])) <= kBatchTolerance);
    // The batched byte conversion matches imageconversion's per-image one exactly.
    const QVector<QImage> reference =
        tensorToImages(trainer_->model()->decodeImages(torch::cat({zRow(zs[0]), zRow(zs[1]), zRow(zs[2])})));
    QCOMPARE(images, reference);
    QCOMPARE(decoder.decodeTensor(torch::cat({zRow(zs[0]), zRow(zs[1]), zRow(zs[2])}).to(torch::kFloat64)), reference);
    QVERIFY(decoder.decodeBatch({}).isEmpty());
  }

  void grid_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<double>("centerX");
    QTest::addColumn<double>("centerY");
    QTest::newRow("5x5 at the origin") << 5 << 0.0 << 0.0;
    QTest::newRow("7x7 shifted") << 7 << 1.0 << -0.5;
    QTest::newRow("4x4 (even)") << 4 << 0.0 << 0.0;
  }
  // Row 0 is the top (+span on Y), column 0 the left (-span on X); offsets are added to base.
  void grid() {
    QFETCH(int, n);
    QFETCH(double, centerX);
    QFETCH(double, centerY);
    constexpr int kAxisX = 1, kAxisY = 3;
    constexpr double kSpan = 2.0;
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QVector<QImage> cells = decoder.decodeGrid(z_, kAxisX, kAxisY, n, kSpan, centerX, centerY);
    QCOMPARE(cells.size(), n * n);

    const auto at = [&](double dx, double dy) {
      return with(with(z_, kAxisX, z_[kAxisX] + centerX + dx), kAxisY, z_[kAxisY] + centerY + dy);
    };
    QVERIFY(maxPixelDiff(cells.front(), decoder.decode(at(-kSpan, +kSpan))) <= kBatchTolerance);
    QVERIFY(maxPixelDiff(cells[n - 1], decoder.decode(at(+kSpan, +kSpan))) <= kBatchTolerance);
    QVERIFY(maxPixelDiff(cells.back(), decoder.decode(at(+kSpan, -kSpan))) <= kBatchTolerance);
    if (n % 2 == 1) QVERIFY(maxPixelDiff(cells[n * n / 2], decoder.decode(at(0, 0))) <= kBatchTolerance);
    if (n % 2 == 1 && centerX == 0 && centerY == 0) QVERIFY(maxPixelDiff(cells[n * n / 2], decoder.decode(z_)) <= kBatchTolerance);
  }

  // Unit directions along two plain dims give the same grid as the plain-dimension overload.
  void gridAlongDirectionsMatchesPlainGrid() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QVector<double> ex{0, 1, 0, 0}, ey{0, 0, 0, 2};  // dirY is normalised by the decoder
    const QVector<QImage> plain = decoder.decodeGrid(z_, 1, 3, 5, 1.5, 0.5, -1.0);
    const QVector<QImage> along = decoder.decodeGridAlong(z_, ex, ey, 5, 1.5, 0.5, -1.0);
    QCOMPARE(along.size(), plain.size());
    for (int i = 0; i < plain.size(); ++i) QVERIFY(maxPixelDiff(along[i], plain[i]) <= kBatchTolerance);
  }

  void traversalEndpoints() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QVector<QImage> row = decoder.traversal(z_, 2, 7, 2.5);
    QCOMPARE(row.size(), 7);
    // latenttools' traversal sweeps the absolute value of the dimension, the rest held at base.
    QVERIFY(maxPixelDiff(row.front(), decoder.decode(with(z_, 2, -2.5))) <= kBatchTolerance);
    QVERIFY(maxPixelDiff(row.back(), decoder.decode(with(z_, 2, +2.5))) <= kBatchTolerance);
  }

  void interpolateEndpoints_data() {
    QTest::addColumn<bool>("spherical");
    QTest::newRow("lerp") << false;
    QTest::newRow("slerp") << true;
  }
  void interpolateEndpoints() {
    QFETCH(bool, spherical);
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QVector<double> a{-1.0, 0.5, 2.0, 0.0}, b{1.5, -0.5, -1.0, 1.0};
    const QVector<QImage> images = decoder.interpolate(a, b, 6, spherical);
    QCOMPARE(images.size(), 6);
    QVERIFY(maxPixelDiff(images.front(), decoder.decode(a)) <= kBatchTolerance);
    QVERIFY(maxPixelDiff(images.back(), decoder.decode(b)) <= kBatchTolerance);
    QVERIFY(maxPixelDiff(images.front(), images.back()) > 0);
  }

  void encodeReturnsTheModelsMu() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QImage image = tensorToImage(trainer_->data().test.floatImage(0));
    const QVector<double> mu = decoder.encode(image);
    QCOMPARE(mu.size(), static_cast<int>(kLatentDim));
    torch::NoGradGuard noGrad;
    const torch::Tensor expected = trainer_->model()->encode(imageToTensor(image, 1, 28, 28).unsqueeze(0)).first[0];
    for (int i = 0; i < mu.size(); ++i) QVERIFY(std::abs(mu[i] - expected[i].item<double>()) < 1e-5);
    // An image of another size is resized to the model's 28x28 rather than refused.
    QCOMPARE(decoder.encode(image.scaled(56, 56)).size(), static_cast<int>(kLatentDim));
  }

  void wrongLatentLengthThrows() {
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(*trainer_));
    const QVector<double> short3{0, 0, 0};
    try {
      decoder.decode(short3);
      QFAIL("decode accepted a 3-value z for a 4-dim model");
    } catch (const std::invalid_argument& e) {
      const QString reason = QString::fromUtf8(e.what());
      QVERIFY2(!reason.contains('\n'), qPrintable(reason));  // one line for the status bar
      QVERIFY2(reason.contains("latent dim is 4"), qPrintable(reason));
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.decodeBatch({z_, short3}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.decodeGrid(short3, 0, 1, 3, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.decodeGrid(z_, 0, 4, 3, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.decodeGridAlong(z_, z_, short3, 3, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.traversal(short3, 0, 5, 1.0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.interpolate(z_, short3, 5, false));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.decode({0, std::nan(""), 0, 0}));
  }

  // The constructor pins its thread to one torch thread, and that survives another thread (the
  // training worker) setting its own count afterwards - even if this thread had not yet run a parallel op.
  void decoderThreadKeepsOneTorchThread() {
    int before = -1, after = -1;
    std::unique_ptr<QThread> gui(QThread::create([&] {
      LatentDecoder decoder;
      before = at::get_num_threads();
      std::unique_ptr<QThread> worker(QThread::create([] { at::set_num_threads(2); }));
      worker->start();
      worker->wait();
      decoder.setSnapshot(snapshotOf(*trainer_));
      decoder.decode(z_);
      after = at::get_num_threads();
    }));
    gui->start();
    QVERIFY(gui->wait(30000));
    QCOMPARE(before, 1);
    QCOMPARE(after, 1);
  }

  // A cvae (issue 19): every decode uses the chosen class (0 until one is picked), decodeEveryClass draws one z as each
  // class side by side, encode takes a class, and a class out of range is refused with one line. A model with
  // fewer classes, or none, takes the decoder back to class 0.
  void conditionalDecodesTheChosenClass() {
    VaeConfig config = testModelConfig();
    config.kind = ModelKind::Conditional;
    Trainer cvae(config, TrainConfig{}, loadDatasetSpec("shapes:28:600"));
    for (int i = 0; i < kStepsPerRound; ++i) cvae.step();
    cvae.model()->eval();
    LatentDecoder decoder;
    decoder.setSnapshot(snapshotOf(cvae));
    QCOMPARE(decoder.classCount(), 3);
    QCOMPARE(decoder.classIndex(), 0);
    const QVector<double> z = {0.4, -1.0, 0.7, 0.0};
    const auto asClass = [&](int64_t k, const QVector<double>& at) {
      return tensorToImage(cvae.model()->decodeImages(zRow(at), torch::full({1}, k, torch::kLong))[0]);
    };
    QVERIFY(maxPixelDiff(decoder.decode(z), asClass(0, z)) <= kBatchTolerance);
    const QVector<QImage> every = decoder.decodeEveryClass(z);
    QCOMPARE(every.size(), 3);
    for (int k = 0; k < 3; ++k) QVERIFY(maxPixelDiff(every[k], asClass(k, z)) <= kBatchTolerance);
    QVERIFY(maxPixelDiff(every[0], every[2]) > 0);  // the class changes the picture
    decoder.setClassIndex(2);
    QVERIFY(maxPixelDiff(decoder.decode(z), asClass(2, z)) <= kBatchTolerance);
    const QVector<QImage> strip = decoder.traversal(z, 1, 3, 2.0);
    QCOMPARE(strip.size(), 3);
    // The middle step sets z1 to 0 and holds the rest, drawn as class 2.
    QVERIFY(maxPixelDiff(strip[1], asClass(2, {0.4, 0.0, 0.7, 0.0})) <= kBatchTolerance);
    QCOMPARE(decoder.encode(every[0], 1).size(), 4);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.setClassIndex(3));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.encode(every[0], 3));
    QCOMPARE(decoder.classIndex(), 2);
    decoder.setSnapshot(snapshotOf(*trainer_));  // a VAE: no classes, one image per z, class back to 0
    QCOMPARE(decoder.classCount(), 0);
    QCOMPARE(decoder.classIndex(), 0);
    QCOMPARE(decoder.decodeEveryClass(z_).size(), 1);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decoder.setClassIndex(1));
  }
};

QTEST_MAIN(TestLatentDecoder)
#include "test_latentdecoder.moc"
