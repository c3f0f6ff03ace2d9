#include "model/latentfill.h"

#include "model/aggregateposterior.h"

namespace vae {

LatentFill latentFill(const EncodedDataset& codes) {
  LatentFill fill;
  fill.aggregateKl = aggregatePosteriorKl(codes.mu, codes.logvar);
  if (!codes.logvar.defined()) {
    fill.activeRule = LatentFill::ActiveRule::CodeVariance;
    fill.activeUnits = static_cast<int64_t>(activeUnits(codes).size());
    return fill;
  }
  const torch::Tensor kl = klPerDimension(codes).to(torch::kFloat64).contiguous();
  for (int64_t d = 0; d < kl.size(0); ++d) fill.activeUnits += isActiveDimension(kl[d].item<double>()) ? 1 : 0;
  return fill;
}

}  // namespace vae
