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
// labelsPath may be empty. Images become [N,1,H,W] bytes.
// transposed: the files store each image column-major (EMNIST): pixel (r,c) of the result is byte (c,r).
Dataset loadIdx(const std::string& imagesPath, const std::string& labelsPath = {}, bool transposed = false);
// Fashion-MNIST from the installed Debian package (train: 60000, test: 10000) with class names.
DatasetSplit loadFashionMnist(const std::string& dir = fashionMnistDir());
extern const std::vector<std::string> kFashionMnistClassNames;

// CIFAR-10 binary batches: data_batch_1..5.bin (train) and test_batch.bin (test) in dir.
// Each record is 1 label byte + 3072 pixel bytes (RGB planes). Images [N,3,32,32].
DatasetSplit loadCifar10(const std::string& dir);
Dataset loadCifar10Batch(const std::string& path);  // one .bin file

// CIFAR-100 binary version: train.bin and test.bin in dir (or dir/cifar-100-binary). Each record is a coarse
// label byte, a fine label byte and 3072 pixel bytes; labels are the 100 fine classes, named from
// fine_label_names.txt when it is there. Images [N,3,32,32].
DatasetSplit loadCifar100(const std::string& dir);
Dataset loadCifar100Batch(const std::string& path);  // one .bin file

// NumPy arrays (model/npyloader.cpp). Images: N×H×W (gray) or N×H×W×C with C = 1 or 3, little-endian C order,
// uint8 0..255, or float32/float64 in [0,1] (stored as bytes; NaN, infinities and other values are refused:
// save 0..255 data as uint8). Labels: an integer array of shape (N,) or (N,1), values 0..65535.
// One .npy file of images, optionally one of labels.
Dataset loadNpy(const std::string& imagesPath, const std::string& labelsPath = {});
// An .npz archive (numpy.savez or savez_compressed: stored or deflated entries). Images from imagesKey, else the
// only array, else the array "images" or "x"; labels from labelsKey, else "labels" or "y" when present.
Dataset loadNpz(const std::string& path, const std::string& imagesKey = {}, const std::string& labelsKey = {});

// Procedurally generated dSprites-like shapes: shape (square, ellipse, heart) x scale x rotation x
// x-position x y-position, deterministic by seed. labels = shape; factors = all five.
struct ShapesOptions {
  int64_t imageSize = 28;  // 28 or 64
  int64_t count = 12000;   // total images before the split
  uint64_t seed = 7;
  double testFraction = 1.0 / 6.0;
};
DatasetSplit makeShapes(const ShapesOptions& options = {});

// SPEC: "fashion-mnist", "shapes[:SIZE[:COUNT]]", "cifar10:DIR", "cifar100:DIR", and, split 5/6 train by seed:
// "idx:IMAGES[,LABELS][:transpose]" (:transpose for EMNIST), "npy:IMAGES[,LABELS]", "npz:FILE[:KEY[,LABELSKEY]]".
// A path may contain ',' or ':' when the whole text names an existing file. "folder:DIR" is decoded by the app
// (Qt image readers) and is refused here.
DatasetSplit loadDatasetSpec(const std::string& spec);

}  // namespace vae
