#include "model/datasetloaders.h"
#include "model/heldoutelbo.h"
#include "model/trainer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <numeric>
#include <vector>
#include "tests/support/smallrun.h"

namespace vae {
namespace {

// A small, fast problem: 600 shapes of 28x28, a narrow MLP (tests/support/smallrun.h).

using test::smallModel;
using test::smallShapes;

TrainConfig smallTraining(int64_t epochs = 2) {
  TrainConfig t;
  t.epochs = epochs;
  t.batchSize = 50;
  t.lr.lr = 3e-3;
  t.seed = 11;
  return t;
}

TEST(Trainer, LossFallsAndEpochsAreRecorded) {
  Trainer trainer(smallModel(), smallTraining(3), smallShapes());
  int steps = 0, epochs = 0;
  trainer.onStep = [&](const StepRecord&) { ++steps; };
  trainer.onEpoch = [&](const EpochRecord&) { ++epochs; };
  EXPECT_TRUE(trainer.run());
  EXPECT_EQ(epochs, 3);
  EXPECT_EQ(steps, 3 * trainer.stepsPerEpoch());
  const History& h = trainer.history();
  ASSERT_EQ(h.epochs.size(), 3u);
  EXPECT_EQ(h.steps.size(), static_cast<size_t>(steps));
  EXPECT_LT(h.epochs.back().testTotal, h.epochs.front().testTotal);
  EXPECT_LT(h.steps.back().total, h.steps.front().total * 0.8);
  for (const EpochRecord& e : h.epochs) {
    EXPECT_NEAR(e.testTotal, e.testRecon + e.testKl, 1e-6 * e.testTotal);
    EXPECT_GT(e.seconds, 0);
  }
  EXPECT_EQ(trainer.lastKlPerDim().size(), 4u);
}

TEST(Trainer, SameSeedGivesTheSameRun) {
  Trainer a(smallModel(), smallTraining(1), smallShapes());
  Trainer b(smallModel(), smallTraining(1), smallShapes());
  a.run();
  b.run();
  ASSERT_EQ(a.history().steps.size(), b.history().steps.size());
  for (size_t i = 0; i < a.history().steps.size(); ++i)
    EXPECT_EQ(a.history().steps[i].total, b.history().steps[i].total);
  TrainConfig other = smallTraining(1);
  other.seed = 12;
  Trainer c(smallModel(), other, smallShapes());
  c.run();
  EXPECT_NE(a.history().steps.back().total, c.history().steps.back().total);
}

TEST(Trainer, CancelStopsAtAStepBoundaryAndRunContinues) {
  Trainer trainer(smallModel(), smallTraining(1), smallShapes());
  trainer.onStep = [&](const StepRecord& s) {
    if (s.step == 3) trainer.cancel();
  };
  EXPECT_FALSE(trainer.runEpoch());
  EXPECT_EQ(trainer.globalStep(), 3);
  EXPECT_TRUE(trainer.history().epochs.empty());
  trainer.resetCancel();
  EXPECT_TRUE(trainer.runEpoch());
  EXPECT_EQ(trainer.globalStep(), trainer.stepsPerEpoch());
}

TEST(Trainer, NanGuardRestoresWeightsAndHalvesLearningRate) {
  Trainer trainer(smallModel(), smallTraining(1), smallShapes());
  for (int i = 0; i < 5; ++i) trainer.step();
  const double lrBefore = trainer.currentLr();
  trainer.injectNanOnNextStep();
  EXPECT_TRUE(trainer.step());
  EXPECT_DOUBLE_EQ(trainer.currentLr(), lrBefore / 2);
  ASSERT_EQ(trainer.history().events.size(), 1u);
  EXPECT_EQ(trainer.history().events[0].kind, EventRecord::Kind::NanRecovered);
  for (const auto& p : trainer.model()->parameters()) EXPECT_TRUE(torch::isfinite(p).all().item<bool>());
  // Training goes on with finite losses.
  EXPECT_TRUE(trainer.step());
  EXPECT_TRUE(std::isfinite(trainer.history().steps.back().total));
}

TEST(Trainer, NanGuardGivesUpClearlyWhenEveryStepIsNonFinite) {
  TrainConfig config = smallTraining(1);
  config.batchSize = 10;  // 50 steps in the epoch: room for all the poisoned ones
  Trainer trainer(smallModel(), config, smallShapes());
  for (int i = 0; i < 3; ++i) trainer.step();
  const double lrBefore = trainer.currentLr();
  // One short of the limit, then a finite step: the count starts again, training goes on.
  trainer.injectNanOnNextStep(Trainer::kMaxRecoveriesInARow - 1);
  for (int i = 0; i < Trainer::kMaxRecoveriesInARow - 1; ++i) EXPECT_TRUE(trainer.step());
  EXPECT_TRUE(trainer.step());
  EXPECT_TRUE(std::isfinite(trainer.history().steps.back().total));
  // The limit in a row: a TrainingDiverged with one line that says what to do, and the good weights kept.
  trainer.injectNanOnNextStep(Trainer::kMaxRecoveriesInARow);
  for (int i = 0; i < Trainer::kMaxRecoveriesInARow - 1; ++i) EXPECT_TRUE(trainer.step());
  try {
    trainer.step();
    FAIL() << "expected TrainingDiverged";
  } catch (const TrainingDiverged& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("diverged"), std::string::npos) << message;
    EXPECT_NE(message.find("lower learning rate"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  EXPECT_LT(trainer.currentLr(), lrBefore / 1000);
  for (const auto& p : trainer.model()->parameters()) EXPECT_TRUE(torch::isfinite(p).all().item<bool>());
  for (const StepRecord& s : trainer.history().steps) EXPECT_TRUE(std::isfinite(s.total));
}

// Datasets hold bytes, so no NaN pixel can reach a loss; float pixels handed in directly (a caller that
// skipped Dataset's format) are refused up front, naming the part, instead of failing inside a step.
TEST(Trainer, FloatPixelsAreRefusedBeforeTraining) {
  for (bool inTest : {false, true}) {
    DatasetSplit data = smallShapes();
    Dataset& part = inTest ? data.test : data.train;
    part.images = part.floatImages(0, part.size());
    try {
      Trainer trainer(smallModel(), smallTraining(1), data);
      FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(inTest ? "test data" : "training data"), std::string::npos) << message;
      EXPECT_NE(message.find("must be uint8"), std::string::npos) << message;
    }
  }
}

// The model sees floats in [0,1] while the set stays bytes: batches are converted, never the whole set.
TEST(Trainer, DatasetsStayBytesAndBatchesAreUnitFloats) {
  const DatasetSplit data = smallShapes();
  ASSERT_EQ(data.train.images.scalar_type(), torch::kUInt8);
  const torch::Tensor batch = data.train.floatImages(torch::arange(0, 16, torch::kLong));
  EXPECT_EQ(batch.scalar_type(), torch::kFloat32);
  EXPECT_GE(batch.min().item<float>(), 0.0f);
  EXPECT_LE(batch.max().item<float>(), 1.0f);
  EXPECT_TRUE(torch::equal(batch.mul(255.0).round().to(torch::kUInt8), data.train.images.slice(0, 0, 16)));
  Trainer trainer(smallModel(), smallTraining(1), data);
  trainer.step();
  EXPECT_EQ(trainer.data().train.images.scalar_type(), torch::kUInt8);
}

// What README "Numerics" promises of every loss shown: finite, and no larger than the NaN guard's bound
// (Trainer::lossExploded: 1000 nats per pixel and latent dimension, ~7.9e5 here), not 1e33. A step at lr 1.0
// does record losses of ~2e5 nats (243 per pixel) that the guard lets through.
const double kSaneLossNats = 1000.0 * static_cast<double>(28 * 28 + test::smallModel().latentDim);

class TrainerAbsurdLearningRate : public ::testing::TestWithParam<double> {};

TEST_P(TrainerAbsurdLearningRate, NeverLeavesNonFiniteOrInsaneLossesOrWeights) {
  // lr 1.0 is 1000x the default: Adam's steps blow the weights up (1e6 at once). Whatever happens, every
  // recorded loss and the weights the user would see decoded stay finite and sane, or training stops
  // with TrainingDiverged.
  TrainConfig config = smallTraining(2);
  config.lr.lr = GetParam();
  Trainer trainer(smallModel(), config, smallShapes());
  bool diverged = false;
  try {
    trainer.run();
  } catch (const TrainingDiverged&) {
    diverged = true;
  }
  ASSERT_FALSE(trainer.history().steps.empty());
  for (const StepRecord& s : trainer.history().steps)
    ASSERT_TRUE(std::isfinite(s.total) && std::abs(s.total) <= kSaneLossNats) << "step " << s.step << ": " << s.total;
  for (const EpochRecord& e : trainer.history().epochs)
    EXPECT_TRUE(std::isfinite(e.testTotal) && std::abs(e.testTotal) <= kSaneLossNats) << e.testTotal;
  for (const auto& p : trainer.model()->parameters()) EXPECT_TRUE(torch::isfinite(p).all().item<bool>());
  torch::NoGradGuard noGrad;
  const torch::Tensor images = trainer.model()->decodeImages(torch::randn({8, smallModel().latentDim}));
  EXPECT_TRUE(torch::isfinite(images).all().item<bool>());
  double largest = 0;
  for (const StepRecord& s : trainer.history().steps) largest = std::max(largest, std::abs(s.total));
  std::cout << "lr " << GetParam() << ": " << trainer.history().steps.size() << " finite steps (largest loss "
            << largest << " nats), " << trainer.history().events.size() << " events, diverged " << diverged << "\n";
}

INSTANTIATE_TEST_SUITE_P(Trainer, TrainerAbsurdLearningRate, ::testing::Values(1.0, 1e6));

// evaluate() is the mean over every test image, the short last batch weighted by its size: 1 001 test
// images are a batch of 1 000 and a batch of 1. The reference runs each image alone with the row of noise
// evaluate() gives it (Trainer::evaluationNoise), so a mean of batch means, or a dropped last batch, fails.
TEST(Trainer, EvaluationIsThePerImageMeanOverAnUnevenLastBatch) {
  constexpr int64_t kTestImages = Trainer::kEvalBatchSize + 1;
  DatasetSplit data = smallShapes(1800);  // 1 500 training images
  ASSERT_GE(data.train.size(), kTestImages);
  data.test = data.train.slice(0, kTestImages, "test");
  data.test.images = data.test.images.clone();
  data.test.labels = data.test.labels.clone();
  // The lone image of the last batch is all white: its loss is far from the mean of the others, so
  // weighting it wrongly or dropping it moves the mean by much more than rounding does.
  data.test.images[kTestImages - 1].fill_(255);
  Trainer trainer(smallModel(), smallTraining(1), data);
  for (int i = 0; i < 5; ++i) trainer.step();  // weights that are not the initial ones
  const EpochRecord got = trainer.evaluate();

  torch::NoGradGuard noGrad;
  const VaeConfig& c = trainer.modelConfig();
  std::vector<double> total(kTestImages), recon(kTestImages), kl(kTestImages);
  for (int64_t batch = 0; batch * Trainer::kEvalBatchSize < kTestImages; ++batch) {
    const int64_t begin = batch * Trainer::kEvalBatchSize;
    const int64_t rows = std::min(Trainer::kEvalBatchSize, kTestImages - begin);
    const torch::Tensor eps =
        Trainer::evaluationNoise(trainer.trainConfig().seed, trainer.epoch(), batch, rows, c.latentDim);
    for (int64_t row = 0; row < rows; ++row) {
      const torch::Tensor x = data.test.floatImages(begin + row, begin + row + 1);
      const auto out = trainer.model()->forward(x, eps.slice(0, row, row + 1));
      const ElboTerms t = negativeElbo(out.logits, x, out.mu, out.logvar, c.likelihood, 1.0, c.gaussianSigma);
      total[begin + row] = t.total.item<double>();
      recon[begin + row] = t.recon.item<double>();
      kl[begin + row] = t.kl.item<double>();
    }
  }
  auto mean = [](const std::vector<double>& v, size_t n) { return std::accumulate(v.begin(), v.begin() + n, 0.0) / n; };
  const double want = mean(total, kTestImages);
  // float32 sums over 1 000 images against per-image ones: agreement to ~1e-6 relative.
  const double tolerance = 1e-5 * want;
  EXPECT_NEAR(got.testTotal, want, tolerance);
  EXPECT_NEAR(got.testRecon, mean(recon, kTestImages), tolerance);
  EXPECT_NEAR(got.testKl, mean(kl, kTestImages), tolerance);
  // The test can tell the wrong means apart: each is far outside the tolerance.
  const double meanOfBatchMeans = (mean(total, Trainer::kEvalBatchSize) + total.back()) / 2;
  const double lastBatchDropped = mean(total, Trainer::kEvalBatchSize);
  EXPECT_GT(std::abs(meanOfBatchMeans - want), 100 * tolerance);
  EXPECT_GT(std::abs(lastBatchDropped - want), 100 * tolerance);
}

// The compare table scores checkpoints with heldOutElbo: with the trainer's noise it is the trainer's figure.
TEST(Trainer, HeldOutElboWithTheEvaluationNoiseIsTheEvaluation) {
  const DatasetSplit data = smallShapes(1800);
  Trainer trainer(smallModel(), smallTraining(1), data);
  for (int i = 0; i < 5; ++i) trainer.step();
  const EpochRecord want = trainer.evaluate();
  const int64_t latent = trainer.modelConfig().latentDim;
  const HeldOutElbo got = heldOutElbo(trainer.model(), data.test, [&](int64_t batch, int64_t rows) {
    return Trainer::evaluationNoise(trainer.trainConfig().seed, trainer.epoch(), batch, rows, latent);
  }, Trainer::kEvalBatchSize);
  EXPECT_DOUBLE_EQ(got.total, want.testTotal);
  EXPECT_DOUBLE_EQ(got.recon, want.testRecon);
  EXPECT_DOUBLE_EQ(got.kl, want.testKl);
  EXPECT_GT(got.kl, 0.0);
}

TEST(Trainer, BetaChangeIsAppliedAndRecorded) {
  Trainer trainer(smallModel(), smallTraining(1), smallShapes());
  trainer.step();
  trainer.setBeta(0.0);
  trainer.step();
  const History& h = trainer.history();
  ASSERT_EQ(h.events.size(), 1u);
  EXPECT_EQ(h.events[0].kind, EventRecord::Kind::BetaChanged);
  EXPECT_EQ(h.events[0].step, 1);
  EXPECT_EQ(h.steps[1].beta, 0.0);
  // With beta 0 the objective is the reconstruction term alone.
  EXPECT_DOUBLE_EQ(h.steps[1].total, h.steps[1].recon);
  EXPECT_THROW(trainer.setBeta(-1), std::invalid_argument);
}

TEST(Trainer, KlWarmupRampsBeta) {
  TrainConfig t = smallTraining(1);
  t.beta.kind = BetaSchedule::Kind::Warmup;
  t.beta.warmupSteps = 4;
  Trainer trainer(smallModel(), t, smallShapes());
  for (int i = 0; i < 6; ++i) trainer.step();
  const auto& s = trainer.history().steps;
  EXPECT_DOUBLE_EQ(s[0].beta, 0.0);
  EXPECT_DOUBLE_EQ(s[2].beta, 0.5);
  EXPECT_DOUBLE_EQ(s[5].beta, 1.0);
}

TEST(Trainer, RejectsDataOfTheWrongSize) {
  VaeConfig c = smallModel();
  c.height = 32;
  c.width = 32;
  EXPECT_THROW(Trainer(c, smallTraining(), smallShapes()), std::invalid_argument);
}

}  // namespace
}  // namespace vae
