#include "model/datasetloaders.h"
#include "model/precision.h"
#include "model/trainer.h"

#include <ATen/autocast_mode.h>
#include <gtest/gtest.h>

#include <cmath>
#include "tests/support/smallrun.h"

namespace vae {
namespace {


using test::smallModel;
using test::smallShapes;

TrainConfig training(Precision precision) {
  TrainConfig t;
  t.epochs = 2;
  t.batchSize = 50;
  t.lr.lr = 3e-3;
  t.precision = precision;
  return t;
}

TEST(Precision, NamesRoundTrip) {
  for (Precision p : {Precision::Fp32, Precision::Bf16, Precision::Auto}) EXPECT_EQ(precisionFromString(toString(p)), p);
  EXPECT_THROW(precisionFromString("fp16"), std::invalid_argument);
}

TEST(Precision, TrainConfigJsonKeepsItAndOldRunsAreFp32) {
  TrainConfig c;
  c.precision = Precision::Bf16;
  EXPECT_EQ(TrainConfig::fromJson(c.toJson()).precision, Precision::Bf16);
  nlohmann::json old = c.toJson();
  old.erase("precision");  // a run saved before mixed precision existed
  EXPECT_EQ(TrainConfig::fromJson(old).precision, Precision::Fp32);
}

TEST(Precision, TheScopeRunsProductsInBf16AndRestoresAutocast) {
  const torch::Tensor a = torch::randn({8, 16}), b = torch::randn({16, 4});
  {
    MixedPrecisionScope scope(true);
    EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kBFloat16);
  }
  EXPECT_FALSE(at::autocast::is_cpu_enabled());
  EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kFloat);
  MixedPrecisionScope off(false);
  EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kFloat);
}

TEST(Precision, ExplicitRequestsAreKept) {
  EXPECT_EQ(resolvePrecision(Precision::Fp32, smallModel(), 50).precision, Precision::Fp32);
  EXPECT_EQ(resolvePrecision(Precision::Bf16, smallModel(), 50).precision, Precision::Bf16);
}

TEST(Precision, AutoIsResolvedWhenTheRunStartsAndRecorded) {
  Trainer trainer(smallModel(), training(Precision::Auto), smallShapes());
  const Precision chosen = trainer.trainConfig().precision;
  EXPECT_NE(chosen, Precision::Auto);
  EXPECT_EQ(trainer.precisionReason().rfind("auto: " + toString(chosen), 0), 0u) << trainer.precisionReason();
  // Measured once per model shape: the same answer again, without a second timing.
  const PrecisionChoice again = resolvePrecision(Precision::Auto, smallModel(), 50);
  EXPECT_EQ(again.precision, chosen);
  EXPECT_EQ(again.reason, trainer.precisionReason());
}

TEST(Precision, Bf16TrainingLearnsWithFp32WeightsAndLoss) {
  Trainer fp32(smallModel(), training(Precision::Fp32), smallShapes());
  Trainer bf16(smallModel(), training(Precision::Bf16), smallShapes());
  fp32.run();
  bf16.run();
  const auto& a = fp32.history().steps;
  const auto& b = bf16.history().steps;
  ASSERT_EQ(a.size(), b.size());
  // The same seed and batches: only the precision of the products differs, so the losses differ a little. Not
  // necessarily at the first step: at initialisation the logits are mostly the fp32 output bias, and with byte
  // pixels (k/255) both first losses round to the same float32 (119.189697 on shapes).
  bool anyDiffers = false;
  for (size_t i = 0; i < a.size(); ++i) anyDiffers = anyDiffers || a[i].total != b[i].total;
  EXPECT_TRUE(anyDiffers) << "bf16 gave exactly the fp32 losses: were the products bf16 at all?";
  EXPECT_NEAR(a.front().total, b.front().total, 0.01 * a.front().total);
  EXPECT_LT(bf16.history().epochs.back().trainTotal, bf16.history().epochs.front().trainTotal);  // it learns
  for (const StepRecord& s : b) ASSERT_TRUE(std::isfinite(s.total));
  // The quality bar of --precision auto: the held-out -ELBO within 0.5 nats of fp32's.
  EXPECT_NEAR(bf16.history().epochs.back().testTotal, fp32.history().epochs.back().testTotal, 0.5);
  for (const torch::Tensor& p : bf16.model()->parameters()) EXPECT_EQ(p.scalar_type(), torch::kFloat);
  for (const torch::Tensor& m : bf16.optimizer().secondMoments()) EXPECT_EQ(m.scalar_type(), torch::kFloat);
}

}  // namespace
}  // namespace vae
