#include "model/datasetloaders.h"

#include "model/datasetfiles.h"

#include <ATen/Parallel.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <utility>

namespace vae {

const std::vector<std::string> kFashionMnistClassNames = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

// IDX magic numbers: two zero bytes, type 0x08 (unsigned byte), then the number of dimensions.
constexpr uint32_t kIdxImagesMagic = 0x00000803;
constexpr uint32_t kIdxLabelsMagic = 0x00000801;
constexpr size_t kIdxImagesHeader = 16;  // magic + count + rows + cols
constexpr size_t kIdxLabelsHeader = 8;   // magic + count
// No real IDX image is this large; a bigger side means a corrupt header, and the cap keeps
// count * rows * cols inside 64 bits.
constexpr uint64_t kMaxIdxSide = 16384;

// CIFAR-10 binary records: one label byte then 32x32 red, green and blue planes.
constexpr int64_t kCifarSide = 32;
constexpr int64_t kCifarChannels = 3;
constexpr int64_t kCifarPixels = kCifarChannels * kCifarSide * kCifarSide;
constexpr int64_t kCifarRecord = 1 + kCifarPixels;
constexpr int kCifarTrainBatches = 5;
const std::vector<std::string> kCifarClassNames = {"airplane", "automobile", "bird", "cat", "deer",
                                                   "dog",      "frog",       "horse", "ship", "truck"};

// Specs loaded from files are split with this seed and fraction (Fashion-MNIST's own 1:6 ratio).
constexpr uint64_t kSpecSplitSeed = 0;
constexpr double kSpecTestFraction = 1.0 / 6.0;

const std::vector<std::string> kShapeNames = {"square", "ellipse", "heart"};
const std::vector<std::string> kShapeFactorNames = {"shape", "scale", "rotation", "x", "y"};
// Largest shape radius as a fraction of the image side; positions keep the whole shape inside.
constexpr double kShapeMaxRadius = 0.18;
constexpr double kShapeMinScale = 0.5;
// The rotated square's corner reaches sqrt(2) radii from the centre; the heart's lobes slightly less.
constexpr double kShapeReach = 1.45;
// Supersampling per axis: 2x2 samples give soft edges at a quarter of the cost of 4x4.
constexpr int kShapeSamples = 2;
// Keeps memory sane for a typo such as shapes:64:10000000 (2^30 bytes = 1 GB).
constexpr int64_t kShapesMaxPixels = int64_t{1} << 30;

const char* kUnknownSpec =
    "unknown dataset spec; expected fashion-mnist, shapes[:SIZE[:COUNT]], idx:IMAGES[,LABELS][:transpose], "
    "npy:IMAGES[,LABELS], npz:FILE[:KEY[,LABELSKEY]], cifar10:DIR, cifar100:DIR or folder:DIR";
// idx:...:transpose reads EMNIST, whose IDX files store each image transposed.
const char* kTransposeSuffix = ":transpose";

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

uint32_t readBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

bool isGzip(const Bytes& b) { return b.size() >= 2 && b[0] == 0x1f && b[1] == 0x8b; }

// Inflates a gzip file held in memory (one or more concatenated members), keeping at most `keep` bytes of
// its content. Without `total` it stops there; with it, the rest is still inflated (so a damaged stream is
// reported) into a small scratch buffer and only counted: *total is the whole content's size.
Bytes gunzip(const Bytes& in, const std::string& path, size_t keep = SIZE_MAX, uint64_t* total = nullptr) {
  z_stream zs{};
  // 16 + MAX_WBITS: expect a gzip wrapper, not raw zlib.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw DatasetError(path, "gzip error: cannot initialise zlib");
  struct Guard {
    z_stream* s;
    ~Guard() { inflateEnd(s); }
  } guard{&zs};

  // The trailer's ISIZE is the uncompressed size mod 2^32: a good first guess, capped by deflate's
  // best possible ratio so a forged trailer cannot make us reserve gigabytes.
  size_t guess = in.size() * 4;
  if (in.size() >= 4) {
    const uint8_t* t = in.data() + in.size() - 4;
    const size_t isize = uint32_t{t[0]} | (uint32_t{t[1]} << 8) | (uint32_t{t[2]} << 16) | (uint32_t{t[3]} << 24);
    guess = std::min(std::max<size_t>(isize, 1024), in.size() * 1032 + 1024);
  }
  Bytes out(std::min(guess, keep));
  Bytes scratch;  // receives the content beyond `keep`
  size_t produced = 0;
  uint64_t dropped = 0;
  size_t consumed = 0;
  for (;;) {
    if (produced == out.size() && produced < keep) out.resize(std::min(out.size() * 2, keep));
    const bool keeping = produced < out.size();
    if (!keeping && !total) break;
    if (!keeping && scratch.empty()) scratch.resize(size_t{1} << 16);
    zs.next_in = const_cast<Bytef*>(in.data() + consumed);
    const size_t inChunk = std::min<size_t>(in.size() - consumed, UINT32_MAX);
    zs.avail_in = static_cast<uInt>(inChunk);
    zs.next_out = keeping ? out.data() + produced : scratch.data();
    const size_t outChunk = std::min<size_t>(keeping ? out.size() - produced : scratch.size(), UINT32_MAX);
    zs.avail_out = static_cast<uInt>(outChunk);
    const int rc = inflate(&zs, Z_NO_FLUSH);
    consumed += inChunk - zs.avail_in;
    (keeping ? produced : dropped) += outChunk - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Another member may follow (as `cat a.gz b.gz` makes); anything else after the end is ignored,
      // as gzip itself does with trailing padding.
      if (in.size() - consumed >= 2 && in[consumed] == 0x1f && in[consumed + 1] == 0x8b) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_out != 0) {
      throw DatasetError(path, "gzip error: compressed data ends early (file truncated?)");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      const char* msg = zs.msg ? zs.msg : (rc == Z_MEM_ERROR ? "out of memory" : "corrupt stream");
      throw DatasetError(path, std::string("gzip error: ") + msg);
    }
    if (consumed == in.size() && zs.avail_out != 0 && rc == Z_OK) {
      // All input consumed, output room left, yet no stream end: the file is cut short.
      throw DatasetError(path, "gzip error: compressed data ends early (file truncated?)");
    }
  }
  out.resize(produced);
  if (total) *total = produced + dropped;
  return out;
}

// The file's content, inflated when it starts with the gzip magic (whatever its name says); `size` is the
// content's full size. A .gz keeps no more than its IDX header declares (idxSize reads that from the first
// headerSize bytes; 0 when the header is unusable, which the caller then reports) and only counts the
// rest, so a small forged file cannot expand into gigabytes of memory before the size check (1 MB of
// gzip inflates to 1 GB).
Bytes readMaybeGzip(const std::string& path, size_t headerSize, uint64_t (*idxSize)(const Bytes&), uint64_t& size) {
  Bytes raw = readFileBytes(path);
  if (!isGzip(raw)) {
    size = raw.size();
    return raw;
  }
  const uint64_t declared = idxSize(gunzip(raw, path, headerSize));
  const uint64_t keep = declared == 0 ? headerSize : declared;
  return gunzip(raw, path, keep >= SIZE_MAX ? SIZE_MAX : static_cast<size_t>(keep), &size);
}

// Total size an IDX images header declares, or 0 when the header is missing, wrong or implausible.
uint64_t idxImagesSize(const Bytes& h) {
  if (h.size() < kIdxImagesHeader || readBigEndian32(h.data()) != kIdxImagesMagic) return 0;
  const uint64_t n = readBigEndian32(h.data() + 4), rows = readBigEndian32(h.data() + 8),
                 cols = readBigEndian32(h.data() + 12);
  if (n == 0 || rows == 0 || cols == 0 || rows > kMaxIdxSide || cols > kMaxIdxSide) return 0;
  return kIdxImagesHeader + n * rows * cols;
}

// Total size an IDX labels header declares, or 0 when the header is missing, wrong or empty.
uint64_t idxLabelsSize(const Bytes& h) {
  if (h.size() < kIdxLabelsHeader || readBigEndian32(h.data()) != kIdxLabelsMagic) return 0;
  const uint64_t n = readBigEndian32(h.data() + 4);
  return n == 0 ? 0 : kIdxLabelsHeader + n;
}

void checkIdxMagic(const Bytes& b, size_t headerSize, uint32_t expected, const char* what,
                   const std::string& path) {
  if (b.empty()) throw DatasetError(path, "empty file");
  if (b.size() < 4)
    throw DatasetError(path, "truncated header: " + std::to_string(b.size()) + " bytes (an IDX " + what +
                                 " header needs " + std::to_string(headerSize) + ")");
  const uint32_t magic = readBigEndian32(b.data());
  if (magic != expected) {
    std::string problem = "bad magic number " + hex32(magic) + " (expected " + hex32(expected) +
                          " for IDX " + what + ")";
    if (magic == kIdxImagesMagic) problem += "; this is an IDX images file";
    if (magic == kIdxLabelsMagic) problem += "; this is an IDX labels file";
    throw DatasetError(path, problem);
  }
  if (b.size() < headerSize)
    throw DatasetError(path, "truncated header: " + std::to_string(b.size()) + " bytes (an IDX " + what +
                                 " header needs " + std::to_string(headerSize) + ")");
}

torch::Tensor decodeIdxImages(const std::string& path) {
  uint64_t size = 0;
  const Bytes b = readMaybeGzip(path, kIdxImagesHeader, idxImagesSize, size);
  checkIdxMagic(b, kIdxImagesHeader, kIdxImagesMagic, "images", path);
  const uint64_t n = readBigEndian32(b.data() + 4);
  const uint64_t rows = readBigEndian32(b.data() + 8);
  const uint64_t cols = readBigEndian32(b.data() + 12);
  const std::string shape = std::to_string(n) + " images of " + std::to_string(rows) + "x" + std::to_string(cols);
  if (n == 0 || rows == 0 || cols == 0) throw DatasetError(path, "zero dimension in header: " + shape);
  if (rows > kMaxIdxSide || cols > kMaxIdxSide)
    throw DatasetError(path, "implausible image size in header: " + shape);
  // Compare the declared size with the bytes actually present before allocating anything,
  // so a corrupt count of billions fails at once.
  const uint64_t need = n * rows * cols;
  const uint64_t have = size - kIdxImagesHeader;
  if (have < need)
    throw DatasetError(path, "truncated: header says " + shape + " but file holds " + std::to_string(have) +
                                 " bytes of pixel data (expected " + std::to_string(need) + ")");
  if (have > need)
    throw DatasetError(path, "size mismatch: header says " + shape + " (" + std::to_string(need) +
                                 " bytes) but file holds " + std::to_string(have) + " bytes of pixel data");
  const auto in = torch::from_blob(const_cast<uint8_t*>(b.data() + kIdxImagesHeader),
                                   {static_cast<int64_t>(n), 1, static_cast<int64_t>(rows), static_cast<int64_t>(cols)},
                                   torch::kUInt8);
  // clone() copies, so the tensor owns its memory once the byte buffer goes away.
  return in.clone();
}

torch::Tensor decodeIdxLabels(const std::string& path) {
  uint64_t size = 0;
  const Bytes b = readMaybeGzip(path, kIdxLabelsHeader, idxLabelsSize, size);
  checkIdxMagic(b, kIdxLabelsHeader, kIdxLabelsMagic, "labels", path);
  const uint64_t n = readBigEndian32(b.data() + 4);
  if (n == 0) throw DatasetError(path, "zero dimension in header: 0 labels");
  const uint64_t have = size - kIdxLabelsHeader;
  if (have < n)
    throw DatasetError(path, "truncated: header says " + std::to_string(n) + " labels but file holds " +
                                 std::to_string(have) + " bytes of label data");
  if (have > n)
    throw DatasetError(path, "size mismatch: header says " + std::to_string(n) + " labels but file holds " +
                                 std::to_string(have) + " bytes of label data");
  const auto in = torch::from_blob(const_cast<uint8_t*>(b.data() + kIdxLabelsHeader),
                                   {static_cast<int64_t>(n)}, torch::kUInt8);
  return in.to(torch::kLong);
}

void setSplitIdentity(DatasetSplit& split, const std::string& base) {
  split.train.identity = base + ":train:" + std::to_string(split.train.size());
  split.test.identity = base + ":test:" + std::to_string(split.test.size());
}

// "A<sep>B" as {A, B} (at the last separator), or {text, ""}. A path may itself contain the separator: with
// checkFile, text that names an existing file is never split.
std::pair<std::string, std::string> splitPair(const std::string& text, char separator, bool checkFile = true) {
  const size_t at = text.rfind(separator);
  if (at == std::string::npos || (checkFile && pathExists(text))) return {text, {}};
  return {text.substr(0, at), text.substr(at + 1)};
}

// Removes suffix from the end of text when it is there and text is not itself an existing file.
bool dropSuffix(std::string& text, const std::string& suffix) {
  if (text.size() <= suffix.size() || text.compare(text.size() - suffix.size(), suffix.size(), suffix) != 0 ||
      pathExists(text))
    return false;
  text.erase(text.size() - suffix.size());
  return true;
}

// A dataset from one file, split 5/6 train by the fixed seed; a file of one image cannot be split.
DatasetSplit splitFileDataset(Dataset&& all, const std::string& file) {
  if (all.size() < 2)
    throw DatasetError(file, "only " + std::to_string(all.size()) + " image; need at least 2 to split into train and test");
  return splitDataset(std::move(all), kSpecTestFraction, kSpecSplitSeed);
}

// Parses the whole of text as a decimal integer, or returns false.
bool parseInt(const std::string& text, int64_t& value) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, value);
  return r.ec == std::errc() && r.ptr == end;
}

// --- shapes -------------------------------------------------------------------------------------

// 53 random bits as a double in [0,1): unlike std::uniform_real_distribution this is the same
// on every standard library, so a seed means the same images everywhere.
double unitDouble(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// Inside tests in the shape's own frame: (u,v) in radii, v pointing up.
bool insideShape(int shape, double u, double v) {
  switch (shape) {
    case 0:  // square of half-side one radius
      return std::abs(u) <= 1.0 && std::abs(v) <= 1.0;
    case 1: {  // ellipse, 1 x 0.55 radii, elongated so its rotation is visible
      const double w = v / 0.55;
      return u * u + w * w <= 1.0;
    }
    default: {
      // Heart curve (x^2 + y^2 - 1)^3 - x^2 y^3 <= 0; it spans about [-1.14,1.14] x [-1,1.25],
      // so shrink and shift it to sit around the centre with a reach of about one radius.
      const double x = u * 1.15;
      const double y = v * 1.15 + 0.12;
      const double r = x * x + y * y - 1.0;
      return r * r * r - x * x * y * y * y <= 0.0;
    }
  }
}

void renderShape(float* img, int64_t side, int shape, double radius, double angle, double cx, double cy) {
  const double c = std::cos(angle);
  const double s = std::sin(angle);
  const double inv = 1.0 / radius;
  // Only pixels within reach of the centre can be covered.
  const double reach = radius * kShapeReach + 1.0;
  const int64_t x0 = std::max<int64_t>(0, static_cast<int64_t>(std::floor(cx - reach)));
  const int64_t x1 = std::min<int64_t>(side - 1, static_cast<int64_t>(std::ceil(cx + reach)));
  const int64_t y0 = std::max<int64_t>(0, static_cast<int64_t>(std::floor(cy - reach)));
  const int64_t y1 = std::min<int64_t>(side - 1, static_cast<int64_t>(std::ceil(cy + reach)));
  constexpr double kStep = 1.0 / kShapeSamples;
  constexpr float kWeight = 1.0f / (kShapeSamples * kShapeSamples);
  for (int64_t py = y0; py <= y1; ++py) {
    for (int64_t px = x0; px <= x1; ++px) {
      float cover = 0.0f;
      for (int sy = 0; sy < kShapeSamples; ++sy) {
        const double dy = (static_cast<double>(py) + (sy + 0.5) * kStep) - cy;
        for (int sx = 0; sx < kShapeSamples; ++sx) {
          const double dx = (static_cast<double>(px) + (sx + 0.5) * kStep) - cx;
          // Rotate the sample back into the shape's frame; image rows grow downwards, so flip v.
          const double u = (c * dx + s * dy) * inv;
          const double v = -(-s * dx + c * dy) * inv;
          if (insideShape(shape, u, v)) cover += kWeight;
        }
      }
      img[py * side + px] = cover;
    }
  }
}

}  // namespace

std::string fashionMnistDir() {
  const char* env = std::getenv("VAE_STUDIO_FASHION_MNIST_DIR");
  return (env && *env) ? std::string(env) : std::string(kFashionMnistDir);
}

namespace {
const std::array<const char*, 4> kFashionFiles = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                                   "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

// The Debian package ships .gz files; an unpacked copy from elsewhere is accepted too.
std::string findFashionFile(const std::string& dir, const char* base) {
  const fs::path gz = fs::path(dir) / (std::string(base) + ".gz");
  if (pathExists(gz)) return gz.string();
  const fs::path raw = fs::path(dir) / base;
  if (pathExists(raw)) return raw.string();
  return {};
}
}  // namespace

bool fashionMnistInstalled() {
  const std::string dir = fashionMnistDir();
  for (const char* f : kFashionFiles)
    if (findFashionFile(dir, f).empty()) return false;
  return true;
}

std::string defaultDatasetSpec() { return fashionMnistInstalled() ? "fashion-mnist" : "shapes"; }

Dataset loadIdx(const std::string& imagesPath, const std::string& labelsPath, bool transposed) {
  Dataset d;
  d.name = fs::path(imagesPath).filename().string();
  d.identity = "idx:" + imagesPath + (labelsPath.empty() ? "" : "," + labelsPath) + (transposed ? ":transpose" : "");
  d.images = decodeIdxImages(imagesPath);
  if (transposed) d.images = d.images.transpose(2, 3).contiguous();
  if (!labelsPath.empty()) {
    d.labels = decodeIdxLabels(labelsPath);
    if (d.labels.size(0) != d.images.size(0))
      throw DatasetError(labelsPath, "count mismatch: " + std::to_string(d.labels.size(0)) +
                                         " labels but " + fs::path(imagesPath).filename().string() +
                                         " holds " + std::to_string(d.images.size(0)) + " images");
  }
  return d;
}

DatasetSplit loadFashionMnist(const std::string& dir) {
  std::array<std::string, 4> paths;
  for (size_t i = 0; i < kFashionFiles.size(); ++i) {
    paths[i] = findFashionFile(dir, kFashionFiles[i]);
    if (paths[i].empty())
      throw DatasetError(dir, std::string("Fashion-MNIST not found (no ") + kFashionFiles[i] +
                                  ".gz); install the Debian package dataset-fashion-mnist");
  }
  DatasetSplit split;
  split.train = loadIdx(paths[0], paths[1]);
  split.test = loadIdx(paths[2], paths[3]);
  const int64_t classes = static_cast<int64_t>(kFashionMnistClassNames.size());
  checkLabelRange(split.train.labels, classes, paths[1], "item");
  checkLabelRange(split.test.labels, classes, paths[3], "item");
  if (split.test.height() != split.train.height() || split.test.width() != split.train.width())
    throw DatasetError(paths[2], "image size " + std::to_string(split.test.height()) + "x" +
                                     std::to_string(split.test.width()) + " differs from the training set's " +
                                     std::to_string(split.train.height()) + "x" +
                                     std::to_string(split.train.width()));
  for (Dataset* d : {&split.train, &split.test}) {
    d->name = "Fashion-MNIST";
    d->classNames = kFashionMnistClassNames;
  }
  setSplitIdentity(split, "fashion-mnist");
  return split;
}

Dataset loadCifar10Batch(const std::string& path) {
  const Bytes b = readFileBytes(path);
  if (b.empty()) throw DatasetError(path, "empty file");
  if (b.size() % kCifarRecord != 0)
    throw DatasetError(path, "size " + std::to_string(b.size()) + " bytes is not a whole number of " +
                                 std::to_string(kCifarRecord) + "-byte CIFAR-10 records");
  const int64_t n = static_cast<int64_t>(b.size()) / kCifarRecord;
  const auto records = torch::from_blob(const_cast<uint8_t*>(b.data()), {n, kCifarRecord}, torch::kUInt8);
  Dataset d;
  d.name = "CIFAR-10";
  d.identity = "cifar10-batch:" + path;
  d.classNames = kCifarClassNames;
  d.labels = records.select(1, 0).to(torch::kLong);
  checkLabelRange(d.labels, static_cast<int64_t>(kCifarClassNames.size()), path, "record");
  // The pixel bytes are already channel-major (R plane, G plane, B plane), i.e. CHW.
  d.images = records.slice(1, 1, kCifarRecord)
                 .reshape({n, kCifarChannels, kCifarSide, kCifarSide})
                 .clone();
  return d;
}

DatasetSplit loadCifar10(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw DatasetError(dir, "not a directory (expected CIFAR-10 binary batches)");
  // The official tarball unpacks into cifar-10-batches-bin/; accept its parent as well.
  fs::path root(dir);
  if (!pathExists(root / "test_batch.bin") && pathExists(root / "cifar-10-batches-bin" / "test_batch.bin"))
    root /= "cifar-10-batches-bin";
  std::vector<fs::path> trainFiles;
  for (int i = 1; i <= kCifarTrainBatches; ++i) trainFiles.push_back(root / ("data_batch_" + std::to_string(i) + ".bin"));
  const fs::path testFile = root / "test_batch.bin";
  // Report a missing file before spending time on the ones that exist.
  for (const fs::path& p : trainFiles)
    if (!pathExists(p))
      throw DatasetError(p.string(), "missing file (CIFAR-10 needs data_batch_1..5.bin and test_batch.bin)");
  if (!pathExists(testFile))
    throw DatasetError(testFile.string(), "missing file (CIFAR-10 needs data_batch_1..5.bin and test_batch.bin)");

  std::vector<torch::Tensor> images;
  std::vector<torch::Tensor> labels;
  for (const fs::path& p : trainFiles) {
    Dataset batch = loadCifar10Batch(p.string());
    images.push_back(batch.images);
    labels.push_back(batch.labels);
  }
  DatasetSplit split;
  split.train.name = "CIFAR-10";
  split.train.classNames = kCifarClassNames;
  split.train.images = torch::cat(images, 0);
  split.train.labels = torch::cat(labels, 0);
  split.test = loadCifar10Batch(testFile.string());
  setSplitIdentity(split, "cifar10:" + dir);
  return split;
}

DatasetSplit makeShapes(const ShapesOptions& options) {
  const int64_t side = options.imageSize;
  if (side != 28 && side != 64)
    throw std::invalid_argument("shapes image size must be 28 or 64, got " + std::to_string(side));
  if (options.count < 2)
    throw std::invalid_argument("shapes count must be at least 2, got " + std::to_string(options.count));
  if (options.count > kShapesMaxPixels / (side * side))
    throw std::invalid_argument("shapes count " + std::to_string(options.count) + " is too large for " +
                                std::to_string(side) + "x" + std::to_string(side) + " images");
  const int64_t n = options.count;

  // Factors are drawn serially so they depend on the seed alone; rendering is then pure per image.
  torch::Tensor factors = torch::empty({n, 5}, torch::kFloat);
  torch::Tensor labels = torch::empty({n}, torch::kLong);
  float* f = factors.data_ptr<float>();
  int64_t* l = labels.data_ptr<int64_t>();
  std::mt19937_64 rng(options.seed);
  constexpr double kTwoPi = 6.283185307179586;
  for (int64_t i = 0; i < n; ++i) {
    const int shape = static_cast<int>(rng() % kShapeNames.size());
    l[i] = shape;
    f[i * 5 + 0] = static_cast<float>(shape);
    f[i * 5 + 1] = static_cast<float>(kShapeMinScale + (1.0 - kShapeMinScale) * unitDouble(rng));
    f[i * 5 + 2] = static_cast<float>(kTwoPi * unitDouble(rng));
    f[i * 5 + 3] = static_cast<float>(unitDouble(rng));
    f[i * 5 + 4] = static_cast<float>(unitDouble(rng));
  }

  torch::Tensor images = torch::empty({n, 1, side, side}, torch::kUInt8);
  const double maxRadius = kShapeMaxRadius * static_cast<double>(side);
  // Centres stay far enough from the border that the largest shape at any angle fits.
  const double margin = maxRadius * kShapeReach + 1.0;
  const double span = static_cast<double>(side) - 2.0 * margin;
  at::parallel_for(0, n, /*grain_size=*/256, [&](int64_t begin, int64_t end) {
    // Rendered as coverage in [0,1] a chunk at a time and stored as bytes like every other dataset, so the
    // float copy never exceeds one chunk.
    torch::Tensor chunk = torch::zeros({end - begin, 1, side, side}, torch::kFloat);
    float* pixels = chunk.data_ptr<float>();
    for (int64_t i = begin; i < end; ++i) {
      const float* fi = f + i * 5;
      renderShape(pixels + (i - begin) * side * side, side, static_cast<int>(fi[0]), maxRadius * fi[1], fi[2],
                  margin + span * fi[3], margin + span * fi[4]);
    }
    images.slice(0, begin, end).copy_(unitToPixels(chunk));
  });

  Dataset all;
  all.name = "Shapes";
  all.identity = "shapes:" + std::to_string(side) + ":" + std::to_string(n) + ":seed" + std::to_string(options.seed);
  all.images = images;
  all.labels = labels;
  all.classNames = kShapeNames;
  all.factors = factors;
  all.factorNames = kShapeFactorNames;
  return splitDataset(std::move(all), options.testFraction, options.seed);
}

DatasetSplit loadDatasetSpec(const std::string& spec) {
  const size_t colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  const std::string rest = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
  const bool hasArg = colon != std::string::npos;

  DatasetSplit split;
  if (kind == "fashion-mnist" && !hasArg) {
    split = loadFashionMnist();
  } else if (kind == "shapes") {
    ShapesOptions opt;
    if (hasArg) {
      const size_t c2 = rest.find(':');
      const std::string sizeText = rest.substr(0, c2);
      const std::string countText = c2 == std::string::npos ? std::string() : rest.substr(c2 + 1);
      const bool ok = parseInt(sizeText, opt.imageSize) &&
                      (c2 == std::string::npos || parseInt(countText, opt.count));
      if (!ok) throw DatasetError(spec, "bad shapes spec; expected shapes[:SIZE[:COUNT]]");
    }
    try {
      split = makeShapes(opt);
    } catch (const std::invalid_argument& e) {
      throw DatasetError(spec, e.what());
    }
  } else if (kind == "idx" && !rest.empty()) {
    std::string files = rest;
    const bool transposed = dropSuffix(files, kTransposeSuffix);
    const auto [images, labels] = splitPair(files, ',');
    split = splitFileDataset(loadIdx(images, labels, transposed), images);
  } else if (kind == "npy" && !rest.empty()) {
    const auto [images, labels] = splitPair(rest, ',');
    split = splitFileDataset(loadNpy(images, labels), images);
  } else if (kind == "npz" && !rest.empty()) {
    const auto [file, keys] = splitPair(rest, ':');
    const auto [imagesKey, labelsKey] = splitPair(keys, ',', /*checkFile=*/false);
    split = splitFileDataset(loadNpz(file, imagesKey, labelsKey), file);
  } else if (kind == "cifar10" && !rest.empty()) {
    split = loadCifar10(rest);
  } else if (kind == "cifar100" && !rest.empty()) {
    split = loadCifar100(rest);
  } else if (kind == "folder" && !rest.empty()) {
    throw DatasetError(spec, "image folders are loaded by the app");
  } else {
    throw DatasetError(spec, kUnknownSpec);
  }
  setSplitIdentity(split, spec);
  return split;
}

}  // namespace vae
