#include "app/core/tensorvalues.h"

namespace vae {

QVector<double> toDoubles(const torch::Tensor& t) {
  const torch::Tensor d = t.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  return QVector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

}  // namespace vae
