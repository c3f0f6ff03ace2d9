#include "model/dataset.h"

#include <algorithm>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <stdexcept>

namespace vae {

int64_t Dataset::classCount() const {
  if (!hasLabels()) return 0;
  const int64_t named = static_cast<int64_t>(classNames.size());
  return size() == 0 ? named : std::max(named, labels.max().item<int64_t>() + 1);
}

std::vector<int64_t> Dataset::classCounts(int64_t classes) const {
  std::vector<int64_t> counts(static_cast<size_t>(std::max<int64_t>(classes, 0)), 0);
  if (!hasLabels() || size() == 0 || classes <= 0) return counts;
  const torch::Tensor found = torch::bincount(labels.to(torch::kLong).clamp(0, classes), {}, classes + 1);
  for (int64_t k = 0; k < classes; ++k) counts[static_cast<size_t>(k)] = found[k].item<int64_t>();
  return counts;
}

std::string Dataset::labelName(int64_t i) const {
  if (!hasLabels()) return {};
  if (i < 0 || i >= labels.size(0))
    throw std::out_of_range("label index " + std::to_string(i) + " outside 0.." +
                            std::to_string(labels.size(0) - 1));
  const int64_t label = labels[i].item<int64_t>();
  // A label beyond the class list is still worth showing, as its number.
  if (label >= 0 && label < static_cast<int64_t>(classNames.size()))
    return classNames[static_cast<size_t>(label)];
  return std::to_string(label);
}

Dataset Dataset::slice(int64_t begin, int64_t end, const std::string& suffix) const {
  const int64_t n = size();
  if (begin < 0 || end < begin || end > n)
    throw std::out_of_range("slice [" + std::to_string(begin) + ", " + std::to_string(end) +
                            ") outside a dataset of " + std::to_string(n) + " images");
  Dataset out;
  out.name = name;
  // The identity names the rows taken, so a checkpoint trained on a slice can tell it apart.
  out.identity = identity + suffix;
  out.classNames = classNames;
  out.factorNames = factorNames;
  if (images.defined()) out.images = images.slice(0, begin, end);
  if (labels.defined()) out.labels = labels.slice(0, begin, end);
  if (factors.defined()) out.factors = factors.slice(0, begin, end);
  return out;
}

namespace {
Dataset selectRows(const Dataset& all, const torch::Tensor& rows, const std::string& identity) {
  Dataset out;
  out.name = all.name;
  out.identity = identity;
  out.classNames = all.classNames;
  out.factorNames = all.factorNames;
  out.images = all.images.index_select(0, rows);
  if (all.labels.defined()) out.labels = all.labels.index_select(0, rows);
  if (all.factors.defined()) out.factors = all.factors.index_select(0, rows);
  return out;
}
}  // namespace

DatasetSplit splitDataset(const Dataset& all, double testFraction, uint64_t seed) {
  if (!(testFraction > 0.0 && testFraction < 1.0))
    throw std::invalid_argument("test fraction must be in (0,1), got " + std::to_string(testFraction));
  const int64_t n = all.size();
  if (n < 2)
    throw std::invalid_argument("cannot split a dataset of " + std::to_string(n) +
                                " images into train and test");
  // Both halves must be non-empty, whatever the rounding does at the extremes.
  int64_t nTest = static_cast<int64_t>(std::llround(static_cast<double>(n) * testFraction));
  nTest = std::min(std::max<int64_t>(nTest, 1), n - 1);
  const int64_t nTrain = n - nTest;

  // An explicit generator keeps the split independent of the global torch seed and of other threads.
  at::Generator gen = at::detail::createCPUGenerator(seed);
  const torch::Tensor perm = torch::randperm(n, gen, torch::TensorOptions().dtype(torch::kLong));

  DatasetSplit split;
  split.train = selectRows(all, perm.slice(0, 0, nTrain),
                           all.identity + ":train:" + std::to_string(nTrain));
  split.test = selectRows(all, perm.slice(0, nTrain, n),
                          all.identity + ":test:" + std::to_string(nTest));
  return split;
}

}  // namespace vae
