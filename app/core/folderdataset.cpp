#include "app/core/folderdataset.h"

#include "app/core/imageconversion.h"
#include "model/datasetloaders.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QSet>

#include <algorithm>
#include <cctype>
#include <vector>

namespace vae {

namespace {
// Bounds on the image side accepted from a spec: below 4 nothing is recognisable, above 512 a folder of
// a few thousand images would not fit in memory as float32.
constexpr int kMinFolderSize = 4;
constexpr int kMaxFolderSize = 512;
// Fixed split seed so "folder:DIR" gives the same train/test split every run (as the other loaders do).
constexpr uint64_t kFolderSplitSeed = 7;
// Share of a folder dataset held out for testing.
constexpr double kFolderTestFraction = 1.0 / 6.0;

std::string str(const QString& s) { return s.toStdString(); }

// Suffixes Qt can decode here, lower case; decides which files in a class folder count as images.
QSet<QString> imageSuffixes() {
  QSet<QString> suffixes;
  for (const QByteArray& format : QImageReader::supportedImageFormats()) suffixes.insert(QString::fromLatin1(format).toLower());
  if (suffixes.contains("jpeg")) suffixes.insert("jpg");
  return suffixes;
}

QStringList imageFilesIn(const QDir& dir, const QSet<QString>& suffixes) {
  QStringList files;
  for (const QFileInfo& info : dir.entryInfoList(QDir::Files | QDir::Readable, QDir::NoSort))
    if (suffixes.contains(info.suffix().toLower())) files.append(info.absoluteFilePath());
  // Plain code-point order: the same on every machine and locale, so datasets stay reproducible.
  std::sort(files.begin(), files.end());
  return files;
}

bool parseInt(const std::string& text, int& value) {
  if (text.empty() || text.size() > 6 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) return false;
  value = std::stoi(text);
  return true;
}
}  // namespace

Dataset loadImageFolder(const QString& dirPath, int size, int channels) {
  const std::string where = str(dirPath);
  if (channels != 1 && channels != 3)
    throw DatasetError(where, "channels must be 1 (gray) or 3 (rgb), got " + std::to_string(channels));
  if (size < kMinFolderSize || size > kMaxFolderSize)
    throw DatasetError(where, "image size must be between " + std::to_string(kMinFolderSize) + " and " +
                                  std::to_string(kMaxFolderSize) + ", got " + std::to_string(size));
  const QDir root(dirPath);
  if (!QFileInfo(dirPath).isDir()) throw DatasetError(where, "no such folder");

  // Class subfolders in code-point order; folders without images are not classes (e.g. a docs folder).
  QStringList subdirs = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::NoSort);
  std::sort(subdirs.begin(), subdirs.end());
  const QSet<QString> suffixes = imageSuffixes();
  std::vector<std::string> classNames;
  std::vector<QStringList> classFiles;
  int64_t total = 0;
  for (const QString& sub : subdirs) {
    QStringList files = imageFilesIn(QDir(root.filePath(sub)), suffixes);
    if (files.isEmpty()) continue;
    total += files.size();
    classNames.push_back(str(sub));
    classFiles.push_back(std::move(files));
  }
  if (total == 0)
    throw DatasetError(where, "no images found; expected one subfolder per class holding PNG or JPEG files "
                              "(DIR/<class>/<image>.png)");

  auto images = torch::empty({total, channels, size, size}, torch::kUInt8);
  auto labels = torch::empty({total}, torch::kInt64);
  int64_t row = 0;
  for (size_t label = 0; label < classFiles.size(); ++label) {
    for (const QString& file : classFiles[label]) {
      QImageReader reader(file);
      // Decoding is not allowed to pick a format from the extension alone: content decides.
      reader.setDecideFormatFromContent(true);
      const QImage image = reader.read();
      if (image.isNull())
        throw DatasetError(str(file), "cannot decode image: " + str(reader.errorString()));
      images[row] = unitToPixels(imageToTensor(image, channels, size, size));
      labels[row] = static_cast<int64_t>(label);
      ++row;
    }
  }

  Dataset dataset;
  const QString absolute = QFileInfo(dirPath).absoluteFilePath();
  dataset.name = str(QFileInfo(absolute).fileName()) + " (image folder)";
  dataset.identity = "folder:" + str(absolute) + ":" + std::to_string(size) + ":" + (channels == 1 ? "gray" : "rgb") +
                     ":" + std::to_string(total);
  dataset.images = images;
  dataset.labels = labels;
  dataset.classNames = std::move(classNames);
  return dataset;
}

DatasetSplit loadDatasetSpecWithFolders(const std::string& spec) {
  const std::string prefix = "folder:";
  if (spec.compare(0, prefix.size(), prefix) != 0) return loadDatasetSpec(spec);

  // Options are peeled off the right so a folder path may itself contain ':'.
  std::string dir = spec.substr(prefix.size());
  int channels = kFolderDefaultChannels;
  int size = kFolderDefaultSize;
  auto lastField = [&dir]() {
    const size_t colon = dir.rfind(':');
    return colon == std::string::npos ? std::string() : dir.substr(colon + 1);
  };
  auto dropLastField = [&dir]() { dir.erase(dir.rfind(':')); };
  std::string field = lastField();
  if (field == "gray" || field == "rgb") {
    channels = field == "gray" ? 1 : 3;
    dropLastField();
    field = lastField();
  }
  // The size is optional even before gray|rgb; a non-number stays part of the path and fails as a folder.
  if (parseInt(field, size)) dropLastField();
  if (dir.empty()) throw DatasetError(spec, "expected folder:DIR[:SIZE[:gray|rgb]], the folder is missing");

  const Dataset all = loadImageFolder(QString::fromStdString(dir), size, channels);
  if (all.size() < 2)
    throw DatasetError(dir, "only " + std::to_string(all.size()) + " image; need at least 2 to split into train and test");
  return splitDataset(all, kFolderTestFraction, kFolderSplitSeed);
}

}  // namespace vae
