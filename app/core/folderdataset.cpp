#include "app/core/folderdataset.h"

#include "app/core/folderdecode.h"
#include "app/core/folderscan.h"
#include "model/datasetloaders.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace vae {

namespace {
// Fixed split seed so "folder:DIR" gives the same train/test split every run (as the other loaders do).
constexpr uint64_t kFolderSplitSeed = 7;
// Share of a folder dataset held out for testing when it has no test/ folder.
constexpr double kFolderTestFraction = 1.0 / 6.0;

std::string str(const QString& s) { return s.toStdString(); }
// Warnings and refusals are translated in the window (the CLI loads no translator and stays English). They are
// spelled QCoreApplication::translate("vae", ...), which lupdate reads as written; a tr() helper inside a
// function returning std::string is filed by lupdate under the context "std", where the window never looks.

// The one place where decoded bytes become a dataset's images: [N,C,H,W] uint8, as vae::Dataset holds them.
torch::Tensor imagesFromBytes(const torch::Tensor& bytes) { return bytes; }

void checkOptions(const std::string& where, const FolderOptions& o) {
  if (o.channels != 1 && o.channels != 3)
    throw DatasetError(where, "channels must be 1 (gray) or 3 (rgb), got " + std::to_string(o.channels));
  if (o.size < kFolderMinSize || o.size > kFolderMaxSize)
    throw DatasetError(where, "image size must be between " + std::to_string(kFolderMinSize) + " and " +
                                  std::to_string(kFolderMaxSize) + ", got " + std::to_string(o.size));
}

// Skipped files over all sets of one load, for the one summary line.
struct SkipTally {
  int64_t files = 0;
  int64_t skipped = 0;
  QString first;
  std::string reason;
};

std::string firstSkipped(const QString& file, const std::string& reason) {
  return str(QCoreApplication::translate("vae", "first: %1: %2").arg(file, QString::fromStdString(reason)));
}

// One set decoded: its images, and its labels for the files that were kept.
Dataset decodeSet(const FolderImages& set, const FolderOptions& options, SkipTally& tally) {
  DecodedImages decoded = decodeImageFiles(set.files, options);
  const int64_t total = set.files.size();
  tally.files += total;
  if (decoded.skipped > 0 && tally.skipped == 0) {
    tally.first = decoded.firstSkipped;
    tally.reason = decoded.firstReason;
  }
  tally.skipped += decoded.skipped;
  if (decoded.bytes.size(0) == 0) {
    const QString first = QString::fromStdString(firstSkipped(decoded.firstSkipped, decoded.firstReason));
    const QString why =
        total == 1
            ? QCoreApplication::translate("vae", "no usable images: its one image file was skipped; %1").arg(first)
            : QCoreApplication::translate("vae", "no usable images: all %1 image files were skipped; %2")
                  .arg(total)
                  .arg(first);
    throw DatasetError(str(set.root), str(why));
  }
  Dataset d;
  d.images = imagesFromBytes(decoded.bytes);
  if (!set.labels.empty()) {
    std::vector<int64_t> labels;
    for (size_t i = 0; i < set.labels.size(); ++i)
      if (decoded.kept[i]) labels.push_back(set.labels[i]);
    d.labels = torch::tensor(labels, torch::kInt64);
  }
  return d;
}

// The warning lines of one load of the folder dir.
std::vector<std::string> warningsOf(const QString& dir, const SkipTally& tally,
                                    std::initializer_list<const FolderImages*> sets) {
  std::vector<std::string> lines;
  if (tally.skipped > 0)
    lines.push_back(str(QCoreApplication::translate("vae", "skipped %1 of %2 files in %3: %4")
                            .arg(tally.skipped)
                            .arg(tally.files)
                            .arg(dir, QString::fromStdString(firstSkipped(tally.first, tally.reason)))));
  for (const FolderImages* set : sets)
    if (set->looseIgnored > 0)
      lines.push_back(str(QCoreApplication::translate("vae",
                                                      "ignored %1 images directly in %2: beside class folders only "
                                                      "the images inside them count (torchvision's ImageFolder rule)")
                              .arg(set->looseIgnored)
                              .arg(set->root)));
  return lines;
}

// "folder:/abs/dir:28:gray" (+ ":crop"): what the images are, before their count.
std::string identityOf(const QString& dir, const FolderOptions& o) {
  return "folder:" + str(QFileInfo(dir).absoluteFilePath()) + ":" + std::to_string(o.size) + ":" +
         (o.channels == 1 ? "gray" : "rgb") + (o.fit == FolderFit::Crop ? ":crop" : "");
}

std::string nameOf(const QString& dir) {
  return str(QFileInfo(QFileInfo(dir).absoluteFilePath()).fileName()) + " (image folder)";
}

// Dataset a set was decoded into, named and labelled.
void describe(Dataset& d, const QString& dir, const FolderLayout& layout, const std::string& identity) {
  d.name = nameOf(dir);
  d.identity = identity;
  d.classNames = layout.classNames;
}

// The part of a spec's folder that is no folder, when a shorter part is one: "crp" of "/data/pets:64:crp:rgb".
void rejectUnknownOption(const std::string& spec, const std::string& dir) {
  if (QFileInfo::exists(QString::fromStdString(dir))) return;
  for (size_t colon = dir.rfind(':'); colon != std::string::npos && colon > 0; colon = dir.rfind(':', colon - 1)) {
    if (!QFileInfo(QString::fromStdString(dir.substr(0, colon))).isDir()) continue;
    // The first field after the folder that is no option (those after the unknown one were not peeled off).
    std::string field;
    for (size_t start = colon + 1; start <= dir.size(); start = dir.find(':', start) + 1) {
      field = dir.substr(start, dir.find(':', start) - start);
      if (!isFolderOption(field) || dir.find(':', start) == std::string::npos) break;
    }
    throw DatasetError(spec, "unknown option '" + field + "'; expected SIZE (" + std::to_string(kFolderMinSize) + "-" +
                                 std::to_string(kFolderMaxSize) + "), gray or rgb, crop or stretch");
  }
}

// A folder without train/ and test/ as one dataset.
Dataset loadWhole(const QString& dir, const FolderLayout& layout, const FolderOptions& options,
                  std::vector<std::string>* warnings) {
  SkipTally tally;
  Dataset d = decodeSet(layout.all, options, tally);
  describe(d, dir, layout, identityOf(dir, options) + ":" + std::to_string(d.size()));
  if (warnings) {
    const std::vector<std::string> lines = warningsOf(dir, tally, {&layout.all});
    warnings->insert(warnings->end(), lines.begin(), lines.end());
  }
  return d;
}
}  // namespace

Dataset loadImageFolder(const QString& dir, const FolderOptions& options, std::vector<std::string>* warnings) {
  checkOptions(str(dir), options);
  return loadWhole(dir, scanImageFolder(dir, /*findSplit=*/false), options, warnings);
}

Dataset loadImageFolder(const QString& dir, int size, int channels) {
  FolderOptions options;
  options.size = size;
  options.channels = channels;
  return loadImageFolder(dir, options);
}

DatasetSplit loadImageFolderSplit(const QString& dir, const FolderOptions& options) {
  checkOptions(str(dir), options);
  const FolderLayout layout = scanImageFolder(dir);
  if (!layout.split) {
    std::vector<std::string> warnings;
    Dataset all = loadWhole(dir, layout, options, &warnings);
    if (all.size() < 2)
      throw DatasetError(str(dir), "only " + std::to_string(all.size()) + " image; need at least 2 to split into train and test");
    // Moved: the split shuffles the rows in place instead of copying every image (a large folder's peak).
    DatasetSplit split = splitDataset(std::move(all), kFolderTestFraction, kFolderSplitSeed);
    split.warnings = std::move(warnings);
    return split;
  }
  SkipTally tally;
  DatasetSplit split;
  split.train = decodeSet(layout.train, options, tally);
  split.test = decodeSet(layout.test, options, tally);
  const int64_t nTrain = split.train.size(), nTest = split.test.size();
  // Shaped like a shuffled split's identities: what the images are, how many, which part.
  const std::string base = identityOf(dir, options) + ":" + std::to_string(nTrain + nTest);
  describe(split.train, dir, layout, base + ":train:" + std::to_string(nTrain));
  describe(split.test, dir, layout, base + ":test:" + std::to_string(nTest));
  split.warnings = warningsOf(dir, tally, {&layout.train, &layout.test});
  return split;
}

DatasetSplit loadDatasetSpecWithFolders(const std::string& spec) {
  const std::string prefix = "folder:";
  if (spec.compare(0, prefix.size(), prefix) != 0) return loadDatasetSpec(spec);
  const FolderSpec folder = parseFolderSpec(spec);
  rejectUnknownOption(spec, folder.dir);
  return loadImageFolderSplit(QString::fromStdString(folder.dir), folder.options);
}

}  // namespace vae
