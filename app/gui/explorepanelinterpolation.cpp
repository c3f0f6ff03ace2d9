// ExplorePanel's interpolation group (A and B, linear or spherical, the strip and Play). Kept apart from
// explorepanel.cpp, which builds the tab and decodes the sliders' z.
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
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTimer>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>

namespace vae {

namespace {
// Side of the A and B thumbnails of the interpolation group: one 28x28 image at 2x, the row stays short.
constexpr int kEndpointThumbSize = 56;

QPixmap thumbnail(const QImage& image, int side) {
  const int scale = std::max(1, side / std::max(1, std::max(image.width(), image.height())));
  return QPixmap::fromImage(
      image.scaled(image.width() * scale, image.height() * scale, Qt::KeepAspectRatio, Qt::FastTransformation));
}

QLabel* endpointThumb(const char* name) {
  auto* label = new QLabel(QStringLiteral("–"));
  label->setObjectName(name);
  label->setFixedSize(kEndpointThumbSize, kEndpointThumbSize);
  label->setAlignment(Qt::AlignCenter);
  label->setStyleSheet("QLabel { background: #202020; color: #808080; }");
  return label;
}
}  // namespace

QWidget* ExplorePanel::createInterpolationBox() {
  auto* box = new QGroupBox(tr("Interpolation between two codes A and B"));
  auto* setA = new QPushButton(tr("Set A = z"));
  auto* setB = new QPushButton(tr("Set B = z"));
  setA->setToolTip(tr("Store the sliders' current z as the start point A"));
  setB->setToolTip(tr("Store the sliders' current z as the end point B"));
  thumbA_ = endpointThumb("interpolationThumbA");
  thumbB_ = endpointThumb("interpolationThumbB");
  interpolationStepsBox_ = new QSpinBox;
  interpolationStepsBox_->setObjectName("interpolationSteps");
  interpolationStepsBox_->setRange(kMinInterpolationSteps, kMaxInterpolationSteps);
  interpolationStepsBox_->setValue(kInterpolationSteps);
  interpolationModeBox_ = new QComboBox;
  interpolationModeBox_->setObjectName("interpolationMode");
  interpolationModeBox_->addItem(tr("Linear"));
  interpolationModeBox_->addItem(tr("Spherical"));
  interpolationModeBox_->setToolTip(
      tr("Spherical (slerp) keeps the norm of z near that of A and B, where most of the prior's mass lies; "
         "linear cuts through the low-norm middle"));
  playButton_ = new QPushButton(tr("Play"));
  playButton_->setObjectName("interpolationPlay");
  playButton_->setCheckable(true);
  playButton_->setToolTip(tr("Load the frames into the sliders one after another, A to B and back"));

  auto* controls = new QHBoxLayout;
  controls->addWidget(setA);
  controls->addWidget(thumbA_);
  controls->addWidget(setB);
  controls->addWidget(thumbB_);
  controls->addStretch(1);
  // A second row keeps the Explore tab within a 1400-pixel window.
  auto* playControls = new QHBoxLayout;
  playControls->addWidget(new QLabel(tr("Steps:")));
  playControls->addWidget(interpolationStepsBox_);
  playControls->addWidget(interpolationModeBox_);
  playControls->addWidget(playButton_);
  playControls->addStretch(1);

  interpolationStrip_ = new ImageGridView;
  interpolationStrip_->setObjectName("interpolationStrip");
  interpolationStrip_->setMaxScale(2);
  interpolationStrip_->setMinimumHeight(kTraversalHeight);
  interpolationStrip_->setPlaceholderText(tr("Set A and B from the sliders, or right-click a test point\nor the encoded image, to see the path between them"));
  interpolationStrip_->setColumns(kInterpolationSteps);
  SaveImageAction::attach(interpolationStrip_, QStringLiteral("interpolation"));
  // Up to 32 frames do not fit the column at 1x; scrolling sideways keeps them in one readable row.
  auto* scroll = new QScrollArea;
  scroll->setWidget(interpolationStrip_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setFixedHeight(kTraversalHeight + scroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent));

  auto* layout = new QVBoxLayout(box);
  layout->addLayout(controls);
  layout->addLayout(playControls);
  layout->addWidget(scroll);

  playTimer_ = new QTimer(this);
  playTimer_->setInterval(kPlayIntervalMs);
  connect(playTimer_, &QTimer::timeout, this, &ExplorePanel::advancePlayFrame);
  connect(setA, &QPushButton::clicked, this, [this] { setEndpointA(state_->z()); });
  connect(setB, &QPushButton::clicked, this, [this] { setEndpointB(state_->z()); });
  connect(interpolationStepsBox_, qOverload<int>(&QSpinBox::valueChanged), this, &ExplorePanel::decodeInterpolation);
  connect(interpolationModeBox_, qOverload<int>(&QComboBox::currentIndexChanged), this,
          &ExplorePanel::decodeInterpolation);
  connect(playButton_, &QPushButton::toggled, this, [this](bool on) { on ? play() : stop(); });
  return box;
}

void ExplorePanel::setEndpointA(const QVector<double>& z) {
  stop();  // the path being shown no longer exists
  endpointA_ = z;
  decodeInterpolation();
}

void ExplorePanel::setEndpointB(const QVector<double>& z) {
  stop();
  endpointB_ = z;
  decodeInterpolation();
}

void ExplorePanel::setInterpolationSteps(int steps) { interpolationStepsBox_->setValue(steps); }
int ExplorePanel::interpolationSteps() const { return interpolationStepsBox_->value(); }
void ExplorePanel::setSpherical(bool spherical) { interpolationModeBox_->setCurrentIndex(spherical ? 1 : 0); }
bool ExplorePanel::isSpherical() const { return interpolationModeBox_->currentIndex() == 1; }

void ExplorePanel::decodeInterpolation() {
  // Like the other views: nothing while the sliders do not describe the decoder's model (clearModel).
  const int dim = decoder_->hasModel() && state_->dimensions() == decoder_->latentDim() ? decoder_->latentDim() : 0;
  const bool hasA = dim > 0 && endpointA_.size() == dim;
  const bool hasB = dim > 0 && endpointB_.size() == dim;
  interpolationFrames_.clear();
  try {
    if (hasA) thumbA_->setPixmap(thumbnail(decoder_->decode(endpointA_), kEndpointThumbSize));
    if (hasB) thumbB_->setPixmap(thumbnail(decoder_->decode(endpointB_), kEndpointThumbSize));
    if (hasA && hasB) {
      const int steps = interpolationSteps();
      // The frames' z, not only their images: Play moves the sliders through them.
      interpolationFrames_ = LatentDecoder::interpolationPath(endpointA_, endpointB_, steps, isSpherical());
      QStringList captions;
      for (int i = 0; i < steps; ++i) captions << (i == 0 ? tr("A") : i == steps - 1 ? tr("B") : QString());
      interpolationStrip_->setColumns(steps);
      interpolationStrip_->setImages(decoder_->decodeBatch(interpolationFrames_), captions);
      const QSize img = interpolationStrip_->image(0).size();
      // One row at 1x; the strip scrolls sideways when the column is narrower.
      interpolationStrip_->setMinimumWidth(ImageGridView::widthFor(steps, img.width()));
    }
  } catch (const std::exception& e) {
    interpolationFrames_.clear();
    stepLabel_->setText(QString::fromStdString(e.what()));
  }
  if (!hasA) thumbA_->setText(QStringLiteral("A"));
  if (!hasB) thumbB_->setText(QStringLiteral("B"));
  if (interpolationFrames_.isEmpty()) {
    interpolationStrip_->clear();
    interpolationStrip_->setMinimumWidth(0);
    stop();
  } else {
    playFrame_ = std::min(playFrame_, static_cast<int>(interpolationFrames_.size()) - 1);
  }
}

bool ExplorePanel::isPlaying() const { return playTimer_->isActive(); }

void ExplorePanel::play() {
  if (interpolationFrames_.size() < 2) {
    stop();  // nothing to animate: leave the button up
    return;
  }
  playFrame_ = 0;
  playDirection_ = 1;
  // The sliders no longer hold the image last clicked or encoded: the caption must not name it.
  encodedThumb_->hide();
  encodedLabel_->setText(tr("Playing the interpolation from A to B (the sliders follow it)"));
  sourceZ_.clear();
  showPlayFrame();
  playTimer_->start();
  const QSignalBlocker block(playButton_);
  playButton_->setChecked(true);
}

void ExplorePanel::stop() {
  playTimer_->stop();
  const QSignalBlocker block(playButton_);
  playButton_->setChecked(false);
}

void ExplorePanel::showPlayFrame() {
  if (playFrame_ < 0 || playFrame_ >= interpolationFrames_.size()) return;
  const QVector<double>& z = interpolationFrames_[playFrame_];
  state_->setZWidening(z);  // like presets: a path beyond the range is shown as computed
}

void ExplorePanel::advancePlayFrame() {
  const int last = static_cast<int>(interpolationFrames_.size()) - 1;
  if (last < 1) {
    stop();
    return;
  }
  // Ping-pong: turn around at either end instead of jumping from B back to A.
  if (playFrame_ + playDirection_ > last || playFrame_ + playDirection_ < 0) playDirection_ = -playDirection_;
  playFrame_ += playDirection_;
  showPlayFrame();
}

}  // namespace vae
