#include "app/gui/likelihoodaction.h"

#include "app/core/rundocument.h"
#include "app/core/trainingcontroller.h"
#include "app/gui/likelihooddialog.h"
#include "model/checkpoint.h"

#include <QAction>
#include <QThread>

#include <algorithm>

namespace vae {

LikelihoodAction::LikelihoodAction(TrainingController* training, RunDocument* document, QWidget* dialogParent)
    : QObject(dialogParent), training_(training), document_(document), dialogParent_(dialogParent) {
  action_ = new QAction(tr("Estimate Log-Likelihood…"), this);
  action_->setObjectName("estimateLikelihoodAction");
  action_->setStatusTip(tr("Estimate −log p(x) of the model by importance sampling (also: vae-studio eval)"));
  connect(action_, &QAction::triggered, this, &LikelihoodAction::open);
  connect(training_, &TrainingController::started, this, [this] {
    liveKind_.reset();  // a new run: its kind is known from its first snapshot
    awaitingCapture_ = false;
    updateAction();
  });
  connect(training_, &TrainingController::snapshotReady, this, [this](const DecoderSnapshotPtr& snapshot) {
    if (liveKind_ == snapshot->config.kind) return;
    liveKind_ = snapshot->config.kind;
    updateAction();
  });
  connect(training_, &TrainingController::ended, this, &LikelihoodAction::updateAction);
  connect(document_, &RunDocument::opened, this, &LikelihoodAction::updateAction);
  connect(document_, &RunDocument::changed, this, &LikelihoodAction::updateAction);
  connect(training_, &TrainingController::captured, this, [this](const CheckpointPtr& checkpoint, const QString&) {
    if (!awaitingCapture_) return;  // the Export menu's or the Compare tab's
    awaitingCapture_ = false;
    if (checkpoint)
      showDialog(checkpoint);
    else
      Q_EMIT message(tr("There is no model to estimate yet"));
  });
  updateAction();
}

void LikelihoodAction::setDataset(const QString& spec, const std::shared_ptr<const DatasetSplit>& data) {
  datasetSpec_ = spec;
  dataset_ = data;
}

std::optional<ModelKind> LikelihoodAction::modelKind() const {
  if (training_->hasRun()) return liveKind_;
  if (const CheckpointPtr opened = document_->openedRun()) return opened->modelConfig.kind;
  return std::nullopt;
}

void LikelihoodAction::updateAction() {
  const std::optional<ModelKind> kind = modelKind();
  const bool autoencoder = kind == ModelKind::Autoencoder;
  action_->setEnabled(kind && !autoencoder);
  if (autoencoder)
    action_->setToolTip(tr("A plain autoencoder has no q(z|x), so it has no likelihood bound"));
  else if (!kind)
    action_->setToolTip(tr("Train a model or open a checkpoint first"));
  else
    action_->setToolTip(action_->statusTip());
}

void LikelihoodAction::open() {
  if (!action_->isEnabled()) return;
  if (training_->hasRun()) {
    awaitingCapture_ = true;
    Q_EMIT message(tr("Taking a copy of the model…"));
    training_->requestCapture();
  } else if (const CheckpointPtr opened = document_->openedRun()) {
    showDialog(opened);
  }
}

void LikelihoodAction::showDialog(const CheckpointPtr& checkpoint) {
  const bool sameData = dataset_ && QString::fromStdString(checkpoint->datasetSpec) == datasetSpec_;
  // Beside a training run one core is enough to stay out of its way; alone it may use them all.
  const int threads = training_->isActive() ? 1 : std::max(1, QThread::idealThreadCount());
  auto* dialog = new LikelihoodDialog(checkpoint, sameData ? dataset_ : nullptr, threads, dialogParent_);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &LikelihoodDialog::estimated, this, [this](const QString& text) {
    Q_EMIT message(QString(text).replace(QLatin1Char('\n'), QStringLiteral("  ·  ")));
  });
  dialog->open();  // window-modal without a nested event loop: training signals keep arriving
  Q_EMIT dialogOpened(dialog);
}

}  // namespace vae
