#include "app/gui/latentplanepanel.h"
#include "widgets/wrappinglabel.h"

#include "app/core/explorestate.h"
#include "app/core/asyncdecoder.h"
#include "app/core/codespread.h"

#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "app/gui/saveimageaction.h"
#include "widgets/latentgridview.h"
#include "widgets/latentscatter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>

namespace vae {

namespace {
// Grid cells per side when a model first appears: large enough to see structure, cheap to decode.
constexpr int kDefaultGridSize = 12;
constexpr int kGridTab = 0;
constexpr int kScatterTab = 1;
}  // namespace

LatentPlanePanel::LatentPlanePanel(LatentDecoder* decoder, ExploreState* state, QWidget* parent)
    : QWidget(parent), decoder_(decoder), state_(state) {
  gridDecoder_ = new AsyncDecoder(QStringLiteral("grid decoder"), this);
  grid_ = new LatentGridView;
  grid_->setObjectName("latentGrid");
  grid_->setGridSize(kDefaultGridSize);
  grid_->setToolTip(tr("Wheel zooms, drag pans, click copies the cell's z to the sliders, double-click resets"));
  scatter_ = new LatentScatter;
  scatter_->setObjectName("latentScatter");
  scatter_->setPlaceholderText(tr("Load a dataset and train or open a model to see where its test images lie"));
  scatter_->setPlane(grid_->plane());
  // The grid's menu holds only "Save Image As…"; the scatter's menus (a point's, or the view's when no
  // point is under the mouse) are built in showScatterMenu. Both save what they show.
  SaveImageAction::attach(grid_, QStringLiteral("latent-grid"));
  SaveImageAction::attach(scatter_, QStringLiteral("latent-scatter"), SaveImageAction::Menu::Shared)
      ->setImageProvider([this] {
        scatter_->replotNow();  // a queued replot would otherwise be missing from the grab
        return scatter_->grab().toImage();
      });

  axisXBox_ = new QComboBox;
  axisXBox_->setObjectName("axisX");
  axisYBox_ = new QComboBox;
  axisYBox_->setObjectName("axisY");
  const QString axisTip = tr("A latent dimension zN, or PCk: the k-th principal axis of the test set's codes");
  axisXBox_->setToolTip(axisTip);
  axisYBox_->setToolTip(axisTip);
  gridSizeBox_ = new QSpinBox;
  gridSizeBox_->setRange(LatentGridView::kMinGridSize, LatentGridView::kMaxGridSize);
  gridSizeBox_->setValue(kDefaultGridSize);
  gridSizeBox_->setToolTip(tr("Grid cells per side"));
  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Horizontal:")));
  controls->addWidget(axisXBox_);
  controls->addWidget(new QLabel(tr("Vertical:")));
  controls->addWidget(axisYBox_);
  controls->addWidget(new QLabel(tr("Cells:")));
  controls->addWidget(gridSizeBox_);
  controls->addStretch(1);

  views_ = new QTabWidget;
  views_->setDocumentMode(true);
  views_->addTab(grid_, tr("Grid of decoded images"));
  views_->addTab(scatter_, tr("Scatter of test codes"));
  // Wrapped without height-for-width: the plane keeps its own least height on the Explore page.
  codesLabel_ = new WrappingLabel;
  codesLabel_->setObjectName("codesLabel");

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(views_, 1);
  layout->addWidget(codesLabel_);

  encoder_ = new DatasetEncoder(this);
  encodeTimer_ = new QTimer(this);
  encodeTimer_->setSingleShot(true);
  connect(encodeTimer_, &QTimer::timeout, this, &LatentPlanePanel::startEncoding);
  connect(encoder_, &DatasetEncoder::finished, this, &LatentPlanePanel::onCodes);
  connect(encoder_, &DatasetEncoder::failed, this, &LatentPlanePanel::onCodesFailed);
  connect(encoder_, &DatasetEncoder::progress, this, [this](int done, int total) {
    encodeDone_ = done;
    encodeTotal_ = total;
    if (!codes_) updateCodesLabel();
  });

  connect(grid_, &LatentGridView::imagesRequested, this, &LatentPlanePanel::decodeGrid);
  connect(gridDecoder_, &AsyncDecoder::decoded, grid_, &LatentGridView::setImages);
  connect(gridDecoder_, &AsyncDecoder::failed, this,
          [this](const QString& message) { codesLabel_->setText(message); });
  connect(grid_, &LatentGridView::pointClicked, this, [this](QPointF xy) {
    if (axes_.isValid() && state_->dimensions() == axes_.latentDim()) state_->setZ(axes_.moveTo(state_->z(), xy));
  });
  connect(scatter_, &LatentScatter::planeChanged, grid_, &LatentGridView::setPlane);
  connect(scatter_, &LatentScatter::pointClicked, this, &LatentPlanePanel::pickCode);
  connect(scatter_, &LatentScatter::pointContextMenuRequested, this, &LatentPlanePanel::showScatterMenu);
  connect(scatter_, &LatentScatter::backgroundContextMenuRequested, this,
          [this](const QPoint& globalPos) { showScatterMenu(-1, globalPos); });
  connect(views_, &QTabWidget::currentChanged, this, [this](int index) {
    // The hidden grid skips decoding (decodeGrid); showing it again brings it up to date.
    if (index == kGridTab) grid_->requestImages();
    if (codesStale_) scheduleEncoding();
  });
  connect(axisXBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { onAxisChoiceChanged(true); });
  connect(axisYBox_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { onAxisChoiceChanged(false); });
  connect(gridSizeBox_, qOverload<int>(&QSpinBox::valueChanged), grid_, &LatentGridView::setGridSize);
  updateCodesLabel();
}

LatentPlanePanel::~LatentPlanePanel() = default;

void LatentPlanePanel::showView(int index) { views_->setCurrentIndex(index); }
int LatentPlanePanel::currentView() const { return views_->currentIndex(); }

void LatentPlanePanel::setLatentDim(int latentDim) {
  latentDim_ = latentDim;
  userChoseAxes_ = false;
  rangeFitted_ = planeFitted_ = false;
  codes_.reset();
  codesError_.clear();
  encoder_->cancel();
  scatter_->clearPoints();
  scatter_->setSelectedIndex(-1);
  rebuildAxisChoices(0, std::min(1, latentDim - 1));
  updateCodesLabel();
}

void LatentPlanePanel::clearModel() {
  snapshot_.reset();
  codesStale_ = false;
  encodeTimer_->stop();
  setLatentDim(0);
  grid_->clearImages();
  grid_->clearCurrentPoint();
  scatter_->clearCurrentPoint();
}

void LatentPlanePanel::setSnapshot(const DecoderSnapshotPtr& snapshot, bool live) {
  if (!snapshot) return;
  snapshot_ = snapshot;
  live_ = live;
  scheduleEncoding();
  grid_->requestImages();
}

void LatentPlanePanel::setDataset(const Dataset& data) {
  dataset_ = data;
  codes_.reset();
  codesError_.clear();
  scatter_->clearPoints();
  scatter_->setSelectedIndex(-1);
  encodeTimer_->stop();
  sinceEncodeStart_.invalidate();  // new data: encode at once, even while training
  scheduleEncoding();
  updateCodesLabel();
}

void LatentPlanePanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (codesStale_) scheduleEncoding();
}

// --- encoding the test set ----------------------------------------------------------------------

void LatentPlanePanel::scheduleEncoding() {
  codesStale_ = true;
  // Nothing is encoded for a hidden panel: while the user watches the loss curves the cores train.
  if (!isVisible() || !snapshot_ || !dataset_ || encodeTimer_->isActive()) return;
  // A live run's newer codes only matter where they are seen: the scatter, or a grid over PCA axes.
  // Otherwise the first codes (for the PC choices) stay, and the core stays with training.
  const bool codesShown = views_->currentIndex() == kScatterTab || axisX() >= latentDim_ || axisY() >= latentDim_;
  if (live_ && codes_ && !codesShown) return;
  int delay = 0;
  if (live_ && codes_ && sinceEncodeStart_.isValid())
    delay = static_cast<int>(std::max<qint64>(0, kLiveRefreshMs - sinceEncodeStart_.elapsed()));
  encodeTimer_->start(delay);
}

void LatentPlanePanel::startEncoding() {
  if (!codesStale_ || !snapshot_ || !dataset_) return;
  if (snapshot_->config.latentDim != latentDim_) return;  // the panel has not seen this shape yet
  codesStale_ = false;
  sinceEncodeStart_.start();
  encoder_->request(snapshot_, *dataset_);
  if (!codes_) updateCodesLabel();
}

void LatentPlanePanel::onCodes(const LatentCodesPtr& codes) {
  if (!codes || codes->latentDim != latentDim_) return;  // from a model of another shape
  codes_ = codes;
  codesError_.clear();
  if (isAutoencoder() && !rangeFitted_) {
    state_->setRange(sliderRangeFor(codeSpreadOf(*codes)));
    rangeFitted_ = true;
  }
  // PC axes appear; chosen ones take the new directions. Until the user picks axes, a model with more
  // than two dims is shown along PC1 and PC2: the plane where its codes vary most, where z0/z1 may be
  // collapsed dimensions with nothing to see.
  if (!userChoseAxes_ && latentDim_ > 2 && codes->pcaAxes.size() >= 2)
    rebuildAxisChoices(latentDim_, latentDim_ + 1);
  else
    rebuildAxisChoices(axisX(), axisY());
  updateCodesLabel();
}

void LatentPlanePanel::onCodesFailed(const QString& reason) {
  codesError_ = reason;
  codes_.reset();
  scatter_->clearPoints();
  rebuildAxisChoices(axisX(), axisY());
  updateCodesLabel();
}

QString LatentPlanePanel::codesText() const { return codesLabel_->text(); }

void LatentPlanePanel::setKlReport(const KlReport& report) {
  klReport_ = report;
  updateCodesLabel();
}

void LatentPlanePanel::updateCodesLabel() {
  QString text;
  if (!codesError_.isEmpty()) {
    text = tr("No scatter: %1").arg(codesError_);
  } else if (codes_) {
    // μ is a VAE's posterior mean; an autoencoder's code is simply its code.
    text = (isAutoencoder() ? tr("Codes of %1 test images, weights of step %2")
                            : tr("Codes (μ) of %1 test images, weights of step %2"))
               .arg(QLocale().toString(codes_->count()), QLocale().toString(codes_->step));
    if (!klReport_.isEmpty() && klReport_.klPerDim.size() == codes_->latentDim)
      text += klReport_.klApplies
                  ? tr("  ·  %1 of %2 dimensions active").arg(klReport_.activeCount).arg(codes_->latentDim)
                  : tr("  ·  %1 of %2 dimensions vary").arg(klReport_.activeCount).arg(codes_->latentDim);
    if (isAutoencoder())
      text += tr("  ·  an autoencoder has no prior: the sliders' range and this plane follow its codes "
                 "(mean ± 3 sd)");
  } else if (!dataset_) {
    text = tr("The scatter and the PCA axes need the dataset the model was trained on (File → Open Dataset)");
  } else if (snapshot_) {
    text = encodeTotal_ > 0 ? tr("Encoding the test images… %1 of %2")
                                  .arg(QLocale().toString(encodeDone_), QLocale().toString(encodeTotal_))
                            : tr("Encoding the test images…");
  }
  codesLabel_->setText(text);
  if (!codes_) scatter_->setPlaceholderText(text.isEmpty() ? tr("No model yet") : text);
}

// --- axes ---------------------------------------------------------------------------------------

int LatentPlanePanel::pcaAxisCount() const { return codes_ ? static_cast<int>(codes_->pcaAxes.size()) : 0; }
int LatentPlanePanel::axisX() const { return axisXBox_->currentIndex(); }
int LatentPlanePanel::axisY() const { return axisYBox_->currentIndex(); }

void LatentPlanePanel::setAxes(int indexX, int indexY) {
  userChoseAxes_ = true;
  {
    const QSignalBlocker blockX(axisXBox_), blockY(axisYBox_);
    axisXBox_->setCurrentIndex(indexX);
    axisYBox_->setCurrentIndex(indexY);
  }
  updateAxes();
}

void LatentPlanePanel::rebuildAxisChoices(int keepX, int keepY) {
  const QSignalBlocker blockX(axisXBox_), blockY(axisYBox_);
  axisXBox_->clear();
  axisYBox_->clear();
  for (QComboBox* box : {axisXBox_, axisYBox_}) {
    for (int d = 0; d < latentDim_; ++d) box->addItem(QStringLiteral("z%1").arg(d));
    for (int k = 0; k < pcaAxisCount(); ++k) {
      box->addItem(QStringLiteral("PC%1").arg(k + 1));
      box->setItemData(box->count() - 1,
                       tr("Principal axis %1 of the codes: variance %2").arg(k + 1).arg(codes_->pcaVariances.value(k), 0, 'f', 3),
                       Qt::ToolTipRole);
    }
  }
  const int count = axisXBox_->count();
  // A PCA choice that no longer exists (the codes failed) falls back to the first dims.
  axisXBox_->setCurrentIndex(keepX >= 0 && keepX < count ? keepX : 0);
  axisYBox_->setCurrentIndex(keepY >= 0 && keepY < count && keepY != axisX() ? keepY : std::min(1, count - 1));
  previousX_ = axisX();
  previousY_ = axisY();
  updateAxes();
}

void LatentPlanePanel::onAxisChoiceChanged(bool xChanged) {
  userChoseAxes_ = true;
  // Choosing for one axis what the other shows swaps them, instead of a degenerate plane.
  if (axisX() == axisY()) {
    const QSignalBlocker blockX(axisXBox_), blockY(axisYBox_);
    if (xChanged)
      axisYBox_->setCurrentIndex(previousX_);
    else
      axisXBox_->setCurrentIndex(previousY_);
  }
  previousX_ = axisX();
  previousY_ = axisY();
  updateAxes();
  if (codesStale_) scheduleEncoding();  // a PCA axis of a live run wants fresh codes
}

void LatentPlanePanel::updateAxes() {
  auto direction = [this](int index) -> QVector<double> {
    if (index < 0) return {};
    if (index < latentDim_) {
      QVector<double> unit(latentDim_, 0.0);
      unit[index] = 1.0;
      return unit;
    }
    const int k = index - latentDim_;
    return codes_ && k < codes_->pcaAxes.size() ? codes_->pcaAxes[k] : QVector<double>{};
  };
  axes_ = PlaneAxes(direction(axisX()), direction(axisY()), axisXBox_->currentText(), axisYBox_->currentText());
  planeFitted_ = false;  // other axes, another spread
  grid_->setAxisLabels(axes_.nameX(), axes_.nameY());
  scatter_->setAxisLabels(axes_.nameX(), axes_.nameY());
  updateScatterPoints();
  updateMarkers();
  grid_->requestImages();
}

void LatentPlanePanel::updateScatterPoints() {
  if (!codes_ || !axes_.isValid() || codes_->latentDim != axes_.latentDim()) return;
  const int count = codes_->count();
  QVector<QPointF> points(count);
  for (int i = 0; i < count; ++i)
    points[i] = axes_.coordinates(codes_->mu.constData() + static_cast<qsizetype>(i) * codes_->latentDim);
  scatter_->setPoints(points, codes_->labels, codes_->classNames);
  if (isAutoencoder() && !planeFitted_) fitPlaneToCodes(points);
}

bool LatentPlanePanel::isAutoencoder() const {
  return snapshot_ && snapshot_->config.kind == ModelKind::Autoencoder;
}

void LatentPlanePanel::fitPlaneToCodes(const QVector<QPointF>& points) {
  const PlaneWindow window = planeWindowFor(points, /*minSpan=*/1.0);
  LatentPlane plane = grid_->plane();
  plane.centerX = window.centerX;
  plane.centerY = window.centerY;
  plane.span = window.span;
  grid_->setPlane(plane);
  planeFitted_ = true;
}

void LatentPlanePanel::onZChanged() {
  updateMarkers();
  grid_->requestImages();  // the other dimensions of every cell follow z
}

void LatentPlanePanel::updateMarkers() {
  const QVector<double> z = state_->z();
  if (!axes_.isValid() || z.size() != axes_.latentDim()) {
    grid_->clearCurrentPoint();
    scatter_->clearCurrentPoint();
    return;
  }
  const QPointF xy = axes_.coordinates(z);
  grid_->setCurrentPoint(xy);
  scatter_->setCurrentPoint(xy);
}

void LatentPlanePanel::onClassChanged() { grid_->requestImages(); }

void LatentPlanePanel::decodeGrid(const LatentPlane& plane, quint64 requestId) {
  scatter_->setPlane(plane);  // the two views show the same patch of the plane
  // A grid behind the scatter tab is not decoded; switching back asks again.
  if (views_->currentIndex() != kGridTab) return;
  const QVector<double> z = state_->z();
  if (!decoder_->hasModel() || z.size() != decoder_->latentDim() || !axes_.isValid() ||
      axes_.latentDim() != z.size())
    return;
  // Cells are base + x*dirX + y*dirY with absolute plane coordinates (x, y): base is z without its
  // part on the plane, so the cell at z's own coordinates decodes z itself. Decoded on the grid decoder's
  // thread: a large grid of a large model never holds up the slider that moved z.
  gridDecoder_->request(
      decoder_->snapshot(),
      [base = AsyncDecoder::ownCopy(axes_.offPlane(z)), dirX = AsyncDecoder::ownCopy(axes_.dirX()),
       dirY = AsyncDecoder::ownCopy(axes_.dirY()), plane, cls = decoder_->classIndex()](LatentDecoder& decoder) {
        decoder.setClassIndex(cls);  // this thread's decoder: a conditional VAE's class travels with the job
        return decoder.decodeGridAlong(base, dirX, dirY, plane.n, plane.span, plane.centerX, plane.centerY);
      },
      requestId);
}

// --- picking codes ------------------------------------------------------------------------------

bool LatentPlanePanel::pickCode(int index) {
  if (!codes_ || index < 0 || index >= codes_->count() || state_->dimensions() != codes_->latentDim) return false;
  scatter_->setSelectedIndex(index);
  state_->setZWidening(codes_->code(index));
  Q_EMIT codePicked(index);
  return true;
}

void LatentPlanePanel::showScatterMenu(int index, const QPoint& globalPos) {
  QMenu menu(this);
  if (codes_ && index >= 0 && index < codes_->count()) {
    menu.addSection(datasetCaption(index));
    menu.addAction(tr("Load into Sliders"), this, [this, index] { pickCode(index); });
    menu.addAction(tr("Use as Interpolation A"), this, [this, index] { Q_EMIT endpointRequested(true, codes_->code(index)); });
    menu.addAction(tr("Use as Interpolation B"), this, [this, index] { Q_EMIT endpointRequested(false, codes_->code(index)); });
    menu.addSeparator();
  }
  menu.addAction(SaveImageAction::of(scatter_)->action());  // on a point or not: the whole view
  menu.exec(globalPos);
}

QImage LatentPlanePanel::datasetImage(int index) const {
  if (!dataset_ || index < 0 || index >= dataset_->size()) return {};
  return tensorToImage(dataset_->floatImage(index));
}

QString LatentPlanePanel::datasetCaption(int index) const {
  if (!dataset_ || index < 0 || index >= dataset_->size()) return {};
  const QString label = QString::fromStdString(dataset_->labelName(index));
  // The scatter's hover says "#5707" and exports say "test:5707": one number for one image, counted from 0.
  const QString number = QString::number(index);
  return label.isEmpty() ? tr("Test image %1").arg(number) : tr("Test image %1 · %2").arg(number, label);
}

}  // namespace vae
