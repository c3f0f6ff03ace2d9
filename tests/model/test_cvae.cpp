// Issue 19: the conditional VAE. The one-hot class enters encoder and decoder; a cvae refuses to run without labels,
// trains only on labelled data, scores held-out images with their own labels and round-trips through checkpoints.
#include "model/checkpoint.h"
#include "model/heldoutelbo.h"
#include "model/latenttools.h"
#include "model/resume.h"
#include "model/trainer.h"
#include "model/vae.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "tests/support/smallrun.h"

namespace vae {
namespace {

namespace fs = std::filesystem;

// The shapes dataset has three classes (square, ellipse, heart).
constexpr int64_t kShapeClasses = 3;

VaeConfig cvaeConfig(Architecture architecture = Architecture::Mlp) {
  VaeConfig c = test::smallModel(/*latent=*/3, /*hidden=*/32);
  c.kind = ModelKind::Conditional;
  c.classCount = kShapeClasses;
  c.architecture = architecture;
  c.convChannels = {4, 8};
  c.convHidden = 24;
  return c;
}

// message contains text (gtest's EXPECT_THROW cannot look into what()).
template <typename F>
std::string thrownMessage(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(nothing thrown)";
}

class CvaeArchitectures : public ::testing::TestWithParam<Architecture> {};

TEST_P(CvaeArchitectures, EncodesAndDecodesWithLabelsAndRefusesWithout) {
  torch::manual_seed(5);
  Vae model(cvaeConfig(GetParam()));
  const torch::Tensor x = torch::rand({4, 1, 28, 28});
  const torch::Tensor y = torch::tensor({0, 1, 2, 1}, torch::kLong);
  const auto [mu, logvar] = model->encode(x, y);
  EXPECT_EQ(mu.sizes(), (std::vector<int64_t>{4, 3}));
  EXPECT_EQ(logvar.sizes(), (std::vector<int64_t>{4, 3}));
  const auto out = model->forward(x, torch::zeros({4, 3}), y);
  EXPECT_EQ(out.logits.sizes(), x.sizes());
  EXPECT_TRUE(torch::equal(out.z, mu));  // eps = 0: z is mu

  EXPECT_NE(thrownMessage([&] { model->encode(x); }).find("a cvae needs the class labels"), std::string::npos);
  EXPECT_NE(thrownMessage([&] { model->decode(mu); }).find("a cvae needs the class labels"), std::string::npos);
  EXPECT_NE(thrownMessage([&] { model->forward(x, torch::zeros({4, 3})); }).find("labels"), std::string::npos);
  const torch::Tensor outOfRange = torch::tensor({0, 1, 3, 1}, torch::kLong);
  EXPECT_NE(thrownMessage([&] { model->decodeImages(mu, outOfRange); }).find("class 3 is outside 0..2"),
            std::string::npos);
  EXPECT_NE(thrownMessage([&] { model->decode(mu, torch::tensor({-1, 0, 0, 0}, torch::kLong)); }).find("class -1"),
            std::string::npos);
  EXPECT_NE(thrownMessage([&] { model->decode(mu, torch::zeros({3}, torch::kLong)); }).find("one per row"),
            std::string::npos);
}

TEST_P(CvaeArchitectures, OnlyTheHeadsAndTheFirstDecoderLayerAreWider) {
  VaeConfig plainConfig = cvaeConfig(GetParam());
  plainConfig.kind = ModelKind::Vae;
  plainConfig.classCount = 0;
  Vae plain(plainConfig), cvae(cvaeConfig(GetParam()));
  const auto a = plain->named_parameters(), b = cvae->named_parameters();
  ASSERT_EQ(a.size(), b.size());
  int wider = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].key(), b[i].key());  // names are stable: a VAE checkpoint's names are a cvae's
    if (a[i].value().sizes() == b[i].value().sizes()) continue;
    ++wider;
    EXPECT_EQ(b[i].value().size(1), a[i].value().size(1) + kShapeClasses) << b[i].key();
  }
  EXPECT_EQ(wider, 3);  // mu.weight, logvar.weight, the decoder's first Linear weight
}

INSTANTIATE_TEST_SUITE_P(Architectures, CvaeArchitectures, ::testing::Values(Architecture::Mlp, Architecture::Conv));

TEST(CvaeModel, OtherKindsIgnoreLabels) {
  torch::manual_seed(2);
  Vae model(test::smallModel(3, 16));
  const torch::Tensor z = torch::randn({2, 3});
  EXPECT_TRUE(torch::equal(model->decodeImages(z), model->decodeImages(z, torch::tensor({0, 99}, torch::kLong))));
}

TEST(CvaeConfig, KindClassCountAndJson) {
  EXPECT_EQ(modelKindFromString("cvae"), ModelKind::Conditional);
  EXPECT_EQ(toString(ModelKind::Conditional), "cvae");
  VaeConfig c = cvaeConfig();
  const nlohmann::json j = c.toJson();
  EXPECT_EQ(j.at("kind"), "cvae");
  EXPECT_EQ(j.at("class_count"), kShapeClasses);
  const VaeConfig back = VaeConfig::fromJson(j);
  EXPECT_TRUE(back.isConditional());
  EXPECT_EQ(back.classCount, kShapeClasses);
  // Other kinds write no class count, and configs without one (all before issue 19) read as before.
  EXPECT_FALSE(test::smallModel().toJson().contains("class_count"));
  EXPECT_EQ(VaeConfig::fromJson(test::smallModel().toJson()).classCount, 0);

  c.classCount = 0;
  EXPECT_NE(thrownMessage([&] { c.validate(); }).find("a cvae needs a class count in 1..1000, got 0"),
            std::string::npos);
  VaeConfig plain = test::smallModel();
  plain.classCount = 3;
  EXPECT_NE(thrownMessage([&] { plain.validate(); }).find("only for a cvae"), std::string::npos);
  nlohmann::json missing = cvaeConfig().toJson();
  missing.erase("class_count");
  EXPECT_NE(thrownMessage([&] { VaeConfig::fromJson(missing); }).find("class count"), std::string::npos);
}

TEST(CvaeTraining, RefusesAnUnlabelledDataset) {
  DatasetSplit data = test::smallShapes(120);
  data.train.labels = torch::Tensor();
  data.test.labels = torch::Tensor();
  data.train.name = "plain pictures (train)";
  const std::string message =
      thrownMessage([&] { Trainer trainer(cvaeConfig(), test::smallTraining(1), std::move(data)); });
  EXPECT_NE(message.find("a cvae needs a labelled dataset; plain pictures (train) has no labels"), std::string::npos)
      << message;
}

TEST(CvaeTraining, TakesTheClassCountFromTheDataAndRefusesAnotherOne) {
  VaeConfig c = cvaeConfig();
  c.classCount = 0;  // as `train --kind cvae` passes it: the data decides
  Trainer trainer(c, test::smallTraining(1), test::smallShapes(120));
  EXPECT_EQ(trainer.modelConfig().classCount, kShapeClasses);
  EXPECT_EQ(trainer.model()->classCount(), kShapeClasses);
  c.classCount = 5;
  const std::string message = thrownMessage([&] { Trainer t(c, test::smallTraining(1), test::smallShapes(120)); });
  EXPECT_NE(message.find("set to 5 classes but"), std::string::npos) << message;
  EXPECT_NE(message.find("has 3"), std::string::npos) << message;
}

// Decoding one z as two classes gives two different images once the decoder has learnt what the label means (a
// decoder that ignored the label would give exactly the same image), and the image's own class reconstructs it better
// than another class does.
TEST(CvaeTraining, TheSameZDecodesDifferentlyPerClass) {
  // 300 steps at a brisk learning rate: a fraction of a second.
  TrainConfig training = test::smallTraining(/*epochs=*/10, /*batch=*/40);
  training.lr.lr = 3e-3;
  Trainer trainer(cvaeConfig(), training, test::smallShapes(1200));
  trainer.run();
  trainer.model()->eval();
  // The style of the first test images (their mu with their own class), decoded as each class.
  const Dataset& test = trainer.data().test;
  constexpr int64_t kImages = 60;
  const torch::Tensor x = test.floatImages(0, kImages);
  const torch::Tensor own = test.labels.slice(0, 0, kImages);
  torch::NoGradGuard noGrad;
  const torch::Tensor mu = trainer.model()->encode(x, own).first;
  const torch::Tensor asOwn = trainer.model()->decodeImages(mu, own);
  const double ownError = (asOwn - x).abs().mean().item<double>();
  for (int64_t shift = 1; shift < kShapeClasses; ++shift) {
    const torch::Tensor other = (own + shift).remainder(kShapeClasses);
    const torch::Tensor asOther = trainer.model()->decodeImages(mu, other);
    const double difference = (asOther - asOwn).abs().mean().item<double>();
    const double otherError = (asOther - x).abs().mean().item<double>();
    std::printf("class shifted by %lld: mean |difference| %.4f; error own class %.4f, other %.4f\n",
                static_cast<long long>(shift), difference, ownError, otherError);
    EXPECT_GT(difference, 0.005) << "the same z decodes alike as two classes";
    EXPECT_LT(ownError, otherError) << "the image's own class does not reconstruct it best";
  }
  // Progress images decode the fixed z as classes 0, 1, 2, ... in turn.
  ASSERT_EQ(trainer.history().epochImages.size(), 10u);
  EXPECT_EQ(trainer.history().epochImages.back().size(0), History::kProgressSamples);
}

// heldOutElbo scores each image with its own label: the same model scored with shuffled labels does worse.
TEST(CvaeTraining, HeldOutElboUsesTheImagesOwnLabels) {
  Trainer trainer(cvaeConfig(), test::smallTraining(/*epochs=*/2), test::smallShapes(600));
  trainer.run();
  const Dataset& test = trainer.data().test;
  const BatchNoiseFn noise = [](int64_t batch, int64_t rows) {
    return Trainer::evaluationNoise(/*seed=*/9, 0, batch, rows, 3);
  };
  const HeldOutElbo own = heldOutElbo(trainer.model(), test, noise, 64);
  Dataset wrong = test;
  wrong.labels = (test.labels + 1).remainder(kShapeClasses);
  const HeldOutElbo shifted = heldOutElbo(trainer.model(), wrong, noise, 64);
  EXPECT_LT(own.total, shifted.total);
  EXPECT_EQ(trainer.evaluate().testTotal, trainer.evaluate().testTotal);  // evaluate runs with labels, repeatably
  Dataset unlabelled = test;
  unlabelled.labels = torch::Tensor();
  EXPECT_NE(thrownMessage([&] { heldOutElbo(trainer.model(), unlabelled, noise, 64); }).find("labels"),
            std::string::npos);
  // encodeDataset (Explore's scatter, compare) encodes with labels too, and refuses without.
  EXPECT_EQ(encodeDataset(trainer.model(), test).mu.size(0), test.size());
  EXPECT_NE(thrownMessage([&] { encodeDataset(trainer.model(), unlabelled); }).find("has no labels"),
            std::string::npos);
}

TEST(CvaeCheckpoint, RoundTripsConfigAndWeights) {
  const fs::path path = fs::temp_directory_path() / ("cvae_roundtrip_" + std::to_string(::getpid()) + ".vaestudio");
  Trainer trainer(cvaeConfig(), test::smallTraining(1), test::smallShapes(120));
  trainer.run();
  Checkpoint::capture(trainer, "shapes:28:120").save(path.string());
  const Checkpoint loaded = Checkpoint::load(path.string());
  fs::remove(path);
  EXPECT_TRUE(loaded.modelConfig.isConditional());
  EXPECT_EQ(loaded.modelConfig.classCount, kShapeClasses);
  Vae model = loaded.makeModel();
  model->eval();
  trainer.model()->eval();
  const torch::Tensor z = torch::randn({4, 3});
  const torch::Tensor y = torch::tensor({2, 0, 1, 2}, torch::kLong);
  EXPECT_TRUE(torch::equal(model->decodeImages(z, y), trainer.model()->decodeImages(z, y)));
  // And it resumes: the data's classes agree with the checkpoint's.
  auto resumed = resumeTrainer(loaded, test::smallShapes(120), ResumeChanges{});
  EXPECT_EQ(resumed->modelConfig().classCount, kShapeClasses);
}

TEST(CvaeTraining, MixedPrecisionStepsWork) {
  TrainConfig t = test::smallTraining(1);
  t.precision = Precision::Bf16;
  Trainer trainer(cvaeConfig(Architecture::Conv), t, test::smallShapes(120));
  EXPECT_TRUE(trainer.step());
  EXPECT_TRUE(std::isfinite(trainer.history().steps.back().total));
}

TEST(CvaeLabels, CyclicLabelsCycleThroughTheClasses) {
  EXPECT_TRUE(torch::equal(cyclicClassLabels(7, 3), torch::tensor({0, 1, 2, 0, 1, 2, 0}, torch::kLong)));
}

}  // namespace
}  // namespace vae
