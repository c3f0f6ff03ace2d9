#pragma once

#include <torch/torch.h>

#include "model/errortext.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace vae {

// Thrown by every loader for malformed or missing input; what() is one line naming the file and the problem,
// even when either quotes bytes of the file (a header key with a newline in it, found by fuzz_npy).
class DatasetError : public std::runtime_error {
 public:
  DatasetError(const std::string& file, const std::string& problem)
      : std::runtime_error(oneLine(file) + ": " + oneLine(problem)), file_(file), problem_(problem) {}
  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string problem_;
};

// Pixels live in memory as bytes 0..255 (a quarter of float32's size: a 64x64 RGB set of 200 000 images is
// 2.5 GB instead of 10 GB) and reach the model as float32 in [0,1], one batch at a time. These two are the
// only places that know the scale.
torch::Tensor pixelsToUnit(const torch::Tensor& bytes);  // uint8 0..255 -> float32 [0,1]
torch::Tensor unitToPixels(const torch::Tensor& unit);   // float in [0,1] -> uint8, rounded, clamped

// An in-memory image dataset: images [N,C,H,W] uint8 (0..255), optional labels [N] int64.
struct Dataset {
  std::string name;                      // human name, e.g. "Fashion-MNIST (train)"
  std::string identity;                  // stable identity for checkpoints, e.g. "fashion-mnist:train:60000"
  torch::Tensor images;                  // [N,C,H,W] uint8, 0..255; read it as floats through floatImages()
  torch::Tensor labels;                  // [N] int64, or undefined when unlabelled
  std::vector<std::string> classNames;   // label -> name; empty when labels are plain numbers
  torch::Tensor factors;                 // [N,F] float32 generative factors (shapes only), else undefined
  std::vector<std::string> factorNames;  // names of the F factor columns

  int64_t size() const { return images.defined() ? images.size(0) : 0; }
  int64_t channels() const { return images.size(1); }
  int64_t height() const { return images.size(2); }
  int64_t width() const { return images.size(3); }
  bool hasLabels() const { return labels.defined(); }
  // Rows [begin, end) as float32 [B,C,H,W] in [0,1]: what the model sees (a copy, never a view).
  torch::Tensor floatImages(int64_t begin, int64_t end) const;
  // The rows listed in `rows` (int64 [B]) as float32 [B,C,H,W] in [0,1].
  torch::Tensor floatImages(const torch::Tensor& rows) const;
  // Image i as float32 [C,H,W] in [0,1].
  torch::Tensor floatImage(int64_t i) const;
  // The per-pixel mean image [C,H,W] float32, summed in chunks so no float copy of the whole set is made.
  torch::Tensor meanImage() const;
  // Throws std::invalid_argument unless images are uint8 [N,C,H,W]; `what` names the data in the message.
  void checkPixels(const std::string& what) const;
  // Label name of image i ("Sneaker"), or the number when there are no class names, or "" unlabelled.
  std::string labelName(int64_t i) const;
  // How many classes the labels name: the class names, or the largest label + 1; 0 when unlabelled.
  int64_t classCount() const;
  // Images per label 0..classes-1 (zeros when unlabelled; labels >= classes are not counted).
  std::vector<int64_t> classCounts(int64_t classes) const;
  // Rows [begin, end) as a new Dataset sharing the same metadata (tensors are views).
  Dataset slice(int64_t begin, int64_t end, const std::string& suffix) const;
};

// Batches of a dataset as float32 [0,1] in buffers a loop keeps from batch to batch: a result is valid until the
// next call. Fresh multi-MB float tensors per batch left glibc's arenas fragmented (the soak's RSS wandered by
// +-7 % with the bytes in use flat); one buffer per loop does not.
class UnitBatchBuffer {
 public:
  const torch::Tensor& rows(const Dataset& data, const torch::Tensor& rows);  // images[rows]
  const torch::Tensor& range(const Dataset& data, int64_t begin, int64_t end);  // images[begin, end)

 private:
  const torch::Tensor& convert(const torch::Tensor& bytes);
  torch::Tensor bytes_ = torch::empty({0}, torch::kUInt8);
  torch::Tensor floats_ = torch::empty({0}, torch::kFloat32);
};

// A training set and a held-out test set of the same image format.
struct DatasetSplit {
  Dataset train;
  Dataset test;
  // What the user should be told although loading worked (files skipped, files ignored): one line each.
  std::vector<std::string> warnings;
};

// Splits one dataset into train/test with a deterministic shuffle by seed; testFraction in (0,1).
DatasetSplit splitDataset(const Dataset& all, double testFraction, uint64_t seed);
// The same split of a dataset nobody else holds: its rows are shuffled in place and train and test become views
// of that one buffer, so a large set needs no second copy (2.5 GB, not 5, for 200 000 64x64 RGB images). Falls
// back to the copying split when the images are shared.
DatasetSplit splitDataset(Dataset&& all, double testFraction, uint64_t seed);

}  // namespace vae
