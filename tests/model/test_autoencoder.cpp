// Issue 18: the plain autoencoder beside the VAE. A deterministic code z = f(x), no logvar head, a loss of
// reconstruction only; checkpoints of both kinds round-trip and old ones (no "kind") load as VAEs.
#include "model/checkpoint.h"
#include "model/elbo.h"
#include "model/latenttools.h"
#include "model/resume.h"
#include "model/trainer.h"
#include "model/vae.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

#include <unistd.h>

#include "tests/support/smallrun.h"

namespace vae {
namespace {

namespace fs = std::filesystem;

VaeConfig autoencoderConfig(Architecture architecture) {
  VaeConfig c = test::smallModel(/*latent=*/3, /*hidden=*/32);
  c.kind = ModelKind::Autoencoder;
  c.architecture = architecture;
  c.convChannels = {4, 8};
  c.convHidden = 24;
  return c;
}

class AutoencoderArchitectures : public ::testing::TestWithParam<Architecture> {};

TEST_P(AutoencoderArchitectures, EncodesDeterministically) {
  torch::manual_seed(3);
  Vae model(autoencoderConfig(GetParam()));
  const torch::Tensor x = torch::rand({4, 1, 28, 28});
  const auto [z1, logvar] = model->encode(x);
  const torch::Tensor z2 = model->encode(x).first;
  EXPECT_FALSE(logvar.defined());  // no variance, not a made-up one
  EXPECT_EQ(z1.sizes(), (std::vector<int64_t>{4, 3}));
  EXPECT_TRUE(torch::equal(z1, z2));
  // forward ignores eps: the same z and logits whatever noise it is given.
  const auto a = model->forward(x, torch::zeros({4, 3}));
  const auto b = model->forward(x, 5.0 * torch::randn({4, 3}));
  EXPECT_TRUE(torch::equal(a.z, b.z));
  EXPECT_TRUE(torch::equal(a.z, z1));
  EXPECT_TRUE(torch::equal(a.mu, a.z));
  EXPECT_TRUE(torch::equal(a.logits, b.logits));
  EXPECT_FALSE(a.logvar.defined());
  EXPECT_EQ(a.logits.sizes(), x.sizes());
}

TEST_P(AutoencoderArchitectures, HasNoLogvarParameters) {
  Vae autoencoder(autoencoderConfig(GetParam()));
  VaeConfig vaeConfig = autoencoderConfig(GetParam());
  vaeConfig.kind = ModelKind::Vae;
  Vae vae(vaeConfig);
  int64_t logvarTensors = 0;
  for (const auto& p : autoencoder->named_parameters()) logvarTensors += p.key().rfind("logvar", 0) == 0 ? 1 : 0;
  EXPECT_EQ(logvarTensors, 0);
  // The VAE has exactly one head (weight + bias) more; everything else is shared in shape and name.
  EXPECT_EQ(vae->named_parameters().size(), autoencoder->named_parameters().size() + 2);
  EXPECT_TRUE(vae->named_parameters().contains("logvar.weight"));
  for (const auto& p : autoencoder->named_parameters())
    EXPECT_EQ(vae->named_parameters()[p.key()].sizes(), p.value().sizes()) << p.key();
}

INSTANTIATE_TEST_SUITE_P(Architectures, AutoencoderArchitectures,
                         ::testing::Values(Architecture::Mlp, Architecture::Conv));

TEST(AutoencoderLoss, IsReconstructionOnlyForAnyBeta) {
  const torch::Tensor logits = torch::randn({5, 12});
  const torch::Tensor x = torch::rand({5, 12});
  const torch::Tensor mu = 3.0 * torch::randn({5, 4});  // far from the prior: a VAE would pay for it
  for (double beta : {0.0, 1.0, 7.5}) {
    const ElboTerms t = negativeElbo(logits, x, mu, torch::Tensor(), Likelihood::Bernoulli, beta);
    EXPECT_EQ(t.kl.item<double>(), 0.0) << beta;
    EXPECT_EQ(t.total.item<double>(), t.recon.item<double>()) << beta;
    ASSERT_EQ(t.klPerDim.sizes(), (std::vector<int64_t>{4}));
    EXPECT_TRUE(torch::equal(t.klPerDim, torch::zeros({4})));
    const ElboTerms withKl = negativeElbo(logits, x, mu, torch::zeros({5, 4}), Likelihood::Bernoulli, beta);
    EXPECT_DOUBLE_EQ(withKl.recon.item<double>(), t.recon.item<double>());  // the same reconstruction term
  }
  const ElboTerms gaussian = negativeElbo(logits, x, mu, torch::Tensor(), Likelihood::Gaussian, 2.0, 0.2);
  EXPECT_EQ(gaussian.total.item<double>(), gaussian.recon.item<double>());
  EXPECT_TRUE(torch::equal(klElementwise(mu, torch::Tensor()), torch::zeros({5, 4})));
}

TEST(AutoencoderLoss, EncodedDatasetHasNoLogvarAndZeroKl) {
  Vae model(autoencoderConfig(Architecture::Mlp));
  const DatasetSplit data = test::smallShapes(120);
  const EncodedDataset codes = encodeDataset(model, data.test, /*batchSize=*/7);
  EXPECT_EQ(codes.mu.size(0), data.test.size());
  EXPECT_FALSE(codes.logvar.defined());
  EXPECT_TRUE(torch::equal(klPerDimension(codes), torch::zeros({3}, codes.mu.options())));
  EXPECT_EQ(rankDimensionsByKl(codes).size(), 3u);
}

TEST(AutoencoderTraining, ReducesTheReconstructionLoss) {
  TrainConfig training = test::smallTraining(/*epochs=*/3);
  training.lr.lr = 3e-3;
  training.beta.beta = 4.0;  // no effect: nothing to weigh
  Trainer trainer(autoencoderConfig(Architecture::Mlp), training, test::smallShapes());
  ASSERT_TRUE(trainer.run());
  const auto& steps = trainer.history().steps;
  ASSERT_GT(steps.size(), 20u);
  double first = 0, last = 0;
  for (size_t i = 0; i < 5; ++i) {
    first += steps[i].recon;
    last += steps[steps.size() - 1 - i].recon;
  }
  EXPECT_LT(last, 0.8 * first);
  for (const StepRecord& s : steps) {
    EXPECT_EQ(s.kl, 0.0);
    EXPECT_EQ(s.total, s.recon);
  }
  for (const EpochRecord& e : trainer.history().epochs) {
    EXPECT_EQ(e.testKl, 0.0);
    EXPECT_EQ(e.testTotal, e.testRecon);
  }
}

TEST(AutoencoderTraining, MixedPrecisionStepsWork) {
  TrainConfig training = test::smallTraining(/*epochs=*/1);
  training.precision = Precision::Bf16;
  Trainer trainer(autoencoderConfig(Architecture::Mlp), training, test::smallShapes(120));
  EXPECT_TRUE(trainer.step());
  EXPECT_EQ(trainer.history().steps.back().kl, 0.0);
}

class AutoencoderCheckpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vae-ae-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(AutoencoderCheckpoint, BothKindsRoundTrip) {
  for (ModelKind kind : {ModelKind::Vae, ModelKind::Autoencoder}) {
    VaeConfig config = autoencoderConfig(Architecture::Mlp);
    config.kind = kind;
    Trainer trainer(config, test::smallTraining(/*epochs=*/2), test::smallShapes(120));
    trainer.runEpoch();
    const std::string file = path(toString(kind) + ".vaestudio");
    Checkpoint::capture(trainer, "shapes:28:120").save(file);
    const Checkpoint c = Checkpoint::load(file);
    EXPECT_EQ(c.modelConfig.kind, kind);
    EXPECT_EQ(c.modelConfig.toJson(), trainer.modelConfig().toJson());
    Vae restored = c.makeModel();
    EXPECT_EQ(restored->isAutoencoder(), kind == ModelKind::Autoencoder);
    const auto ours = trainer.model()->named_parameters();
    const auto theirs = restored->named_parameters();
    ASSERT_EQ(ours.size(), theirs.size());
    for (const auto& p : ours) EXPECT_TRUE(torch::equal(p.value(), theirs[p.key()])) << p.key();
    // Resuming keeps the kind: it comes from the checkpoint, and nothing in ResumeChanges can change it.
    auto resumed = resumeTrainer(c, test::smallShapes(120), ResumeChanges{});
    EXPECT_EQ(resumed->modelConfig().kind, kind);
    EXPECT_TRUE(resumed->runEpoch());
  }
}

TEST(AutoencoderConfig, KindIsSerialisedAndOldConfigsAreVaes) {
  VaeConfig c = autoencoderConfig(Architecture::Conv);
  nlohmann::json j = c.toJson();
  EXPECT_EQ(j.at("kind"), "autoencoder");
  EXPECT_EQ(VaeConfig::fromJson(j).kind, ModelKind::Autoencoder);
  EXPECT_EQ(VaeConfig{}.toJson().at("kind"), "vae");
  j.erase("kind");  // as every checkpoint before issue 18 wrote it
  EXPECT_EQ(VaeConfig::fromJson(j).kind, ModelKind::Vae);
  j["kind"] = "gan";
  EXPECT_THROW(VaeConfig::fromJson(j), std::invalid_argument);
}

TEST(AutoencoderConfig, KindNames) {
  EXPECT_EQ(modelKindFromString("vae"), ModelKind::Vae);
  EXPECT_EQ(modelKindFromString("ae"), ModelKind::Autoencoder);
  EXPECT_EQ(modelKindFromString("autoencoder"), ModelKind::Autoencoder);
  EXPECT_EQ(toString(ModelKind::Vae), "vae");
  EXPECT_EQ(toString(ModelKind::Autoencoder), "autoencoder");
  try {
    modelKindFromString("xyz");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("xyz"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace vae
