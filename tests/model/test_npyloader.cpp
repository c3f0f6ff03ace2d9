// npy:/npz: datasets (model/npyloader.cpp, npyformat.cpp, zipreader.cpp): fixtures are written by
// tests/support/npyfiles.h, the layout numpy.save / savez / savez_compressed produce.
#include "model/dataset.h"
#include "model/datasetloaders.h"
#include "tests/support/npyfiles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using vae::testing::NpyBytes;
using vae::testing::npy;
using vae::testing::npz;
using vae::testing::rawBytes;

namespace {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("vae-npy-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const NpyBytes& bytes) const {
    const std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return file;
  }

 private:
  fs::path path_;
};

// Pixel (i, r, c, ch) of the fixtures: varied, so a wrong axis order shows.
uint8_t pixel(int i, int r, int c, int ch) { return static_cast<uint8_t>((i * 37 + r * 11 + c * 3 + ch * 101) % 256); }

// N×H×W×C bytes in C order (C = 0 writes N×H×W).
NpyBytes pixels(int n, int h, int w, int channels) {
  NpyBytes b;
  for (int i = 0; i < n; ++i)
    for (int r = 0; r < h; ++r)
      for (int c = 0; c < w; ++c)
        for (int ch = 0; ch < std::max(channels, 1); ++ch) b.push_back(pixel(i, r, c, ch));
  return b;
}

std::vector<float> asUnitFloats(const NpyBytes& bytes) {
  std::vector<float> out;
  for (uint8_t v : bytes) out.push_back(static_cast<float>(v) / 255.0f);
  return out;
}

void expectPixels(const vae::Dataset& d, int n, int h, int w, int channels) {
  ASSERT_EQ(d.images.scalar_type(), torch::kUInt8);
  ASSERT_EQ(d.images.sizes(), (std::vector<int64_t>{n, channels, h, w}));
  for (int i = 0; i < n; ++i)
    for (int ch = 0; ch < channels; ++ch)
      for (int r = 0; r < h; ++r)
        for (int c = 0; c < w; ++c)
          ASSERT_EQ(d.images[i][ch][r][c].item<int64_t>(), pixel(i, r, c, ch)) << i << "," << ch << "," << r << "," << c;
}

void expectError(const std::function<void()>& fn, const std::string& file, const std::string& keyword) {
  try {
    fn();
    ADD_FAILURE() << "expected DatasetError mentioning '" << keyword << "'";
  } catch (const vae::DatasetError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(file, 0), 0u) << "message does not start with the file: " << what;
    EXPECT_NE(what.find(keyword), std::string::npos) << "message lacks '" << keyword << "': " << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

const std::string kGray = "(5, 4, 3)";

}  // namespace

TEST(NpyLoader, GrayUint8KeepsEveryPixel) {
  TempDir dir;
  const vae::Dataset d = vae::loadNpy(dir.write("x.npy", npy("|u1", kGray, pixels(5, 4, 3, 0))));
  expectPixels(d, 5, 4, 3, 1);
  EXPECT_FALSE(d.hasLabels());
}

TEST(NpyLoader, RgbChannelsLastBecomeChannelPlanes) {
  TempDir dir;
  const vae::Dataset d = vae::loadNpy(dir.write("x.npy", npy("|u1", "(3, 4, 5, 3)", pixels(3, 4, 5, 3))));
  expectPixels(d, 3, 4, 5, 3);
}

TEST(NpyLoader, FloatsInUnitRangeBecomeTheSameBytes) {
  TempDir dir;
  const std::vector<float> f = asUnitFloats(pixels(5, 4, 3, 1));
  expectPixels(vae::loadNpy(dir.write("f4.npy", npy("<f4", "(5, 4, 3, 1)", rawBytes(f)))), 5, 4, 3, 1);
  const std::vector<double> d(f.begin(), f.end());
  expectPixels(vae::loadNpy(dir.write("f8.npy", npy("<f8", kGray, rawBytes(d)))), 5, 4, 3, 1);
}

TEST(NpyLoader, LabelsOfAnyIntegerTypeAreRead) {
  TempDir dir;
  const std::string images = dir.write("x.npy", npy("|u1", kGray, pixels(5, 4, 3, 0)));
  const std::vector<int64_t> want = {3, 0, 9, 1, 2};
  const std::string l8 = dir.write("y8.npy", npy("<i8", "(5,)", rawBytes(want)));
  const std::string l1 = dir.write("y1.npy", npy("|u1", "(5, 1)", NpyBytes{3, 0, 9, 1, 2}));
  for (const std::string& labels : {l8, l1}) {
    const vae::Dataset d = vae::loadNpy(images, labels);
    ASSERT_TRUE(d.hasLabels());
    EXPECT_TRUE(torch::equal(d.labels, torch::tensor(want))) << labels;
  }
  expectError([&] { vae::loadNpy(images, dir.write("n.npy", npy("<i8", "(4,)", rawBytes(std::vector<int64_t>(4))))); },
              dir.write("n.npy", npy("<i8", "(4,)", rawBytes(std::vector<int64_t>(4)))), "count mismatch");
  const std::string negative = dir.write("neg.npy", npy("<i4", "(5,)", rawBytes(std::vector<int32_t>{1, 2, -1, 0, 0})));
  expectError([&] { vae::loadNpy(images, negative); }, negative, "label value -1 at 2 out of range");
  const std::string floats = dir.write("fl.npy", npy("<f4", "(5,)", rawBytes(std::vector<float>(5))));
  expectError([&] { vae::loadNpy(images, floats); }, floats, "label dtype '<f4' is not supported");
}

TEST(NpyLoader, FloatsOutsideTheUnitRangeAreRefusedWithARule) {
  TempDir dir;
  std::vector<float> f = asUnitFloats(pixels(5, 4, 3, 0));
  f[13] = 255.0f;  // 0..255 data saved as float
  const std::string big = dir.write("big.npy", npy("<f4", kGray, rawBytes(f)));
  expectError([&] { vae::loadNpy(big); }, big, "float pixel value 255.000000 in image 1 is outside [0,1]");
  f[13] = std::numeric_limits<float>::quiet_NaN();
  const std::string nan = dir.write("nan.npy", npy("<f4", kGray, rawBytes(f)));
  expectError([&] { vae::loadNpy(nan); }, nan, "save 0..255 data as uint8");
}

TEST(NpyLoader, MalformedFilesAreRefusedNamingTheProblem) {
  TempDir dir;
  const NpyBytes good = npy("|u1", kGray, pixels(5, 4, 3, 0));
  NpyBytes badMagic = good;
  badMagic[1] = 'X';
  const NpyBytes truncated(good.begin(), good.end() - 7);
  const NpyBytes shortHeader(good.begin(), good.begin() + 40);
  const struct {
    std::string name;
    NpyBytes bytes;
    std::string keyword;
  } cases[] = {
      {"empty.npy", {}, "empty file"},
      {"magic.npy", badMagic, "not an .npy file (bad magic)"},
      {"fortran.npy", npy("|u1", kGray, pixels(5, 4, 3, 0), /*fortran=*/true), "fortran_order arrays are not supported"},
      {"truncated.npy", truncated, "truncated: the header declares (5, 4, 3) of '|u1' (60 bytes) but the data holds 53"},
      {"header.npy", shortHeader, "truncated header"},
      {"trailing.npy", [&] { NpyBytes b = good; b.push_back(0); return b; }(), "size mismatch"},
      {"bigendian.npy", npy(">f4", kGray, NpyBytes(240)), "big-endian data ('>f4') is not supported"},
      {"int.npy", npy("<i4", kGray, NpyBytes(240)), "image dtype '<i4' is not supported"},
      {"shape.npy", npy("|u1", "(5, 4, 3, 4)", NpyBytes(240)), "is not N×H×W or N×H×W×C"},
      {"zero.npy", npy("|u1", "(0, 4, 3)", {}), "no images"},
      {"huge.npy", npy("|u1", "(4294967295, 1000, 1000)", NpyBytes(4)), "truncated: the header declares"},
      {"structured.npy", [] {
         NpyBytes b = npy("|u1", kGray, NpyBytes(60));
         const std::string s(b.begin(), b.end());
         const size_t at = s.find("'|u1'");
         std::string t = s.substr(0, at) + "[('a', '|u1')]" + s.substr(at + 5);
         return NpyBytes(t.begin(), t.end());
       }(), "structured dtypes"},
      // Found by fuzz_npy: a key quoted in the message held a newline, and the message was two lines.
      {"newline.npy", [&] {
         std::string s(good.begin(), good.end());
         s.replace(s.find("descr"), 5, "de\nsc");
         return NpyBytes(s.begin(), s.end());
       }(), "unexpected key 'de?sc'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string file = dir.write(c.name, c.bytes);
    expectError([&] { vae::loadNpy(file); }, file, c.keyword);
  }
}

TEST(NpzLoader, StoredAndDeflatedArchivesLoadTheSameImagesAndLabels) {
  TempDir dir;
  const std::vector<vae::testing::NpzEntry> entries = {
      {"images.npy", npy("|u1", "(5, 4, 3, 3)", pixels(5, 4, 3, 3))},
      {"labels.npy", npy("<i8", "(5,)", rawBytes(std::vector<int64_t>{4, 3, 2, 1, 0}))}};
  for (bool deflated : {false, true}) {
    SCOPED_TRACE(deflated ? "deflated" : "stored");
    const vae::Dataset d = vae::loadNpz(dir.write("a.npz", npz(entries, deflated)));
    expectPixels(d, 5, 4, 3, 3);
    ASSERT_TRUE(d.hasLabels());
    EXPECT_EQ(d.labels[0].item<int64_t>(), 4);
  }
}

TEST(NpzLoader, KeysChooseTheArrays) {
  TempDir dir;
  const std::string file = dir.write("k.npz", npz({{"x_train.npy", npy("|u1", kGray, pixels(5, 4, 3, 0))},
                                                   {"y_train.npy", npy("|u1", "(5,)", NpyBytes{1, 1, 2, 2, 0})},
                                                   {"x_test.npy", npy("|u1", "(2, 4, 3)", NpyBytes(24))}},
                                                  /*deflated=*/true));
  expectError([&] { vae::loadNpz(file); }, file, "holds x_train, y_train, x_test; name the images' array");
  const vae::Dataset d = vae::loadNpz(file, "x_train", "y_train");
  expectPixels(d, 5, 4, 3, 1);
  EXPECT_EQ(d.labels[2].item<int64_t>(), 2);
  expectError([&] { vae::loadNpz(file, "nope"); }, file, "no array 'nope' (it holds x_train, y_train, x_test)");
  // Through the spec: split 5/6 train like idx:, the identity naming the arrays.
  const vae::DatasetSplit s = vae::loadDatasetSpec("npz:" + file + ":x_train,y_train");
  EXPECT_EQ(s.train.size() + s.test.size(), 5);
  EXPECT_EQ(s.train.identity, "npz:" + file + ":x_train,y_train:train:4");
}

TEST(NpzLoader, DamagedArchivesAreRefused) {
  TempDir dir;
  const std::vector<vae::testing::NpzEntry> one = {{"x.npy", npy("|u1", kGray, pixels(5, 4, 3, 0))}};
  NpyBytes flipped = npz(one, /*deflated=*/false);
  flipped[30 + 5 + 128 + 7] ^= 0xff;  // a pixel of the stored entry
  const std::string crc = dir.write("crc.npz", flipped);
  expectError([&] { vae::loadNpz(crc); }, crc, "fails its CRC-32 check");
  const NpyBytes whole = npz(one, /*deflated=*/true);
  const std::string cut = dir.write("cut.npz", NpyBytes(whole.begin(), whole.begin() + whole.size() / 2));
  expectError([&] { vae::loadNpz(cut); }, cut, "no end-of-central-directory record");
  const std::string npyFile = dir.write("plain.npz", npy("|u1", kGray, pixels(5, 4, 3, 0)));
  expectError([&] { vae::loadNpz(npyFile); }, npyFile, "use npy:FILE");
  const std::string fortran =
      dir.write("f.npz", npz({{"x.npy", npy("|u1", kGray, pixels(5, 4, 3, 0), /*fortran=*/true)}}, true));
  expectError([&] { vae::loadNpz(fortran); }, fortran, "array 'x': fortran_order arrays are not supported");
  NpyBytes garbage = npz(one, /*deflated=*/true);
  for (size_t i = 30 + 5; i < 30 + 5 + 20; ++i) garbage[i] = 0xff;
  const std::string corrupt = dir.write("corrupt.npz", garbage);
  expectError([&] { vae::loadNpz(corrupt); }, corrupt, "entry 'x.npy'");
}

TEST(NpySpec, SplitsFiveSixthsTrainAndKeepsIdentity) {
  TempDir dir;
  const std::string images = dir.write("x.npy", npy("|u1", "(12, 4, 3)", pixels(12, 4, 3, 0)));
  const std::string labels = dir.write("y.npy", npy("|u1", "(12,)", NpyBytes(12, 1)));
  const vae::DatasetSplit s = vae::loadDatasetSpec("npy:" + images + "," + labels);
  EXPECT_EQ(s.train.size(), 10);
  EXPECT_EQ(s.test.size(), 2);
  EXPECT_EQ(s.train.identity, "npy:" + images + "," + labels + ":train:10");
  EXPECT_EQ(s.train.images.scalar_type(), torch::kUInt8);
  const std::string one = dir.write("one.npy", npy("|u1", "(1, 4, 3)", NpyBytes(12)));
  expectError([&] { vae::loadDatasetSpec("npy:" + one); }, one, "need at least 2");
}
