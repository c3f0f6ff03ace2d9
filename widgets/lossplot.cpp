#include "widgets/lossplot.h"

#include "widgets/curvesmoothing.h"
#include "widgets/eventwatcher.h"
#include "widgets/lossplotreadout.h"
#include "widgets/lossplotstyle.h"
#include "widgets/plotlibrary.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

namespace vae {

namespace {
// At most ~30 replots per second: smooth to the eye, and appends between them cost only addData.
constexpr int kReplotIntervalMs = 33;
// The bold lines are a debiased EMA (TensorBoard's formula) whose span is a fraction of the steps in view:
// a lag of that fraction of the plot's width is invisible, so the bold line reads what the raw data says
// after 80 steps and after 10^5 alike, while minibatch noise is averaged away. The slider sets the fraction
// in steps of kSmoothingUnit (0 = raw data).
constexpr int kSmoothingSliderMax = 20;
constexpr double kSmoothingUnit = 0.0005;  // 0.05% of the visible steps per slider step (max 1%)
constexpr int kDefaultSmoothing = 6;       // 0.3%: ~30 steps when 10^4 are shown, raw below ~300
// Total differs from reconstruction + KL by more than this (relative) when the loss weights KL by β != 1.
constexpr double kWeightedTolerance = 1e-4;
// Smallest value the y axis shows in log scale: KL can sit at ~0 nats (collapse) and would
// otherwise stretch the axis over many empty decades.
constexpr double kLogFloor = 1e-3;
// In log scale the axis spans at most this many decades below the largest value.
constexpr double kLogMaxDecades = 5.0;
// Fraction of the value span added above (and, in linear scale, below) the data.
constexpr double kYMargin = 0.05;
// Pixels kept free right of the newest step.
constexpr double kRightMarginPx = 8.0;
// A test point is named in the hover read-out when the mouse is this close to it (pixels).
constexpr double kTestHoverPx = 6.0;
// Marker labels alternate between this many rows so neighbouring markers do not print over each other.
constexpr int kMarkerLabelRows = 3;

// Series indices into Impl::raw / Impl::smooth; kElbo (reconstruction + KL) has only a smoothed line,
// drawn when the total is β-weighted.
enum Series { kTotal = 0, kRecon = 1, kKl = 2, kRawSeries = 3, kElbo = 3, kSeriesCount = 4 };

// Marked for lupdate, translated where shown (LossPlot::tr).
const char* const kSeriesName[kSeriesCount] = {QT_TRANSLATE_NOOP("vae::LossPlot", "Total (−ELBO)"),
                                               QT_TRANSLATE_NOOP("vae::LossPlot", "Reconstruction"),
                                               QT_TRANSLATE_NOOP("vae::LossPlot", "KL"),
                                               QT_TRANSLATE_NOOP("vae::LossPlot", "−ELBO")};
const char* const kWeightedTotalName = QT_TRANSLATE_NOOP("vae::LossPlot", "β-weighted loss");
// Pixels between the controls and the read-out beside them.
constexpr int kReadoutGap = 12;

// Steps are whole numbers: early in a run the axis must not read 2.5, 7.5, 12.5.
class WholeStepTicker : public QCPAxisTicker {
 protected:
  double getTickStep(const QCPRange& range) override { return std::max(1.0, QCPAxisTicker::getTickStep(range)); }
};

struct TestPoint {
  double step;
  int epoch;
  double loss;
};
}  // namespace

struct LossPlot::Impl {
  LossPlot* q = nullptr;
  QCustomPlot* plot = nullptr;
  QCheckBox* logBox = nullptr;
  QWidget* controls = nullptr;  // log scale and smoothing
  LossPlotReadout* readout = nullptr;
  QHBoxLayout* top = nullptr;    // the controls, and the read-out while it fits beside them
  QHBoxLayout* below = nullptr;  // the read-out in a plot too narrow for that
  QSlider* smoothingSlider = nullptr;
  QCPGraph* raw[kRawSeries] = {};
  QCPGraph* smooth[kSeriesCount] = {};
  QCPGraph* test = nullptr;
  QCPItemStraightLine* cursor = nullptr;  // faint vertical line at the hovered step
  QTimer replotTimer;
  QElapsedTimer sinceReplot;
  QVector<TestPoint> testPoints;
  int markers = 0;
  QStringList markerLabels;  // in the order they were added
  QVector<QCPItemText*> markerTexts;
  QVector<QCPItemStraightLine*> markerLines;  // with markerKinds, to restyle them on a palette change
  QVector<LossPlot::MarkerKind> markerKinds;
  DebiasedEma ema[kSeriesCount];
  double smoothingFraction = kDefaultSmoothing * kSmoothingUnit;
  int smoothedBucket = 0;  // span bucket of the EMA the smoothed lines hold now (0: raw)
  bool weighted = false;  // the total is β-weighted: named so, and the −ELBO drawn beside it
  bool hasKl = true;      // false: a plain autoencoder's run (setHasKlTerm)
  // Data extents, tracked on append so following the data costs O(1) per replot even at 10^5+ steps.
  double minKey = std::numeric_limits<double>::infinity();
  double maxKey = -std::numeric_limits<double>::infinity();
  double minValue = std::numeric_limits<double>::infinity();
  double maxValue = -std::numeric_limits<double>::infinity();
  double minPositive = std::numeric_limits<double>::infinity();
  bool follow = true;
  bool logScale = false;
  // True while this class changes axis ranges itself, so only user interaction ends following.
  bool settingRange = false;
  bool pendingWhileHidden = false;
  QString hover;

  void setup();
  // Colours of the frame, curves, cursor and markers from the plot's palette (setup and every PaletteChange).
  void restyle();
  void styleMarker(int i);
  void appendSmoothed(const QVector<double>& keys, const QVector<double>* values[kSeriesCount], int n);
  int wantedSpanBucket() const;
  void resmoothIfSpanChanged();
  void resmooth();
  void showWeighted();
  void applyKlTerm();  // names and shows the curves for hasKl
  void scheduleReplot();
  void replotNow();
  void applyFollowRange(bool x, bool y);
  void includeKey(double k) {
    minKey = std::min(minKey, k);
    maxKey = std::max(maxKey, k);
  }
  void includeValue(double v) {
    if (!std::isfinite(v)) return;
    minValue = std::min(minValue, v);
    maxValue = std::max(maxValue, v);
    if (v > 0) minPositive = std::min(minPositive, v);
  }
  void userChangedRange() {
    if (settingRange || !follow) return;
    follow = false;
    updateHint();
  }
  void updateHint();
  // The read-out beside the controls while the longer hint fits there whole, else on a line under them.
  void placeReadout();
  // A marker's label reads to the right of its line, or to the left where it would run off the plot
  // (a resume at the newest step: "resun").
  void alignMarkerLabels();
  // Legend entries in as many columns as fit the plot's width (two rows in a narrow window), never clipped.
  void fitLegend();
  void hoverAt(const QPointF& pos);
  void clearHover();
};

void LossPlot::Impl::setup() {
  plot->setMouseTracking(true);
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  // Dragging 10^5 points antialiased stutters; crisp lines for the length of a drag do not matter.
  plot->setNoAntialiasingOnDrag(true);
  // Antialiased wide polylines cost ~17 ms per 200k-step smoothed line (Qt's stroker); separate line
  // segments with round caps look the same and keep a 200k-step replot under 10 ms. PDF export
  // still gets true polylines.
  plot->setPlottingHint(QCP::phFastPolylines, true);
  plot->xAxis->setLabel(LossPlot::tr("step"));
  plot->xAxis->setTicker(QSharedPointer<WholeStepTicker>::create());
  plot->yAxis->setLabel(LossPlot::tr("nats per image"));
  plot->xAxis->grid()->setSubGridVisible(false);

  for (int s = 0; s < kRawSeries; ++s) {
    raw[s] = plot->addGraph();
    raw[s]->setName(LossPlot::tr("%1 (raw)").arg(LossPlot::tr(kSeriesName[s])));
    raw[s]->removeFromLegend();
    // Adaptive sampling is QCPGraph's default; stated here because the 10^5-step budget relies on it.
    raw[s]->setAdaptiveSampling(true);
  }
  // Smoothed lines after the raw ones so they are drawn on top of the noise band.
  for (int s = 0; s < kRawSeries; ++s) {
    smooth[s] = plot->addGraph();
    smooth[s]->setName(LossPlot::tr(kSeriesName[s]));
    smooth[s]->setAdaptiveSampling(true);
  }
  test = plot->addGraph();
  // The −ELBO beside a β-weighted total: last, so the graph order of the others stays; shown only then.
  smooth[kElbo] = plot->addGraph();
  smooth[kElbo]->setName(LossPlot::tr(kSeriesName[kElbo]));
  smooth[kElbo]->setAdaptiveSampling(true);
  smooth[kElbo]->setVisible(false);
  smooth[kElbo]->removeFromLegend();
  applyKlTerm();

  cursor = new QCPItemStraightLine(plot);
  cursor->point1->setTypeX(QCPItemPosition::ptPlotCoords);
  cursor->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
  cursor->point2->setTypeX(QCPItemPosition::ptPlotCoords);
  cursor->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
  cursor->point1->setCoords(0, 0);
  cursor->point2->setCoords(0, 1);
  cursor->setVisible(false);
  cursor->setSelectable(false);

  // The legend gets its own row above the axis rect: inside it would hide marker labels and the
  // late, most interesting part of the curves.
  placeLegendAbove(plot);

  settingRange = true;
  plot->xAxis->setRange(0, 1);
  plot->yAxis->setRange(0, 1);
  settingRange = false;

  replotTimer.setSingleShot(true);
  QObject::connect(&replotTimer, &QTimer::timeout, q, [this] { replotNow(); });

  auto onRange = [this](const QCPRange&) { userChangedRange(); };
  QObject::connect(plot->xAxis, QOverload<const QCPRange&>::of(&QCPAxis::rangeChanged), q, onRange);
  QObject::connect(plot->yAxis, QOverload<const QCPRange&>::of(&QCPAxis::rangeChanged), q, onRange);
  QObject::connect(plot, &QCustomPlot::mouseDoubleClick, q, [this](QMouseEvent*) { q->resetView(); });
  QObject::connect(plot, &QCustomPlot::mouseMove, q, [this](QMouseEvent* e) { hoverAt(e->position()); });

  plot->installEventFilter(new EventWatcher(plot, [this](QEvent* e) {
    if (e->type() == QEvent::Resize) {
      fitLegend();
      placeReadout();
    } else if (e->type() == QEvent::Leave) {
      clearHover();
    } else if (e->type() == QEvent::Show && pendingWhileHidden) {
      scheduleReplot();
    } else if (e->type() == QEvent::PaletteChange) {
      restyle();
      scheduleReplot();
    }
  }));
  restyle();
  updateHint();
}

void LossPlot::Impl::restyle() {
  const QPalette& palette = plot->palette();
  applyPlotPalette(plot, palette);
  const LossPlotPens pens = lossPlotPens(palette);
  for (int s = 0; s < kSeriesCount; ++s) {
    if (s < kRawSeries) raw[s]->setPen(pens.raw[s]);
    smooth[s]->setPen(pens.smooth[s]);
  }
  test->setPen(pens.test);
  test->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(pens.test.color(), 1.5), pens.testFill, 7));
  cursor->setPen(pens.cursor);
  for (int i = 0; i < markerLines.size(); ++i) styleMarker(i);
}

void LossPlot::Impl::styleMarker(int i) {
  const MarkerStyle style = markerStyle(plot->palette(), markerKinds[i]);
  markerLines[i]->setPen(style.line);
  markerTexts[i]->setColor(style.text);
  markerTexts[i]->setPen(style.frame);
  markerTexts[i]->setBrush(style.fill);
}

void LossPlot::Impl::scheduleReplot() {
  if (replotTimer.isActive()) return;
  const qint64 since = sinceReplot.isValid() ? sinceReplot.elapsed() : kReplotIntervalMs;
  replotTimer.start(static_cast<int>(std::max<qint64>(0, kReplotIntervalMs - since)));
}

void LossPlot::Impl::replotNow() {
  resmoothIfSpanChanged();
  // A hidden plot (another tab) costs nothing; it catches up when shown.
  if (!plot->isVisible()) {
    pendingWhileHidden = true;
    return;
  }
  pendingWhileHidden = false;
  if (follow) applyFollowRange(true, true);
  alignMarkerLabels();
  QElapsedTimer timer;
  timer.start();
  plot->replot(QCustomPlot::rpRefreshHint);
  const double ms = timer.nsecsElapsed() / 1e6;
  sinceReplot.start();
  Q_EMIT q->replotted(ms);
}

void LossPlot::Impl::applyFollowRange(bool x, bool y) {
  if (!(minKey <= maxKey)) return;  // no data yet
  settingRange = true;
  if (x) {
    double lo = minKey, hi = maxKey;
    if (hi - lo < 1) hi = lo + 1;  // one step still gets a usable axis
    // Room at the right for the newest test point's circle and a marker there (a few pixels, at any span).
    const double margin = (hi - lo) * std::max(0.01, kRightMarginPx / std::max(100, plot->axisRect()->width()));
    plot->xAxis->setRange(lo, hi + margin);
  }
  if (y && minValue <= maxValue) {
    if (logScale) {
      double hi = std::max(maxValue, kLogFloor * 10);
      double lo = std::isfinite(minPositive) ? minPositive : kLogFloor;
      lo = std::max({lo, kLogFloor, hi * std::pow(10.0, -kLogMaxDecades)});
      // Margins are multiplicative on a log axis.
      plot->yAxis->setRange(lo / 1.3, hi * 1.3);
    } else {
      // Losses are non-negative; starting at 0 keeps KL's size readable against the total.
      const double lo = std::min(0.0, minValue);
      const double hi = std::max(maxValue, lo + 1e-9);
      const double pad = (hi - lo) * kYMargin;
      plot->yAxis->setRange(lo < 0 ? lo - pad : 0.0, hi + pad);
    }
  }
  settingRange = false;
}

int LossPlot::Impl::wantedSpanBucket() const {
  if (!(minKey < maxKey)) return 0;
  // Steps shown: the data's extent when following it, else the user's view of it.
  const double visible = follow ? maxKey - minKey : plot->xAxis->range().size();
  return spanBucket(smoothingFraction * std::min(visible, maxKey - minKey));
}

void LossPlot::Impl::resmoothIfSpanChanged() {
  if (wantedSpanBucket() != smoothedBucket) resmooth();
}

void LossPlot::Impl::resmooth() {
  smoothedBucket = wantedSpanBucket();
  const double alpha = alphaOfSpanBucket(smoothedBucket);
  const auto rawTotal = raw[kTotal]->data(), rawRecon = raw[kRecon]->data(), rawKl = raw[kKl]->data();
  const int n = rawTotal->size();
  QVector<QCPGraphData> out[kSeriesCount];
  for (int s = 0; s < kSeriesCount; ++s) {
    ema[s].reset(alpha);
    out[s].resize(n);
  }
  for (int i = 0; i < n; ++i) {
    const double key = rawTotal->at(i)->key, recon = rawRecon->at(i)->value, kl = rawKl->at(i)->value;
    const double values[kSeriesCount] = {rawTotal->at(i)->value, recon, kl, recon + kl};
    for (int s = 0; s < kSeriesCount; ++s) out[s][i] = QCPGraphData(key, ema[s].add(values[s]));
  }
  for (int s = 0; s < kSeriesCount; ++s) smooth[s]->data()->set(out[s], /*alreadySorted=*/true);
}

void LossPlot::Impl::appendSmoothed(const QVector<double>& keys, const QVector<double>* values[kSeriesCount],
                                    int n) {
  QVector<double> smoothed(n);
  for (int s = 0; s < kSeriesCount; ++s) {
    for (int i = 0; i < n; ++i) smoothed[i] = ema[s].add((*values[s])[i]);
    smooth[s]->addData(keys, smoothed, /*alreadySorted=*/true);
  }
}

void LossPlot::Impl::applyKlTerm() {
  smooth[kTotal]->setName(weighted ? LossPlot::tr(kWeightedTotalName)
                          : hasKl  ? LossPlot::tr(kSeriesName[kTotal])
                                   : LossPlot::tr("Loss (reconstruction, no KL term)"));
  test->setName(hasKl ? LossPlot::tr("Test −ELBO (per epoch)") : LossPlot::tr("Test reconstruction (per epoch)"));
  for (Series s : {kRecon, kKl}) {
    raw[s]->setVisible(hasKl);
    smooth[s]->setVisible(hasKl);
    if (hasKl)
      smooth[s]->addToLegend();
    else
      smooth[s]->removeFromLegend();
  }
}

void LossPlot::Impl::showWeighted() {
  if (weighted || !hasKl) return;
  weighted = true;
  smooth[kTotal]->setName(LossPlot::tr(kWeightedTotalName));
  smooth[kElbo]->setVisible(true);
  smooth[kElbo]->addToLegend();
  fitLegend();
}

void LossPlot::Impl::alignMarkerLabels() {
  const int right = plot->axisRect()->rect().right();
  const QFontMetrics metrics(plot->font());
  for (QCPItemText* text : markerTexts) {
    const double x = plot->xAxis->coordToPixel(text->position->coords().x());
    const int width = metrics.horizontalAdvance(text->text()) + text->padding().left() + text->padding().right() + 2;
    const Qt::Alignment side = x + width > right ? Qt::AlignRight : Qt::AlignLeft;
    text->setPositionAlignment(Qt::AlignTop | side);
  }
}

void LossPlot::Impl::fitLegend() {
  if (fitLegendColumns(plot)) scheduleReplot();
}

void LossPlot::Impl::updateHint() { hover.isEmpty() ? readout->showHint(follow) : readout->showValues(hover); }

void LossPlot::Impl::placeReadout() {
  const bool beside = q->width() >= controls->sizeHint().width() + kReadoutGap + readout->hintWidth();
  if (beside == (top->indexOf(readout) >= 0)) return;
  (beside ? below : top)->removeWidget(readout);
  if (beside) {
    top->addSpacing(kReadoutGap);
    top->addWidget(readout, 1);
  } else {
    delete top->takeAt(top->count() - 1);  // the gap
    below->addWidget(readout);
  }
}

void LossPlot::Impl::hoverAt(const QPointF& pos) {
  const auto data = raw[kTotal]->data();
  if (data->isEmpty() || !plot->axisRect()->rect().contains(pos.toPoint())) {
    clearHover();
    return;
  }
  const double key = plot->xAxis->pixelToCoord(pos.x());
  // Binary search: first step >= key, then whichever neighbour is closer.
  auto it = data->findBegin(key, /*expandedRange=*/false);
  if (it == data->constEnd() || (it != data->constBegin() && key - (it - 1)->key < it->key - key)) --it;
  const int index = static_cast<int>(it - data->constBegin());
  const double step = it->key;

  LossPlotReadout::Values values;
  values.step = static_cast<qint64>(std::llround(step));
  // The test point ending an epoch sits at that epoch's last step; steps after the last one belong
  // to the epoch in progress.
  auto tp = std::lower_bound(testPoints.cbegin(), testPoints.cend(), step,
                             [](const TestPoint& p, double s) { return p.step < s; });
  const int epoch = tp != testPoints.cend() ? tp->epoch : testPoints.isEmpty() ? 0 : testPoints.last().epoch + 1;
  values.epoch = epoch + 1;
  values.weighted = weighted;
  values.hasKl = hasKl;
  values.total = it->value;
  values.recon = raw[kRecon]->data()->at(index)->value;
  values.kl = raw[kKl]->data()->at(index)->value;
  // Name the held-out loss too when the mouse is right on a test point.
  for (const TestPoint& p : testPoints) {
    if (std::abs(plot->xAxis->coordToPixel(p.step) - pos.x()) <= kTestHoverPx) {
      values.testLoss = p.loss;
      break;
    }
  }
  hover = LossPlotReadout::valuesText(values);
  cursor->point1->setCoords(step, 0);
  cursor->point2->setCoords(step, 1);
  cursor->setVisible(true);
  updateHint();
  scheduleReplot();
}

void LossPlot::Impl::clearHover() {
  if (hover.isEmpty() && !cursor->visible()) return;
  hover.clear();
  cursor->setVisible(false);
  updateHint();
  scheduleReplot();
}

LossPlot::LossPlot(QWidget* parent) : QWidget(parent), d_(std::make_unique<Impl>()) {
  d_->q = this;
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  d_->controls = new QWidget(this);
  auto* bar = new QHBoxLayout(d_->controls);
  bar->setContentsMargins(6, 2, 0, 0);
  d_->logBox = new QCheckBox(tr("Log scale"), this);
  d_->logBox->setToolTip(tr("Logarithmic loss axis: shows the late, small improvements next to the large early drop"));
  d_->readout = new LossPlotReadout(this);
  d_->readout->setObjectName("lossReadout");
  bar->addWidget(d_->logBox);
  bar->addSpacing(12);
  auto* smoothingLabel = new QLabel(tr("Smoothing"), this);
  d_->smoothingSlider = new QSlider(Qt::Horizontal, this);
  d_->smoothingSlider->setRange(0, kSmoothingSliderMax);
  d_->smoothingSlider->setValue(kDefaultSmoothing);
  d_->smoothingSlider->setFixedWidth(90);
  d_->smoothingSlider->setToolTip(tr("How much the bold lines average the raw steps, relative to the steps in view "
                                     "(left: raw data). The faint lines are always the raw data."));
  smoothingLabel->setToolTip(d_->smoothingSlider->toolTip());
  smoothingLabel->setBuddy(d_->smoothingSlider);
  bar->addWidget(smoothingLabel);
  bar->addWidget(d_->smoothingSlider);
  bar->addStretch(1);  // the controls keep their size when the read-out moves under them
  d_->top = new QHBoxLayout;
  d_->top->setContentsMargins(0, 0, 6, 0);
  d_->top->setSpacing(0);
  d_->top->addWidget(d_->controls);
  d_->top->addSpacing(kReadoutGap);
  d_->top->addWidget(d_->readout, 1);
  d_->below = new QHBoxLayout;
  d_->below->setContentsMargins(6, 0, 6, 0);
  layout->addLayout(d_->top);
  layout->addLayout(d_->below);
  d_->plot = new QCustomPlot(this);
  d_->plot->setMinimumSize(200, 150);
  layout->addWidget(d_->plot, 1);
  d_->setup();
  connect(d_->logBox, &QCheckBox::toggled, this, &LossPlot::setLogScale);
  connect(d_->smoothingSlider, &QSlider::valueChanged, this,
          [this](int value) { setSmoothing(value * kSmoothingUnit); });
}

LossPlot::~LossPlot() = default;

void LossPlot::appendSteps(const QVector<double>& steps, const QVector<double>& total, const QVector<double>& recon,
                           const QVector<double>& kl) {
  const int n = static_cast<int>(std::min({steps.size(), total.size(), recon.size(), kl.size()}));
  if (n == 0) return;
  QVector<double> elbo(n);
  for (int i = 0; i < n; ++i) {
    elbo[i] = recon[i] + kl[i];
    if (std::abs(total[i] - elbo[i]) > kWeightedTolerance * std::max(1.0, std::abs(total[i]))) d_->showWeighted();
    for (double v : {total[i], recon[i], kl[i], elbo[i]}) d_->includeValue(v);
  }
  d_->includeKey(steps[0]);
  d_->includeKey(steps[n - 1]);
  const QVector<double> keys = steps.mid(0, n);
  const QVector<double>* values[kSeriesCount] = {&total, &recon, &kl, &elbo};
  for (int s = 0; s < kRawSeries; ++s) d_->raw[s]->addData(keys, values[s]->mid(0, n), /*alreadySorted=*/true);
  d_->appendSmoothed(keys, values, n);
  d_->scheduleReplot();
}

void LossPlot::appendTestLoss(double step, int epoch, double testLoss) {
  d_->testPoints.append({step, epoch, testLoss});
  d_->test->addData(step, testLoss);
  d_->includeKey(step);
  d_->includeValue(testLoss);
  d_->scheduleReplot();
}

void LossPlot::addMarker(double step, MarkerKind kind, const QString& label) {
  auto* line = new QCPItemStraightLine(d_->plot);
  line->point1->setTypeX(QCPItemPosition::ptPlotCoords);
  line->point1->setTypeY(QCPItemPosition::ptAxisRectRatio);
  line->point2->setTypeX(QCPItemPosition::ptPlotCoords);
  line->point2->setTypeY(QCPItemPosition::ptAxisRectRatio);
  // Ratio y coordinates keep the line full-height in linear and log scale alike.
  line->point1->setCoords(step, 0);
  line->point2->setCoords(step, 1);
  line->setSelectable(false);

  auto* text = new QCPItemText(d_->plot);
  text->position->setTypeX(QCPItemPosition::ptPlotCoords);
  text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
  text->position->setCoords(step, 0.01 + 0.06 * (d_->markers % kMarkerLabelRows));
  text->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
  text->setText(label);
  text->setPadding(QMargins(3, 1, 3, 1));
  text->setSelectable(false);

  ++d_->markers;
  d_->markerLabels.append(label);
  d_->markerTexts.append(text);
  d_->markerLines.append(line);
  d_->markerKinds.append(kind);
  d_->styleMarker(static_cast<int>(d_->markerLines.size()) - 1);
  d_->includeKey(step);
  d_->scheduleReplot();
}

void LossPlot::clear() {
  for (int s = 0; s < kRawSeries; ++s) d_->raw[s]->data()->clear();
  for (int s = 0; s < kSeriesCount; ++s) d_->smooth[s]->data()->clear();
  d_->test->data()->clear();
  d_->testPoints.clear();
  // Everything but the hover cursor is a marker line or label.
  for (int i = d_->plot->itemCount() - 1; i >= 0; --i) {
    if (d_->plot->item(i) != d_->cursor) d_->plot->removeItem(i);
  }
  d_->markers = 0;
  d_->markerLabels.clear();
  d_->markerTexts.clear();
  d_->markerLines.clear();
  d_->markerKinds.clear();
  d_->smoothedBucket = 0;
  for (DebiasedEma& e : d_->ema) e.reset(1.0);
  d_->weighted = false;
  d_->applyKlTerm();
  d_->smooth[kElbo]->setVisible(false);
  d_->smooth[kElbo]->removeFromLegend();
  d_->minKey = d_->minValue = d_->minPositive = std::numeric_limits<double>::infinity();
  d_->maxKey = d_->maxValue = -std::numeric_limits<double>::infinity();
  d_->hover.clear();
  d_->cursor->setVisible(false);
  // A new run starts by following its data.
  d_->follow = true;
  d_->updateHint();
  d_->scheduleReplot();
}

void LossPlot::setLogScale(bool on) {
  if (on != d_->logBox->isChecked()) {
    const QSignalBlocker block(d_->logBox);
    d_->logBox->setChecked(on);
  }
  if (on == d_->logScale) return;
  d_->logScale = on;
  QCPAxis* y = d_->plot->yAxis;
  d_->settingRange = true;
  if (on) {
    y->setScaleType(QCPAxis::stLogarithmic);
    y->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
  } else {
    y->setScaleType(QCPAxis::stLinear);
    y->setTicker(QSharedPointer<QCPAxisTicker>::create());
  }
  d_->settingRange = false;
  // A held linear y range means little on a log axis (and vice versa): refit y, keep the user's x.
  d_->applyFollowRange(/*x=*/d_->follow, /*y=*/true);
  d_->scheduleReplot();
}

bool LossPlot::logScale() const { return d_->logScale; }

void LossPlot::setSmoothing(double fraction) {
  fraction = std::clamp(fraction, 0.0, kSmoothingSliderMax * kSmoothingUnit);
  if (fraction == d_->smoothingFraction) return;
  d_->smoothingFraction = fraction;
  {
    const QSignalBlocker block(d_->smoothingSlider);
    d_->smoothingSlider->setValue(static_cast<int>(std::lround(fraction / kSmoothingUnit)));
  }
  d_->resmoothIfSpanChanged();
  d_->scheduleReplot();
}

double LossPlot::smoothing() const { return d_->smoothingFraction; }

QVector<double> LossPlot::smoothedValues(Curve curve) const {
  d_->resmoothIfSpanChanged();  // as the next replot will draw them
  const auto data = d_->smooth[static_cast<int>(curve)]->data();
  QVector<double> values;
  values.reserve(data->size());
  for (auto it = data->constBegin(); it != data->constEnd(); ++it) values.append(it->value);
  return values;
}

bool LossPlot::showsWeightedLoss() const { return d_->weighted; }

void LossPlot::setHasKlTerm(bool hasKl) {
  if (hasKl == d_->hasKl) return;
  d_->hasKl = hasKl;
  d_->applyKlTerm();
  d_->fitLegend();
  d_->scheduleReplot();
}

bool LossPlot::hasKlTerm() const { return d_->hasKl; }

void LossPlot::resetView() {
  d_->follow = true;
  d_->applyFollowRange(true, true);
  d_->updateHint();
  d_->scheduleReplot();
}

bool LossPlot::followsData() const { return d_->follow; }

int LossPlot::stepCount() const { return d_->raw[kTotal]->dataCount(); }

int LossPlot::testPointCount() const { return static_cast<int>(d_->testPoints.size()); }

int LossPlot::markerCount() const { return d_->markers; }

QStringList LossPlot::markerLabels() const { return d_->markerLabels; }

QString LossPlot::hoverText() const { return d_->hover; }

bool LossPlot::saveImage(const QString& path, int width, int height) {
  QCustomPlot* plot = customPlot();
  // Appends only schedule a replot (and a hidden plot skips it): bring ranges and data up to date now.
  d_->replotTimer.stop();
  if (d_->follow) d_->applyFollowRange(true, true);
  return savePlotImage(plot, path, width, height);
}

QCustomPlot* LossPlot::customPlot() const { return d_->plot; }

}  // namespace vae
