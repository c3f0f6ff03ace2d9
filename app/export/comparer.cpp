#include "app/export/comparer.h"

#include "app/core/datasetencoder.h"
#include "app/core/folderdataset.h"
#include "app/export/exportfiles.h"
#include "app/export/imagesheet.h"
#include "widgets/comparecurves.h"
#include "widgets/latentgridview.h"
#include "widgets/latentscatter.h"
#include "widgets/plotlibrary.h"

#include <algorithm>
#include <cmath>

#include <QFileInfo>

#include <stdexcept>

namespace vae {

namespace {
const char* const kWhatNames[] = {"curves", "samples", "grid", "scatter", "interpolation", "table"};
// Compare images are sheets of sheets: each run's picture at this size, the scatter's too.
constexpr int kScatterSide = 360;
constexpr int kCurvesWidth = 900, kCurvesHeight = 560;

[[noreturn]] void fail(const QString& message) { throw ExportError(message.toStdString()); }

QString shapeText(int64_t c, int64_t h, int64_t w) {
  return QStringLiteral("%1×%2 %3").arg(w).arg(h).arg(c == 1 ? QStringLiteral("gray") : QStringLiteral("RGB"));
}
}  // namespace

QString compareWhatName(CompareWhat what) { return QString::fromLatin1(kWhatNames[static_cast<int>(what)]); }

std::optional<CompareWhat> compareWhatFromName(const QString& name) {
  for (int i = 0; i < static_cast<int>(std::size(kWhatNames)); ++i)
    if (name == QLatin1String(kWhatNames[i])) return static_cast<CompareWhat>(i);
  return std::nullopt;
}

QStringList compareWhatNames() {
  QStringList names;
  for (const char* name : kWhatNames) names << QString::fromLatin1(name);
  return names;
}

QStringList compareSuffixes(CompareWhat what) {
  switch (what) {
    case CompareWhat::Curves: return {QStringLiteral("png"), QStringLiteral("pdf")};
    case CompareWhat::Table: return {QStringLiteral("csv"), QStringLiteral("json")};
    default: return {QStringLiteral("png")};
  }
}

CompareRun loadCompareRun(const QString& path) {
  return {QFileInfo(path).completeBaseName(), path, Checkpoint::load(path.toStdString())};
}

QStringList distinctRunNames(const QStringList& names) {
  QStringList distinct = names;
  for (int i = 1; i < names.size(); ++i)
    if (names.lastIndexOf(names[i], i - 1) >= 0) distinct[i] += QStringLiteral(" (%1)").arg(i + 1);
  return distinct;
}

Comparer::Comparer(QVector<CompareRun> runs) : runs_(std::move(runs)) {
  if (runs_.size() < kMinRuns || runs_.size() > kMaxRuns)
    fail(QStringLiteral("compare takes %1 to %2 runs, got %3").arg(kMinRuns).arg(kMaxRuns).arg(runs_.size()));
  for (const CompareRun& run : runs_) exporters_.push_back(std::make_unique<Exporter>(run.checkpoint));
}

Comparer::~Comparer() = default;

void Comparer::setDataset(const DatasetSplit& data) {
  data_ = data;
  for (auto& exporter : exporters_) exporter->setDataset(data);
}

// The data, loaded once; every run must take its images.
const DatasetSplit& Comparer::data(const CompareOptions& o) {
  if (!data_) {
    const std::string spec = o.dataSpec.isEmpty() ? runs_.front().checkpoint.datasetSpec : o.dataSpec.toStdString();
    if (spec.empty()) fail(QStringLiteral("%1 names no dataset; pass --data SPEC").arg(runs_.front().path));
    setDataset(loadDataset_ ? loadDataset_(spec) : loadDatasetSpecWithFolders(spec));
  }
  const Dataset& test = data_->test;
  for (const CompareRun& run : runs_) {
    const VaeConfig& c = run.checkpoint.modelConfig;
    if (c.channels != test.channels() || c.height != test.height() || c.width != test.width())
      fail(QStringLiteral("%1: the model takes %2 images, the compared data are %3")
               .arg(run.path.isEmpty() ? run.name : run.path, shapeText(c.channels, c.height, c.width),
                    shapeText(test.channels(), test.height(), test.width())));
  }
  return *data_;
}

// Each run's own picture of o.what, made by its Exporter with the same options: same seed, axes, endpoints.
QVector<QImage> Comparer::perRun(const CompareOptions& o) {
  QVector<QImage> images;
  if (o.what == CompareWhat::Scatter) {
    const QVector<CompareScatter> scatters = scatterData(o);
    const double span = sharedScatterSpan(scatters, o.span);
    for (const CompareScatter& scatter : scatters) images << drawScatter(scatter, o, span);
    return images;
  }
  ExportOptions e;
  e.scale = o.scale;
  e.labels = false;  // one caption per run instead, under its column
  switch (o.what) {
    case CompareWhat::Samples:
      e.kind = ExportKind::Samples;
      e.seed = o.seed;
      e.gridSize = o.samples;
      break;
    case CompareWhat::Grid:
      e.kind = ExportKind::Grid;
      e.axes = o.axes;
      e.gridSize = o.gridSize;
      e.span = o.span;
      break;
    case CompareWhat::Interpolation:
      e.kind = ExportKind::Interpolation;
      e.from = o.from;
      e.to = o.to;
      e.steps = o.steps;
      break;
    default: fail(QStringLiteral("%1 is not a picture").arg(compareWhatName(o.what)));
  }
  if (o.what != CompareWhat::Samples) data(o);  // the grid's KL order and the endpoints need the data
  for (int i = 0; i < runs_.size(); ++i) {
    try {
      images << exporters_[i]->render(e).value(0);
    } catch (const ExportError& error) {
      fail(QStringLiteral("%1: %2").arg(runs_[i].name, QString::fromUtf8(error.what())));
    }
  }
  return images;
}

// The run's test codes over the two compared dims, as the Explore tab's scatter draws them.
CompareScatter Comparer::scatterOf(int run, const CompareOptions& o) {
  const CompareRun& r = runs_[run];
  const int latent = static_cast<int>(r.checkpoint.modelConfig.latentDim);
  const std::optional<std::pair<int, int>> dims = parseDimensionPair(o.axes);
  const auto [x, y] = dims.value_or(std::make_pair(-1, -1));
  if (x < 0 || y < 0 || x >= latent || y >= latent)
    fail(QStringLiteral("%1: --axes must be two different dims of z0..z%2, got '%3'").arg(r.name).arg(latent - 1).arg(o.axes));
  Vae model = r.checkpoint.makeModel();
  const LatentCodesPtr codes = DatasetEncoder::encode(model, *DatasetEncoder::snapshotOf(r.checkpoint), data(o).test);
  CompareScatter scatter;
  scatter.name = r.name;
  scatter.axisX = x;
  scatter.axisY = y;
  for (int i = 0; i < codes->count(); ++i)
    scatter.points << QPointF(codes->mu[i * latent + x], codes->mu[i * latent + y]);
  scatter.labels = codes->labels;
  scatter.classNames = codes->classNames;
  return scatter;
}

// One window for every run, wide enough for all their codes: an autoencoder's codes reach ±14 where a VAE's stay
// within the prior's ±3, and a window of ±3 hid most of them. Never narrower than the prior's span.
double Comparer::sharedScatterSpan(const QVector<CompareScatter>& scatters, double priorSpan) {
  double reach = 0;
  for (const CompareScatter& s : scatters)
    for (const QPointF& p : s.points) reach = std::max({reach, std::abs(p.x()), std::abs(p.y())});
  return std::max(priorSpan, std::ceil(reach));
}

QImage Comparer::drawScatter(const CompareScatter& s, const CompareOptions& o, double span) {
  LatentScatter scatter;
  scatter.setPalette(documentPalette());
  scatter.resize(kScatterSide, kScatterSide);
  scatter.setPoints(s.points, s.labels, s.classNames);
  scatter.setAxisLabels(QStringLiteral("z%1").arg(s.axisX), QStringLiteral("z%1").arg(s.axisY));
  LatentPlane plane;
  plane.span = span;
  plane.n = o.gridSize;
  scatter.setPlane(plane);
  return scatter.grab().toImage();
}

QVector<CompareScatter> Comparer::scatterData(const CompareOptions& o) {
  QVector<CompareScatter> scatters;
  for (int i = 0; i < runs_.size(); ++i) scatters << scatterOf(i, o);
  return scatters;
}

QImage Comparer::scatterSheet(const QVector<CompareScatter>& scatters, const CompareOptions& o) {
  QVector<QImage> images;
  QStringList names;
  const double span = sharedScatterSpan(scatters, o.span);
  for (const CompareScatter& s : scatters) {
    images << drawScatter(s, o, span);
    names << s.name;
  }
  return sheetOf(images, names, CompareWhat::Scatter);
}

QImage Comparer::sheetOf(const QVector<QImage>& images, const QStringList& names, CompareWhat what) {
  SheetLayout layout;
  layout.gap = 12;
  const bool stacked = what == CompareWhat::Interpolation;  // strips read best one under another
  QVector<QVector<QImage>> cells(stacked ? images.size() : 1);
  for (int i = 0; i < images.size(); ++i) {
    cells[stacked ? i : 0].append(images[i]);
    (stacked ? layout.rowLabels : layout.columnLabels) << names.value(i);
  }
  return composeSheet(cells, layout);
}

QImage Comparer::renderImage(const CompareOptions& o) {
  QStringList names;
  for (const CompareRun& run : runs_) names << run.name;
  return sheetOf(perRun(o), names, o.what);
}

QVector<CompareRow> Comparer::table(const CompareOptions& o) {
  const Dataset& test = data(o).test;
  QVector<CompareRow> rows;
  for (const CompareRun& run : runs_) {
    try {
      rows << scoreRun(run, test);
    } catch (const std::invalid_argument& e) {
      fail(QStringLiteral("%1: %2").arg(run.name, QString::fromUtf8(e.what())));
    }
  }
  return rows;
}

QVector<CompareCurve> Comparer::curves() const {
  QVector<CompareCurve> curves;
  for (const CompareRun& run : runs_) curves << curveOf(run);
  return curves;
}

QString Comparer::run(const CompareOptions& o) {
  const QString suffix = QFileInfo(o.out).suffix().toLower();
  if (!compareSuffixes(o.what).contains(suffix))
    fail(QStringLiteral("%1: %2 is written as %3").arg(o.out, compareWhatName(o.what),
                                                      compareSuffixes(o.what).join(QStringLiteral(" or "))));
  const QString runsText = QStringLiteral("%1 runs").arg(runs_.size());
  if (o.what == CompareWhat::Table) {
    const QVector<CompareRow> rows = table(o);
    saveBytesAtomically(o.out, suffix == QLatin1String("csv") ? compareTableCsv(rows) : compareTableJson(rows));
  } else if (o.what == CompareWhat::Curves) {
    CompareCurves plot;
    plot.setPalette(documentPalette());
    plot.setCurves(curves());
    saveViaTempFile(o.out, [&](const QString& temp) { return plot.saveImage(temp, kCurvesWidth, kCurvesHeight); });
  } else {
    savePngAtomically(o.out, renderImage(o));
  }
  return QStringLiteral("wrote %1 (%2, %3)").arg(o.out, compareWhatName(o.what), runsText);
}

}  // namespace vae
