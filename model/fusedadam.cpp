#include "model/fusedadam.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <stdexcept>

namespace vae {

namespace {
// Elements per parallel chunk: large enough that thread hand-off costs less than the work.
constexpr int64_t kGrainSize = 1 << 15;

// The update of one chunk. target_clones compiles an AVX2+FMA copy beside the baseline one and picks
// at load time, so the packaged binary stays portable while modern CPUs get 8-wide sqrt/div.
// Sanitizer builds (tests/sanitize.sh) keep only the baseline: GCC instruments the ifunc resolver that
// picks a clone, and that resolver runs during relocation, before the sanitizer runtime is initialised,
// so every binary linking vae_model crashed at load.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VAE_ADAM_CLONES
#else
#define VAE_ADAM_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
VAE_ADAM_CLONES void adamChunk(
    float* __restrict p, float* __restrict m, float* __restrict v, const float* __restrict g, int64_t n, float b1,
    float b2, float stepSize, float invSqrtBc2, float eps) {
  for (int64_t k = 0; k < n; ++k) {
    const float gk = g[k];
    const float mk = b1 * m[k] + (1.0f - b1) * gk;
    const float vk = b2 * v[k] + (1.0f - b2) * gk * gk;
    m[k] = mk;
    v[k] = vk;
    p[k] -= stepSize * mk / (std::sqrt(vk) * invSqrtBc2 + eps);
  }
}
}  // namespace

FusedAdam::FusedAdam(std::vector<torch::Tensor> params, double beta1, double beta2, double eps)
    : params_(std::move(params)), beta1_(beta1), beta2_(beta2), eps_(eps) {
  for (const torch::Tensor& p : params_) {
    if (p.scalar_type() != torch::kFloat || !p.is_contiguous())
      throw std::invalid_argument("FusedAdam needs contiguous float32 parameters");
    m_.push_back(torch::zeros_like(p));
    v_.push_back(torch::zeros_like(p));
  }
}

void FusedAdam::zeroGrad() {
  // Dropping the gradient lets the next backward write it fresh instead of accumulating into zeros.
  for (torch::Tensor& p : params_) p.mutable_grad() = torch::Tensor();
}

void FusedAdam::step(double lr) {
  ++stepCount_;
  // Same arithmetic as torch::optim::Adam (bias-corrected step size, eps added to the corrected sqrt(v)).
  const double biasCorrection1 = 1.0 - std::pow(beta1_, static_cast<double>(stepCount_));
  const double biasCorrection2 = 1.0 - std::pow(beta2_, static_cast<double>(stepCount_));
  const float stepSize = static_cast<float>(lr / biasCorrection1);
  const float invSqrtBc2 = static_cast<float>(1.0 / std::sqrt(biasCorrection2));
  const float b1 = static_cast<float>(beta1_), b2 = static_cast<float>(beta2_);
  const float eps = static_cast<float>(eps_);
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < params_.size(); ++i) {
    const torch::Tensor& grad = params_[i].grad();
    if (!grad.defined()) continue;
    const torch::Tensor g = grad.contiguous();
    float* p = params_[i].data_ptr<float>();
    float* m = m_[i].data_ptr<float>();
    float* v = v_[i].data_ptr<float>();
    const float* gp = g.data_ptr<float>();
    at::parallel_for(0, params_[i].numel(), kGrainSize, [&](int64_t begin, int64_t end) {
      adamChunk(p + begin, m + begin, v + begin, gp + begin, end - begin, b1, b2, stepSize, invSqrtBc2, eps);
    });
  }
}

void FusedAdam::setState(int64_t stepCount, const std::vector<torch::Tensor>& m, const std::vector<torch::Tensor>& v) {
  if (m.size() != params_.size() || v.size() != params_.size())
    throw std::invalid_argument("optimizer state has " + std::to_string(m.size()) + " tensors, model has " +
                                std::to_string(params_.size()));
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!m[i].sizes().equals(params_[i].sizes()) || !v[i].sizes().equals(params_[i].sizes()))
      throw std::invalid_argument("optimizer state shape does not match parameter " + std::to_string(i));
    m_[i].copy_(m[i]);
    v_[i].copy_(v[i]);
  }
  stepCount_ = stepCount;
}

}  // namespace vae
