#include "model/aggregateposterior.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace vae {

double aggregatePosteriorKl(const torch::Tensor& mu, const torch::Tensor& logvar) {
  if (mu.dim() != 2 || mu.size(0) < 2)
    throw std::invalid_argument("aggregate posterior: need at least 2 codes as [N,L], got " +
                                std::to_string(mu.dim() == 2 ? mu.size(0) : 0));
  if (logvar.defined() && logvar.sizes() != mu.sizes())
    throw std::invalid_argument("aggregate posterior: logvar's shape differs from mu's");
  torch::NoGradGuard noGrad;
  const torch::Tensor m64 = mu.to(torch::kFloat64);
  const int64_t n = m64.size(0), latent = m64.size(1);
  const torch::Tensor mean = m64.mean(0);
  const torch::Tensor centred = m64 - mean;
  torch::Tensor cov = centred.t().matmul(centred) / static_cast<double>(n);
  if (logvar.defined()) cov = cov + torch::diag(logvar.to(torch::kFloat64).exp().mean(0));
  const auto [sign, logDet] = torch::linalg::slogdet(cov);
  if (sign.item<double>() <= 0.0) return std::numeric_limits<double>::infinity();
  const double kl = 0.5 * (cov.trace().item<double>() + mean.dot(mean).item<double>() - static_cast<double>(latent) -
                           logDet.item<double>());
  return std::max(kl, 0.0);  // rounding can leave -1e-16 for a perfect fit
}

}  // namespace vae
