// vae-studio train: trains headless, saving a resumable checkpoint after every epoch and on Ctrl-C.
#include <torch/torch.h>

#include "app/core/defaults.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

#include "app/cli/clicommon.h"
#include "app/core/datasetspec.h"
#include "app/core/folderdataset.h"
#include "model/resume.h"
#include "model/checkpoint.h"
#include "model/distributed.h"
#include "model/trainer.h"

namespace vae {

namespace {

// The progress bar is redrawn at most this often: faster is unreadable and costs terminal time.
constexpr double kProgressIntervalSeconds = 0.1;
// Width of the [#####.....] bar in characters.
constexpr int kProgressBarWidth = 10;
// Upper bounds that catch typos (an extra zero) long before they exhaust memory.
constexpr int64_t kMaxHidden = 65536;
constexpr int64_t kMaxThreads = 1024;

// The running trainer, so the interrupt handler can cancel it; Trainer::cancel() only stores an atomic bool.
std::atomic<Trainer*> gRunningTrainer{nullptr};
static_assert(std::atomic<Trainer*>::is_always_lock_free, "the signal handler may only touch lock-free atomics");

void cancelRunningTrainer() {
  if (Trainer* trainer = gRunningTrainer.load()) trainer->cancel();
}

// "1:02:03" / "4:05".
std::string formatDuration(double seconds) {
  const int64_t s = static_cast<int64_t>(std::max(0.0, seconds) + 0.5);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

// Everything the command line says, validated before any data is loaded.
struct TrainArguments {
  std::optional<std::string> dataSpec;
  QString out;
  QString resume;
  VaeConfig model;
  TrainConfig train;
  bool epochsGiven = false, lrGiven = false, betaGiven = false, precisionGiven = false;
  int threads = 1;
  bool json = false;
  std::optional<DistributedConfig> distributed;  // data-parallel rank, from the flags or WORLD_SIZE & co.
};

void addTrainOptions(QCommandLineParser& parser) {
  parser.setApplicationDescription(
      QStringLiteral("Trains a variational autoencoder and saves a resumable checkpoint after every epoch.\n"
                     "Ctrl-C saves the run so far and exits with code 130; --resume continues it.\n") +
      datasetSpecSyntax());
  parser.addHelpOption();
  parser.addOptions({
      {QStringLiteral("data"), QStringLiteral("Dataset to train on (see above)."), QStringLiteral("SPEC")},
      {QStringLiteral("kind"),
       QStringLiteral("Model kind: vae, or ae for a plain autoencoder (a deterministic code z = f(x), trained on\n"
                      "reconstruction alone: no KL term, so --beta and the KL schedules do nothing), or cvae for a\n"
                      "conditional VAE (the class label enters encoder and decoder; needs a labelled dataset, its\n"
                      "class count comes from the data; default vae)."),
       QStringLiteral("vae|ae|cvae")},
      {QStringLiteral("model"), QStringLiteral("Architecture: mlp or conv (default mlp)."), QStringLiteral("mlp|conv")},
      {QStringLiteral("latent"), QStringLiteral("Latent dimensions, 2..256 (default 20)."), QStringLiteral("N")},
      {QStringLiteral("hidden"), QStringLiteral("Hidden layer width (default 400 for mlp, 256 for conv)."),
       QStringLiteral("N")},
      {QStringLiteral("likelihood"), QStringLiteral("Decoder likelihood: bernoulli or gaussian (default bernoulli)."),
       QStringLiteral("bernoulli|gaussian")},
      {QStringLiteral("epochs"), QStringLiteral("Epochs in total, >= 1 (default 10; with --resume: the new total)."),
       QStringLiteral("N")},
      {QStringLiteral("batch"), QStringLiteral("Batch size, >= 1 (default 128)."), QStringLiteral("N")},
      {QStringLiteral("lr"), QStringLiteral("Adam learning rate, > 0 (default 0.001)."), QStringLiteral("X")},
      {QStringLiteral("lr-schedule"), QStringLiteral("Learning-rate schedule: constant, step or cosine."),
       QStringLiteral("constant|step|cosine")},
      {QStringLiteral("beta"), QStringLiteral("KL weight beta, >= 0 (default 1)."), QStringLiteral("X")},
      {QStringLiteral("kl-warmup"), QStringLiteral("Ramp beta linearly from 0 over this many steps."),
       QStringLiteral("STEPS")},
      {QStringLiteral("kl-cycle"), QStringLiteral("Cyclical KL annealing with this period in steps."),
       QStringLiteral("STEPS")},
      {QStringLiteral("seed"), QStringLiteral("Seed for weights, data order and noise (default 1)."),
       QStringLiteral("N")},
      {QStringLiteral("threads"), QStringLiteral("Torch intra-op threads, >= 1 (default: cores - 1)."),
       QStringLiteral("N")},
      {QStringLiteral("precision"),
       QStringLiteral("Matrix products in fp32 (default), or bf16 with fp32 master weights, Adam state and\n"
                      "loss. auto times a few steps of both and takes bf16 where the CPU has bf16 hardware and it\n"
                      "is >= 1.3x faster (data-parallel: fp32). With --resume: the run's own unless given."),
       QStringLiteral("fp32|bf16|auto")},
      {QStringLiteral("out"), QStringLiteral("Checkpoint to write (required)."), QStringLiteral("RUN.vaestudio")},
      {QStringLiteral("resume"), QStringLiteral("Continue the run saved in this checkpoint."),
       QStringLiteral("RUN.vaestudio")},
      {QStringLiteral("json"), QStringLiteral("One JSON object per epoch on stdout instead of text.")},
      {QStringLiteral("world-size"),
       QStringLiteral("Data-parallel: number of processes (also WORLD_SIZE). Each takes --batch images of a\n"
                      "global batch of batch x world-size; gradients are averaged with c10d/gloo."),
       QStringLiteral("N")},
      {QStringLiteral("rank"), QStringLiteral("Data-parallel: this process, 0..N-1 (also RANK). Rank 0 writes --out."),
       QStringLiteral("R")},
      {QStringLiteral("dist-timeout"),
       QStringLiteral("Data-parallel: seconds to wait for the other ranks, per connection and step (default 120)."),
       QStringLiteral("S")},
      {QStringLiteral("master"),
       QStringLiteral("Data-parallel: rank 0's address (also MASTER_ADDR, MASTER_PORT; default 127.0.0.1:29500).\n"
                      "Port 0 on rank 0: any free port, printed on stderr for the other ranks."),
       QStringLiteral("HOST:PORT")},
  });
}

// --kind, --model, --latent, --hidden, --likelihood; the image size comes from the data later.
VaeConfig readModelOptions(const QCommandLineParser& parser) {
  VaeConfig model;
  if (parser.isSet(QStringLiteral("kind")))
    model.kind = modelKindFromString(parser.value(QStringLiteral("kind")).toStdString());
  if (parser.isSet(QStringLiteral("model")))
    model.architecture = architectureFromString(parser.value(QStringLiteral("model")).toStdString());
  model.latentDim = integerOption(parser, QStringLiteral("latent"), model.latentDim, 2, 256);
  if (parser.isSet(QStringLiteral("hidden"))) {
    const int64_t hidden = integerOption(parser, QStringLiteral("hidden"), 0, 1, kMaxHidden);
    model.hiddenSizes = {hidden};
    model.convHidden = hidden;
  }
  if (parser.isSet(QStringLiteral("likelihood")))
    model.likelihood = likelihoodFromString(parser.value(QStringLiteral("likelihood")).toStdString());
  return model;
}

TrainArguments readTrainArguments(const QCommandLineParser& parser) {
  TrainArguments a;
  a.json = parser.isSet(QStringLiteral("json"));
  a.resume = parser.value(QStringLiteral("resume"));
  const bool resuming = parser.isSet(QStringLiteral("resume"));
  if (resuming && a.resume.isEmpty()) throw CliError("--resume needs a checkpoint file");
  if (resuming) {
    // The run's shape, data order and schedules are fixed by its checkpoint; changing them would not
    // resume the same run. (--lr and --beta are allowed: they become recorded overrides.)
    for (const char* fixed :
         {"kind", "model", "latent", "hidden", "likelihood", "batch", "lr-schedule", "kl-warmup", "kl-cycle", "seed"})
      if (parser.isSet(QString::fromLatin1(fixed)))
        throw CliError(std::string("--") + fixed + " cannot be changed when resuming (the checkpoint's value is used)");
  }
  if (parser.isSet(QStringLiteral("data"))) {
    const QString spec = parser.value(QStringLiteral("data"));
    if (spec.isEmpty()) throw CliError("--data needs a dataset spec");
    a.dataSpec = spec.toStdString();
  } else if (!resuming) {
    throw CliError("--data is required (e.g. --data fashion-mnist or --data shapes)");
  }
  a.out = parser.isSet(QStringLiteral("out")) || !resuming ? requiredOption(parser, QStringLiteral("out")) : a.resume;

  a.model = readModelOptions(parser);

  a.epochsGiven = parser.isSet(QStringLiteral("epochs"));
  a.train.epochs = integerOption(parser, QStringLiteral("epochs"), a.train.epochs, 1);
  a.train.batchSize = integerOption(parser, QStringLiteral("batch"), a.train.batchSize, 1);
  a.lrGiven = parser.isSet(QStringLiteral("lr"));
  a.train.lr.lr = numberOption(parser, QStringLiteral("lr"), a.train.lr.lr, 0.0, /*minExclusive=*/true);
  if (parser.isSet(QStringLiteral("lr-schedule"))) {
    a.train.lr.kind = lrKindFromString(parser.value(QStringLiteral("lr-schedule")).toStdString());
    // The Trainer fills in the cosine length (all epochs) when it is left at 0.
    a.train.lr.totalSteps = 0;
  }
  a.betaGiven = parser.isSet(QStringLiteral("beta"));
  a.train.beta.beta = numberOption(parser, QStringLiteral("beta"), a.train.beta.beta, 0.0, /*minExclusive=*/false);
  const bool warmup = parser.isSet(QStringLiteral("kl-warmup"));
  const bool cycle = parser.isSet(QStringLiteral("kl-cycle"));
  if (warmup && cycle) throw CliError("--kl-warmup and --kl-cycle cannot be combined");
  if (warmup) {
    a.train.beta.kind = BetaSchedule::Kind::Warmup;
    a.train.beta.warmupSteps = integerOption(parser, QStringLiteral("kl-warmup"), 0, 0);
  }
  if (cycle) {
    a.train.beta.kind = BetaSchedule::Kind::Cyclical;
    a.train.beta.cycleSteps = integerOption(parser, QStringLiteral("kl-cycle"), 0, 1);
  }
  a.train.seed = static_cast<uint64_t>(integerOption(parser, QStringLiteral("seed"), 1, 0));
  a.precisionGiven = parser.isSet(QStringLiteral("precision"));
  a.train.precision = precisionFromString(
      a.precisionGiven ? parser.value(QStringLiteral("precision")).toStdString() : std::string("fp32"));
  if (parser.isSet(QStringLiteral("world-size"))) {
    DistributedConfig d;
    d.worldSize = static_cast<int>(integerOption(parser, QStringLiteral("world-size"), 1, 1, 4096));
    d.rank = static_cast<int>(integerOption(parser, QStringLiteral("rank"), -1, 0, d.worldSize - 1));
    if (!parser.isSet(QStringLiteral("rank"))) throw CliError("--world-size needs --rank");
    if (parser.isSet(QStringLiteral("master"))) {
      const QString master = parser.value(QStringLiteral("master"));
      const int colon = master.lastIndexOf(QLatin1Char(':'));
      bool ok = false;
      d.masterPort = colon > 0 ? master.mid(colon + 1).toInt(&ok) : 0;
      if (!ok || d.masterPort < (d.rank == 0 ? 0 : 1) || d.masterPort > 65535)
        throw CliError("--master must be HOST:PORT, got '" + master.toStdString() + "'");
      d.masterAddr = master.left(colon).toStdString();
    }
    a.distributed = d;
  } else if (parser.isSet(QStringLiteral("rank")) || parser.isSet(QStringLiteral("master"))) {
    throw CliError("--rank and --master need --world-size");
  } else {
    try {
      a.distributed = DistributedConfig::fromEnvironment();
    } catch (const DistributedError& e) {
      throw CliError(e.what());
    }
  }
  if (a.distributed && a.distributed->worldSize == 1) a.distributed.reset();
  // Every rank must compute alike, and auto's timing could differ between them.
  if (a.distributed && a.train.precision == Precision::Auto) a.train.precision = Precision::Fp32;
  if (a.distributed && parser.isSet(QStringLiteral("dist-timeout")))
    a.distributed->timeout = std::chrono::milliseconds(static_cast<int64_t>(
        1000 * numberOption(parser, QStringLiteral("dist-timeout"), 120, 0.0, /*minExclusive=*/true)));
  const int defaultThreads = trainingThreadCount();
  a.threads = static_cast<int>(integerOption(parser, QStringLiteral("threads"), defaultThreads, 1, kMaxThreads));
  return a;
}

// Reports training: per-epoch JSON objects are results (stdout); the live bar (when stderr is a terminal) and
// the text epoch lines are progress (stderr), so `train --json > log.jsonl` still shows the bar.
class TrainProgress {
 public:
  TrainProgress(bool json, bool liveBar) : json_(json), liveBar_(liveBar) {}

  void startEpoch(const Trainer& trainer) {
    epochStart_ = Clock::now();
    lastDraw_ = epochStart_ - std::chrono::hours(1);
    stepsThisEpoch_ = 0;
    imagesThisEpoch_ = 0;
    lossSum_ = 0;
    totalSteps_ = trainer.trainConfig().epochs * trainer.stepsPerEpoch();
  }

  void step(const Trainer& trainer, const StepRecord& rec) {
    ++stepsThisEpoch_;
    imagesThisEpoch_ +=
        std::min(trainer.trainConfig().batchSize,
                 trainer.data().train.size() - (trainer.stepInEpoch() - 1) * trainer.trainConfig().batchSize);
    lossSum_ += rec.total;
    if (!liveBar_) return;
    const auto now = Clock::now();
    if (std::chrono::duration<double>(now - lastDraw_).count() < kProgressIntervalSeconds) return;
    lastDraw_ = now;
    const double elapsed = std::chrono::duration<double>(now - epochStart_).count();
    const int64_t perEpoch = trainer.stepsPerEpoch();
    const int filled = static_cast<int>(kProgressBarWidth * trainer.stepInEpoch() / std::max<int64_t>(1, perEpoch));
    const std::string bar = std::string(filled, '#') + std::string(kProgressBarWidth - filled, '.');
    const double secondsPerStep = elapsed / std::max<int64_t>(1, stepsThisEpoch_);
    const double imagesPerSecond = elapsed > 0 ? imagesThisEpoch_ / elapsed : 0;
    const double eta = secondsPerStep * static_cast<double>(totalSteps_ - trainer.globalStep());
    std::fprintf(stderr, "\r\033[Kepoch %lld/%lld [%s] step %lld  loss %.1f  %s img/s  ETA %s",
                 static_cast<long long>(trainer.epoch() + 1), static_cast<long long>(trainer.trainConfig().epochs),
                 bar.c_str(), static_cast<long long>(trainer.globalStep()), lossSum_ / stepsThisEpoch_,
                 groupThousands(static_cast<int64_t>(imagesPerSecond)).c_str(), formatDuration(eta).c_str());
    std::fflush(stderr);
  }

  void epoch(const Trainer& trainer, const EpochRecord& rec) {
    clearBar();
    if (json_) {
      printJsonLine({{"epoch", rec.epoch + 1},
                     {"train_loss", rec.trainTotal},
                     {"test_loss", rec.testTotal},
                     {"recon", rec.testRecon},
                     {"kl", rec.testKl},
                     {"seconds", rec.seconds}});
      return;
    }
    std::fprintf(stderr, "epoch %lld/%lld  train %.2f  test %.2f  (recon %.1f, kl %.1f)  %.1f s\n",
                 static_cast<long long>(rec.epoch + 1), static_cast<long long>(trainer.trainConfig().epochs),
                 rec.trainTotal, rec.testTotal, rec.testRecon, rec.testKl, rec.seconds);
    std::fflush(stderr);
  }

  void clearBar() {
    if (liveBar_) clearProgressLine();
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool json_, liveBar_;
  Clock::time_point epochStart_{}, lastDraw_{};
  int64_t stepsThisEpoch_ = 0, imagesThisEpoch_ = 0, totalSteps_ = 0;
  double lossSum_ = 0;
};

// The run the arguments ask for: a new one on data, or a checkpoint continued (its own model and data order).
std::unique_ptr<Trainer> makeTrainer(const TrainArguments& a, const std::optional<Checkpoint>& resumed,
                                     DatasetSplit data) {
  if (resumed) {
    if (data.train.identity != resumed->datasetIdentity)
      std::cerr << "vae-studio train: warning: the data is " << data.train.identity << ", the run was trained on "
                << resumed->datasetIdentity << std::endl;
    ResumeChanges changes;
    if (a.epochsGiven) changes.epochs = a.train.epochs;
    if (a.lrGiven) changes.learningRate = a.train.lr.lr;
    if (a.betaGiven) changes.beta = a.train.beta.beta;
    if (a.precisionGiven) changes.precision = a.train.precision;
    changes.source = a.resume.toStdString();
    return resumeTrainer(*resumed, std::move(data), changes);
  }
  VaeConfig model = a.model;
  model.channels = data.train.channels();
  model.height = data.train.height();
  model.width = data.train.width();
  return std::make_unique<Trainer>(model, a.train, std::move(data));
}

// Trains epoch by epoch, the writer saving after each, until finished or stopped. Returns whether the state at
// the end is on disk. A diverged run is saved on its last good weights and reported.
bool trainEpochs(Trainer& trainer, TrainProgress& progress, bool writer, const std::string& spec,
                 const std::string& out) {
  gRunningTrainer = &trainer;
  if (InterruptGuard::interrupted()) trainer.cancel();  // a signal between loading and here must not be lost
  bool saved = false;
  while (!trainer.finished() && !trainer.cancelled()) {
    progress.startEpoch(trainer);
    saved = false;
    try {
      if (!trainer.runEpoch()) break;
    } catch (const TrainingDiverged& e) {
      // The trainer is back on its last good weights: keep them, so the hours before are not lost.
      gRunningTrainer = nullptr;
      progress.clearBar();
      if (!writer) throw CliError(e.what(), kExitFailure);
      Checkpoint::capture(trainer, spec).save(out);
      throw CliError(std::string(e.what()) + " (saved to " + out + ")", kExitFailure);
    }
    // Every finished epoch is on disk, so a crash or kill -9 loses at most one epoch.
    if (writer) Checkpoint::capture(trainer, spec).save(out);
    saved = true;
  }
  gRunningTrainer = nullptr;
  progress.clearBar();
  return saved;
}

void printFinal(const Trainer& trainer, const std::string& out, bool json) {
  const auto& epochs = trainer.history().epochs;
  using Json = nlohmann::ordered_json;
  if (json) {
    printJsonLine({{"final", true},
                   {"test_loss", epochs.empty() ? Json() : Json(epochs.back().testTotal)},
                   {"out", out},
                   {"precision", toString(trainer.trainConfig().precision)},
                   {"precision_reason", trainer.precisionReason()}});
    return;
  }
  std::printf("saved %s (%lld epoch%s, step %lld", out.c_str(), static_cast<long long>(trainer.epoch()),
              trainer.epoch() == 1 ? "" : "s", static_cast<long long>(trainer.globalStep()));
  if (!epochs.empty()) std::printf(", test loss %.2f", epochs.back().testTotal);
  std::printf(")\n");
  std::fflush(stdout);
}

int train(const QStringList& args) {
  QCommandLineParser parser;
  addTrainOptions(parser);
  parseCliArguments(parser, args);
  if (printHelpOrVersionIfRequested(parser, QStringLiteral("train"))) return kExitOk;
  const TrainArguments a = readTrainArguments(parser);
  checkOutputPath(a.out);
  InterruptGuard interruptGuard(cancelRunningTrainer);  // from here on Ctrl-C is ours, so a run is never lost half-saved

  torch::set_num_threads(a.threads);
  std::optional<Checkpoint> resumed;
  if (!a.resume.isEmpty()) resumed = Checkpoint::load(a.resume.toStdString());
  const std::string spec = a.dataSpec ? *a.dataSpec : resumed->datasetSpec;
  DatasetSplit data = loadDatasetForCli(QStringLiteral("train"), spec);
  if (InterruptGuard::interrupted()) {
    std::cerr << "interrupted before training started; nothing written" << std::endl;
    return kExitInterrupted;
  }
  std::unique_ptr<Trainer> trainer = makeTrainer(a, resumed, std::move(data));
  // Every rank reads the same data and (when resuming) the same checkpoint; rank 0's weights win.
  if (a.distributed) {
    DistributedConfig d = *a.distributed;
    // Port 0: the kernel chose one as the store bound it; the other ranks must be told which.
    if (d.masterPort == 0)
      d.onListening = [world = d.worldSize, host = d.masterAddr](int port) {
        std::cerr << "rank 0 of " << world << ": listening on " << host << ":" << port << std::endl;
      };
    trainer->setProcessGroup(std::make_shared<ProcessGroup>(d));
  }
  // Rank 0 alone writes checkpoints and reports; the other ranks train silently and report errors.
  const bool writer = trainer->rank() == 0;
  const std::string out = a.out.toStdString();
  TrainProgress progress(a.json, writer && progressIsLive());
  if (writer && !a.json) std::cerr << "precision: " << trainer->precisionReason() << std::endl;
  if (writer && !a.json && trainer->modelConfig().isConditional())
    std::cerr << "model: conditional VAE over " << trainer->modelConfig().classCount << " classes" << std::endl;
  if (writer && trainer->modelConfig().isAutoencoder()) {
    // The JSON lines keep their "kl" key (always 0) so that one parser reads runs of both kinds.
    if (!a.json) std::cerr << "model: plain autoencoder, the loss is reconstruction only (kl is always 0)" << std::endl;
    if (a.betaGiven || a.train.beta.kind != BetaSchedule::Kind::Constant)
      std::cerr << "vae-studio train: warning: an autoencoder has no KL term; beta and KL schedules have no effect"
                << std::endl;
  }
  if (writer) {
    trainer->onStep = [&](const StepRecord& rec) { progress.step(*trainer, rec); };
    trainer->onEpoch = [&](const EpochRecord& rec) { progress.epoch(*trainer, rec); };
  }
  const bool saved = trainEpochs(*trainer, progress, writer, spec, out);

  // Data-parallel: a Ctrl-C on any rank stops them all at the same step (see Trainer::setProcessGroup).
  if (InterruptGuard::interrupted() || (a.distributed && !trainer->finished())) {
    if (!writer) return kExitInterrupted;
    if (!saved) Checkpoint::capture(*trainer, spec).save(out);
    if (a.json)
      printJsonLine(
          {{"interrupted", true}, {"epoch", trainer->epoch() + 1}, {"step", trainer->globalStep()}, {"out", out}});
    std::cerr << "interrupted: saved resumable checkpoint to " << out << " (epoch " << trainer->epoch() + 1 << ", step "
              << trainer->globalStep() << ")" << std::endl;
    return kExitInterrupted;
  }
  if (!writer) return kExitOk;
  if (!saved) Checkpoint::capture(*trainer, spec).save(out);  // a resumed run that was already complete
  printFinal(*trainer, out, a.json);
  return kExitOk;
}

}  // namespace

int runTrainCommand(const QStringList& args) {
  return runCliCommand(QStringLiteral("train"), [&] {
    try {
      return train(args);
    } catch (const DistributedError& e) {
      // Another rank died or never came: one line naming this rank; the last checkpoint is intact.
      throw CliError(e.what(), kExitFailure);
    }
  });
}

}  // namespace vae
