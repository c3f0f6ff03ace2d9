// vae-studio eval: the importance-weighted estimate of -log p(x) of a checkpoint on its test (or training) images,
// with its standard error and the -ELBO beside it (issue 19).
#include "app/cli/clicommon.h"
#include "model/blaskernel.h"
#include "model/checkpoint.h"
#include "model/dataset.h"
#include "model/disentanglement.h"
#include "model/loglikelihood.h"

#include <ATen/Parallel.h>

#include <QCommandLineParser>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>

namespace vae {

namespace {

// Burda et al. use K = 5000; 1000 gets within a few tenths of a nat of it on MNIST-size models at a fifth of the
// time (Fashion-MNIST's 10 000 test images then take minutes on two cores, see README "Log-likelihood (IWAE)").
constexpr int64_t kDefaultSamples = 1000;
// A typo's extra zeros should be refused, not run for a week.
constexpr int64_t kMaxSamples = 100000;
constexpr int64_t kMaxChunkDecodes = 1 << 22;
constexpr int64_t kMaxThreads = 1024;
// The progress bar is redrawn at most this often, as train's.
constexpr double kProgressIntervalSeconds = 0.1;
constexpr int kProgressBarWidth = 10;

struct EvalArguments {
  QString checkpoint;
  QString dataSpec;  // empty: the checkpoint's own
  bool train = false;
  bool json = false;
  int threads = 1;
  LogLikelihoodOptions options;
};

EvalArguments readArguments(const QCommandLineParser& parser) {
  EvalArguments a;
  a.checkpoint = requiredOption(parser, QStringLiteral("checkpoint"));
  a.dataSpec = parser.value(QStringLiteral("data"));
  const QString split = parser.isSet(QStringLiteral("split")) ? parser.value(QStringLiteral("split")) : "test";
  if (split != QLatin1String("test") && split != QLatin1String("train"))
    throw CliError("--split must be test or train, got '" + split.toStdString() + "'");
  a.train = split == QLatin1String("train");
  a.json = parser.isSet(QStringLiteral("json"));
  a.options.samples = integerOption(parser, QStringLiteral("samples"), kDefaultSamples, 1, kMaxSamples);
  a.options.chunkDecodes =
      integerOption(parser, QStringLiteral("batch"), a.options.chunkDecodes, 1, kMaxChunkDecodes);
  a.options.seed = static_cast<uint64_t>(integerOption(parser, QStringLiteral("seed"), 0, 0));
  // Every core: nothing trains beside a command-line estimate (the window's estimate takes one core while a run
  // trains). LibTorch 1.13 here starts at one intra-op thread, which left one of two cores idle.
  a.threads = static_cast<int>(
      integerOption(parser, QStringLiteral("threads"), std::max(1, QThread::idealThreadCount()), 1, kMaxThreads));
  return a;
}

// A live bar on stderr when it is a terminal: "log p(x) [####......] 4,000/10,000 images  ETA 1:02".
class EvalProgress {
 public:
  explicit EvalProgress(bool live) : live_(live) {}
  void operator()(int64_t done, int64_t total) {
    if (!live_) return;
    const auto now = Clock::now();
    if (done < total && std::chrono::duration<double>(now - lastDraw_).count() < kProgressIntervalSeconds) return;
    lastDraw_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const int filled = static_cast<int>(kProgressBarWidth * done / std::max<int64_t>(1, total));
    const double eta = done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0;
    std::fprintf(stderr, "\r\033[Klog p(x) [%s%s] %s/%s images  ETA %lld:%02lld", std::string(filled, '#').c_str(),
                 std::string(kProgressBarWidth - filled, '.').c_str(), groupThousands(done).c_str(),
                 groupThousands(total).c_str(), static_cast<long long>(eta) / 60, static_cast<long long>(eta) % 60);
    std::fflush(stderr);
  }
  void clear() const {
    if (live_) clearProgressLine();
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool live_;
  Clock::time_point start_ = Clock::now(), lastDraw_ = start_ - std::chrono::hours(1);
};

// The images to score: the run's data (or --data), refused when the model was made for another image size.
Dataset loadImages(const EvalArguments& a, const Checkpoint& checkpoint) {
  const std::string spec = a.dataSpec.isEmpty() ? checkpoint.datasetSpec : a.dataSpec.toStdString();
  DatasetSplit data = loadDatasetForCli(QStringLiteral("eval"), spec);
  Dataset images = a.train ? std::move(data.train) : std::move(data.test);
  const VaeConfig& m = checkpoint.modelConfig;
  if (images.size() == 0) throw CliError(spec + ": the " + (a.train ? "training" : "test") + " split has no images");
  if (images.channels() != m.channels || images.height() != m.height || images.width() != m.width)
    throw CliError(spec + ": images are " + std::to_string(images.channels()) + "x" + std::to_string(images.height()) +
                   "x" + std::to_string(images.width()) + ", the model takes " + std::to_string(m.channels) + "x" +
                   std::to_string(m.height) + "x" + std::to_string(m.width));
  return images;
}

// For data with known generative factors (shapes), the MIG of the same images' codes: one place to read both numbers.
std::optional<MutualInformation> migOf(Vae& model, const Dataset& images) {
  if (!images.factors.defined()) return std::nullopt;
  return disentanglement(model, images);
}

void printResult(const EvalArguments& a, const LogLikelihoodEstimate& e, const std::optional<MutualInformation>& mi,
                 double seconds) {
  using Json = nlohmann::ordered_json;
  const char* split = a.train ? "train" : "test";
  if (a.json) {
    printJsonLine({{"command", "eval"},
                   {"checkpoint", a.checkpoint.toStdString()},
                   {"neg_log_likelihood", e.negLogLikelihood},
                   {"standard_error", e.standardError},
                   {"neg_elbo", e.negElbo},
                   {"samples", e.samples},
                   {"images", e.images},
                   {"split", split},
                   {"seed", a.options.seed},
                   {"mig", mi ? Json(mi->mig) : Json()},  // null for data without generative factors
                   {"seconds", seconds},
                   {"threads", a.threads},
                   {"blas_kernel", blasStatus().coreInUse}});
    return;
  }
  std::printf("-log p(x) ~ %.2f +- %.2f nats per image (IWAE, K = %lld, %s %s images); -ELBO %.2f",
              e.negLogLikelihood, e.standardError, static_cast<long long>(e.samples), groupThousands(e.images).c_str(),
              split, e.negElbo);
  if (mi) std::printf("; MIG %.3f", mi->mig);
  std::printf("\n");
  std::fprintf(stderr, "%.1f s\n", seconds);
}

void addOptions(QCommandLineParser& parser) {
  parser.setApplicationDescription(QStringLiteral(
      "Estimates -log p(x) of a VAE in nats per image with the importance-weighted bound of Burda et al. (2016):\n"
      "log p(x) ~ log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x), z_k ~ q(z|x). It is a bound that tightens as K grows\n"
      "(K = 1 is the ELBO). Prints it with its standard error over images and the -ELBO beside it.\n"
      "The default K = 1000 is within a few tenths of a nat of the papers' K = 5000 at a fifth of the time.\n"
      "On data with known generative factors (shapes) the same images' MIG (Chen et al. 2018) is printed too.\n"
      "Ctrl-C stops it (exit 130, nothing printed on stdout). A plain autoencoder has no bound (exit 2)."));
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("checkpoint"), QStringLiteral("Trained VAE to evaluate (required)."), QStringLiteral("RUN.vaestudio")},
      {QStringLiteral("samples"), QStringLiteral("Importance samples K per image, 1..100000 (default 1000)."),
       QStringLiteral("K")},
      {QStringLiteral("split"), QStringLiteral("Images to score: test (default) or train."), QStringLiteral("test|train")},
      {QStringLiteral("data"), QStringLiteral("Dataset spec instead of the checkpoint's own."), QStringLiteral("SPEC")},
      {QStringLiteral("batch"),
       QStringLiteral("Decodes at once (images x samples), bounds memory; default 16384 (~50 MB of 28x28 logits)."),
       QStringLiteral("N")},
      {QStringLiteral("seed"), QStringLiteral("Seed of the samples (default 0); the result does not depend on --batch."),
       QStringLiteral("N")},
      {QStringLiteral("threads"), QStringLiteral("Torch intra-op threads, >= 1 (default: every core)."),
       QStringLiteral("N")},
      {QStringLiteral("json"), QStringLiteral("Print one JSON object instead of text.")},
  });
}

int evalCommand(const QStringList& args) {
  QCommandLineParser parser;
  addOptions(parser);
  parseCliArguments(parser, args);
  if (printHelpOrVersionIfRequested(parser, QStringLiteral("eval"))) return kExitOk;
  const EvalArguments a = readArguments(parser);
  InterruptGuard interruptGuard;  // Ctrl-C sets the flag the estimate polls between chunks
  at::set_num_threads(a.threads);

  const Checkpoint checkpoint = Checkpoint::load(a.checkpoint.toStdString());  // CheckpointError names the file
  if (checkpoint.modelConfig.isAutoencoder())
    throw CliError(a.checkpoint.toStdString() + ": " + autoencoderHasNoLikelihoodBound());
  const Dataset images = loadImages(a, checkpoint);
  Vae model = checkpoint.makeModel();

  EvalProgress progress(progressIsLive());
  const auto start = std::chrono::steady_clock::now();
  const std::optional<LogLikelihoodEstimate> estimate =
      estimateLogLikelihood(model, images, a.options, std::ref(progress), &InterruptGuard::flag());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.clear();
  if (!estimate || InterruptGuard::interrupted()) {
    std::cerr << "interrupted: no estimate (stopped after " << static_cast<int>(seconds) << " s)" << std::endl;
    return kExitInterrupted;
  }
  printResult(a, *estimate, migOf(model, images), seconds);
  return kExitOk;
}

}  // namespace

int runEvalCommand(const QStringList& args) {
  return runCliCommand(QStringLiteral("eval"), [&] { return evalCommand(args); });
}

}  // namespace vae
