#pragma once

#include "app/core/datasetencoder.h"
#include "app/core/planeaxes.h"
#include "app/core/trainingtypes.h"
#include "model/dataset.h"

#include <QElapsedTimer>
#include <QImage>
#include <QVector>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QSpinBox;
class QTabWidget;
class QTimer;

namespace vae {

class ExploreState;
class AsyncDecoder;
class LatentDecoder;
class LatentGridView;
class LatentScatter;
struct LatentPlane;

// The two 2-D views of latent space, over the same two axes and the same patch of the plane: the grid
// of decoded images (LatentGridView) and the scatter of the test set's codes (LatentScatter), as two
// tabs under one row of axis choices. Panning or zooming one moves the other.
//
// Axes are two latent dimensions or two of the top PCA axes of the encoded test set (any mix). The
// codes are computed off the GUI thread by a DatasetEncoder, only while this panel is visible: once per
// opened checkpoint or dataset, and while training at most every kLiveRefreshMs while the scatter or a
// PCA axis shows them.
class LatentPlanePanel : public QWidget {
  Q_OBJECT

 public:
  // A live run's codes are refreshed this often at most: ~0.2 s of one core for 10 000 MLP codes.
  static constexpr int kLiveRefreshMs = 3000;

  // decoder and state belong to the Explore panel; this panel reads z from the state and writes picked points
  // and grid clicks into it.
  LatentPlanePanel(LatentDecoder* decoder, ExploreState* state, QWidget* parent = nullptr);
  ~LatentPlanePanel() override;

  LatentGridView* grid() const { return grid_; }
  LatentScatter* scatter() const { return scatter_; }
  // Shows the grid (0) or the scatter (1).
  void showView(int index);
  int currentView() const;

  // A model of another latent size: plain axes z0, z1 again, codes forgotten.
  void setLatentDim(int latentDim);
  // New weights (live = from a training run). Re-encodes the test set as described above.
  void setSnapshot(const DecoderSnapshotPtr& snapshot, bool live);
  // The images whose codes the scatter shows (the test split; the first DatasetEncoder::kMaxItems).
  void setDataset(const Dataset& data);
  void clearModel();
  // The state's z moved: marker, crosshair and the grid's other dimensions follow.
  void onZChanged();
  // A conditional VAE's class changed in the shared decoder: the grid decodes again as it.
  void onClassChanged();

  // Axis choices are the latent dims z0..z(L-1), then PC1..PCk once codes exist: index L + k - 1 is PCk.
  // A model of more than two dims starts on z0 / z1 and moves to PC1 / PC2 when its first codes arrive,
  // unless axes were chosen (by the user or setAxes) before.
  int axisX() const;
  int axisY() const;
  void setAxes(int indexX, int indexY);
  PlaneAxes axes() const { return axes_; }
  int pcaAxisCount() const;

  LatentCodesPtr codes() const { return codes_; }
  // The model's active dimensions, named in the scatter caption (the report every view shows).
  void setKlReport(const KlReport& report);
  QString codesText() const;  // the caption above the scatter
  // Dataset image `index` as the model sees it, and its caption ("Test image 12 · Sneaker").
  QImage datasetImage(int index) const;
  QString datasetCaption(int index) const;
  // Loads item index's code into the state (as a scatter click does); false when out of range.
  bool pickCode(int index);

 Q_SIGNALS:
  // A scatter point was clicked: its code went into the sliders.
  void codePicked(int index);
  // The user asked to use item index's code as interpolation endpoint A (a == true) or B.
  void endpointRequested(bool a, const QVector<double>& z);

 protected:
  void showEvent(QShowEvent* event) override;

 private:
  void decodeGrid(const LatentPlane& plane, quint64 requestId);
  void onAxisChoiceChanged(bool xChanged);
  void rebuildAxisChoices(int keepX, int keepY);
  void updateAxes();
  void updateMarkers();
  void updateScatterPoints();
  void scheduleEncoding();
  void startEncoding();
  void onCodes(const LatentCodesPtr& codes);
  void onCodesFailed(const QString& reason);
  void showScatterMenu(int index, const QPoint& globalPos);
  void updateCodesLabel();
  // A plain autoencoder: its codes, not a prior, size the sliders and the plane (codespread.h).
  bool isAutoencoder() const;
  void fitPlaneToCodes(const QVector<QPointF>& points);

  LatentDecoder* decoder_;
  AsyncDecoder* gridDecoder_ = nullptr;  // the grid's cells, off the GUI thread
  ExploreState* state_;
  LatentGridView* grid_ = nullptr;
  LatentScatter* scatter_ = nullptr;
  QTabWidget* views_ = nullptr;
  QComboBox* axisXBox_ = nullptr;
  QComboBox* axisYBox_ = nullptr;
  QSpinBox* gridSizeBox_ = nullptr;
  QLabel* codesLabel_ = nullptr;
  DatasetEncoder* encoder_ = nullptr;
  QTimer* encodeTimer_ = nullptr;
  QElapsedTimer sinceEncodeStart_;

  int latentDim_ = 0;
  PlaneAxes axes_;
  int previousX_ = 0, previousY_ = 1;
  bool userChoseAxes_ = false;  // until then the first codes switch the views to PC1 / PC2
  // An autoencoder's slider range and plane follow its first codes once per model (plane: once per pair of axes);
  // what the user sets afterwards stays.
  bool rangeFitted_ = false, planeFitted_ = false;
  std::optional<Dataset> dataset_;
  DecoderSnapshotPtr snapshot_;  // newest weights
  bool live_ = false;
  bool codesStale_ = false;
  LatentCodesPtr codes_;
  KlReport klReport_;
  QString codesError_;
  int encodeDone_ = 0, encodeTotal_ = 0;
};

}  // namespace vae
