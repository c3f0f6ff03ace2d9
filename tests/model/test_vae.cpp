#include "model/vae.h"

#include <gtest/gtest.h>

namespace vae {
namespace {

struct ShapeCase {
  Architecture arch;
  int64_t c, h, w, latent;
};

class VaeShapes : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(VaeShapes, EncodeDecodeForwardHaveTheRightShapes) {
  const ShapeCase p = GetParam();
  VaeConfig cfg;
  cfg.architecture = p.arch;
  cfg.channels = p.c;
  cfg.height = p.h;
  cfg.width = p.w;
  cfg.latentDim = p.latent;
  cfg.hiddenSizes = {64};
  cfg.convChannels = {8, 16};
  cfg.convHidden = 32;
  Vae model(cfg);
  torch::Tensor x = torch::rand({3, p.c, p.h, p.w});
  auto [mu, logvar] = model->encode(x);
  EXPECT_EQ(mu.sizes(), (std::vector<int64_t>{3, p.latent}));
  EXPECT_EQ(logvar.sizes(), (std::vector<int64_t>{3, p.latent}));
  torch::Tensor images = model->decodeImages(torch::randn({5, p.latent}));
  EXPECT_EQ(images.sizes(), (std::vector<int64_t>{5, p.c, p.h, p.w}));
  EXPECT_TRUE(torch::all(images >= 0).item<bool>() && torch::all(images <= 1).item<bool>());
  auto out = model->forward(x, torch::zeros({3, p.latent}));
  EXPECT_TRUE(torch::allclose(out.z, out.mu));  // eps = 0 -> z = mu
  EXPECT_EQ(out.logits.sizes(), x.sizes());
}

INSTANTIATE_TEST_SUITE_P(Architectures, VaeShapes,
                         ::testing::Values(ShapeCase{Architecture::Mlp, 1, 28, 28, 20},
                                           ShapeCase{Architecture::Mlp, 3, 32, 32, 2},
                                           ShapeCase{Architecture::Mlp, 1, 10, 7, 256},
                                           ShapeCase{Architecture::Conv, 1, 28, 28, 20},
                                           ShapeCase{Architecture::Conv, 3, 32, 32, 8},
                                           ShapeCase{Architecture::Conv, 1, 64, 64, 2}));

TEST(Vae, ClassicMlpHasTheClassicParameterCount) {
  Vae model{VaeConfig{}};  // 784-400-(20,20)-400-784
  int64_t count = 0;
  for (const auto& p : model->parameters()) count += p.numel();
  EXPECT_EQ(count, (784 * 400 + 400) + 2 * (400 * 20 + 20) + (20 * 400 + 400) + (400 * 784 + 784));
}

TEST(VaeConfig, RejectsBadShapes) {
  VaeConfig c;
  c.latentDim = 1;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c.latentDim = 257;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c.latentDim = 2;
  EXPECT_NO_THROW(c.validate());
  c.architecture = Architecture::Conv;
  c.height = 30;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  EXPECT_THROW(Vae{c}, std::invalid_argument);
}

TEST(VaeConfig, JsonRoundTrip) {
  VaeConfig c;
  c.architecture = Architecture::Conv;
  c.channels = 3;
  c.height = c.width = 32;
  c.latentDim = 33;
  c.likelihood = Likelihood::Gaussian;
  c.gaussianSigma = 0.2;
  VaeConfig r = VaeConfig::fromJson(c.toJson());
  EXPECT_EQ(r.toJson(), c.toJson());
  EXPECT_THROW(VaeConfig::fromJson(nlohmann::json{{"architecture", "mlp"}}), std::invalid_argument);
}

}  // namespace
}  // namespace vae
