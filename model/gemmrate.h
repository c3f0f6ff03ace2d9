#pragma once

#include "model/vaeconfig.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

// How fast this machine does the matrix products a VAE is made of: the numbers `bench` reports and the
// bf16-or-fp32 choice of `--precision auto` are measured here.
namespace vae {

// One GEMM-like layer of a Vae, in forward order (see VaeImpl): what its products cost and their shapes.
struct GemmLayer {
  enum class Kind { Linear, Conv, ConvTranspose };
  Kind kind = Kind::Linear;
  int64_t in = 0, out = 0;        // features (Linear) or channels (conv)
  int64_t inH = 1, inW = 1;       // input map size (conv); 4x4 kernels, stride 2, padding 1 as in VaeImpl
  // Forward flops for a batch. Convolutions count every kernel tap (padding taps included).
  double forwardFlops(int64_t batch) const;
};

std::vector<GemmLayer> gemmLayers(const VaeConfig& config);

// GEMM flops of one training step: the forward pass, the weight gradients of every layer (as much again) and the
// input gradients of every layer but the first (nothing needs the gradient of x).
double trainStepFlops(const VaeConfig& config, int64_t batch);

// Best GFLOP/s of a size^3 float matrix product (torch::mm, so whatever BLAS LibTorch uses).
double sgemmPeakGflops(int64_t size = 1024, int repetitions = 10);

// Best GFLOP/s over `repetitions` of one training step's products alone (trainStepFlops of them) at `batch`, in
// `dtype` (kFloat, or kBFloat16 for mixed precision, where transposed convolutions stay fp32 as in training):
// the same shapes and transposes autograd runs, without the
// elementwise work, the optimizer or autograd's bookkeeping. What training could reach if only GEMMs cost time.
double modelGemmGflops(const VaeConfig& config, int64_t batch, torch::ScalarType dtype = torch::kFloat,
                       int repetitions = 20);

}  // namespace vae
