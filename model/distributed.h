#pragma once

#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace vae {

// Something went wrong between the ranks of a data-parallel run; what() is one line naming this rank.
class DistributedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a rank finds the others. The conventional torchrun variables fill it: WORLD_SIZE, RANK,
// MASTER_ADDR, MASTER_PORT.
struct DistributedConfig {
  int worldSize = 1;
  int rank = 0;
  std::string masterAddr = "127.0.0.1";
  // 0 on rank 0: the kernel picks a free port as the store binds it, and onListening says which (the
  // other ranks need it). Asking the kernel beats probing for a free port and binding it later, which
  // another process can take in between.
  int masterPort = 29500;
  // Rank 0 only: called with the store's port once it listens, before the other ranks are waited for.
  std::function<void(int port)> onListening;
  // Bounds connecting and every collective. Longer than anything rank 0 does alone (evaluation and
  // checkpoint writes at an epoch end), short enough that a dead peer is noticed.
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};

  // From WORLD_SIZE / RANK / MASTER_ADDR / MASTER_PORT; nullopt when WORLD_SIZE is unset. Throws
  // DistributedError for malformed values.
  static std::optional<DistributedConfig> fromEnvironment();
  // Throws DistributedError unless 1 <= worldSize, 0 <= rank < worldSize, 1 <= port <= 65535 (0 allowed on
  // rank 0).
  void validate() const;
};

// LibTorch's own c10d process group with the gloo backend over TCP (rank 0 hosts the rendezvous store).
// The c10d headers stay inside distributed.cpp, out of everything else's compile.
class ProcessGroup {
 public:
  // Connects to the other ranks; throws DistributedError when they do not all arrive within the timeout.
  explicit ProcessGroup(const DistributedConfig& config);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const { return config_.rank; }
  int worldSize() const { return config_.worldSize; }
  // The rendezvous port (the one the kernel chose when the config asked for 0).
  int masterPort() const { return config_.masterPort; }

  // Rank root's values into every rank's tensors (in place, same shapes everywhere).
  void broadcast(std::vector<torch::Tensor>& tensors, int root = 0);
  // Element-wise sum over all ranks, in place, as one collective (one bucket).
  void allReduceSum(torch::Tensor& flat);
  void barrier();
  // Wall time spent in allReduceSum so far (for `vae-studio bench --distributed`).
  double allReduceSeconds() const { return allReduceSeconds_; }
  int64_t allReduceCount() const { return allReduceCount_; }

 private:
  [[noreturn]] void fail(const std::string& what, const std::exception& e) const;

  DistributedConfig config_;
  double allReduceSeconds_ = 0;
  int64_t allReduceCount_ = 0;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vae
