#include "app/core/trainingworker.h"

#include "app/core/errortext.h"

#include "app/core/imageconversion.h"
#include "app/core/tsanannotations.h"
#include "model/resume.h"
#include "model/latenttools.h"
#include "model/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <QThread>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>
#include <stdexcept>
#include <tuple>
#include <type_traits>

namespace vae {

namespace {
using Clock = std::chrono::steady_clock;

// +5: when both want the core, the scheduler gives the GUI thread ~3 times the training thread's share.
constexpr int kTrainingNiceIncrement = 5;

// The sliding window over which imagesPerSecond is measured: long enough to smooth step jitter,
// short enough to follow a change of threads or batch size within a couple of seconds.
constexpr std::chrono::milliseconds kThroughputWindow{2000};


}  // namespace

struct TrainingWorker::Impl {
  struct Command {
    enum class Kind { Pause, Resume, Stop, StepOnce, SetBeta, SetLr, Save, Capture };
    Command(Kind k, double v = 0, QString p = {}) : kind(k), value(v), path(std::move(p)) {}
    Kind kind;
    double value;
    QString path;
  };

  explicit Impl(TrainingWorker* owner, TrainingSetup s) : q(owner), setup(std::move(s)) {}

  TrainingWorker* q;
  const TrainingSetup setup;
  // Stays on the thread that constructed the worker (not a child: children would move with it). The
  // worker's signals are emitted from calls posted to it, so they reach their receivers on that thread
  // through one annotated hand-over (postCall) instead of Qt copying each argument across threads.
  QObject outbox;

  // Emits signal(args...) on the outbox's thread: posted from the training thread (the arguments are
  // copied into the call here, on this thread), emitted at once when already there (a save or capture
  // requested after the run has ended reports before requestCheckpoint returns, as documented).
  template <typename... Params, typename... Args>
  void publish(void (TrainingWorker::*signal)(Params...), Args&&... args) {
    if (QThread::currentThread() == outbox.thread()) {
      (q->*signal)(std::forward<Args>(args)...);
      return;
    }
    postCall(&outbox, [worker = q, signal, values = std::make_tuple(std::decay_t<Args>(std::forward<Args>(args))...)] {
      std::apply([&](const auto&... v) { (worker->*signal)(v...); }, values);
    });
  }

  // --- shared between threads, guarded by mutex ---
  std::mutex mutex;
  std::condition_variable wake;  // signalled on every new command, so a paused loop sleeps instead of polling
  std::deque<Command> commands;
  bool runStarted = false;
  // Set when run() will not touch the trainer again: from then on the trainer belongs to whoever holds
  // the mutex, which is how requestCheckpoint() saves synchronously after a run has ended.
  bool loopFinished = false;
  std::unique_ptr<Trainer> trainer;  // created by run() on the worker thread

  // --- worker thread only, while the loop runs ---
  bool paused = false;
  bool stopRequested = false;
  int64_t stepsAllowedWhilePaused = 0;
  size_t eventsSeen = 0;
  StepBatch pending;
  int64_t pendingEpoch = 0;  // epoch of the newest pending step
  Clock::time_point lastStepFlush{}, lastImageRefresh{};
  struct ThroughputSample {
    Clock::time_point start, end;
    int64_t images;
  };
  std::deque<ThroughputSample> throughput;
  LiveViewInputs liveInputs;  // chosen once per run

  void push(Command command) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      commands.push_back(std::move(command));
    }
    wake.notify_one();
  }

  void setState(TrainingState s) {
    if (q->state_.exchange(s) != s) publish(&TrainingWorker::stateChanged, s);
  }

  void createTrainer() {
    if (!setup.data) throw std::invalid_argument("no dataset to train on");
    std::unique_ptr<Trainer> t;
    if (setup.resumeFrom) {
      const Checkpoint& ckpt = *setup.resumeFrom;
      ResumeChanges changes;
      changes.epochs = setup.train.epochs;
      t = resumeTrainer(ckpt, *setup.data, changes);
      // The checkpoint's own history predates this session: the GUI shows it from resumeFrom, so
      // only events from here on (the "resumed" marker first) are sent as signals.
      eventsSeen = ckpt.history.events.size();
    } else {
      t = std::make_unique<Trainer>(setup.model, setup.train, *setup.data);
    }
    t->onStep = [this](const StepRecord& r) { appendStep(r); };
    t->onEpoch = [this](const EpochRecord& r) {
      EpochStats s;
      s.epoch = static_cast<int>(r.epoch);
      s.step = r.step;
      s.trainTotal = r.trainTotal;
      s.testTotal = r.testTotal;
      s.testRecon = r.testRecon;
      s.testKl = r.testKl;
      s.seconds = r.seconds;
      publish(&TrainingWorker::epochFinished, s);
    };
    std::lock_guard<std::mutex> lock(mutex);
    trainer = std::move(t);
  }

  void prepareFixedInputs() {
    liveInputs = LiveViewInputs::of(trainer->data(), trainer->modelConfig().latentDim, trainer->trainConfig().seed);
  }

  void appendStep(const StepRecord& r) {
    pending.step.append(static_cast<double>(r.step));
    pending.total.append(r.total);
    pending.recon.append(r.recon);
    pending.kl.append(r.kl);
    pending.beta.append(r.beta);
    pending.lr.append(r.lr);
    pendingEpoch = r.epoch;
  }

  double imagesPerSecond() const {
    if (throughput.empty()) return 0;
    int64_t images = 0;
    for (const ThroughputSample& s : throughput) images += s.images;
    const double seconds = std::chrono::duration<double>(throughput.back().end - throughput.front().start).count();
    return seconds > 0 ? images / seconds : 0;
  }

  void recordThroughput(Clock::time_point start, Clock::time_point end) {
    const int64_t batch = trainer->trainConfig().batchSize;
    const int64_t begin = (trainer->stepInEpoch() - 1) * batch;
    throughput.push_back({start, end, std::max<int64_t>(0, std::min(batch, trainer->data().train.size() - begin))});
    while (throughput.size() > 1 && end - throughput.front().start > kThroughputWindow) throughput.pop_front();
  }

  void flushSteps() {
    lastStepFlush = Clock::now();
    if (pending.step.isEmpty()) return;
    StepBatch batch;
    std::swap(batch, pending);
    batch.globalStep = trainer->globalStep();
    batch.epoch = static_cast<int>(pendingEpoch);
    batch.stepInEpoch = trainer->stepInEpoch();
    batch.stepsPerEpoch = trainer->stepsPerEpoch();
    batch.epochs = static_cast<int>(trainer->trainConfig().epochs);
    batch.imagesPerSecond = imagesPerSecond();
    publish(&TrainingWorker::stepsReady, batch);
  }

  void emitNewEvents() {
    const auto& events = trainer->history().events;
    for (; eventsSeen < events.size(); ++eventsSeen)
      publish(&TrainingWorker::eventRecorded, toTrainingEvent(events[eventsSeen]));
  }

  // Reconstructions, prior samples, KL bars and a decoder snapshot: the "live" views.
  void refreshLiveViews() {
    lastImageRefresh = Clock::now();
    const LiveViews views = renderLiveViews(trainer->model(), liveInputs, /*settled=*/!trainer->history().epochs.empty(),
                                            trainer->globalStep());
    publish(&TrainingWorker::reconstructionsReady, views.originals, views.reconstructions);
    publish(&TrainingWorker::samplesReady, views.samples);
    publish(&TrainingWorker::klUpdated, views.kl);
    publishSnapshot();
  }

  // Once an epoch, on this thread: encoding the 2 000 shapes:28 test images and binning their codes costs about
  // as much as a few training steps (measured in the README's disentanglement section), far too much for the
  // live views' 4 Hz and nothing next to an epoch. Data without factors send one report that does not apply.
  void publishMutualInfo() {
    const DatasetSplit& data = trainer->data();
    if (!hasGenerativeFactors(data)) {
      publish(&TrainingWorker::mutualInfoUpdated, MutualInfoReport());
      return;
    }
    if (trainer->history().epochs.empty()) {
      publish(&TrainingWorker::mutualInfoUpdated, MutualInfoReport::pending());
      return;
    }
    publish(&TrainingWorker::mutualInfoUpdated, mutualInfoReport(trainer->model(), data, trainer->globalStep()));
  }

  void publishSnapshot() {
    publish(&TrainingWorker::snapshotReady, captureDecoderSnapshot(*trainer));
  }

  void afterStep() {
    emitNewEvents();
    const Clock::time_point now = Clock::now();
    if (now - lastStepFlush >= std::chrono::milliseconds(1000 / kMaxStepBatchesPerSecond)) flushSteps();
    if (now - lastImageRefresh >= std::chrono::milliseconds(1000 / kImageRefreshesPerSecond)) refreshLiveViews();
  }

  void save(const QString& path, const Checkpoint& checkpoint) {
    try {
      checkpoint.save(path.toStdString());
      publish(&TrainingWorker::checkpointSaved, path);
    } catch (const std::exception& e) {
      QString message = firstLine(QString::fromUtf8(e.what()));
      if (!message.contains(path)) message = path + QStringLiteral(": ") + message;
      publish(&TrainingWorker::failed, message);
    }
  }

  // The caller holds the mutex. Never emits: a receiver connected directly could call back into
  // requestCheckpoint() and deadlock on the mutex; errors come back in *error instead.
  std::optional<Checkpoint> captureLocked(const QString& path, QString* error) {
    if (!trainer) {
      *error = path + QStringLiteral(": there is no model to save (training has not started or could not start)");
      return std::nullopt;
    }
    try {
      return Checkpoint::capture(*trainer, setup.datasetSpec.toStdString());
    } catch (const std::exception& e) {
      *error = path + QStringLiteral(": ") + firstLine(QString::fromUtf8(e.what()));
      return std::nullopt;
    }
  }

  // Writes outside the lock (capture made deep copies) and reports either way.
  void saveCaptured(const QString& path, const std::optional<Checkpoint>& checkpoint, const QString& error) {
    if (checkpoint)
      save(path, *checkpoint);
    else
      publish(&TrainingWorker::failed, error);
  }

  void saveFromLoop(const QString& path) {
    std::optional<Checkpoint> checkpoint;
    QString error;
    {
      std::lock_guard<std::mutex> lock(mutex);
      checkpoint = captureLocked(path, &error);
    }
    saveCaptured(path, checkpoint, error);
  }

  // Capture for an export: like saveFromLoop without the file. Emits outside the lock.
  void captureForExport() {
    std::optional<Checkpoint> checkpoint;
    QString error;
    {
      std::lock_guard<std::mutex> lock(mutex);
      checkpoint = captureLocked(QStringLiteral("export"), &error);
    }
    emitCaptured(checkpoint, error);
  }

  void emitCaptured(std::optional<Checkpoint>& checkpoint, const QString& error) {
    if (checkpoint)
      publish(&TrainingWorker::captured, CheckpointPtr(std::make_shared<const Checkpoint>(std::move(*checkpoint))),
              QString());
    else
      publish(&TrainingWorker::captured, CheckpointPtr(), error);
  }

  // Applies queued commands; sleeps first while paused with nothing to do. Returns false on stop.
  bool applyCommands() {
    std::deque<Command> todo;
    {
      std::unique_lock<std::mutex> lock(mutex);
      if (paused && stepsAllowedWhilePaused == 0)
        wake.wait(lock, [this] { return !commands.empty(); });
      todo.swap(commands);
    }
    for (const Command& c : todo) {
      switch (c.kind) {
        case Command::Kind::Pause:
          if (!paused) {
            paused = true;
            stepsAllowedWhilePaused = 0;
            // Show exactly where the run stopped: remaining losses, current images, current weights.
            flushSteps();
            refreshLiveViews();
            throughput.clear();  // a pause is not slow training
            setState(TrainingState::Paused);
          }
          break;
        case Command::Kind::Resume:
          if (paused) {
            paused = false;
            stepsAllowedWhilePaused = 0;
            setState(TrainingState::Running);
          }
          break;
        case Command::Kind::Stop:
          stopRequested = true;
          break;
        case Command::Kind::StepOnce:
          if (paused) ++stepsAllowedWhilePaused;
          break;
        case Command::Kind::SetBeta:
          trainer->setBeta(c.value);
          break;
        case Command::Kind::SetLr:
          trainer->setLearningRate(c.value);
          break;
        case Command::Kind::Save:
          saveFromLoop(c.path);
          break;
        case Command::Kind::Capture:
          captureForExport();
          break;
      }
    }
    emitNewEvents();
    return !stopRequested;
  }

  void loop() {
    while (applyCommands()) {
      if (paused && stepsAllowedWhilePaused == 0) continue;  // woken by a command that was not a step
      const Clock::time_point start = Clock::now();
      if (trainer->step()) {
        recordThroughput(start, Clock::now());
        if (paused) {
          // Single steps are user-paced: show each one at once.
          --stepsAllowedWhilePaused;
          emitNewEvents();
          flushSteps();
          refreshLiveViews();
        } else {
          afterStep();
        }
        continue;
      }
      // No batch left in this epoch: runEpoch() only evaluates and records it (see Trainer::runEpoch).
      flushSteps();
      trainer->runEpoch();
      // The epoch end frees the evaluation batches, and the autosave's capture follows. glibc keeps freed
      // pages for reuse, and over a long session that free space crept up (bench --soak: RSS +3 % in 20
      // epochs while the bytes in use stayed flat). Handing them back here, off the GUI thread, once an
      // epoch, keeps a long session's footprint flat for a few milliseconds.
      malloc_trim(0);
      emitNewEvents();
      refreshLiveViews();
      publishMutualInfo();
      if (trainer->finished()) return;
    }
  }

  // From here on the trainer belongs to the mutex holder; saves that raced the end are honoured.
  void finishLoop() {
    struct PendingSave {
      QString path, error;
      std::optional<Checkpoint> checkpoint;
      bool forExport = false;  // a requestCapture: delivered, not written
    };
    std::vector<PendingSave> toSave;
    {
      std::lock_guard<std::mutex> lock(mutex);
      loopFinished = true;
      for (const Command& c : commands)
        if (c.kind == Command::Kind::Save || c.kind == Command::Kind::Capture) {
          const bool forExport = c.kind == Command::Kind::Capture;
          PendingSave p{c.path, {}, std::nullopt, forExport};
          p.checkpoint = captureLocked(forExport ? QStringLiteral("export") : c.path, &p.error);
          toSave.push_back(std::move(p));
        }
      commands.clear();
    }
    for (PendingSave& p : toSave) {
      if (p.forExport)
        emitCaptured(p.checkpoint, p.error);
      else
        saveCaptured(p.path, p.checkpoint, p.error);
    }
  }
};

TrainingWorker::TrainingWorker(TrainingSetup setup, QObject* parent)
    : QObject(parent), d_(std::make_unique<Impl>(this, std::move(setup))) {
  registerTrainingMetaTypes();
  qRegisterMetaType<vae::CheckpointPtr>("vae::CheckpointPtr");
}

// The owner stops the run and waits for the thread before deleting the worker (see DESIGN.md, Threads).
TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::pause() { d_->push({Impl::Command::Kind::Pause}); }
void TrainingWorker::resume() { d_->push({Impl::Command::Kind::Resume}); }
void TrainingWorker::stop() { d_->push({Impl::Command::Kind::Stop}); }
void TrainingWorker::stepOnce() { d_->push({Impl::Command::Kind::StepOnce}); }

void TrainingWorker::setBeta(double beta) {
  // Trainer::setBeta would throw on the worker thread and end the run; an invalid value is dropped here.
  if (!(beta >= 0) || !std::isfinite(beta)) return;
  d_->push({Impl::Command::Kind::SetBeta, beta});
}

void TrainingWorker::setLearningRate(double lr) {
  if (!(lr > 0) || !std::isfinite(lr)) return;
  d_->push({Impl::Command::Kind::SetLr, lr});
}

void TrainingWorker::requestCheckpoint(const QString& path) {
  std::optional<Checkpoint> checkpoint;
  QString error;
  {
    std::lock_guard<std::mutex> lock(d_->mutex);
    if (!d_->loopFinished) {
      // The loop (running, paused, or not yet started) saves at its next step boundary.
      d_->commands.push_back({Impl::Command::Kind::Save, 0, path});
      d_->wake.notify_one();
      return;
    }
    // run() has returned: nothing else touches the trainer, so capture here in the caller's thread.
    checkpoint = d_->captureLocked(path, &error);
  }
  d_->saveCaptured(path, checkpoint, error);
}

void TrainingWorker::requestCapture() {
  std::optional<Checkpoint> checkpoint;
  QString error;
  {
    std::lock_guard<std::mutex> lock(d_->mutex);
    if (!d_->loopFinished) {
      d_->commands.push_back({Impl::Command::Kind::Capture});
      d_->wake.notify_one();
      return;
    }
    checkpoint = d_->captureLocked(QStringLiteral("export"), &error);
  }
  d_->emitCaptured(checkpoint, error);
}

CheckpointPtr TrainingWorker::finalState() {
  std::lock_guard<std::mutex> lock(d_->mutex);
  if (!d_->loopFinished) return nullptr;
  QString error;
  std::optional<Checkpoint> checkpoint = d_->captureLocked(QStringLiteral("final state"), &error);
  return checkpoint ? std::make_shared<const Checkpoint>(std::move(*checkpoint)) : nullptr;
}

void TrainingWorker::run() {
  Impl& d = *d_;
  {
    std::lock_guard<std::mutex> lock(d.mutex);
    if (d.runStarted) return;  // one run per worker: a second call would race the first's trainer
    d.runStarted = true;
  }
  try {
    // LibTorch 1.13 (OpenMP build): at::set_num_threads stores a process-wide default and calls
    // omp_set_num_threads, whose setting is per calling thread. So this sets the training thread's
    // intra-op threads at once; threads that already ran a parallel op (the GUI's decoder) keep their
    // own count, but a thread that has not yet run one picks this value up as its default. Hence it is
    // called here on the worker thread, and the GUI sets its own count for its own thread.
    at::set_num_threads(std::max(1, d.setup.threads));
    // Training is the window's background work: when the GUI thread wants a core (a slider held, a grid to
    // decode) it should get it first. Linux's nice value is per thread and inherited by the OpenMP threads
    // this one starts; a lower priority still takes every idle cycle, so an idle window trains at full speed.
    // Best effort: a failure changes nothing.
    // Relative to the thread's own (the user may have started the app with `nice`), never above 19.
    const id_t self = static_cast<id_t>(gettid());
    (void)setpriority(PRIO_PROCESS, self, std::min(19, getpriority(PRIO_PROCESS, self) + kTrainingNiceIncrement));
    d.createTrainer();
    d.publish(&TrainingWorker::precisionChosen, QString::fromStdString(d.trainer->precisionReason()));
    d.prepareFixedInputs();
    d.setState(TrainingState::Running);
    d.emitNewEvents();
    d.lastStepFlush = Clock::now();
    d.refreshLiveViews();
    d.publishMutualInfo();
    if (!d.trainer->finished()) d.loop();
    d.flushSteps();
    d.emitNewEvents();
    d.refreshLiveViews();
    d.setState(d.trainer->finished() ? TrainingState::Finished : TrainingState::Stopped);
  } catch (...) {
    d.setState(TrainingState::Failed);
    d.publish(&TrainingWorker::failed, currentErrorText(QStringLiteral("training failed with an unknown error")));
  }
  d.finishLoop();
  d.publish(&TrainingWorker::finished);
}

}  // namespace vae
