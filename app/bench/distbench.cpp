#include "app/bench/distbench.h"

#include "app/cli/clicommon.h"
#include "app/core/folderdataset.h"
#include "model/distributed.h"
#include "model/trainer.h"
#include "model/jsonint.h"

#include <QCoreApplication>
#include <QProcess>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace vae {

namespace {
constexpr int64_t kWarmupSteps = 20;
constexpr int kWorkerTimeoutMs = 10 * 60 * 1000;

struct WorkerResult {
  int64_t images = 0;
  double seconds = 0, allReduceSeconds = 0;
  int64_t steps = 0;
};

// Rank 0's store binds port 0 and its worker prints the port the kernel chose as its first line; the other
// workers are started on it (a port probed free and bound later could be taken in between).
int awaitListeningPort(QProcess& rank0) {
  while (!rank0.canReadLine())
    if (!rank0.waitForReadyRead(kWorkerTimeoutMs))
      throw CliError("the rank 0 benchmark worker never listened: " +
                         QString::fromLocal8Bit(rank0.readAllStandardError()).trimmed().toStdString(),
                     kExitFailure);
  return static_cast<int>(jsonInt(nlohmann::json::parse(rank0.readLine().toStdString()).at("listening_port")));
}

// Runs worldSize workers of this binary at once and sums what they report.
WorkerResult runWorkers(const DistributedBenchOptions& o, int worldSize) {
  int port = 0;
  std::vector<std::unique_ptr<QProcess>> workers;
  for (int rank = 0; rank < worldSize; ++rank) {
    auto process = std::make_unique<QProcess>();
    process->setProgram(QCoreApplication::applicationFilePath());
    process->setArguments({QStringLiteral("bench"), QStringLiteral("--dist-worker"),
                           QStringLiteral("%1,%2,%3").arg(worldSize).arg(rank).arg(port), QStringLiteral("--data"),
                           o.dataSpec, QStringLiteral("--steps"), QString::number(o.steps),
                           QStringLiteral("--batch"), QString::number(o.batch)});
    process->setProcessChannelMode(QProcess::SeparateChannels);
    process->start();
    if (rank == 0 && worldSize > 1) port = awaitListeningPort(*process);
    workers.push_back(std::move(process));
  }
  WorkerResult total;
  for (auto& process : workers) {
    if (!process->waitForFinished(kWorkerTimeoutMs) || process->exitStatus() != QProcess::NormalExit ||
        process->exitCode() != 0)
      throw CliError("a benchmark worker failed: " +
                         QString::fromLocal8Bit(process->readAllStandardError()).trimmed().toStdString(),
                     kExitFailure);
    const auto j = nlohmann::json::parse(process->readAllStandardOutput().toStdString());
    total.images += jsonInt(j.at("images"));
    total.steps = jsonInt(j.at("steps"));
    total.seconds = std::max(total.seconds, j.at("seconds").get<double>());
    total.allReduceSeconds = std::max(total.allReduceSeconds, j.at("allreduce_seconds").get<double>());
  }
  return total;
}
}  // namespace

int runDistributedBenchWorker(const DistributedBenchOptions& o, int worldSize, int rank, int port) {
  torch::set_num_threads(1);
  DatasetSplit data = loadDatasetSpecWithFolders(o.dataSpec.toStdString());
  VaeConfig model;  // the classic 784-400-20 shape on whatever images the data has
  model.channels = data.train.channels();
  model.height = data.train.height();
  model.width = data.train.width();
  TrainConfig config;
  config.batchSize = o.batch;
  config.epochs = 1'000'000;
  Trainer trainer(model, config, std::move(data));
  if (worldSize > 1) {
    DistributedConfig d;
    d.worldSize = worldSize;
    d.rank = rank;
    d.masterPort = port;  // 0 on rank 0: see awaitListeningPort
    d.onListening = [](int listening) {
      printJsonLine({{"listening_port", listening}});
      std::fflush(stdout);
    };
    trainer.setProcessGroup(std::make_shared<ProcessGroup>(d));
  }
  // Epoch ends (rank 0 evaluates while the others wait) stay out of the timing, as in `bench`.
  auto stepOnce = [&] {
    while (!trainer.step()) trainer.runEpoch();
  };
  for (int64_t i = 0; i < kWarmupSteps; ++i) stepOnce();
  const double reduceBefore = trainer.processGroup() ? trainer.processGroup()->allReduceSeconds() : 0;
  double seconds = 0;
  int64_t images = 0;
  for (int64_t i = 0; i < o.steps; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const int64_t before = trainer.globalStep();
    stepOnce();
    if (trainer.globalStep() == before + 1) seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    images += o.batch;
  }
  const double reduce = trainer.processGroup() ? trainer.processGroup()->allReduceSeconds() - reduceBefore : 0;
  printJsonLine({{"rank", rank},
                 {"world_size", worldSize},
                 {"steps", o.steps},
                 {"images", images},
                 {"seconds", seconds},
                 {"allreduce_seconds", reduce}});
  return kExitOk;
}

int runDistributedBench(const DistributedBenchOptions& o) {
  const WorkerResult one = runWorkers(o, 1);
  const WorkerResult two = runWorkers(o, 2);
  const double ips1 = static_cast<double>(one.images) / one.seconds;
  const double ips2 = static_cast<double>(two.images) / two.seconds;
  const double stepMs1 = 1000.0 * one.seconds / static_cast<double>(one.steps);
  const double stepMs2 = 1000.0 * two.seconds / static_cast<double>(two.steps);
  const double reduceMs = 1000.0 * two.allReduceSeconds / static_cast<double>(two.steps);
  if (o.json) {
    printJsonLine({{"images_per_second_1_process", ips1},
                   {"images_per_second_2_processes", ips2},
                   {"speedup", ips2 / ips1},
                   {"step_ms_1_process", stepMs1},
                   {"step_ms_2_processes", stepMs2},
                   {"allreduce_ms_per_step", reduceMs},
                   {"batch_per_process", o.batch},
                   {"steps", o.steps},
                   {"threads_per_process", 1},
                   {"data", o.dataSpec.toStdString()}});
    return kExitOk;
  }
  std::printf("vae-studio bench --distributed: classic VAE, batch %lld per process, 1 thread each, on %s\n",
              static_cast<long long>(o.batch), o.dataSpec.toUtf8().constData());
  std::printf("  1 process     %10s images/s   %6.2f ms/step\n", groupThousands(static_cast<int64_t>(ips1)).c_str(), stepMs1);
  std::printf("  2 processes   %10s images/s   %6.2f ms/step   speedup %.2fx\n",
              groupThousands(static_cast<int64_t>(ips2)).c_str(), stepMs2, ips2 / ips1);
  std::printf("  all-reduce (gloo, loopback, 652 824 floats + losses)  %.2f ms/step\n", reduceMs);
  return kExitOk;
}

}  // namespace vae
