// Replays the fuzz seed corpus and every crasher the fuzzers found (tests/fuzz/corpus/<target>/,
// tests/fuzz/regressions/<target>/) through the same harnesses the fuzz executables run, in the normal
// build: no input may escape with anything but the loader's documented exception (with a one-line
// "PATH: reason" message). Seeds named valid-* must load and near-* must be refused.
#include "fuzz_harnesses.h"
#include "npyseeds.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using vae::fuzz::Outcome;

namespace {

using Harness = Outcome (*)(const uint8_t*, size_t);

std::vector<fs::path> inputsOf(const std::string& kind, const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(VAE_FUZZ_SOURCE_DIR) / kind / target;
  if (!fs::is_directory(dir)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename().string().rfind('.', 0) != 0) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<uint8_t> bytesOf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void replay(const std::string& target, Harness run) {
  const std::vector<fs::path> seeds = inputsOf("corpus", target);
  ASSERT_FALSE(seeds.empty()) << "no seed corpus for " << target;
  std::vector<fs::path> all = seeds;
  const std::vector<fs::path> regressions = inputsOf("regressions", target);
  all.insert(all.end(), regressions.begin(), regressions.end());
  for (const fs::path& file : all) {
    SCOPED_TRACE(file.string());
    const std::vector<uint8_t> input = bytesOf(file);
    Outcome outcome = Outcome::Rejected;
    ASSERT_NO_THROW(outcome = run(input.data(), input.size()));
    const std::string name = file.filename().string();
    if (name.rfind("valid-", 0) == 0) {
      EXPECT_EQ(outcome, Outcome::Loaded) << "a valid seed was refused";
    }
    if (name.rfind("near-", 0) == 0) {
      EXPECT_EQ(outcome, Outcome::Rejected) << "a near-valid input was accepted";
    }
  }
}

}  // namespace

TEST(FuzzReplay, Idx) { replay("idx", vae::fuzz::runIdx); }
TEST(FuzzReplay, Cifar10) { replay("cifar10", vae::fuzz::runCifar10); }
TEST(FuzzReplay, Checkpoint) { replay("checkpoint", vae::fuzz::runCheckpoint); }
TEST(FuzzReplay, Presets) { replay("presets", vae::fuzz::runPresets); }
TEST(FuzzReplay, ImageFolder) { replay("imagefolder", vae::fuzz::runImageFolder); }
TEST(FuzzReplay, Npy) { replay("npy", vae::fuzz::runNpy); }
TEST(FuzzReplay, Npz) { replay("npz", vae::fuzz::runNpz); }

// The committed npy/npz seeds are what make_corpus writes (npyseeds.h): a changed builder shows here.
TEST(FuzzReplay, NpySeedsAreCommittedAsBuilt) {
  for (const auto& [target, seeds] : {std::pair{"npy", vae::fuzz::npySeeds()}, std::pair{"npz", vae::fuzz::npzSeeds()}})
    for (const auto& [name, bytes] : seeds)
      EXPECT_EQ(bytesOf(fs::path(VAE_FUZZ_SOURCE_DIR) / "corpus" / target / name), bytes) << target << "/" << name;
}
