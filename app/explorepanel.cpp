#include "app/explorepanel.h"

#include "app/latentdecoder.h"
#include "model/checkpoint.h"
#include "widgets/imagegridview.h"
#include "widgets/latentgridview.h"
#include "widgets/latentsliders.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace vae {

namespace {
// Grid cells per side when a model first appears: large enough to see structure, cheap to decode.
constexpr int kDefaultGridSize = 12;
// Side of the square the decoded image is shown in (pixels).
constexpr int kImageBoxSize = 280;
// Height of the traversal strip: one row of small images and their captions.
constexpr int kTraversalHeight = 92;
}  // namespace

ExplorePanel::ExplorePanel(QWidget* parent) : QWidget(parent) {
  decoder_ = new LatentDecoder(this);

  sliders_ = new LatentSliders;
  sliders_->setObjectName("latentSliders");
  auto* slidersBox = new QGroupBox(tr("Latent code z  ·  drag a slider, the image follows"));
  auto* slidersLayout = new QVBoxLayout(slidersBox);
  slidersLayout->addWidget(sliders_);

  imageLabel_ = new QLabel(tr("No model yet.\nTrain or open a checkpoint."));
  imageLabel_->setObjectName("decodedImage");
  imageLabel_->setAlignment(Qt::AlignCenter);
  imageLabel_->setFixedSize(kImageBoxSize, kImageBoxSize);
  imageLabel_->setStyleSheet("QLabel { background: #202020; color: #c0c0c0; }");
  stepLabel_ = new QLabel;
  stepLabel_->setWordWrap(true);
  auto* imageBox = new QGroupBox(tr("Decoded image"));
  auto* imageLayout = new QVBoxLayout(imageBox);
  imageLayout->addWidget(imageLabel_, 0, Qt::AlignHCenter);
  imageLayout->addWidget(stepLabel_);
  traversalLabel_ = new QLabel(tr("Traversal: click a slider to pick its dimension"));
  traversal_ = new ImageGridView;
  traversal_->setObjectName("traversalStrip");
  traversal_->setColumns(kTraversalSteps);
  traversal_->setMaxScale(2);
  traversal_->setFixedHeight(kTraversalHeight);
  traversal_->setToolTip(tr("The selected dimension swept across its range, every other dimension held at z"));
  imageLayout->addWidget(traversalLabel_);
  imageLayout->addWidget(traversal_);

  grid_ = new LatentGridView;
  grid_->setObjectName("latentGrid");
  grid_->setGridSize(kDefaultGridSize);
  axisXBox_ = new QComboBox;
  axisYBox_ = new QComboBox;
  gridSizeBox_ = new QSpinBox;
  gridSizeBox_->setRange(LatentGridView::kMinGridSize, LatentGridView::kMaxGridSize);
  gridSizeBox_->setValue(kDefaultGridSize);
  auto* gridControls = new QHBoxLayout;
  gridControls->addWidget(new QLabel(tr("Horizontal:")));
  gridControls->addWidget(axisXBox_);
  gridControls->addWidget(new QLabel(tr("Vertical:")));
  gridControls->addWidget(axisYBox_);
  gridControls->addWidget(new QLabel(tr("Cells:")));
  gridControls->addWidget(gridSizeBox_);
  gridControls->addStretch(1);
  auto* gridBox = new QGroupBox(tr("Latent grid  ·  wheel zooms, drag pans, click copies z to the sliders"));
  auto* gridLayout = new QVBoxLayout(gridBox);
  gridLayout->addLayout(gridControls);
  gridLayout->addWidget(grid_, 1);

  auto* left = new QVBoxLayout;
  left->addWidget(imageBox);
  left->addWidget(slidersBox, 1);
  auto* layout = new QHBoxLayout(this);
  layout->addLayout(left, 0);
  layout->addWidget(gridBox, 1);

  connect(decoder_, &LatentDecoder::modelChanged, this, &ExplorePanel::onModelChanged);
  connect(sliders_, &LatentSliders::selectedDimensionChanged, this, &ExplorePanel::decodeTraversal);
  connect(sliders_, &LatentSliders::zChanged, this, [this] {
    decodeCurrent();
    decodeTraversal();
    updateMarker();
    grid_->requestImages();  // the other dimensions of every cell follow z
  });
  connect(grid_, &LatentGridView::imagesRequested, this, &ExplorePanel::decodeGrid);
  connect(grid_, &LatentGridView::pointClicked, this, &ExplorePanel::onGridClicked);
  auto axesChanged = [this] {
    grid_->setAxisLabels(axisXBox_->currentText(), axisYBox_->currentText());
    updateMarker();
    grid_->requestImages();
  };
  connect(axisXBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, axesChanged);
  connect(axisYBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, axesChanged);
  connect(gridSizeBox_, qOverload<int>(&QSpinBox::valueChanged), grid_, &LatentGridView::setGridSize);
}

ExplorePanel::~ExplorePanel() = default;

void ExplorePanel::setSnapshot(const DecoderSnapshotPtr& snapshot) {
  if (!snapshot) return;
  liveWeights_ = true;
  decoder_->setSnapshot(snapshot);
}

void ExplorePanel::setCheckpoint(const Checkpoint& checkpoint) {
  liveWeights_ = false;
  decoder_->setCheckpoint(checkpoint);
}

void ExplorePanel::setKl(const QVector<double>& klPerDim) {
  if (klPerDim.size() == latentDim_) sliders_->setKl(klPerDim);
}

void ExplorePanel::clearModel() {
  latentDim_ = 0;
  sliders_->setDimensions(0);
  grid_->clearImages();
  traversal_->clear();
  currentImage_ = QImage();
  imageLabel_->setPixmap(QPixmap());
  imageLabel_->setText(tr("No model yet.\nTrain or open a checkpoint."));
  stepLabel_->clear();
}

int ExplorePanel::axisX() const { return axisXBox_->currentIndex(); }
int ExplorePanel::axisY() const { return axisYBox_->currentIndex(); }

void ExplorePanel::setAxes(int dimX, int dimY) {
  axisXBox_->setCurrentIndex(dimX);
  axisYBox_->setCurrentIndex(dimY);
}

void ExplorePanel::onModelChanged() {
  const int dim = decoder_->latentDim();
  if (dim != latentDim_) {
    // A new model shape: fresh sliders at the prior mean, the grid over the first two dimensions.
    latentDim_ = dim;
    sliders_->setDimensions(dim);
    if (dim > 0) sliders_->setSelectedDimension(0);  // the traversal strip starts on z0
    updateAxisChoices(dim);
  }
  stepLabel_->setText(liveWeights_ ? tr("Live weights of the training run, step %1")
                                         .arg(QLocale().toString(decoder_->step()))
                                   : tr("Weights of the opened checkpoint, step %1")
                                         .arg(QLocale().toString(decoder_->step())));
  decodeCurrent();
  decodeTraversal();
  updateMarker();
  grid_->requestImages();
}

void ExplorePanel::decodeTraversal() {
  const int dim = sliders_->selectedDimension();
  if (!decoder_->hasModel() || sliders_->dimensions() != decoder_->latentDim() || dim < 0) {
    traversal_->clear();
    return;
  }
  const double range = sliders_->range();
  QStringList captions;
  for (int i = 0; i < kTraversalSteps; ++i)
    captions << QString::number(-range + 2.0 * range * i / (kTraversalSteps - 1), 'f', 1);
  try {
    traversal_->setImages(decoder_->traversal(sliders_->z(), dim, kTraversalSteps, range), captions);
    traversalLabel_->setText(tr("Traversal of z%1 from %2 to %3  ·  click a slider to pick another dimension")
                                 .arg(dim)
                                 .arg(-range)
                                 .arg(range));
  } catch (const std::exception& e) {
    stepLabel_->setText(QString::fromStdString(e.what()));
  }
}

void ExplorePanel::updateAxisChoices(int latentDim) {
  const QSignalBlocker blockX(axisXBox_), blockY(axisYBox_);
  axisXBox_->clear();
  axisYBox_->clear();
  for (int d = 0; d < latentDim; ++d) {
    axisXBox_->addItem(QStringLiteral("z%1").arg(d));
    axisYBox_->addItem(QStringLiteral("z%1").arg(d));
  }
  axisXBox_->setCurrentIndex(0);
  axisYBox_->setCurrentIndex(std::min(1, latentDim - 1));
  grid_->setAxisLabels(axisXBox_->currentText(), axisYBox_->currentText());
}

void ExplorePanel::decodeCurrent() {
  if (!decoder_->hasModel() || sliders_->dimensions() != decoder_->latentDim()) return;
  try {
    currentImage_ = decoder_->decode(sliders_->z());
  } catch (const std::exception& e) {
    stepLabel_->setText(QString::fromStdString(e.what()));
    return;
  }
  // Nearest-neighbour enlargement keeps the pixels the model actually produced visible.
  const int scale = std::clamp(kImageBoxSize / std::max(1, std::max(currentImage_.width(), currentImage_.height())),
                               1, kMaxImageScale);
  imageLabel_->setPixmap(QPixmap::fromImage(currentImage_.scaled(currentImage_.width() * scale,
                                                                 currentImage_.height() * scale,
                                                                 Qt::IgnoreAspectRatio, Qt::FastTransformation)));
  Q_EMIT imageDecoded(currentImage_);
}

void ExplorePanel::decodeGrid(const LatentPlane& plane, quint64 requestId) {
  if (!decoder_->hasModel() || sliders_->dimensions() != decoder_->latentDim() || axisX() < 0 || axisY() < 0) return;
  // The plane's coordinates are absolute values of the two axis dimensions; every other dimension
  // comes from the sliders. decodeGrid adds offsets to base, so those two start at 0.
  QVector<double> base = sliders_->z();
  base[axisX()] = 0;
  base[axisY()] = 0;
  try {
    grid_->setImages(decoder_->decodeGrid(base, axisX(), axisY(), plane.n, plane.span, plane.centerX, plane.centerY),
                     requestId);
  } catch (const std::exception& e) {
    stepLabel_->setText(QString::fromStdString(e.what()));
  }
}

void ExplorePanel::onGridClicked(QPointF xy) {
  QVector<double> z = sliders_->z();
  if (z.isEmpty()) return;
  z[axisX()] = xy.x();
  z[axisY()] = xy.y();
  sliders_->setZ(z);
}

void ExplorePanel::updateMarker() {
  const QVector<double> z = sliders_->z();
  if (z.isEmpty() || axisX() < 0 || axisY() < 0) {
    grid_->clearCurrentPoint();
    return;
  }
  grid_->setCurrentPoint(QPointF(z[axisX()], z[axisY()]));
}

}  // namespace vae
