#include "app/gui/exportmenu.h"

#include "app/core/errortext.h"
#include "app/core/latentdecoder.h"
#include "app/core/rundocument.h"
#include "app/core/trainingcontroller.h"
#include "app/export/exporter.h"
#include "app/gui/explorepanel.h"
#include "app/gui/exportdialog.h"
#include "model/checkpoint.h"

#include <QAction>
#include <QMenu>

namespace vae {

ExportMenu::ExportMenu(QMenu* menu, TrainingController* training, RunDocument* document, ExplorePanel* explore,
                       QWidget* dialogParent)
    : QObject(menu), training_(training), document_(document), explore_(explore), dialogParent_(dialogParent) {
  menu->setToolTipsVisible(true);  // a disabled entry says why
  const ExportKind kinds[] = {ExportKind::Image,         ExportKind::Grid,        ExportKind::Samples,
                              ExportKind::Traversal,     ExportKind::Interpolation, ExportKind::ClassGrid,
                              ExportKind::TrainingGif,   ExportKind::History,     ExportKind::Codes,
                              ExportKind::Plot,          ExportKind::Weights,     ExportKind::Presets,
                              ExportKind::MutualInformation};
  for (ExportKind kind : kinds) {
    // Pictures first, then data: a separator where the CSVs begin.
    if (kind == ExportKind::History) menu->addSeparator();
    QAction* action =
        menu->addAction(ExportDialog::kindTitle(kind) + QStringLiteral("…"), this, [this, kind] { open(kind); });
    action->setStatusTip(tr("Export %1 of the current model (also: vae-studio export --what %2)")
                             .arg(ExportDialog::kindTitle(kind), exportKindName(kind)));
    actions_.append(action);
    if (kind == ExportKind::ClassGrid) classGridAction_ = action;
  }
  // Only a conditional VAE has classes: the class grid follows the model Explore decodes with.
  connect(explore_->decoder(), &LatentDecoder::modelChanged, this, [this] { updateActions(); });
  connect(training_, &TrainingController::started, this, [this] { pendingKind_ = -1; });  // its capture won't come
  connect(training_, &TrainingController::captured, this,
          [this](const CheckpointPtr& checkpoint, const QString& error) {
            if (pendingKind_ < 0) return;
            const auto kind = static_cast<ExportKind>(pendingKind_);
            pendingKind_ = -1;
            if (checkpoint)
              showDialog(kind, checkpoint);
            else
              Q_EMIT failed(tr("Cannot Export"), tr("There is no model to export yet."), error);
          });
}

void ExportMenu::setDataset(const QString& spec, const std::shared_ptr<const DatasetSplit>& data) {
  datasetSpec_ = spec;
  dataset_ = data;
}

void ExportMenu::updateActions() {
  const bool hasModel = training_->hasRun() || document_->openedRun() != nullptr;
  for (QAction* action : actions_) {
    action->setEnabled(hasModel);
    action->setToolTip(hasModel ? action->statusTip() : tr("Train a model or open a checkpoint first"));
  }
  if (hasModel && classGridAction_ && !explore_->decoder()->isConditional()) {
    classGridAction_->setEnabled(false);
    classGridAction_->setToolTip(tr("Only a conditional VAE (kind cvae) has classes to put in rows"));
  }
}

void ExportMenu::open(ExportKind kind) {
  if (training_->hasRun()) {
    // The run's current weights, history and per-epoch images: captured on the training thread at its next step
    // boundary and answered through captured().
    pendingKind_ = static_cast<int>(kind);
    Q_EMIT message(tr("Preparing the export…"));
    training_->requestCapture();
    return;
  }
  if (document_->openedRun()) {
    showDialog(kind, document_->openedRun());
    return;
  }
  Q_EMIT message(tr("Nothing to export yet: train a model or open a checkpoint first"));
}

void ExportMenu::showDialog(ExportKind kind, const CheckpointPtr& checkpoint) {
  const bool sameData = dataset_ && QString::fromStdString(checkpoint->datasetSpec) == datasetSpec_;
  auto* dialog = new ExportDialog(checkpoint, sameData ? dataset_ : nullptr,
                                  ExportDialog::suggestedOptions(*explore_, kind), dialogParent_);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setShowErrorDialogs(showErrorDialogs_);
  connect(dialog, &ExportDialog::exported, this, [this](const QString& summary) {
    // "wrote grid.png (10x10 grid ...)" as the CLI says it; here "Exported grid.png (...)".
    const QString what = summary.startsWith(QLatin1String("wrote ")) ? summary.mid(6) : summary;
    Q_EMIT message(tr("Exported %1").arg(what));
  });
  connect(dialog, &ExportDialog::exportFailed, this, [this](const QString& text) {
    // The dialog shows the error itself (and stays open to fix the path); the window keeps a note.
    Q_EMIT message(tr("Export failed: %1").arg(firstLine(text)));
  });
  connect(dialog, &ExportDialog::exportCancelled, this, [this] { Q_EMIT message(tr("Export cancelled")); });
  dialog->open();  // window-modal, no nested event loop: training signals keep arriving
  Q_EMIT dialogOpened(dialog);
}

}  // namespace vae
