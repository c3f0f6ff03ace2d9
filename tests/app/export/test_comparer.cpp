// Comparing runs (issue 18): a VAE and a plain autoencoder trained on the same shapes, side by side. The table's
// figures are the definitions they claim; every picture has a column or row per run; bad runs and options are
// refused before anything is written.
#include "app/export/comparer.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/heldoutelbo.h"
#include "model/trainer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include <numeric>

#include <nlohmann/json.hpp>

#include "tests/support/smallrun.h"

using vae::CompareOptions;
using vae::CompareRun;
using vae::CompareWhat;
using vae::Comparer;
using vae::ExportError;

namespace {
constexpr const char* kSpec = "shapes:28:600";

CompareRun trainedRun(const QString& name, vae::ModelKind kind, int64_t latent = 4, int64_t side = 28) {
  vae::VaeConfig model = vae::test::smallModel(latent, 32);
  model.kind = kind;
  model.height = model.width = side;
  const std::string spec = "shapes:" + std::to_string(side) + ":600";
  vae::Trainer trainer(model, vae::test::smallTraining(2), vae::loadDatasetSpec(spec));
  trainer.run();
  return {name, name + QStringLiteral(".vaestudio"), vae::Checkpoint::capture(trainer, spec)};
}
}  // namespace

class TestComparer : public QObject {
  Q_OBJECT

  CompareRun vae_, ae_;
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    vae_ = trainedRun(QStringLiteral("vae"), vae::ModelKind::Vae);
    ae_ = trainedRun(QStringLiteral("ae"), vae::ModelKind::Autoencoder);
    QVERIFY(dir_.isValid());
  }

  void takesTwoToFourRuns() {
    QVERIFY_THROWS_EXCEPTION(ExportError, Comparer({vae_}));
    QVERIFY_THROWS_EXCEPTION(ExportError, Comparer({vae_, ae_, vae_, ae_, vae_}));
    Comparer four({vae_, ae_, vae_, ae_});
    QCOMPARE(four.curves().size(), 4);
  }

  // Each row is what it says: the VAE's −ELBO is recon + KL and its KL the heldOutElbo one; the autoencoder has
  // no KL and no ELBO and counts active units by its codes' spread.
  void tableRowsFollowTheirDefinitions() {
    Comparer comparer({vae_, ae_});
    const QVector<vae::CompareRow> rows = comparer.table({});
    QCOMPARE(rows.size(), 2);
    const vae::CompareRow& v = rows[0];
    const vae::CompareRow& a = rows[1];
    QCOMPARE(v.kind, QStringLiteral("vae"));
    QCOMPARE(a.kind, QStringLiteral("autoencoder"));
    QVERIFY(v.negElbo.has_value());
    QVERIFY(std::abs(*v.negElbo - (v.recon + v.kl)) < 1e-5 * *v.negElbo);  // float32 batch sums
    QVERIFY(v.kl > 0);
    QVERIFY(!a.negElbo.has_value());
    QCOMPARE(a.kl, 0.0);
    QVERIFY(a.activeRule.startsWith(QStringLiteral("code variance")));
    QVERIFY(v.activeRule.startsWith(QStringLiteral("KL")));
    QCOMPARE(v.images, vae::loadDatasetSpec(kSpec).test.size());
    // The autoencoder's reconstruction is its loss on the test images, z = its code.
    vae::Vae model = ae_.checkpoint.makeModel();
    const auto want = vae::heldOutElbo(model, vae::loadDatasetSpec(kSpec).test,
                                       [](int64_t, int64_t rows) { return torch::zeros({rows, 4}); }, 1000);
    QVERIFY(std::abs(a.recon - want.recon) < 1e-4 * want.recon);
    QVERIFY(std::isfinite(v.aggregateKl) && v.aggregateKl >= 0);
    // Per dimension, for the sliders: the VAE's KL sums to its row's KL; the autoencoder's codes' spread counts
    // the same active units as the row.
    QCOMPARE(v.klPerDim.size(), 4);
    QVERIFY(std::abs(std::accumulate(v.klPerDim.cbegin(), v.klPerDim.cend(), 0.0) - v.kl) < 0.05 * v.kl + 0.05);
    QVERIFY(v.dimensionReport().klApplies);
    QCOMPARE(a.codeSd.size(), 4);
    QVERIFY(!a.dimensionReport().klApplies);
    QCOMPARE(a.dimensionReport().activeCount, a.activeUnits);
  }

  // Every run's scatter shares one window that holds all their codes: the prior's ±3 unless an autoencoder's codes
  // reach further (they once fell off the picture).
  void scattersShareAWindowHoldingEveryCode() {
    vae::CompareScatter inside, outside;
    inside.points = {{0.5, -2.0}, {1.0, 2.5}};
    outside.points = {{-13.2, 4.0}, {2.0, 9.0}};
    QCOMPARE(Comparer::sharedScatterSpan({inside}, 3.0), 3.0);
    QCOMPARE(Comparer::sharedScatterSpan({inside, outside}, 3.0), 14.0);
    QCOMPARE(Comparer::sharedScatterSpan({}, 3.0), 3.0);
  }

  // A repeated name gets its position; distinct names are left alone.
  void distinctRunNamesNumberRepeats() {
    QCOMPARE(vae::distinctRunNames({"vae", "ae", "vae", "vae"}), (QStringList{"vae", "ae", "vae (3)", "vae (4)"}));
    QCOMPARE(vae::distinctRunNames({"a", "b"}), (QStringList{"a", "b"}));
  }

  void tableAsCsvAndJson() {
    Comparer comparer({vae_, ae_});
    for (const char* name : {"table.csv", "table.json"}) {
      CompareOptions o;
      o.out = dir_.filePath(QString::fromLatin1(name));
      QVERIFY(comparer.run(o).startsWith(QStringLiteral("wrote ")));
      QFile file(o.out);
      QVERIFY(file.open(QIODevice::ReadOnly));
      const QByteArray bytes = file.readAll();
      if (o.out.endsWith(QLatin1String(".csv"))) {
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[2].startsWith("\"ae\",autoencoder,4,"));
        QCOMPARE(lines[2].split(',')[6], QByteArray());  // no −ELBO for the autoencoder
      } else {
        const auto json = nlohmann::json::parse(bytes.toStdString());
        QCOMPARE(json.size(), size_t{2});
        QVERIFY(json[1]["test_neg_elbo_nats"].is_null());
        QVERIFY(json[0]["test_neg_elbo_nats"].is_number());
      }
    }
  }

  // Side by side: a column per run (samples, grid, scatter), a row per run (interpolation).
  void picturesHaveAPlacePerRun() {
    Comparer two({vae_, ae_});
    Comparer three({vae_, ae_, vae_});
    for (CompareWhat what : {CompareWhat::Samples, CompareWhat::Grid, CompareWhat::Scatter, CompareWhat::Interpolation}) {
      CompareOptions o;
      o.what = what;
      const QImage a = two.renderImage(o), b = three.renderImage(o);
      QVERIFY2(!a.isNull() && !b.isNull(), qPrintable(vae::compareWhatName(what)));
      if (what == CompareWhat::Interpolation) {
        QVERIFY(b.height() > a.height() * 1.3);
        QCOMPARE(b.width(), a.width());
      } else {
        QVERIFY(b.width() > a.width() * 1.3);
        QCOMPARE(b.height(), a.height());
      }
    }
  }

  // The same seed: two copies of one run draw identical sample sheets side by side.
  void samplesShareTheirSeed() {
    Comparer comparer({vae_, vae_});
    CompareOptions o;
    o.what = CompareWhat::Samples;
    o.scale = 1;
    const QImage sheet = comparer.renderImage(o);
    const int half = sheet.width() / 2;
    // The two columns hold the same pixels at the same offsets from their own left edge.
    int left = 0;
    while (left < half && qGray(sheet.pixel(left, sheet.height() / 2)) == 255) ++left;
    int right = half;
    while (right < sheet.width() && qGray(sheet.pixel(right, sheet.height() / 2)) == 255) ++right;
    for (int dx = 0; dx < 28 * 4; ++dx)
      QCOMPARE(sheet.pixel(left + dx, sheet.height() / 2), sheet.pixel(right + dx, sheet.height() / 2));
  }

  void curvesFromHistories() {
    Comparer comparer({vae_, ae_});
    const QVector<vae::CompareCurve> curves = comparer.curves();
    QCOMPARE(curves[0].epochs, (QVector<double>{1, 2}));
    QCOMPARE(curves[0].negElbo.size(), 2);
    QVERIFY(curves[1].negElbo.isEmpty());
    QCOMPARE(curves[1].recon.size(), 2);
    CompareOptions o;
    o.what = CompareWhat::Curves;
    o.out = dir_.filePath(QStringLiteral("curves.pdf"));
    comparer.run(o);
    QVERIFY(QFileInfo(o.out).size() > 1000);
  }

  // A run whose images are not the data's is named, and nothing is written.
  void runsOfOtherImagesAreRefusedNamingThem() {
    const CompareRun big = trainedRun(QStringLiteral("big"), vae::ModelKind::Vae, 4, 64);
    Comparer comparer({vae_, big});
    CompareOptions o;
    o.out = dir_.filePath(QStringLiteral("refused.csv"));
    try {
      comparer.run(o);
      QFAIL("expected ExportError");
    } catch (const ExportError& e) {
      QVERIFY2(QString::fromUtf8(e.what()).startsWith(QStringLiteral("big.vaestudio: the model takes 64×64")), e.what());
    }
    QVERIFY(!QFileInfo::exists(o.out));
  }

  void wrongSuffixIsRefused() {
    Comparer comparer({vae_, ae_});
    CompareOptions o;
    o.what = CompareWhat::Grid;
    o.out = dir_.filePath(QStringLiteral("grid.gif"));
    QVERIFY_THROWS_EXCEPTION(ExportError, comparer.run(o));
    QVERIFY(!QFileInfo::exists(o.out));
  }
};

QTEST_MAIN(TestComparer)
#include "test_comparer.moc"
