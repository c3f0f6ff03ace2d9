#pragma once

#include "model/dataset.h"
#include "model/distributed.h"
#include "model/elbo.h"
#include "model/fusedadam.h"
#include "model/history.h"
#include "model/trainconfig.h"
#include "model/vae.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

namespace vae {

// Thrown by step() when the NaN guard gives up: the loss stayed NaN, infinite or exploding through
// Trainer::kMaxRecoveriesInARow recoveries. The trainer then holds the last good weights, so the run can
// still be saved and resumed with a lower learning rate. what() is one line saying what to try.
class TrainingDiverged : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The model config a run on data trains: for a cvae the class count comes from the data's labels (the larger of
// the train and test sets' classCount()). Throws std::invalid_argument with one line when a cvae meets a dataset
// without labels ("... a cvae needs a labelled dataset; NAME has no labels") or config.classCount is set and
// disagrees with the data. Other kinds are returned as they are.
VaeConfig withDatasetClasses(VaeConfig config, const DatasetSplit& data);

// Trains a Vae on a DatasetSplit, synchronously. The caller owns the thread; cancel() may be called
// from any thread and is honoured at the next step boundary.
class Trainer {
 public:
  // Throws std::invalid_argument for data the model cannot learn from (wrong shape, NaN or infinite pixels, a cvae
  // on unlabelled data). A cvae's classCount may be 0: it is taken from the data (withDatasetClasses).
  Trainer(const VaeConfig& modelConfig, const TrainConfig& trainConfig, DatasetSplit data);

  // Consecutive non-finite steps the NaN guard absorbs (each restores the last good weights and halves the
  // learning rate, so lr ends 2^-8 of where it was) before step() throws TrainingDiverged.
  static constexpr int kMaxRecoveriesInARow = 8;

  // Callbacks, run on the training thread after every step / epoch.
  std::function<void(const StepRecord&)> onStep;
  std::function<void(const EpochRecord&)> onEpoch;

  // One optimisation step on the next batch of the current epoch. Returns false when the epoch is
  // already complete (call finishEpoch()).
  bool step();
  // Steps to the end of the current epoch, evaluates, records the epoch. Returns false if cancelled
  // before the epoch finished (progress so far is kept and resumable).
  bool runEpoch();
  // runEpoch() until config.epochs are done or cancelled; returns true when all epochs completed.
  bool run();
  // Evaluates the held-out -ELBO on the test set: the mean over every test image, in batches of
  // kEvalBatchSize (the last one shorter, weighted by its size), with evaluationNoise.
  EpochRecord evaluate();
  // Images per evaluation batch: large batches make the held-out pass GEMM-bound.
  static constexpr int64_t kEvalBatchSize = 1000;
  // The reparameterisation noise evaluate() draws for test batch batchIndex ([rows, latentDim]) in epoch:
  // a function of (seed, epoch, batch) only, so the held-out figure is reproducible and can be recomputed
  // image by image.
  static torch::Tensor evaluationNoise(uint64_t seed, int64_t epoch, int64_t batchIndex, int64_t rows,
                                       int64_t latentDim);

  // Data-parallel training: this trainer becomes one rank of group. Rank 0's weights (and Adam state) are
  // broadcast to every rank at once, so call it after construction or restoring a checkpoint, before the
  // first step. Each step then takes a global batch of batchSize x worldSize images in the same seeded
  // order on every rank; rank r computes rows [r*batchSize, (r+1)*batchSize) of it and the gradients are
  // summed in one all-reduce, weighted so the update equals one process training on the global batch.
  // Losses, the NaN guard and cancel() are decided from the reduced values, so all ranks step and stop
  // together. Only rank 0 evaluates and records progress images. Throws DistributedError.
  void setProcessGroup(std::shared_ptr<ProcessGroup> group);
  int rank() const { return group_ ? group_->rank() : 0; }
  int worldSize() const { return group_ ? group_->worldSize() : 1; }
  const ProcessGroup* processGroup() const { return group_.get(); }

  void cancel() { cancelled_ = true; }
  void resetCancel() { cancelled_ = false; }
  bool cancelled() const { return cancelled_; }

  // Changes applied at the next step and recorded as events (overriding the schedules from now on).
  void setBeta(double beta);
  void setLearningRate(double lr);

  int64_t globalStep() const { return globalStep_; }
  int64_t epoch() const { return epoch_; }                  // current 0-based epoch
  int64_t stepInEpoch() const { return stepInEpoch_; }
  int64_t stepsPerEpoch() const;
  bool finished() const { return epoch_ >= trainConfig_.epochs; }
  double currentBeta() const;
  double currentLr() const;

  Vae& model() { return model_; }
  const Vae& model() const { return model_; }
  FusedAdam& optimizer() { return *optimizer_; }
  const FusedAdam& optimizer() const { return *optimizer_; }
  const VaeConfig& modelConfig() const { return modelConfig_; }
  const TrainConfig& trainConfig() const { return trainConfig_; }
  // Why the run computes in trainConfig().precision ("auto: bf16, a bf16 step measured 1.45x as fast ...").
  const std::string& precisionReason() const { return precisionReason_; }
  void setEpochs(int64_t epochs) { trainConfig_.epochs = epochs; }
  const DatasetSplit& data() const { return data_; }
  History& history() { return history_; }
  const History& history() const { return history_; }
  // The KL per latent dim of the most recent step (nats), for live views.
  const std::vector<double>& lastKlPerDim() const { return lastKlPerDim_; }

  // Restores the position of a saved run (see Checkpoint): the epoch order is a pure function of
  // (seed, epoch), so the step counters alone resume the exact batch sequence.
  void restorePosition(int64_t globalStep, int64_t epoch, int64_t stepInEpoch);
  // Overrides (beta / lr set by the user) travel with the run.
  std::optional<double> betaOverride() const { return betaOverride_; }
  std::optional<double> lrOverride() const { return lrOverride_; }
  double lrScale() const { return lrScale_; }
  void restoreOverrides(std::optional<double> beta, std::optional<double> lr, double lrScale);

  // Where step()'s time goes (bench: "where the rest goes"): seconds in each part since timing was switched on.
  // Off by default; on, it costs a clock read per part.
  struct StepPhases {
    double batch = 0;        // gathering the batch and drawing the noise
    double forward = 0;      // encoder, reparameterisation, decoder
    double loss = 0;         // -ELBO terms (reconstruction, KL) and reading the loss
    double backward = 0;     // autograd
    double optimizer = 0;    // Adam
    double bookkeeping = 0;  // history, KL per dim, callbacks
    int64_t steps = 0;
  };
  void setPhaseTiming(bool on) {
    timePhases_ = on;
    phases_ = {};
  }
  const StepPhases& phaseSeconds() const { return phases_; }

  // For tests of the NaN guard: the next `steps` steps' losses are poisoned with NaN.
  void injectNanOnNextStep(int steps = 1) { injectNanSteps_ = steps; }

 private:
  // Decodes the history's fixed progress z (drawn from the seed on first use) into history().epochImages.
  void recordProgressImages();
  void ensureEpochOrder();
  // The class labels of training rows for a cvae (int64 [B]); undefined for the other kinds.
  torch::Tensor batchLabels(const torch::Tensor& rows) const;
  // The distributed part of step(): backward on this rank's rows, one all-reduce of gradients and losses.
  bool distributedStep();
  // What every finished step records (history, epoch sums, live KL, guard snapshots, onStep).
  void recordStep(const StepRecord& rec, std::vector<double> klPerDim, std::chrono::steady_clock::time_point started);
  // NaN, infinite, or so large that the weights have blown up (see kExplodedNatsPerValue).
  bool lossExploded(double total) const;
  // The NaN guard: last good weights back, lr halved; throws TrainingDiverged after kMaxRecoveriesInARow.
  void recoverFromNonFiniteLoss();
  // Stop at this step boundary: cancel() here, or (data-parallel) on any rank as of the last step.
  bool stopRequested() const { return group_ ? stopAgreed_ : cancelled_.load(); }
  int64_t globalBatchSize() const { return trainConfig_.batchSize * worldSize(); }
  void snapshotGoodWeights();
  void restoreGoodWeights();

  VaeConfig modelConfig_;
  TrainConfig trainConfig_;
  std::string precisionReason_;
  DatasetSplit data_;
  Vae model_{nullptr};
  std::unique_ptr<FusedAdam> optimizer_;
  History history_;
  std::atomic<bool> cancelled_{false};
  std::shared_ptr<ProcessGroup> group_;
  bool stopAgreed_ = false;  // data-parallel: some rank was cancelled, every rank stops at this boundary
  torch::Tensor bucket_;     // data-parallel: gradients + [total, recon, kl, klPerDim..., cancel] sums
  int64_t globalStep_ = 0, epoch_ = 0, stepInEpoch_ = 0;
  torch::Tensor epochOrder_;       // permutation of the training set for epoch_
  UnitBatchBuffer trainBatch_;     // the step's images as floats, reused from step to step
  int64_t epochOrderFor_ = -1;
  std::optional<double> betaOverride_, lrOverride_;
  double lrScale_ = 1.0;           // halved by every NaN recovery
  std::vector<torch::Tensor> goodWeights_, goodFirstMoments_, goodSecondMoments_;
  int64_t goodAdamStep_ = 0;
  std::vector<double> lastKlPerDim_;
  int injectNanSteps_ = 0;
  bool timePhases_ = false;
  StepPhases phases_;
  int recoveriesInARow_ = 0;  // NaN-guard recoveries since the last finite step
  // Running sums of the current epoch's step losses.
  double epochTotal_ = 0, epochRecon_ = 0, epochKl_ = 0, epochSeconds_ = 0;
  int64_t epochSteps_ = 0;
};

}  // namespace vae
