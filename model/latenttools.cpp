#include "model/latenttools.h"

#include "model/elbo.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

namespace vae {

namespace {

// Below this sin(omega) the slerp weights sin(t*omega)/sin(omega) lose all precision (vectors are
// (anti)parallel), and lerp between them is what the user would expect anyway.
constexpr double kSlerpMinSinOmega = 1e-6;

// Restores the module's train/eval mode on scope exit, so an exception in the middle of encoding
// cannot leave a training model stuck in eval mode.
class TrainingModeGuard {
 public:
  explicit TrainingModeGuard(torch::nn::Module& module) : module_(module), wasTraining_(module.is_training()) {}
  ~TrainingModeGuard() { module_.train(wasTraining_); }
  TrainingModeGuard(const TrainingModeGuard&) = delete;
  TrainingModeGuard& operator=(const TrainingModeGuard&) = delete;

 private:
  torch::nn::Module& module_;
  bool wasTraining_;
};

[[noreturn]] void fail(const std::string& function, const std::string& reason) {
  throw std::invalid_argument(function + ": " + reason);
}

std::string shapeString(const torch::Tensor& t) {
  if (!t.defined()) return "undefined";
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? "," : "") + std::to_string(t.size(i));
  return s + "]";
}

// A latent vector argument must be a defined 1-D floating tensor; returns its length L.
int64_t requireLatentVector(const char* function, const char* name, const torch::Tensor& v) {
  if (!v.defined() || v.dim() != 1)
    fail(function, std::string(name) + " must be a 1-D latent vector, got " + shapeString(v));
  if (!v.is_floating_point()) fail(function, std::string(name) + " must be a floating-point tensor");
  if (v.size(0) < 1) fail(function, std::string(name) + " must not be empty");
  return v.size(0);
}

void requireSameLength(const char* function, const char* name, const torch::Tensor& v, int64_t latentDim) {
  requireLatentVector(function, name, v);
  if (v.size(0) != latentDim)
    fail(function, std::string(name) + " has " + std::to_string(v.size(0)) + " dims, expected " +
                       std::to_string(latentDim));
}

void requireSpan(const char* function, double span) {
  if (!std::isfinite(span) || span < 0.0) fail(function, "span must be finite and >= 0, got " + std::to_string(span));
}

void requireCodes(const char* function, const EncodedDataset& codes) {
  if (!codes.mu.defined() || codes.mu.dim() != 2) fail(function, "mu must be [N,L], got " + shapeString(codes.mu));
  // An undefined logvar is an autoencoder's (no variance); a defined one must match mu.
  if (codes.logvar.defined() && !codes.logvar.sizes().equals(codes.mu.sizes()))
    fail(function, "logvar must match mu " + shapeString(codes.mu) + ", got " + shapeString(codes.logvar));
  // A mean over zero images is NaN; say so instead of handing NaN bars to the GUI.
  if (codes.mu.size(0) < 1) fail(function, "no encoded images");
}

// Row i of the result is wa[i] * a + wb[i] * b. The weights are computed in double on the host so
// that the end points get weights of exactly (1, 0) and (0, 1) and reproduce a and b bit for bit.
torch::Tensor weightedRows(const torch::Tensor& a, const torch::Tensor& b, const std::vector<double>& wa,
                           const std::vector<double>& wb) {
  const auto n = static_cast<int64_t>(wa.size());
  torch::Tensor ta = torch::tensor(wa, torch::kFloat64).to(a.scalar_type()).view({n, 1});
  torch::Tensor tb = torch::tensor(wb, torch::kFloat64).to(a.scalar_type()).view({n, 1});
  return ta * a.unsqueeze(0) + tb * b.unsqueeze(0);
}

// `steps` evenly spaced values from -span to +span; the last is exactly +span (-s + 2s == s in IEEE).
std::vector<double> symmetricSteps(int64_t steps, double span) {
  std::vector<double> v(static_cast<size_t>(steps));
  for (int64_t i = 0; i < steps; ++i)
    v[static_cast<size_t>(i)] = -span + 2.0 * span * static_cast<double>(i) / static_cast<double>(steps - 1);
  return v;
}

}  // namespace

EncodedDataset encodeDataset(Vae& model, const Dataset& data, int64_t batchSize,
                             const std::function<void(int64_t, int64_t)>& progress) {
  if (batchSize < 1) fail("encodeDataset", "batchSize must be >= 1, got " + std::to_string(batchSize));
  data.checkPixels("encodeDataset");
  const VaeConfig& config = model->config();
  if (data.channels() != config.channels || data.height() != config.height || data.width() != config.width)
    fail("encodeDataset", "images are " + shapeString(data.images) + " but the model expects [N," +
                              std::to_string(config.channels) + "," + std::to_string(config.height) + "," +
                              std::to_string(config.width) + "]");
  if (config.isConditional() && !data.hasLabels())
    fail("encodeDataset", "a cvae encodes each image with its class, and " + data.name + " has no labels");

  torch::NoGradGuard noGrad;
  TrainingModeGuard modeGuard(*model);
  // Our Vae has no dropout or batch norm, but eval() keeps this correct if one ever gets them.
  model->eval();

  // Batches go to wherever the weights live; results come back to the CPU for the GUI and exporters.
  const auto params = model->parameters();
  const torch::Device device = params.empty() ? torch::Device(torch::kCPU) : params.front().device();

  const int64_t total = data.size();
  std::vector<torch::Tensor> mus, logvars;
  mus.reserve(static_cast<size_t>((total + batchSize - 1) / batchSize));
  logvars.reserve(mus.capacity());
  UnitBatchBuffer buffer;
  for (int64_t begin = 0; begin < total; begin += batchSize) {
    const int64_t end = std::min(total, begin + batchSize);
    torch::Tensor batch = buffer.range(data, begin, end).to(device);
    // A cvae's code of an image is q(z|x, y) with the image's own class y.
    const torch::Tensor labels =
        config.isConditional() ? data.labels.slice(0, begin, end).to(device, torch::kLong) : torch::Tensor();
    auto [mu, logvar] = model->encode(batch, labels);
    mus.push_back(mu.to(torch::kCPU));
    if (logvar.defined()) logvars.push_back(logvar.to(torch::kCPU));  // an autoencoder has none
    // Progress counts images, not batches, so a caller can show "12 000 / 60 000".
    if (progress) progress(end, total);
  }

  EncodedDataset out;
  const bool hasLogvar = !model->isAutoencoder();
  if (mus.empty()) {
    out.mu = torch::empty({0, config.latentDim});
    if (hasLogvar) out.logvar = torch::empty({0, config.latentDim});
  } else {
    out.mu = torch::cat(mus, 0);
    if (hasLogvar) out.logvar = torch::cat(logvars, 0);
  }
  // A copy, not a view: the dataset may be replaced while the codes are still shown.
  if (data.labels.defined()) out.labels = data.labels.to(torch::kInt64).clone();
  return out;
}

torch::Tensor klPerDimension(const EncodedDataset& codes) {
  requireCodes("klPerDimension", codes);
  return klElementwise(codes.mu, codes.logvar).mean(/*dim=*/0);
}

std::vector<int64_t> rankDimensionsByKl(const EncodedDataset& codes) {
  torch::Tensor kl = klPerDimension(codes).to(torch::kCPU, torch::kFloat64).contiguous();
  const double* values = kl.data_ptr<double>();
  const int64_t latentDim = kl.size(0);
  std::vector<int64_t> order(static_cast<size_t>(latentDim));
  std::iota(order.begin(), order.end(), int64_t{0});
  // NaN would break the strict weak ordering the sort relies on; a dead/broken dimension ranks last.
  auto key = [values](int64_t d) {
    return std::isnan(values[d]) ? -std::numeric_limits<double>::infinity() : values[d];
  };
  // stable_sort: equal KL keeps the lower index first, so the ranking never flickers between runs.
  std::stable_sort(order.begin(), order.end(), [&key](int64_t a, int64_t b) { return key(a) > key(b); });
  return order;
}

bool isActiveDimension(double klNats) { return klNats >= kActiveKlNats; }  // false for NaN too

bool looksCollapsed(const std::vector<double>& klPerDim) {
  if (klPerDim.empty()) return false;
  int active = 0;
  double total = 0;
  for (double kl : klPerDim) {
    active += isActiveDimension(kl) ? 1 : 0;
    if (std::isfinite(kl)) total += kl;
  }
  const int needed = std::min<int>(kCollapseActiveDims, static_cast<int>(klPerDim.size()));
  return active < needed || total < kCollapseTotalKlNats;
}

std::vector<int64_t> activeUnits(const EncodedDataset& codes, double threshold) {
  if (!codes.mu.defined() || codes.mu.dim() != 2)
    fail("activeUnits", "mu must be [N,L], got " + shapeString(codes.mu));
  if (codes.mu.size(0) < 1) fail("activeUnits", "no encoded images");
  // Population variance (divide by N): the spread of E_q[z|x] over the data as Burda et al. define
  // it, and defined (zero) for a single image where the sample variance would be NaN.
  torch::Tensor variance =
      codes.mu.to(torch::kCPU, torch::kFloat64).var(/*dim=*/0, /*unbiased=*/false).contiguous();
  const double* v = variance.data_ptr<double>();
  std::vector<int64_t> active;
  for (int64_t d = 0; d < variance.size(0); ++d)
    if (v[d] > threshold) active.push_back(d);
  return active;
}

PcaAxes pcaAxes(const torch::Tensor& mu, int64_t k) {
  if (!mu.defined() || mu.dim() != 2) fail("pcaAxes", "mu must be [N,L], got " + shapeString(mu));
  const int64_t n = mu.size(0), latentDim = mu.size(1);
  if (n < 2) fail("pcaAxes", "need at least 2 encoded images for a variance, got " + std::to_string(n));
  if (latentDim < 1) fail("pcaAxes", "mu has no latent dimensions");
  if (k < 1) fail("pcaAxes", "k must be >= 1, got " + std::to_string(k));
  k = std::min(k, latentDim);

  torch::Tensor x = mu.is_floating_point() ? mu : mu.to(torch::kFloat32);
  torch::Tensor mean = x.mean(/*dim=*/0);
  torch::Tensor centred = x - mean;
  // Reduced SVD normally (U of a 60000-row set would not fit in memory full size); with fewer
  // images than dims it gives only N axes, so take the full Vh then to still offer L orthonormal axes.
  const bool fullMatrices = n < latentDim;
  const auto svd = torch::linalg::svd(centred, fullMatrices, /*driver=*/c10::nullopt);
  const torch::Tensor& s = std::get<1>(svd);
  const torch::Tensor& vh = std::get<2>(svd);
  torch::Tensor axes = vh.slice(/*dim=*/0, 0, k).clone();

  // SVD signs are arbitrary (they can flip between LAPACK builds or retrains); fix them so the
  // largest component of each axis is positive and "+ along PC1" means the same thing every time.
  torch::Tensor pivot = axes.abs().argmax(/*dim=*/1, /*keepdim=*/true);
  torch::Tensor sign = 1.0 - 2.0 * (axes.gather(1, pivot) < 0).to(axes.scalar_type());
  axes = axes * sign;
  // Rows of Vh are unit already; renormalising removes LAPACK's last-ulp drift for exact unit steps.
  axes = axes / axes.norm(2, /*dim=*/{1}, /*keepdim=*/true);

  // Sample variance along each axis; axes beyond the rank of the data carry none.
  torch::Tensor variances = torch::zeros({k}, s.options());
  const int64_t withValues = std::min(k, s.size(0));
  variances.slice(0, 0, withValues).copy_(s.slice(0, 0, withValues).pow(2) / static_cast<double>(n - 1));

  return {axes, variances, mean};
}

torch::Tensor traversalRow(const torch::Tensor& base, int64_t dim, int64_t steps, double span) {
  const int64_t latentDim = requireLatentVector("traversalRow", "base", base);
  if (dim < 0 || dim >= latentDim)
    fail("traversalRow", "dim " + std::to_string(dim) + " out of range [0," + std::to_string(latentDim) + ")");
  if (steps < 2) fail("traversalRow", "steps must be >= 2, got " + std::to_string(steps));
  requireSpan("traversalRow", span);

  torch::Tensor row = base.unsqueeze(0).repeat({steps, 1});
  // The swept value is absolute, not base[dim] + offset: a traversal shows what the prior range of
  // one dimension decodes to, with everything else held at base.
  row.select(/*dim=*/1, dim).copy_(torch::tensor(symmetricSteps(steps, span), torch::kFloat64));
  return row;
}

torch::Tensor latentGrid(const torch::Tensor& base, const torch::Tensor& axisX, const torch::Tensor& axisY,
                         int64_t n, double span) {
  const int64_t latentDim = requireLatentVector("latentGrid", "base", base);
  requireSameLength("latentGrid", "axisX", axisX, latentDim);
  requireSameLength("latentGrid", "axisY", axisY, latentDim);
  if (n < 1) fail("latentGrid", "n must be >= 1, got " + std::to_string(n));
  requireSpan("latentGrid", span);

  // A 1x1 grid is the base point itself, not its bottom-left corner.
  std::vector<double> xs = n == 1 ? std::vector<double>{0.0} : symmetricSteps(n, span);
  // Screen rows grow downwards, so the first row takes the largest y.
  std::vector<double> ys(xs.rbegin(), xs.rend());

  const auto options = base.options();
  torch::Tensor x = torch::tensor(xs, torch::kFloat64).to(options).view({1, n, 1});
  torch::Tensor y = torch::tensor(ys, torch::kFloat64).to(options).view({n, 1, 1});
  torch::Tensor grid = base.view({1, 1, latentDim}) + x * axisX.to(options).view({1, 1, latentDim}) +
                       y * axisY.to(options).view({1, 1, latentDim});
  return grid.reshape({n * n, latentDim});
}

torch::Tensor axisVector(int64_t latentDim, int64_t dim) {
  if (latentDim < 1) fail("axisVector", "latentDim must be >= 1, got " + std::to_string(latentDim));
  if (dim < 0 || dim >= latentDim)
    fail("axisVector", "dim " + std::to_string(dim) + " out of range [0," + std::to_string(latentDim) + ")");
  torch::Tensor v = torch::zeros({latentDim});
  v[dim] = 1.0;
  return v;
}

torch::Tensor lerp(const torch::Tensor& a, const torch::Tensor& b, int64_t steps) {
  const int64_t latentDim = requireLatentVector("lerp", "a", a);
  requireSameLength("lerp", "b", b, latentDim);
  if (steps < 2) fail("lerp", "steps must be >= 2, got " + std::to_string(steps));
  std::vector<double> wa(static_cast<size_t>(steps)), wb(static_cast<size_t>(steps));
  for (int64_t i = 0; i < steps; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(steps - 1);
    // (1-t)a + tb rather than a + t(b-a): the latter does not land exactly on b at t = 1.
    wa[static_cast<size_t>(i)] = 1.0 - t;
    wb[static_cast<size_t>(i)] = t;
  }
  return weightedRows(a, b.to(a.options()), wa, wb);
}

torch::Tensor slerp(const torch::Tensor& a, const torch::Tensor& b, int64_t steps) {
  const int64_t latentDim = requireLatentVector("slerp", "a", a);
  requireSameLength("slerp", "b", b, latentDim);
  if (steps < 2) fail("slerp", "steps must be >= 2, got " + std::to_string(steps));

  torch::Tensor a64 = a.to(torch::kCPU, torch::kFloat64);
  torch::Tensor b64 = b.to(torch::kCPU, torch::kFloat64);
  const double normA = a64.norm().item<double>();
  const double normB = b64.norm().item<double>();
  // A zero vector has no direction to rotate from.
  if (normA == 0.0 || normB == 0.0) return lerp(a, b, steps);
  // Rounding can push the cosine of (anti)parallel vectors just past +-1, where acos is NaN.
  const double cosOmega = std::clamp(a64.dot(b64).item<double>() / (normA * normB), -1.0, 1.0);
  const double omega = std::acos(cosOmega);
  const double sinOmega = std::sin(omega);
  if (sinOmega < kSlerpMinSinOmega) return lerp(a, b, steps);

  std::vector<double> wa(static_cast<size_t>(steps)), wb(static_cast<size_t>(steps));
  for (int64_t i = 0; i < steps; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(steps - 1);
    wa[static_cast<size_t>(i)] = std::sin((1.0 - t) * omega) / sinOmega;
    wb[static_cast<size_t>(i)] = std::sin(t * omega) / sinOmega;
  }
  return weightedRows(a, b.to(a.options()), wa, wb);
}

}  // namespace vae
