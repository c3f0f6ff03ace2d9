#pragma once

#include <cmath>
#include <limits>

namespace vae {

// Exponential moving average divided by the weight its terms sum to (1 - (1-alpha)^t, TensorBoard's
// "debiasing"), so the first values are not pulled towards zero or towards the first step: the smoothed
// line starts on the data. Non-finite values (a NaN step before recovery) are skipped.
class DebiasedEma {
 public:
  explicit DebiasedEma(double alpha = 1.0) : alpha_(alpha) {}
  void reset(double alpha) {
    alpha_ = alpha;
    biased_ = weight_ = 0;
  }
  // The smoothed value after v (NaN until a finite value was seen).
  double add(double v) {
    if (std::isfinite(v)) {
      biased_ += alpha_ * (v - biased_);
      weight_ += alpha_ * (1 - weight_);
    }
    return weight_ > 0 ? biased_ / weight_ : std::numeric_limits<double>::quiet_NaN();
  }

 private:
  double alpha_ = 1, biased_ = 0, weight_ = 0;
};

// Spans are rounded to powers of 2^(1/kSpanBucketsPerOctave): a plot re-smooths its whole series only when
// the bucket changes, not at every zoom step or appended batch.
constexpr double kSpanBucketsPerOctave = 2.0;

// The bucket of a span of `steps` (0: a span of at most one step, i.e. the raw data).
inline int spanBucket(double steps) {
  return steps <= 1 ? 0 : static_cast<int>(std::lround(std::log2(steps) * kSpanBucketsPerOctave));
}

// EMA weight of a bucket's span (pandas' span convention: the centre of mass lags (span-1)/2 steps).
inline double alphaOfSpanBucket(int bucket) {
  const double span = std::exp2(bucket / kSpanBucketsPerOctave);
  return span <= 1 ? 1.0 : 2.0 / (span + 1.0);
}

}  // namespace vae
