#include "model/gemmrate.h"

#include <algorithm>
#include <chrono>

namespace vae {

namespace {

using Clock = std::chrono::steady_clock;
// 4x4 kernels, stride 2, padding 1: VaeImpl's convolutions.
constexpr int64_t kKernel = 4, kStride = 2, kPadding = 1;
constexpr double kTaps = static_cast<double>(kKernel * kKernel);
// Untimed rounds first: allocation, OpenMP start-up and packing buffers.
constexpr int kWarmups = 3;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The products of one layer's forward and backward pass, ready to run again and again.
struct LayerProducts {
  GemmLayer layer;
  torch::Tensor x, w, gy;
  bool inputGradient = true;

  void run() const {
    if (layer.kind == GemmLayer::Kind::Linear) {
      torch::Tensor y = torch::mm(x, w.t());        // forward
      torch::Tensor gw = torch::mm(gy.t(), x);      // weight gradient
      if (inputGradient) torch::Tensor gx = torch::mm(gy, w);  // input gradient
      return;
    }
    const bool transposed = layer.kind == GemmLayer::Kind::ConvTranspose;
    torch::Tensor y = at::convolution(x, w, {}, {kStride, kStride}, {kPadding, kPadding}, {1, 1}, transposed, {0, 0}, 1);
    at::convolution_backward(gy, x, w, c10::nullopt, {kStride, kStride}, {kPadding, kPadding}, {1, 1}, transposed,
                             {0, 0}, 1, {inputGradient, true, false});
  }
};

}  // namespace

double GemmLayer::forwardFlops(int64_t batch) const {
  const double b = static_cast<double>(batch);
  switch (kind) {
    case Kind::Linear: return 2.0 * b * static_cast<double>(in) * static_cast<double>(out);
    case Kind::Conv:  // one output pixel per stride-2 step
      return 2.0 * b * static_cast<double>(inH / kStride) * static_cast<double>(inW / kStride) *
             static_cast<double>(in) * static_cast<double>(out) * kTaps;
    case Kind::ConvTranspose:  // one scatter of the kernel per input pixel
      return 2.0 * b * static_cast<double>(inH) * static_cast<double>(inW) * static_cast<double>(in) *
             static_cast<double>(out) * kTaps;
  }
  return 0;
}

std::vector<GemmLayer> gemmLayers(const VaeConfig& m) {
  using Kind = GemmLayer::Kind;
  std::vector<GemmLayer> layers;
  auto linear = [&](int64_t in, int64_t out) { layers.push_back({Kind::Linear, in, out}); };
  const int64_t latent = m.latentDim;
  const int64_t cond = m.conditionWidth();  // a cvae's one-hot label widens the heads' and the decoder's input
  if (m.architecture == Architecture::Mlp) {
    int64_t in = m.imageNumel();
    for (int64_t h : m.hiddenSizes) {
      linear(in, h);
      in = h;
    }
    linear(in + cond, latent);                          // mu head (an autoencoder's code)
    if (!m.isAutoencoder()) linear(in + cond, latent);  // logvar head
    int64_t dIn = latent + cond;
    for (auto it = m.hiddenSizes.rbegin(); it != m.hiddenSizes.rend(); ++it) {
      linear(dIn, *it);
      dIn = *it;
    }
    linear(dIn, m.imageNumel());
    return layers;
  }
  const int64_t c1 = m.convChannels[0], c2 = m.convChannels[1];
  const int64_t h2 = m.height / 2, w2 = m.width / 2, h4 = m.height / 4, w4 = m.width / 4;
  const int64_t mapSize = c2 * h4 * w4;
  layers.push_back({Kind::Conv, m.channels, c1, m.height, m.width});
  layers.push_back({Kind::Conv, c1, c2, h2, w2});
  linear(mapSize, m.convHidden);
  linear(m.convHidden + cond, latent);
  if (!m.isAutoencoder()) linear(m.convHidden + cond, latent);
  linear(latent + cond, m.convHidden);
  linear(m.convHidden, mapSize);
  layers.push_back({Kind::ConvTranspose, c2, c1, h4, w4});
  layers.push_back({Kind::ConvTranspose, c1, m.channels, h2, w2});
  return layers;
}

double trainStepFlops(const VaeConfig& config, int64_t batch) {
  const std::vector<GemmLayer> layers = gemmLayers(config);
  double forward = 0;
  for (const GemmLayer& l : layers) forward += l.forwardFlops(batch);
  return 3.0 * forward - layers.front().forwardFlops(batch);
}

double sgemmPeakGflops(int64_t size, int repetitions) {
  torch::NoGradGuard noGrad;
  const torch::Tensor a = torch::randn({size, size});
  const torch::Tensor b = torch::randn({size, size});
  torch::Tensor c = torch::empty({size, size});
  for (int i = 0; i < kWarmups; ++i) torch::mm_out(c, a, b);
  const double flops = 2.0 * static_cast<double>(size) * static_cast<double>(size) * static_cast<double>(size);
  double best = 0;
  for (int i = 0; i < repetitions; ++i) {
    const auto start = Clock::now();
    torch::mm_out(c, a, b);
    best = std::max(best, flops / secondsSince(start) / 1e9);
  }
  return best;
}

double modelGemmGflops(const VaeConfig& config, int64_t batch, torch::ScalarType dtype, int repetitions) {
  torch::NoGradGuard noGrad;
  std::vector<LayerProducts> products;
  const std::vector<GemmLayer> layers = gemmLayers(config);
  for (size_t i = 0; i < layers.size(); ++i) {
    const GemmLayer& l = layers[i];
    LayerProducts p;
    p.layer = l;
    p.inputGradient = i > 0;
    // As in training: LibTorch 1.13's CPU autocast leaves transposed convolutions in fp32 (its oneDNN cannot
    // build a bf16 transposed-convolution primitive), so a mixed-precision run computes them in fp32 too.
    const auto options =
        torch::TensorOptions().dtype(l.kind == GemmLayer::Kind::ConvTranspose ? torch::kFloat : dtype);
    if (l.kind == GemmLayer::Kind::Linear) {
      p.x = torch::randn({batch, l.in}, options);
      p.w = torch::randn({l.out, l.in}, options);
      p.gy = torch::randn({batch, l.out}, options);
    } else {
      const bool transposed = l.kind == GemmLayer::Kind::ConvTranspose;
      const int64_t outH = transposed ? l.inH * kStride : l.inH / kStride;
      const int64_t outW = transposed ? l.inW * kStride : l.inW / kStride;
      p.x = torch::randn({batch, l.in, l.inH, l.inW}, options);
      // Conv weights are [out, in, k, k]; transposed ones [in, out, k, k].
      p.w = transposed ? torch::randn({l.in, l.out, kKernel, kKernel}, options)
                       : torch::randn({l.out, l.in, kKernel, kKernel}, options);
      p.gy = torch::randn({batch, l.out, outH, outW}, options);
    }
    products.push_back(std::move(p));
  }
  auto step = [&] {
    for (const LayerProducts& p : products) p.run();
  };
  for (int i = 0; i < kWarmups; ++i) step();
  const double flops = trainStepFlops(config, batch);
  double best = 0;
  for (int i = 0; i < repetitions; ++i) {
    const auto start = Clock::now();
    step();
    best = std::max(best, flops / secondsSince(start) / 1e9);
  }
  return best;
}

}  // namespace vae
