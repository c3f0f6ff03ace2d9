#include "app/gui/explorepanel.h"

#include "app/gui/classpicker.h"
#include "app/core/asyncdecoder.h"
#include "app/core/defaults.h"
#include "app/core/explorestate.h"

#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "app/gui/saveimageaction.h"
#include "model/checkpoint.h"
#include "model/latenttools.h"
#include "widgets/imagegridview.h"
#include "app/gui/latentplanepanel.h"
#include "widgets/latentgridview.h"
#include "widgets/latentsliders.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QToolButton>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QTimer>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>

namespace vae {

namespace {
// Side of the square the decoded image is shown in (pixels).
constexpr int kImageBoxSize = 280;
// Side of the "Encoded:" thumbnail: big enough to recognise a 28x28 image, small enough for one line.
constexpr int kEncodedThumbSize = 56;
}  // namespace

ExplorePanel::ExplorePanel(QWidget* parent) : QWidget(parent) {
  decoder_ = new LatentDecoder(this);
  state_ = new ExploreState({LatentSliders::kDefaultRange, LatentSliders::kMinRange, LatentSliders::kMaxRange}, this);

  sliders_ = new LatentSliders;
  sliders_->setObjectName("latentSliders");
  auto* slidersBox = new QGroupBox(tr("Latent code z  ·  drag a slider, the image follows"));
  auto* slidersLayout = new QVBoxLayout(slidersBox);
  slidersLayout->addWidget(sliders_);
  slidersLayout->addWidget(createPresetRow());

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
  encodedThumb_ = new QLabel;
  encodedThumb_->setObjectName("encodedThumbnail");
  encodedThumb_->setFixedSize(kEncodedThumbSize, kEncodedThumbSize);
  encodedThumb_->setAlignment(Qt::AlignCenter);
  encodedLabel_ = new QLabel(tr("Encode your own image: File → Encode Image… (Ctrl+E) or drop it on the window"));
  encodedLabel_->setObjectName("encodedLabel");
  encodedLabel_->setWordWrap(true);
  encodedThumb_->hide();  // until something was encoded
  {
    // Its room is kept while hidden: a scatter click showing it must not push the sliders down.
    QSizePolicy keep = encodedThumb_->sizePolicy();
    keep.setRetainSizeWhenHidden(true);
    encodedThumb_->setSizePolicy(keep);
  }
  encodedThumb_->setContextMenuPolicy(Qt::CustomContextMenu);
  encodedThumb_->setToolTip(tr("Right-click to use this code as an interpolation endpoint"));
  connect(encodedThumb_, &QLabel::customContextMenuRequested, this, &ExplorePanel::showSourceMenu);
  auto* encodedRow = new QHBoxLayout;
  encodedRow->addWidget(encodedThumb_);
  encodedRow->addWidget(encodedLabel_, 1);
  imageLayout->addLayout(encodedRow);
  traversalLabel_ = new QLabel(tr("Traversal: click a slider to pick its dimension"));
  traversalLabel_->setWordWrap(true);  // a long caption must not set the column's width
  traversal_ = new ImageGridView;
  traversalDecoder_ = new AsyncDecoder(QStringLiteral("traversal decoder"), this);
  traversal_->setObjectName("traversalStrip");
  traversal_->setColumns(kTraversalSteps);
  traversal_->setMaxScale(2);
  traversal_->setFixedHeight(kTraversalHeight);
  traversal_->setToolTip(tr("The selected dimension swept across its range, every other dimension held at z"));
  imageLayout->addWidget(traversalLabel_);
  imageLayout->addWidget(traversal_);
  classPicker_ = new ClassPicker;  // shown for a conditional VAE only
  classPicker_->setObjectName("classPicker");
  imageLayout->addWidget(classPicker_);
  connect(classPicker_, &ClassPicker::classChosen, this, &ExplorePanel::setClassIndex);
  // The decoded image is saved as shown: the model's pixels, each a scale x scale block (nearest
  // neighbour), without the dark box around it. The strips are saved as they look, captions included.
  SaveImageAction::attach(imageLabel_, QStringLiteral("decoded"))->setImageProvider([this] {
    return imageLabel_->pixmap().toImage();
  });
  SaveImageAction::attach(traversal_, QStringLiteral("traversal"));
  connect(traversalDecoder_, &AsyncDecoder::decoded, this, &ExplorePanel::showTraversal);
  connect(traversalDecoder_, &AsyncDecoder::failed, this,
          [this](const QString& message) { stepLabel_->setText(message); });
  // The thumbnail has its own menu (interpolation endpoints), which adds the action.
  SaveImageAction::attach(encodedThumb_, QStringLiteral("encoded"), SaveImageAction::Menu::Shared)
      ->setImageProvider([this] { return encodedThumb_->pixmap().toImage(); });

  plane_ = new LatentPlanePanel(decoder_, state_);
  plane_->setObjectName("latentPlane");
  auto* gridBox = new QGroupBox(tr("Latent plane  ·  decoded grid and test codes over the same two axes"));
  auto* gridLayout = new QVBoxLayout(gridBox);
  gridLayout->addWidget(plane_, 1);

  imageBox_ = imageBox;
  slidersBox_ = slidersBox;
  gridBox_ = gridBox;
  interpolationBox_ = createInterpolationBox();
  layout_ = new QGridLayout(this);
  layout_->setContentsMargins(2, 2, 2, 2);  // the page sits in a scroll area inside a tab: its own frame is enough
  arrange(/*narrow=*/false);

  connect(decoder_, &LatentDecoder::modelChanged, this, &ExplorePanel::onModelChanged);
  bindSliders();
  connect(plane_, &LatentPlanePanel::codePicked, this, [this](int index) {
    showSource(plane_->datasetImage(index), tr("%1 (μ loaded into the sliders)").arg(plane_->datasetCaption(index)));
  });
  connect(plane_, &LatentPlanePanel::endpointRequested, this, [this](bool a, const QVector<double>& z) {
    a ? setEndpointA(z) : setEndpointB(z);
  });

  loadStoredPresets();
}

ExplorePanel::~ExplorePanel() = default;

void ExplorePanel::arrange(bool narrow) {
  for (QWidget* box : {imageBox_, slidersBox_, gridBox_, interpolationBox_}) layout_->removeWidget(box);
  for (int i = 0; i < 3; ++i) {
    layout_->setRowStretch(i, 0);
    layout_->setColumnStretch(i, 0);
  }
  if (narrow) {
    // Image and sliders side by side on top (the hand and what it moves stay in view), the plane and the
    // interpolation below them; the page scrolls vertically.
    layout_->addWidget(imageBox_, 0, 0);
    layout_->addWidget(slidersBox_, 0, 1);
    layout_->addWidget(gridBox_, 1, 0, 1, 2);
    layout_->addWidget(interpolationBox_, 2, 0, 1, 2);
    layout_->setColumnStretch(1, 1);
    layout_->setRowStretch(1, 1);
  } else {
    // Image over sliders on the left, the plane over the interpolation on the right: the left column is
    // already full at 900 px of height, the plane gives up a strip's height without losing much.
    layout_->addWidget(imageBox_, 0, 0);
    layout_->addWidget(slidersBox_, 1, 0, 2, 1);
    layout_->addWidget(gridBox_, 0, 1, 2, 1);
    layout_->addWidget(interpolationBox_, 2, 1);
    layout_->setColumnStretch(1, 1);
    layout_->setRowStretch(1, 1);
  }
  narrow_ = narrow;
}

int ExplorePanel::sideBySideWidth() const {
  const QMargins m = layout_->contentsMargins();
  const int left = std::max(imageBox_->minimumSizeHint().width(), slidersBox_->minimumSizeHint().width());
  const int right = std::max(gridBox_->minimumSizeHint().width(), interpolationBox_->minimumSizeHint().width());
  return left + layout_->horizontalSpacing() + right + m.left() + m.right();
}

void ExplorePanel::fitColumnsTo(int width) {
  // Two columns when both fit; else the narrow arrangement (the page then scrolls vertically, never sideways).
  const bool narrow = width < sideBySideWidth();
  if (narrow != narrow_) arrange(narrow);
}

bool ExplorePanel::isStacked() const { return narrow_; }

int ExplorePanel::heightForWidth(int width) const {
  // Stacked, the page scrolls anyway and its views get their preferred heights. In two columns the page fits
  // the window whenever its boxes' least heights do; the plane and the sliders take what is left.
  return narrow_ ? layout_->totalHeightForWidth(width) : layout_->totalMinimumHeightForWidth(width);
}

void ExplorePanel::bindSliders() {
  // The sliders show the state; what the user does to them goes to the state, which every view follows.
  connect(sliders_, &LatentSliders::zChanged, state_, &ExploreState::setZ);
  connect(sliders_, &LatentSliders::rangeChanged, state_, &ExploreState::setRange);
  connect(sliders_, &LatentSliders::selectedDimensionChanged, state_, &ExploreState::setSelectedDimension);
  connect(state_, &ExploreState::dimensionsChanged, this, [this](int latentDim) {
    const QSignalBlocker block(sliders_);
    sliders_->setDimensions(latentDim);
  });
  connect(state_, &ExploreState::rangeChanged, this, [this](double sigmas) {
    {
      const QSignalBlocker block(sliders_);
      sliders_->setRange(sigmas);
    }
    decodeTraversal();  // the strip spans the range: its images and caption follow it
  });
  connect(state_, &ExploreState::selectedDimensionChanged, this, [this](int dim) {
    {
      const QSignalBlocker block(sliders_);
      sliders_->setSelectedDimension(dim);
    }
    if (dim > 0) traversalOnFirstDim_ = false;  // a dimension the user picks is kept: the first KL no longer moves it
    decodeTraversal();
  });
  connect(state_, &ExploreState::zChanged, this, [this](const QVector<double>& z) {
    if (sliders_->z() != z) {  // a user's own slider move already shows z: skip redrawing every row
      const QSignalBlocker block(sliders_);
      sliders_->setZ(z);
    }
    decodeCurrent();
    decodeTraversal();
    plane_->onZChanged();
  });
}

void ExplorePanel::setSnapshot(const DecoderSnapshotPtr& snapshot) {
  if (!snapshot) return;
  liveWeights_ = true;
  decoder_->setSnapshot(snapshot);
  plane_->setSnapshot(snapshot, true);
}

void ExplorePanel::setCheckpoint(const Checkpoint& checkpoint) {
  liveWeights_ = false;
  decoder_->setCheckpoint(checkpoint);
  plane_->setSnapshot(DatasetEncoder::snapshotOf(checkpoint), false);
}

void ExplorePanel::setDataset(const Dataset& testImages) {
  plane_->setDataset(testImages);
  datasetClassNames_.clear();
  for (const std::string& name : testImages.classNames) datasetClassNames_ << QString::fromStdString(name);
  showClasses();
}

// The picker lists the model's classes by the dataset's names when they fit, else by number.
void ExplorePanel::showClasses() {
  const int count = decoder_->classCount();
  QStringList names;
  for (int i = 0; i < count; ++i)
    names << (datasetClassNames_.size() == count ? datasetClassNames_[i] : QString::number(i));
  classPicker_->setClasses(names);
  classPicker_->setCurrentClass(decoder_->classIndex());
  decodeEveryClass();  // new names clear the strip
}

void ExplorePanel::decodeEveryClass() {
  if (!decoder_->isConditional() || state_->dimensions() != decoder_->latentDim()) return;
  try {
    classPicker_->setImages(decoder_->decodeEveryClass(state_->z()));
  } catch (const std::exception& e) {
    stepLabel_->setText(QString::fromStdString(e.what()));
  }
}

void ExplorePanel::setClassIndex(int classIndex) {
  if (!decoder_->isConditional() || classIndex < 0 || classIndex >= decoder_->classCount()) return;
  decoder_->setClassIndex(classIndex);
  classPicker_->setCurrentClass(classIndex);
  // Every view decodes z as the new class: the image, the strip, the grid (its jobs read the class when they
  // are asked) and the interpolation.
  decodeCurrent();
  decodeTraversal();
  plane_->onClassChanged();
  decodeInterpolation();
  Q_EMIT classChanged(classIndex);
}

int ExplorePanel::classIndex() const { return decoder_->classIndex(); }

LatentGridView* ExplorePanel::grid() const { return plane_->grid(); }
LatentScatter* ExplorePanel::scatter() const { return plane_->scatter(); }

void ExplorePanel::setKl(const KlReport& report) {
  if (report.klPerDim.size() != latentDim_) return;
  if (report.klApplies)
    sliders_->setKl(report.klPerDim, report.active);
  else
    sliders_->setCodeSpread(report.codeMean, report.codeSd, report.active);
  plane_->setKlReport(report);
  // An autoencoder's most used dimension is the one whose codes vary most.
  const QVector<double>& usage = report.klApplies ? report.klPerDim : report.codeSd;
  // A new autoencoder starts at its codes' mean, as Reset puts it, not at 0: a point its decoder may never
  // have seen (a VAE's 0 is its prior's mean).
  if (traversalOnFirstDim_ && !report.klApplies && state_->z() == QVector<double>(latentDim_, 0.0))
    sliders_->setZWidening(report.codeMean);
  if (traversalOnFirstDim_ && !usage.isEmpty()) {
    // The first report of a new model moves the strip once to the dimension that carries the most
    // information (z0 may be collapsed); after that it stays where the user or this put it.
    traversalOnFirstDim_ = false;
    state_->setSelectedDimension(static_cast<int>(std::max_element(usage.begin(), usage.end()) - usage.begin()));
    traversalOnFirstDim_ = false;
  }
}

void ExplorePanel::clearModel() {
  latentDim_ = 0;
  showPresets(presetBox_->currentIndex());
  state_->setDimensions(0);
  plane_->clearModel();
  ++traversalRequest_;
  traversal_->clear();
  stop();
  decodeInterpolation();  // no model: clears the strip, the frames and the thumbnails (A and B are kept)
  currentImage_ = QImage();
  imageLabel_->setPixmap(QPixmap());
  imageLabel_->setText(tr("No model yet.\nTrain or open a checkpoint."));
  stepLabel_->clear();
}

int ExplorePanel::axisX() const { return plane_->axisX(); }
int ExplorePanel::axisY() const { return plane_->axisY(); }
void ExplorePanel::setAxes(int dimX, int dimY) { plane_->setAxes(dimX, dimY); }

void ExplorePanel::onModelChanged() {
  const int dim = decoder_->latentDim();
  if (dim != latentDim_) {
    // A new model shape: fresh sliders at the prior mean, the grid over the first two dimensions.
    latentDim_ = dim;
    state_->setDimensions(dim);
    if (dim > 0) state_->setSelectedDimension(0);  // the traversal strip starts on z0 ...
    traversalOnFirstDim_ = dim > 0;                  // ... until the first KL names a better one
    plane_->setLatentDim(dim);
    showPresets(presetBox_->currentIndex());  // which presets fit changed
  }
  if (decoder_->classCount() != classPicker_->classCount()) showClasses();
  stepLabel_->setText(liveWeights_ ? tr("Live weights of the training run, step %1")
                                         .arg(QLocale().toString(decoder_->step()))
                                   : tr("Weights of the opened checkpoint, step %1")
                                         .arg(QLocale().toString(decoder_->step())));
  decodeCurrent();
  decodeTraversal();
  plane_->onZChanged();
  decodeInterpolation();  // new weights decode the same frames differently; a new shape clears them
}

void ExplorePanel::decodeTraversal() {
  const int dim = state_->selectedDimension();
  if (!decoder_->hasModel() || state_->dimensions() != decoder_->latentDim() || dim < 0) {
    ++traversalRequest_;  // an answer still coming is for a model or dimension that is gone
    traversal_->clear();
    return;
  }
  const double range = state_->range();
  traversalCaption_ = tr("Traversal of z%1 from %2 to %3  ·  click a slider to pick another dimension")
                          .arg(dim)
                          .arg(-range)
                          .arg(range);
  // Off the GUI thread: with a large model the strip's images would hold up the slider that moved z.
  traversalDecoder_->request(
      decoder_->snapshot(),
      [z = AsyncDecoder::ownCopy(state_->z()), dim, range, cls = decoder_->classIndex()](LatentDecoder& decoder) {
        decoder.setClassIndex(cls);  // this thread's decoder: a conditional VAE's class travels with the job
        return decoder.traversal(z, dim, kTraversalSteps, range);
      },
      ++traversalRequest_);
}

QString ExplorePanel::traversalCaption() const { return traversalLabel_->text(); }

void ExplorePanel::showTraversal(const QVector<QImage>& images, quint64 request) {
  if (request != traversalRequest_) return;
  const double range = state_->range();
  QStringList captions;
  for (int i = 0; i < kTraversalSteps; ++i)
    // Whole numbers beyond ±10 (an autoencoder's range): "-13.0" did not fit under a 1000 px window's images.
    captions << QString::number(-range + 2.0 * range * i / (kTraversalSteps - 1), 'f', range >= 10 ? 0 : 1);
  traversal_->setImages(images, captions);
  traversalLabel_->setText(traversalCaption_);
  Q_EMIT traversalDecoded();
}

void ExplorePanel::decodeCurrent() {
  if (!decoder_->hasModel() || state_->dimensions() != decoder_->latentDim()) return;
  try {
    currentImage_ = decoder_->decode(state_->z());
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
  decodeEveryClass();
  Q_EMIT imageDecoded(currentImage_);
}

// --- encoding an image ------------------------------------------------------------------------

bool ExplorePanel::encodeImage(const QImage& image, const QString& label) {
  lastError_.clear();
  if (!decoder_->hasModel()) {
    lastError_ = tr("Train a model or open a checkpoint first");
    return false;
  }
  QVector<double> mu;
  QImage converted;
  try {
    // Shown as the model sees it (resized, gray or RGB), so a poor reconstruction can be understood.
    const VaeConfig config = decoder_->config();
    converted = tensorToImage(imageToTensor(image, static_cast<int>(config.channels), static_cast<int>(config.height),
                                            static_cast<int>(config.width)));
    mu = decoder_->encode(image);
  } catch (const std::exception& e) {
    lastError_ = QString::fromStdString(e.what());
    return false;
  }
  if (mu.size() != state_->dimensions()) {
    lastError_ = tr("The encoder gave %1 values for %2 sliders").arg(mu.size()).arg(state_->dimensions());
    return false;
  }
  // Images unlike the training data can land far out: widened, not clamped.
  state_->setZWidening(mu);
  encodedImage_ = converted;
  showSource(converted, tr("Encoded: %1 (μ loaded into the sliders)").arg(label));
  return true;
}

void ExplorePanel::showSource(const QImage& image, const QString& text) {
  const int scale = std::max(1, kEncodedThumbSize / std::max(1, std::max(image.width(), image.height())));
  encodedThumb_->setPixmap(QPixmap::fromImage(
      image.scaled(image.width() * scale, image.height() * scale, Qt::KeepAspectRatio, Qt::FastTransformation)));
  encodedThumb_->show();
  encodedLabel_->setText(text);
  sourceZ_ = state_->z();
}

void ExplorePanel::showSourceMenu(const QPoint& pos) {
  if (sourceZ_.isEmpty()) return;
  QMenu menu(this);
  menu.addAction(tr("Use as Interpolation A"), this, [this] { setEndpointA(sourceZ_); });
  menu.addAction(tr("Use as Interpolation B"), this, [this] { setEndpointB(sourceZ_); });
  menu.addSeparator();
  menu.addAction(SaveImageAction::of(encodedThumb_)->action());
  menu.exec(encodedThumb_->mapToGlobal(pos));
}

}  // namespace vae
