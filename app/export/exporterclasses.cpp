// Exporter's conditional-VAE part (issue 19): --class and the class-grid sheet. Kept apart from exporter.cpp, which
// holds the kinds every model has.
#include "app/core/defaults.h"
#include "app/core/latentdecoder.h"
#include "app/export/classgrid.h"
#include "app/export/exporter.h"
#include "model/latenttools.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QCoreApplication>

#include <algorithm>

namespace vae {

namespace {
[[noreturn]] void fail(const QString& message) { throw ExportError(message.toStdString()); }
}  // namespace

void Exporter::applyClass(const ExportOptions& o) {
  const int classes = static_cast<int>(checkpoint_.modelConfig.conditionWidth());
  if (o.classIndex >= 0) {
    if (classes == 0)
      fail(QStringLiteral("--class is for a cvae; this run is a %1")
               .arg(QString::fromStdString(toString(checkpoint_.modelConfig.kind))));
    if (o.classIndex >= classes)
      fail(QStringLiteral("--class %1: the cvae has classes 0..%2").arg(o.classIndex).arg(classes - 1));
    const bool decodesOneClass = o.kind == ExportKind::Image || o.kind == ExportKind::Grid ||
                                 o.kind == ExportKind::Samples || o.kind == ExportKind::Traversal ||
                                 o.kind == ExportKind::Interpolation;
    if (!decodesOneClass)
      fail(QStringLiteral("--class applies to image, grid, samples, traversal and interpolation, not %1")
               .arg(exportKindName(o.kind)));
  }
  decoder_->setClassIndex(std::max(0, o.classIndex));
}

QStringList Exporter::classNames(const ExportOptions& o) {
  const int classes = static_cast<int>(checkpoint_.modelConfig.conditionWidth());
  std::vector<std::string> names;
  try {
    names = data(o).train.classNames;
  } catch (const std::exception&) {
    // Names only label the rows: without the data the classes are numbered.
  }
  return classNamesOrNumbers(names, classes);
}

// Rows = classes, columns = a traversal of one dimension around z (or random z): the same z in every row of a column.
Exporter::Rendered Exporter::renderClassGrid(const ExportOptions& o) {
  const VaeConfig& config = checkpoint_.modelConfig;
  if (!config.isConditional())
    fail(QStringLiteral("class-grid is for a cvae; this run is a %1").arg(QString::fromStdString(toString(config.kind))));
  const int latent = static_cast<int>(config.latentDim);
  const int steps = o.steps > 0 ? o.steps : kTraversalSteps;
  if (steps < 2 || steps > kMaxExportSteps)
    fail(QStringLiteral("steps must be 2..%1, got %2").arg(kMaxExportSteps).arg(steps));
  if (o.dims.size() > 1) fail(QStringLiteral("class-grid traverses one dimension, got %1").arg(o.dims.size()));
  ClassGridLabels labels;
  torch::Tensor columns;
  QString what;
  if (o.random) {
    if (!o.dims.isEmpty()) fail(QStringLiteral("class-grid: --random and --dim exclude each other"));
    // A private generator: the same seed gives the same columns as `export --what samples --seed`'s first z.
    at::Generator gen = at::detail::createCPUGenerator(o.seed);
    columns = torch::randn({steps, config.latentDim}, gen, torch::kFloat);
    labels.xTitle = QCoreApplication::translate("vae::Exporter", "random z (seed %1), the same in every row").arg(o.seed);
    what = QStringLiteral("%1 random z (seed %2)").arg(steps).arg(o.seed);
  } else {
    if (!(o.span > 0)) fail(QStringLiteral("span must be positive"));
    const int dim = o.dims.isEmpty() ? dimsByKl(o).value(0) : o.dims[0];
    if (dim < 0 || dim >= latent)
      fail(QStringLiteral("unknown dimension %1 (the model has z0..z%2)").arg(dim).arg(latent - 1));
    const QVector<double> z = baseZ(o);
    const torch::Tensor base = torch::tensor(std::vector<double>(z.begin(), z.end()), torch::kFloat64);
    columns = traversalRow(base, dim, steps, o.span);
    for (int s = 0; s < steps; ++s)
      labels.columnLabels << QString::number(-o.span + 2.0 * o.span * s / (steps - 1), 'f', 1);
    labels.xTitle = QCoreApplication::translate("vae::Exporter", "z%1 (other dims held at z), the same in every row")
                        .arg(dim);
    what = QStringLiteral("z%1 over %2 steps").arg(dim).arg(steps);
  }
  labels.classNames = classNames(o);
  QVector<QVector<QImage>> cells;
  try {
    cells = decodeClassGrid(*decoder_, columns);
  } catch (const std::invalid_argument& e) {
    fail(QString::fromStdString(e.what()));
  }
  const QImage sheet = composeClassGrid(cells, labels, o.scale, o.labels);
  return {{sheet}, QStringLiteral("%1 classes x %2, %3x%4 px")
                       .arg(config.classCount)
                       .arg(what)
                       .arg(sheet.width())
                       .arg(sheet.height())};
}

}  // namespace vae
