#include "model/schedules.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vae {
namespace {

struct BetaCase {
  BetaSchedule::Kind kind;
  int64_t step;
  double expected;
};

class BetaScheduleTest : public ::testing::TestWithParam<BetaCase> {};

TEST_P(BetaScheduleTest, GivesTheWeightForTheStep) {
  BetaSchedule s;
  s.kind = GetParam().kind;
  s.beta = 2.0;
  s.warmupSteps = 100;
  s.cycleSteps = 100;
  s.rampFraction = 0.5;
  EXPECT_NEAR(s.at(GetParam().step), GetParam().expected, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Table, BetaScheduleTest,
                         ::testing::Values(BetaCase{BetaSchedule::Kind::Constant, 0, 2.0},
                                           BetaCase{BetaSchedule::Kind::Constant, 5000, 2.0},
                                           BetaCase{BetaSchedule::Kind::Warmup, 0, 0.0},
                                           BetaCase{BetaSchedule::Kind::Warmup, 25, 0.5},
                                           BetaCase{BetaSchedule::Kind::Warmup, 100, 2.0},
                                           BetaCase{BetaSchedule::Kind::Warmup, 1000, 2.0},
                                           BetaCase{BetaSchedule::Kind::Cyclical, 0, 0.0},
                                           BetaCase{BetaSchedule::Kind::Cyclical, 25, 1.0},
                                           BetaCase{BetaSchedule::Kind::Cyclical, 50, 2.0},
                                           BetaCase{BetaSchedule::Kind::Cyclical, 99, 2.0},
                                           BetaCase{BetaSchedule::Kind::Cyclical, 100, 0.0},
                                           BetaCase{BetaSchedule::Kind::Cyclical, 125, 1.0}));

TEST(LrSchedule, ConstantStepAndCosine) {
  LrSchedule s;
  s.lr = 1e-3;
  EXPECT_DOUBLE_EQ(s.at(12345), 1e-3);
  s.kind = LrSchedule::Kind::Step;
  s.stepSize = 10;
  s.gamma = 0.5;
  EXPECT_DOUBLE_EQ(s.at(9), 1e-3);
  EXPECT_DOUBLE_EQ(s.at(10), 5e-4);
  EXPECT_DOUBLE_EQ(s.at(25), 2.5e-4);
  s.kind = LrSchedule::Kind::Cosine;
  s.totalSteps = 100;
  s.minLr = 1e-5;
  EXPECT_DOUBLE_EQ(s.at(0), 1e-3);
  EXPECT_NEAR(s.at(50), 1e-5 + 0.5 * (1e-3 - 1e-5), 1e-15);
  EXPECT_NEAR(s.at(100), 1e-5, 1e-15);
  EXPECT_NEAR(s.at(1000), 1e-5, 1e-15);
}

TEST(Schedules, JsonRoundTrip) {
  BetaSchedule b;
  b.kind = BetaSchedule::Kind::Cyclical;
  b.beta = 4;
  b.cycleSteps = 77;
  BetaSchedule b2 = BetaSchedule::fromJson(b.toJson());
  EXPECT_EQ(b2.kind, b.kind);
  EXPECT_EQ(b2.cycleSteps, 77);
  EXPECT_EQ(b2.beta, 4);
  LrSchedule l;
  l.kind = LrSchedule::Kind::Cosine;
  l.totalSteps = 9;
  LrSchedule l2 = LrSchedule::fromJson(l.toJson());
  EXPECT_EQ(l2.kind, l.kind);
  EXPECT_EQ(l2.totalSteps, 9);
  EXPECT_THROW(betaKindFromString("sometimes"), std::invalid_argument);
}

}  // namespace
}  // namespace vae
