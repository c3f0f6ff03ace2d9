#pragma once

#include "model/vaeconfig.h"

#include <cstdint>
#include <string>

namespace vae {

// How a run computes its matrix products. Bf16 is mixed precision: the GEMMs and convolutions of the forward
// pass (and so their gradients) run in bfloat16 through oneDNN (AMX or AVX512-BF16 where the CPU has them),
// except transposed convolutions, which LibTorch 1.13's CPU autocast keeps in fp32;
// master weights, Adam's moments, the loss, the KL and the held-out evaluation stay fp32, and checkpoints
// hold fp32 weights. Auto is resolved once, when a run starts (resolvePrecision), and the run records what
// it chose, so a resumed run continues exactly in the same mode.
enum class Precision { Fp32, Bf16, Auto };

std::string toString(Precision p);
Precision precisionFromString(const std::string& s);  // "fp32" | "bf16" | "auto"; throws std::invalid_argument

// While alive on this thread, LibTorch's CPU autocast runs linear, matmul and convolutions in bf16 (when
// `on`). Its cache of bf16 weight copies is cleared at the end, so the next step casts the updated weights.
class MixedPrecisionScope {
 public:
  explicit MixedPrecisionScope(bool on);
  ~MixedPrecisionScope();
  MixedPrecisionScope(const MixedPrecisionScope&) = delete;
  MixedPrecisionScope& operator=(const MixedPrecisionScope&) = delete;

 private:
  bool on_;
  bool wasEnabled_ = false;
  int previousType_ = 0;  // at::ScalarType, kept as int so this header needs no ATen
};

// Auto takes bf16 only where it is at least this much faster per training step...
inline constexpr double kAutoBf16MinSpeedup = 1.3;

// How many times as fast a training step of this model shape at this batch size runs in bf16 as in fp32,
// measured here: real Trainer steps on random images, the two precisions taking turns (so a noisy neighbour
// slows both alike), median against median. What auto decides by and `bench` reports as bf16_step_speedup.
double measureBf16Speedup(const VaeConfig& model, int64_t batchSize, int timedSteps = 8);

struct PrecisionChoice {
  Precision precision = Precision::Fp32;  // never Auto
  double measuredSpeedup = 0;             // bf16 over fp32 step time; 0 when not measured
  std::string reason;                     // one sentence, for logs and the status bar
};

// Fp32 and Bf16 are returned as they are. Auto picks Bf16 when the CPU does bf16 in hardware, the architecture's
// 10-epoch quality in bf16 was measured within 0.5 nats of fp32 (README "Speed"), and a few real training steps
// of this model shape at this batch size, timed here in both precisions, run at least kAutoBf16MinSpeedup
// times faster in bf16. The timing (~0.1 s for the MLP, ~1 s for the conv model) is done once per shape and
// process. Call it from the training thread, not the GUI's.
PrecisionChoice resolvePrecision(Precision requested, const VaeConfig& model, int64_t batchSize);

}  // namespace vae
