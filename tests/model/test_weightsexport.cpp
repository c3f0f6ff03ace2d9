#include "model/weightsexport.h"

#include "model/atomicfile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <fstream>

#include <sys/resource.h>
#include <unistd.h>

namespace vae {
namespace {

namespace fs = std::filesystem;

using Shape = std::vector<int64_t>;

VaeConfig classicConfig() { return VaeConfig{}; }  // the defaults are the example's 784-400-20

VaeConfig autoencoder(VaeConfig c) {
  c.kind = ModelKind::Autoencoder;
  return c;
}

// A cvae of three classes.
VaeConfig conditional(VaeConfig c) {
  c.kind = ModelKind::Conditional;
  c.classCount = 3;
  return c;
}

VaeConfig convConfig() {
  VaeConfig c;
  c.architecture = Architecture::Conv;
  c.channels = 3;
  c.height = 16;
  c.width = 12;
  c.latentDim = 6;
  c.convChannels = {4, 8};
  c.convHidden = 24;
  return c;
}

class WeightsExport : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(7);
    dir_ = fs::temp_directory_path() / ("vae-weights-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(WeightsExport, ClassicMlpGetsTheExampleNamesAndShapes) {
  Vae model(classicConfig());
  ASSERT_TRUE(isClassicMlp(model->config()));
  const std::vector<std::pair<std::string, Shape>> expected = {
      {"fc1.weight", {400, 784}}, {"fc1.bias", {400}}, {"fc21.weight", {20, 400}}, {"fc21.bias", {20}},
      {"fc22.weight", {20, 400}}, {"fc22.bias", {20}}, {"fc3.weight", {400, 20}},  {"fc3.bias", {400}},
      {"fc4.weight", {784, 400}}, {"fc4.bias", {784}}};
  const auto entries = stateDictEntries(model);
  ASSERT_EQ(entries.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(entries[i].first, expected[i].first);
    EXPECT_EQ(entries[i].second.sizes().vec(), expected[i].second) << expected[i].first;
  }
}

TEST_F(WeightsExport, ClassicNamesCarryTheMatchingWeights) {
  Vae model(classicConfig());
  auto ours = model->named_parameters();
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"fc1.weight", "encoder.1.weight"}, {"fc21.bias", "mu.bias"}, {"fc22.weight", "logvar.weight"},
      {"fc3.weight", "decoder.0.weight"}, {"fc4.bias", "decoder.2.bias"}};
  const auto entries = stateDictEntries(model);
  for (const auto& [classic, own] : pairs) {
    auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == classic; });
    ASSERT_NE(it, entries.end()) << classic;
    EXPECT_TRUE(torch::equal(it->second, ours[own])) << classic << " vs " << own;
  }
}

TEST_F(WeightsExport, OtherArchitecturesKeepOurModuleNames) {
  VaeConfig deepMlp;
  deepMlp.hiddenSizes = {64, 32};
  for (const VaeConfig& config : {convConfig(), deepMlp}) {
    Vae model(config);
    EXPECT_FALSE(isClassicMlp(config));
    auto params = model->named_parameters();
    const auto entries = stateDictEntries(model);
    ASSERT_EQ(entries.size(), params.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      EXPECT_EQ(entries[i].first, params[i].key());
      EXPECT_TRUE(torch::equal(entries[i].second, params[i].value())) << entries[i].first;
    }
  }
  Vae conv(convConfig());
  const auto entries = stateDictEntries(conv);
  EXPECT_EQ(entries.front().first, "encoder.0.weight");
  EXPECT_EQ(entries.front().second.sizes().vec(), (Shape{4, 3, 4, 4}));
  EXPECT_EQ(entries.back().first, "decoder.7.bias");
  EXPECT_EQ(entries.back().second.sizes().vec(), (Shape{3}));
}

TEST_F(WeightsExport, EntriesAreDetachedFloatCopies) {
  Vae model(classicConfig());
  model->to(torch::kDouble);
  const auto entries = stateDictEntries(model);
  for (const auto& [name, t] : entries) {
    EXPECT_EQ(t.scalar_type(), torch::kFloat) << name;
    EXPECT_FALSE(t.requires_grad()) << name;
    EXPECT_TRUE(t.is_contiguous()) << name;
  }
  entries[0].second.zero_();
  EXPECT_GT(model->named_parameters()["encoder.1.weight"].abs().sum().item<double>(), 0);
}

TEST_F(WeightsExport, SavedStateDictRoundTripsThroughPickleLoad) {
  for (const VaeConfig& config : {classicConfig(), convConfig()}) {
    Vae model(config);
    const std::string file = path("weights.pt");
    saveStateDict(model, file);
    const std::string bytes = readWholeFile(file);
    const c10::IValue loaded = torch::pickle_load(std::vector<char>(bytes.begin(), bytes.end()));
    ASSERT_TRUE(loaded.isGenericDict());
    const c10::Dict<c10::IValue, c10::IValue> dict = loaded.toGenericDict();
    const auto entries = stateDictEntries(model);
    ASSERT_EQ(dict.size(), entries.size());
    size_t i = 0;
    for (const auto& item : dict) {  // insertion order is kept
      EXPECT_EQ(item.key().toStringRef(), entries[i].first);
      EXPECT_TRUE(torch::equal(item.value().toTensor(), entries[i].second)) << entries[i].first;
      ++i;
    }
  }
}

TEST_F(WeightsExport, UnwritablePathThrowsWithThePath) {
  Vae model(classicConfig());
  std::ofstream(path("plain-file")) << "x";
  // Under a regular file and in a missing directory: both fail for root too.
  for (const std::string& bad : {path("plain-file/weights.pt"), path("missing/weights.pt"), dir_.string()}) {
    for (int json = 0; json < 2; ++json) {
      try {
        json ? saveArchitectureJson(model, bad) : saveStateDict(model, bad);
        FAIL() << bad << " was written";
      } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
      }
    }
  }
}

TEST_F(WeightsExport, FailedSaveLeavesTheOldFileIntact) {
  Vae model(classicConfig());
  const std::string target = path("weights.pt");
  std::ofstream(target) << "old weights";

  // A file-size limit below the state_dict's ~2.6 MB makes write() fail part-way (EFBIG), like a full disk.
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  EXPECT_THROW(saveStateDict(model, target), std::runtime_error);
  ::setrlimit(RLIMIT_FSIZE, &old);

  EXPECT_EQ(readWholeFile(target), "old weights");
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1) << "the temp file must be removed";
}

TEST_F(WeightsExport, ArchitectureJsonHasConfigNamesAndShapes) {
  Vae model(convConfig());
  const std::string file = path("weights.json");
  saveArchitectureJson(model, file, "my weights.pt");
  const nlohmann::json j = nlohmann::json::parse(readWholeFile(file));
  EXPECT_EQ(j.at("format"), "vae-studio-weights");
  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("config"), convConfig().toJson());
  EXPECT_EQ(j.at("classic_mlp"), false);
  EXPECT_EQ(j.at("decoder_output"), "logits");
  EXPECT_EQ(j.at("state_dict_file"), "my weights.pt");
  const auto entries = stateDictEntries(model);
  ASSERT_EQ(j.at("parameters").size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(j["parameters"][i].at("name"), entries[i].first);
    EXPECT_EQ(j["parameters"][i].at("shape").get<Shape>(), entries[i].second.sizes().vec());
  }
  const std::string python = j.at("python");
  EXPECT_NE(python.find("nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1"), std::string::npos) << python;
  EXPECT_NE(python.find("torch.load(\"my weights.pt\")"), std::string::npos) << python;
}

TEST_F(WeightsExport, ClassicJsonCarriesTheExampleClass) {
  Vae model(classicConfig());
  const nlohmann::json j = architectureJson(model);
  EXPECT_EQ(j.at("classic_mlp"), true);
  EXPECT_EQ(j.at("parameters")[0].at("name"), "fc1.weight");
  const std::string python = j.at("python");
  EXPECT_NE(python.find("model = VAE(784, 400, 20)"), std::string::npos) << python;
  EXPECT_NE(python.find("torch.load(\"weights.pt\")"), std::string::npos) << python;
}

// Issue 18: an autoencoder exports without a logvar head (fc22 for the classic MLP); its Python class encodes
// to one deterministic code and its forward returns (reconstruction, code).
TEST_F(WeightsExport, AutoencoderHasNoLogvarHeadInTheStateDictOrTheClass) {
  for (const VaeConfig& config : {autoencoder(classicConfig()), autoencoder(convConfig())}) {
    Vae model(config);
    const nlohmann::json j = architectureJson(model);
    EXPECT_EQ(j.at("config").at("kind"), "autoencoder");
    for (const auto& [name, tensor] : stateDictEntries(model)) {
      EXPECT_EQ(name.find("fc22"), std::string::npos) << name;
      EXPECT_EQ(name.find("logvar"), std::string::npos) << name;
    }
    const std::string python = j.at("python");
    EXPECT_EQ(python.find("logvar("), std::string::npos) << python;
    EXPECT_EQ(python.find("self.fc22"), std::string::npos) << python;
    EXPECT_NE(python.find("def forward(self, x):"), std::string::npos) << python;
    EXPECT_NE(python.find("return self.decode(z), z"), std::string::npos) << python;
  }
  Vae classic(autoencoder(classicConfig()));
  EXPECT_EQ(stateDictEntries(classic).size(), 8u);  // fc1, fc21, fc3, fc4 (.weight, .bias)
  EXPECT_NE(architectureJson(classic).at("python").get<std::string>().find("model = Autoencoder(784, 400, 20)"),
            std::string::npos);
}

// A cvae keeps a VAE's module names (never the example's fc names: that class takes no label); only the heads and
// the decoder's first Linear are classCount inputs wider, and the program's class takes the label.
TEST_F(WeightsExport, ConditionalVaeKeepsVaeNamesWithWiderInputs) {
  Vae plain(classicConfig()), cvae(conditional(classicConfig()));
  EXPECT_FALSE(isClassicMlp(cvae->config()));
  const auto vaeEntries = stateDictEntries(plain);
  const auto cvaeEntries = stateDictEntries(cvae);
  ASSERT_EQ(cvaeEntries.size(), vaeEntries.size());
  const std::map<std::string, Shape> wider = {
      {"mu.weight", {20, 403}}, {"logvar.weight", {20, 403}}, {"decoder.0.weight", {400, 23}}};
  for (size_t i = 0; i < cvaeEntries.size(); ++i) {
    const auto& [name, tensor] = cvaeEntries[i];
    EXPECT_EQ(name.find("fc"), std::string::npos) << name;
    const auto it = wider.find(name);
    if (it != wider.end())
      EXPECT_EQ(tensor.sizes().vec(), it->second) << name;
    else
      EXPECT_EQ(tensor.sizes().vec(), vaeEntries[i].second.sizes().vec()) << name;
  }
  const std::string python = architectureJson(cvae).at("python").get<std::string>();
  EXPECT_NE(python.find("class VaeStudioConditionalVae"), std::string::npos) << python;
  EXPECT_NE(python.find("def decode(self, z, y)"), std::string::npos) << python;
  EXPECT_NE(python.find("F.one_hot(y, 3)"), std::string::npos) << python;
}

// Writes text rows (one per line, space-separated) with enough digits to round-trip float32.
void writeRows(const std::string& file, const torch::Tensor& rows) {
  std::ofstream out(file);
  const torch::Tensor r = rows.reshape({rows.size(0), -1}).contiguous();
  const auto a = r.accessor<float, 2>();
  char buf[32];
  for (int64_t i = 0; i < a.size(0); ++i) {
    for (int64_t k = 0; k < a.size(1); ++k) {
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(a[i][k]));
      out << (k ? " " : "") << buf;
    }
    out << '\n';
  }
  ASSERT_TRUE(out.good()) << file;
}

// The fixture for tests/model/check_weights.py: PREFIX.pt, PREFIX.json, PREFIX.z.txt and PREFIX.expected.txt
// (sigmoid of the C++ decoder's logits for those z). ctest runs this with VAE_WEIGHTS_FIXTURE_DIR set; on its
// own it writes into a temp dir and checks that the files appear.
TEST_F(WeightsExport, WritesPythonFixture) {
  // The number of z rows decoded per model.
  constexpr int64_t kRows = 5;
  const char* env = std::getenv("VAE_WEIGHTS_FIXTURE_DIR");
  const fs::path out = env && *env ? fs::path(env) : dir_;
  fs::create_directories(out);
  for (const auto& [name, config] :
       {std::pair{"classic", classicConfig()}, std::pair{"conv", convConfig()},
        std::pair{"classic_ae", autoencoder(classicConfig())}, std::pair{"conv_ae", autoencoder(convConfig())},
        std::pair{"mlp_cvae", conditional(classicConfig())}, std::pair{"conv_cvae", conditional(convConfig())}}) {
    Vae model(config);
    model->eval();
    const std::string prefix = (out / name).string();
    saveStateDict(model, prefix + ".pt");
    saveArchitectureJson(model, prefix + ".json", std::string(name) + ".pt");
    const torch::Tensor z = 1.5 * torch::randn({kRows, config.latentDim});
    writeRows(prefix + ".z.txt", z);
    // A cvae decodes each row as its own class: classes 0, 1, 2, ... in turn.
    const torch::Tensor y = config.isConditional() ? cyclicClassLabels(kRows, config.classCount) : torch::Tensor();
    writeRows(prefix + ".expected.txt", model->decodeImages(z, y));
    for (const char* ext : {".pt", ".json", ".z.txt", ".expected.txt"})
      EXPECT_GT(fs::file_size(prefix + ext), 0u) << prefix << ext;
    if (config.isConditional()) {
      // The cvae's classes and mu, for check_weights.py's decode(z, y) and encode(x, y).
      const torch::Tensor x = torch::rand({kRows, config.channels, config.height, config.width});
      torch::NoGradGuard noGrad;
      writeRows(prefix + ".y.txt", y.to(torch::kFloat).unsqueeze(1));
      writeRows(prefix + ".x.txt", x);
      writeRows(prefix + ".code.txt", model->encode(x, y).first);
      continue;
    }
    if (!config.isAutoencoder()) continue;
    // An autoencoder's code, for check_weights.py to compare with the Python class's encode and forward.
    const torch::Tensor x = torch::rand({kRows, config.channels, config.height, config.width});
    torch::NoGradGuard noGrad;
    writeRows(prefix + ".x.txt", x);
    writeRows(prefix + ".code.txt", model->encode(x).first);
  }
}

}  // namespace
}  // namespace vae
