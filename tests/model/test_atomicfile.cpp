#include "model/atomicfile.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace vae {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("vae-atomic-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  void touch(const std::string& name, const std::string& bytes = "partial") const {
    std::ofstream(path(name), std::ios::binary) << bytes;
  }
  std::set<std::string> names() const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.insert(e.path().filename().string());
    return out;
  }

  fs::path dir_;
};

TEST_F(AtomicFileTest, WritesAndReplacesWithoutLeavingTempFiles) {
  writeFileAtomically(path("run.vaestudio"), "first");
  writeFileAtomically(path("run.vaestudio"), "second");
  EXPECT_EQ(readWholeFile(path("run.vaestudio")), "second");
  EXPECT_EQ(names(), std::set<std::string>{"run.vaestudio"});
}

// A writer killed mid-write (kill -9) leaves its temp file; the next write of the same target removes it.
TEST_F(AtomicFileTest, NextWriteRemovesTempFilesOfKilledWriters) {
  touch(".run.vaestudio.tmp-Ab12Cd");
  touch(".run.vaestudio.tmp-zz99zz");
  writeFileAtomically(path("run.vaestudio"), "saved");
  EXPECT_EQ(names(), std::set<std::string>{"run.vaestudio"});
  EXPECT_EQ(readWholeFile(path("run.vaestudio")), "saved");
}

// Only the target's own pattern is touched: other targets' temp files and look-alikes stay.
TEST_F(AtomicFileTest, LeavesOtherFilesAlone) {
  const std::set<std::string> others = {".other.vaestudio.tmp-Ab12Cd", ".run.vaestudio.tmp-toolong1",
                                        ".run.vaestudio.tmp-", "run.vaestudio.tmp-Ab12Cd", "notes.txt"};
  for (const std::string& name : others) touch(name);
  writeFileAtomically(path("run.vaestudio"), "saved");
  std::set<std::string> expected = others;
  expected.insert("run.vaestudio");
  EXPECT_EQ(names(), expected);
}

// A temp file whose writer is alive (it holds the lock) is another save in progress: not removed.
TEST_F(AtomicFileTest, KeepsTheTempFileOfALiveWriter) {
  touch(".run.vaestudio.tmp-Live01");
  const int fd = ::open(path(".run.vaestudio.tmp-Live01").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  writeFileAtomically(path("run.vaestudio"), "saved");
  EXPECT_TRUE(fs::exists(path(".run.vaestudio.tmp-Live01")));
  ::close(fd);  // the writer "dies": its lock goes with it
  writeFileAtomically(path("run.vaestudio"), "again");
  EXPECT_EQ(names(), std::set<std::string>{"run.vaestudio"});
}

// Writers of one target racing each other never remove each other's temp files: every write succeeds,
// the target is always one complete version, and nothing is left over.
TEST_F(AtomicFileTest, ConcurrentWritersOfOneTargetAllSucceed) {
  // Writes per thread: enough for the cleanup of one to overlap the others' writes many times.
  constexpr int kWrites = 200;
  constexpr int kThreads = 4;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string content(4096, static_cast<char>('a' + t));
      for (int i = 0; i < kWrites; ++i) {
        try {
          writeFileAtomically(path("run.vaestudio"), content);
          const std::string read = readWholeFile(path("run.vaestudio"));
          if (read.size() != content.size() || read.find_first_not_of(read[0]) != std::string::npos) ++failures;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(names(), std::set<std::string>{"run.vaestudio"});
}

}  // namespace
}  // namespace vae
