#include "app/core/liveviews.h"
#include "app/core/tensorvalues.h"

#include "app/core/imageconversion.h"
#include "model/latenttools.h"

#include <algorithm>

namespace vae {

namespace {
// Seeds the fixed prior samples apart from the trainer's own streams (same seed, different stream).
constexpr uint64_t kSampleStream = 0x2545F4914F6CDD1Dull;
}  // namespace

LiveViewInputs LiveViewInputs::of(const DatasetSplit& data, int64_t latentDim, uint64_t seed) {
  LiveViewInputs in;
  const Dataset& source = data.test.size() > 0 ? data.test : data.train;
  in.images = source.floatImages(0, std::min(LiveViews::kActivityImageCount, source.size()));
  if (source.hasLabels()) in.labels = source.labels.slice(0, 0, in.images.size(0)).to(torch::kLong);
  in.originals = tensorToImages(in.images.slice(0, 0, std::min<int64_t>(LiveViews::kReconstructionCount, in.images.size(0))));
  at::Generator gen = at::detail::createCPUGenerator(seed ^ kSampleStream);
  in.priorZ = torch::randn({LiveViews::kSampleCount, latentDim}, gen, torch::kFloat);
  return in;
}

LiveViews renderLiveViews(Vae& model, const LiveViewInputs& inputs, bool settled, int64_t step) {
  torch::NoGradGuard noGrad;
  LiveViews views;
  torch::Tensor labels, priorLabels;
  if (model->isConditional()) {
    labels = inputs.labels.defined() ? inputs.labels : torch::zeros({inputs.images.size(0)}, torch::kLong);
    priorLabels = cyclicClassLabels(inputs.priorZ.size(0), model->classCount());
  }
  const auto [mu, logvar] = model->encode(inputs.images, labels);
  const int64_t shown = std::min<int64_t>(LiveViews::kReconstructionCount, mu.size(0));
  views.originals = inputs.originals;
  views.reconstructions = tensorToImages(
      model->decodeImages(mu.slice(0, 0, shown), labels.defined() ? labels.slice(0, 0, shown) : torch::Tensor()));
  views.samples = tensorToImages(model->decodeImages(inputs.priorZ, priorLabels));
  if (model->isAutoencoder()) {  // no KL term: the codes' own spread says which dimensions it uses
    views.kl = KlReport::fromCodeSpread(toDoubles(mu.mean(0)), toDoubles(mu.std(0, /*unbiased=*/false)), settled, step);
    return views;
  }
  // Held-out KL per dimension, never a minibatch's: the one measure every view of "active" uses.
  EncodedDataset codes;
  codes.mu = mu;
  codes.logvar = logvar;
  views.kl = KlReport::fromHeldOutKl(toDoubles(klPerDimension(codes)), settled, step);
  return views;
}

}  // namespace vae
