#include "model/datasetloaders.h"
#include "model/trainer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vae {
namespace {

// A small, fast problem: 600 shapes of 28x28, a narrow MLP.
DatasetSplit smallShapes() {
  ShapesOptions o;
  o.count = 600;
  return makeShapes(o);
}

VaeConfig smallModel() {
  VaeConfig c;
  c.hiddenSizes = {64};
  c.latentDim = 4;
  return c;
}

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
