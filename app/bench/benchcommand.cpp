// vae-studio bench: option parsing and the choice of benchmark (training throughput by default, or the
// window, explore, soak and data-parallel benches).
#include "app/bench/benchcommand.h"

#include <QCommandLineParser>
#include <cstring>

#include "app/bench/distbench.h"
#include "app/bench/explorebench.h"
#include "app/bench/guibench.h"
#include "app/bench/soakbench.h"
#include "app/bench/trainbench.h"
#include "app/cli/clicommon.h"
#include "model/datasetloaders.h"

namespace vae {

namespace {

int bench(const QStringList& args) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral(
      "Measures, in one run: training throughput of the classic VAE (latent 20, hidden 400, batch 128,\n"
      "Adam 1e-3) in --precision, its GEMM rate against the sgemm peak (1024x1024 torch::mm) of the BLAS\n"
      "kernel in use and of the best kernel for this CPU (peak_fraction divides by the best; measured in a\n"
      "child process when another kernel is in use) and against the model's own GEMMs run alone at batch\n"
      "128 (gemm_model_shapes_gflops), decoder latency (one z and a 20x20 grid, one thread), and the same\n"
      "training as a plain LibTorch loop (torch::optim::Adam, nothing fused) for comparison. Epoch time is\n"
      "extrapolated from the timed steps. Training GFLOP/s counts the GEMM work of forward, weight and input\n"
      "gradients; for conv every kernel tap is counted, padding included. --compare-kernel NAME trains the\n"
      "same steps in a child process under OpenBLAS kernel NAME (e.g. Prescott) and reports the speed-up.\n"
      "The CPU, its instruction sets and the BLAS kernels (in use, OpenBLAS's own, best) are reported too.\n"
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
      {QStringLiteral("precision"), QStringLiteral("Training precision: fp32, bf16 or auto (default fp32)."),
       QStringLiteral("fp32|bf16|auto")},
      {QStringLiteral("compare-kernel"),
       QStringLiteral("Also train under this OpenBLAS kernel (child process) and report the speed-up."),
       QStringLiteral("NAME")},
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
  // A child's jobs under another OpenBLAS kernel: the sgemm peak alone, or only the training figures.
  QCommandLineOption sgemmOnly(QStringLiteral("sgemm-only"), QStringLiteral("internal"));
  QCommandLineOption trainOnly(QStringLiteral("train-only"), QStringLiteral("internal"));
  for (QCommandLineOption* internal : {&sgemmOnly, &trainOnly}) {
    internal->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(*internal);
  }
  parseCliArguments(parser, args);
  if (printHelpIfRequested(parser, QStringLiteral("bench"))) return kExitOk;
  const QString defaultSpec = QString::fromStdString(defaultDatasetSpec());
  if (parser.isSet(QStringLiteral("distributed")) || parser.isSet(worker)) {
    for (const char* name : {"threads", "model", "gui", "explore", "seconds", "soak", "epochs", "precision", "compare-kernel"})
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
    for (const char* name : {"steps", "threads", "model", "gui", "explore", "seconds", "precision", "compare-kernel"})
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
    for (const char* name : {"steps", "threads", "model", "gui", "precision", "compare-kernel"})
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
    for (const char* name : {"steps", "threads", "model", "precision", "compare-kernel"})
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
  if (parser.isSet(sgemmOnly))
    return runSgemmBench(static_cast<int>(integerOption(parser, QStringLiteral("threads"), 1, 1, 1024)));
  TrainBenchOptions train;
  train.steps = integerOption(parser, QStringLiteral("steps"), kTrainBenchDefaultSteps, 1);
  train.threads = static_cast<int>(integerOption(parser, QStringLiteral("threads"), 1, 1, 1024));
  train.json = parser.isSet(QStringLiteral("json"));
  train.trainOnly = parser.isSet(trainOnly);
  if (parser.isSet(QStringLiteral("model")))
    train.architecture = architectureFromString(parser.value(QStringLiteral("model")).toStdString());
  if (parser.isSet(QStringLiteral("precision")))
    train.precision = precisionFromString(parser.value(QStringLiteral("precision")).toStdString());
  train.compareKernel = parser.value(QStringLiteral("compare-kernel"));
  if (parser.isSet(QStringLiteral("compare-kernel")) && train.compareKernel.isEmpty())
    throw CliError("--compare-kernel needs an OpenBLAS kernel name (e.g. Prescott)");
  train.dataSpec = parser.isSet(QStringLiteral("data")) ? parser.value(QStringLiteral("data")).toStdString()
                                                        : defaultSpec.toStdString();
  return runTrainBench(train);
}

int runBench(const QStringList& args) {
  return runCliCommand(QStringLiteral("bench"), [&] { return bench(args); });
}

// --gui, --explore and --soak open the real main window.
bool opensWindow(int argc, char** argv) {
  for (int i = 2; i < argc; ++i)
    for (const char* windowed : {"--gui", "--explore", "--soak"})
      if (std::strcmp(argv[i], windowed) == 0) return true;
  return false;
}

}  // namespace

CliCommand benchCommand() {
  return {"bench", "measure training throughput, GEMM efficiency and decoder latency", runBench, opensWindow};
}

}  // namespace vae
