#pragma once

#include "model/dataset.h"

#include <string>

namespace vae {

// Where Debian's dataset-fashion-mnist installs its files; VAE_STUDIO_FASHION_MNIST_DIR overrides it.
inline constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";
std::string fashionMnistDir();
bool fashionMnistInstalled();
// The dataset a new user gets (the window's first start, `bench` without --data): "fashion-mnist" when its
// Debian package is installed, else the built-in "shapes".
std::string defaultDatasetSpec();

// IDX files (MNIST / Fashion-MNIST), raw or gzip-compressed (detected by content).
// labelsPath may be empty. Images become [N,1,H,W] in [0,1].
Dataset loadIdx(const std::string& imagesPath, const std::string& labelsPath = {});
// Fashion-MNIST from the installed Debian package (train: 60000, test: 10000) with class names.
DatasetSplit loadFashionMnist(const std::string& dir = fashionMnistDir());
extern const std::vector<std::string> kFashionMnistClassNames;

// CIFAR-10 binary batches: data_batch_1..5.bin (train) and test_batch.bin (test) in dir.
// Each record is 1 label byte + 3072 pixel bytes (RGB planes). Images [N,3,32,32].
DatasetSplit loadCifar10(const std::string& dir);
Dataset loadCifar10Batch(const std::string& path);  // one .bin file

// Procedurally generated dSprites-like shapes: shape (square, ellipse, heart) x scale x rotation x
// x-position x y-position, deterministic by seed. labels = shape; factors = all five.
struct ShapesOptions {
  int64_t imageSize = 28;  // 28 or 64
  int64_t count = 12000;   // total images before the split
  uint64_t seed = 7;
  double testFraction = 1.0 / 6.0;
};
DatasetSplit makeShapes(const ShapesOptions& options = {});

// SPEC: "fashion-mnist", "shapes[:SIZE[:COUNT]]", "idx:IMAGES[,LABELS]" (split 5/6 train by seed),
// "cifar10:DIR". "folder:DIR" is decoded by the app (Qt image readers) and is refused here.
DatasetSplit loadDatasetSpec(const std::string& spec);

}  // namespace vae
