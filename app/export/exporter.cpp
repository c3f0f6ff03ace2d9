#include "app/export/exporter.h"
#include "app/core/defaults.h"

#include "app/core/folderdataset.h"
#include "app/export/classgrid.h"
#include "app/export/gifwriter.h"
#include "app/core/imageconversion.h"
#include "app/export/imagesheet.h"
#include "app/core/latentdecoder.h"
#include "app/core/latentpresets.h"
#include "app/core/planeaxes.h"
#include "model/latenttools.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace vae {

namespace {
// "1 dimension", "3 dimensions": summaries read as English, not "(1 dims, ...)".
QString dimensionCount(int n) {
  return n == 1 ? QStringLiteral("1 dimension") : QStringLiteral("%1 dimensions").arg(n);
}

constexpr int kMaxScale = 16;

const char* const kKindNames[] = {"image", "grid", "samples", "traversal", "interpolation", "training-gif",
                                  "history", "codes", "plot", "weights", "presets", "mutual-information",
                                  "class-grid"};

[[noreturn]] void fail(const QString& message) { throw ExportError(message.toStdString()); }

// Ping-pong frames for a GIF that sweeps back and forth without a jump: 0..n-1..1.
template <typename T>
QVector<T> pingPong(const QVector<T>& frames) {
  QVector<T> out = frames;
  for (int i = static_cast<int>(frames.size()) - 2; i >= 1; --i) out.append(frames[i]);
  return out;
}
// writeGif with its failure as the ExportError every export throws.
void saveGif(const QString& path, const QVector<QImage>& frames, double fps) {
  GifOptions gif;
  gif.fps = fps;
  try {
    writeGif(path, frames, gif);
  } catch (const GifError& e) {
    throw ExportError(e.what());
  }
}
}  // namespace

QString architectureJsonPath(const QString& weightsPath) {
  // The path as the user spelled it, suffix swapped ("weights.pt" -> "weights.json", not "./weights.json").
  const QString suffix = QFileInfo(weightsPath).suffix();
  if (suffix.isEmpty()) return weightsPath + QStringLiteral(".json");
  return weightsPath.chopped(suffix.size()) + QStringLiteral("json");
}

QStringList exportedFiles(const ExportOptions& o) {
  if (o.kind == ExportKind::Weights) return {o.out, architectureJsonPath(o.out)};
  return {o.out};
}

QString exportKindName(ExportKind kind) { return QString::fromLatin1(kKindNames[static_cast<int>(kind)]); }

std::optional<ExportKind> exportKindFromName(const QString& name) {
  for (int i = 0; i < static_cast<int>(std::size(kKindNames)); ++i)
    if (name == QLatin1String(kKindNames[i])) return static_cast<ExportKind>(i);
  return std::nullopt;
}

QStringList exportKindNames() {
  QStringList names;
  for (const char* name : kKindNames) names << QString::fromLatin1(name);
  return names;
}

bool isImageExport(ExportKind kind) {
  switch (kind) {
    case ExportKind::Image:
    case ExportKind::Grid:
    case ExportKind::Samples:
    case ExportKind::Traversal:
    case ExportKind::Interpolation:
    case ExportKind::TrainingGif:
    case ExportKind::ClassGrid: return true;
    default: return false;
  }
}

QStringList exportSuffixes(ExportKind kind) {
  switch (kind) {
    case ExportKind::Image:
    case ExportKind::Grid:
    case ExportKind::Samples:
    case ExportKind::ClassGrid: return {"png"};
    case ExportKind::Traversal:
    case ExportKind::Interpolation: return {"png", "gif"};
    case ExportKind::TrainingGif: return {"gif", "png"};
    case ExportKind::History:
    case ExportKind::Codes: return {"csv"};
    case ExportKind::Plot: return {"png", "pdf"};
    case ExportKind::Weights: return {"pt"};
    case ExportKind::Presets: return {"json"};
    case ExportKind::MutualInformation: return {"csv", "png"};
  }
  return {};
}

Exporter::Exporter(Checkpoint checkpoint) : checkpoint_(std::move(checkpoint)) {
  decoder_ = std::make_unique<LatentDecoder>();
  decoder_->setCheckpoint(checkpoint_);
  model_ = checkpoint_.makeModel();
  model_->eval();
}

Exporter::~Exporter() = default;

QVector<double> Exporter::parseZ(const QString& text) const {
  const int latent = static_cast<int>(checkpoint_.modelConfig.latentDim);
  const QStringList parts = text.split(QLatin1Char(','), Qt::SkipEmptyParts);
  if (parts.size() != latent)
    fail(QStringLiteral("--z has %1 values, the model's latent space has %2").arg(parts.size()).arg(latent));
  QVector<double> z;
  for (const QString& part : parts) {
    bool ok = false;
    const double v = part.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(v)) fail(QStringLiteral("--z: '%1' is not a finite number").arg(part.trimmed()));
    z << v;
  }
  return z;
}

std::optional<std::pair<int, int>> parseDimensionPair(const QString& text) {
  const QStringList parts = text.split(QLatin1Char(','));
  bool okX = false, okY = false;
  const int x = parts.value(0).toInt(&okX), y = parts.value(1).toInt(&okY);
  if (parts.size() != 2 || !okX || !okY || x == y) return std::nullopt;
  return std::make_pair(x, y);
}

QVector<double> Exporter::baseZ(const ExportOptions& o) const {
  const int latent = static_cast<int>(checkpoint_.modelConfig.latentDim);
  if (o.z.isEmpty()) return QVector<double>(latent, 0.0);
  if (o.z.size() != latent)
    fail(QStringLiteral("z has %1 values, the model's latent space has %2").arg(o.z.size()).arg(latent));
  return o.z;
}

const DatasetSplit& Exporter::data(const ExportOptions& o) {
  if (!data_) {
    const std::string spec = o.dataSpec.isEmpty() ? checkpoint_.datasetSpec : o.dataSpec.toStdString();
    if (spec.empty()) fail(QStringLiteral("the checkpoint names no dataset; pass --data SPEC"));
    data_ = loadDataset_ ? loadDataset_(spec) : loadDatasetSpecWithFolders(spec);  // DatasetError names the file
  }
  return *data_;
}

const LatentCodes& Exporter::testCodes(const ExportOptions& o) {
  if (!codes_) {
    const DecoderSnapshotPtr snapshot = DatasetEncoder::snapshotOf(checkpoint_);
    try {
      codes_ = DatasetEncoder::encode(model_, *snapshot, data(o).test);
    } catch (const std::invalid_argument& e) {
      fail(QString::fromStdString(e.what()));
    }
  }
  return *codes_;
}

QVector<int> Exporter::dimsByKl(const ExportOptions& o) {
  const QVector<double>& kl = testCodes(o).klPerDim;
  QVector<int> order(kl.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return kl[a] > kl[b]; });
  return order;
}

QString Exporter::run(const ExportOptions& o, const ExportHooks& hooks) {
  const QString suffix = QFileInfo(o.out).suffix().toLower();
  if (o.out.isEmpty()) fail(QStringLiteral("no output file given"));
  if (!exportSuffixes(o.kind).contains(suffix))
    fail(QStringLiteral("%1: %2 exports as .%3, not '.%4'")
             .arg(o.out, exportKindName(o.kind), exportSuffixes(o.kind).join(QStringLiteral(" or .")), suffix));
  if (o.scale < 1 || o.scale > kMaxScale) fail(QStringLiteral("scale must be 1..%1, got %2").arg(kMaxScale).arg(o.scale));
  applyClass(o);  // before anything is written
  if (isImageExport(o.kind)) {
    const bool gif = suffix == QLatin1String("gif");
    const Rendered r = renderKind(o, gif, hooks);
    if (gif)
      saveGif(o.out, r.frames, o.fps);
    else
      savePngAtomically(o.out, r.frames.first());
    return QStringLiteral("wrote %1 (%2)").arg(o.out, r.details);
  }
  switch (o.kind) {
    case ExportKind::History: return exportHistory(o);
    case ExportKind::Codes: return exportCodes(o, hooks);
    case ExportKind::Plot: return exportPlot(o);
    case ExportKind::Weights: return exportWeights(o);
    case ExportKind::Presets: return exportPresets(o);
    case ExportKind::MutualInformation: return exportMutualInformation(o);
    default: break;
  }
  fail(QStringLiteral("unknown export"));
}

QVector<QImage> Exporter::render(const ExportOptions& o, const ExportHooks& hooks) {
  if (!isImageExport(o.kind)) fail(QStringLiteral("%1 is not an image export").arg(exportKindName(o.kind)));
  return renderKind(o, checkImageOptions(o), hooks).frames;
}

bool Exporter::checkImageOptions(const ExportOptions& o) const {
  const QString suffix = o.out.isEmpty() ? exportSuffixes(o.kind).first() : QFileInfo(o.out).suffix().toLower();
  if (!exportSuffixes(o.kind).contains(suffix))
    fail(QStringLiteral("%1: %2 exports as .%3, not '.%4'")
             .arg(o.out, exportKindName(o.kind), exportSuffixes(o.kind).join(QStringLiteral(" or .")), suffix));
  if (o.scale < 1 || o.scale > kMaxScale) fail(QStringLiteral("scale must be 1..%1, got %2").arg(kMaxScale).arg(o.scale));
  return suffix == QLatin1String("gif");
}

Exporter::Rendered Exporter::renderKind(const ExportOptions& o, bool gif, const ExportHooks& hooks) {
  applyClass(o);
  switch (o.kind) {
    case ExportKind::Image: return renderImage(o);
    case ExportKind::Grid: return renderGrid(o);
    case ExportKind::Samples: return renderSamples(o);
    case ExportKind::Traversal: return renderTraversal(o, gif, hooks);
    case ExportKind::Interpolation: return renderInterpolation(o, gif, hooks);
    case ExportKind::TrainingGif: return renderTrainingGif(o, gif);
    case ExportKind::ClassGrid: return renderClassGrid(o);
    default: break;
  }
  fail(QStringLiteral("%1 is not an image export").arg(exportKindName(o.kind)));
}

// --- images ------------------------------------------------------------------------------------

Exporter::Rendered Exporter::renderImage(const ExportOptions& o) {
  const QImage image = upscaled(decoder_->decode(baseZ(o)), o.scale);
  return {{image}, QStringLiteral("%1x%2 px").arg(image.width()).arg(image.height())};
}

Exporter::Rendered Exporter::renderGrid(const ExportOptions& o) {
  const int latent = static_cast<int>(checkpoint_.modelConfig.latentDim);
  if (o.gridSize < 3 || o.gridSize > 30) fail(QStringLiteral("grid size must be 3..30, got %1").arg(o.gridSize));
  if (!(o.span > 0)) fail(QStringLiteral("span must be positive"));
  PlaneAxes axes;
  if (o.axes == QLatin1String("pca")) {
    const LatentCodes& codes = testCodes(o);
    if (codes.pcaAxes.size() < 2) fail(QStringLiteral("PCA axes need at least two encoded images"));
    axes = PlaneAxes(codes.pcaAxes[0], codes.pcaAxes[1], QStringLiteral("PC1"), QStringLiteral("PC2"));
  } else if (o.axes.isEmpty()) {
    const QVector<int> order = dimsByKl(o);
    axes = PlaneAxes::dims(latent, order[0], order[1]);
  } else {
    const std::optional<std::pair<int, int>> dims = parseDimensionPair(o.axes);
    if (!dims) fail(QStringLiteral("--axes must be 'pca' or two different dims like '3,5', got '%1'").arg(o.axes));
    const auto [x, y] = *dims;
    if (x < 0 || y < 0 || x >= latent || y >= latent)
      fail(QStringLiteral("--axes %1: unknown dimension (the model has z0..z%2)").arg(o.axes).arg(latent - 1));
    axes = PlaneAxes::dims(latent, x, y);
  }
  const QVector<double> z = baseZ(o);
  const QPointF centre = axes.coordinates(z);
  const QVector<QImage> cells =
      decoder_->decodeGridAlong(axes.offPlane(z), axes.dirX(), axes.dirY(), o.gridSize, o.span, centre.x(), centre.y());
  QVector<QVector<QImage>> rows(o.gridSize);
  for (int i = 0; i < cells.size(); ++i) rows[i / o.gridSize].append(cells[i]);
  SheetLayout layout;
  layout.scale = o.scale;
  if (o.labels) {
    // Values of the cell centres along each axis (rows run from +span at the top to -span).
    for (int i = 0; i < o.gridSize; ++i) {
      const double t = -o.span + 2.0 * o.span * i / (o.gridSize - 1);
      layout.columnLabels << QString::number(centre.x() + t, 'f', 1);
      layout.rowLabels << QString::number(centre.y() - t, 'f', 1);
    }
    layout.xTitle = axes.nameX();
    layout.yTitle = axes.nameY();
  }
  const QImage sheet = composeSheet(rows, layout);
  return {{sheet}, QStringLiteral("%1x%1 grid over %2 and %3, %4x%5 px")
                       .arg(o.gridSize)
                       .arg(axes.nameX(), axes.nameY())
                       .arg(sheet.width())
                       .arg(sheet.height())};
}

Exporter::Rendered Exporter::renderSamples(const ExportOptions& o) {
  if (o.gridSize < 1 || o.gridSize > 30) fail(QStringLiteral("grid size must be 1..30, got %1").arg(o.gridSize));
  // A private generator: the same seed gives the same sheet as `vae-studio sample --seed`.
  at::Generator gen = at::detail::createCPUGenerator(o.seed);
  const torch::Tensor z =
      torch::randn({o.gridSize * o.gridSize, checkpoint_.modelConfig.latentDim}, gen, torch::kFloat);
  // A cvae without --class shows a class per row (row r is class r % classCount), named when labels are on.
  const int classes = static_cast<int>(checkpoint_.modelConfig.conditionWidth());
  const bool classPerRow = classes > 0 && o.classIndex < 0;
  const torch::Tensor labels =
      classPerRow ? cyclicClassLabels(o.gridSize, classes).repeat_interleave(o.gridSize) : torch::Tensor();
  const QVector<QImage> images = decoder_->decodeTensor(z, labels);
  QVector<QVector<QImage>> rows(o.gridSize);
  for (int i = 0; i < images.size(); ++i) rows[i / o.gridSize].append(images[i]);
  SheetLayout layout;
  layout.scale = o.scale;
  if (classPerRow && o.labels) {
    const QStringList names = classNames(o);
    for (int r = 0; r < o.gridSize; ++r) layout.rowLabels << names[r % classes];
  }
  const QString classText = classPerRow ? QStringLiteral(", a class per row")
                            : classes > 0 ? QStringLiteral(", class %1").arg(std::max(0, o.classIndex))
                                          : QString();
  return {{composeSheet(rows, layout)},
          QStringLiteral("%1 prior samples, seed %2%3").arg(images.size()).arg(o.seed).arg(classText)};
}

Exporter::Rendered Exporter::renderTraversal(const ExportOptions& o, bool gif, const ExportHooks& hooks) {
  const int latent = static_cast<int>(checkpoint_.modelConfig.latentDim);
  const int steps = o.steps > 0 ? o.steps : kTraversalSteps;
  if (steps < 2 || steps > kMaxExportSteps)
    fail(QStringLiteral("steps must be 2..%1, got %2").arg(kMaxExportSteps).arg(steps));
  QVector<int> dims = o.dims;
  QVector<double> kl;
  for (int d : dims)
    if (d < 0 || d >= latent) fail(QStringLiteral("unknown dimension %1 (the model has z0..z%2)").arg(d).arg(latent - 1));
  if (dims.isEmpty()) {
    dims = dimsByKl(o);
    kl = testCodes(o).klPerDim;
    if (o.topK > 0) dims.resize(std::min<qsizetype>(o.topK, dims.size()));
  }
  const QVector<double> z = baseZ(o);
  QVector<QVector<QImage>> rows;
  QStringList rowLabels;
  for (int i = 0; i < dims.size(); ++i) {
    if (hooks.cancelled && *hooks.cancelled) fail(QStringLiteral("cancelled"));
    rows.append(decoder_->traversal(z, dims[i], steps, o.span));
    rowLabels << (kl.isEmpty() ? QStringLiteral("z%1").arg(dims[i])
                               : QStringLiteral("z%1 (KL %2)").arg(dims[i]).arg(kl[dims[i]], 0, 'f', 2));
    if (hooks.progress) hooks.progress(i + 1, dims.size());
  }
  QStringList values;
  for (int s = 0; s < steps; ++s) values << QString::number(-o.span + 2.0 * o.span * s / (steps - 1), 'f', 1);

  if (gif) {
    // One frame per value: every traversed dimension side by side, all moving together.
    QVector<QImage> frames;
    for (int s = 0; s < steps; ++s) {
      QVector<QImage> column;
      for (const auto& row : rows) column << row[s];
      SheetLayout layout;
      layout.scale = o.scale;
      if (o.labels) {
        layout.caption = QCoreApplication::translate("vae::Exporter", "value %1").arg(values[s]);
        for (int d : dims) layout.columnLabels << QStringLiteral("z%1").arg(d);
      }
      frames << composeSheet({column}, layout);
    }
    return {pingPong(frames), QStringLiteral("%1, %2 frames ping-pong at %3 fps")
                                  .arg(dimensionCount(static_cast<int>(dims.size())))
                                  .arg(2 * steps - 2)
                                  .arg(o.fps)};
  }
  SheetLayout layout;
  layout.scale = o.scale;
  if (o.labels) {
    layout.rowLabels = rowLabels;
    layout.columnLabels = values;
    layout.xTitle = QCoreApplication::translate("vae::Exporter", "value of the dimension (other dims held at z)");
  }
  return {{composeSheet(rows, layout)},
          QStringLiteral("%1 x %2 steps").arg(dimensionCount(static_cast<int>(dims.size()))).arg(steps)};
}

QVector<double> Exporter::endpoint(const ExportOptions& o, const QString& spec) {
  const int colon = spec.lastIndexOf(QLatin1Char(':'));
  const QString head = spec.left(colon), tail = spec.mid(colon + 1);
  if (colon > 0 && (head == QLatin1String("test") || head == QLatin1String("train"))) {
    bool ok = false;
    const int64_t index = tail.toLongLong(&ok);
    const Dataset& set = head == QLatin1String("test") ? data(o).test : data(o).train;
    if (!ok || index < 0 || index >= set.size())
      fail(QStringLiteral("%1: no such image (the %2 set has %3)").arg(spec, head).arg(set.size()));
    // A cvae encodes a dataset image with its own class.
    const int label = set.hasLabels() && decoder_->isConditional() ? static_cast<int>(set.labels[index].item<int64_t>())
                                                                   : -1;
    return decoder_->encode(tensorToImage(set.floatImage(index)), label);
  }
  if (colon > 0 && head.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)) {
    QVector<LatentPreset> presets;
    try {
      presets = loadPresets(head);
    } catch (const std::exception& e) {
      fail(QString::fromStdString(e.what()));
    }
    for (const LatentPreset& p : presets)
      if (p.name == tail) {
        ExportOptions named = o;
        named.z = p.z;
        return baseZ(named);  // checks the length against the model
      }
    fail(QStringLiteral("%1: no preset named '%2'").arg(head, tail));
  }
  return parseZ(spec);
}

Exporter::Rendered Exporter::renderInterpolation(const ExportOptions& o, bool gif, const ExportHooks& hooks) {
  const int steps = o.steps > 0 ? o.steps : kInterpolationSteps;
  if (steps < 2 || steps > kMaxExportSteps)
    fail(QStringLiteral("steps must be 2..%1, got %2").arg(kMaxExportSteps).arg(steps));
  const QVector<double> a = endpoint(o, o.from), b = endpoint(o, o.to);
  // The endpoints may have loaded and encoded a dataset: the one slow part worth a cancel check.
  if (hooks.cancelled && *hooks.cancelled) fail(QStringLiteral("cancelled"));
  const QVector<QImage> images = decoder_->interpolate(a, b, steps, o.spherical);
  const QString mode = o.spherical ? QStringLiteral("spherical") : QStringLiteral("linear");
  const QString from = o.fromLabel.isEmpty() ? o.from : o.fromLabel;
  const QString to = o.toLabel.isEmpty() ? o.to : o.toLabel;
  if (gif) {
    QVector<QImage> frames;
    for (const QImage& image : images) frames << upscaled(image, o.scale);
    return {pingPong(frames), QStringLiteral("%1 → %2, %3 %4 steps, ping-pong at %5 fps")
                                  .arg(from, to)
                                  .arg(steps)
                                  .arg(mode)
                                  .arg(o.fps)};
  }
  SheetLayout layout;
  layout.scale = o.scale;
  if (o.labels) {
    for (int i = 0; i < steps; ++i)
      layout.columnLabels << (i == 0 ? QStringLiteral("A") : i == steps - 1 ? QStringLiteral("B") : QString());
    layout.caption = QStringLiteral("%1 → %2 (%3)").arg(from, to, mode);
  }
  return {{composeSheet({images}, layout)},
          QStringLiteral("%1 → %2, %3 %4 steps").arg(from, to).arg(steps).arg(mode)};
}

Exporter::Rendered Exporter::renderTrainingGif(const ExportOptions& o, bool gif) {
  const History& h = checkpoint_.history;
  if (h.epochImages.empty())
    fail(QStringLiteral("this checkpoint keeps no per-epoch images (written by an older VAE Studio or before its "
                        "first epoch ended)"));
  QVector<QImage> frames;
  for (size_t e = 0; e < h.epochImages.size(); ++e) {
    const QVector<QImage> images = epochImagesToQImages(h.epochImages[e]);
    const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(images.size()))));
    QVector<QVector<QImage>> rows(side);
    for (int i = 0; i < images.size(); ++i) rows[i / side].append(images[i]);
    SheetLayout layout;
    layout.scale = o.scale;
    if (o.labels)
      layout.caption = QCoreApplication::translate("vae::Exporter", "epoch %1")
                           .arg(h.epochs.size() > e ? h.epochs[e].epoch + 1 : int64_t(e + 1));
    frames << composeSheet(rows, layout);
  }
  if (!gif) {
    // One row of frames, epoch 1 on the left.
    return {{composeSheet({frames}, SheetLayout{})}, QStringLiteral("%1 epochs side by side").arg(frames.size())};
  }
  return {frames, QStringLiteral("%1 epochs, %2 fixed z each").arg(frames.size()).arg(History::kProgressSamples)};
}

}  // namespace vae
