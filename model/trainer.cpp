#include "model/trainer.h"

#include "model/heldoutelbo.h"

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
// A loss above this many nats per pixel and latent dimension means the run has blown up: a working
// Bernoulli decoder costs well under 10 nats per pixel, and a KL of 1000 nats needs a mean of ~45 sigma.
// The NaN guard treats such a loss like NaN (lr 1.0 otherwise "trains" on at 1e33 nats per image).
constexpr double kExplodedNatsPerValue = 1000;
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

// The training forward pass: its GEMMs in bf16 for a mixed-precision run; what leaves it (logits, mu, logvar, z)
// is fp32, so the loss, the KL and their gradients are computed in fp32.
VaeImpl::Output trainingForward(Vae& model, const torch::Tensor& x, const torch::Tensor& eps, const torch::Tensor& labels,
                                Precision precision) {
  const bool mixed = precision == Precision::Bf16;
  MixedPrecisionScope autocast(mixed);
  VaeImpl::Output out = model->forward(x, eps, labels);
  if (mixed)
    for (torch::Tensor* t : {&out.logits, &out.mu, &out.logvar, &out.z})
      if (t->defined()) *t = t->to(torch::kFloat);  // an autoencoder's logvar is undefined
  return out;
}

// Adds the time since the previous lap to a phase of Trainer::StepPhases; does nothing when timing is off.
class PhaseClock {
 public:
  PhaseClock(bool on, std::chrono::steady_clock::time_point start) : on_(on), last_(start) {}
  void lap(double& seconds) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    seconds += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

bool allFinite(const std::vector<torch::Tensor>& tensors) {
  for (const torch::Tensor& t : tensors)
    if (!torch::isfinite(t).all().item<bool>()) return false;
  return true;
}

}  // namespace

VaeConfig withDatasetClasses(VaeConfig config, const DatasetSplit& data) {
  if (!config.isConditional()) return config;
  const Dataset& named = data.train.size() > 0 ? data.train : data.test;
  const std::string name = named.name.empty() ? named.identity : named.name;
  if (!data.train.hasLabels() || (data.test.size() > 0 && !data.test.hasLabels()))
    throw std::invalid_argument("a cvae needs a labelled dataset; " + name + " has no labels");
  const int64_t classes = std::max(data.train.classCount(), data.test.classCount());
  if (config.classCount != 0 && config.classCount != classes)
    throw std::invalid_argument("the cvae is set to " + std::to_string(config.classCount) + " classes but " + name +
                                " has " + std::to_string(classes));
  config.classCount = classes;
  return config;
}

Trainer::Trainer(const VaeConfig& modelConfig, const TrainConfig& trainConfig, DatasetSplit data)
    : modelConfig_(withDatasetClasses(modelConfig, data)), trainConfig_(trainConfig), data_(std::move(data)) {
  modelConfig_.validate();
  trainConfig_.validate();
  if (data_.train.size() == 0) throw std::invalid_argument("the training set is empty");
  const auto& img = data_.train.images;
  if (img.size(1) != modelConfig_.channels || img.size(2) != modelConfig_.height || img.size(3) != modelConfig_.width)
    throw std::invalid_argument("model expects images of " + std::to_string(modelConfig_.channels) + "x" +
                                std::to_string(modelConfig_.height) + "x" + std::to_string(modelConfig_.width) +
                                " but the data has " + std::to_string(img.size(1)) + "x" +
                                std::to_string(img.size(2)) + "x" + std::to_string(img.size(3)));
  // Pixels are bytes, so no NaN can reach a loss from the data; anything else is a caller's mistake, refused here
  // rather than as a dtype error deep inside the first step.
  for (const Dataset* part : {&data_.train, &data_.test})
    if (part->size() > 0)
      part->checkPixels("the " + std::string(part == &data_.train ? "training" : "test") + " data (" +
                        part->identity + ")");
  const PrecisionChoice precision = resolvePrecision(trainConfig_.precision, modelConfig_, trainConfig_.batchSize);
  trainConfig_.precision = precision.precision;
  precisionReason_ = precision.reason;
  if (trainConfig_.lr.kind == LrSchedule::Kind::Cosine && trainConfig_.lr.totalSteps <= 0)
    trainConfig_.lr.totalSteps = trainConfig_.epochs * stepsPerEpoch();
  model_ = makeSeededVae(modelConfig_, trainConfig_.seed);  // repeatable runs
  model_->initOutputBias(data_.train.meanImage());
  model_->train();
  optimizer_ = std::make_unique<FusedAdam>(model_->parameters(), trainConfig_.adamBeta1, trainConfig_.adamBeta2,
                                           trainConfig_.adamEps);
  snapshotGoodWeights();
}

int64_t Trainer::stepsPerEpoch() const {
  const int64_t n = data_.train.size();
  return (n + globalBatchSize() - 1) / globalBatchSize();
}

void Trainer::setProcessGroup(std::shared_ptr<ProcessGroup> group) {
  group_ = std::move(group);
  stopAgreed_ = false;
  bucket_ = torch::Tensor();
  if (!group_ || group_->worldSize() == 1) return;
  torch::NoGradGuard noGrad;
  // Rank 0's seed decides data order and noise for all; what must already agree is checked first, because
  // collectives of different sizes would abort the process inside gloo instead of failing cleanly.
  int64_t parameterCount = 0;
  for (const torch::Tensor& p : model_->parameters()) parameterCount += p.numel();
  const std::vector<int64_t> mine{static_cast<int64_t>(trainConfig_.seed), trainConfig_.batchSize,
                                  data_.train.size(), parameterCount, globalStep_};
  std::vector<torch::Tensor> agreement{torch::tensor(mine, torch::kLong)};
  group_->broadcast(agreement, 0);
  const std::vector<int64_t> root(agreement[0].data_ptr<int64_t>(), agreement[0].data_ptr<int64_t>() + mine.size());
  const char* const names[] = {"seed", "batch size", "training set size", "model parameter count", "global step"};
  for (size_t i = 1; i < mine.size(); ++i)
    if (mine[i] != root[i]) {
      const int rank = group_->rank(), world = group_->worldSize();
      group_.reset();  // leaving closes the connections: the other ranks fail at once, not at the timeout
      throw DistributedError("rank " + std::to_string(rank) + " of " + std::to_string(world) + ": " + names[i] + " " +
                             std::to_string(mine[i]) + " differs from rank 0's " + std::to_string(root[i]) +
                             " (start every rank with the same data, model and --batch)");
    }
  trainConfig_.seed = static_cast<uint64_t>(root[0]);
  epochOrderFor_ = -1;  // the order follows the adopted seed
  // Identical seeds already give identical weights; the broadcast makes it so whatever a rank loaded.
  std::vector<torch::Tensor> state = model_->parameters();
  for (const torch::Tensor& m : optimizer_->firstMoments()) state.push_back(m);
  for (const torch::Tensor& v : optimizer_->secondMoments()) state.push_back(v);
  group_->broadcast(state, 0);
  snapshotGoodWeights();
}

double Trainer::currentBeta() const { return betaOverride_ ? *betaOverride_ : trainConfig_.beta.at(globalStep_); }

double Trainer::currentLr() const {
  return (lrOverride_ ? *lrOverride_ : trainConfig_.lr.at(globalStep_)) * lrScale_;
}

void Trainer::setBeta(double beta) {
  if (!(beta >= 0) || !std::isfinite(beta)) throw std::invalid_argument("beta must be a non-negative number");
  betaOverride_ = beta;
  EventRecord event{EventRecord::Kind::BetaChanged, globalStep_, beta, ""};
  event.text = eventLabel(event);
  history_.events.push_back(event);
}

void Trainer::setLearningRate(double lr) {
  if (!(lr > 0) || !std::isfinite(lr)) throw std::invalid_argument("learning rate must be a positive number");
  lrOverride_ = lr;
  lrScale_ = 1.0;
  EventRecord event{EventRecord::Kind::LrChanged, globalStep_, lr, ""};
  event.text = eventLabel(event);
  history_.events.push_back(event);
}

torch::Tensor Trainer::batchLabels(const torch::Tensor& rows) const {
  if (!modelConfig_.isConditional()) return {};
  return data_.train.labels.index_select(0, rows).to(torch::kLong);
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
  if (group_ && group_->worldSize() > 1) return distributedStep();
  const auto started = std::chrono::steady_clock::now();
  PhaseClock clock(timePhases_, started);
  ensureEpochOrder();
  const int64_t begin = stepInEpoch_ * trainConfig_.batchSize;
  const int64_t end = std::min(begin + trainConfig_.batchSize, data_.train.size());
  const torch::Tensor rows = epochOrder_.slice(0, begin, end);
  torch::Tensor batch = trainBatch_.rows(data_.train, rows);
  const torch::Tensor labels = batchLabels(rows);
  torch::Tensor eps = noise(trainConfig_.seed, kNoiseStream, globalStep_, batch.size(0), modelConfig_.latentDim);
  clock.lap(phases_.batch);

  const double beta = currentBeta();
  const double lr = currentLr();
  auto out = trainingForward(model_, batch, eps, labels, trainConfig_.precision);
  clock.lap(phases_.forward);
  ElboTerms terms = negativeElbo(out.logits, batch, out.mu, out.logvar, modelConfig_.likelihood, beta,
                                 modelConfig_.gaussianSigma);
  if (injectNanSteps_ > 0) {
    --injectNanSteps_;
    terms.total = terms.total * std::numeric_limits<double>::quiet_NaN();
  }
  const double total = terms.total.item<double>();
  clock.lap(phases_.loss);
  ++stepInEpoch_;
  ++globalStep_;
  if (lossExploded(total)) {
    recoverFromNonFiniteLoss();
    return true;
  }
  optimizer_->zeroGrad();
  terms.total.backward();
  clock.lap(phases_.backward);
  optimizer_->step(lr);
  clock.lap(phases_.optimizer);

  const torch::Tensor klDims = terms.klPerDim.to(torch::kDouble).contiguous();
  recordStep({globalStep_, epoch_, total, terms.recon.item<double>(), terms.kl.item<double>(), beta, lr},
             std::vector<double>(klDims.data_ptr<double>(), klDims.data_ptr<double>() + klDims.numel()), started);
  clock.lap(phases_.bookkeeping);
  if (timePhases_) ++phases_.steps;
  return true;
}

bool Trainer::lossExploded(double total) const {
  // The Gaussian decoder's reconstruction cost per pixel is bounded by 1/(2 sigma^2) (+ its log-normaliser):
  // a small sigma legitimately gives large losses, so the bound grows with it.
  double perPixel = kExplodedNatsPerValue;
  if (modelConfig_.likelihood == Likelihood::Gaussian)
    perPixel *= std::max(1.0, 1.0 / (2.0 * modelConfig_.gaussianSigma * modelConfig_.gaussianSigma));
  const double pixels = static_cast<double>(modelConfig_.channels * modelConfig_.height * modelConfig_.width);
  const double bound = perPixel * pixels + kExplodedNatsPerValue * static_cast<double>(modelConfig_.latentDim);
  return !std::isfinite(total) || std::abs(total) > bound;
}

void Trainer::recoverFromNonFiniteLoss() {
  // A diverged step must not poison the run: go back to the last good weights and halve the lr.
  restoreGoodWeights();
  lrScale_ *= 0.5;
  history_.events.push_back({EventRecord::Kind::NanRecovered, globalStep_, currentLr(),
                             "loss diverged: restored weights, lr halved to " + shortNumber(currentLr())});
  // Halving cannot help when every step is NaN whatever the weights (bad data, a broken model): stop
  // clearly instead of training on with a learning rate that shrinks towards nothing.
  if (++recoveriesInARow_ >= kMaxRecoveriesInARow)
    throw TrainingDiverged("training diverged: the loss was NaN, infinite or exploding " +
                           std::to_string(recoveriesInARow_) + " times in a row (learning rate now " +
                           std::to_string(currentLr()) +
                           "); the last good weights are kept, resume with a lower learning rate");
}

void Trainer::recordStep(const StepRecord& rec, std::vector<double> klPerDim,
                         std::chrono::steady_clock::time_point started) {
  history_.steps.push_back(rec);
  recoveriesInARow_ = 0;
  lastKlPerDim_ = std::move(klPerDim);
  epochTotal_ += rec.total;
  epochRecon_ += rec.recon;
  epochKl_ += rec.kl;
  ++epochSteps_;
  epochSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (globalStep_ % kGoodSnapshotInterval == 0) snapshotGoodWeights();
  if (onStep) onStep(rec);
}

bool Trainer::distributedStep() {
  const auto started = std::chrono::steady_clock::now();
  ensureEpochOrder();
  // The global batch as one process would take it, then this rank's rows of it (possibly none in a
  // short last batch) and the same rows of the global batch's noise.
  const int64_t globalBegin = stepInEpoch_ * globalBatchSize();
  const int64_t globalEnd = std::min(globalBegin + globalBatchSize(), data_.train.size());
  const int64_t globalRows = globalEnd - globalBegin;
  const int64_t begin = std::min(globalBegin + rank() * trainConfig_.batchSize, globalEnd);
  const int64_t end = std::min(begin + trainConfig_.batchSize, globalEnd);
  const int64_t rows = end - begin;
  const int64_t latent = modelConfig_.latentDim;
  const torch::Tensor globalEps = noise(trainConfig_.seed, kNoiseStream, globalStep_, globalRows, latent);

  const double beta = currentBeta();
  const double lr = currentLr();
  auto params = model_->parameters();
  optimizer_->zeroGrad();
  torch::Tensor stats = torch::zeros({3 + latent + 1}, torch::kFloat64);
  if (rows > 0) {
    const torch::Tensor rowIndices = epochOrder_.slice(0, begin, end);
    const torch::Tensor batch = trainBatch_.rows(data_.train, rowIndices);
    auto out = trainingForward(model_, batch, globalEps.slice(0, begin - globalBegin, end - globalBegin),
                               batchLabels(rowIndices), trainConfig_.precision);
    ElboTerms terms = negativeElbo(out.logits, batch, out.mu, out.logvar, modelConfig_.likelihood, beta,
                                   modelConfig_.gaussianSigma);
    if (injectNanSteps_ > 0) {
      --injectNanSteps_;
      terms.total = terms.total * std::numeric_limits<double>::quiet_NaN();
    }
    // Each rank's mean, weighted by its share of the global batch: the summed gradient is the gradient
    // of the global batch's mean, exactly what one process would compute.
    const double share = static_cast<double>(rows) / static_cast<double>(globalRows);
    (terms.total * share).backward();
    stats[0] = terms.total.item<double>() * share;
    stats[1] = terms.recon.item<double>() * share;
    stats[2] = terms.kl.item<double>() * share;
    stats.slice(0, 3, 3 + latent).copy_(terms.klPerDim.to(torch::kFloat64) * share);
  }
  stats[3 + latent] = cancelled_ ? 1.0 : 0.0;

  // One bucket: every gradient, then the loss sums and the cancel votes.
  int64_t numel = stats.numel();
  for (const torch::Tensor& p : params) numel += p.numel();
  if (!bucket_.defined() || bucket_.numel() != numel) bucket_ = torch::empty({numel}, torch::kFloat32);
  int64_t offset = 0;
  for (torch::Tensor& p : params) {
    torch::Tensor slot = bucket_.narrow(0, offset, p.numel());
    if (p.grad().defined())
      slot.copy_(p.grad().reshape({-1}));
    else
      slot.zero_();
    offset += p.numel();
  }
  // The loss sums travel as float32 with the gradients: ample for nats per image.
  bucket_.narrow(0, offset, stats.numel()).copy_(stats);
  group_->allReduceSum(bucket_);
  offset = 0;
  for (torch::Tensor& p : params) {
    const torch::Tensor summed = bucket_.narrow(0, offset, p.numel()).view_as(p);
    if (p.grad().defined())
      p.mutable_grad().copy_(summed);
    else
      p.mutable_grad() = summed.clone();
    offset += p.numel();
  }
  const torch::Tensor reduced = bucket_.narrow(0, offset, stats.numel()).to(torch::kFloat64).contiguous();
  const double* r = reduced.data_ptr<double>();
  stopAgreed_ = r[3 + latent] > 0.5;
  ++stepInEpoch_;
  ++globalStep_;
  if (lossExploded(r[0])) {
    recoverFromNonFiniteLoss();  // the same decision on every rank (the reduced loss): same weights
    return true;
  }
  optimizer_->step(lr);

  recordStep({globalStep_, epoch_, r[0], r[1], r[2], beta, lr}, std::vector<double>(r + 3, r + 3 + latent), started);
  return true;
}

bool Trainer::runEpoch() {
  if (finished()) return false;
  while (!stopRequested() && step()) {
  }
  if (stepInEpoch_ < stepsPerEpoch()) return false;
  // Data-parallel: the held-out figure and progress images are rank 0's to record (the others would
  // compute the same numbers); the others go on to the next epoch's first all-reduce and wait there.
  EpochRecord rec = rank() == 0 ? evaluate() : EpochRecord{};
  // Weights can blow up in the last steps of an epoch without a step seeing it yet: the held-out figure
  // must not put NaN or 1e33 on the plot. Back to the good weights, as for a step. (Data-parallel: only
  // rank 0 evaluates, and restoring on one rank alone would split the replicas, so it is left to the
  // next step's reduced loss.)
  if (worldSize() == 1 && lossExploded(rec.testTotal)) {
    recoverFromNonFiniteLoss();
    rec = evaluate();
  }
  rec.epoch = epoch_;
  rec.step = globalStep_;
  const double n = std::max<int64_t>(1, epochSteps_);
  rec.trainTotal = epochTotal_ / n;
  rec.trainRecon = epochRecon_ / n;
  rec.trainKl = epochKl_ / n;
  rec.seconds = epochSeconds_;
  history_.epochs.push_back(rec);
  if (rank() == 0) recordProgressImages();
  ++epoch_;
  stepInEpoch_ = 0;
  epochTotal_ = epochRecon_ = epochKl_ = epochSeconds_ = 0;
  epochSteps_ = 0;
  snapshotGoodWeights();
  if (onEpoch) onEpoch(rec);
  return true;
}

bool Trainer::run() {
  while (!finished() && !stopRequested())
    if (!runEpoch()) break;
  return finished();
}

void Trainer::recordProgressImages() {
  if (!history_.progressZ.defined())
    history_.progressZ = noise(trainConfig_.seed, kProgressStream, 0, History::kProgressSamples, modelConfig_.latentDim);
  torch::NoGradGuard noGrad;
  model_->eval();
  // A cvae's fixed z are decoded as classes 0, 1, 2, ... in turn, so the GIF shows every class learning.
  const torch::Tensor labels = modelConfig_.isConditional()
                                   ? cyclicClassLabels(history_.progressZ.size(0), modelConfig_.classCount)
                                   : torch::Tensor();
  const torch::Tensor images = model_->decodeImages(history_.progressZ, labels);
  model_->train();
  history_.epochImages.push_back(unitToPixels(images).contiguous());
}

torch::Tensor Trainer::evaluationNoise(uint64_t seed, int64_t epoch, int64_t batchIndex, int64_t rows,
                                       int64_t latentDim) {
  return noise(seed ^ static_cast<uint64_t>(epoch), kEvalStream, batchIndex, rows, latentDim);
}

EpochRecord Trainer::evaluate() {
  EpochRecord rec;
  const HeldOutElbo e = heldOutElbo(model_, data_.test, [this](int64_t batchIndex, int64_t rows) {
    return evaluationNoise(trainConfig_.seed, epoch_, batchIndex, rows, modelConfig_.latentDim);
  }, kEvalBatchSize);
  rec.testTotal = e.total;
  rec.testRecon = e.recon;
  rec.testKl = e.kl;
  return rec;
}

void Trainer::snapshotGoodWeights() {
  torch::NoGradGuard noGrad;
  // A finite loss can still be followed by an update that overflows the weights (lr 1.0): such weights
  // are not "good", and restoring them would make every later step NaN. Keep the older snapshot.
  if (!goodWeights_.empty() &&
      !(allFinite(model_->parameters()) && allFinite(optimizer_->firstMoments()) &&
        allFinite(optimizer_->secondMoments())))
    return;
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
