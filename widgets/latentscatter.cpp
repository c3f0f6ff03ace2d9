#include "widgets/latentscatter.h"

#include "widgets/widgetslogging.h"
#include "widgets/latentzoom.h"
#include "widgets/plotlibrary.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMap>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace vae {

namespace {
// Dot diameter in pixels: 10^4 dots stay distinguishable where they are sparse and form a density
// where they crowd. Odd, so the pixmap has a centre pixel.
constexpr int kDotDiameter = 7;
// Dot alpha: slight transparency lets crowded regions read darker than sparse ones.
constexpr int kDotAlpha = 190;
// Diameter of the ring around the selected item (pixels).
constexpr double kRingDiameter = 16;
// Same red as the grid's current-z marker.
const QColor kMarkerColor(255, 80, 60);
// matplotlib's "tab10", the qualitative palette people know from every latent-space figure.
const QColor kTab10[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                         QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                         QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                         QColor(0x17, 0xbe, 0xcf)};
// Items with label -1 among labelled ones: darker than tab10's grey so the two do not merge.
const QColor kUnlabelledColor(60, 60, 60);

QColor classColor(int k) {
  if (k < static_cast<int>(std::size(kTab10))) return kTab10[k];
  // Golden-angle hue steps keep neighbouring class indices far apart on the colour wheel.
  return QColor::fromHsv(static_cast<int>(std::fmod(k * 137.508, 360.0)), 170, 200);
}

// An antialiased disc drawn once; QCP blits it per point at integer positions, far cheaper than
// rasterising 10^4 antialiased ellipses per replot. Drawn at the screen's device pixel ratio, so at 200 %
// it has 14 sharp device pixels across instead of 7 scaled up.
QPixmap discPixmap(QColor colour, qreal devicePixelRatio) {
  const int side = static_cast<int>(std::ceil(kDotDiameter * devicePixelRatio));
  QPixmap pixmap(side, side);
  pixmap.setDevicePixelRatio(devicePixelRatio);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);  // in logical pixels: the same disc at every ratio
  painter.setRenderHint(QPainter::Antialiasing, true);
  colour.setAlpha(kDotAlpha);
  painter.setPen(QPen(colour.darker(140), 0.8));
  painter.setBrush(colour);
  painter.drawEllipse(QRectF(0.5, 0.5, kDotDiameter - 1, kDotDiameter - 1));
  return pixmap;
}

// A graph of dots from one pixmap, centred by the pixmap's logical size: QCPScatterStyle centres a pixmap by its
// device size, which puts a 2x pixmap half a dot up and left of its point.
class DotGraph : public QCPGraph {
 public:
  DotGraph(QCPAxis* keyAxis, QCPAxis* valueAxis, const QColor& colour) : QCPGraph(keyAxis, valueAxis), colour_(colour) {}
  QColor colour() const { return colour_; }
  const QPixmap& dot() const { return dot_; }
  void setDot(const QPixmap& dot) {
    dot_ = dot;
    setScatterStyle(QCPScatterStyle(dot));  // not drawn by QCP (below), but makes QCPGraph draw scatters at all
  }

 protected:
  void drawScatterPlot(QCPPainter* painter, const QVector<QPointF>& scatters, const QCPScatterStyle&) const override {
    const QSizeF half = dot_.deviceIndependentSize() / 2;
    for (const QPointF& p : scatters)
      painter->drawPixmap(QPoint(qRound(p.x() - half.width()), qRound(p.y() - half.height())), dot_);
  }
  void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override {
    const QSizeF size = dot_.deviceIndependentSize();
    painter->drawPixmap(QPointF(rect.center().x() - size.width() / 2, rect.center().y() - size.height() / 2), dot_);
  }

 private:
  QColor colour_;
  QPixmap dot_;
};

// Half-width of the visible square: the grid's cells reach half a cell beyond their outer centres.
double extentOf(const LatentPlane& p) { return p.n > 1 ? p.span * p.n / (p.n - 1) : p.span; }
double spanOf(double extent, int n) { return n > 1 ? extent * (n - 1) / n : extent; }

QString formatValue(double v) {
  if (std::abs(v) < 5e-7) v = 0;  // no "-0" from pan arithmetic
  return QString::number(v, 'g', 3);
}
}  // namespace

struct LatentScatter::Impl {
  class Canvas;

  LatentScatter* q = nullptr;
  QCustomPlot* plot = nullptr;  // an Impl::Canvas
  QCPItemText* placeholder = nullptr;
  QCPItemStraightLine* crossV = nullptr;
  QCPItemStraightLine* crossH = nullptr;
  QCPItemTracer* ring = nullptr;
  QCPLayer* marks = nullptr;  // own paint buffer: moving the crosshair does not redraw 10^4 dots
  QElapsedTimer replotTimer;

  // The caller's items in their order; QCPGraph keeps its copy sorted by x.
  QVector<QPointF> points;
  QVector<int> labels;
  QStringList classNames;
  LatentPlane plane;
  int selected = -1;
  int hover = -1;
  QPointF current;
  bool hasCurrent = false;

  // Mouse state: a left press becomes a pan once it moves past the platform drag distance.
  bool pressed = false;
  bool dragging = false;
  QPointF pressPos;
  // Set when QCP changed an axis range on a user action (not while we set ranges ourselves).
  bool userMovedAxes = false;
  bool settingRanges = false;

  void setup();
  void applyRanges();
  void userChangedView();
  void resetView();
  void hoverAt(const QPointF& pos, const QPointF& globalPos);
  void updateMarks();
  // Frame, placeholder, ring and dots in the plot's palette and at its device pixel ratio (setup, palette and
  // screen changes).
  void restyle();
  void restyleDots();
  QString className(int k) const {
    return k < classNames.size() && !classNames[k].isEmpty() ? classNames[k] : LatentScatter::tr("Class %1").arg(k);
  }
  void addGraph(const QString& name, const QColor& colour, QVector<QCPGraphData>& data) {
    auto* g = new DotGraph(plot->xAxis, plot->yAxis, colour);  // registers itself with the plot
    g->setName(name);
    g->setLineStyle(QCPGraph::lsNone);
    g->setDot(discPixmap(readableOn(plot->palette(), colour), plot->devicePixelRatioF()));
    g->setSelectable(QCP::stNone);  // items are picked by indexAt, not by QCP's selection
    g->data()->set(data, /*alreadySorted=*/false);
  }
};

// QCustomPlot with the mouse handling on top of its own pan/zoom: click vs drag, hover, context
// menu, and folding every user change of the axes into one square LatentPlane.
class LatentScatter::Impl::Canvas : public QCustomPlot {
 public:
  Canvas(Impl* d, QWidget* parent) : QCustomPlot(parent), d_(d) {}

 protected:
  void mousePressEvent(QMouseEvent* e) override {
    QToolTip::hideText();
    d_->hover = -1;
    if (e->button() == Qt::LeftButton) {
      d_->pressed = true;
      d_->dragging = false;
      d_->pressPos = e->position();
    }
    QCustomPlot::mousePressEvent(e);
    if (e->button() == Qt::RightButton) {
      const int index = d_->q->indexAt(e->position());
      if (index >= 0)
        Q_EMIT d_->q->pointContextMenuRequested(index, e->globalPosition().toPoint());
      else
        Q_EMIT d_->q->backgroundContextMenuRequested(e->globalPosition().toPoint());
    }
  }
  void mouseMoveEvent(QMouseEvent* e) override {
    if (d_->pressed && !d_->dragging) {
      // Below the drag distance QCP does not see the move, so a shaky click does not pan.
      if ((e->position() - d_->pressPos).manhattanLength() < QApplication::startDragDistance()) return e->accept();
      d_->dragging = true;
      setCursor(Qt::ClosedHandCursor);
    }
    QCustomPlot::mouseMoveEvent(e);  // QCP pans from the press position, queues a replot
    if (d_->dragging) {
      d_->userChangedView();
    } else {
      d_->hoverAt(e->position(), e->globalPosition());
    }
  }
  void mouseReleaseEvent(QMouseEvent* e) override {
    QCustomPlot::mouseReleaseEvent(e);
    if (e->button() != Qt::LeftButton) return;
    const bool wasClick = d_->pressed && !d_->dragging;
    d_->pressed = d_->dragging = false;
    unsetCursor();
    if (!wasClick) return;
    const int index = d_->q->indexAt(e->position());
    if (index < 0) return;
    d_->q->setSelectedIndex(index);
    Q_EMIT d_->q->pointClicked(index);
  }
  void mouseDoubleClickEvent(QMouseEvent* e) override {
    QCustomPlot::mouseDoubleClickEvent(e);
    if (e->button() != Qt::LeftButton) return;
    // The first click of the pair already picked its item; the reset is the double-click's meaning,
    // so the release that follows is not a click (pressed stays false).
    d_->pressed = d_->dragging = false;
    d_->resetView();
  }
  void wheelEvent(QWheelEvent* e) override {
    // Over the tick labels QCP would zoom that one axis alone, and the view would stop being square.
    if (!axisRect()->rect().contains(e->position().toPoint())) return e->accept();
    QCustomPlot::wheelEvent(e);
    d_->userChangedView();
  }
  void changeEvent(QEvent* e) override {
    QCustomPlot::changeEvent(e);
    if (e->type() == QEvent::PaletteChange) {
      d_->restyle();
      replot(rpQueuedReplot);
    }
  }
  bool event(QEvent* e) override {
    // Moved to a screen of another scale: dots drawn for the old ratio would be blurred or tiny.
    if (e->type() == QEvent::ScreenChangeInternal) {
      d_->restyleDots();
      replot(rpQueuedReplot);
    }
    return QCustomPlot::event(e);
  }
  void leaveEvent(QEvent* e) override {
    d_->hover = -1;
    QToolTip::hideText();
    QCustomPlot::leaveEvent(e);
  }

 private:
  Impl* d_;
};

void LatentScatter::Impl::setup() {
  plot->setMouseTracking(true);
  plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  plot->axisRect()->setRangeZoomFactor(1.0 / kLatentZoomPerNotch);
  // Dots are pre-rendered pixmaps (no per-point antialiasing to switch off); cached tick labels
  // keep the axes cheap when a pan changes every label.
  plot->setPlottingHint(QCP::phCacheLabels, true);
  plot->xAxis->setLabel(QStringLiteral("x"));
  plot->yAxis->setLabel(QStringLiteral("y"));

  QFont small = q->font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  plot->legend->setFont(small);
  plot->legend->setBrush(QColor(255, 255, 255, 190));
  plot->legend->setBorderPen(QPen(QColor(0, 0, 0, 60)));
  plot->legend->setIconSize(10, 10);
  plot->legend->setRowSpacing(0);
  plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
  plot->legend->setVisible(false);

  placeholder = new QCPItemText(plot);
  placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
  placeholder->position->setCoords(0.5, 0.5);
  placeholder->setPositionAlignment(Qt::AlignCenter);
  placeholder->setText(LatentScatter::tr("No encoded images yet"));

  plot->addLayer(QStringLiteral("marks"), plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
  marks = plot->layer(QStringLiteral("marks"));
  marks->setMode(QCPLayer::lmBuffered);
  crossV = new QCPItemStraightLine(plot);
  crossH = new QCPItemStraightLine(plot);
  ring = new QCPItemTracer(plot);
  ring->setStyle(QCPItemTracer::tsCircle);
  ring->setSize(kRingDiameter);
  for (QCPAbstractItem* item : std::initializer_list<QCPAbstractItem*>{crossV, crossH, ring}) {
    item->setLayer(marks);
    item->setSelectable(false);
    item->setVisible(false);
  }
  crossV->setPen(QPen(kMarkerColor, 1.5));
  crossH->setPen(QPen(kMarkerColor, 1.5));

  auto onRange = [this](const QCPRange&) {
    if (!settingRanges) userMovedAxes = true;
  };
  QObject::connect(plot->xAxis, QOverload<const QCPRange&>::of(&QCPAxis::rangeChanged), q, onRange);
  QObject::connect(plot->yAxis, QOverload<const QCPRange&>::of(&QCPAxis::rangeChanged), q, onRange);
  restyle();
  QObject::connect(plot, &QCustomPlot::beforeReplot, q, [this] { replotTimer.start(); });
  QObject::connect(plot, &QCustomPlot::afterReplot, q,
                   [this] { Q_EMIT q->replotted(replotTimer.nsecsElapsed() / 1e6); });
  applyRanges();
}

void LatentScatter::Impl::applyRanges() {
  const double e = extentOf(plane);
  settingRanges = true;
  plot->xAxis->setRange(plane.centerX - e, plane.centerX + e);
  plot->yAxis->setRange(plane.centerY - e, plane.centerY + e);
  settingRanges = false;
}

void LatentScatter::Impl::userChangedView() {
  if (!userMovedAxes) return;
  userMovedAxes = false;
  const QCPRange x = plot->xAxis->range();
  const QCPRange y = plot->yAxis->range();
  LatentPlane p = plane;
  p.centerX = x.center();
  p.centerY = y.center();
  // QCP pans and zooms both axes alike, so their sizes differ only by rounding (or by a drag on a
  // single axis, which moves but does not resize); the mean makes the square exact again.
  const double span = spanOf((x.size() + y.size()) / 4.0, p.n);
  p.span = std::clamp(span, kLatentMinSpan, kLatentMaxSpan);
  plane = p;
  applyRanges();
  if (p.span != span) plot->replot(QCustomPlot::rpQueuedReplot);  // clamped: QCP drew the unclamped view
  Q_EMIT q->planeChanged(plane);
}

void LatentScatter::Impl::resetView() {
  plane.centerX = plane.centerY = 0;
  plane.span = kLatentDefaultSpan;
  applyRanges();
  plot->replot(QCustomPlot::rpQueuedReplot);
  Q_EMIT q->planeChanged(plane);
}

void LatentScatter::Impl::hoverAt(const QPointF& pos, const QPointF& globalPos) {
  const int index = q->indexAt(pos);
  if (index == hover) return;
  hover = index;
  if (index < 0) return QToolTip::hideText();
  const QPointF xy = points[index];
  const QString where = QStringLiteral("(%1, %2)").arg(formatValue(xy.x()), formatValue(xy.y()));
  const QString text = labels[index] >= 0
                           ? QStringLiteral("#%1 · %2 · %3").arg(index).arg(className(labels[index]), where)
                           : QStringLiteral("#%1 · %2").arg(index).arg(where);
  QToolTip::showText(globalPos.toPoint(), text, plot);
}

void LatentScatter::Impl::restyle() {
  if (!plot || !placeholder) return;  // events during construction, before setup()
  const QPalette& palette = plot->palette();
  applyPlotPalette(plot, palette);
  placeholder->setColor(palette.color(QPalette::PlaceholderText));
  ring->setPen(QPen(palette.color(QPalette::Text), 2));
  restyleDots();
}

void LatentScatter::Impl::restyleDots() {
  if (!plot) return;
  for (int i = 0; i < plot->graphCount(); ++i)
    if (auto* g = dynamic_cast<DotGraph*>(plot->graph(i)))
      g->setDot(discPixmap(readableOn(plot->palette(), g->colour()), plot->devicePixelRatioF()));
}

void LatentScatter::Impl::updateMarks() {
  // Without points the placeholder text is in the middle: a crosshair through it would only hide it.
  const bool showCross = hasCurrent && !points.isEmpty();
  crossV->setVisible(showCross);
  crossH->setVisible(showCross);
  if (hasCurrent) {
    crossV->point1->setCoords(current.x(), current.y());
    crossV->point2->setCoords(current.x(), current.y() + 1);
    crossH->point1->setCoords(current.x(), current.y());
    crossH->point2->setCoords(current.x() + 1, current.y());
  }
  ring->setVisible(selected >= 0);
  if (selected >= 0) ring->position->setCoords(points[selected].x(), points[selected].y());
  marks->replot();  // only the marks' buffer (falls back to a full replot when layout is stale)
}

LatentScatter::LatentScatter(QWidget* parent) : QWidget(parent), d_(std::make_unique<Impl>()) {
  qRegisterMetaType<vae::LatentPlane>("vae::LatentPlane");
  d_->q = this;
  d_->plot = new Impl::Canvas(d_.get(), this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(d_->plot);
  d_->setup();
}

LatentScatter::~LatentScatter() = default;

void LatentScatter::setPoints(const QVector<QPointF>& points, const QVector<int>& labels,
                              const QStringList& classNames) {
  if (!labels.isEmpty() && labels.size() != points.size()) {
    qCWarning(lcWidgets, "LatentScatter: %lld labels for %lld points; showing them unlabelled",
              static_cast<long long>(labels.size()), static_cast<long long>(points.size()));
  }
  Impl& d = *d_;
  d.points = points;
  d.labels = labels.size() == points.size() ? labels : QVector<int>(points.size(), -1);
  for (int& k : d.labels) k = std::max(-1, k);
  d.classNames = classNames;
  d.selected = d.hover = -1;
  d.plot->clearGraphs();

  // Ordered by class index so graphs and legend entries come in class order; -1 (unlabelled) first
  // in the map, drawn last.
  QMap<int, QVector<QCPGraphData>> byClass;
  for (int i = 0; i < points.size(); ++i) {
    const QPointF& p = points[i];
    if (!std::isfinite(p.x()) || !std::isfinite(p.y())) continue;
    byClass[d.labels[i]].append(QCPGraphData(p.x(), p.y()));
  }
  const bool labelled = !byClass.isEmpty() && byClass.lastKey() >= 0;
  for (auto it = byClass.begin(); it != byClass.end(); ++it) {
    if (it.key() >= 0) d.addGraph(d.className(it.key()), classColor(it.key()), it.value());
  }
  if (byClass.contains(-1)) {
    d.addGraph(labelled ? QStringLiteral("unlabelled") : QStringLiteral("codes"),
               labelled ? kUnlabelledColor : kTab10[0], byClass[-1]);
  }
  d.plot->legend->setVisible(labelled);
  d.placeholder->setVisible(points.isEmpty());
  d.ring->setVisible(false);
  d.updateMarks();
  d.plot->replot(QCustomPlot::rpQueuedReplot);
}

void LatentScatter::clearPoints() { setPoints({}, {}, {}); }

void LatentScatter::setPlaceholderText(const QString& text) {
  // QCPItemText does not wrap: break long reasons into lines that fit the plot ("No scatter: …" was clipped).
  const QFontMetrics metrics(d_->placeholder->font());
  const int width = std::max(120, d_->plot->axisRect()->width() - 24);
  QStringList lines{QString()};
  for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
    const QString candidate = lines.last().isEmpty() ? word : lines.last() + QLatin1Char(' ') + word;
    if (!lines.last().isEmpty() && metrics.horizontalAdvance(candidate) > width)
      lines << word;
    else
      lines.last() = candidate;
  }
  d_->placeholder->setText(lines.join(QLatin1Char('\n')));
  if (d_->points.isEmpty()) d_->plot->replot(QCustomPlot::rpQueuedReplot);
}

int LatentScatter::pointCount() const { return d_->points.size(); }
QPointF LatentScatter::point(int index) const { return d_->points.value(index); }
int LatentScatter::label(int index) const { return d_->labels.value(index, -1); }

void LatentScatter::setPlane(const LatentPlane& plane) {
  LatentPlane p = plane;
  // NaN from a bad caller would poison every later pan/zoom; keep the old values instead.
  if (!std::isfinite(p.centerX)) p.centerX = d_->plane.centerX;
  if (!std::isfinite(p.centerY)) p.centerY = d_->plane.centerY;
  p.span = std::isfinite(p.span) ? std::clamp(p.span, kLatentMinSpan, kLatentMaxSpan) : d_->plane.span;
  if (p == d_->plane) return;
  d_->plane = p;
  d_->applyRanges();
  d_->plot->replot(QCustomPlot::rpQueuedReplot);  // a burst of grid changes folds into one replot
}

LatentPlane LatentScatter::plane() const { return d_->plane; }

void LatentScatter::setAxisLabels(const QString& x, const QString& y) {
  d_->plot->xAxis->setLabel(x);
  d_->plot->yAxis->setLabel(y);
  d_->plot->replot(QCustomPlot::rpQueuedReplot);
}

void LatentScatter::setCurrentPoint(QPointF xy) {
  if (d_->hasCurrent && d_->current == xy) return;
  d_->hasCurrent = true;
  d_->current = xy;
  d_->updateMarks();
}

void LatentScatter::clearCurrentPoint() {
  if (!d_->hasCurrent) return;
  d_->hasCurrent = false;
  d_->updateMarks();
}

bool LatentScatter::hasCurrentPoint() const { return d_->hasCurrent; }
QPointF LatentScatter::currentPoint() const { return d_->current; }

void LatentScatter::setSelectedIndex(int index) {
  if (index < -1 || index >= d_->points.size()) index = -1;
  if (index == d_->selected) return;
  d_->selected = index;
  d_->updateMarks();
}

int LatentScatter::selectedIndex() const { return d_->selected; }

int LatentScatter::indexAt(const QPointF& widgetPos, double radiusPixels) const {
  const QCustomPlot* plot = d_->plot;
  if (!plot->axisRect()->rect().contains(widgetPos.toPoint())) return -1;
  // The legend sits over the points: a click on it picks nothing hidden beneath.
  if (plot->legend->visible() && plot->legend->outerRect().contains(widgetPos.toPoint())) return -1;
  // Linear search in pixel space: ~10^4 points cost well under a millisecond.
  int best = -1;
  double bestDistance2 = radiusPixels * radiusPixels;
  for (int i = 0; i < d_->points.size(); ++i) {
    const QPointF& p = d_->points[i];
    const double dx = plot->xAxis->coordToPixel(p.x()) - widgetPos.x();
    const double dy = plot->yAxis->coordToPixel(p.y()) - widgetPos.y();
    const double distance2 = dx * dx + dy * dy;
    if (distance2 <= bestDistance2) {  // NaN compares false and is skipped
      bestDistance2 = distance2;
      best = i;
    }
  }
  return best;
}

QPointF LatentScatter::widgetPosOf(QPointF xy) const {
  return QPointF(d_->plot->xAxis->coordToPixel(xy.x()), d_->plot->yAxis->coordToPixel(xy.y()));
}

QCustomPlot* LatentScatter::customPlot() const { return d_->plot; }

qreal LatentScatter::dotPixelRatio() const {
  for (int i = 0; i < d_->plot->graphCount(); ++i)
    if (auto* g = dynamic_cast<DotGraph*>(d_->plot->graph(i))) return g->dot().devicePixelRatio();
  return 0;
}
QWidget* LatentScatter::plotWidget() const { return d_->plot; }
QRect LatentScatter::plotAreaRect() const { return d_->plot->axisRect()->rect(); }
void LatentScatter::replotNow() { d_->plot->replot(QCustomPlot::rpImmediateRefresh); }

QSize LatentScatter::sizeHint() const { return QSize(420, 420); }

}  // namespace vae
