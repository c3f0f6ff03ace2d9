#pragma once

#include <torch/torch.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace vae {

// Thrown by every loader for malformed or missing input; what() is one line naming the file and the problem.
class DatasetError : public std::runtime_error {
 public:
  DatasetError(const std::string& file, const std::string& problem)
      : std::runtime_error(file + ": " + problem), file_(file), problem_(problem) {}
  const std::string& file() const { return file_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  std::string problem_;
};

// An in-memory image dataset: images [N,C,H,W] float32 in [0,1], optional labels [N] int64.
struct Dataset {
  std::string name;                      // human name, e.g. "Fashion-MNIST (train)"
  std::string identity;                  // stable identity for checkpoints, e.g. "fashion-mnist:train:60000"
  torch::Tensor images;                  // [N,C,H,W] float32, values in [0,1]
  torch::Tensor labels;                  // [N] int64, or undefined when unlabelled
  std::vector<std::string> classNames;   // label -> name; empty when labels are plain numbers
  torch::Tensor factors;                 // [N,F] float32 generative factors (shapes only), else undefined
  std::vector<std::string> factorNames;  // names of the F factor columns

  int64_t size() const { return images.defined() ? images.size(0) : 0; }
  int64_t channels() const { return images.size(1); }
  int64_t height() const { return images.size(2); }
  int64_t width() const { return images.size(3); }
  bool hasLabels() const { return labels.defined(); }
  // Label name of image i ("Sneaker"), or the number when there are no class names, or "" unlabelled.
  std::string labelName(int64_t i) const;
  // How many classes the labels name: the class names, or the largest label + 1; 0 when unlabelled.
  int64_t classCount() const;
  // Images per label 0..classes-1 (zeros when unlabelled; labels >= classes are not counted).
  std::vector<int64_t> classCounts(int64_t classes) const;
  // Rows [begin, end) as a new Dataset sharing the same metadata (tensors are views).
  Dataset slice(int64_t begin, int64_t end, const std::string& suffix) const;
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

}  // namespace vae
