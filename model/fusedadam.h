#pragma once

#include <torch/torch.h>

#include <vector>

namespace vae {

// Adam (Kingma & Ba) applied in one pass over each parameter's memory.
// torch::optim::Adam::step() launches ~10 elementwise kernels per parameter, each a full sweep over
// memory; on this model that was ~30% of a training step. Here the update of p, m and v is one loop.
class FusedAdam {
 public:
  FusedAdam(std::vector<torch::Tensor> params, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8);

  void zeroGrad();
  void step(double lr);  // uses each parameter's .grad(); parameters without a gradient are skipped

  int64_t stepCount() const { return stepCount_; }
  // State for checkpoints: first and second moments in parameter order, plus the step count.
  const std::vector<torch::Tensor>& firstMoments() const { return m_; }
  const std::vector<torch::Tensor>& secondMoments() const { return v_; }
  void setState(int64_t stepCount, const std::vector<torch::Tensor>& m, const std::vector<torch::Tensor>& v);

 private:
  std::vector<torch::Tensor> params_;
  std::vector<torch::Tensor> m_, v_;
  double beta1_, beta2_, eps_;
  int64_t stepCount_ = 0;
};

}  // namespace vae
