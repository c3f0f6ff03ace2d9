#include "model/bcewithlogits.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <vector>

namespace vae {

namespace {

// Elements per parallel chunk, as for FusedAdam: large enough that a thread hand-off costs less than the work.
constexpr int64_t kGrainSize = 1 << 15;

// This file is compiled with -ffast-math (CMakeLists.txt) so GCC turns expf/log1pf into glibc's vector math
// (libmvec) and reassociates the sum; target_clones adds AVX2 and AVX-512 copies picked at load time. Sanitizer
// builds keep the baseline only (see fusedadam.cpp: the clone resolver runs before the sanitizer runtime).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VAE_BCE_CLONES
#else
#define VAE_BCE_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
// Loss sum of one chunk; writes d(loss)/d(logit) = sigmoid(l) - x into g.
VAE_BCE_CLONES double bceChunk(const float* __restrict l, const float* __restrict x, float* __restrict g,
                               int64_t n) {
  float sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float li = l[i], xi = x[i];
    const float e = std::exp(-std::fabs(li));  // in (0, 1]: no overflow for any logit
    const float inverse = 1.0f / (1.0f + e);
    sum += std::fmax(li, 0.0f) - li * xi + std::log1p(e);
    g[i] = (li >= 0.0f ? inverse : e * inverse) - xi;
  }
  return sum;
}

// The loss sum of one row, no gradient (bceWithLogitsRowSums).
VAE_BCE_CLONES double bceRow(const float* __restrict l, const float* __restrict x, int64_t n) {
  float sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    const float li = l[i];
    sum += std::fmax(li, 0.0f) - li * x[i] + std::log1p(std::exp(-std::fabs(li)));
  }
  return sum;
}

class BceWithLogitsSum : public torch::autograd::Function<BceWithLogitsSum> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& logits,
                               const torch::Tensor& target) {
    const torch::Tensor l = logits.contiguous();
    const torch::Tensor x = target.contiguous();
    torch::Tensor gradient = torch::empty_like(l);
    const float* lp = l.data_ptr<float>();
    const float* xp = x.data_ptr<float>();
    float* gp = gradient.data_ptr<float>();
    const int64_t n = l.numel();
    // One partial sum per chunk, added in chunk order: the same total whatever the thread count.
    const int64_t chunks = (n + kGrainSize - 1) / kGrainSize;
    std::vector<double> partial(static_cast<size_t>(chunks), 0.0);
    at::parallel_for(0, chunks, 1, [&](int64_t first, int64_t last) {
      for (int64_t c = first; c < last; ++c) {
        const int64_t begin = c * kGrainSize;
        partial[static_cast<size_t>(c)] = bceChunk(lp + begin, xp + begin, gp + begin, std::min(kGrainSize, n - begin));
      }
    });
    double sum = 0;
    for (double p : partial) sum += p;
    ctx->save_for_backward({gradient});
    return torch::scalar_tensor(sum, l.options());
  }

  static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                               torch::autograd::tensor_list gradOutputs) {
    const torch::Tensor gradient = ctx->get_saved_variables()[0];
    return {gradient * gradOutputs[0], torch::Tensor()};
  }
};

bool fusable(const torch::Tensor& logits, const torch::Tensor& target) {
  return logits.device().is_cpu() && logits.scalar_type() == torch::kFloat && target.device().is_cpu() &&
         target.scalar_type() == torch::kFloat && logits.sizes() == target.sizes() && !target.requires_grad();
}

}  // namespace

torch::Tensor bceWithLogitsSum(const torch::Tensor& logits, const torch::Tensor& target) {
  if (!fusable(logits, target))
    return torch::binary_cross_entropy_with_logits(logits, target, /*weight=*/{}, /*pos_weight=*/{},
                                                   at::Reduction::Sum);
  return BceWithLogitsSum::apply(logits, target);
}

torch::Tensor bceWithLogitsRowSums(const torch::Tensor& logits, const torch::Tensor& target) {
  const int64_t rows = logits.size(0), images = target.size(0);
  TORCH_CHECK(images > 0 && rows % images == 0, "bceWithLogitsRowSums: ", rows, " rows for ", images, " targets");
  const int64_t repeats = rows / images;
  const torch::Tensor l = logits.detach().reshape({rows, -1});
  const torch::Tensor x = target.detach().reshape({images, -1});
  TORCH_CHECK(l.size(1) == x.size(1), "bceWithLogitsRowSums: rows of ", l.size(1), " and ", x.size(1), " values");
  const bool floats = l.device().is_cpu() && x.device().is_cpu() && l.scalar_type() == torch::kFloat &&
                      x.scalar_type() == torch::kFloat;
  if (!floats) {
    const torch::Tensor xs = x.repeat_interleave(repeats, /*dim=*/0);
    return torch::binary_cross_entropy_with_logits(l, xs, {}, {}, at::Reduction::None).sum(1);
  }
  const torch::Tensor lc = l.contiguous(), xc = x.contiguous();
  const int64_t n = lc.size(1);
  torch::Tensor out = torch::empty({rows}, lc.options());
  const float* lp = lc.data_ptr<float>();
  const float* xp = xc.data_ptr<float>();
  float* op = out.data_ptr<float>();
  at::parallel_for(0, rows, std::max<int64_t>(1, kGrainSize / std::max<int64_t>(1, n)), [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r)
      op[r] = static_cast<float>(bceRow(lp + r * n, xp + (r / repeats) * n, n));
  });
  return out;
}

}  // namespace vae
