#include "model/precision.h"

#include "model/cpufeatures.h"
#include "model/trainer.h"

#include <ATen/autocast_mode.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace vae {

namespace {

// Untimed steps before the speed probe times any: allocation, oneDNN's kernel generation.
constexpr int kProbeWarmupSteps = 3;

// The architectures whose 10-epoch test -ELBO on Fashion-MNIST in bf16 came within 0.5 nats of fp32 (README
// "Speed", measured with `train --precision`). Auto never picks bf16 for an architecture not listed here.
bool bf16QualityVerified(Architecture a) { return a == Architecture::Mlp || a == Architecture::Conv; }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

std::string toString(Precision p) {
  switch (p) {
    case Precision::Fp32: return "fp32";
    case Precision::Bf16: return "bf16";
    case Precision::Auto: return "auto";
  }
  return "fp32";
}

Precision precisionFromString(const std::string& s) {
  if (s == "fp32") return Precision::Fp32;
  if (s == "bf16") return Precision::Bf16;
  if (s == "auto") return Precision::Auto;
  throw std::invalid_argument("unknown precision '" + s + "' (fp32, bf16 or auto)");
}

MixedPrecisionScope::MixedPrecisionScope(bool on) : on_(on) {
  if (!on_) return;
  wasEnabled_ = at::autocast::is_cpu_enabled();
  previousType_ = static_cast<int>(at::autocast::get_autocast_cpu_dtype());
  at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  at::autocast::set_cpu_enabled(true);
  at::autocast::increment_nesting();
}

MixedPrecisionScope::~MixedPrecisionScope() {
  if (!on_) return;
  // The cache maps each weight to its bf16 copy; the optimizer changes weights in place, so a copy must not
  // outlive the step that made it.
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  at::autocast::set_cpu_enabled(wasEnabled_);
  at::autocast::set_autocast_cpu_dtype(static_cast<at::ScalarType>(previousType_));
}

double measureBf16Speedup(const VaeConfig& model, int64_t batchSize, int timedSteps) {
  DatasetSplit data;
  const int64_t steps = kProbeWarmupSteps + timedSteps;
  data.train.name = data.train.identity = "speed probe";
  data.train.images = unitToPixels(torch::rand({batchSize * steps, model.channels, model.height, model.width}));
  if (model.isConditional())  // a cvae trains on labelled data only; any labels time the same
    data.train.labels = cyclicClassLabels(batchSize * steps, model.classCount);
  TrainConfig config;
  config.batchSize = batchSize;
  config.precision = Precision::Fp32;
  Trainer fp32(model, config, data);
  config.precision = Precision::Bf16;
  Trainer bf16(model, config, data);
  std::vector<double> fp32Seconds, bf16Seconds;
  for (int64_t i = 0; i < steps; ++i)
    for (auto [trainer, seconds] : {std::pair{&fp32, &fp32Seconds}, std::pair{&bf16, &bf16Seconds}}) {
      const auto start = std::chrono::steady_clock::now();
      trainer->step();
      if (i >= kProbeWarmupSteps)
        seconds->push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  const double bf16Median = median(bf16Seconds);
  return bf16Median > 0 ? median(fp32Seconds) / bf16Median : 0;
}

PrecisionChoice resolvePrecision(Precision requested, const VaeConfig& model, int64_t batchSize) {
  if (requested != Precision::Auto) return {requested, 0, toString(requested) + " as requested"};
  static const bool nativeBf16 = CpuFeatures::detect().nativeBf16();
  if (!nativeBf16) return {Precision::Fp32, 0, "auto: fp32, this CPU has no bf16 hardware (AMX or AVX512-BF16)"};
  if (!bf16QualityVerified(model.architecture))
    return {Precision::Fp32, 0, "auto: fp32, bf16 quality is not verified for " + toString(model.architecture)};
  static std::mutex mutex;
  static std::map<std::string, double> speedups;  // model shape + batch -> measured bf16 speed-up
  const std::string key = model.toJson().dump() + "/" + std::to_string(batchSize);
  double speedup = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto found = speedups.find(key);
    if (found != speedups.end()) speedup = found->second;
  }
  if (speedup == 0) {
    speedup = measureBf16Speedup(model, batchSize);
    std::lock_guard<std::mutex> lock(mutex);
    speedups[key] = speedup;
  }
  char text[160];
  std::snprintf(text, sizeof text, "auto: %s, a bf16 step measured %.2fx as fast as fp32 (bf16 needs %.1fx)",
                speedup >= kAutoBf16MinSpeedup ? "bf16" : "fp32", speedup, kAutoBf16MinSpeedup);
  return {speedup >= kAutoBf16MinSpeedup ? Precision::Bf16 : Precision::Fp32, speedup, text};
}

}  // namespace vae
