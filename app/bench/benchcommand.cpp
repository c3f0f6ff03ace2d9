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

// The hidden options of the bench's own child processes.
struct InternalOptions {
  // --distributed's workers: this binary again, one rank each ("WORLD,RANK,PORT").
  QCommandLineOption worker{QStringLiteral("dist-worker"), QStringLiteral("internal"), QStringLiteral("W,R,P")};
  // A child's jobs under another OpenBLAS kernel: the sgemm peak alone, or only the training figures.
  QCommandLineOption sgemmOnly{QStringLiteral("sgemm-only"), QStringLiteral("internal")};
  QCommandLineOption trainOnly{QStringLiteral("train-only"), QStringLiteral("internal")};
};

void addBenchOptions(QCommandLineParser& parser, InternalOptions& internal) {
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
      "file descriptors are sampled at each epoch end. Exit code 1 when malloc's bytes in use grew by 5% or\n"
      "more after the 5 warm-up epochs, RSS by 15% or more, or a thread or descriptor leaked.\n"
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
  for (QCommandLineOption* option : {&internal.worker, &internal.sgemmOnly, &internal.trainOnly}) {
    option->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(*option);
  }
}

// Options that mean nothing to the chosen bench are refused rather than silently ignored.
void refuse(const QCommandLineParser& parser, std::initializer_list<const char*> names, const char* mode) {
  for (const char* name : names)
    if (parser.isSet(QString::fromLatin1(name)))
      throw CliError(std::string("--") + name + " cannot be combined with " + mode);
}

QString dataSpec(const QCommandLineParser& parser) {
  return parser.isSet(QStringLiteral("data")) ? parser.value(QStringLiteral("data"))
                                              : QString::fromStdString(defaultDatasetSpec());
}

int distributedBench(const QCommandLineParser& parser, const QCommandLineOption& worker) {
  refuse(parser, {"threads", "model", "gui", "explore", "seconds", "soak", "epochs", "precision", "compare-kernel"},
         "--distributed");
  DistributedBenchOptions o;
  o.json = parser.isSet(QStringLiteral("json"));
  o.steps = integerOption(parser, QStringLiteral("steps"), o.steps, 1);
  o.batch = integerOption(parser, QStringLiteral("batch"), o.batch, 1, 65536);
  o.dataSpec = dataSpec(parser);
  if (!parser.isSet(worker)) return runDistributedBench(o);
  const QStringList parts = parser.value(worker).split(QLatin1Char(','));
  if (parts.size() != 3) throw CliError("--dist-worker needs WORLD,RANK,PORT");
  return runDistributedBenchWorker(o, parts[0].toInt(), parts[1].toInt(), parts[2].toInt());
}

int soakBench(const QCommandLineParser& parser) {
  refuse(parser, {"steps", "threads", "model", "gui", "explore", "seconds", "precision", "compare-kernel"}, "--soak");
  SoakBenchOptions o;
  o.json = parser.isSet(QStringLiteral("json"));
  o.epochs = static_cast<int>(
      integerOption(parser, QStringLiteral("epochs"), kSoakDefaultEpochs, kSoakDefaultWarmupEpochs + 1, 10000));
  o.dataSpec = dataSpec(parser);
  return runSoakBench(o);
}

int exploreBench(const QCommandLineParser& parser) {
  // Like --gui, the window decides model and threads itself.
  refuse(parser, {"steps", "threads", "model", "gui", "precision", "compare-kernel"}, "--explore");
  ExploreBenchOptions o;
  o.json = parser.isSet(QStringLiteral("json"));
  o.seconds = numberOption(parser, QStringLiteral("seconds"), kExploreBenchDefaultSeconds, kExploreBenchMinSeconds,
                           /*minExclusive=*/false);
  o.dataSpec = dataSpec(parser);
  return runExploreBench(o);
}

int guiBench(const QCommandLineParser& parser) {
  // The window decides model and threads itself; options that would pretend otherwise are refused.
  refuse(parser, {"steps", "threads", "model", "precision", "compare-kernel"}, "--gui");
  GuiBenchOptions o;
  o.json = parser.isSet(QStringLiteral("json"));
  o.seconds = numberOption(parser, QStringLiteral("seconds"), kGuiBenchDefaultSeconds, kGuiBenchMinSeconds,
                           /*minExclusive=*/false);
  o.dataSpec = dataSpec(parser);
  return runGuiBench(o);
}

int trainBench(const QCommandLineParser& parser, const InternalOptions& internal) {
  if (parser.isSet(internal.sgemmOnly))
    return runSgemmBench(static_cast<int>(integerOption(parser, QStringLiteral("threads"), 1, 1, 1024)));
  TrainBenchOptions o;
  o.steps = integerOption(parser, QStringLiteral("steps"), kTrainBenchDefaultSteps, 1);
  o.threads = static_cast<int>(integerOption(parser, QStringLiteral("threads"), 1, 1, 1024));
  o.json = parser.isSet(QStringLiteral("json"));
  o.trainOnly = parser.isSet(internal.trainOnly);
  if (parser.isSet(QStringLiteral("model")))
    o.architecture = architectureFromString(parser.value(QStringLiteral("model")).toStdString());
  if (parser.isSet(QStringLiteral("precision")))
    o.precision = precisionFromString(parser.value(QStringLiteral("precision")).toStdString());
  o.compareKernel = parser.value(QStringLiteral("compare-kernel"));
  if (parser.isSet(QStringLiteral("compare-kernel")) && o.compareKernel.isEmpty())
    throw CliError("--compare-kernel needs an OpenBLAS kernel name (e.g. Prescott)");
  o.dataSpec = dataSpec(parser).toStdString();
  return runTrainBench(o);
}

int bench(const QStringList& args) {
  QCommandLineParser parser;
  InternalOptions internal;
  addBenchOptions(parser, internal);
  parseCliArguments(parser, args);
  if (printHelpOrVersionIfRequested(parser, QStringLiteral("bench"))) return kExitOk;
  if (parser.isSet(QStringLiteral("distributed")) || parser.isSet(internal.worker))
    return distributedBench(parser, internal.worker);
  if (parser.isSet(QStringLiteral("batch"))) throw CliError("--batch needs --distributed");
  if (parser.isSet(QStringLiteral("soak"))) return soakBench(parser);
  if (parser.isSet(QStringLiteral("epochs"))) throw CliError("--epochs needs --soak");
  if (parser.isSet(QStringLiteral("explore"))) return exploreBench(parser);
  if (parser.isSet(QStringLiteral("gui"))) return guiBench(parser);
  if (parser.isSet(QStringLiteral("seconds"))) throw CliError("--seconds needs --gui or --explore");
  return trainBench(parser, internal);
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
