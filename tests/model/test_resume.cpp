#include "model/resume.h"

#include <gtest/gtest.h>

#include "tests/support/smallrun.h"

namespace vae {
namespace {

// A run of 3 epochs stopped after 2: what `train --resume` and the window both continue.
Checkpoint twoOfThreeEpochs() {
  Trainer trainer(test::smallModel(), test::smallTraining(3), test::smallShapes());
  trainer.runEpoch();
  trainer.runEpoch();
  return Checkpoint::capture(trainer, "shapes:28:600");
}

TEST(Resume, ContinuesWhereTheRunStoppedAndMarksIt) {
  const Checkpoint c = twoOfThreeEpochs();
  ResumeChanges changes;
  changes.source = "run.vaestudio";
  auto trainer = resumeTrainer(c, test::smallShapes(), changes);
  EXPECT_EQ(trainer->globalStep(), c.globalStep);
  EXPECT_EQ(trainer->epoch(), 2);
  EXPECT_EQ(trainer->trainConfig().epochs, 3);
  ASSERT_EQ(trainer->history().events.size(), c.history.events.size() + 1);
  const EventRecord& marker = trainer->history().events.back();
  EXPECT_EQ(marker.kind, EventRecord::Kind::Resumed);
  EXPECT_EQ(marker.step, c.globalStep);
  EXPECT_EQ(marker.text, "resumed at step " + std::to_string(c.globalStep) + " from run.vaestudio");
}

TEST(Resume, EpochsSetTheNewTotalButNeverBelowWhatIsDone) {
  const Checkpoint c = twoOfThreeEpochs();
  ResumeChanges more;
  more.epochs = 5;
  EXPECT_EQ(resumeTrainer(c, test::smallShapes(), more)->trainConfig().epochs, 5);
  ResumeChanges fewer;
  fewer.epochs = 1;  // two are done: the run ends where it is, nothing is undone
  auto trainer = resumeTrainer(c, test::smallShapes(), fewer);
  EXPECT_EQ(trainer->trainConfig().epochs, 2);
  EXPECT_TRUE(trainer->finished());
}

TEST(Resume, LearningRateBetaAndPrecisionChangesAreApplied) {
  const Checkpoint c = twoOfThreeEpochs();
  ResumeChanges changes;
  changes.learningRate = 1e-4;
  changes.beta = 0.5;
  changes.precision = Precision::Bf16;
  auto trainer = resumeTrainer(c, test::smallShapes(), changes);
  EXPECT_DOUBLE_EQ(trainer->currentLr(), 1e-4);
  EXPECT_DOUBLE_EQ(trainer->currentBeta(), 0.5);
  EXPECT_EQ(trainer->trainConfig().precision, Precision::Bf16);
  const auto& events = trainer->history().events;
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[events.size() - 3].kind, EventRecord::Kind::Resumed);  // the marker comes first
  EXPECT_EQ(events[events.size() - 2].text, "lr = 1e-4");
  EXPECT_EQ(events.back().text, "\u03b2 = 0.5");
}

}  // namespace
}  // namespace vae
