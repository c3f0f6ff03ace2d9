#include "app/gui/runcontrol.h"

#include "app/core/datasetloader.h"
#include "app/core/defaults.h"
#include "app/core/errortext.h"
#include "app/core/modelpreview.h"
#include "app/core/rundocument.h"
#include "app/core/trainingcontroller.h"
#include "app/gui/explorepanel.h"
#include "app/gui/runfiledialogs.h"
#include "app/gui/trainingsetupbuilder.h"
#include "app/gui/trainingstatus.h"
#include "app/gui/trainingview.h"
#include "app/gui/windowmessages.h"
#include "model/checkpoint.h"
#include "widgets/modelpanel.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QMainWindow>
#include <QStatusBar>
#include <QTabWidget>

namespace vae {

namespace {
// Where a run is shown: the Training tab.
constexpr int kTrainingTab = 1;
}  // namespace

RunControl::RunControl(TrainingController* training, RunDocument* document, DatasetLoader* loader,
                       const RunViews& views, QObject* parent)
    : QObject(parent), training_(training), document_(document), loader_(loader), views_(views) {
  preview_ = new ModelPreview(this);
  connectTraining();
  connectDocument();
  connectPreview();
}

void RunControl::setDataset(const QString& spec, const std::shared_ptr<const DatasetSplit>& data) {
  datasetSpec_ = spec;
  dataset_ = data;
  previewModel();  // an opened run's dataset has arrived
}

void RunControl::connectPreview() {
  connect(preview_, &ModelPreview::ready, this, [this](const LiveViews& views) {
    if (training_->hasRun()) return;  // a run started meanwhile shows its own
    views_.trainingView->showReconstructions(views.originals, views.reconstructions);
    views_.trainingView->showSamples(views.samples);
    views_.trainingView->setKl(views.kl);  // one report for every view, as in a live run
    views_.explore->setKl(views.kl);
    views_.trainingView->setMutualInfo(views.mutualInfo);
    Q_EMIT modelPreviewed();
  });
  connect(preview_, &ModelPreview::failed, this, [this](const QString& message) {
    views_.messages->show(tr("Could not show the model's images: %1").arg(message));
  });
}

void RunControl::previewModel() {
  const CheckpointPtr run = document_->openedRun();
  if (training_->hasRun() || !run || !dataset_) return;
  if (QString::fromStdString(run->datasetSpec) != datasetSpec_) return;  // its own dataset is still loading
  preview_->request(run, dataset_);
}

bool RunControl::canStart() const {
  return dataset_ && !loader_->isLoading() && !document_->isOpening() && !document_->isWatching();
}

bool RunControl::canSave() const {
  return (training_->hasRun() || document_->openedRun()) && !document_->isWriting() && !document_->isWatching();
}

// --- training ----------------------------------------------------------------------------------

void RunControl::connectTraining() {
  connect(views_.modelPanel, &ModelPanel::betaEdited, training_, &TrainingController::setBeta);
  connect(views_.modelPanel, &ModelPanel::learningRateEdited, training_, &TrainingController::setLearningRate);
  connect(training_, &TrainingController::ended, this, [this] {
    views_.modelPanel->setTrainingLocked(false);
    Q_EMIT changed();
    Q_EMIT trainingEnded();
  });
  connect(training_, &TrainingController::stateChanged, this, [this](TrainingState s) {
    views_.status->showState(s);
    if (!TrainingStatus::stateMessage(s).isEmpty()) views_.messages->showUntilReplaced(TrainingStatus::stateMessage(s));
    Q_EMIT changed();
  });
  connect(training_, &TrainingController::precisionChosen, this, [this](const QString& reason) {
    views_.messages->show(tr("Training started · precision %1").arg(reason));
  });
  connect(training_, &TrainingController::stepsReady, this, [this](const StepBatch& b) {
    views_.trainingView->appendSteps(b);
    views_.status->showSteps(b, batchSize_);
    // Steps still queued when a save chosen before closing was requested are in that save.
    if (!afterSave_ && !b.step.isEmpty()) document_->setModified(true);
  });
  connect(training_, &TrainingController::epochFinished, this, [this](const EpochStats& s) {
    views_.trainingView->appendEpoch(s);
    views_.messages->show(TrainingStatus::epochMessage(s));
    document_->requestAutosave();  // crash insurance, written atomically at the next step boundary
  });
  connect(training_, &TrainingController::eventRecorded, this, [this](const TrainingEvent& e) {
    views_.trainingView->addEvent(e);
    if (e.kind == EventRecord::Kind::NanRecovered)
      views_.messages->show(tr("The loss diverged (NaN or exploding); the last good weights were restored with "
                               "half the learning rate"));
  });
  connect(training_, &TrainingController::klUpdated, this, [this](const KlReport& report) {
    views_.trainingView->setKl(report);  // one report for every view: they cannot disagree
    views_.explore->setKl(report);
  });
  connect(training_, &TrainingController::mutualInfoUpdated, views_.trainingView, &TrainingView::setMutualInfo);
  // The explorer decodes with the newest weights while training goes on.
  connect(training_, &TrainingController::snapshotReady, views_.explore, &ExplorePanel::setSnapshot);
  connect(training_, &TrainingController::reconstructionsReady, views_.trainingView, &TrainingView::showReconstructions);
  connect(training_, &TrainingController::samplesReady, views_.trainingView, &TrainingView::showSamples);
}

void RunControl::toggle() {
  if (!training_->isActive())
    start();
  else if (training_->state() == TrainingState::Paused)
    training_->resume();
  else
    training_->pause();
}

void RunControl::start() {
  if (training_->isActive() || document_->isOpening()) return;
  if (!dataset_ || loader_->isLoading()) {
    views_.messages->show(tr("Load a dataset before training (File → Open Dataset…)"));
    return;
  }
  const CheckpointPtr run = document_->openedRun();
  if (!run) {
    beginTraining(nullptr);
    return;
  }
  ModelSettings settings = views_.modelPanel->settings();
  if (settings.epochs > run->epoch) {
    beginTraining(run);
    return;
  }
  // Every epoch set is trained: continuing would train nothing. The user says how far to go.
  const int trained = static_cast<int>(run->epoch);
  const auto trainMore = [this, run, trained](int more) {
    if (document_->openedRun() != run || training_->isActive()) return;  // the run changed meanwhile
    ModelSettings s = views_.modelPanel->settings();
    s.epochs = trained + more;
    views_.modelPanel->setSettings(s);
    beginTraining(run);
  };
  if (views_.messages->dialogsShown())
    askMoreEpochs(views_.window, trained, kMoreEpochs, trainMore);
  else
    trainMore(kMoreEpochs);
}

void RunControl::startNewRun() {
  if (document_->isOpening()) return;
  if (!dataset_ || loader_->isLoading()) {
    views_.messages->show(tr("Load a dataset before training (File → Open Dataset…)"));
    return;
  }
  replaceRunThen(tr("A new run replaces the current one."), [this] { beginTraining(nullptr); });
}

void RunControl::beginTraining(const CheckpointPtr& continued) {
  preview_->cancel();
  TrainingSetup setup;
  try {
    setup = trainingSetupFor(views_.modelPanel->settings(), datasetSpec_, dataset_, continued);
  } catch (const DatasetMismatch& e) {
    views_.messages->report(tr("Cannot Continue Training"), tr("The run was trained on a different dataset."),
                            QString::fromStdString(e.what()));
    return;
  } catch (const std::exception& e) {
    views_.messages->report(tr("Cannot Start Training"), tr("The model settings do not fit this dataset."),
                            QString::fromStdString(e.what()));
    return;
  }
  stopWatching();  // Continue Training is disabled while watching; a direct call forks the last version read
  batchSize_ = static_cast<int>(setup.train.batchSize);
  if (continued) {
    document_->continueOpenedRun();
    views_.trainingView->clearLiveViews();
  } else {
    document_->startNewRun(datasetSpec_);
    views_.trainingView->clearRun();
  }
  training_->start(std::move(setup));
  views_.modelPanel->setTrainingLocked(true);
  views_.tabs->setCurrentIndex(kTrainingTab);
  views_.status->showStarting();
  views_.messages->show(continued ? tr("Continuing the run…") : tr("Training started"));
  Q_EMIT changed();
  Q_EMIT trainingStarted();
}

bool RunControl::unsaved() const { return document_->hasRun() && document_->isModified(); }

void RunControl::replaceRunThen(const QString& what, const std::function<void()>& proceed) {
  if (afterSave_) return;  // a save chosen for an earlier question is still being written
  const auto closeAndProceed = [this, proceed] {
    closeRun();
    proceed();
  };
  if (!unsaved()) {
    closeAndProceed();
    return;
  }
  const auto answered = [this, closeAndProceed](QMessageBox::StandardButton button) {
    if (button == QMessageBox::Save) {
      saveThen(closeAndProceed);
    } else if (button == QMessageBox::Discard) {
      document_->discardAutosave();  // the user let this work go: it is not offered again
      closeAndProceed();
    }
  };
  // Without dialogs (tests, benchmarks) the question counts as Discard, as when closing.
  if (views_.messages->dialogsShown())
    askSaveBeforeReplacing(views_.window, what, !document_->path().isEmpty(), answered);
  else
    answered(QMessageBox::Discard);
}

void RunControl::saveThen(const std::function<void()>& then) {
  afterSave_ = then;
  // Stop first: the save then holds the final model, and no new steps mark the run modified again.
  training_->stop();
  save();
}

void RunControl::closeRun() {
  stopWatching();  // a watched run is replaced as well
  preview_->cancel();
  if (!document_->hasRun()) return;
  document_->closeRun();
  views_.trainingView->clearRun();
  views_.status->hideRun();
  views_.explore->clearModel();
  views_.modelPanel->setTrainingLocked(false);
  Q_EMIT changed();
}

void RunControl::stop() {
  if (!training_->isActive()) return;
  training_->stop();
  views_.status->showStopping();
}

// --- the run as a document ---------------------------------------------------------------------

void RunControl::connectDocument() {
  connect(document_, &RunDocument::changed, this, &RunControl::changed);
  connect(document_, &RunDocument::writingChanged, this, &RunControl::changed);
  connect(document_, &RunDocument::opening, this, [this](const QString& file) {
    views_.status->setBusy(true);
    views_.messages->showUntilReplaced(tr("Opening %1…").arg(QFileInfo(file).fileName()));
    Q_EMIT changed();
  });
  connect(document_, &RunDocument::opened, this, &RunControl::showOpened);
  connect(document_, &RunDocument::openFailed, this, [this](const QString& message) {
    views_.status->setBusy(loader_->isLoading());
    views_.messages->report(tr("Could Not Open Checkpoint"), tr("The checkpoint could not be opened."), message);
    Q_EMIT changed();
    Q_EMIT checkpointFailed(message);
  });
  connect(document_, &RunDocument::saving, this, [this](const QString& file) {
    views_.messages->showUntilReplaced(tr("Saving %1…").arg(QFileInfo(file).fileName()));
  });
  connect(document_, &RunDocument::saved, this, [this](const QString& path) {
    views_.messages->show(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    Q_EMIT checkpointSaved(path);
    if (afterSave_) {
      const std::function<void()> then = std::move(afterSave_);
      afterSave_ = nullptr;
      then();
    }
  });
  connect(document_, &RunDocument::saveFailed, this, [this](const QString& message) {
    afterSave_ = nullptr;
    views_.messages->report(tr("Could Not Save Checkpoint"), tr("The checkpoint could not be saved."), message);
    Q_EMIT checkpointFailed(message);
  });
  connect(document_, &RunDocument::autosaved, this, [this] {
    // Quietly: a routine safety copy must not push away a message the user needs.
    QStatusBar* bar = static_cast<QMainWindow*>(views_.window)->statusBar();
    if (bar->currentMessage().isEmpty()) bar->showMessage(tr("Autosaved"), WindowMessages::kTimeoutMs / 2);
  });
  connect(document_, &RunDocument::autosaveFailed, this, [this](const QString& message) {
    // Autosave is a safety net; its failure must not interrupt the user.
    views_.messages->show(tr("Autosave failed: %1").arg(firstLine(message)));
  });
  connect(document_, &RunDocument::trainingFailed, this, [this](const QString& message) {
    views_.messages->report(tr("Training Failed"), tr("Training stopped because of an error."), message);
  });
  connect(document_, &RunDocument::watchedVersion, this, &RunControl::showWatchedVersion);
  connect(document_, &RunDocument::watchWaiting, this, [this](const QString& reason) {
    views_.status->showWatchWaiting(document_->watchedPath(), reason);
    Q_EMIT watchedRunWaiting(reason);
  });
  connect(document_, &RunDocument::watchStopped, this, [this](const QString& path) {
    views_.status->clearWatch();
    // The last version shown stays open like an opened run (before one was shown, the old run still is).
    if (document_->openedRun()) views_.status->showSavedPosition(*document_->openedRun());
    views_.messages->show(tr("Stopped watching %1").arg(QFileInfo(path).fileName()));
  });
}

void RunControl::showOpened(const CheckpointPtr& checkpoint, const QString& file) {
  views_.status->setBusy(loader_->isLoading());
  showSettings(*checkpoint);
  views_.trainingView->showSavedRun(checkpoint->history, checkpoint->globalStep);
  views_.status->showSavedPosition(*checkpoint);
  views_.explore->setCheckpoint(*checkpoint);
  views_.tabs->setCurrentIndex(kTrainingTab);
  requestedDatasetSpec_.clear();  // an opened run asks for its dataset every time
  loadDatasetOf(*checkpoint);
  previewModel();  // at once when its dataset is already here, else when it is
  views_.messages->show(tr("Opened %1 at step %2. Press Continue Training (F5) to train further.")
                            .arg(QFileInfo(file).fileName(), QLocale().toString(static_cast<qint64>(checkpoint->globalStep))));
  Q_EMIT changed();
  Q_EMIT checkpointLoaded(file);
}

void RunControl::showWatchedVersion(const CheckpointPtr& checkpoint, const QString& path, const QDateTime& fileTime,
                                    bool first) {
  if (first) {
    views_.status->hideRun();  // the watch line says where the run is; a saved run's "■ Stopped" would be wrong
    views_.tabs->setCurrentIndex(kTrainingTab);
  }
  showSettings(*checkpoint);
  views_.trainingView->showWatchedRun(checkpoint->history, first);
  // Same shape: new weights, the sliders keep z. Another architecture or latent size: a new model.
  views_.explore->setCheckpoint(*checkpoint);
  loadDatasetOf(*checkpoint);
  previewModel();
  views_.status->showWatchedVersion(*checkpoint, path, fileTime);
  Q_EMIT changed();
  Q_EMIT watchedRunUpdated(path);
}

void RunControl::loadDatasetOf(const Checkpoint& checkpoint) {
  // The scatter, PCA axes and Continue need the run's data. Loaded once per run: a spec that does not exist here
  // (a cluster path, say) fails once instead of after every version of a watched run.
  const QString spec = QString::fromStdString(checkpoint.datasetSpec);
  if (spec.isEmpty() || spec == datasetSpec_ || spec == requestedDatasetSpec_) return;
  requestedDatasetSpec_ = spec;
  loader_->load(spec);
}

void RunControl::showSettings(const Checkpoint& checkpoint) {
  ModelSettings settings = toModelSettings(checkpoint.modelConfig, checkpoint.trainConfig);
  // The values the run trains with now: user overrides win over the schedules' base values.
  if (checkpoint.betaOverride) settings.beta = *checkpoint.betaOverride;
  if (checkpoint.lrOverride) settings.learningRate = *checkpoint.lrOverride;
  views_.modelPanel->setSettings(settings);
  batchSize_ = settings.batchSize;
}

void RunControl::open(const QString& path) {
  if (document_->isOpening()) return;
  replaceRunThen(tr("Opening %1 replaces the current run.").arg(QFileInfo(path).fileName()), [this, path] {
    stopWatching();  // the opened run replaces the watched one
    askOpenCheckpoint(views_.window, document_, path, views_.messages->dialogsShown());
  });
}

void RunControl::openDialog() {
  showOpenCheckpointDialog(views_.window, document_->path(), [this](const QString& path) { open(path); });
}

void RunControl::save() {
  if (document_->path().isEmpty())
    saveAsDialog();
  else
    saveTo(document_->path());
}

void RunControl::saveAsDialog() {
  showSaveCheckpointDialog(
      views_.window, document_->path(), [this](const QString& path) { saveTo(path); },
      [this] { afterSave_ = nullptr; });
}

void RunControl::saveTo(const QString& path) {
  if (!document_->save(path))
    views_.messages->show(tr("Nothing to save yet: train a model or open a checkpoint first"));
}

void RunControl::offerAutosaveRestore() {
  if (views_.messages->dialogsShown())
    askRestoreUnsavedAutosave(views_.window, [this](const QString& autosave) { open(autosave); });
}

void RunControl::watchDialog() {
  const QString near = document_->isWatching() ? document_->watchedPath() : QFileInfo(document_->path()).absolutePath();
  showWatchRunDialog(views_.window, near, [this](const QString& path) { watch(path); });
}

void RunControl::watch(const QString& path) {
  if (path.isEmpty()) return;
  if (training_->isActive()) {
    views_.messages->show(tr("Stop training before watching another run"));
    return;
  }
  if (document_->isOpening()) {
    views_.messages->show(tr("Wait until the checkpoint being opened is shown"));
    return;
  }
  requestedDatasetSpec_.clear();
  document_->watch(path);
  views_.status->showWatchReading(path);
}

void RunControl::stopWatching() { document_->stopWatching(); }

bool RunControl::readyToClose() {
  if (afterSave_ && document_->isSaving()) {
    // A save the user chose is being written: the window closes itself once it is.
    afterSave_ = [this] { Q_EMIT closeRequested(); };
    return false;
  }
  if (!afterSave_ && unsaved()) {
    if (views_.messages->dialogsShown()) {
      switch (askSaveBeforeClosing(views_.window, !document_->path().isEmpty())) {
        case QMessageBox::Cancel: return false;
        case QMessageBox::Save: saveThen([this] { Q_EMIT closeRequested(); }); return false;
        default: break;
      }
    }
    // Discarded (without dialogs the question counts as Discard): its crash insurance would be offered again.
    document_->discardAutosave();
  }
  training_->shutdown();
  return true;
}

}  // namespace vae
