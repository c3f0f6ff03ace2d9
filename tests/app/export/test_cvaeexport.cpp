// Issue 19: exporting and comparing a conditional VAE. The class grid's rows are the classes and its columns one z
// each; --class picks the class of the other pictures and is refused, with nothing written, where it means nothing.
#include "app/core/imageconversion.h"
#include "app/export/comparer.h"
#include "app/export/exporter.h"
#include "app/export/imagesheet.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/heldoutelbo.h"
#include "model/latenttools.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/smallrun.h"

using vae::ExportError;
using vae::ExportKind;
using vae::ExportOptions;
using vae::Exporter;

namespace {
constexpr const char* kSpec = "shapes:28:600";
// shapes: square, ellipse, heart.
constexpr int kClasses = 3;
// composeSheet's margin around the cells and gap between them, in pixels.
constexpr int kMargin = 6;
constexpr int kGap = 2;

QImage decodeAs(const vae::Checkpoint& c, const torch::Tensor& z, int64_t classIndex) {
  vae::Vae model = c.makeModel();
  torch::NoGradGuard noGrad;
  return vae::tensorToImage(
      model->decodeImages(z.to(torch::kFloat).unsqueeze(0), torch::full({1}, classIndex, torch::kLong))[0]);
}

bool sameGray(const QImage& a, const QImage& b) {
  if (a.size() != b.size()) return false;
  for (int y = 0; y < a.height(); ++y)
    for (int x = 0; x < a.width(); ++x)
      if (qGray(a.pixel(x, y)) != qGray(b.pixel(x, y))) return false;
  return true;
}

// The cell (row, column) of an unlabelled sheet of 28x28 cells at scale 1.
QImage cell(const QImage& sheet, int row, int column) {
  return sheet.copy(kMargin + column * (28 + kGap), kMargin + row * (28 + kGap), 28, 28);
}
}  // namespace

class TestCvaeExport : public QObject {
  Q_OBJECT

  vae::Checkpoint cvae_, vae_;
  QTemporaryDir dir_;

 private Q_SLOTS:
  void initTestCase() {
    cvae_ = vae::test::trainedCvaeCheckpoint(kSpec, /*epochs=*/2, /*hidden=*/32, 3e-3);
    vae_ = vae::test::trainedCheckpoint(kSpec, /*epochs=*/1);
    QCOMPARE(cvae_.modelConfig.classCount, kClasses);
    QVERIFY(dir_.isValid());
  }

  // Rows = classes, columns = the traversal's steps: rows*28 x cols*28 plus gaps and margins, and cell (k, s) is step
  // s's z decoded as class k, the same z down a column.
  void classGridRowsAreClassesAndColumnsAreSteps() {
    Exporter exporter(cvae_);
    ExportOptions o;
    o.kind = ExportKind::ClassGrid;
    o.out = dir_.filePath("classes.png");
    o.dims = {2};
    o.steps = 5;
    o.span = 2.0;
    o.scale = 1;
    o.labels = false;
    o.z = {0.5, -0.5, 0.0, 1.0};
    const QString summary = exporter.run(o);
    QVERIFY2(summary.contains(QStringLiteral("3 classes x z2 over 5 steps")), qPrintable(summary));
    const QImage sheet(o.out);
    QCOMPARE(sheet.size(), QSize(2 * kMargin + 5 * 28 + 4 * kGap, 2 * kMargin + kClasses * 28 + 2 * kGap));
    for (int k = 0; k < kClasses; ++k)
      for (int s : {0, 2, 4}) {
        torch::Tensor z = torch::tensor({0.5, -0.5, 0.0, 1.0}, torch::kDouble);
        z[2] = -2.0 + 1.0 * s;
        QVERIFY2(sameGray(cell(sheet, k, s), decodeAs(cvae_, z, k)), qPrintable(QStringLiteral("%1,%2").arg(k).arg(s)));
      }
    // Two classes of one column differ: the class, not the style, changes down a column.
    QVERIFY(!sameGray(cell(sheet, 0, 2), cell(sheet, 1, 2)));
  }

  // With labels the sheet is composeSheet's with the class names left of the rows and the values under the columns.
  void labelledClassGridIsTheSheetWithClassNames() {
    Exporter exporter(cvae_);
    ExportOptions o;
    o.kind = ExportKind::ClassGrid;
    o.dims = {0};
    o.steps = 4;
    o.scale = 2;
    const QImage rendered = exporter.render(o).value(0);
    QVector<QVector<QImage>> blank(kClasses, QVector<QImage>(4, QImage(28, 28, QImage::Format_Grayscale8)));
    vae::SheetLayout layout;
    layout.scale = 2;
    const vae::Dataset train = vae::loadDatasetSpec(kSpec).train;
    for (const std::string& name : train.classNames) layout.rowLabels << QString::fromStdString(name);
    QCOMPARE(layout.rowLabels.size(), kClasses);
    for (const char* v : {"-3.0", "-1.0", "1.0", "3.0"}) layout.columnLabels << QString::fromLatin1(v);
    layout.xTitle = QStringLiteral("z0 (other dims held at z), the same in every row");
    QCOMPARE(rendered.size(), vae::composeSheet(blank, layout).size());
    o.labels = false;
    QCOMPARE(exporter.render(o).value(0).size(), QSize(2 * kMargin + 4 * 56 + 3 * kGap, 2 * kMargin + 3 * 56 + 2 * kGap));
  }

  // --random: `steps` random z, one per column, identical across rows (checked against the same seed's draws).
  void randomClassGridUsesTheSeedsZ() {
    Exporter exporter(cvae_);
    ExportOptions o;
    o.kind = ExportKind::ClassGrid;
    o.random = true;
    o.seed = 4;
    o.steps = 3;
    o.scale = 1;
    o.labels = false;
    const QImage sheet = exporter.render(o).value(0);
    at::Generator gen = at::detail::createCPUGenerator(4);
    const torch::Tensor z = torch::randn({3, 4}, gen, torch::kFloat);
    QVERIFY(sameGray(cell(sheet, 2, 1), decodeAs(cvae_, z[1], 2)));
    o.dims = {1};
    QVERIFY_THROWS_EXCEPTION(ExportError, exporter.render(o));  // --random and --dim exclude each other
  }

  // --class N decodes every sample as class N; without it row r is class r % 3.
  void samplesFollowTheClass() {
    Exporter exporter(cvae_);
    ExportOptions o;
    o.kind = ExportKind::Samples;
    o.gridSize = 4;
    o.scale = 1;
    o.labels = false;
    o.classIndex = 1;
    const QImage one = exporter.render(o).value(0);
    at::Generator gen = at::detail::createCPUGenerator(0);
    const torch::Tensor z = torch::randn({16, 4}, gen, torch::kFloat);
    QVERIFY(sameGray(cell(one, 3, 2), decodeAs(cvae_, z[14], 1)));
    o.classIndex = -1;
    const QImage perRow = exporter.render(o).value(0);
    QVERIFY(sameGray(cell(perRow, 3, 2), decodeAs(cvae_, z[14], 0)));  // row 3: class 0
    QVERIFY(sameGray(cell(perRow, 2, 2), decodeAs(cvae_, z[10], 2)));
  }

  // --class for a VAE, a class out of range, --class with the class grid or a CSV, and a class grid of a VAE are each
  // refused with one line, and nothing is written.
  void classOptionsAreRefusedWhereTheyMeanNothing() {
    struct Case {
      const vae::Checkpoint* checkpoint;
      ExportKind kind;
      int classIndex;
      QString suffix, expected;
    };
    const QVector<Case> cases = {
        {&vae_, ExportKind::Samples, 1, QStringLiteral("png"), QStringLiteral("--class is for a cvae; this run is a vae")},
        {&cvae_, ExportKind::Grid, 3, QStringLiteral("png"), QStringLiteral("--class 3: the cvae has classes 0..2")},
        {&cvae_, ExportKind::ClassGrid, 0, QStringLiteral("png"), QStringLiteral("--class applies to image")},
        {&cvae_, ExportKind::Codes, 0, QStringLiteral("csv"), QStringLiteral("--class applies to image")},
        {&vae_, ExportKind::ClassGrid, -1, QStringLiteral("png"), QStringLiteral("class-grid is for a cvae")},
    };
    for (int i = 0; i < cases.size(); ++i) {
      Exporter exporter(*cases[i].checkpoint);
      ExportOptions o;
      o.kind = cases[i].kind;
      o.classIndex = cases[i].classIndex;
      o.out = dir_.filePath(QStringLiteral("refused%1.%2").arg(i).arg(cases[i].suffix));
      try {
        exporter.run(o);
        QFAIL(qPrintable(QStringLiteral("case %1 was not refused").arg(i)));
      } catch (const ExportError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(cases[i].expected), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
      }
      QVERIFY(!QFileInfo::exists(o.out));
    }
  }

  // A cvae's codes CSV and interpolation encode the test images with their own labels.
  void codesAndInterpolationEncodeWithTheImagesLabels() {
    Exporter exporter(cvae_);
    ExportOptions o;
    o.kind = ExportKind::Codes;
    o.out = dir_.filePath("codes.csv");
    QVERIFY(exporter.run(o).contains(QStringLiteral("images")));
    ExportOptions i;
    i.kind = ExportKind::Interpolation;
    i.steps = 3;
    i.classIndex = 2;
    QCOMPARE(exporter.render(i).size(), 1);
  }

  // Compare accepts a cvae beside a VAE: the table scores it with the test labels, pictures and the scatter draw.
  void compareTakesACvaeRun() {
    vae::Comparer comparer({{QStringLiteral("cvae"), QStringLiteral("cvae.vaestudio"), cvae_},
                            {QStringLiteral("vae"), QStringLiteral("vae.vaestudio"), vae_}});
    const QVector<vae::CompareRow> rows = comparer.table({});
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0].kind, QStringLiteral("cvae"));
    QVERIFY(rows[0].negElbo.has_value());
    // The figure is heldOutElbo with the test images' own labels: with the labels shifted it is worse.
    vae::DatasetSplit data = vae::loadDatasetSpec(kSpec);
    vae::Vae model = cvae_.makeModel();
    const auto noise = [](int64_t batch, int64_t n) { return vae::Trainer::evaluationNoise(0, 0, batch, n, 4); };
    data.test.labels = (data.test.labels + 1).remainder(kClasses);
    QVERIFY(*rows[0].negElbo < vae::heldOutElbo(model, data.test, noise, 1000).total);
    for (vae::CompareWhat what : {vae::CompareWhat::Samples, vae::CompareWhat::Grid, vae::CompareWhat::Interpolation,
                                  vae::CompareWhat::Scatter}) {
      vae::CompareOptions o;
      o.what = what;
      QVERIFY(!comparer.renderImage(o).isNull());
    }
  }
};

QTEST_MAIN(TestCvaeExport)
#include "test_cvaeexport.moc"
