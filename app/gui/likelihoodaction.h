#pragma once

#include "app/core/trainingtypes.h"
#include "model/dataset.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QAction;
class QWidget;

namespace vae {

class LikelihoodDialog;
class RunDocument;
class TrainingController;
enum class ModelKind;

// Training tab → "Estimate Log-Likelihood…": enabled for a VAE (an opened run or one trained here), disabled with
// the reason in its tooltip without a model or for a plain autoencoder (no q(z|x), no bound). Opens a
// LikelihoodDialog on a snapshot of the model: an opened run as it is, a live run captured at the worker's next
// step boundary (as ExportMenu does), so the training thread keeps its own weights.
class LikelihoodAction : public QObject {
  Q_OBJECT

 public:
  LikelihoodAction(TrainingController* training, RunDocument* document, QWidget* dialogParent);

  QAction* action() const { return action_; }
  // The window's dataset; the estimate reuses it when it is the run's, else its thread loads the run's own.
  void setDataset(const QString& spec, const std::shared_ptr<const DatasetSplit>& data);
  void updateAction();
  void open();

 Q_SIGNALS:
  void message(const QString& text);  // for the status bar
  void dialogOpened(vae::LikelihoodDialog* dialog);

 private:
  void showDialog(const CheckpointPtr& checkpoint);
  std::optional<ModelKind> modelKind() const;

  TrainingController* training_;
  RunDocument* document_;
  QWidget* dialogParent_;
  QAction* action_ = nullptr;
  QString datasetSpec_;
  std::shared_ptr<const DatasetSplit> dataset_;
  std::optional<ModelKind> liveKind_;  // the live run's, from its decoder snapshots
  bool awaitingCapture_ = false;
};

}  // namespace vae
