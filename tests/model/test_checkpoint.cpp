#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include <sys/resource.h>

namespace vae {
namespace {

namespace fs = std::filesystem;

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vae-ckpt-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

 public:
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  static DatasetSplit data() {
    ShapesOptions o;
    o.count = 480;
    return makeShapes(o);
  }
  static VaeConfig model() {
    VaeConfig c;
    c.hiddenSizes = {48};
    c.latentDim = 3;
    return c;
  }
  static TrainConfig training(int64_t epochs) {
    TrainConfig t;
    t.epochs = epochs;
    t.batchSize = 40;
    t.seed = 5;
    t.beta.kind = BetaSchedule::Kind::Warmup;  // step-dependent schedules must resume too
    t.beta.warmupSteps = 15;
    return t;
  }
  fs::path dir_;
};

TEST_F(CheckpointTest, RoundTripKeepsEverything) {
  Trainer trainer(model(), training(2), data());
  trainer.runEpoch();
  trainer.setLearningRate(5e-4);
  trainer.step();
  Checkpoint::capture(trainer, "shapes:28:480").save(path("run.vaestudio"));
  Checkpoint c = Checkpoint::load(path("run.vaestudio"));
  EXPECT_EQ(c.datasetSpec, "shapes:28:480");
  EXPECT_EQ(c.datasetIdentity, trainer.data().train.identity);
  EXPECT_EQ(c.modelConfig.toJson(), trainer.modelConfig().toJson());
  EXPECT_EQ(c.trainConfig.toJson(), trainer.trainConfig().toJson());
  EXPECT_EQ(c.globalStep, trainer.globalStep());
  EXPECT_EQ(c.epoch, 1);
  EXPECT_EQ(c.stepInEpoch, 1);
  ASSERT_TRUE(c.lrOverride.has_value());
  EXPECT_DOUBLE_EQ(*c.lrOverride, 5e-4);
  EXPECT_EQ(c.history.steps.size(), trainer.history().steps.size());
  EXPECT_EQ(c.history.steps.back().total, trainer.history().steps.back().total);
  EXPECT_EQ(c.history.epochs.size(), 1u);
  EXPECT_EQ(c.history.events.size(), 1u);
  ASSERT_EQ(c.history.epochImages.size(), 1u);
  EXPECT_TRUE(torch::equal(c.history.epochImages[0], trainer.history().epochImages[0]));
  EXPECT_TRUE(torch::equal(c.history.progressZ, trainer.history().progressZ));
  Vae restored = c.makeModel();
  torch::Tensor z = torch::randn({4, 3});
  EXPECT_TRUE(torch::equal(restored->decodeImages(z), trainer.model()->decodeImages(z)));
}

// Two epochs, save, load into a fresh trainer, one more epoch == three uninterrupted epochs.
void expectResumeIsExact(const CheckpointTest& test, const std::string& file, Precision precision) {
  TrainConfig config = CheckpointTest::training(3);
  config.precision = precision;
  Trainer straight(CheckpointTest::model(), config, CheckpointTest::data());
  straight.run();

  Trainer first(CheckpointTest::model(), config, CheckpointTest::data());
  first.runEpoch();
  first.runEpoch();
  Checkpoint::capture(first, "shapes").save(test.path(file));
  Checkpoint c = Checkpoint::load(test.path(file));
  EXPECT_EQ(c.trainConfig.precision, precision);  // the run continues in its own precision
  for (const torch::Tensor& p : c.parameters) EXPECT_EQ(p.scalar_type(), torch::kFloat);  // fp32 master weights
  Trainer resumed(c.modelConfig, c.trainConfig, CheckpointTest::data());
  c.restoreInto(resumed);
  EXPECT_TRUE(resumed.run());

  const auto& a = straight.history().steps;
  const auto& b = resumed.history().steps;
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i].total, b[i].total) << "step " << i;
  ASSERT_EQ(resumed.history().epochs.size(), 3u);
  EXPECT_EQ(straight.history().epochs[2].testTotal, resumed.history().epochs[2].testTotal);
  ASSERT_EQ(resumed.history().epochImages.size(), 3u);
  for (size_t e = 0; e < 3; ++e)
    EXPECT_TRUE(torch::equal(straight.history().epochImages[e], resumed.history().epochImages[e])) << "epoch " << e;
}

TEST_F(CheckpointTest, ResumeIsExact) { expectResumeIsExact(*this, "two.vaestudio", Precision::Fp32); }

TEST_F(CheckpointTest, ResumeIsExactInMixedPrecision) {
  expectResumeIsExact(*this, "two-bf16.vaestudio", Precision::Bf16);
}

// After each epoch the run's fixed progress z is decoded and kept: the frames of the "training GIF".
TEST_F(CheckpointTest, EpochImagesDecodeTheFixedZAfterEachEpoch) {
  Trainer trainer(model(), training(2), data());
  trainer.run();
  const History& h = trainer.history();
  ASSERT_EQ(h.epochImages.size(), 2u);
  ASSERT_EQ(h.progressZ.sizes(), (std::vector<int64_t>{History::kProgressSamples, 3}));
  EXPECT_EQ(h.epochImages[1].sizes(), (std::vector<int64_t>{History::kProgressSamples, 1, 28, 28}));
  EXPECT_EQ(h.epochImages[1].scalar_type(), torch::kUInt8);
  {
    torch::NoGradGuard noGrad;
    const torch::Tensor expected =
        trainer.model()->decodeImages(h.progressZ).clamp(0, 1).mul(255).round().to(torch::kUInt8);
    EXPECT_TRUE(torch::equal(h.epochImages[1], expected));
  }
  EXPECT_FALSE(torch::equal(h.epochImages[0], h.epochImages[1]));  // the decoder learnt in between
  // The same seed draws the same z: two runs' GIFs are comparable frame by frame.
  Trainer again(model(), training(1), data());
  again.runEpoch();
  EXPECT_TRUE(torch::equal(again.history().progressZ, h.progressZ));
}

// Interrupted in the middle of an epoch (Ctrl-C), the run still continues exactly.
TEST_F(CheckpointTest, ResumeMidEpochIsExact) {
  Trainer straight(model(), training(2), data());
  straight.run();
  Trainer first(model(), training(2), data());
  first.onStep = [&](const StepRecord& s) {
    if (s.step == 17) first.cancel();
  };
  first.run();
  Checkpoint::capture(first, "shapes").save(path("mid.vaestudio"));
  Checkpoint c = Checkpoint::load(path("mid.vaestudio"));
  Trainer resumed(c.modelConfig, c.trainConfig, data());
  c.restoreInto(resumed);
  resumed.run();
  ASSERT_EQ(straight.history().steps.size(), resumed.history().steps.size());
  EXPECT_EQ(straight.history().steps.back().total, resumed.history().steps.back().total);
  EXPECT_EQ(straight.history().epochs.back().trainTotal, resumed.history().epochs.back().trainTotal);
}

TEST_F(CheckpointTest, FailedWriteLeavesTheOldFileIntact) {
  Trainer trainer(model(), training(1), data());
  const std::string target = path("keep.vaestudio");
  Checkpoint::capture(trainer, "shapes").save(target);
  const auto oldSize = fs::file_size(target);
  const Checkpoint before = Checkpoint::load(target);
  trainer.runEpoch();

  // A file-size limit below the checkpoint's size makes write() fail part-way (EFBIG), like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  EXPECT_THROW(Checkpoint::capture(trainer, "shapes").save(target), CheckpointError);
  ::setrlimit(RLIMIT_FSIZE, &old);

  EXPECT_EQ(fs::file_size(target), oldSize);
  EXPECT_EQ(Checkpoint::load(target).globalStep, before.globalStep);
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1) << "the temp file must be removed";
}

TEST_F(CheckpointTest, RefusesWhatIsNotACheckpoint) {
  const std::string empty = path("empty.vaestudio"), text = path("text.vaestudio");
  std::ofstream(empty).close();
  std::ofstream(text) << "hello";
  for (const std::string& p : {empty, text, path("missing.vaestudio"), dir_.string()}) {
    try {
      Checkpoint::load(p);
      FAIL() << p << " loaded";
    } catch (const CheckpointError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(p), std::string::npos) << msg;
      EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line: " << msg;
    }
  }
}

TEST_F(CheckpointTest, RefusesAnotherTorchArchive) {
  torch::serialize::OutputArchive archive;
  archive.write("weights", torch::ones({3}));
  archive.save_to(path("other.pt"));
  EXPECT_THROW(Checkpoint::load(path("other.pt")), CheckpointError);
}

TEST_F(CheckpointTest, RefusesNanWeights) {
  Trainer trainer(model(), training(1), data());
  Checkpoint c = Checkpoint::capture(trainer, "shapes");
  c.parameters[0][0][0] = std::numeric_limits<float>::quiet_NaN();
  c.save(path("nan.vaestudio"));
  try {
    Checkpoint::load(path("nan.vaestudio"));
    FAIL();
  } catch (const CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("NaN"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace vae
