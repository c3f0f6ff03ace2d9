#pragma once

#include "app/export/comparetable.h"
#include "app/export/exporter.h"

#include <QImage>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace vae {

// What `vae-studio compare` writes and the Compare tab shows.
enum class CompareWhat { Curves, Samples, Grid, Scatter, Interpolation, Table };
QString compareWhatName(CompareWhat what);  // "curves", ...
std::optional<CompareWhat> compareWhatFromName(const QString& name);
QStringList compareWhatNames();
// File suffixes each can write; the first is its default.
QStringList compareSuffixes(CompareWhat what);

// Every field has a default, so what + out alone work.
struct CompareOptions {
  CompareWhat what = CompareWhat::Table;
  QString out;
  QString dataSpec;  // the images every run is scored / encoded on; default: the first run's dataset
  uint64_t seed = 0;       // samples: the same seed, so the same z where latent sizes agree
  int samples = 4;         // samples: a samples x samples sheet per run
  QString axes = QStringLiteral("0,1");  // grid and scatter: the same two latent dims for every run
  int gridSize = 8;
  double span = 3.0;       // grid half-width in prior sigmas
  QString from = QStringLiteral("test:0"), to = QStringLiteral("test:1");  // interpolation: the same images
  int steps = 10;
  int scale = 2;
};

// One run's test codes over the two compared dims (CompareOptions::axes): worked out off the GUI thread
// (Comparer::scatterData), drawn on it (Comparer::scatterSheet draws with a widget).
struct CompareScatter {
  QString name;
  int axisX = 0, axisY = 1;
  QVector<QPointF> points;
  QVector<int> labels;
  QStringList classNames;
};

// Loads a run to compare; CheckpointError names the file. name defaults to the file's base name.
CompareRun loadCompareRun(const QString& path);

// Two runs of one name would be one legend entry and two identical captions: a repeated name gets its position,
// "vae", "vae (2)". The CLI and the Compare tab both name runs through this.
QStringList distinctRunNames(const QStringList& names);

// 2-4 runs side by side, for the CLI and the Compare tab. Images are PNG sheets with one column (or row) per run
// labelled with its name; every run shares the dataset. Throws ExportError for bad options, runs whose images
// differ from the data's, unwritable files; nothing is written then.
class Comparer {
 public:
  static constexpr int kMinRuns = 2, kMaxRuns = 4;
  explicit Comparer(QVector<CompareRun> runs);
  ~Comparer();

  // Data already in memory (the window's), instead of loading the spec.
  void setDataset(const DatasetSplit& data);
  void setDatasetLoader(Exporter::DatasetLoaderFn load) { loadDataset_ = std::move(load); }

  // Writes options.out atomically; returns a one-line summary ("wrote table.csv (3 runs)").
  QString run(const CompareOptions& options);
  QImage renderImage(const CompareOptions& options);  // samples, grid, scatter, interpolation
  QVector<CompareRow> table(const CompareOptions& options);
  QVector<CompareCurve> curves() const;
  // The scatter in two halves: the codes (LibTorch, any thread) and the sheet drawn from them (widgets: the GUI
  // thread only). renderImage(Scatter) is both in one.
  QVector<CompareScatter> scatterData(const CompareOptions& options);
  static QImage scatterSheet(const QVector<CompareScatter>& scatters, const CompareOptions& options);
  // The half-width of the one window every run's scatter shares: the prior's span, widened (to a whole number)
  // until it holds every run's codes.
  static double sharedScatterSpan(const QVector<CompareScatter>& scatters, double priorSpan);

 private:
  const DatasetSplit& data(const CompareOptions& o);
  QVector<QImage> perRun(const CompareOptions& o);
  CompareScatter scatterOf(int run, const CompareOptions& o);
  static QImage drawScatter(const CompareScatter& scatter, const CompareOptions& o, double span);
  static QImage sheetOf(const QVector<QImage>& images, const QStringList& names, CompareWhat what);

  QVector<CompareRun> runs_;
  std::vector<std::unique_ptr<Exporter>> exporters_;
  std::optional<DatasetSplit> data_;
  Exporter::DatasetLoaderFn loadDataset_;
};

}  // namespace vae
