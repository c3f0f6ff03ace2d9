// vae-studio bench: how fast this machine trains and decodes, and how close training gets to the
// machine's GEMM peak. Everything is measured in one process so the numbers are comparable.
#include <torch/torch.h>

#include <QCommandLineParser>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "app/benchsupport.h"
#include "app/clicommon.h"
#include "app/distbench.h"
#include "app/explorebench.h"
#include "app/folderdataset.h"
#include "app/guibench.h"
#include "app/soakbench.h"
#include "model/datasetloaders.h"
#include "model/elbo.h"
#include "model/trainer.h"

namespace vae {

namespace {

using Clock = std::chrono::steady_clock;

// Square sgemm size for the peak: large enough to be compute-bound, small enough to run in ~0.1 s.
constexpr int64_t kGemmSize = 1024;
constexpr int kGemmWarmups = 2;
constexpr int kGemmRepetitions = 10;
// Training steps run before timing: first steps pay for allocation and OpenMP start-up.
constexpr int64_t kTrainWarmupSteps = 20;
constexpr int64_t kDefaultSteps = 300;  // a bit under one Fashion-MNIST epoch (469 steps at batch 128)
// The classic VAE of the PyTorch example: 784-400-20, batch 128, Adam 1e-3.
constexpr int64_t kBenchLatent = 20;
constexpr int64_t kBenchHidden = 400;
constexpr int64_t kBenchBatch = 128;
constexpr double kBenchLr = 1e-3;
// Decoder latency: one z (a slider move) and a 20x20 grid (the grid view), as the GUI decodes them.
constexpr int kDecodeOneRepetitions = 1000;
constexpr int64_t kGridSide = 20;
constexpr int kDecodeGridRepetitions = 200;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Best GFLOP/s of a 1024^3 float matrix product: the ceiling any GEMM-bound training can reach.
double sgemmPeakGflops() {
  torch::NoGradGuard noGrad;
  const torch::Tensor a = torch::randn({kGemmSize, kGemmSize});
  const torch::Tensor b = torch::randn({kGemmSize, kGemmSize});
  torch::Tensor c = torch::empty({kGemmSize, kGemmSize});
  for (int i = 0; i < kGemmWarmups; ++i) torch::mm_out(c, a, b);
  double best = 0;
  const double flops = 2.0 * kGemmSize * kGemmSize * kGemmSize;
  for (int i = 0; i < kGemmRepetitions; ++i) {
    const auto start = Clock::now();
    torch::mm_out(c, a, b);
    best = std::max(best, flops / secondsSince(start) / 1e9);
  }
  return best;
}

// Forward flops of each GEMM-like layer for a batch, in forward order (first = the layer reading x).
// Convolutions count every kernel tap (padding taps included): a 4x4 kernel is 16 MACs per output.
std::vector<double> forwardLayerFlops(const VaeConfig& m, int64_t batch) {
  std::vector<double> layers;
  const double b = static_cast<double>(batch);
  auto linear = [&](int64_t in, int64_t out) { layers.push_back(2.0 * b * in * out); };
  const int64_t latent = m.latentDim;
  if (m.architecture == Architecture::Mlp) {
    int64_t in = m.imageNumel();
    for (int64_t h : m.hiddenSizes) {
      linear(in, h);
      in = h;
    }
    linear(in, 2 * latent);  // the mu and logvar heads
    int64_t dIn = latent;
    for (auto it = m.hiddenSizes.rbegin(); it != m.hiddenSizes.rend(); ++it) {
      linear(dIn, *it);
      dIn = *it;
    }
    linear(dIn, m.imageNumel());
    return layers;
  }
  constexpr double kTaps = 4.0 * 4.0;  // 4x4 kernels, stride 2 (see VaeImpl)
  const int64_t c1 = m.convChannels[0], c2 = m.convChannels[1];
  const double half = static_cast<double>(m.height / 2) * static_cast<double>(m.width / 2);
  const double quarter = static_cast<double>(m.height / 4) * static_cast<double>(m.width / 4);
  const int64_t mapSize = c2 * (m.height / 4) * (m.width / 4);
  layers.push_back(2.0 * b * half * c1 * m.channels * kTaps);  // conv C -> c1, output H/2 x W/2
  layers.push_back(2.0 * b * quarter * c2 * c1 * kTaps);       // conv c1 -> c2, output H/4 x W/4
  linear(mapSize, m.convHidden);
  linear(m.convHidden, 2 * latent);
  linear(latent, m.convHidden);
  linear(m.convHidden, mapSize);
  layers.push_back(2.0 * b * quarter * c2 * c1 * kTaps);       // transposed conv c2 -> c1 (per input pixel)
  layers.push_back(2.0 * b * half * c1 * m.channels * kTaps);  // transposed conv c1 -> C
  return layers;
}

// GEMM flops of one training step: the forward pass, the weight gradients of every layer (as much
// again) and the input gradients of every layer but the first (nothing needs the gradient of x).
double trainStepFlops(const VaeConfig& m, int64_t batch) {
  const std::vector<double> layers = forwardLayerFlops(m, batch);
  double forward = 0;
  for (double f : layers) forward += f;
  return 3.0 * forward - layers.front();
}

// The straightforward LibTorch loop the Trainer is compared with, on the same model shape and data:
// torch::optim::Adam and autograd with nothing fused. Returns seconds per step.
double plainLibtorchSecondsPerStep(const VaeConfig& model, const Dataset& train, int64_t steps) {
  torch::manual_seed(1);
  Vae vae(model);
  torch::optim::Adam adam(vae->parameters(), torch::optim::AdamOptions(kBenchLr));
  const int64_t lastStart = std::max<int64_t>(1, train.size() - kBenchBatch);
  auto step = [&](int64_t i) {
    const int64_t begin = (i * kBenchBatch) % lastStart;
    const torch::Tensor x = train.images.slice(0, begin, begin + kBenchBatch);
    auto out = vae->forward(x, torch::randn({x.size(0), model.latentDim}));
    ElboTerms terms = negativeElbo(out.logits, x, out.mu, out.logvar, model.likelihood, 1.0);
    adam.zero_grad();
    terms.total.backward();
    adam.step();
  };
  for (int64_t i = 0; i < kTrainWarmupSteps; ++i) step(i);
  const auto start = Clock::now();
  for (int64_t i = 0; i < steps; ++i) step(i);
  return secondsSince(start) / static_cast<double>(steps);
}

struct LatencyStats {
  double p50Ms = 0, p99Ms = 0;
};

LatencyStats decodeLatency(Vae& model, int64_t count, int repetitions) {
  torch::NoGradGuard noGrad;
  const torch::Tensor z = torch::randn({count, model->config().latentDim});
  for (int i = 0; i < repetitions / 10 + 1; ++i) model->decodeImages(z);  // warm caches and allocator
  std::vector<double> ms;
  ms.reserve(static_cast<size_t>(repetitions));
  for (int i = 0; i < repetitions; ++i) {
    const auto start = Clock::now();
    const torch::Tensor images = model->decodeImages(z);
    ms.push_back(secondsSince(start) * 1e3);
  }
  return {percentile(ms, 0.50), percentile(ms, 0.99)};
}

int bench(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Measures, in one process: the sgemm peak (1024x1024 torch::mm), training throughput of the classic\n"
      "VAE (latent 20, hidden 400, batch 128, Adam 1e-3) and its share of that peak, and decoder latency\n"
      "(one z and a 20x20 grid, one thread), and the same training as a plain LibTorch loop\n"
      "(torch::optim::Adam, nothing fused) for comparison. Epoch time is extrapolated from the timed steps.\n"
      "Training GFLOP/s counts the GEMM work of forward, weight and input gradients; for conv every\n"
      "kernel tap is counted, padding included.\n"
      "\n"
      "With --gui: opens the real main window (1400x900; offscreen when there is no display), trains the\n"
      "Classic MLP preset in it and measures for --seconds: event-loop lateness of a 5 ms timer (target p99\n"
      "<= 16 ms), loss-plot replot time (target p99 <= 10 ms), and training images/s in the window against\n"
      "a plain Trainer on the same threads in the same process (gui_slowdown, target <= 10%). Settings and\n"
      "autosaves go to Qt's test-mode locations and a temporary directory, never the user's.\n"
      "\n"
      "With --explore: the same window, training the Classic MLP at full speed, with the Explore tab shown\n"
      "and driven by synthetic key events for --seconds: slider PageUp/PageDown to the decoded image painted\n"
      "(target p99 <= 8 ms), a base-z change to the 20x20 latent grid decoded and painted (target p99\n"
      "<= 16 ms), dragging the scatter of up to 10 000 test codes to the plot replotted and painted (target\n"
      "p99 <= 16 ms), decodes per second and training images/s meanwhile.\n"
      "\n"
      "With --soak: the same window trains the Classic MLP for --epochs epochs (default 50, autosaving each)\n"
      "while synthetic key presses drive the Explore tab ~30 times a second; resident memory, threads and\n"
      "file descriptors are sampled at each epoch end. Exit code 1 when RSS grew by 5% or more after the\n"
      "5 warm-up epochs, or a thread or descriptor leaked.\n"
      "\n"
      "With --distributed: training images/s of the classic VAE as 1 process and as 2 data-parallel\n"
      "processes (c10d/gloo on 127.0.0.1, batch 128 and 1 thread per process, --steps timed steps each),\n"
      "and the gradient all-reduce time per step."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("data"), QStringLiteral("Dataset spec (default fashion-mnist if installed, else shapes)."),
       QStringLiteral("SPEC")},
      {QStringLiteral("model"), QStringLiteral("Architecture: mlp or conv (default mlp)."), QStringLiteral("mlp|conv")},
      {QStringLiteral("steps"), QStringLiteral("Training steps to time, >= 1 (default 300)."), QStringLiteral("N")},
      {QStringLiteral("threads"), QStringLiteral("Torch threads for sgemm and training, >= 1 (default 1)."),
       QStringLiteral("N")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of a table.")},
      {QStringLiteral("gui"), QStringLiteral("Measure GUI responsiveness while training in the main window.")},
      {QStringLiteral("explore"),
       QStringLiteral("Measure Explore-tab latency (sliders, latent grid) while training in the main window.")},
      {QStringLiteral("seconds"),
       QStringLiteral("With --gui: seconds to measure, >= 5 (default 20). With --explore: >= 1 (default 10)."),
       QStringLiteral("N")},
      {QStringLiteral("soak"), QStringLiteral("Long run in the main window: memory, thread and descriptor growth.")},
      {QStringLiteral("epochs"), QStringLiteral("With --soak: epochs to train, >= 6 (default 50)."), QStringLiteral("N")},
      {QStringLiteral("distributed"), QStringLiteral("Compare 1 and 2 data-parallel training processes.")},
      {QStringLiteral("batch"), QStringLiteral("With --distributed: batch per process (default 128)."), QStringLiteral("N")},
  });
  // The --distributed workers: this binary again, one rank each ("WORLD,RANK,PORT").
  QCommandLineOption worker(QStringLiteral("dist-worker"), QStringLiteral("internal"), QStringLiteral("W,R,P"));
  worker.setFlags(QCommandLineOption::HiddenFromHelp);
  parser.addOption(worker);
  parseCliArguments(parser, args);
  if (printHelpIfRequested(parser, QStringLiteral("bench"))) return kExitOk;
  const QString defaultSpec = fashionMnistInstalled() ? QStringLiteral("fashion-mnist") : QStringLiteral("shapes");
  if (parser.isSet(QStringLiteral("distributed")) || parser.isSet(worker)) {
    for (const char* name : {"threads", "model", "gui", "explore", "seconds", "soak", "epochs"})
      if (parser.isSet(QString::fromLatin1(name)))
        throw CliError(std::string("--") + name + " cannot be combined with --distributed");
    DistributedBenchOptions distributed;
    distributed.json = parser.isSet(QStringLiteral("json"));
    distributed.steps = integerOption(parser, QStringLiteral("steps"), distributed.steps, 1);
    distributed.batch = integerOption(parser, QStringLiteral("batch"), distributed.batch, 1, 65536);
    distributed.dataSpec = parser.isSet(QStringLiteral("data")) ? parser.value(QStringLiteral("data")) : defaultSpec;
    if (parser.isSet(worker)) {
      const QStringList parts = parser.value(worker).split(QLatin1Char(','));
      if (parts.size() != 3) throw CliError("--dist-worker needs WORLD,RANK,PORT");
      return runDistributedBenchWorker(distributed, parts[0].toInt(), parts[1].toInt(), parts[2].toInt());
    }
    return runDistributedBench(distributed);
  }
  if (parser.isSet(QStringLiteral("batch"))) throw CliError("--batch needs --distributed");
  if (parser.isSet(QStringLiteral("soak"))) {
    for (const char* name : {"steps", "threads", "model", "gui", "explore", "seconds"})
      if (parser.isSet(QString::fromLatin1(name)))
        throw CliError(std::string("--") + name + " cannot be combined with --soak");
    SoakBenchOptions soak;
    soak.json = parser.isSet(QStringLiteral("json"));
    soak.epochs = static_cast<int>(
        integerOption(parser, QStringLiteral("epochs"), kSoakDefaultEpochs, kSoakDefaultWarmupEpochs + 1, 10000));
    soak.dataSpec = parser.isSet(QStringLiteral("data")) ? parser.value(QStringLiteral("data")) : defaultSpec;
    return runSoakBench(soak);
  }
  if (parser.isSet(QStringLiteral("epochs"))) throw CliError("--epochs needs --soak");
  if (parser.isSet(QStringLiteral("explore"))) {
    // Like --gui, the window decides model and threads itself.
    for (const char* name : {"steps", "threads", "model", "gui"})
      if (parser.isSet(QString::fromLatin1(name)))
        throw CliError(std::string("--") + name + " cannot be combined with --explore");
    ExploreBenchOptions explore;
    explore.json = parser.isSet(QStringLiteral("json"));
    explore.seconds = numberOption(parser, QStringLiteral("seconds"), kExploreBenchDefaultSeconds,
                                   kExploreBenchMinSeconds, /*minExclusive=*/false);
    explore.dataSpec = parser.isSet(QStringLiteral("data")) ? parser.value(QStringLiteral("data")) : defaultSpec;
    return runExploreBench(explore);
  }
  if (parser.isSet(QStringLiteral("gui"))) {
    // The window decides model and threads itself; options that would pretend otherwise are refused.
    for (const char* name : {"steps", "threads", "model"})
      if (parser.isSet(QString::fromLatin1(name)))
        throw CliError(std::string("--") + name + " cannot be combined with --gui");
    GuiBenchOptions gui;
    gui.json = parser.isSet(QStringLiteral("json"));
    gui.seconds = numberOption(parser, QStringLiteral("seconds"), kGuiBenchDefaultSeconds, kGuiBenchMinSeconds,
                               /*minExclusive=*/false);
    gui.dataSpec = parser.isSet(QStringLiteral("data")) ? parser.value(QStringLiteral("data")) : defaultSpec;
    return runGuiBench(gui);
  }
  if (parser.isSet(QStringLiteral("seconds"))) throw CliError("--seconds needs --gui or --explore");
  const int64_t steps = integerOption(parser, QStringLiteral("steps"), kDefaultSteps, 1);
  const int threads = static_cast<int>(integerOption(parser, QStringLiteral("threads"), 1, 1, 1024));
  const bool json = parser.isSet(QStringLiteral("json"));
  VaeConfig model;
  if (parser.isSet(QStringLiteral("model")))
    model.architecture = architectureFromString(parser.value(QStringLiteral("model")).toStdString());
  model.latentDim = kBenchLatent;
  model.hiddenSizes = {kBenchHidden};
  const std::string spec = parser.isSet(QStringLiteral("data")) ? parser.value(QStringLiteral("data")).toStdString()
                           : fashionMnistInstalled()            ? std::string("fashion-mnist")
                                                                : std::string("shapes");
  DatasetSplit data = loadDatasetSpecWithFolders(spec);
  model.channels = data.train.channels();
  model.height = data.train.height();
  model.width = data.train.width();

  torch::set_num_threads(threads);
  const double peak = sgemmPeakGflops();

  TrainConfig config;
  config.batchSize = kBenchBatch;
  config.lr.lr = kBenchLr;
  // Never "finished": the timed steps may cross epoch boundaries.
  config.epochs = 1'000'000;
  Trainer trainer(model, config, std::move(data));
  // One step; at an epoch's end, the held-out evaluation and roll-over run outside the timing.
  auto stepOnce = [&](double* timed) {
    for (;;) {
      const auto start = Clock::now();
      const bool stepped = trainer.step();
      if (stepped) {
        if (timed) *timed += secondsSince(start);
        return;
      }
      trainer.runEpoch();
    }
  };
  for (int64_t i = 0; i < kTrainWarmupSteps; ++i) stepOnce(nullptr);
  double trainSeconds = 0;
  for (int64_t i = 0; i < steps; ++i) stepOnce(&trainSeconds);
  const double secondsPerStep = trainSeconds / static_cast<double>(steps);
  const double epochSeconds = secondsPerStep * static_cast<double>(trainer.stepsPerEpoch());
  const double imagesPerSecond = static_cast<double>(kBenchBatch) / secondsPerStep;
  const double trainGflops = trainStepFlops(model, kBenchBatch) / secondsPerStep / 1e9;
  const double baselineSecondsPerStep = plainLibtorchSecondsPerStep(model, trainer.data().train, steps);
  const double baselineImagesPerSecond = static_cast<double>(kBenchBatch) / baselineSecondsPerStep;

  // The GUI decodes on one thread (DESIGN.md), so latency is measured that way.
  torch::set_num_threads(1);
  trainer.model()->eval();
  const LatencyStats one = decodeLatency(trainer.model(), 1, kDecodeOneRepetitions);
  const LatencyStats grid = decodeLatency(trainer.model(), kGridSide * kGridSide, kDecodeGridRepetitions);
  torch::set_num_threads(threads);

  const std::string arch = toString(model.architecture);
  if (json) {
    printJsonLine({{"epoch_seconds", epochSeconds},
                   {"images_per_second", imagesPerSecond},
                   {"train_gflops", trainGflops},
                   {"sgemm_peak_gflops", peak},
                   {"peak_fraction", trainGflops / peak},
                   {"decode_one_p50_ms", one.p50Ms},
                   {"decode_one_p99_ms", one.p99Ms},
                   {"decode_grid400_p50_ms", grid.p50Ms},
                   {"decode_grid400_p99_ms", grid.p99Ms},
                   {"threads", threads},
                   {"plain_libtorch_images_per_second", baselineImagesPerSecond},
                   {"speedup_vs_plain_libtorch", imagesPerSecond / baselineImagesPerSecond},
                   {"model", arch},
                   {"steps", steps},
                   {"data", spec}});
    return kExitOk;
  }
  std::printf("vae-studio bench: %s on %s, %d thread%s, %lld timed steps\n", arch.c_str(), spec.c_str(), threads,
              threads == 1 ? "" : "s", static_cast<long long>(steps));
  std::printf("  sgemm peak (1024x1024 mm)   %10.1f GFLOP/s\n", peak);
  std::printf("  training                    %10s images/s\n",
              groupThousands(static_cast<int64_t>(imagesPerSecond)).c_str());
  std::printf("  one epoch (%lld steps)      %10.2f s\n", static_cast<long long>(trainer.stepsPerEpoch()),
              epochSeconds);
  std::printf("  training GEMM rate          %10.1f GFLOP/s  (%.0f%% of peak)\n", trainGflops,
              100.0 * trainGflops / peak);
  std::printf("  plain LibTorch loop         %10s images/s  (ours is %.2fx)\n",
              groupThousands(static_cast<int64_t>(baselineImagesPerSecond)).c_str(),
              imagesPerSecond / baselineImagesPerSecond);
  std::printf("  decode one z (1 thread)     %10.3f ms p50  %.3f ms p99\n", one.p50Ms, one.p99Ms);
  std::printf("  decode 20x20 grid           %10.3f ms p50  %.3f ms p99\n", grid.p50Ms, grid.p99Ms);
  return kExitOk;
}

}  // namespace

int runBenchCommand(const QStringList& args) {
  return runCliCommand(QStringLiteral("bench"), [&] { return bench(args); });
}

}  // namespace vae
