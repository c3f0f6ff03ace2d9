// CIFAR-100, binary version (declared in datasetloaders.h).
#include "model/datasetfiles.h"
#include "model/datasetloaders.h"

namespace vae {

namespace {

namespace fs = std::filesystem;

// CIFAR-100 binary records: a coarse label byte (20 superclasses), a fine label byte (100 classes), then 32x32
// red, green and blue planes.
constexpr int64_t kSide = 32;
constexpr int64_t kChannels = 3;
constexpr int64_t kPixels = kChannels * kSide * kSide;
constexpr int64_t kRecord = 2 + kPixels;
constexpr int64_t kCoarseClasses = 20;
constexpr int64_t kFineClasses = 100;
// The official tarball unpacks into this folder; its parent is accepted as well.
constexpr char kTarballFolder[] = "cifar-100-binary";
constexpr char kFineNamesFile[] = "fine_label_names.txt";

// The fine class names, one a line, when the file is there; it must then name all 100.
std::vector<std::string> fineLabelNames(const fs::path& root) {
  const fs::path file = root / kFineNamesFile;
  if (!pathExists(file)) return {};
  const std::vector<uint8_t> bytes = readFileBytes(file.string());
  std::vector<std::string> names;
  std::string line;
  for (size_t i = 0; i <= bytes.size(); ++i) {
    const char c = i < bytes.size() ? static_cast<char>(bytes[i]) : '\n';
    if (c == '\r') continue;
    if (c != '\n') {
      line += c;
      continue;
    }
    if (!line.empty()) names.push_back(line);
    line.clear();
  }
  if (static_cast<int64_t>(names.size()) != kFineClasses)
    throw DatasetError(file.string(), "holds " + std::to_string(names.size()) + " class names, expected " +
                                          std::to_string(kFineClasses));
  return names;
}

}  // namespace

Dataset loadCifar100Batch(const std::string& path) {
  const std::vector<uint8_t> b = readFileBytes(path);
  if (b.empty()) throw DatasetError(path, "empty file");
  if (b.size() % kRecord != 0)
    throw DatasetError(path, "size " + std::to_string(b.size()) + " bytes is not a whole number of " +
                                 std::to_string(kRecord) + "-byte CIFAR-100 records");
  const int64_t n = static_cast<int64_t>(b.size()) / kRecord;
  const auto records = torch::from_blob(const_cast<uint8_t*>(b.data()), {n, kRecord}, torch::kUInt8);
  checkLabelRange(records.select(1, 0).to(torch::kLong), kCoarseClasses, path, "record");
  Dataset d;
  d.name = "CIFAR-100";
  d.identity = "cifar100-batch:" + path;
  d.labels = records.select(1, 1).to(torch::kLong);
  checkLabelRange(d.labels, kFineClasses, path, "record");
  // The pixel bytes are channel-major (R plane, G plane, B plane), i.e. CHW; clone() owns them.
  d.images = records.slice(1, 2, kRecord).reshape({n, kChannels, kSide, kSide}).clone();
  return d;
}

DatasetSplit loadCifar100(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw DatasetError(dir, "not a directory (expected CIFAR-100 train.bin and test.bin)");
  fs::path root(dir);
  if (!pathExists(root / "test.bin") && pathExists(root / kTarballFolder / "test.bin")) root /= kTarballFolder;
  for (const char* name : {"train.bin", "test.bin"})
    if (!pathExists(root / name))
      throw DatasetError((root / name).string(), "missing file (CIFAR-100 needs train.bin and test.bin)");
  const std::vector<std::string> names = fineLabelNames(root);
  DatasetSplit split;
  split.train = loadCifar100Batch((root / "train.bin").string());
  split.test = loadCifar100Batch((root / "test.bin").string());
  split.train.classNames = split.test.classNames = names;
  return split;
}

}  // namespace vae
