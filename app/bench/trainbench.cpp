// vae-studio bench (the default): how fast this machine trains and decodes, and how close training gets to the
// machine's GEMM peak. Everything is measured in one run so the numbers are comparable; figures that need
// another BLAS kernel come from a child process (OpenBLAS fixes its kernel when it loads).
#include "app/bench/trainbench.h"

#include <torch/torch.h>

#include <QCoreApplication>
#include <QProcess>
#include <QProcessEnvironment>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "app/bench/benchsupport.h"
#include "app/cli/clicommon.h"
#include "app/core/folderdataset.h"
#include "model/blaskernel.h"
#include "model/elbo.h"
#include "model/gemmrate.h"
#include "model/systeminfo.h"
#include "model/trainer.h"

namespace vae {

namespace {

using Clock = std::chrono::steady_clock;

// Training steps run before timing: first steps pay for allocation and OpenMP start-up.
constexpr int64_t kTrainWarmupSteps = 20;
// The classic VAE of the PyTorch example: 784-400-20, batch 128, Adam 1e-3.
constexpr int64_t kBenchLatent = 20;
constexpr int64_t kBenchHidden = 400;
constexpr int64_t kBenchBatch = 128;
constexpr double kBenchLr = 1e-3;
// Decoder latency: one z (a slider move) and a 20x20 grid (the grid view), as the GUI decodes them.
constexpr int kDecodeOneRepetitions = 1000;
constexpr int64_t kGridSide = 20;
constexpr int kDecodeGridRepetitions = 200;
// Ours vs the plain LibTorch loop: this many turns each (ABAB...), each at least this many steps.
constexpr int kPlainComparisonRounds = 5;
constexpr int64_t kMinPlainRoundSteps = 10;
// Steps of each precision timed for bf16_step_speedup (taking turns, medians compared).
constexpr int kBf16SpeedupSteps = 40;
// A child bench that has not answered after this long is hung, not slow.
constexpr int kChildTimeoutMs = 30 * 60 * 1000;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The straightforward LibTorch loop the Trainer is compared with, on the same model shape, data and precision:
// torch::optim::Adam and autograd with nothing fused. Warmed up once; then timed in turns with the Trainer.
Vae seededVae(const VaeConfig& model) {
  torch::manual_seed(1);
  return Vae(model);
}

class PlainLibtorchLoop {
 public:
  PlainLibtorchLoop(const VaeConfig& model, const Dataset& train, Precision precision)
      : model_(model), train_(train), precision_(precision), vae_(seededVae(model)),
        adam_(vae_->parameters(), torch::optim::AdamOptions(kBenchLr)),
        lastStart_(std::max<int64_t>(1, train.size() - kBenchBatch)) {
    for (int64_t i = 0; i < kTrainWarmupSteps; ++i) step();
  }

  double secondsPerStep(int64_t steps) {
    const auto start = Clock::now();
    for (int64_t i = 0; i < steps; ++i) step();
    return secondsSince(start) / static_cast<double>(steps);
  }

 private:
  void step() {
    const int64_t begin = (next_++ * kBenchBatch) % lastStart_;
    const torch::Tensor x = train_.floatImages(begin, begin + kBenchBatch);
    ElboTerms terms;
    {
      MixedPrecisionScope autocast(precision_ == Precision::Bf16);
      auto out = vae_->forward(x, torch::randn({x.size(0), model_.latentDim}));
      // An autoencoder's logvar is undefined (no KL term); to() would throw on it.
      const torch::Tensor logvar = out.logvar.defined() ? out.logvar.to(torch::kFloat) : torch::Tensor();
      terms = negativeElbo(out.logits.to(torch::kFloat), x, out.mu.to(torch::kFloat), logvar, model_.likelihood, 1.0);
    }
    adam_.zero_grad();
    terms.total.backward();
    adam_.step();
  }

  const VaeConfig model_;
  const Dataset& train_;
  const Precision precision_;
  Vae vae_;
  torch::optim::Adam adam_;
  const int64_t lastStart_;
  int64_t next_ = 0;
};

// Seconds of `steps` Trainer steps; an epoch end met on the way (held-out evaluation) runs untimed.
double trainerStepSeconds(Trainer& trainer, int64_t steps) {
  double seconds = 0;
  for (int64_t i = 0; i < steps; ++i) {
    for (;;) {
      const auto start = Clock::now();
      if (trainer.step()) {
        seconds += secondsSince(start);
        break;
      }
      trainer.runEpoch();
    }
  }
  return seconds;
}

struct PlainComparison {
  double plainImagesPerSecond = 0;  // median over the rounds
  double speedupMedian = 0, speedupMin = 0, speedupMax = 0;  // ours / plain, per round
  int rounds = 0;
};

// Ours and the plain loop in turns (ABAB...), the same number of steps each turn, so a machine that slows
// down or speeds up during the run weighs on both alike; the spread of the per-round ratios shows the noise.
PlainComparison comparePlainLibtorch(Trainer& trainer, const Dataset& train, int64_t steps) {
  PlainLibtorchLoop plain(trainer.modelConfig(), train, trainer.trainConfig().precision);
  const int64_t perRound = std::max<int64_t>(kMinPlainRoundSteps, steps / kPlainComparisonRounds);
  std::vector<double> ratios, plainRates;
  for (int r = 0; r < kPlainComparisonRounds; ++r) {
    const double ours = trainerStepSeconds(trainer, perRound) / static_cast<double>(perRound);
    const double theirs = plain.secondsPerStep(perRound);
    ratios.push_back(theirs / ours);
    plainRates.push_back(static_cast<double>(kBenchBatch) / theirs);
  }
  PlainComparison c;
  c.rounds = kPlainComparisonRounds;
  c.plainImagesPerSecond = percentile(plainRates, 0.5);  // an odd count of rounds: the middle one
  c.speedupMedian = percentile(ratios, 0.5);
  c.speedupMin = *std::min_element(ratios.begin(), ratios.end());
  c.speedupMax = *std::max_element(ratios.begin(), ratios.end());
  return c;
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

// Runs this binary's `bench ARGS --json` under another OpenBLAS kernel and returns its JSON line.
nlohmann::json benchUnderKernel(const QString& kernel, QStringList args) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert(QString::fromLatin1(kOpenBlasCoreTypeEnv), kernel);
  env.insert(QString::fromLatin1(kStudioBlasEnv), QStringLiteral("keep"));
  env.remove(QString::fromLatin1(kBlasChoiceEnv));
  QProcess child;
  child.setProcessEnvironment(env);
  child.setProcessChannelMode(QProcess::SeparateChannels);
  args.prepend(QStringLiteral("bench"));
  args << QStringLiteral("--json");
  child.start(QCoreApplication::applicationFilePath(), args);
  const std::string what = "the bench under OpenBLAS kernel " + kernel.toStdString();
  if (!child.waitForFinished(kChildTimeoutMs) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
    child.kill();
    throw CliError(what + " failed: " + firstLine(child.readAllStandardError().toStdString()), kExitFailure);
  }
  const QList<QByteArray> lines = child.readAllStandardOutput().trimmed().split('\n');
  try {
    return nlohmann::json::parse(lines.constLast().toStdString());
  } catch (const nlohmann::json::exception&) {
    throw CliError(what + " printed no JSON", kExitFailure);
  }
}

// The sgemm peak of the best kernel for this CPU: measured here when it is the one in use, else in a child.
double sgemmBestGflops(double peakInUse, int threads) {
  const BlasStatus& blas = blasStatus();
  if (blas.coreInUse.empty() || blas.coreBest.empty() ||
      isaTierOfOpenBlasCore(blas.coreInUse) >= isaTierOfOpenBlasCore(blas.coreBest))
    return peakInUse;
  const nlohmann::json child = benchUnderKernel(QString::fromStdString(blas.coreBest),
                                                {QStringLiteral("--sgemm-only"), QStringLiteral("--threads"),
                                                 QString::number(threads)});
  return std::max(peakInUse, child.at("sgemm_peak_gflops").get<double>());
}

struct TrainFigures {
  double secondsPerStep = 0, imagesPerSecond = 0, gflops = 0;
  double epochSeconds = 0;       // one whole epoch's steps, measured (batching and shuffling included)
  double evaluationSeconds = 0;  // that epoch's end: held-out -ELBO on the test set, progress images
  Precision precision = Precision::Fp32;
  Trainer::StepPhases phases;  // summed over the timed steps
};

// Times `steps` Trainer steps (the rate), then one whole epoch from its first step and its end, apart.
TrainFigures timeTraining(Trainer& trainer, int64_t steps) {
  trainerStepSeconds(trainer, kTrainWarmupSteps);
  trainer.setPhaseTiming(true);
  const double seconds = trainerStepSeconds(trainer, steps);
  TrainFigures f;
  f.phases = trainer.phaseSeconds();
  trainer.setPhaseTiming(false);
  f.secondsPerStep = seconds / static_cast<double>(steps);
  f.imagesPerSecond = static_cast<double>(kBenchBatch) / f.secondsPerStep;
  f.gflops = trainStepFlops(trainer.modelConfig(), kBenchBatch) / f.secondsPerStep / 1e9;
  f.precision = trainer.trainConfig().precision;

  trainer.runEpoch();  // to the next epoch boundary
  const auto epochStart = Clock::now();
  while (trainer.step()) {
  }
  f.epochSeconds = secondsSince(epochStart);
  const auto endStart = Clock::now();
  trainer.runEpoch();  // no steps left in the epoch: evaluates and records it
  f.evaluationSeconds = secondsSince(endStart);
  return f;
}

QStringList childTrainArguments(const TrainBenchOptions& o, Precision resolved) {
  return {QStringLiteral("--train-only"),
          QStringLiteral("--steps"), QString::number(o.steps),
          QStringLiteral("--threads"), QString::number(o.threads),
          QStringLiteral("--data"), QString::fromStdString(o.dataSpec),
          QStringLiteral("--model"), QString::fromStdString(toString(o.architecture)),
          QStringLiteral("--precision"), QString::fromStdString(toString(resolved))};
}

// Where a step's time goes, beside what its GEMMs alone would take at the model-shape rate (ms per step).
nlohmann::ordered_json stepBreakdown(const Trainer::StepPhases& p, const VaeConfig& model, double modelGemmGflops) {
  const double perStepMs = 1e3 / static_cast<double>(std::max<int64_t>(1, p.steps));
  double forwardFlops = 0;
  for (const GemmLayer& layer : gemmLayers(model)) forwardFlops += layer.forwardFlops(kBenchBatch);
  const double backwardFlops = trainStepFlops(model, kBenchBatch) - forwardFlops;
  return {{"batch", p.batch * perStepMs},
          {"forward", p.forward * perStepMs},
          {"forward_gemms_alone", forwardFlops / modelGemmGflops / 1e6},
          {"loss", p.loss * perStepMs},
          {"backward", p.backward * perStepMs},
          {"backward_gemms_alone", backwardFlops / modelGemmGflops / 1e6},
          {"optimizer", p.optimizer * perStepMs},
          {"bookkeeping", p.bookkeeping * perStepMs}};
}

// The same training under another OpenBLAS kernel, in a child process: what the kernel choice buys.
void addKernelComparison(nlohmann::ordered_json& j, const TrainBenchOptions& o, const TrainFigures& train) {
  const nlohmann::json other = benchUnderKernel(o.compareKernel, childTrainArguments(o, train.precision));
  j["compare_kernel"] = o.compareKernel.toStdString();
  j["compare_blas_core"] = other.at("blas_core");
  j["compare_images_per_second"] = other.at("images_per_second");
  j["compare_epoch_seconds"] = other.at("epoch_seconds");
  j["speedup_vs_compare_kernel"] = train.imagesPerSecond / other.at("images_per_second").get<double>();
}

void printText(const TrainBenchOptions& o, const nlohmann::ordered_json& j) {
  const BlasStatus& blas = blasStatus();
  const auto num = [&](const char* key) { return j.at(key).get<double>(); };
  std::printf("vae-studio bench: %s on %s, %d thread%s, %lld timed steps, %s\n", toString(o.architecture).c_str(),
              o.dataSpec.c_str(), o.threads, o.threads == 1 ? "" : "s", static_cast<long long>(o.steps),
              j.at("precision").get<std::string>().c_str());
  std::printf("  CPU                         %s (%s)\n", blas.cpu.modelName.c_str(), toString(blas.cpuTier).c_str());
  std::printf("  BLAS kernel                 %s (%s)\n", blas.coreInUse.c_str(), blas.decision.reason.c_str());
  std::printf("  sgemm peak (1024^3 mm)      %10.1f GFLOP/s  (best kernel for this CPU: %.1f)\n",
              num("sgemm_peak_gflops"), num("sgemm_best_gflops"));
  std::printf("  model's GEMMs alone         %10.1f GFLOP/s\n", num("gemm_model_shapes_gflops"));
  std::printf("  training                    %10s images/s\n",
              groupThousands(static_cast<int64_t>(num("images_per_second"))).c_str());
  std::printf("  one epoch, measured         %10.2f s  (%lld steps; then its evaluation %.2f s)\n", num("epoch_seconds"),
              static_cast<long long>(j.at("steps_per_epoch").get<int64_t>()), num("evaluation_seconds"));
  std::printf("  training GEMM rate          %10.1f GFLOP/s  (%.0f%% of the best peak, %.0f%% of the model's GEMMs)\n",
              num("train_gflops"), 100.0 * num("peak_fraction"), 100.0 * num("model_shapes_fraction"));
  const nlohmann::ordered_json& ms = j.at("step_ms");
  const auto phase = [&](const char* key) { return ms.at(key).get<double>(); };
  std::printf("  one step, ms                %10.3f = batch %.3f + forward %.3f (GEMMs alone %.3f) + loss %.3f\n"
              "                                         + backward %.3f (GEMMs alone %.3f) + Adam %.3f + rest %.3f\n",
              1e3 * static_cast<double>(kBenchBatch) / num("images_per_second"), phase("batch"), phase("forward"),
              phase("forward_gemms_alone"), phase("loss"), phase("backward"), phase("backward_gemms_alone"),
              phase("optimizer"), phase("bookkeeping"));
  std::printf("  bf16 step speed-up          %10.2fx  (mixed precision; auto takes bf16 from %.1fx)\n",
              num("bf16_step_speedup"), kAutoBf16MinSpeedup);
  std::printf("  plain LibTorch loop         %10s images/s  (ours is %.2fx, median of %d turns each; %.2f-%.2fx)\n",
              groupThousands(static_cast<int64_t>(num("plain_libtorch_images_per_second"))).c_str(),
              num("speedup_vs_plain_libtorch"), j.at("plain_comparison_rounds").get<int>(),
              num("speedup_vs_plain_libtorch_min"), num("speedup_vs_plain_libtorch_max"));
  if (j.contains("compare_kernel"))
    std::printf("  under kernel %-14s %10s images/s  (ours is %.2fx)\n",
                j.at("compare_blas_core").get<std::string>().c_str(),
                groupThousands(static_cast<int64_t>(num("compare_images_per_second"))).c_str(),
                num("speedup_vs_compare_kernel"));
  std::printf("  decode one z (1 thread)     %10.3f ms p50  %.3f ms p99\n", num("decode_one_p50_ms"),
              num("decode_one_p99_ms"));
  std::printf("  decode 20x20 grid           %10.3f ms p50  %.3f ms p99\n", num("decode_grid400_p50_ms"),
              num("decode_grid400_p99_ms"));
}

}  // namespace

int runSgemmBench(int threads) {
  torch::set_num_threads(threads);
  printJsonLine({{"sgemm_peak_gflops", sgemmPeakGflops()}, {"blas_core", blasStatus().coreInUse}});
  return kExitOk;
}

int runTrainBench(const TrainBenchOptions& o) {
  VaeConfig model;
  model.architecture = o.architecture;
  model.latentDim = kBenchLatent;
  model.hiddenSizes = {kBenchHidden};
  DatasetSplit data = loadDatasetSpecWithFolders(o.dataSpec);
  model.channels = data.train.channels();
  model.height = data.train.height();
  model.width = data.train.width();
  torch::set_num_threads(o.threads);

  TrainConfig config;
  config.batchSize = kBenchBatch;
  config.lr.lr = kBenchLr;
  config.epochs = 1'000'000;  // never "finished": the timed steps may cross epoch boundaries
  config.precision = o.precision;
  Trainer trainer(model, config, std::move(data));
  const TrainFigures train = timeTraining(trainer, o.steps);
  nlohmann::ordered_json j = {{"epoch_seconds", train.epochSeconds},
                              {"evaluation_seconds", train.evaluationSeconds},
                              {"steps_per_epoch", trainer.stepsPerEpoch()},
                              {"images_per_second", train.imagesPerSecond},
                              {"train_gflops", train.gflops},
                              {"precision", toString(train.precision)},
                              {"precision_reason", trainer.precisionReason()},
                              {"blas_core", blasStatus().coreInUse}};
  if (o.trainOnly) {
    printJsonLine(j);
    return kExitOk;
  }
  const double peak = sgemmPeakGflops();
  const double best = sgemmBestGflops(peak, o.threads);
  const torch::ScalarType gemmType = train.precision == Precision::Bf16 ? torch::kBFloat16 : torch::kFloat;
  const double modelGemms = modelGemmGflops(model, kBenchBatch, gemmType);
  // Both precisions in this process, whichever --precision trained above.
  const double bf16Speedup = measureBf16Speedup(model, kBenchBatch, kBf16SpeedupSteps);
  const PlainComparison plain = comparePlainLibtorch(trainer, trainer.data().train, o.steps);

  // The GUI decodes on one thread (DESIGN.md), so latency is measured that way.
  torch::set_num_threads(1);
  trainer.model()->eval();
  const LatencyStats one = decodeLatency(trainer.model(), 1, kDecodeOneRepetitions);
  const LatencyStats grid = decodeLatency(trainer.model(), kGridSide * kGridSide, kDecodeGridRepetitions);
  torch::set_num_threads(o.threads);

  j["step_ms"] = stepBreakdown(train.phases, model, modelGemms);
  j["sgemm_peak_gflops"] = peak;
  j["sgemm_best_gflops"] = best;
  // Against the best kernel's peak, so a weak kernel cannot make the fraction look good.
  j["peak_fraction"] = train.gflops / best;
  j["gemm_model_shapes_gflops"] = modelGemms;
  j["model_shapes_fraction"] = train.gflops / modelGemms;
  j["decode_one_p50_ms"] = one.p50Ms;
  j["decode_one_p99_ms"] = one.p99Ms;
  j["decode_grid400_p50_ms"] = grid.p50Ms;
  j["decode_grid400_p99_ms"] = grid.p99Ms;
  j["bf16_step_speedup"] = bf16Speedup;
  j["threads"] = o.threads;
  j["plain_libtorch_images_per_second"] = plain.plainImagesPerSecond;
  j["speedup_vs_plain_libtorch"] = plain.speedupMedian;
  j["speedup_vs_plain_libtorch_min"] = plain.speedupMin;
  j["speedup_vs_plain_libtorch_max"] = plain.speedupMax;
  j["plain_comparison_rounds"] = plain.rounds;
  if (!o.compareKernel.isEmpty()) addKernelComparison(j, o, train);
  j["model"] = toString(o.architecture);
  j["steps"] = o.steps;
  j["data"] = o.dataSpec;
  const nlohmann::ordered_json system = systemInfoJson();
  for (const char* key : {"cpu", "isa", "isa_tier", "blas_core_default", "blas_core_best", "blas_reason"})
    j[key] = system.at(key);
  if (o.json)
    printJsonLine(j);
  else
    printText(o, j);
  return kExitOk;
}

}  // namespace vae
