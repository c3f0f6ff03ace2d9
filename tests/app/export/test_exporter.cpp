#include "app/export/exporter.h"
#include "app/export/gifwriter.h"
#include "app/core/imageconversion.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include "tests/support/smallrun.h"

using vae::ExportError;
using vae::ExportKind;
using vae::ExportOptions;
using vae::Exporter;

namespace {
constexpr const char* kSpec = "shapes:28:600";

// A 4-dim model trained two epochs on the shapes set its checkpoint names (so test:N and codes load it).
vae::Checkpoint trainedCheckpoint() { return vae::test::trainedCheckpoint(kSpec, /*epochs=*/2, /*hidden=*/32, 3e-3); }

QImage decodeWith(const vae::Checkpoint& c, const QVector<double>& z) {
  vae::Vae model = c.makeModel();
  torch::NoGradGuard noGrad;
  const torch::Tensor t = torch::tensor(std::vector<float>(z.begin(), z.end())).unsqueeze(0);
  return vae::tensorToImage(model->decodeImages(t)[0]);
}

bool sameGray(const QImage& a, const QImage& b) {
  if (a.size() != b.size()) return false;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x)
      if (qGray(a.pixel(x, y)) != qGray(b.pixel(x, y))) return false;
  return true;
}

QStringList csvLines(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}
// True when a CSV field parses to exactly this float32 (QCOMPARE on floats is fuzzy).
bool readsBackAs(const QString& field, double float32Value) {
  bool ok = false;
  const float back = field.toFloat(&ok);
  return ok && back == static_cast<float>(float32Value) && static_cast<double>(back) == float32Value;
}
}  // namespace

class TestExporter : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    checkpoint_ = std::make_unique<vae::Checkpoint>(trainedCheckpoint());
    QVERIFY(dir_.isValid());
  }

  // The PNG's pixels are the decoded tensor, quantised, upscaled by whole pixels.
  void imagePixelsEqualTheDecodedTensor() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::Image;
    o.out = dir_.filePath("image.png");
    o.z = {0.5, -1.0, 0.25, 2.0};
    o.scale = 3;
    exporter.run(o);
    const QImage written(o.out);
    QCOMPARE(written.size(), QSize(84, 84));
    const QImage expected = decodeWith(*checkpoint_, o.z);
    QVERIFY(sameGray(written.scaled(28, 28, Qt::IgnoreAspectRatio, Qt::FastTransformation), expected));
    QCOMPARE(qGray(written.pixel(3 * 14 + 2, 3 * 9 + 1)), qGray(expected.pixel(14, 9)));
  }

  // The unlabelled grid's middle cell is the base z itself; the sheet has n x n cells.
  void gridCentreCellIsTheBaseZ() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::Grid;
    o.out = dir_.filePath("grid.png");
    o.axes = QStringLiteral("1,3");
    o.gridSize = 3;
    o.scale = 1;
    o.labels = false;
    o.z = {0.3, 0.0, -0.7, 0.0};
    exporter.run(o);
    const QImage sheet(o.out);
    // 6 px margins, 2 px gaps: 6 + 3*28 + 2*2 + 6.
    QCOMPARE(sheet.size(), QSize(100, 100));
    QVERIFY(sameGray(sheet.copy(6 + 30, 6 + 30, 28, 28), decodeWith(*checkpoint_, o.z)));
    // Top-left cell: axis 1 at -3, axis 3 at +3.
    QVERIFY(sameGray(sheet.copy(6, 6, 28, 28), decodeWith(*checkpoint_, {0.3, -3.0, -0.7, 3.0})));
  }

  // Traversal GIF: ping-pong frames over `steps` values, looping, delays from fps.
  void traversalGifHasThePingPongFrames() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::Traversal;
    o.out = dir_.filePath("traversal.gif");
    o.dims = {0, 2};
    o.steps = 5;
    o.fps = 10;
    o.labels = false;
    o.scale = 1;
    exporter.run(o);
    QFile file(o.out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const vae::DecodedGif gif = vae::decodeGif(file.readAll());
    QCOMPARE(gif.frames.size(), 2 * 5 - 2);
    QVERIFY(gif.loops);
    QCOMPARE(gif.delays.first(), 10);
    // Frame 0: both dims at -3, side by side; the first image is dim 0 at -3.
    const QImage first = gif.frames.first().copy(6, 6, 28, 28);
    QVERIFY(sameGray(first, decodeWith(*checkpoint_, {-3.0, 0.0, 0.0, 0.0})));
    QCOMPARE(gif.frames[1].size(), gif.frames[7].size());
    QVERIFY(sameGray(gif.frames[1], gif.frames[7]));  // the way back repeats the way out
  }

  // The training GIF has one frame per epoch: the fixed z decoded after that epoch.
  void trainingGifHasOneFramePerEpoch() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::TrainingGif;
    o.out = dir_.filePath("training.gif");
    o.scale = 1;
    o.labels = false;
    exporter.run(o);
    QFile file(o.out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const vae::DecodedGif gif = vae::decodeGif(file.readAll());
    QCOMPARE(gif.frames.size(), 2);
    const QVector<QImage> epoch2 = vae::tensorToImages(checkpoint_->history.epochImages[1].to(torch::kFloat32).div(255.0));
    QVERIFY(sameGray(gif.frames[1].copy(6, 6, 28, 28), epoch2[0]));
    QVERIFY(!sameGray(gif.frames[0], gif.frames[1]));
  }

  // History: one row per step with a header; the test loss on each epoch's last step.
  void historyCsvHasEveryStep() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::History;
    o.out = dir_.filePath("history.csv");
    exporter.run(o);
    const QStringList lines = csvLines(o.out);
    QCOMPARE(lines.first(), QStringLiteral("step,epoch,total,recon,kl,beta,lr,test"));
    QCOMPARE(lines.size(), static_cast<qsizetype>(checkpoint_->history.steps.size() + 1));
    const QStringList last = lines.last().split(QLatin1Char(','));
    QCOMPARE(last[0].toLongLong(), checkpoint_->history.steps.back().step);
    QVERIFY(std::abs(last[7].toDouble() - checkpoint_->history.epochs.back().testTotal) < 1e-3);
    QVERIFY(lines[1].endsWith(QLatin1Char(',')));  // no test loss mid-epoch
  }

  // Codes: mu and log sigma^2 of every test image, equal to the encoder's.
  void codesCsvMatchesTheEncoder() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::Codes;
    o.out = dir_.filePath("codes.csv");
    int64_t lastDone = 0, lastTotal = 0;
    vae::ExportHooks hooks;
    hooks.progress = [&](int64_t done, int64_t total) {
      lastDone = done;
      lastTotal = total;
    };
    exporter.run(o, hooks);
    const vae::DatasetSplit data = vae::loadDatasetSpec(kSpec);
    const QStringList lines = csvLines(o.out);
    QCOMPARE(lines.size(), static_cast<qsizetype>(data.test.size() + 1));
    QCOMPARE(lastDone, data.test.size());
    QCOMPARE(lastTotal, data.test.size());
    vae::Vae model = checkpoint_->makeModel();
    torch::NoGradGuard noGrad;
    const auto [mu, logvar] = model->encode(data.test.floatImages(7, 8));
    const QStringList row = lines[8].split(QLatin1Char(','));  // header + rows 0..7
    QCOMPARE(row[0], QStringLiteral("test"));
    QCOMPARE(row[1], QStringLiteral("7"));
    for (int d = 0; d < 4; ++d) {
      QVERIFY(std::abs(row[2 + d].toDouble() - mu[0][d].item<double>()) < 1e-4);
      QVERIFY(std::abs(row[6 + d].toDouble() - logvar[0][d].item<double>()) < 1e-4);
    }
    QCOMPARE(row[10].toLongLong(), data.test.labels[7].item<int64_t>());
  }

  // Every loss term and code the model computed in float32 reads back from the CSVs as the same float32.
  void csvNumbersHoldTheFloat32sExactly() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::History;
    o.out = dir_.filePath("history-exact.csv");
    exporter.run(o);
    const QStringList history = csvLines(o.out);
    const std::vector<vae::StepRecord>& steps = checkpoint_->history.steps;
    QCOMPARE(history.size(), static_cast<qsizetype>(steps.size() + 1));
    for (size_t i = 0; i < steps.size(); ++i) {
      const QStringList row = history[static_cast<qsizetype>(i + 1)].split(QLatin1Char(','));
      QVERIFY2(readsBackAs(row[2], steps[i].total), qPrintable(row[2]));
      QVERIFY2(readsBackAs(row[3], steps[i].recon), qPrintable(row[3]));
      QVERIFY2(readsBackAs(row[4], steps[i].kl), qPrintable(row[4]));
    }
    o.kind = ExportKind::Codes;
    o.out = dir_.filePath("codes-exact.csv");
    exporter.run(o);
    const QStringList codes = csvLines(o.out);
    const vae::DatasetSplit data = vae::loadDatasetSpec(kSpec);
    vae::Vae model = checkpoint_->makeModel();
    torch::NoGradGuard noGrad;
    // The whole test split in one batch, as the exporter encodes it (a GEMM of another shape may round
    // differently in the last bit).
    const auto [mu, logvar] = model->encode(data.test.floatImages(0, data.test.size()));
    QCOMPARE(codes.size(), static_cast<qsizetype>(data.test.size() + 1));
    for (int64_t i = 0; i < data.test.size(); ++i) {
      const QStringList row = codes[static_cast<qsizetype>(i + 1)].split(QLatin1Char(','));
      for (int d = 0; d < 4; ++d) {
        QVERIFY2(readsBackAs(row[2 + d], mu[i][d].item<float>()), qPrintable(row[2 + d]));
        QVERIFY2(readsBackAs(row[6 + d], logvar[i][d].item<float>()), qPrintable(row[6 + d]));
      }
    }
  }

  // A cancelled export writes nothing and leaves no temp file.
  void cancelledCodesWriteNothing() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::Codes;
    o.split = QStringLiteral("all");
    o.out = dir_.filePath("cancelled.csv");
    std::atomic<bool> cancelled{true};
    vae::ExportHooks hooks;
    hooks.cancelled = &cancelled;
    QVERIFY_THROWS_EXCEPTION(ExportError, exporter.run(o, hooks));
    QVERIFY(!QFile::exists(o.out));
  }

  // Refusals name the problem; an existing file is not touched.
  void refusalsAreClearAndLeaveFilesAlone() {
    Exporter exporter(*checkpoint_);
    ExportOptions o;
    o.kind = ExportKind::Image;
    o.out = dir_.filePath("kept.png");
    QFile kept(o.out);
    QVERIFY(kept.open(QIODevice::WriteOnly));
    kept.write("old contents");
    kept.close();
    auto message = [&](const ExportOptions& options) {
      try {
        exporter.run(options);
      } catch (const ExportError& e) {
        return QString::fromStdString(e.what());
      }
      return QString();
    };
    o.z = {1.0, 2.0};
    QVERIFY(message(o).contains(QStringLiteral("2 values, the model's latent space has 4")));
    o.z.clear();
    o.kind = ExportKind::Grid;
    o.axes = QStringLiteral("0,4");
    QVERIFY(message(o).contains(QStringLiteral("unknown dimension")));
    o.kind = ExportKind::History;
    QVERIFY(message(o).contains(QStringLiteral("history exports as .csv")));
    QFile check(o.out);
    QVERIFY(check.open(QIODevice::ReadOnly));
    QCOMPARE(check.readAll(), QByteArray("old contents"));
    ExportOptions unwritable;
    unwritable.out = dir_.filePath("missing/dir/x.png");
    QVERIFY(message(unwritable).startsWith(unwritable.out));
  }

 private:
  std::unique_ptr<vae::Checkpoint> checkpoint_;
  QTemporaryDir dir_;
};

QTEST_MAIN(TestExporter)
#include "test_exporter.moc"
