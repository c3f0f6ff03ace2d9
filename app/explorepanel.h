#pragma once

#include "app/trainingtypes.h"

#include <QImage>
#include <QVector>
#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;

namespace vae {

struct Checkpoint;
class ImageGridView;
class LatentDecoder;
class LatentGridView;
class LatentSliders;
struct LatentPlane;

// The Explore tab: latent sliders, the image they decode shown large, and a 2-D grid of decoded
// images over two chosen latent dimensions. It decodes on the GUI thread with the newest decoder
// snapshot the training worker published (or an opened checkpoint's weights), so it works while the
// model is still training.
class ExplorePanel : public QWidget {
  Q_OBJECT

 public:
  // How much the decoded image is enlarged (nearest neighbour) at most.
  static constexpr int kMaxImageScale = 12;
  // Images in the traversal strip, from -range to +range of the selected dimension.
  static constexpr int kTraversalSteps = 9;

  explicit ExplorePanel(QWidget* parent = nullptr);
  ~ExplorePanel() override;

  void setSnapshot(const DecoderSnapshotPtr& snapshot);
  void setCheckpoint(const Checkpoint& checkpoint);
  void setKl(const QVector<double>& klPerDim);
  // Forgets the model (a new run with another shape starts).
  void clearModel();

  LatentSliders* sliders() const { return sliders_; }
  LatentGridView* grid() const { return grid_; }
  LatentDecoder* decoder() const { return decoder_; }
  ImageGridView* traversalStrip() const { return traversal_; }
  // The image decoded from the sliders' z (null without a model).
  QImage currentImage() const { return currentImage_; }
  int axisX() const;
  int axisY() const;
  void setAxes(int dimX, int dimY);

 Q_SIGNALS:
  // After the large image was decoded and shown.
  void imageDecoded(const QImage& image);

 private:
  void onModelChanged();
  void decodeCurrent();
  void decodeTraversal();
  void decodeGrid(const LatentPlane& plane, quint64 requestId);
  void onGridClicked(QPointF xy);
  void updateAxisChoices(int latentDim);
  void updateMarker();

  LatentDecoder* decoder_ = nullptr;
  LatentSliders* sliders_ = nullptr;
  LatentGridView* grid_ = nullptr;
  QLabel* imageLabel_ = nullptr;
  QLabel* stepLabel_ = nullptr;
  ImageGridView* traversal_ = nullptr;
  QLabel* traversalLabel_ = nullptr;
  QComboBox* axisXBox_ = nullptr;
  QComboBox* axisYBox_ = nullptr;
  QSpinBox* gridSizeBox_ = nullptr;
  QImage currentImage_;
  int latentDim_ = 0;
  bool liveWeights_ = false;  // from the training worker, not from a checkpoint
};

}  // namespace vae
