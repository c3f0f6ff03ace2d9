#pragma once

#include "app/core/trainingtypes.h"
#include "model/dataset.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

class QAction;
class QMenu;
class QWidget;

namespace vae {

class ExplorePanel;
class ExportDialog;
class RunDocument;
class TrainingController;
enum class ExportKind;

// The Export menu: one entry per ExportKind, enabled while there is a model. An entry opens an ExportDialog on
// the current model, pre-filled from the Explore tab: an opened run as it is, a run trained here captured first
// (at the worker's next step boundary), so that dialog opens a moment later.
class ExportMenu : public QObject {
  Q_OBJECT

 public:
  ExportMenu(QMenu* menu, TrainingController* training, RunDocument* document, ExplorePanel* explore,
             QWidget* dialogParent);

  // The window's dataset; an export reuses it when it is the run's, else the export thread loads the run's own.
  void setDataset(const QString& spec, const std::shared_ptr<const DatasetSplit>& data);
  void setShowErrorDialogs(bool show) { showErrorDialogs_ = show; }
  void updateActions();
  void open(ExportKind kind);

 Q_SIGNALS:
  void message(const QString& text);  // for the status bar
  void dialogOpened(vae::ExportDialog* dialog);
  void failed(const QString& title, const QString& text, const QString& details);

 private:
  void showDialog(ExportKind kind, const CheckpointPtr& checkpoint);

  TrainingController* training_;
  RunDocument* document_;
  ExplorePanel* explore_;
  QWidget* dialogParent_;
  QList<QAction*> actions_;  // in menu order
  QAction* classGridAction_ = nullptr;  // enabled for a conditional VAE only
  QString datasetSpec_;
  std::shared_ptr<const DatasetSplit> dataset_;
  bool showErrorDialogs_ = true;
  int pendingKind_ = -1;  // an ExportKind waiting for the controller's capture, or -1
};

}  // namespace vae
