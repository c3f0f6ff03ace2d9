#include "model/datasetloaders.h"
#include "model/distributed.h"
#include "model/trainer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

namespace vae {
namespace {

DistributedConfig rankConfig(int rank, int port, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  DistributedConfig c;
  c.worldSize = 2;
  c.rank = rank;
  c.masterPort = port;
  c.timeout = timeout;
  return c;
}

// Rank 0's store binds port 0, so the kernel picks a free port while binding it, and hands that port to
// rank 1: no other process can take it in between (as it could a port probed free and bound later).
class Rendezvous {
 public:
  DistributedConfig rank0(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    DistributedConfig c = rankConfig(0, 0, timeout);
    c.onListening = [this](int port) { port_.set_value(port); };
    return c;
  }
  // Waits until rank 0 listens (rank 0 runs on another thread), then connects to its port.
  DistributedConfig rank1(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    // A hang guard only: rank 0 listens as soon as its constructor runs.
    if (port_future_.wait_for(std::chrono::seconds(60)) != std::future_status::ready)
      throw std::runtime_error("rank 0 never listened");
    return rankConfig(1, port_future_.get(), timeout);
  }

 private:
  std::promise<int> port_;
  std::shared_future<int> port_future_ = port_.get_future().share();
};

DatasetSplit data() {
  ShapesOptions o;
  o.count = 1200;  // 1000 training images: a short last global batch (1000 = 7 x 128 + 104)
  return makeShapes(o);
}

VaeConfig model() {
  VaeConfig c;
  c.hiddenSizes = {64};
  c.latentDim = 4;
  return c;
}

TrainConfig training(int64_t batch) {
  TrainConfig t;
  t.batchSize = batch;
  t.epochs = 2;
  t.seed = 11;
  return t;
}

// The equivalence: 2 ranks x batch 64 give the parameters of 1 process x batch 128 (same seed,
// same data order), including the short last batch of each epoch.
TEST(Distributed, TwoRanksOfHalfBatchesEqualOneProcess) {
  Trainer single(model(), training(128), data());
  const int64_t steps = single.stepsPerEpoch() + 3;  // through an epoch end and into the next epoch
  for (int64_t i = 0; i < steps; ++i) {
    if (!single.step()) single.runEpoch();
  }

  // Trainers are built here, one after the other: their seeded weight init uses the global generator.
  Trainer rank0(model(), training(64), data()), rank1(model(), training(64), data());
  Rendezvous rendezvous;
  auto runRank = [&](Trainer& trainer, int rank) {
    trainer.setProcessGroup(std::make_shared<ProcessGroup>(rank == 0 ? rendezvous.rank0() : rendezvous.rank1()));
    for (int64_t i = 0; i < steps; ++i) {
      if (!trainer.step()) trainer.runEpoch();
    }
  };
  std::thread other([&] { runRank(rank1, 1); });
  runRank(rank0, 0);
  other.join();

  ASSERT_EQ(rank0.stepsPerEpoch(), single.stepsPerEpoch());
  ASSERT_EQ(rank0.globalStep(), single.globalStep());
  const auto a = single.model()->parameters(), b = rank0.model()->parameters(), c = rank1.model()->parameters();
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(torch::allclose(a[i], b[i], /*rtol=*/1e-4, /*atol=*/1e-5)) << "parameter " << i;
    EXPECT_TRUE(torch::equal(b[i], c[i])) << "ranks disagree on parameter " << i;
  }
  // README "Scaling out": the codes both models give the test set differ by at most 1e-5.
  {
    torch::NoGradGuard noGrad;
    const torch::Tensor x = single.data().test.floatImages(0, single.data().test.size());
    const double worst = (single.model()->encode(x).first - rank0.model()->encode(x).first).abs().max().item<double>();
    EXPECT_LE(worst, 1e-5) << "max |codes difference|";
  }
  // The reported losses are the global batch's.
  EXPECT_NEAR(rank0.history().steps.back().total, single.history().steps.back().total, 1e-3);
  EXPECT_EQ(rank1.history().steps.back().total, rank0.history().steps.back().total);
}

// cancel() on one rank stops every rank at the same step, so their checkpoints agree.
TEST(Distributed, CancelOnOneRankStopsAllTogether) {
  Trainer rank0(model(), training(64), data()), rank1(model(), training(64), data());
  Rendezvous rendezvous;
  rank1.onStep = [&](const StepRecord& r) {
    if (r.step == 3) rank1.cancel();
  };
  std::thread other([&] {
    rank1.setProcessGroup(std::make_shared<ProcessGroup>(rendezvous.rank1()));
    rank1.run();
  });
  rank0.setProcessGroup(std::make_shared<ProcessGroup>(rendezvous.rank0()));
  EXPECT_FALSE(rank0.run());
  other.join();
  EXPECT_EQ(rank0.globalStep(), 4);
  EXPECT_EQ(rank1.globalStep(), 4);
}

// A rank that never arrives: the others give up after the timeout with a message naming themselves.
TEST(Distributed, MissingRankTimesOutWithAClearError) {
  const auto started = std::chrono::steady_clock::now();
  try {
    ProcessGroup group(Rendezvous().rank0(std::chrono::seconds(2)));
    FAIL() << "connected without rank 1";
  } catch (const DistributedError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("rank 0 of 2"), std::string::npos) << what;
    EXPECT_NE(what.find("cannot connect"), std::string::npos) << what;
  }
  // A hang guard, not a speed test: the 2 s timeout must end the wait at all.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
}

// A rank that goes away mid-run: the survivor's next step fails promptly instead of hanging.
TEST(Distributed, LostRankFailsTheNextStep) {
  Trainer rank0(model(), training(64), data()), rank1(model(), training(64), data());
  Rendezvous rendezvous;
  std::thread other([&] {
    auto group = std::make_shared<ProcessGroup>(rendezvous.rank1());
    rank1.setProcessGroup(group);
    rank1.step();
    rank1.setProcessGroup(nullptr);  // drops the last reference: its connections close
  });
  rank0.setProcessGroup(std::make_shared<ProcessGroup>(rendezvous.rank0(std::chrono::seconds(10))));
  rank0.step();
  other.join();
  EXPECT_THROW(
      {
        for (int i = 0; i < 5; ++i) rank0.step();
      },
      DistributedError);
}

// Rank 0's seed wins; a rank whose batch size differs is refused with a message, not a gloo abort.
TEST(Distributed, RanksAdoptRankZerosSeedAndRefuseOtherShapes) {
  TrainConfig other = training(64);
  other.seed = 99;
  Trainer rank0(model(), training(64), data()), rank1(model(), other, data());
  Rendezvous first;
  std::thread t([&] { rank1.setProcessGroup(std::make_shared<ProcessGroup>(first.rank1())); });
  rank0.setProcessGroup(std::make_shared<ProcessGroup>(first.rank0()));
  t.join();
  EXPECT_EQ(rank1.trainConfig().seed, 11u);
  EXPECT_TRUE(torch::equal(rank0.model()->parameters()[0], rank1.model()->parameters()[0]));

  Trainer a(model(), training(64), data()), b(model(), training(32), data());
  Rendezvous second;
  std::string error;
  std::thread u([&] {
    try {
      b.setProcessGroup(std::make_shared<ProcessGroup>(second.rank1(std::chrono::seconds(5))));
    } catch (const DistributedError& e) {
      error = e.what();
    }
  });
  try {
    a.setProcessGroup(std::make_shared<ProcessGroup>(second.rank0(std::chrono::seconds(5))));
  } catch (const DistributedError&) {
    // rank 0 notices when rank 1 leaves the next broadcast
  }
  u.join();
  EXPECT_NE(error.find("rank 1 of 2: batch size 32 differs from rank 0's 64"), std::string::npos) << error;
}

TEST(Distributed, ConfigFromTheEnvironment) {
  ::unsetenv("WORLD_SIZE");
  EXPECT_FALSE(DistributedConfig::fromEnvironment().has_value());
  ::setenv("WORLD_SIZE", "4", 1);
  ::setenv("RANK", "3", 1);
  ::setenv("MASTER_ADDR", "10.0.0.5", 1);
  ::setenv("MASTER_PORT", "29600", 1);
  const auto c = DistributedConfig::fromEnvironment();
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->worldSize, 4);
  EXPECT_EQ(c->rank, 3);
  EXPECT_EQ(c->masterAddr, "10.0.0.5");
  EXPECT_EQ(c->masterPort, 29600);
  ::setenv("RANK", "4", 1);
  EXPECT_THROW(DistributedConfig::fromEnvironment(), DistributedError);
  ::setenv("RANK", "x", 1);
  EXPECT_THROW(DistributedConfig::fromEnvironment(), DistributedError);
  for (const char* v : {"WORLD_SIZE", "RANK", "MASTER_ADDR", "MASTER_PORT"}) ::unsetenv(v);
}

}  // namespace
}  // namespace vae
