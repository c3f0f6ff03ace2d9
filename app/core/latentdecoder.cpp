#include "app/core/latentdecoder.h"
#include "app/core/tensorvalues.h"

#include "app/core/imageconversion.h"
#include "model/checkpoint.h"
#include "model/latenttools.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>

namespace vae {

namespace {

// The GUI thread decodes with one intra-op thread (DESIGN.md, Threads): a single z is far too small
// to gain from a thread team, and the cores belong to the training thread.
constexpr int kGuiTorchThreads = 1;

[[noreturn]] void fail(const char* what, const std::string& reason) {
  throw std::invalid_argument(std::string("LatentDecoder::") + what + ": " + reason);
}

std::string shapeOf(const torch::Tensor& t) {
  std::ostringstream out;
  out << t.sizes();
  return out.str();
}

// Checks that parameters fit model (count and shapes) before anything is copied, so a bad
// snapshot leaves the current model untouched.
void requireMatchingParameters(const char* what, const std::vector<torch::Tensor>& modelParams,
                               const std::vector<torch::Tensor>& parameters) {
  if (modelParams.size() != parameters.size())
    fail(what, "got " + std::to_string(parameters.size()) + " parameter tensors, the model has " +
                   std::to_string(modelParams.size()));
  for (size_t i = 0; i < parameters.size(); ++i) {
    if (!parameters[i].defined() || !parameters[i].sizes().equals(modelParams[i].sizes()))
      fail(what, "parameter " + std::to_string(i) + " has shape " +
                     (parameters[i].defined() ? shapeOf(parameters[i]) : std::string("undefined")) +
                     ", the model expects " + shapeOf(modelParams[i]));
  }
}

torch::Tensor toTensor(const QVector<double>& v) {
  // from_blob only views the QVector; clone so the tensor owns its data.
  return torch::from_blob(const_cast<double*>(v.constData()), {static_cast<int64_t>(v.size())}, torch::kFloat64)
      .clone();
}

// tensorToImages, but with the float -> byte conversion done once for the whole batch: per-image tensor
// ops cost ~5 us each, which was 2.2 of a 20x20 grid's 5.9 ms (784-400-20, one thread). The element-wise
// steps are the same as tensorToImage's, so the bytes are identical (the tests compare against it).
QVector<QImage> imagesFromBatch(const torch::Tensor& nchw) {
  const int count = static_cast<int>(nchw.size(0));
  const int channels = static_cast<int>(nchw.size(1));
  const int height = static_cast<int>(nchw.size(2));
  const int width = static_cast<int>(nchw.size(3));
  if (channels != 1 && channels != 3) return tensorToImages(nchw);  // let it report the bad shape
  const torch::Tensor bytes = nchw.to(torch::kCPU, torch::kFloat32)
                                  .clamp(0.0, 1.0)
                                  .mul(255.0)
                                  .round()
                                  .to(torch::kUInt8)
                                  .permute({0, 2, 3, 1})
                                  .contiguous();
  const uint8_t* src = bytes.data_ptr<uint8_t>();
  const size_t rowBytes = static_cast<size_t>(width) * static_cast<size_t>(channels);
  const QImage::Format format = channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
  QVector<QImage> images;
  images.reserve(count);
  for (int i = 0; i < count; ++i) {
    QImage image(width, height, format);
    // QImage rows are 4-byte aligned, so copy row by row.
    for (int y = 0; y < height; ++y) {
      std::memcpy(image.scanLine(y), src, rowBytes);
      src += rowBytes;
    }
    images.append(std::move(image));
  }
  return images;
}

}  // namespace

// A model of this shape whose random initial weights are about to be overwritten. Construction draws
// from the process-wide default generator, which the Trainer seeds for repeatable weight init on the
// training thread; restoring its state keeps the GUI's rebuilds out of that stream.
Vae buildUntrainedModel(const VaeConfig& config) { return makeUntrainedVae(config); }

void copyParametersInto(Vae& model, const std::vector<torch::Tensor>& parameters, const char* what) {
  torch::NoGradGuard noGrad;
  auto params = model->parameters();
  requireMatchingParameters(what, params, parameters);  // before anything is copied: a misfit leaves model as it was
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(parameters[i]);
}

LatentDecoder::LatentDecoder(QObject* parent) : QObject(parent) {
  // LibTorch 1.13 (OpenMP): at::set_num_threads calls omp_set_num_threads, which is per calling thread,
  // but it also stores a process-wide default that a thread adopts lazily at its *first* parallel op.
  // get_num_threads() runs that lazy initialisation now, so the 1 set below sticks to this thread even
  // if the training worker later sets its own count (and the new process default) on its thread.
  // OpenBLAS (openmp build) follows the same per-thread OpenMP setting.
  (void)at::get_num_threads();
  at::set_num_threads(kGuiTorchThreads);
}

LatentDecoder::~LatentDecoder() = default;

void LatentDecoder::setSnapshot(const DecoderSnapshotPtr& snapshot) {
  if (!snapshot) return;
  adopt(snapshot->config, snapshot->parameters, snapshot->step);
}

void LatentDecoder::setCheckpoint(const Checkpoint& checkpoint) {
  adopt(checkpoint.modelConfig, checkpoint.parameters, checkpoint.globalStep);
}

void LatentDecoder::adopt(const VaeConfig& config, const std::vector<torch::Tensor>& parameters, qint64 step) {
  torch::NoGradGuard noGrad;
  // VaeConfig has no operator==; its JSON form is its complete identity (it is what checkpoints store).
  const bool sameShape = hasModel() && config_ && config_->toJson() == config.toJson();
  if (sameShape) {
    // Snapshots arrive a few times per second with the same config: copying ~0.6 M floats in place is
    // far cheaper than constructing (and randomly initialising) a new model each time.
    copyParametersInto(model_, parameters, "setSnapshot");
  } else {
    config.validate();
    Vae fresh = buildUntrainedModel(config);
    copyParametersInto(fresh, parameters, "setSnapshot");
    // The GUI never trains this copy; without grads no decode can build an autograd graph by accident.
    for (torch::Tensor& p : fresh->parameters()) p.set_requires_grad(false);
    fresh->eval();
    model_ = fresh;
    config_ = config;
  }
  step_ = step;
  if (classIndex_ >= std::max(1, classCount())) classIndex_ = 0;  // a model with fewer classes, or none
  auto adopted = std::make_shared<DecoderSnapshot>();
  adopted->config = config;
  adopted->parameters = parameters;  // tensor handles: snapshots and checkpoints are never modified in place
  adopted->step = step;
  snapshot_ = std::move(adopted);
  Q_EMIT modelChanged(step_);
}

int LatentDecoder::latentDim() const { return config_ ? static_cast<int>(config_->latentDim) : 0; }

VaeConfig LatentDecoder::config() const { return config_ ? *config_ : VaeConfig{}; }

int LatentDecoder::classCount() const { return config_ ? static_cast<int>(config_->conditionWidth()) : 0; }

void LatentDecoder::setClassIndex(int classIndex) {
  if (classIndex < 0 || classIndex >= std::max(1, classCount()))
    fail("setClassIndex", "class " + std::to_string(classIndex) + " is outside 0.." +
                              std::to_string(std::max(1, classCount()) - 1));
  classIndex_ = classIndex;
}

torch::Tensor LatentDecoder::classLabels(int64_t rows, int classIndex) const {
  if (classCount() == 0) return {};
  return torch::full({rows}, classIndex, torch::kLong);
}

QVector<QImage> LatentDecoder::decodeEveryClass(const QVector<double>& z) {
  const torch::Tensor row = latentRow("decodeEveryClass", "z", z).unsqueeze(0);
  if (classCount() == 0) return decodeRows(row);
  return decodeRows(row.expand({classCount(), row.size(1)}), torch::arange(classCount(), torch::kLong));
}

void LatentDecoder::requireModel(const char* what) const {
  if (!hasModel()) throw std::logic_error(std::string("LatentDecoder::") + what + ": no model loaded yet");
}

torch::Tensor LatentDecoder::latentRow(const char* what, const char* name, const QVector<double>& z) const {
  requireModel(what);
  if (z.size() != latentDim())
    fail(what, std::string(name) + " has " + std::to_string(z.size()) + " values, the model's latent dim is " +
                   std::to_string(latentDim()));
  for (double v : z)
    if (!std::isfinite(v)) fail(what, std::string(name) + " contains a non-finite value");
  return toTensor(z);
}

QVector<QImage> LatentDecoder::decodeRows(const torch::Tensor& z, const torch::Tensor& labels) {
  torch::NoGradGuard noGrad;
  model_->eval();
  const torch::Tensor y = labels.defined() || classCount() == 0 ? labels : classLabels(z.size(0), classIndex_);
  return imagesFromBatch(model_->decodeImages(z.to(torch::kFloat32).contiguous(), y));
}

QImage LatentDecoder::decode(const QVector<double>& z) {
  const torch::Tensor row = latentRow("decode", "z", z).unsqueeze(0);
  return decodeRows(row).front();
}

QVector<QImage> LatentDecoder::decodeBatch(const QVector<QVector<double>>& zs) {
  requireModel("decodeBatch");
  if (zs.isEmpty()) return {};
  std::vector<torch::Tensor> rows;
  rows.reserve(static_cast<size_t>(zs.size()));
  for (int i = 0; i < zs.size(); ++i) {
    const std::string name = "z[" + std::to_string(i) + "]";
    rows.push_back(latentRow("decodeBatch", name.c_str(), zs[i]));
  }
  return decodeRows(torch::stack(rows));
}

QVector<QImage> LatentDecoder::decodeTensor(const torch::Tensor& z, const torch::Tensor& labels) {
  requireModel("decodeTensor");
  if (!z.defined() || z.dim() != 2 || z.size(1) != latentDim() || !z.is_floating_point())
    fail("decodeTensor", "expected a floating-point [B," + std::to_string(latentDim()) + "] tensor, got " +
                             (z.defined() ? shapeOf(z) : std::string("an undefined tensor")));
  if (z.size(0) == 0) return {};
  if (labels.defined() && (labels.dim() != 1 || labels.size(0) != z.size(0)))
    fail("decodeTensor", "expected one label per row of z, got " + shapeOf(labels));
  return decodeRows(z, labels);  // a cvae's Vae refuses labels out of range with one line
}

QVector<QImage> LatentDecoder::decodeGrid(const QVector<double>& base, int axisX, int axisY, int n, double span,
                                          double centerX, double centerY) {
  requireModel("decodeGrid");
  const int dims = latentDim();
  if (axisX < 0 || axisX >= dims || axisY < 0 || axisY >= dims)
    fail("decodeGrid", "axes (" + std::to_string(axisX) + ", " + std::to_string(axisY) + ") out of range [0," +
                           std::to_string(dims) + ")");
  if (axisX == axisY) fail("decodeGrid", "the two axes must differ, both are " + std::to_string(axisX));
  torch::Tensor b = latentRow("decodeGrid", "base", base);
  const torch::Tensor ex = axisVector(dims, axisX).to(torch::kFloat64);
  const torch::Tensor ey = axisVector(dims, axisY).to(torch::kFloat64);
  // Shift only the two plane coordinates, so the other dims stay exactly as in base.
  b[axisX] += centerX;
  b[axisY] += centerY;
  return decodeRows(latentGrid(b, ex, ey, n, span));
}

QVector<QImage> LatentDecoder::decodeGridAlong(const QVector<double>& base, const QVector<double>& dirX,
                                               const QVector<double>& dirY, int n, double span, double cx,
                                               double cy) {
  const torch::Tensor b = latentRow("decodeGridAlong", "base", base);
  torch::Tensor dx = latentRow("decodeGridAlong", "dirX", dirX);
  torch::Tensor dy = latentRow("decodeGridAlong", "dirY", dirY);
  // span is measured in latent units, so the directions must be unit length (PCA rows already are).
  const double nx = dx.norm().item<double>(), ny = dy.norm().item<double>();
  if (!(nx > 0.0) || !(ny > 0.0)) fail("decodeGridAlong", "a direction vector is zero");
  dx = dx / nx;
  dy = dy / ny;
  return decodeRows(latentGrid(b + cx * dx + cy * dy, dx, dy, n, span));
}

QVector<QImage> LatentDecoder::traversal(const QVector<double>& base, int dim, int steps, double span) {
  const torch::Tensor b = latentRow("traversal", "base", base);
  return decodeRows(traversalRow(b, dim, steps, span));
}

QVector<QImage> LatentDecoder::interpolate(const QVector<double>& a, const QVector<double>& b, int steps,
                                           bool spherical) {
  const torch::Tensor ta = latentRow("interpolate", "a", a);
  const torch::Tensor tb = latentRow("interpolate", "b", b);
  return decodeRows(spherical ? slerp(ta, tb, steps) : lerp(ta, tb, steps));
}

QVector<QVector<double>> LatentDecoder::interpolationPath(const QVector<double>& a, const QVector<double>& b, int steps,
                                                          bool spherical) {
  if (a.size() != b.size() || a.isEmpty() || steps < 2) return {};
  const torch::Tensor ta = torch::tensor(std::vector<double>(a.begin(), a.end()), torch::kFloat64);
  const torch::Tensor tb = torch::tensor(std::vector<double>(b.begin(), b.end()), torch::kFloat64);
  const torch::Tensor rows = (spherical ? slerp(ta, tb, steps) : lerp(ta, tb, steps)).to(torch::kFloat64).contiguous();
  const double* data = rows.data_ptr<double>();
  const qsizetype dim = a.size();
  QVector<QVector<double>> frames;
  for (int i = 0; i < steps; ++i) frames.append(QVector<double>(data + i * dim, data + (i + 1) * dim));
  return frames;
}

QVector<double> LatentDecoder::encode(const QImage& image, int classIndex) {
  requireModel("encode");
  const int k = classIndex < 0 ? classIndex_ : classIndex;
  if (k >= std::max(1, classCount()))
    fail("encode", "class " + std::to_string(k) + " is outside 0.." + std::to_string(std::max(1, classCount()) - 1));
  const VaeConfig& c = *config_;
  const torch::Tensor x = imageToTensor(image, static_cast<int>(c.channels), static_cast<int>(c.height),
                                        static_cast<int>(c.width))
                              .unsqueeze(0);
  torch::NoGradGuard noGrad;
  model_->eval();
  return toDoubles(model_->encode(x, classLabels(1, k)).first[0]);
}

}  // namespace vae
