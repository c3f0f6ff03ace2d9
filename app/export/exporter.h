#pragma once

#include "app/core/datasetencoder.h"
#include "app/export/exportfiles.h"
#include "model/checkpoint.h"
#include "model/dataset.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace vae {

class LatentDecoder;

// Everything a user can take out of a trained run (`vae-studio export`, and the GUI's Export menu).
// MutualInformation and ClassGrid are last so the numbers of the older kinds stay as they were.
enum class ExportKind {
  Image, Grid, Samples, Traversal, Interpolation, TrainingGif, History, Codes, Plot, Weights, Presets, MutualInformation,
  ClassGrid
};
QString exportKindName(ExportKind kind);  // "image", "training-gif", ...
std::optional<ExportKind> exportKindFromName(const QString& name);
QStringList exportKindNames();
// File suffixes each kind can write; the first is its default. The format follows the out file's suffix.
QStringList exportSuffixes(ExportKind kind);
// The kinds whose result is pictures (a PNG sheet or GIF frames): Exporter::render can preview them.
bool isImageExport(ExportKind kind);
// Two different latent dims written "3,5" (grid and scatter axes); nullopt for anything else. Callers check the
// range against their model.
std::optional<std::pair<int, int>> parseDimensionPair(const QString& text);
// Where a weights export puts the architecture JSON beside the state_dict: "DIR/NAME.pt" -> "DIR/NAME.json".
QString architectureJsonPath(const QString& weightsPath);

// What to export and how; every field has a default so that kind + out alone work.
struct ExportOptions {
  ExportKind kind = ExportKind::Image;
  QString out;
  QVector<double> z;         // image: the code; grid / traversal: the base z. Empty = all zeros (the prior mean).
  int scale = 4;             // nearest-neighbour upscale, 1..16
  // grid: "" = the two dims of highest KL, "pca" = PC1/PC2 of the test codes, or two dims "3,5"
  QString axes;
  int gridSize = 10;         // 3..30 cells per side; samples: count = gridSize^2
  double span = 3.0;         // grid and traversal half-width, in prior sigmas
  bool labels = true;        // axis / row labels with z values
  uint64_t seed = 0;         // samples
  QVector<int> dims;         // traversal: these dims; empty = all, sorted by KL (topK of them when topK > 0)
  int topK = 0;
  int steps = 0;             // traversal (default 9) / interpolation (default 10) images per row
  QString from = QStringLiteral("test:0"), to = QStringLiteral("test:1");  // interpolation endpoints
  // Names of the endpoints in the caption and summary when from / to are long lists of numbers (the
  // GUI's "A" and "B"); empty = from / to themselves.
  QString fromLabel, toLabel;
  bool spherical = false;
  double fps = 8.0;          // GIFs
  QString split = QStringLiteral("test");  // codes: test, train or all
  QString dataSpec;          // overrides the checkpoint's dataset (needed by KL order, PCA, codes, test:N)
  QString presetName = QStringLiteral("exported");  // presets: the name of z when z is given
  // A cvae's class for image, grid, samples, traversal and interpolation; -1 = none chosen: class 0, except samples,
  // whose row r is class r % classCount. Refused for any other model kind and for the other exports.
  int classIndex = -1;
  // class-grid: columns of `steps` random z ~ N(0,I) drawn with seed, instead of a traversal of dims[0] (default:
  // the dimension of highest KL) around z.
  bool random = false;
};

// The files Exporter::run writes for o: o.out, and for weights the architecture JSON beside it.
QStringList exportedFiles(const ExportOptions& o);

// Long exports report progress (done, total) and stop when *cancelled turns true (ExportError "cancelled";
// nothing is written).
struct ExportHooks {
  std::function<void(int64_t, int64_t)> progress;
  const std::atomic<bool>* cancelled = nullptr;
};

// Runs one export of an opened checkpoint; returns a one-line summary ("wrote grid.png (10x10 ...)").
// Throws ExportError for bad options, unwritable paths, unknown dims, z of the wrong length, data the
// model cannot read, cancellation. Everything is written atomically.
class Exporter {
 public:
  explicit Exporter(Checkpoint checkpoint);
  ~Exporter();

  QString run(const ExportOptions& options, const ExportHooks& hooks = {});
  // What run() would write for an image kind, without writing: the one sheet of a PNG, or every frame
  // of a GIF (ping-pong included). The format follows options.out's suffix, or the kind's default when
  // out is empty (a preview before a file is chosen). Throws ExportError as run() does, and for a kind
  // that is not an image export.
  QVector<QImage> render(const ExportOptions& options, const ExportHooks& hooks = {});
  // Uses data, already in memory, instead of loading the checkpoint's dataset spec (or dataSpec): the
  // window has it loaded, and loading Fashion-MNIST again would cost seconds. Tensors are shared, not copied.
  void setDataset(const DatasetSplit& data) {
    data_ = data;
    codes_.reset();
  }
  // How the dataset spec is loaded when an export needs the data (default: loadDatasetSpecWithFolders). The
  // CLI's loader also prints the dataset's warnings (files skipped) as every command does.
  using DatasetLoaderFn = std::function<DatasetSplit(const std::string& spec)>;
  void setDatasetLoader(DatasetLoaderFn load) { loadDataset_ = std::move(load); }

  // Parses "0.1,-1.2,..." into a z; ExportError unless it has latentDim finite values.
  QVector<double> parseZ(const QString& text) const;
  // A code named by spec: "test:N" / "train:N" (that image's mu), "PRESETS.json:NAME", or numbers.
  QVector<double> codeOf(const ExportOptions& o, const QString& spec) { return endpoint(o, spec); }
  const Checkpoint& checkpoint() const { return checkpoint_; }

 private:
  // The pictures of an image kind and the part of run()'s summary in brackets. run() writes them,
  // render() returns them: one code path, so a preview is what the file will hold.
  struct Rendered {
    QVector<QImage> frames;  // one sheet for PNG; the GIF's frames otherwise
    QString details;
  };
  // Checks the scale and, when out is set, its suffix; true when the result is a GIF.
  bool checkImageOptions(const ExportOptions& o) const;
  Rendered renderKind(const ExportOptions& o, bool gif, const ExportHooks& hooks);
  Rendered renderImage(const ExportOptions& o);
  Rendered renderGrid(const ExportOptions& o);
  Rendered renderSamples(const ExportOptions& o);
  Rendered renderTraversal(const ExportOptions& o, bool gif, const ExportHooks& hooks);
  Rendered renderInterpolation(const ExportOptions& o, bool gif, const ExportHooks& hooks);
  Rendered renderTrainingGif(const ExportOptions& o, bool gif);
  Rendered renderClassGrid(const ExportOptions& o);
  // Checks o.classIndex against the model and the kind (ExportError with one line) and sets the decoder's class.
  void applyClass(const ExportOptions& o);
  // The run's class names (from its dataset, "class N" where it has none or cannot be loaded).
  QStringList classNames(const ExportOptions& o);
  QString exportHistory(const ExportOptions& o);
  QString exportCodes(const ExportOptions& o, const ExportHooks& hooks);
  QString exportPlot(const ExportOptions& o);
  QString exportWeights(const ExportOptions& o);
  QString exportPresets(const ExportOptions& o);
  QString exportMutualInformation(const ExportOptions& o);

  QVector<double> baseZ(const ExportOptions& o) const;
  // The dataset of the run (or o.dataSpec), loaded on first use.
  const DatasetSplit& data(const ExportOptions& o);
  // Codes of the first DatasetEncoder::kMaxItems test images, computed on first use.
  const LatentCodes& testCodes(const ExportOptions& o);
  // Dims by KL over the test codes, largest first.
  QVector<int> dimsByKl(const ExportOptions& o);
  // An interpolation endpoint: "test:N", "train:N", "PRESETS.json:NAME" or a list of numbers.
  QVector<double> endpoint(const ExportOptions& o, const QString& spec);

  Checkpoint checkpoint_;
  std::unique_ptr<LatentDecoder> decoder_;
  Vae model_{nullptr};
  std::optional<DatasetSplit> data_;
  DatasetLoaderFn loadDataset_;
  LatentCodesPtr codes_;
};

}  // namespace vae
