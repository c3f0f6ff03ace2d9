#pragma once

#include "app/core/mutualinforeport.h"
#include "app/core/trainingtypes.h"
#include "app/export/historyplot.h"

#include <QImage>
#include <QVector>
#include <QWidget>

class QAction;
class QCheckBox;
class QGroupBox;
class QHBoxLayout;

namespace vae {

class ImageGridView;
class KlBars;
class LossPlot;
class MutualInfoHeatmap;
struct History;

// The Training tab: live loss curves with their markers and test points, KL per latent dimension, test images
// beside their reconstructions and images decoded from the prior. It draws what it is given: a live run's
// batches, or a saved run's history.
class TrainingView : public QWidget {
  Q_OBJECT

 public:
  // Reconstructions are shown in pairs of rows (inputs above their reconstructions) this many wide, so each
  // input sits right above its reconstruction at a readable size.
  static constexpr int kReconstructionColumns = 12;

  explicit TrainingView(QWidget* parent = nullptr);

  LossPlot* lossPlot() const { return lossPlot_; }
  KlBars* klBars() const { return klBars_; }
  ImageGridView* reconstructionGrid() const { return reconGrid_; }
  ImageGridView* sampleGrid() const { return samplesGrid_; }
  MutualInfoHeatmap* mutualInfoHeatmap() const { return mutualInfo_; }
  // The box around the heatmap: shown only for data with known generative factors (shapes).
  QWidget* mutualInfoBox() const { return mutualInfoBox_; }

  // A button for action in the row above the loss plot (Estimate Log-Likelihood…).
  void addRunAction(QAction* action);

  // A live run.
  void appendSteps(const StepBatch& batch);
  void appendEpoch(const EpochStats& stats);
  void addEvent(const TrainingEvent& event);
  void setKl(const KlReport& report);
  // Shows the heatmap for data with factors (the report applies), hides its box otherwise.
  void setMutualInfo(const MutualInfoReport& report);
  void showReconstructions(const QVector<QImage>& originals, const QVector<QImage>& reconstructions);
  void showSamples(const QVector<QImage>& samples);

  // A saved run: its whole history replaces the curves; the live views wait for training (hint at `step`).
  void showSavedRun(const History& history, qint64 step);
  // A watched run's newer version: only what is new is appended when it continues the one shown, so the user's
  // zoom stays (see updateHistoryPlot). The first version redraws.
  void showWatchedRun(const History& history, bool first);

  // Clears the curves and the live views (a new run).
  void clearRun();
  // Empties the live views and says how to fill them.
  void clearLiveViews();

 private:
  QWidget* createLossBox();
  QWidget* createKlBox();
  QWidget* createMutualInfoBox();
  QWidget* createSamplesBox();
  void showKlTerm(bool hasKl);

  LossPlot* lossPlot_ = nullptr;
  QHBoxLayout* lossTools_ = nullptr;  // buttons above the plot, right-aligned
  KlBars* klBars_ = nullptr;
  QGroupBox* klBox_ = nullptr;
  QCheckBox* sortKlBox_ = nullptr;
  QGroupBox* samplesBox_ = nullptr;
  ImageGridView* reconGrid_ = nullptr;
  ImageGridView* samplesGrid_ = nullptr;
  MutualInfoHeatmap* mutualInfo_ = nullptr;
  QWidget* mutualInfoBox_ = nullptr;
  PlottedHistory plotted_;  // what the plot shows of a watched run
};

}  // namespace vae
