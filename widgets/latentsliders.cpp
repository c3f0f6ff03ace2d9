#include "widgets/latentsliders.h"

#include "widgets/widgetslogging.h"
#include "widgets/wrappinglabel.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSlider>
#include <QVBoxLayout>
#include <QtDebug>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace vae {

namespace {
// Which dimension an event-filtered widget belongs to.
const char* const kDimProperty = "vaeLatentDim";
// The KL bar beside each row: thin, so 256 rows stay compact, and wide enough to compare rows at a glance.
constexpr int kKlTrackWidth = 56;
constexpr int kKlTrackHeight = 6;
// How strongly the selected row is tinted with the highlight colour (0 = not at all, 1 = fully).
constexpr double kSelectionTint = 0.22;

// Same colours as KlBars, so a dimension reads the same in both views.
const QColor kActiveColor(31, 119, 180);
const QColor kInactiveColor(185, 185, 185);

int toTicks(double sigmas) { return static_cast<int>(std::lround(sigmas * LatentSliders::kTicksPerSigma)); }

QColor mix(const QColor& a, const QColor& b, double t) {
  return QColor::fromRgbF(static_cast<float>(a.redF() * (1 - t) + b.redF() * t),
                          static_cast<float>(a.greenF() * (1 - t) + b.greenF() * t),
                          static_cast<float>(a.blueF() * (1 - t) + b.blueF() * t));
}

QString formatNats(double v) { return v >= 10 ? QString::number(v, 'f', 1) : QString::number(v, 'f', 2); }

void setFillColor(QWidget* w, const QColor& c) {
  if (w->palette().color(QPalette::Window) == c) return;
  QPalette pal = w->palette();
  pal.setColor(QPalette::Window, c);
  w->setPalette(pal);
}
}  // namespace

LatentSliders::LatentSliders(QWidget* parent) : QWidget(parent) {
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->setSpacing(4);

  auto* header = new QHBoxLayout;
  header->setContentsMargins(6, 4, 6, 0);
  auto* rangeLabel = new QLabel(tr("Range ±"), this);
  rangeBox_ = new QDoubleSpinBox(this);
  rangeBox_->setRange(kMinRange, kMaxRange);
  rangeBox_->setSingleStep(0.5);
  rangeBox_->setDecimals(1);
  rangeBox_->setValue(range_);
  rangeBox_->setKeyboardTracking(false);
  rangeLabel->setBuddy(rangeBox_);
  orderBox_ = new QCheckBox(this);
  hideBox_ = new QCheckBox(tr("Hide inactive"), this);
  resetButton_ = new QPushButton(tr("Reset"), this);
  randomButton_ = new QPushButton(tr("Randomize"), this);
  updateUnitTexts();
  // Two short rows rather than one long one: the panel then fits beside the decoded image in a 1000 px window.
  header->addWidget(rangeLabel);
  header->addWidget(rangeBox_);
  header->addStretch(1);
  header->addWidget(resetButton_);
  header->addWidget(randomButton_);
  outer->addLayout(header);

  auto* options = new QHBoxLayout;
  options->setContentsMargins(6, 0, 6, 0);
  options->addWidget(orderBox_);
  options->addWidget(hideBox_);
  // Wrapped without height-for-width: the sliders' box keeps its own least height on the Explore page.
  summary_ = new WrappingLabel(this);
  summary_->setForegroundRole(QPalette::PlaceholderText);
  options->addSpacing(8);
  options->addWidget(summary_, 1);
  outer->addLayout(options);

  scroll_ = new QScrollArea(this);
  scroll_->setWidgetResizable(true);
  scroll_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  rowsHost_ = new QWidget;
  rowsLayout_ = new QVBoxLayout(rowsHost_);
  rowsLayout_->setContentsMargins(0, 2, 0, 2);
  rowsLayout_->setSpacing(0);
  rowsLayout_->addStretch(1);  // rows are inserted above it, so a few rows sit at the top
  scroll_->setWidget(rowsHost_);
  outer->addWidget(scroll_, 1);

  connect(rangeBox_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setRange(v); });
  connect(orderBox_, &QCheckBox::toggled, this, &LatentSliders::setOrderByKl);
  connect(hideBox_, &QCheckBox::toggled, this, &LatentSliders::setHideInactive);
  connect(resetButton_, &QPushButton::clicked, this, &LatentSliders::reset);
  connect(randomButton_, &QPushButton::clicked, this, [this] { randomize(); });

  resetButton_->setEnabled(false);  // until there are dimensions to act on
  randomButton_->setEnabled(false);
  showKl();
}

LatentSliders::Row LatentSliders::makeRow(int dim) {
  Row r;
  r.widget = new QWidget(rowsHost_);
  auto* h = new QHBoxLayout(r.widget);
  h->setContentsMargins(6, 1, 6, 1);
  h->setSpacing(6);

  r.label = new QLabel(QStringLiteral("z%1").arg(dim), r.widget);
  r.label->setMinimumWidth(r.label->fontMetrics().horizontalAdvance(QStringLiteral("z000")) + 2);

  r.slider = new QSlider(Qt::Horizontal, r.widget);
  r.slider->setRange(-toTicks(range_), toTicks(range_));
  r.slider->setSingleStep(toTicks(kSingleStepSigma));
  r.slider->setPageStep(toTicks(kPageStepSigma));
  r.slider->setTracking(true);  // valueChanged while dragging: the image follows the hand
  r.slider->setFocusPolicy(Qt::StrongFocus);
  r.slider->setMinimumWidth(80);
  r.slider->setToolTip(sliderToolTip(dim));

  r.spin = new QDoubleSpinBox(r.widget);
  r.spin->setDecimals(2);
  r.spin->setSingleStep(kSingleStepSigma);
  r.spin->setButtonSymbols(QAbstractSpinBox::NoButtons);
  r.spin->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  // Commit on Enter / focus out, not per keystroke: typing "-1.5" would otherwise decode -1 first.
  r.spin->setKeyboardTracking(false);
  // Tab goes slider to slider (one press per row); the field is reached by click or Enter on the slider.
  r.spin->setFocusPolicy(Qt::ClickFocus);
  // Sized for the widest range so the columns do not jump when the range changes.
  r.spin->setRange(-kMaxRange, kMaxRange);
  r.spin->setFixedWidth(r.spin->sizeHint().width());
  r.spin->setRange(-range_, range_);

  r.klText = new QLabel(r.widget);
  r.klText->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  r.klText->setMinimumWidth(r.klText->fontMetrics().horizontalAdvance(QStringLiteral("00.00")) + 2);

  r.klTrack = new QWidget(r.widget);
  r.klTrack->setFixedSize(kKlTrackWidth, kKlTrackHeight);
  r.klTrack->setAutoFillBackground(true);
  r.klTrack->setBackgroundRole(QPalette::Midlight);
  r.klFill = new QWidget(r.klTrack);
  r.klFill->setAutoFillBackground(true);
  // A child inherits its parent's background role (the track's); the fill paints its own colour.
  r.klFill->setBackgroundRole(QPalette::Window);
  r.klFill->setGeometry(0, 0, 0, kKlTrackHeight);

  h->addWidget(r.label);
  h->addWidget(r.slider, 1);
  h->addWidget(r.spin);
  h->addWidget(r.klText);
  h->addWidget(r.klTrack);

  for (QObject* o : {static_cast<QObject*>(r.widget), static_cast<QObject*>(r.label),
                     static_cast<QObject*>(r.slider), static_cast<QObject*>(r.spin)}) {
    o->setProperty(kDimProperty, dim);
    o->installEventFilter(this);
  }

  connect(r.slider, &QSlider::valueChanged, this, [this, dim](int ticks) { onSliderMoved(dim, ticks); });
  connect(r.slider, &QSlider::sliderReleased, this, [this] {
    if (reorderPending_) applyOrder();
  });
  connect(r.spin, &QDoubleSpinBox::valueChanged, this, [this, dim](double v) { onSpinEdited(dim, v); });
  return r;
}

void LatentSliders::setDimensions(int latentDim) {
  latentDim = std::max(0, latentDim);
  // Building 256 rows one repaint at a time would be visibly slow.
  rowsHost_->setUpdatesEnabled(false);
  for (const Row& r : rows_) delete r.widget;
  rows_.clear();
  z_ = QVector<double>(latentDim, 0.0);
  kl_.clear();
  active_.clear();
  if (showsCodeSpread()) {  // a new model: the prior's meaning until it says it has none
    codeMean_.clear();
    updateUnitTexts();
  }
  order_.resize(latentDim);
  std::iota(order_.begin(), order_.end(), 0);
  reorderPending_ = false;
  rows_.reserve(latentDim);
  for (int d = 0; d < latentDim; ++d) {
    rows_.push_back(makeRow(d));
    rowsLayout_->insertWidget(d, rows_.back().widget);
  }
  showAllValues();
  showKl();
  applyVisibility();
  updateTabOrder();
  rowsHost_->setUpdatesEnabled(true);
  resetButton_->setEnabled(latentDim > 0);
  randomButton_->setEnabled(latentDim > 0);

  if (selected_ != -1) {
    selected_ = -1;
    Q_EMIT selectedDimensionChanged(-1);
  }
  Q_EMIT zChanged(z_);
}

double LatentSliders::clampToRange(double v) const {
  if (!std::isfinite(v)) return 0.0;
  return std::clamp(v, -range_, range_);
}

void LatentSliders::setZ(const QVector<double>& z) {
  if (z.size() != z_.size()) {
    qCWarning(lcWidgets, "LatentSliders::setZ: %d values for %d dimensions, ignored", int(z.size()), int(z_.size()));
    return;
  }
  for (int d = 0; d < z.size(); ++d) z_[d] = clampToRange(z[d]);
  showAllValues();
  Q_EMIT zChanged(z_);
}

void LatentSliders::setZWidening(const QVector<double>& z) {
  double maxAbs = 0;
  for (double v : z) maxAbs = std::max(maxAbs, std::abs(v));
  if (z.size() == z_.size() && maxAbs > range_) setRange(std::min(std::ceil(maxAbs), kMaxRange));
  setZ(z);
}

double LatentSliders::value(int dim) const { return dim >= 0 && dim < z_.size() ? z_[dim] : 0.0; }

void LatentSliders::setValue(int dim, double value) {
  if (dim < 0 || dim >= z_.size()) return;
  const double v = clampToRange(value);
  if (v == z_[dim]) return;
  z_[dim] = v;
  showValue(dim);
  Q_EMIT zChanged(z_);
}

void LatentSliders::setRange(double sigmas) {
  sigmas = std::clamp(sigmas, kMinRange, kMaxRange);
  if (sigmas == range_) return;
  range_ = sigmas;
  {
    const QSignalBlocker block(rangeBox_);
    rangeBox_->setValue(range_);
  }
  bool clamped = false;
  for (int d = 0; d < rows_.size(); ++d) {
    const Row& r = rows_[d];
    // Changing the ranges may move the controls; those moves are display, not user edits.
    const QSignalBlocker blockSlider(r.slider);
    const QSignalBlocker blockSpin(r.spin);
    r.slider->setRange(-toTicks(range_), toTicks(range_));
    r.spin->setRange(-range_, range_);
    const double v = clampToRange(z_[d]);
    clamped = clamped || v != z_[d];
    z_[d] = v;
  }
  showAllValues();
  Q_EMIT rangeChanged(range_);
  if (clamped) Q_EMIT zChanged(z_);
}

void LatentSliders::onSliderMoved(int dim, int ticks) {
  z_[dim] = clampToRange(static_cast<double>(ticks) / kTicksPerSigma);
  const QSignalBlocker block(rows_[dim].spin);
  rows_[dim].spin->setValue(z_[dim]);
  Q_EMIT zChanged(z_);
}

void LatentSliders::onSpinEdited(int dim, double value) {
  z_[dim] = clampToRange(value);
  const QSignalBlocker block(rows_[dim].slider);
  rows_[dim].slider->setValue(toTicks(z_[dim]));
  Q_EMIT zChanged(z_);
}

void LatentSliders::showValue(int dim) {
  const Row& r = rows_[dim];
  const QSignalBlocker blockSlider(r.slider);
  const QSignalBlocker blockSpin(r.spin);
  r.slider->setValue(toTicks(z_[dim]));
  r.spin->setValue(z_[dim]);
}

void LatentSliders::showAllValues() {
  for (int d = 0; d < rows_.size(); ++d) showValue(d);
}

double LatentSliders::klOf(int dim) const {
  return dim >= 0 && dim < kl_.size() && std::isfinite(kl_[dim]) ? kl_[dim] : std::numeric_limits<double>::quiet_NaN();
}

bool LatentSliders::isInactive(int dim) const {
  return !std::isnan(klOf(dim)) && dim < active_.size() && !active_[dim];
}

void LatentSliders::setKl(const QVector<double>& klPerDim, const QVector<bool>& active) {
  const bool wasCodes = showsCodeSpread();
  kl_ = klPerDim;
  active_ = active;
  codeMean_.clear();
  if (wasCodes) updateUnitTexts();
  showKl();
  applyOrder();
  applyVisibility();
}

void LatentSliders::setCodeSpread(const QVector<double>& mean, const QVector<double>& sd, const QVector<bool>& varies) {
  const bool wasCodes = showsCodeSpread();
  kl_ = sd;
  active_ = varies;
  codeMean_ = mean;
  codeMean_.resize(sd.size());
  if (!wasCodes) updateUnitTexts();
  showKl();
  applyOrder();
  applyVisibility();
}

QString LatentSliders::summaryText() const { return summary_->text(); }

QString LatentSliders::sliderToolTip(int dim) const {
  if (showsCodeSpread())
    return tr("z%1: arrows ±%2, PageUp/PageDown ±%3 (code units), Enter to type a value")
        .arg(dim)
        .arg(kSingleStepSigma)
        .arg(kPageStepSigma);
  return tr("z%1: arrows ±%2 σ, PageUp/PageDown ±%3 σ, Enter to type a value")
      .arg(dim)
      .arg(kSingleStepSigma)
      .arg(kPageStepSigma);
}

void LatentSliders::updateUnitTexts() {
  const bool codes = showsCodeSpread();
  for (int d = 0; d < rows_.size(); ++d) rows_[d].slider->setToolTip(sliderToolTip(d));
  rangeBox_->setSuffix(codes ? QString() : tr(" σ"));
  rangeBox_->setToolTip(codes ? tr("Half-width of every slider in code units: an autoencoder has no prior, so it "
                                   "starts fitted to its codes (mean ± 3 sd)")
                              : tr("Half-width of every slider, in standard deviations of the N(0,1) prior"));
  orderBox_->setText(codes ? tr("Order by spread") : tr("Order by KL"));
  orderBox_->setToolTip(codes ? tr("Dimensions whose codes vary most first") : tr("Most informative dimensions (largest KL) first"));
  hideBox_->setToolTip(codes ? tr("Hide dimensions whose codes barely vary (grey): the decoder gets a constant there")
                             : tr("Hide inactive dimensions (grey, almost no KL): the decoder ignores them"));
  resetButton_->setToolTip(codes ? tr("Every dimension to the mean of the codes") : tr("Every dimension to 0, the prior mean"));
  randomButton_->setToolTip(codes ? tr("Draw each dimension from N(mean, sd²) of the codes: an autoencoder has no prior")
                                  : tr("Sample z from the prior N(0, 1)"));
}

void LatentSliders::showKl() {
  double maxValue = 0.0;
  bool any = false;
  for (int d = 0; d < rows_.size(); ++d) {
    const double k = klOf(d);
    if (std::isnan(k)) continue;
    any = true;
    maxValue = std::max(maxValue, k);
  }
  for (int d = 0; d < rows_.size(); ++d) showRowMeasure(d, maxValue);
  showSummary(any);
}

void LatentSliders::showRowMeasure(int d, double maxValue) {
  const Row& r = rows_[d];
  const double k = klOf(d);
  if (std::isnan(k)) {
    r.klText->setText(QStringLiteral("–"));
    r.klText->setToolTip(tr("z%1: no KL yet").arg(d));
    r.klFill->resize(0, kKlTrackHeight);
    r.label->setForegroundRole(QPalette::WindowText);
    return;
  }
  const bool inactive = isInactive(d);
  r.klText->setText(formatNats(k));
  if (showsCodeSpread())
    r.klText->setToolTip(inactive ? tr("z%1: codes spread with sd %2 around %3 (barely varies)")
                                        .arg(d)
                                        .arg(k, 0, 'g', 3)
                                        .arg(formatNats(codeMean_[d]))
                                  : tr("z%1: codes spread with sd %2 around %3")
                                        .arg(d)
                                        .arg(formatNats(k))
                                        .arg(formatNats(codeMean_[d])));
  else
    r.klText->setToolTip(inactive ? tr("z%1: KL %2 nats (inactive: the decoder ignores it)").arg(d).arg(k, 0, 'g', 3)
                                  : tr("z%1: KL %2 nats").arg(d).arg(formatNats(k)));
  // Dead dimensions keep a 1 px stub so "present but empty" differs from "no data".
  const int w = maxValue > 0 ? static_cast<int>(std::lround(std::max(0.0, k) / maxValue * kKlTrackWidth)) : 0;
  r.klFill->resize(std::max(1, w), kKlTrackHeight);
  setFillColor(r.klFill, inactive ? kInactiveColor : kActiveColor);
  r.label->setForegroundRole(inactive ? QPalette::PlaceholderText : QPalette::WindowText);
  r.klText->setForegroundRole(inactive ? QPalette::PlaceholderText : QPalette::WindowText);
}

void LatentSliders::showSummary(bool anyKnown) {
  int active = 0;
  for (int d = 0; d < rows_.size(); ++d)
    if (!std::isnan(klOf(d)) && !isInactive(d)) ++active;
  if (rows_.isEmpty()) {
    summary_->setText(tr("No model yet: the sliders appear with the first model"));
  } else if (!anyKnown) {
    summary_->setText(tr("%n dimension(s) · KL (nats) appears once the model has seen data", nullptr,
                         static_cast<int>(rows_.size())));
  } else if (showsCodeSpread()) {
    summary_->setText(tr("%1 dimensions · %2 vary · code sd at the right (no KL)")
                          .arg(rows_.size())
                          .arg(active));
  } else {
    summary_->setText(tr("%1 dimensions · %2 active · KL (nats) per dimension at the right")
                          .arg(rows_.size())
                          .arg(active));
  }
}

void LatentSliders::setOrderByKl(bool on) {
  orderByKl_ = on;
  {
    const QSignalBlocker block(orderBox_);
    orderBox_->setChecked(on);
  }
  applyOrder();
}

void LatentSliders::setHideInactive(bool on) {
  hideInactive_ = on;
  {
    const QSignalBlocker block(hideBox_);
    hideBox_->setChecked(on);
  }
  applyVisibility();
}

void LatentSliders::applyOrder() {
  QVector<int> order(rows_.size());
  std::iota(order.begin(), order.end(), 0);
  if (orderByKl_) {
    // Unknown KL sorts last; stable, so equal KLs keep dimension order and rows do not shuffle.
    auto key = [this](int d) {
      const double k = klOf(d);
      return std::isnan(k) ? -std::numeric_limits<double>::infinity() : k;
    };
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
  }
  if (order == order_) {
    reorderPending_ = false;
    return;
  }
  for (const Row& r : rows_) {
    if (r.slider->isSliderDown()) {
      reorderPending_ = true;
      return;
    }
  }
  reorderPending_ = false;
  order_ = order;
  rowsHost_->setUpdatesEnabled(false);
  for (const Row& r : rows_) rowsLayout_->removeWidget(r.widget);
  for (int i = 0; i < order_.size(); ++i) rowsLayout_->insertWidget(i, rows_[order_[i]].widget);
  rowsHost_->setUpdatesEnabled(true);
  updateTabOrder();
}

void LatentSliders::applyVisibility() {
  for (int d = 0; d < rows_.size(); ++d) {
    rows_[d].widget->setHidden(hideInactive_ && isInactive(d));
  }
}

bool LatentSliders::isRowShown(int dim) const {
  return dim >= 0 && dim < rows_.size() && !rows_[dim].widget->isHidden();
}

void LatentSliders::updateTabOrder() {
  // Tab follows the rows as laid out (top to bottom), not dimension numbers.
  QWidget* previous = randomButton_;
  for (int d : order_) {
    QWidget::setTabOrder(previous, rows_[d].slider);
    previous = rows_[d].slider;
  }
}

QSlider* LatentSliders::slider(int dim) const { return dim >= 0 && dim < rows_.size() ? rows_[dim].slider : nullptr; }

QDoubleSpinBox* LatentSliders::spinBox(int dim) const {
  return dim >= 0 && dim < rows_.size() ? rows_[dim].spin : nullptr;
}

void LatentSliders::setSelectedDimension(int dim) {
  if (dim < -1 || dim >= rows_.size()) dim = -1;
  if (dim == selected_) return;
  if (selected_ >= 0) paintSelection(selected_, false);
  selected_ = dim;
  if (selected_ >= 0) paintSelection(selected_, true);
  Q_EMIT selectedDimensionChanged(selected_);
}

void LatentSliders::paintSelection(int dim, bool selected) {
  const Row& r = rows_[dim];
  r.widget->setAutoFillBackground(selected);
  if (selected) {
    QPalette pal = r.widget->palette();
    pal.setColor(QPalette::Window, mix(palette().color(QPalette::Base), palette().color(QPalette::Highlight),
                                       kSelectionTint));
    r.widget->setPalette(pal);
  }
  QFont f = r.label->font();
  f.setBold(selected);
  r.label->setFont(f);
}

void LatentSliders::reset() {
  for (int d = 0; d < z_.size(); ++d) z_[d] = d < codeMean_.size() ? clampToRange(codeMean_[d]) : 0.0;
  showAllValues();
  Q_EMIT zChanged(z_);
}

void LatentSliders::randomize() { randomize(QRandomGenerator::global()->generate()); }

void LatentSliders::randomize(quint32 seed) {
  QRandomGenerator gen(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int d = 0; d < z_.size(); ++d) {
    const bool codes = d < codeMean_.size() && d < kl_.size() && std::isfinite(kl_[d]);
    z_[d] = clampToRange(codes ? codeMean_[d] + kl_[d] * normal(gen) : normal(gen));
  }
  showAllValues();
  Q_EMIT zChanged(z_);
}

bool LatentSliders::eventFilter(QObject* watched, QEvent* event) {
  const QVariant dimVar = watched->property(kDimProperty);
  if (!dimVar.isValid()) return QWidget::eventFilter(watched, event);
  const int dim = dimVar.toInt();
  if (dim < 0 || dim >= rows_.size()) return QWidget::eventFilter(watched, event);
  const Row& r = rows_[dim];

  switch (event->type()) {
    case QEvent::FocusIn:
    case QEvent::MouseButtonPress:
      setSelectedDimension(dim);
      break;
    case QEvent::Wheel:
      // Scrolling the list must not change every slider the pointer crosses: an unfocused slider
      // hands the wheel to the scroll area.
      if ((watched == r.slider || watched == r.spin) && !static_cast<QWidget*>(watched)->hasFocus()) {
        QCoreApplication::sendEvent(scroll_->viewport(), event);
        return true;
      }
      break;
    case QEvent::KeyPress: {
      const int key = static_cast<QKeyEvent*>(event)->key();
      const bool enter = key == Qt::Key_Return || key == Qt::Key_Enter;
      if (watched == r.slider && (enter || key == Qt::Key_F2)) {
        r.spin->setFocus(Qt::OtherFocusReason);
        r.spin->selectAll();
        return true;
      }
      if (watched == r.spin && (enter || key == Qt::Key_Escape)) {
        if (enter) {
          r.spin->interpretText();  // commits the typed value (valueChanged -> onSpinEdited)
        }
        showValue(dim);  // Escape drops the typing; Enter shows the clamped value
        r.slider->setFocus(Qt::OtherFocusReason);
        return true;
      }
      break;
    }
    default:
      break;
  }
  return QWidget::eventFilter(watched, event);
}

QSize LatentSliders::sizeHint() const { return QSize(440, 420); }

}  // namespace vae
