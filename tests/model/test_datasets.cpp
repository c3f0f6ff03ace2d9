#include "model/dataset.h"
#include "model/datasetloaders.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() /
            ("vae-datasets-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

void putBigEndian32(Bytes& b, uint32_t v) {
  b.push_back(static_cast<uint8_t>(v >> 24));
  b.push_back(static_cast<uint8_t>(v >> 16));
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}

// Pixel value of image i at (r, c): varied enough that any shuffle or transposition shows.
uint8_t pixelAt(uint32_t i, uint32_t r, uint32_t c) { return static_cast<uint8_t>((i * 37 + r * 11 + c * 3) % 256); }

Bytes idxImages(uint32_t n, uint32_t rows, uint32_t cols) {
  Bytes b;
  putBigEndian32(b, 0x00000803);
  putBigEndian32(b, n);
  putBigEndian32(b, rows);
  putBigEndian32(b, cols);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t r = 0; r < rows; ++r)
      for (uint32_t c = 0; c < cols; ++c) b.push_back(pixelAt(i, r, c));
  return b;
}

Bytes idxLabels(const std::vector<uint8_t>& labels) {
  Bytes b;
  putBigEndian32(b, 0x00000801);
  putBigEndian32(b, static_cast<uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

std::vector<uint8_t> labelsFor(uint32_t n, uint8_t classes = 10) {
  std::vector<uint8_t> l;
  for (uint32_t i = 0; i < n; ++i) l.push_back(static_cast<uint8_t>((i * 7) % classes));
  return l;
}

void writeRaw(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  ASSERT_TRUE(out.good()) << path;
}

void writeGz(const std::string& path, const Bytes& b) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  ASSERT_EQ(gzwrite(f, b.data(), static_cast<unsigned>(b.size())), static_cast<int>(b.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

Bytes readRaw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs fn, expecting a DatasetError whose message names `file` and contains `keyword`.
void expectDatasetError(const std::function<void()>& fn, const std::string& file, const std::string& keyword) {
  try {
    fn();
    ADD_FAILURE() << "expected DatasetError mentioning '" << keyword << "' for " << file;
  } catch (const vae::DatasetError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(file), std::string::npos) << "message does not name the file: " << what;
    EXPECT_NE(what.find(keyword), std::string::npos) << "message lacks '" << keyword << "': " << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << "message is not one line: " << what;
  }
}

void checkRoundTrip(const vae::Dataset& d, uint32_t n, uint32_t rows, uint32_t cols) {
  ASSERT_EQ(d.images.sizes(), (std::vector<int64_t>{n, 1, rows, cols}));
  EXPECT_EQ(d.images.scalar_type(), torch::kUInt8);
  for (uint32_t i = 0; i < n; ++i)
    for (uint32_t r = 0; r < rows; ++r)
      for (uint32_t c = 0; c < cols; ++c)
        ASSERT_EQ(d.images[i][0][r][c].item<int64_t>(), pixelAt(i, r, c)) << i << "," << r << "," << c;
  ASSERT_TRUE(d.hasLabels());
  ASSERT_EQ(d.labels.scalar_type(), torch::kLong);
  const auto expected = labelsFor(n);
  for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(d.labels[i].item<int64_t>(), expected[i]);
}

// --- IDX round trips ----------------------------------------------------------------------------

TEST(DatasetsIdxLoader, RawRoundTripKeepsPixelsAndLabels) {
  TempDir dir;
  writeRaw(dir.file("img"), idxImages(5, 4, 3));
  writeRaw(dir.file("lbl"), idxLabels(labelsFor(5)));
  const vae::Dataset d = vae::loadIdx(dir.file("img"), dir.file("lbl"));
  checkRoundTrip(d, 5, 4, 3);
  EXPECT_EQ(d.name, "img");
}

TEST(DatasetsIdxLoader, GzipIsDetectedByContentNotName) {
  TempDir dir;
  // Deliberately misleading names: gzip data without .gz, raw data with .gz.
  writeGz(dir.file("images.raw"), idxImages(6, 5, 7));
  writeRaw(dir.file("labels.gz"), idxLabels(labelsFor(6)));
  checkRoundTrip(vae::loadIdx(dir.file("images.raw"), dir.file("labels.gz")), 6, 5, 7);
}

TEST(DatasetsIdxLoader, ConcatenatedGzipMembersAreRead) {
  TempDir dir;
  const Bytes whole = idxImages(4, 3, 3);
  const Bytes first(whole.begin(), whole.begin() + 20);
  const Bytes second(whole.begin() + 20, whole.end());
  writeGz(dir.file("a.gz"), first);
  writeGz(dir.file("b.gz"), second);
  Bytes joined = readRaw(dir.file("a.gz"));
  const Bytes b = readRaw(dir.file("b.gz"));
  joined.insert(joined.end(), b.begin(), b.end());
  writeRaw(dir.file("img.gz"), joined);
  const vae::Dataset d = vae::loadIdx(dir.file("img.gz"));
  EXPECT_EQ(d.images.size(0), 4);
  EXPECT_FALSE(d.hasLabels());
  EXPECT_FLOAT_EQ(d.floatImage(3)[0][2][2].item<float>(), pixelAt(3, 2, 2) / 255.0f);
}

// EMNIST stores each image transposed: with :transpose, byte (r, c) of the file lands at pixel (c, r).
TEST(DatasetsIdxLoader, TransposeSwapsRowsAndColumns) {
  TempDir dir;
  writeRaw(dir.file("img"), idxImages(3, 4, 5));
  writeRaw(dir.file("lbl"), idxLabels(labelsFor(3)));
  const vae::Dataset d = vae::loadIdx(dir.file("img"), dir.file("lbl"), /*transposed=*/true);
  ASSERT_EQ(d.images.sizes(), (std::vector<int64_t>{3, 1, 5, 4}));
  for (uint32_t i = 0; i < 3; ++i)
    for (uint32_t r = 0; r < 4; ++r)
      for (uint32_t c = 0; c < 5; ++c) ASSERT_EQ(d.images[i][0][c][r].item<int64_t>(), pixelAt(i, r, c));
  EXPECT_EQ(d.identity, "idx:" + dir.file("img") + "," + dir.file("lbl") + ":transpose");
  const vae::DatasetSplit s = vae::loadDatasetSpec("idx:" + dir.file("img") + "," + dir.file("lbl") + ":transpose");
  EXPECT_EQ(s.train.height(), 5);
  EXPECT_EQ(s.train.width(), 4);
  EXPECT_EQ(vae::loadDatasetSpec("idx:" + dir.file("img") + "," + dir.file("lbl")).train.height(), 4);
}

// --- IDX malformed input ------------------------------------------------------------------------

TEST(DatasetsIdxLoader, MissingFileIsNamed) {
  TempDir dir;
  const std::string path = dir.file("nope-images.gz");
  expectDatasetError([&] { vae::loadIdx(path); }, path, "not found");
}

TEST(DatasetsIdxLoader, MissingLabelsFileIsNamed) {
  TempDir dir;
  writeRaw(dir.file("img"), idxImages(2, 2, 2));
  const std::string labels = dir.file("missing-labels");
  expectDatasetError([&] { vae::loadIdx(dir.file("img"), labels); }, labels, "not found");
}

TEST(DatasetsIdxLoader, BadMagicIsReported) {
  TempDir dir;
  Bytes b = idxImages(2, 2, 2);
  b[2] = 0;
  b[3] = 0;
  writeRaw(dir.file("img"), b);
  expectDatasetError([&] { vae::loadIdx(dir.file("img")); }, dir.file("img"), "bad magic number 0x00000000");
}

TEST(DatasetsIdxLoader, LabelsFileGivenAsImagesIsRefused) {
  TempDir dir;
  writeRaw(dir.file("lbl"), idxLabels(labelsFor(3)));
  expectDatasetError([&] { vae::loadIdx(dir.file("lbl")); }, dir.file("lbl"), "expected 0x00000803");
}

TEST(DatasetsIdxLoader, TruncatedHeaderIsReported) {
  TempDir dir;
  Bytes b = idxImages(2, 2, 2);
  b.resize(10);
  writeRaw(dir.file("img"), b);
  expectDatasetError([&] { vae::loadIdx(dir.file("img")); }, dir.file("img"), "truncated header");
}

TEST(DatasetsIdxLoader, EmptyFileIsReported) {
  TempDir dir;
  writeRaw(dir.file("img"), {});
  expectDatasetError([&] { vae::loadIdx(dir.file("img")); }, dir.file("img"), "empty");
}

TEST(DatasetsIdxLoader, TruncatedPixelsAreReported) {
  TempDir dir;
  Bytes b = idxImages(10, 4, 4);
  b.resize(b.size() - 5);
  writeGz(dir.file("img.gz"), b);
  expectDatasetError([&] { vae::loadIdx(dir.file("img.gz")); }, dir.file("img.gz"),
                     "truncated: header says 10 images of 4x4");
}

TEST(DatasetsIdxLoader, TruncatedLabelsAreReported) {
  TempDir dir;
  writeRaw(dir.file("img"), idxImages(4, 2, 2));
  Bytes l = idxLabels(labelsFor(4));
  l.pop_back();
  writeRaw(dir.file("lbl"), l);
  expectDatasetError([&] { vae::loadIdx(dir.file("img"), dir.file("lbl")); }, dir.file("lbl"), "truncated");
}

TEST(DatasetsIdxLoader, CountMismatchBetweenImagesAndLabels) {
  TempDir dir;
  writeRaw(dir.file("img"), idxImages(5, 2, 2));
  writeRaw(dir.file("lbl"), idxLabels(labelsFor(6)));
  expectDatasetError([&] { vae::loadIdx(dir.file("img"), dir.file("lbl")); }, dir.file("lbl"),
                     "count mismatch");
}

TEST(DatasetsIdxLoader, CorruptGzipIsReported) {
  TempDir dir;
  writeGz(dir.file("img.gz"), idxImages(50, 8, 8));
  Bytes gz = readRaw(dir.file("img.gz"));
  ASSERT_GT(gz.size(), 40u);
  for (size_t i = 15; i < gz.size() - 10; i += 3) gz[i] ^= 0x5a;
  writeRaw(dir.file("img.gz"), gz);
  expectDatasetError([&] { vae::loadIdx(dir.file("img.gz")); }, dir.file("img.gz"), "gzip error");
}

TEST(DatasetsIdxLoader, CutShortGzipIsReported) {
  TempDir dir;
  writeGz(dir.file("img.gz"), idxImages(50, 8, 8));
  Bytes gz = readRaw(dir.file("img.gz"));
  gz.resize(gz.size() / 2);
  writeRaw(dir.file("img.gz"), gz);
  expectDatasetError([&] { vae::loadIdx(dir.file("img.gz")); }, dir.file("img.gz"), "gzip error");
}

TEST(DatasetsIdxLoader, ZeroDimensionsAreRefused) {
  TempDir dir;
  for (const auto& dims : std::vector<std::array<uint32_t, 3>>{{0, 28, 28}, {3, 0, 28}, {3, 28, 0}}) {
    Bytes b;
    putBigEndian32(b, 0x00000803);
    for (uint32_t d : dims) putBigEndian32(b, d);
    writeRaw(dir.file("img"), b);
    expectDatasetError([&] { vae::loadIdx(dir.file("img")); }, dir.file("img"), "zero dimension");
  }
}

TEST(DatasetsIdxLoader, ImplausibleSideIsRefused) {
  TempDir dir;
  Bytes b;
  putBigEndian32(b, 0x00000803);
  putBigEndian32(b, 1);
  putBigEndian32(b, 0xFFFFFFFF);
  putBigEndian32(b, 0xFFFFFFFF);
  writeRaw(dir.file("img"), b);
  expectDatasetError([&] { vae::loadIdx(dir.file("img")); }, dir.file("img"), "implausible");
}

TEST(DatasetsIdxLoader, HugeDeclaredCountIsRefusedWithoutAllocating) {
  TempDir dir;
  // 4e9 images of 16384x16384 would be ~10^18 bytes: must fail on the header, at once.
  Bytes b;
  putBigEndian32(b, 0x00000803);
  putBigEndian32(b, 4000000000u);
  putBigEndian32(b, 16384);
  putBigEndian32(b, 16384);
  b.resize(b.size() + 1000, 7);
  writeRaw(dir.file("img"), b);
  // The header is checked against the file's size before anything is allocated: the refusal names the
  // declared count (an attempt to allocate ~10^18 bytes would throw std::bad_alloc, not a DatasetError).
  expectDatasetError([&] { vae::loadIdx(dir.file("img")); }, dir.file("img"),
                     "truncated: header says 4000000000 images");
}

TEST(DatasetsIdxLoader, TrailingGarbageIsRefused) {
  TempDir dir;
  Bytes b = idxImages(3, 2, 2);
  b.push_back(1);
  writeRaw(dir.file("img"), b);
  expectDatasetError([&] { vae::loadIdx(dir.file("img")); }, dir.file("img"), "size mismatch");
}

// --- Fashion-MNIST ------------------------------------------------------------------------------

void writeFakeFashion(const TempDir& dir, const std::vector<uint8_t>& trainLabels) {
  const auto n = static_cast<uint32_t>(trainLabels.size());
  writeGz(dir.file("train-images-idx3-ubyte.gz"), idxImages(n, 28, 28));
  writeGz(dir.file("train-labels-idx1-ubyte.gz"), idxLabels(trainLabels));
  writeGz(dir.file("t10k-images-idx3-ubyte.gz"), idxImages(4, 28, 28));
  writeGz(dir.file("t10k-labels-idx1-ubyte.gz"), idxLabels(labelsFor(4)));
}

TEST(DatasetsFashionMnist, FakeDirectoryLoadsWithClassNames) {
  TempDir dir;
  writeFakeFashion(dir, labelsFor(12));
  const vae::DatasetSplit s = vae::loadFashionMnist(dir.str());
  EXPECT_EQ(s.train.size(), 12);
  EXPECT_EQ(s.test.size(), 4);
  EXPECT_EQ(s.train.name, "Fashion-MNIST");
  EXPECT_EQ(s.train.identity, "fashion-mnist:train:12");
  EXPECT_EQ(s.test.identity, "fashion-mnist:test:4");
  ASSERT_EQ(s.train.classNames.size(), 10u);
  // labelsFor gives label 7 to image 1.
  EXPECT_EQ(s.train.labelName(1), "Sneaker");
}

TEST(DatasetsFashionMnist, LabelOutOfRangeIsRefused) {
  TempDir dir;
  std::vector<uint8_t> labels = labelsFor(6);
  labels[3] = 10;
  writeFakeFashion(dir, labels);
  expectDatasetError([&] { vae::loadFashionMnist(dir.str()); }, dir.file("train-labels-idx1-ubyte.gz"),
                     "label value 10 in item 3 out of range");
}

TEST(DatasetsFashionMnist, MissingPackageSaysWhatToInstall) {
  TempDir dir;
  expectDatasetError([&] { vae::loadFashionMnist(dir.str()); }, dir.str(),
                     "install the Debian package dataset-fashion-mnist");
}

TEST(DatasetsFashionMnist, EnvironmentOverridesDirectory) {
  TempDir dir;
  writeFakeFashion(dir, labelsFor(3));
  const char* old = std::getenv("VAE_STUDIO_FASHION_MNIST_DIR");
  const std::string saved = old ? old : "";
  ::setenv("VAE_STUDIO_FASHION_MNIST_DIR", dir.str().c_str(), 1);
  EXPECT_EQ(vae::fashionMnistDir(), dir.str());
  EXPECT_TRUE(vae::fashionMnistInstalled());
  EXPECT_EQ(vae::loadDatasetSpec("fashion-mnist").train.size(), 3);
  if (old)
    ::setenv("VAE_STUDIO_FASHION_MNIST_DIR", saved.c_str(), 1);
  else
    ::unsetenv("VAE_STUDIO_FASHION_MNIST_DIR");
  EXPECT_NE(vae::fashionMnistDir(), dir.str());
}

TEST(DatasetsFashionMnist, InstalledPackageLoads) {
  if (!vae::fashionMnistInstalled()) GTEST_SKIP() << "dataset-fashion-mnist is not installed";
  const vae::DatasetSplit s = vae::loadFashionMnist();
  EXPECT_EQ(s.train.images.sizes(), (std::vector<int64_t>{60000, 1, 28, 28}));
  EXPECT_EQ(s.test.images.sizes(), (std::vector<int64_t>{10000, 1, 28, 28}));
  EXPECT_EQ(s.train.classNames.size(), 10u);
  EXPECT_EQ(std::get<0>(torch::_unique(s.train.labels)).numel(), 10);
  EXPECT_EQ(s.train.images.scalar_type(), torch::kUInt8);
  EXPECT_GT(s.train.images.max().item<int64_t>(), 230);
}

// --- CIFAR-10 -----------------------------------------------------------------------------------

Bytes cifarRecords(int n, int firstLabel = 0) {
  Bytes b;
  for (int i = 0; i < n; ++i) {
    b.push_back(static_cast<uint8_t>((firstLabel + i) % 10));
    for (int p = 0; p < 3072; ++p) b.push_back(static_cast<uint8_t>((i * 13 + p) % 256));
  }
  return b;
}

TEST(DatasetsCifar10, BatchRoundTripKeepsPlanesAndLabels) {
  TempDir dir;
  writeRaw(dir.file("b.bin"), cifarRecords(3, 4));
  const vae::Dataset d = vae::loadCifar10Batch(dir.file("b.bin"));
  ASSERT_EQ(d.images.sizes(), (std::vector<int64_t>{3, 3, 32, 32}));
  EXPECT_EQ(d.labels[0].item<int64_t>(), 4);
  EXPECT_EQ(d.labelName(2), "frog");
  // Byte p of a record's pixels lands at channel p/1024, row (p%1024)/32, column p%32.
  const int i = 2, p = 1024 * 2 + 32 * 5 + 7;
  EXPECT_EQ(d.images[i][2][5][7].item<int64_t>(), (i * 13 + p) % 256);
}

TEST(DatasetsCifar10, SizeNotMultipleOfRecordIsRefused) {
  TempDir dir;
  Bytes b = cifarRecords(2);
  b.resize(b.size() - 100);
  writeRaw(dir.file("b.bin"), b);
  expectDatasetError([&] { vae::loadCifar10Batch(dir.file("b.bin")); }, dir.file("b.bin"),
                     "not a whole number of 3073-byte");
}

TEST(DatasetsCifar10, EmptyBatchIsRefused) {
  TempDir dir;
  writeRaw(dir.file("b.bin"), {});
  expectDatasetError([&] { vae::loadCifar10Batch(dir.file("b.bin")); }, dir.file("b.bin"), "empty");
}

TEST(DatasetsCifar10, LabelOutOfRangeIsRefused) {
  TempDir dir;
  Bytes b = cifarRecords(3);
  b[3073] = 12;
  writeRaw(dir.file("b.bin"), b);
  expectDatasetError([&] { vae::loadCifar10Batch(dir.file("b.bin")); }, dir.file("b.bin"),
                     "label value 12 in record 1 out of range");
}

TEST(DatasetsCifar10, DirectoryLoadsAllBatches) {
  TempDir dir;
  for (int i = 1; i <= 5; ++i) writeRaw(dir.file("data_batch_" + std::to_string(i) + ".bin"), cifarRecords(2, i));
  writeRaw(dir.file("test_batch.bin"), cifarRecords(3));
  const vae::DatasetSplit s = vae::loadCifar10(dir.str());
  EXPECT_EQ(s.train.size(), 10);
  EXPECT_EQ(s.test.size(), 3);
  EXPECT_EQ(s.train.name, "CIFAR-10");
  EXPECT_EQ(s.train.labels[2].item<int64_t>(), 2);  // first record of data_batch_2
  EXPECT_EQ(s.train.classNames.front(), "airplane");
  EXPECT_EQ(s.train.classNames.back(), "truck");
  EXPECT_EQ(s.train.identity, "cifar10:" + dir.str() + ":train:10");
}

TEST(DatasetsCifar10, MissingBatchIsNamed) {
  TempDir dir;
  for (int i : {1, 2, 4, 5}) writeRaw(dir.file("data_batch_" + std::to_string(i) + ".bin"), cifarRecords(1));
  writeRaw(dir.file("test_batch.bin"), cifarRecords(1));
  expectDatasetError([&] { vae::loadCifar10(dir.str()); }, "data_batch_3.bin", "missing");
}

TEST(DatasetsCifar10, MissingTestBatchIsNamed) {
  TempDir dir;
  for (int i = 1; i <= 5; ++i) writeRaw(dir.file("data_batch_" + std::to_string(i) + ".bin"), cifarRecords(1));
  expectDatasetError([&] { vae::loadCifar10(dir.str()); }, "test_batch.bin", "missing");
}

// --- shapes -------------------------------------------------------------------------------------

TEST(DatasetsShapes, SameSeedGivesIdenticalData) {
  vae::ShapesOptions o;
  o.count = 600;
  o.seed = 3;
  const vae::DatasetSplit a = vae::makeShapes(o);
  const vae::DatasetSplit b = vae::makeShapes(o);
  EXPECT_TRUE(torch::equal(a.train.images, b.train.images));
  EXPECT_TRUE(torch::equal(a.test.images, b.test.images));
  EXPECT_TRUE(torch::equal(a.train.labels, b.train.labels));
  EXPECT_TRUE(torch::equal(a.train.factors, b.train.factors));
  o.seed = 4;
  const vae::DatasetSplit c = vae::makeShapes(o);
  EXPECT_FALSE(torch::equal(a.train.images, c.train.images));
  EXPECT_FALSE(torch::equal(a.train.factors, c.train.factors));
}

TEST(DatasetsShapes, DefaultMetadataAndFactors) {
  const vae::DatasetSplit s = vae::makeShapes();
  EXPECT_EQ(s.train.size() + s.test.size(), 12000);
  EXPECT_EQ(s.test.size(), 2000);
  EXPECT_EQ(s.train.name, "Shapes");
  EXPECT_EQ(s.train.identity.rfind("shapes:28:12000:seed7:train", 0), 0u) << s.train.identity;
  EXPECT_EQ(s.train.classNames, (std::vector<std::string>{"square", "ellipse", "heart"}));
  EXPECT_EQ(s.train.factorNames, (std::vector<std::string>{"shape", "scale", "rotation", "x", "y"}));
  ASSERT_EQ(s.train.factors.sizes(), (std::vector<int64_t>{10000, 5}));
  EXPECT_EQ(s.train.factors.scalar_type(), torch::kFloat);
  // Factor column 0 is the label.
  EXPECT_TRUE(torch::equal(s.train.factors.select(1, 0).to(torch::kLong), s.train.labels));
  EXPECT_EQ(std::get<0>(torch::_unique(s.train.labels)).numel(), 3);
  const auto scale = s.train.factors.select(1, 1);
  EXPECT_GE(scale.min().item<float>(), 0.5f);
  EXPECT_LE(scale.max().item<float>(), 1.0f);
  for (int col : {3, 4}) {
    EXPECT_GE(s.train.factors.select(1, col).min().item<float>(), 0.0f);
    EXPECT_LE(s.train.factors.select(1, col).max().item<float>(), 1.0f);
  }
}

TEST(DatasetsShapes, BothSizesRenderVisibleShapesInsideTheFrame) {
  for (int64_t size : {28, 64}) {
    vae::ShapesOptions o;
    o.imageSize = size;
    o.count = 300;
    const vae::DatasetSplit s = vae::makeShapes(o);
    ASSERT_EQ(s.train.images.scalar_type(), torch::kUInt8);
    const torch::Tensor x = s.train.floatImages(0, s.train.size());
    ASSERT_EQ(x.sizes(), (std::vector<int64_t>{s.train.size(), 1, size, size}));
    EXPECT_GE(x.min().item<float>(), 0.0f);
    EXPECT_LE(x.max().item<float>(), 1.0f);
    // Every image shows a shape (some ink) that stays off the border rows and columns.
    const torch::Tensor ink = x.sum({1, 2, 3});
    EXPECT_GT(ink.min().item<float>(), 0.01f * size * size) << size;
    const torch::Tensor border = x.select(2, 0).sum() + x.select(2, size - 1).sum() +
                                 x.select(3, 0).sum() + x.select(3, size - 1).sum();
    EXPECT_EQ(border.item<float>(), 0.0f) << size;
    // Anti-aliased edges produce grey levels, not just 0 and 1.
    const torch::Tensor grey = (x > 0.1f).logical_and(x < 0.9f);
    EXPECT_GT(grey.sum().item<int64_t>(), 0) << size;
  }
}

TEST(DatasetsShapes, LargerScaleMeansMoreInk) {
  vae::ShapesOptions o;
  o.count = 3000;
  const vae::DatasetSplit s = vae::makeShapes(o);
  const torch::Tensor ink = s.train.floatImages(0, s.train.size()).sum({1, 2, 3});
  const torch::Tensor scale = s.train.factors.select(1, 1);
  const float small = ink.index({scale < 0.6f}).mean().item<float>();
  const float large = ink.index({scale > 0.9f}).mean().item<float>();
  EXPECT_GT(large, 2.0f * small);
}

TEST(DatasetsShapes, UnsupportedSizeIsRefused) {
  vae::ShapesOptions o;
  o.imageSize = 32;
  EXPECT_THROW(vae::makeShapes(o), std::invalid_argument);
  expectDatasetError([] { vae::loadDatasetSpec("shapes:32"); }, "shapes:32", "28 or 64");
}

// --- split and slice ----------------------------------------------------------------------------

vae::Dataset numbered(int64_t n) {
  vae::Dataset d;
  d.name = "numbers";
  d.identity = "num";
  d.images = torch::arange(n, torch::kUInt8).reshape({n, 1, 1, 1});
  d.labels = torch::arange(n, torch::kLong);
  return d;
}

TEST(DatasetsSplit, SizesAndDisjointCover) {
  const vae::DatasetSplit s = vae::splitDataset(numbered(60), 1.0 / 6.0, 1);
  EXPECT_EQ(s.train.size(), 50);
  EXPECT_EQ(s.test.size(), 10);
  EXPECT_EQ(s.train.identity, "num:train:50");
  EXPECT_EQ(s.test.identity, "num:test:10");
  std::set<int64_t> seen;
  for (const auto* d : {&s.train, &s.test})
    for (int64_t i = 0; i < d->size(); ++i) {
      // Images and labels must move together.
      EXPECT_EQ(d->images[i][0][0][0].item<int64_t>(), d->labels[i].item<int64_t>());
      seen.insert(d->labels[i].item<int64_t>());
    }
  EXPECT_EQ(seen.size(), 60u);
}

TEST(DatasetsSplit, DeterministicBySeedAndShuffled) {
  const vae::Dataset all = numbered(100);
  const auto a = vae::splitDataset(all, 0.2, 5);
  const auto b = vae::splitDataset(all, 0.2, 5);
  const auto c = vae::splitDataset(all, 0.2, 6);
  EXPECT_TRUE(torch::equal(a.test.labels, b.test.labels));
  EXPECT_FALSE(torch::equal(a.test.labels, c.test.labels));
  EXPECT_FALSE(torch::equal(a.train.labels, torch::arange(80, torch::kLong)));
}

// A dataset nobody else holds is split in place (train and test are views of one buffer, no second copy of
// a large set) and gives exactly what the copying split gives.
TEST(DatasetsSplit, InPlaceSplitEqualsTheCopyingSplit) {
  vae::Dataset all = numbered(200);
  all.images = torch::randint(0, 256, {200, 2, 3, 5}, torch::kUInt8);
  const vae::DatasetSplit copied = vae::splitDataset(all, 0.25, 9);
  vae::Dataset owned = all;
  owned.images = all.images.clone();
  const void* buffer = owned.images.data_ptr();
  const vae::DatasetSplit moved = vae::splitDataset(std::move(owned), 0.25, 9);
  EXPECT_TRUE(torch::equal(moved.train.images, copied.train.images));
  EXPECT_TRUE(torch::equal(moved.test.images, copied.test.images));
  EXPECT_TRUE(torch::equal(moved.test.labels, copied.test.labels));
  EXPECT_EQ(moved.train.identity, copied.train.identity);
  EXPECT_EQ(moved.train.images.data_ptr(), buffer) << "the split copied the images";
  // A shared buffer is never shuffled under its other holder.
  const torch::Tensor before = all.images.clone();
  vae::Dataset shared = all;
  vae::splitDataset(std::move(shared), 0.25, 9);
  EXPECT_TRUE(torch::equal(all.images, before));
}

TEST(DatasetsSplit, BadFractionOrTinyDatasetIsRefused) {
  EXPECT_THROW(vae::splitDataset(numbered(10), 0.0, 1), std::invalid_argument);
  EXPECT_THROW(vae::splitDataset(numbered(10), 1.0, 1), std::invalid_argument);
  EXPECT_THROW(vae::splitDataset(numbered(1), 0.5, 1), std::invalid_argument);
  // Rounding never leaves a side empty.
  const auto s = vae::splitDataset(numbered(3), 0.01, 1);
  EXPECT_EQ(s.test.size(), 1);
}

TEST(DatasetsSlice, ViewsRowsAndKeepsMetadata) {
  vae::Dataset d = numbered(10);
  d.classNames = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
  const vae::Dataset s = d.slice(3, 7, ":part");
  EXPECT_EQ(s.size(), 4);
  EXPECT_EQ(s.identity, "num:part");
  EXPECT_EQ(s.labelName(0), "three");
  EXPECT_EQ(s.images.data_ptr<uint8_t>(), d.images.data_ptr<uint8_t>() + 3);
  EXPECT_THROW(d.slice(5, 11, ""), std::out_of_range);
}

TEST(DatasetsLabelName, NumbersWithoutClassNamesAndEmptyWithoutLabels) {
  vae::Dataset d = numbered(4);
  EXPECT_EQ(d.labelName(2), "2");
  d.labels = torch::Tensor();
  EXPECT_EQ(d.labelName(2), "");
}

// --- specs --------------------------------------------------------------------------------------

TEST(DatasetsSpec, ShapesSpecsParseSizeAndCount) {
  const auto s = vae::loadDatasetSpec("shapes:64:600");
  EXPECT_EQ(s.train.size() + s.test.size(), 600);
  EXPECT_EQ(s.train.height(), 64);
  EXPECT_EQ(s.train.identity, "shapes:64:600:train:" + std::to_string(s.train.size()));
  const auto small = vae::loadDatasetSpec("shapes:28:60");
  EXPECT_EQ(small.test.identity, "shapes:28:60:test:10");
  expectDatasetError([] { vae::loadDatasetSpec("shapes:28:many"); }, "shapes:28:many", "bad shapes spec");
}

TEST(DatasetsSpec, IdxSpecSplitsFiveToOne) {
  TempDir dir;
  writeGz(dir.file("img.gz"), idxImages(30, 3, 3));
  writeGz(dir.file("lbl.gz"), idxLabels(labelsFor(30)));
  const std::string spec = "idx:" + dir.file("img.gz") + "," + dir.file("lbl.gz");
  const auto s = vae::loadDatasetSpec(spec);
  EXPECT_EQ(s.train.size(), 25);
  EXPECT_EQ(s.test.size(), 5);
  EXPECT_EQ(s.train.name, "img.gz");
  EXPECT_EQ(s.train.identity, spec + ":train:25");
  EXPECT_TRUE(s.train.hasLabels());
  const auto unlabelled = vae::loadDatasetSpec("idx:" + dir.file("img.gz"));
  EXPECT_FALSE(unlabelled.train.hasLabels());
}

TEST(DatasetsSpec, CifarSpecNamesMissingFile) {
  TempDir dir;
  expectDatasetError([&] { vae::loadDatasetSpec("cifar10:" + dir.str()); }, "data_batch_1.bin", "missing");
}

TEST(DatasetsSpec, FolderIsLeftToTheApp) {
  expectDatasetError([] { vae::loadDatasetSpec("folder:/tmp/pics"); }, "folder:/tmp/pics",
                     "image folders are loaded by the app");
}

TEST(DatasetsSpec, UnknownSpecIsRefused) {
  for (const std::string spec : {"mnist", "", "fashion-mnist:x", "idx:", "cifar10"})
    expectDatasetError([&] { vae::loadDatasetSpec(spec); }, spec, "unknown dataset spec");
}

}  // namespace
