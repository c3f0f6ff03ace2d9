#pragma once

#include <QString>

#include <cstdint>
#include <string>

#include "model/precision.h"
#include "model/vaeconfig.h"

namespace vae {

// The training timed steps of `vae-studio bench` (the default): a bit under one Fashion-MNIST epoch.
inline constexpr int64_t kTrainBenchDefaultSteps = 300;

struct TrainBenchOptions {
  std::string dataSpec;
  Architecture architecture = Architecture::Mlp;
  int64_t steps = kTrainBenchDefaultSteps;
  int threads = 1;
  Precision precision = Precision::Fp32;  // Auto is resolved like a run's (resolvePrecision)
  bool json = false;
  // Another OpenBLAS kernel to run the same training under, in a child process (e.g. "Prescott"): the
  // images/s ratio of the two is the speed-up the kernel choice buys. Empty: none.
  QString compareKernel;
  // A child's job: only the training figures (no decode latency, baseline loop or GEMM rates).
  bool trainOnly = false;
};

// Training throughput and its share of the GEMM peak, decode latency and the plain LibTorch loop, measured in
// one process (see `bench --help`). Returns the exit code.
int runTrainBench(const TrainBenchOptions& options);

// The sgemm peak alone, as one JSON line: what a child process run with another OPENBLAS_CORETYPE reports.
int runSgemmBench(int threads);

}  // namespace vae
