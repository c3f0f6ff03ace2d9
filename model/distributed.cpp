#include "model/distributed.h"

#include "model/errortext.h"
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <cstdlib>

namespace vae {

namespace {

int envInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  if (!value || !*value) return fallback;
  char* end = nullptr;
  const long v = std::strtol(value, &end, 10);
  if (*end != '\0') throw DistributedError(std::string(name) + "='" + value + "' is not an integer");
  return static_cast<int>(v);
}
}  // namespace

std::optional<DistributedConfig> DistributedConfig::fromEnvironment() {
  const char* world = std::getenv("WORLD_SIZE");
  if (!world || !*world) return std::nullopt;
  DistributedConfig c;
  c.worldSize = envInt("WORLD_SIZE", 1);
  c.rank = envInt("RANK", 0);
  if (const char* addr = std::getenv("MASTER_ADDR"); addr && *addr) c.masterAddr = addr;
  c.masterPort = envInt("MASTER_PORT", c.masterPort);
  c.validate();
  return c;
}

void DistributedConfig::validate() const {
  if (worldSize < 1) throw DistributedError("world size must be at least 1, got " + std::to_string(worldSize));
  if (rank < 0 || rank >= worldSize)
    throw DistributedError("rank must be in 0.." + std::to_string(worldSize - 1) + ", got " + std::to_string(rank));
  if (masterPort < (rank == 0 ? 0 : 1) || masterPort > 65535)
    throw DistributedError("master port must be 1..65535 (or 0 on rank 0: any free port), got " +
                           std::to_string(masterPort));
  if (masterAddr.empty()) throw DistributedError("no master address");
}

struct ProcessGroup::Impl {
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
};

void ProcessGroup::fail(const std::string& what, const std::exception& e) const {
  throw DistributedError("rank " + std::to_string(config_.rank) + " of " + std::to_string(config_.worldSize) + ": " +
                         what + ": " + firstLine(e.what()));
}

ProcessGroup::ProcessGroup(const DistributedConfig& config) : config_(config), impl_(std::make_unique<Impl>()) {
  config_.validate();
  try {
    c10d::TCPStoreOptions options;
    options.port = static_cast<uint16_t>(config_.masterPort);
    options.isServer = config_.rank == 0;
    options.numWorkers = config_.worldSize;
    options.waitWorkers = false;  // the process group's own rendezvous waits, with its timeout
    options.timeout = config_.timeout;
    auto tcp = c10::make_intrusive<c10d::TCPStore>(config_.masterAddr, options);
    config_.masterPort = tcp->getPort();
    if (config_.rank == 0 && config_.onListening) config_.onListening(config_.masterPort);
    impl_->store = c10::make_intrusive<c10d::PrefixStore>("vae-studio", tcp);
    auto groupOptions = c10d::ProcessGroupGloo::Options::create(config_.timeout);
    // Loopback for one machine; the master's interface is reachable from every rank otherwise.
    const bool local = config_.masterAddr == "127.0.0.1" || config_.masterAddr == "localhost";
    groupOptions->devices.push_back(local ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                          : c10d::ProcessGroupGloo::createDefaultDevice());
    impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, config_.rank, config_.worldSize,
                                                                groupOptions);
  } catch (const std::exception& e) {
    fail("cannot connect to the other ranks at " + config_.masterAddr + ":" + std::to_string(config_.masterPort) +
             " within " + std::to_string(config_.timeout.count() / 1000) + " s",
         e);
  }
}

ProcessGroup::~ProcessGroup() = default;

void ProcessGroup::broadcast(std::vector<torch::Tensor>& tensors, int root) {
  try {
    c10d::BroadcastOptions options;
    options.rootRank = root;
    for (torch::Tensor& t : tensors) {
      std::vector<torch::Tensor> one{t};
      impl_->group->broadcast(one, options)->wait();
    }
  } catch (const std::exception& e) {
    fail("broadcast from rank " + std::to_string(root) + " failed (a rank stopped or lost the connection)", e);
  }
}

void ProcessGroup::allReduceSum(torch::Tensor& flat) {
  try {
    const auto started = std::chrono::steady_clock::now();
    std::vector<torch::Tensor> one{flat};
    impl_->group->allreduce(one)->wait();
    allReduceSeconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ++allReduceCount_;
  } catch (const std::exception& e) {
    fail("gradient all-reduce failed (a rank stopped or lost the connection)", e);
  }
}

void ProcessGroup::barrier() {
  try {
    impl_->group->barrier()->wait();
  } catch (const std::exception& e) {
    fail("barrier failed (a rank stopped or lost the connection)", e);
  }
}

}  // namespace vae
