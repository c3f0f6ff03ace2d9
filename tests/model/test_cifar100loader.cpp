// cifar100:DIR (model/cifar100loader.cpp): train.bin / test.bin records of coarse label, fine label, 3072 pixels.
#include "model/dataset.h"
#include "model/datasetloaders.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr int kRecord = 2 + 3072;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("vae-cifar100-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const Bytes& bytes) const {
    const std::string file = (path_ / name).string();
    std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return file;
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

// n records: record i has coarse label i % 20, fine label (i * 7) % 100 and pixel p = (i * 13 + p) % 256.
Bytes records(int n) {
  Bytes b;
  for (int i = 0; i < n; ++i) {
    b.push_back(static_cast<uint8_t>(i % 20));
    b.push_back(static_cast<uint8_t>((i * 7) % 100));
    for (int p = 0; p < 3072; ++p) b.push_back(static_cast<uint8_t>((i * 13 + p) % 256));
  }
  return b;
}

std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const vae::DatasetError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(Cifar100Loader, RecordsGiveFineLabelsAndChannelPlanes) {
  TempDir dir;
  const vae::Dataset d = vae::loadCifar100Batch(dir.write("train.bin", records(4)));
  ASSERT_EQ(d.images.sizes(), (std::vector<int64_t>{4, 3, 32, 32}));
  EXPECT_EQ(d.images.scalar_type(), torch::kUInt8);
  EXPECT_EQ(d.labels[3].item<int64_t>(), 21);  // the fine label, not the coarse 3
  // Byte p of a record's pixels lands at channel p/1024, row (p%1024)/32, column p%32.
  const int i = 2, p = 1024 * 1 + 32 * 6 + 9;
  EXPECT_EQ(d.images[i][1][6][9].item<int64_t>(), (i * 13 + p) % 256);
}

TEST(Cifar100Loader, DirectoryWithNamesLoadsBothSplits) {
  TempDir dir;
  fs::create_directories(dir.str() + "/cifar-100-binary");
  dir.write("cifar-100-binary/train.bin", records(6));
  dir.write("cifar-100-binary/test.bin", records(2));
  std::string names;
  for (int k = 0; k < 100; ++k) names += "class" + std::to_string(k) + "\r\n";
  dir.write("cifar-100-binary/fine_label_names.txt", Bytes(names.begin(), names.end()));
  const vae::DatasetSplit s = vae::loadDatasetSpec("cifar100:" + dir.str());
  EXPECT_EQ(s.train.size(), 6);
  EXPECT_EQ(s.test.size(), 2);
  EXPECT_EQ(s.train.labelName(1), "class7");
  EXPECT_EQ(s.train.identity, "cifar100:" + dir.str() + ":train:6");
}

TEST(Cifar100Loader, MalformedInputIsRefused) {
  TempDir dir;
  Bytes bad = records(2);
  bad[kRecord + 1] = 100;  // fine label of record 1
  const std::string fine = dir.write("fine.bin", bad);
  EXPECT_NE(errorOf([&] { vae::loadCifar100Batch(fine); }).find(fine + ": label value 100 in record 1 out of range"),
            std::string::npos);
  bad = records(2);
  bad[0] = 20;  // coarse label of record 0
  const std::string coarse = dir.write("coarse.bin", bad);
  EXPECT_NE(errorOf([&] { vae::loadCifar100Batch(coarse); }).find("label value 20 in record 0"), std::string::npos);
  const std::string partial = dir.write("partial.bin", Bytes(kRecord + 5));
  EXPECT_NE(errorOf([&] { vae::loadCifar100Batch(partial); }).find("3074-byte CIFAR-100 records"), std::string::npos);
  dir.write("train.bin", records(2));
  EXPECT_NE(errorOf([&] { vae::loadCifar100(dir.str()); }).find("test.bin: missing file"), std::string::npos);
  dir.write("test.bin", records(2));
  dir.write("fine_label_names.txt", Bytes{'a', '\n', 'b', '\n'});
  EXPECT_NE(errorOf([&] { vae::loadCifar100(dir.str()); }).find("holds 2 class names, expected 100"), std::string::npos);
}
