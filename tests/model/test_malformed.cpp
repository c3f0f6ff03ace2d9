// The malformed-input corpus (tests/malformed/cases.tsv) against the model library's loaders, in-process:
// every bad IDX / CIFAR-10 / checkpoint file fails with the loader's own error type and one line that
// names the file, loading them over and over does not grow memory, and a declared size of 10^12 items is
// refused before anything is allocated.
#include "model/checkpoint.h"
#include "model/dataset.h"
#include "model/datasetloaders.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>
#include "tests/support/process.h"

namespace fs = std::filesystem;

namespace {

const std::string kMalformedDir = VAE_MALFORMED_DIR;
// Loads of every bad file of a kind before measuring: lazily initialised torch state, allocator pools
// and the like settle in these.
constexpr int kWarmUpRounds = 20;
// Loads of every bad file of a kind while measuring.
constexpr int kMeasuredRounds = 200;
// Resident memory may wander by allocator noise, but not by anything that grows per load: 200 rounds of a
// leak as small as 20 bytes per file would already exceed this.
constexpr long kMaxGrowthBytes = 4L << 20;
// Address space granted above what the process already has while a huge declared size is parsed: far below
// the 10^12 bytes declared, plenty for reading a 20-byte file.
constexpr rlim_t kHeadroomBytes = 256UL << 20;

struct Case {
  std::string name, kind, input, as, command, expect, names;
};

std::vector<Case> readCases() {
  std::ifstream in(kMalformedDir + "/cases.tsv");
  std::vector<Case> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("name\t", 0) == 0) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, '\t')) f.push_back(field);
    if (f.size() != 7) throw std::runtime_error("cases.tsv: bad line: " + line);
    cases.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6]});
  }
  return cases;
}

// The committed corpus cases of a kind. CIFAR-10 cases name their batch after "@cifar:".
std::vector<Case> committedCases(const std::string& kind) {
  std::vector<Case> out;
  for (Case c : readCases()) {
    if (c.kind != kind) continue;
    if (c.input.rfind("@cifar:", 0) == 0) c.input = c.input.substr(7);
    if (c.input.rfind("corpus/", 0) != 0) continue;
    // A CIFAR-10 spec of a plain file is the directory loader's case, not a batch's.
    if (kind == "cifar" && c.names != "{in}/data_batch_1.bin") continue;
    c.input = kMalformedDir + "/" + c.input;
    out.push_back(c);
  }
  return out;
}

const std::string kGoodImages = kMalformedDir + "/corpus/good-images.idx3";
const std::string kGoodNpyImages = kMalformedDir + "/corpus/good-images.npy";

// Loads one case's input with its loader; throws what the loader throws.
void load(const Case& c) {
  if (c.kind == "idx") vae::loadIdx(c.input);
  else if (c.kind == "idx-labels") vae::loadIdx(kGoodImages, c.input);
  else if (c.kind == "cifar") vae::loadCifar10Batch(c.input);
  else if (c.kind == "npy") vae::loadNpy(c.input);
  else if (c.kind == "npy-labels") vae::loadNpy(kGoodNpyImages, c.input);
  else if (c.kind == "npz") vae::loadNpz(c.input);
  else if (c.kind == "checkpoint") vae::Checkpoint::load(c.input);
  else throw std::logic_error("no loader for kind " + c.kind);
}

// The error message of load(c), checking the exception type the kind's loader promises.
std::string errorOf(const Case& c) {
  try {
    load(c);
  } catch (const vae::DatasetError& e) {
    EXPECT_NE(c.kind, "checkpoint") << c.name << ": a checkpoint threw DatasetError";
    return e.what();
  } catch (const vae::CheckpointError& e) {
    EXPECT_EQ(c.kind, "checkpoint") << c.name << ": a dataset threw CheckpointError";
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << c.name << ": threw a plain " << typeid(e).name() << ": " << e.what();
    return e.what();
  }
  ADD_FAILURE() << c.name << ": " << c.input << " loaded without an error";
  return {};
}

// The file the message must name: the case's input, or for a CIFAR-10 case the batch itself.
std::string namedFile(const Case& c) { return c.input; }

void expectOneLineNamingTheFile(const std::vector<Case>& cases, size_t atLeast) {
  ASSERT_GE(cases.size(), atLeast) << "the corpus lost cases";
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string message = errorOf(c);
    EXPECT_EQ(message.rfind(namedFile(c), 0), 0u) << "must start with the file: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    EXPECT_NE(message.find(c.expect), std::string::npos) << "expected '" << c.expect << "' in: " << message;
  }
}


// A line of /proc/self/status in bytes ("VmHWM:", "VmSize:").
long statusBytes(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(key.size())) * 1024;
  return -1;
}

void expectNoGrowth(const std::vector<Case>& cases) {
  ASSERT_FALSE(cases.empty());
  if (!vae::test::kRssIsMeaningful) GTEST_SKIP() << vae::test::kRssSkipReason;
  auto roundOfAll = [&] {
    for (const Case& c : cases) {
      try {
        load(c);
      } catch (const std::exception&) {
      }
    }
  };
  for (int i = 0; i < kWarmUpRounds; ++i) roundOfAll();
  const long before = vae::test::residentBytes();
  ASSERT_GT(before, 0);
  for (int i = 0; i < kMeasuredRounds; ++i) roundOfAll();
  const long growth = vae::test::residentBytes() - before;
  std::printf("RSS growth over %d rounds of %zu files: %ld bytes\n", kMeasuredRounds, cases.size(), growth);
  EXPECT_LT(growth, kMaxGrowthBytes) << cases.size() << " files x " << kMeasuredRounds << " rounds grew RSS by "
                                     << growth << " bytes";
}

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    std::random_device rd;
    path_ = (fs::temp_directory_path() / ("vae-malformed-" + std::to_string(::getpid()) + "-" +
                                          std::to_string(rd()) + ".idx3")).string();
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string bigEndian32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

// Runs fn with the address space capped at what the process maps now plus kHeadroomBytes, so any attempt to
// allocate the declared size fails (std::bad_alloc) instead of succeeding lazily.
template <typename Fn>
void withAddressSpaceCap(Fn fn) {
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_AS, &old), 0);
  const long mapped = statusBytes("VmSize:");
  ASSERT_GT(mapped, 0);
  rlimit capped = old;
  capped.rlim_cur = static_cast<rlim_t>(mapped) + kHeadroomBytes;
  ASSERT_EQ(::setrlimit(RLIMIT_AS, &capped), 0);
  fn();
  ASSERT_EQ(::setrlimit(RLIMIT_AS, &old), 0);
}

}  // namespace

TEST(MalformedIdx, EveryBadImagesFileFailsWithOneLineNamingIt) {
  expectOneLineNamingTheFile(committedCases("idx"), 14);
}

TEST(MalformedIdx, EveryBadLabelsFileFailsWithOneLineNamingIt) {
  expectOneLineNamingTheFile(committedCases("idx-labels"), 6);
}

TEST(MalformedCifar, EveryBadBatchFailsWithOneLineNamingIt) {
  expectOneLineNamingTheFile(committedCases("cifar"), 4);
}

TEST(MalformedNpy, EveryBadArrayFileFailsWithOneLineNamingIt) {
  expectOneLineNamingTheFile(committedCases("npy"), 13);
  expectOneLineNamingTheFile(committedCases("npy-labels"), 3);
}

TEST(MalformedNpz, EveryBadArchiveFailsWithOneLineNamingIt) { expectOneLineNamingTheFile(committedCases("npz"), 11); }

TEST(MalformedNpy, LoadingBadFilesRepeatedlyDoesNotGrowMemory) {
  std::vector<Case> cases = committedCases("npy");
  for (const char* kind : {"npy-labels", "npz"})
    for (const Case& c : committedCases(kind)) cases.push_back(c);
  expectNoGrowth(cases);
}

// Declared sizes of 4·10^15 bytes (.npy) and 4 GB from a few hundred compressed bytes (.npz) are refused under the
// address-space cap: nothing the size of the declaration is allocated.
TEST(MalformedNpy, HugeDeclaredSizesAreRefusedUnderAnAddressSpaceCap) {
  std::vector<Case> huge;
  for (const char* kind : {"npy", "npz"})
    for (const Case& c : committedCases(kind)) if (c.as == "aslimit") huge.push_back(c);
  ASSERT_GE(huge.size(), 2u);
  vae::loadNpy(kGoodNpyImages);
  withAddressSpaceCap([&] {
    for (const Case& c : huge) {
      SCOPED_TRACE(c.name);
      const std::string message = errorOf(c);
      EXPECT_NE(message.find(c.expect), std::string::npos) << message;
    }
  });
}

TEST(MalformedCheckpoint, EveryBadCheckpointFailsWithOneLineNamingIt) {
  expectOneLineNamingTheFile(committedCases("checkpoint"), 15);
}

TEST(MalformedIdx, LoadingBadFilesRepeatedlyDoesNotGrowMemory) {
  std::vector<Case> cases = committedCases("idx");
  for (const Case& c : committedCases("idx-labels")) cases.push_back(c);
  expectNoGrowth(cases);
}

TEST(MalformedCifar, LoadingBadBatchesRepeatedlyDoesNotGrowMemory) { expectNoGrowth(committedCases("cifar")); }

TEST(MalformedCheckpoint, LoadingBadCheckpointsRepeatedlyDoesNotGrowMemory) {
  expectNoGrowth(committedCases("checkpoint"));
}

// 10^6 images of 1000x1000 = 10^12 bytes declared in a 20-byte file: refused from the header with the address
// space capped far below the declared size, and the peak resident size does not move.
TEST(MalformedIdx, TeraItemHeaderIsRefusedBeforeAnyAllocation) {
  const TempFile file(bigEndian32(0x803) + bigEndian32(1000000) + bigEndian32(1000) + bigEndian32(1000) +
                      std::string(4, '\0'));
  // Everything lazily set up by a first load happens before the peak is read.
  try {
    vae::loadIdx(kGoodImages);
  } catch (...) {
  }
  const long peakBefore = statusBytes("VmHWM:");
  ASSERT_GT(peakBefore, 0);
  std::string message;
  withAddressSpaceCap([&] {
    try {
      vae::loadIdx(file.path());
      ADD_FAILURE() << "a 10^12-byte header loaded";
    } catch (const vae::DatasetError& e) {
      message = e.what();
    } catch (const std::bad_alloc&) {
      ADD_FAILURE() << "the loader tried to allocate the declared size";
    }
  });
  EXPECT_EQ(message, file.path() + ": truncated: header says 1000000 images of 1000x1000 but file holds 4 bytes "
                                   "of pixel data (expected 1000000000000)");
  EXPECT_LT(statusBytes("VmHWM:") - peakBefore, 1L << 20) << "the peak resident size grew";
}

// The committed files with the largest declared sizes (4294967295 images of 1000x1000, raw and gzip, and
// 4294967295 labels) fail the same way under the cap.
TEST(MalformedIdx, HugeDeclaredCountsAreRefusedUnderAnAddressSpaceCap) {
  std::vector<Case> huge;
  for (const Case& c : committedCases("idx")) if (c.as == "aslimit") huge.push_back(c);
  for (const Case& c : committedCases("idx-labels")) if (c.as == "aslimit") huge.push_back(c);
  ASSERT_GE(huge.size(), 3u);
  try {
    vae::loadIdx(kGoodImages);
  } catch (...) {
  }
  withAddressSpaceCap([&] {
    for (const Case& c : huge) {
      SCOPED_TRACE(c.name);
      const std::string message = errorOf(c);
      EXPECT_NE(message.find(c.expect), std::string::npos) << message;
    }
  });
}
