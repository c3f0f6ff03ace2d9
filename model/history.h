#pragma once

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace vae {

// One optimisation step's losses (nats per image) and the hyper-parameters it ran with.
struct StepRecord {
  int64_t step = 0;   // global step, 1-based after the step ran
  int64_t epoch = 0;  // 0-based epoch the step belongs to
  double total = 0, recon = 0, kl = 0;
  double beta = 1, lr = 1e-3;
};

// One finished epoch.
struct EpochRecord {
  int64_t epoch = 0;                 // 0-based
  int64_t step = 0;                  // global step at the end of the epoch
  double trainTotal = 0, trainRecon = 0, trainKl = 0;  // means over the epoch's steps
  double testTotal = 0, testRecon = 0, testKl = 0;     // held-out -ELBO
  double seconds = 0;                // training time of the epoch, evaluation excluded
};

// Something worth a marker on the loss plot.
struct EventRecord {
  enum class Kind { BetaChanged, LrChanged, Resumed, NanRecovered, Note };
  Kind kind = Kind::Note;
  int64_t step = 0;
  double value = 0;  // new beta / lr where meaningful
  std::string text;
};

std::string toString(EventRecord::Kind k);

// The one text of an event wherever it is shown (live marker, reopened run, exported plot): "β = 0.5",
// "lr = 1e-4" for changes (short numbers, see shortNumber), the recorded text for the others.
std::string eventLabel(const EventRecord& e);
// "0.5", "0.001", "1e-4", "2.5e+06": 4 significant digits, an exponent only outside [1e-3, 1e4).
std::string shortNumber(double v);

// Everything that happened in a run; saved in checkpoints.
struct History {
  // How many fixed latent points are decoded after every epoch (the "training GIF" of what the decoder learnt).
  static constexpr int64_t kProgressSamples = 16;

  std::vector<StepRecord> steps;
  std::vector<EpochRecord> epochs;
  std::vector<EventRecord> events;
  // The same kProgressSamples prior draws [K,L] (fixed by the run's seed) decoded after each epoch:
  // epochImages[e] is uint8 [K,C,H,W] after epoch e. Kept in checkpoints (not in toJson: tensors).
  // Empty for checkpoints written before they existed.
  torch::Tensor progressZ;
  std::vector<torch::Tensor> epochImages;

  nlohmann::json toJson() const;
  static History fromJson(const nlohmann::json& j);
};

}  // namespace vae
