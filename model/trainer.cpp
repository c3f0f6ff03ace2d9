#include "model/trainer.h"

#include <ATen/CPUGeneratorImpl.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vae {

namespace {
// Every this many steps the weights and Adam moments are copied as the NaN guard's fallback.
// Copying every step would cost ~3% of a step; a few hundred steps of lost progress is cheap.
constexpr int64_t kGoodSnapshotInterval = 100;
// Images per evaluation batch: large batches make the held-out pass GEMM-bound.
constexpr int64_t kEvalBatchSize = 1000;
// Distinct streams derived from the one seed, so data order, noise and evaluation never correlate.
constexpr uint64_t kOrderStream = 0x9E3779B97F4A7C15ull;
constexpr uint64_t kNoiseStream = 0xC2B2AE3D27D4EB4Full;
constexpr uint64_t kEvalStream = 0x165667B19E3779F9ull;
constexpr uint64_t kProgressStream = 0x27D4EB2F165667C5ull;

uint64_t mixSeed(uint64_t seed, uint64_t stream, int64_t index) {
  // splitmix64 finaliser: nearby (seed, index) pairs give unrelated generator seeds.
  uint64_t x = seed ^ stream ^ (static_cast<uint64_t>(index) * 0xBF58476D1CE4E5B9ull);
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

torch::Tensor noise(uint64_t seed, uint64_t stream, int64_t index, int64_t rows, int64_t cols) {
  at::Generator gen = at::detail::createCPUGenerator(mixSeed(seed, stream, index));
  return torch::randn({rows, cols}, gen, torch::kFloat);
}

Vae makeSeededModel(const VaeConfig& config, uint64_t seed) {
  // Weight initialisation draws from the global generator; seeding it here makes runs repeatable.
  torch::manual_seed(seed);
  return Vae(config);
}
}  // namespace

Trainer::Trainer(const VaeConfig& modelConfig, const TrainConfig& trainConfig, DatasetSplit data)
    : modelConfig_(modelConfig), trainConfig_(trainConfig), data_(std::move(data)) {
  modelConfig_.validate();
  trainConfig_.validate();
  if (data_.train.size() == 0) throw std::invalid_argument("the training set is empty");
  const auto& img = data_.train.images;
  if (img.size(1) != modelConfig_.channels || img.size(2) != modelConfig_.height || img.size(3) != modelConfig_.width)
    throw std::invalid_argument("model expects images of " + std::to_string(modelConfig_.channels) + "x" +
                                std::to_string(modelConfig_.height) + "x" + std::to_string(modelConfig_.width) +
                                " but the data has " + std::to_string(img.size(1)) + "x" +
                                std::to_string(img.size(2)) + "x" + std::to_string(img.size(3)));
  if (trainConfig_.lr.kind == LrSchedule::Kind::Cosine && trainConfig_.lr.totalSteps <= 0)
    trainConfig_.lr.totalSteps = trainConfig_.epochs * stepsPerEpoch();
  model_ = makeSeededModel(modelConfig_, trainConfig_.seed);
  model_->initOutputBias(data_.train.images.mean(0));
  model_->train();
  optimizer_ = std::make_unique<FusedAdam>(model_->parameters(), trainConfig_.adamBeta1, trainConfig_.adamBeta2,
                                           trainConfig_.adamEps);
  snapshotGoodWeights();
}

int64_t Trainer::stepsPerEpoch() const {
  const int64_t n = data_.train.size();
  return (n + trainConfig_.batchSize - 1) / trainConfig_.batchSize;
}

double Trainer::currentBeta() const { return betaOverride_ ? *betaOverride_ : trainConfig_.beta.at(globalStep_); }

double Trainer::currentLr() const {
  return (lrOverride_ ? *lrOverride_ : trainConfig_.lr.at(globalStep_)) * lrScale_;
}

void Trainer::setBeta(double beta) {
  if (!(beta >= 0) || !std::isfinite(beta)) throw std::invalid_argument("beta must be a non-negative number");
  betaOverride_ = beta;
  history_.events.push_back({EventRecord::Kind::BetaChanged, globalStep_, beta, "beta = " + std::to_string(beta)});
}

void Trainer::setLearningRate(double lr) {
  if (!(lr > 0) || !std::isfinite(lr)) throw std::invalid_argument("learning rate must be a positive number");
  lrOverride_ = lr;
  lrScale_ = 1.0;
  history_.events.push_back({EventRecord::Kind::LrChanged, globalStep_, lr, "lr = " + std::to_string(lr)});
}

void Trainer::ensureEpochOrder() {
  if (epochOrderFor_ == epoch_) return;
  // The order is a pure function of (seed, epoch): a resumed run replays exactly the same batches.
  at::Generator gen = at::detail::createCPUGenerator(mixSeed(trainConfig_.seed, kOrderStream, epoch_));
  epochOrder_ = torch::randperm(data_.train.size(), gen, torch::kLong);
  epochOrderFor_ = epoch_;
}

bool Trainer::step() {
  if (finished() || stepInEpoch_ >= stepsPerEpoch()) return false;
  const auto started = std::chrono::steady_clock::now();
  ensureEpochOrder();
  const int64_t begin = stepInEpoch_ * trainConfig_.batchSize;
  const int64_t end = std::min(begin + trainConfig_.batchSize, data_.train.size());
  torch::Tensor batch = data_.train.images.index_select(0, epochOrder_.slice(0, begin, end));
  torch::Tensor eps = noise(trainConfig_.seed, kNoiseStream, globalStep_, batch.size(0), modelConfig_.latentDim);

  const double beta = currentBeta();
  const double lr = currentLr();
  auto out = model_->forward(batch, eps);
  ElboTerms terms = negativeElbo(out.logits, batch, out.mu, out.logvar, modelConfig_.likelihood, beta,
                                 modelConfig_.gaussianSigma);
  if (injectNan_) {
    injectNan_ = false;
    terms.total = terms.total * std::numeric_limits<double>::quiet_NaN();
  }
  const double total = terms.total.item<double>();
  ++stepInEpoch_;
  ++globalStep_;
  if (!std::isfinite(total)) {
    // A diverged step must not poison the run: go back to the last good weights and halve the lr.
    restoreGoodWeights();
    lrScale_ *= 0.5;
    history_.events.push_back({EventRecord::Kind::NanRecovered, globalStep_, currentLr(),
                               "non-finite loss: restored weights, lr halved to " + std::to_string(currentLr())});
    return true;
  }
  optimizer_->zeroGrad();
  terms.total.backward();
  optimizer_->step(lr);

  StepRecord rec;
  rec.step = globalStep_;
  rec.epoch = epoch_;
  rec.total = total;
  rec.recon = terms.recon.item<double>();
  rec.kl = terms.kl.item<double>();
  rec.beta = beta;
  rec.lr = lr;
  history_.steps.push_back(rec);
  const torch::Tensor klDims = terms.klPerDim.to(torch::kDouble).contiguous();
  lastKlPerDim_.assign(klDims.data_ptr<double>(), klDims.data_ptr<double>() + klDims.numel());
  epochTotal_ += rec.total;
  epochRecon_ += rec.recon;
  epochKl_ += rec.kl;
  ++epochSteps_;
  epochSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (globalStep_ % kGoodSnapshotInterval == 0) snapshotGoodWeights();
  if (onStep) onStep(rec);
  return true;
}

bool Trainer::runEpoch() {
  if (finished()) return false;
  while (!cancelled_ && step()) {
  }
  if (stepInEpoch_ < stepsPerEpoch()) return false;
  EpochRecord rec = evaluate();
  rec.epoch = epoch_;
  rec.step = globalStep_;
  const double n = std::max<int64_t>(1, epochSteps_);
  rec.trainTotal = epochTotal_ / n;
  rec.trainRecon = epochRecon_ / n;
  rec.trainKl = epochKl_ / n;
  rec.seconds = epochSeconds_;
  history_.epochs.push_back(rec);
  recordProgressImages();
  ++epoch_;
  stepInEpoch_ = 0;
  epochTotal_ = epochRecon_ = epochKl_ = epochSeconds_ = 0;
  epochSteps_ = 0;
  snapshotGoodWeights();
  if (onEpoch) onEpoch(rec);
  return true;
}

bool Trainer::run() {
  while (!finished() && !cancelled_)
    if (!runEpoch()) break;
  return finished();
}

void Trainer::recordProgressImages() {
  if (!history_.progressZ.defined())
    history_.progressZ = noise(trainConfig_.seed, kProgressStream, 0, History::kProgressSamples, modelConfig_.latentDim);
  torch::NoGradGuard noGrad;
  model_->eval();
  const torch::Tensor images = model_->decodeImages(history_.progressZ);
  model_->train();
  history_.epochImages.push_back(images.clamp(0.0, 1.0).mul(255.0).round().to(torch::kUInt8).contiguous());
}

EpochRecord Trainer::evaluate() {
  EpochRecord rec;
  const Dataset& test = data_.test;
  if (test.size() == 0) return rec;
  torch::NoGradGuard noGrad;
  double total = 0, recon = 0, kl = 0;
  for (int64_t begin = 0, batchIndex = 0; begin < test.size(); begin += kEvalBatchSize, ++batchIndex) {
    const int64_t end = std::min(begin + kEvalBatchSize, test.size());
    torch::Tensor x = test.images.slice(0, begin, end);
    // Noise depends on (seed, epoch, batch) only: the held-out figure is reproducible.
    torch::Tensor eps = noise(trainConfig_.seed ^ static_cast<uint64_t>(epoch_), kEvalStream, batchIndex, x.size(0),
                              modelConfig_.latentDim);
    auto out = model_->forward(x, eps);
    ElboTerms t = negativeElbo(out.logits, x, out.mu, out.logvar, modelConfig_.likelihood, /*beta=*/1.0,
                               modelConfig_.gaussianSigma);
    const double weight = static_cast<double>(x.size(0));
    total += t.total.item<double>() * weight;
    recon += t.recon.item<double>() * weight;
    kl += t.kl.item<double>() * weight;
  }
  const double n = static_cast<double>(test.size());
  rec.testTotal = total / n;
  rec.testRecon = recon / n;
  rec.testKl = kl / n;
  return rec;
}

void Trainer::snapshotGoodWeights() {
  torch::NoGradGuard noGrad;
  goodWeights_.clear();
  for (const torch::Tensor& p : model_->parameters()) goodWeights_.push_back(p.detach().clone());
  goodFirstMoments_.clear();
  goodSecondMoments_.clear();
  for (const torch::Tensor& m : optimizer_->firstMoments()) goodFirstMoments_.push_back(m.clone());
  for (const torch::Tensor& v : optimizer_->secondMoments()) goodSecondMoments_.push_back(v.clone());
  goodAdamStep_ = optimizer_->stepCount();
}

void Trainer::restoreGoodWeights() {
  torch::NoGradGuard noGrad;
  auto params = model_->parameters();
  for (size_t i = 0; i < params.size(); ++i) params[i].copy_(goodWeights_[i]);
  optimizer_->setState(goodAdamStep_, goodFirstMoments_, goodSecondMoments_);
}

void Trainer::restorePosition(int64_t globalStep, int64_t epoch, int64_t stepInEpoch) {
  if (globalStep < 0 || epoch < 0 || stepInEpoch < 0 || stepInEpoch > stepsPerEpoch())
    throw std::invalid_argument("checkpoint position (epoch " + std::to_string(epoch) + ", step " +
                                std::to_string(stepInEpoch) + ") does not fit this dataset");
  globalStep_ = globalStep;
  epoch_ = epoch;
  stepInEpoch_ = stepInEpoch;
  epochOrderFor_ = -1;
  // The running means of a half-done epoch come back from the recorded steps.
  epochTotal_ = epochRecon_ = epochKl_ = epochSeconds_ = 0;
  epochSteps_ = 0;
  for (const StepRecord& s : history_.steps)
    if (s.epoch == epoch_) {
      epochTotal_ += s.total;
      epochRecon_ += s.recon;
      epochKl_ += s.kl;
      ++epochSteps_;
    }
  snapshotGoodWeights();
}

void Trainer::restoreOverrides(std::optional<double> beta, std::optional<double> lr, double lrScale) {
  betaOverride_ = beta;
  lrOverride_ = lr;
  lrScale_ = lrScale;
}

}  // namespace vae
