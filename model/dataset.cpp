#include "model/dataset.h"

#include <algorithm>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace vae {

namespace {
// The byte scale: 255 is white.
constexpr double kPixelMax = 255.0;
// Rows per chunk when a statistic runs over the whole set: bounds the float copy to a few MB.
constexpr int64_t kMeanChunkRows = 4096;

std::string shapeText(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t d = 0; d < t.dim(); ++d) s += (d ? "," : "") + std::to_string(t.size(d));
  return s + "]";
}
}  // namespace

torch::Tensor pixelsToUnit(const torch::Tensor& bytes) {
  if (bytes.scalar_type() != torch::kUInt8)
    throw std::invalid_argument(std::string("pixelsToUnit: expected uint8 pixels, got ") +
                                c10::toString(bytes.scalar_type()));
  return bytes.to(torch::kFloat32).div_(kPixelMax);
}

const torch::Tensor& UnitBatchBuffer::rows(const Dataset& data, const torch::Tensor& rows) {
  // Emptied first: an out= tensor of another shape makes LibTorch print a deprecation warning on every resize (a
  // last, shorter batch each epoch); empty, it grows back into the storage it keeps.
  bytes_.resize_({0});
  at::index_select_out(bytes_, data.images, 0, rows);
  return convert(bytes_);
}

const torch::Tensor& UnitBatchBuffer::range(const Dataset& data, int64_t begin, int64_t end) {
  return convert(data.images.slice(0, begin, end));
}

const torch::Tensor& UnitBatchBuffer::convert(const torch::Tensor& bytes) {
  if (bytes.scalar_type() != torch::kUInt8)
    throw std::invalid_argument(std::string("UnitBatchBuffer: expected uint8 pixels, got ") +
                                c10::toString(bytes.scalar_type()));
  floats_.resize_(bytes.sizes());
  floats_.copy_(bytes).div_(kPixelMax);  // as pixelsToUnit
  return floats_;
}

torch::Tensor unitToPixels(const torch::Tensor& unit) {
  return unit.to(torch::kFloat32).clamp(0.0, 1.0).mul_(kPixelMax).round_().to(torch::kUInt8);
}

torch::Tensor Dataset::floatImages(int64_t begin, int64_t end) const {
  return pixelsToUnit(images.slice(0, begin, end));
}

torch::Tensor Dataset::floatImages(const torch::Tensor& rows) const {
  return pixelsToUnit(images.index_select(0, rows));
}

torch::Tensor Dataset::floatImage(int64_t i) const { return pixelsToUnit(images[i]); }

torch::Tensor Dataset::meanImage() const {
  const int64_t n = size();
  if (n == 0) throw std::invalid_argument("meanImage: the dataset has no images");
  torch::Tensor sum = torch::zeros({channels(), height(), width()}, torch::kFloat64);
  for (int64_t begin = 0; begin < n; begin += kMeanChunkRows)
    sum += images.slice(0, begin, std::min(n, begin + kMeanChunkRows)).sum(0, /*keepdim=*/false, torch::kFloat64);
  return sum.div_(kPixelMax * static_cast<double>(n)).to(torch::kFloat32);
}

void Dataset::checkPixels(const std::string& what) const {
  if (!images.defined() || images.dim() != 4)
    throw std::invalid_argument(what + ": images must be [N,C,H,W], got " +
                                (images.defined() ? shapeText(images) : std::string("none")));
  if (images.scalar_type() != torch::kUInt8)
    throw std::invalid_argument(what + ": pixels must be uint8 (0..255), got " +
                                std::string(c10::toString(images.scalar_type())));
}

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
// Rows of one split: how many are held out, and the seeded order (train first, then test).
struct SplitPlan {
  int64_t nTrain = 0;
  int64_t nTest = 0;
  torch::Tensor perm;
};

SplitPlan planSplit(int64_t n, double testFraction, uint64_t seed) {
  if (!(testFraction > 0.0 && testFraction < 1.0))
    throw std::invalid_argument("test fraction must be in (0,1), got " + std::to_string(testFraction));
  if (n < 2)
    throw std::invalid_argument("cannot split a dataset of " + std::to_string(n) +
                                " images into train and test");
  // Both halves must be non-empty, whatever the rounding does at the extremes.
  int64_t nTest = static_cast<int64_t>(std::llround(static_cast<double>(n) * testFraction));
  nTest = std::min(std::max<int64_t>(nTest, 1), n - 1);
  // An explicit generator keeps the split independent of the global torch seed and of other threads.
  at::Generator gen = at::detail::createCPUGenerator(seed);
  return {n - nTest, nTest, torch::randperm(n, gen, torch::TensorOptions().dtype(torch::kLong))};
}

// The rows `rows` of everything but the images (which the callers take care of).
Dataset selectMetadata(const Dataset& all, const torch::Tensor& rows, const std::string& identity) {
  Dataset out;
  out.name = all.name;
  out.identity = identity;
  out.classNames = all.classNames;
  out.factorNames = all.factorNames;
  if (all.labels.defined()) out.labels = all.labels.index_select(0, rows);
  if (all.factors.defined()) out.factors = all.factors.index_select(0, rows);
  return out;
}

DatasetSplit splitMetadata(const Dataset& all, const SplitPlan& plan) {
  DatasetSplit split;
  split.train = selectMetadata(all, plan.perm.slice(0, 0, plan.nTrain),
                               all.identity + ":train:" + std::to_string(plan.nTrain));
  split.test = selectMetadata(all, plan.perm.slice(0, plan.nTrain, plan.nTrain + plan.nTest),
                              all.identity + ":test:" + std::to_string(plan.nTest));
  return split;
}

// rows[i] = old rows[perm[i]], one cycle of the permutation at a time with a single row of scratch: what
// index_select gives, without a second buffer the size of the dataset.
void gatherRowsInPlace(torch::Tensor& images, const torch::Tensor& perm) {
  const int64_t n = images.size(0);
  const size_t rowBytes = static_cast<size_t>(images.numel() / n) * images.element_size();
  uint8_t* base = static_cast<uint8_t*>(images.data_ptr());
  const int64_t* p = perm.data_ptr<int64_t>();
  std::vector<bool> placed(static_cast<size_t>(n), false);
  std::vector<uint8_t> first(rowBytes);
  for (int64_t start = 0; start < n; ++start) {
    if (placed[static_cast<size_t>(start)]) continue;
    std::memcpy(first.data(), base + start * rowBytes, rowBytes);
    for (int64_t j = start;;) {
      placed[static_cast<size_t>(j)] = true;
      const int64_t from = p[j];
      if (from == start) {
        std::memcpy(base + j * rowBytes, first.data(), rowBytes);
        break;
      }
      std::memcpy(base + j * rowBytes, base + from * rowBytes, rowBytes);
      j = from;
    }
  }
}
}  // namespace

DatasetSplit splitDataset(const Dataset& all, double testFraction, uint64_t seed) {
  const SplitPlan plan = planSplit(all.size(), testFraction, seed);
  DatasetSplit split = splitMetadata(all, plan);
  split.train.images = all.images.index_select(0, plan.perm.slice(0, 0, plan.nTrain));
  split.test.images = all.images.index_select(0, plan.perm.slice(0, plan.nTrain, plan.nTrain + plan.nTest));
  return split;
}

DatasetSplit splitDataset(Dataset&& all, double testFraction, uint64_t seed) {
  torch::Tensor& images = all.images;
  const bool exclusive = images.defined() && images.use_count() == 1 && images.storage().use_count() == 1 &&
                         images.is_contiguous() && images.storage_offset() == 0 && images.dim() >= 1;
  if (!exclusive) return splitDataset(static_cast<const Dataset&>(all), testFraction, seed);
  const SplitPlan plan = planSplit(all.size(), testFraction, seed);
  DatasetSplit split = splitMetadata(all, plan);
  gatherRowsInPlace(images, plan.perm);
  split.train.images = images.slice(0, 0, plan.nTrain);
  split.test.images = images.slice(0, plan.nTrain, plan.nTrain + plan.nTest);
  return split;
}

}  // namespace vae
