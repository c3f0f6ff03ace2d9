// NumPy arrays as datasets: npy:IMAGES[,LABELS] and npz:FILE[:KEY[,LABELSKEY]] (declared in datasetloaders.h).
#include "model/datasetfiles.h"
#include "model/datasetloaders.h"
#include "model/npyformat.h"
#include "model/zipreader.h"

#include <algorithm>
#include <optional>

namespace vae {

namespace {

namespace fs = std::filesystem;

// numpy.savez names each array KEY.npy inside the archive.
constexpr char kNpySuffix[] = ".npy";
// Without a key, these names are taken for the images and the labels, first found first.
const std::vector<std::string> kImageKeys = {"images", "x"};
const std::vector<std::string> kLabelKeys = {"labels", "y"};

void checkCounts(const Dataset& d, const std::string& labelsFile, const std::string& what) {
  if (d.labels.defined() && d.labels.size(0) != d.images.size(0))
    throw DatasetError(labelsFile, what + "count mismatch: " + std::to_string(d.labels.size(0)) + " labels for " +
                                       std::to_string(d.images.size(0)) + " images");
}

std::string keyOf(const ZipEntry& e) {
  const std::string& n = e.name;
  const size_t suffix = sizeof kNpySuffix - 1;
  return n.size() > suffix && n.compare(n.size() - suffix, suffix, kNpySuffix) == 0 ? n.substr(0, n.size() - suffix) : n;
}

std::string keyList(const std::vector<ZipEntry>& entries) {
  std::string list;
  for (const ZipEntry& e : entries) list += (list.empty() ? "" : ", ") + keyOf(e);
  return list.empty() ? "no arrays" : list;
}

const ZipEntry* findKey(const std::vector<ZipEntry>& entries, const std::string& key) {
  const auto it = std::find_if(entries.begin(), entries.end(), [&](const ZipEntry& e) { return keyOf(e) == key; });
  return it == entries.end() ? nullptr : &*it;
}

// The images' array: the key given, else the archive's only array, else one named as in kImageKeys.
const ZipEntry& imagesEntry(const std::vector<ZipEntry>& entries, const std::string& key, const std::string& path) {
  if (!key.empty()) {
    if (const ZipEntry* e = findKey(entries, key)) return *e;
    throw DatasetError(path, "no array '" + key + "' (it holds " + keyList(entries) + ")");
  }
  if (entries.size() == 1) return entries.front();
  for (const std::string& k : kImageKeys)
    if (const ZipEntry* e = findKey(entries, k)) return *e;
  throw DatasetError(path, "holds " + keyList(entries) + "; name the images' array: npz:FILE:KEY[,LABELSKEY]");
}

// The labels' array: the key given, else one named as in kLabelKeys, else none.
const ZipEntry* labelsEntry(const std::vector<ZipEntry>& entries, const std::string& key, const ZipEntry& images,
                            const std::string& path) {
  if (!key.empty()) {
    if (const ZipEntry* e = findKey(entries, key)) return e;
    throw DatasetError(path, "no array '" + key + "' (it holds " + keyList(entries) + ")");
  }
  for (const std::string& k : kLabelKeys)
    if (const ZipEntry* e = findKey(entries, k); e && e != &images) return e;
  return nullptr;
}

template <typename Read>
torch::Tensor readEntry(std::ifstream& in, uint64_t fileSize, const ZipEntry& entry, const std::string& path,
                        const Read& read) {
  const std::string what = "array '" + keyOf(entry) + "': ";
  ZipEntrySource src(in, fileSize, entry, path);
  const NpyHeader header = readNpyHeader(src, what);
  return read(src, header, what);
}

}  // namespace

Dataset loadNpy(const std::string& imagesPath, const std::string& labelsPath) {
  Dataset d;
  d.name = fs::path(imagesPath).filename().string();
  d.identity = "npy:" + imagesPath + (labelsPath.empty() ? "" : "," + labelsPath);
  {
    uint64_t size = 0;
    std::ifstream in = openBinaryFile(imagesPath, size);
    FileRegionSource src(in, imagesPath, 0, size);
    d.images = readNpyImages(src, readNpyHeader(src, ""), "");
  }
  if (!labelsPath.empty()) {
    uint64_t size = 0;
    std::ifstream in = openBinaryFile(labelsPath, size);
    FileRegionSource src(in, labelsPath, 0, size);
    d.labels = readNpyLabels(src, readNpyHeader(src, ""), "");
    checkCounts(d, labelsPath, "");
  }
  return d;
}

Dataset loadNpz(const std::string& path, const std::string& imagesKey, const std::string& labelsKey) {
  uint64_t size = 0;
  std::ifstream in = openBinaryFile(path, size);
  const std::vector<ZipEntry> entries = readZipDirectory(in, size, path);
  const ZipEntry& images = imagesEntry(entries, imagesKey, path);
  const ZipEntry* labels = labelsEntry(entries, labelsKey, images, path);
  Dataset d;
  d.name = fs::path(path).filename().string();
  d.identity = "npz:" + path + ":" + keyOf(images) + (labels ? "," + keyOf(*labels) : "");
  d.images = readEntry(in, size, images, path, readNpyImages);
  if (labels) {
    d.labels = readEntry(in, size, *labels, path, readNpyLabels);
    checkCounts(d, path, "array '" + keyOf(*labels) + "': ");
  }
  return d;
}

}  // namespace vae
