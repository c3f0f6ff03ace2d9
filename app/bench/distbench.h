#pragma once

#include <QString>

namespace vae {

struct DistributedBenchOptions {
  QString dataSpec;  // any loadDatasetSpecWithFolders spec
  int64_t steps = 200;
  int64_t batch = 128;  // per process
  bool json = false;
};

// `vae-studio bench --distributed`: training images/s of the classic VAE with 1 process and with 2
// processes (1 torch thread each, batch 128 per process, c10d/gloo on loopback), and the all-reduce
// time per step. Each configuration runs as child processes of this binary (the hidden worker mode
// below), measured in the same run so the ratio is meaningful on a noisy machine.
int runDistributedBench(const DistributedBenchOptions& options);

// The worker: one rank, warm-up, then `steps` timed steps; prints one JSON line
// {rank, world_size, steps, images, seconds, allreduce_seconds}.
int runDistributedBenchWorker(const DistributedBenchOptions& options, int worldSize, int rank, int port);

}  // namespace vae
