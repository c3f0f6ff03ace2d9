#include "widgets/latentgridview.h"
#include "widgets/latentzoom.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace vae {

namespace {
// Space between the grid and the top/right widget edges.
constexpr int kMargin = 6;
// Pixels left empty on each side of an image inside its cell, so neighbouring images stay distinct.
constexpr int kCellGap = 1;
// Colours of the dark canvas; fixed rather than from the palette so decoded images read the same
// in light and dark themes.
const QColor kBackground(32, 33, 36);
const QColor kCellBackground(45, 47, 51);
const QColor kTextColor(200, 200, 200);
const QColor kMarkerColor(255, 80, 60);
const QColor kHoverOutline(255, 255, 255, 160);

QString formatValue(double v) {
  // Avoid "-0" and long tails from accumulated pan/zoom arithmetic.
  if (std::abs(v) < 5e-7) v = 0;
  return QString::number(v, 'g', 3);
}
}  // namespace

LatentGridView::LatentGridView(QWidget* parent) : QWidget(parent), requestTimer_(new QTimer(this)) {
  qRegisterMetaType<vae::LatentPlane>("vae::LatentPlane");
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  // Zero interval: every change made in one event-loop turn (slider drag, wheel burst) folds into
  // one request, and decoding waits until the turn ends.
  requestTimer_->setSingleShot(true);
  requestTimer_->setInterval(0);
  connect(requestTimer_, &QTimer::timeout, this, &LatentGridView::emitRequest);
}

QVector<QPointF> LatentGridView::cellCoordinates(const LatentPlane& plane) {
  const int n = std::max(1, plane.n);
  QVector<QPointF> points;
  points.reserve(n * n);
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      if (n == 1) {
        points.append(QPointF(plane.centerX, plane.centerY));
        continue;
      }
      const double u = 2.0 * c / (n - 1) - 1.0;
      const double v = 1.0 - 2.0 * r / (n - 1);
      points.append(QPointF(plane.centerX + plane.span * u, plane.centerY + plane.span * v));
    }
  }
  return points;
}

void LatentGridView::setPlane(const LatentPlane& plane) { changePlane(plane); }

void LatentGridView::setGridSize(int n) {
  LatentPlane p = plane_;
  p.n = n;
  changePlane(p);
}

void LatentGridView::setSpan(double span) {
  LatentPlane p = plane_;
  p.span = span;
  changePlane(p);
}

void LatentGridView::resetView() {
  LatentPlane p;
  p.n = plane_.n;
  p.span = kLatentDefaultSpan;
  changePlane(p);
}

void LatentGridView::changePlane(const LatentPlane& requested) {
  LatentPlane p = requested;
  p.n = std::clamp(p.n, kMinGridSize, kMaxGridSize);
  // NaN from a bad caller would poison every later pan/zoom; keep the old span instead.
  p.span = std::isfinite(p.span) ? std::clamp(p.span, kLatentMinSpan, kLatentMaxSpan) : plane_.span;
  if (!std::isfinite(p.centerX)) p.centerX = plane_.centerX;
  if (!std::isfinite(p.centerY)) p.centerY = plane_.centerY;
  if (p == plane_) return;
  plane_ = p;
  update();
  requestImages();
}

void LatentGridView::requestImages() { requestTimer_->start(); }

void LatentGridView::emitRequest() {
  ++latestRequestId_;
  requestedPlane_ = plane_;
  Q_EMIT imagesRequested(plane_, latestRequestId_);
}

void LatentGridView::setImages(const QVector<QImage>& images, quint64 requestId) {
  if (requestId != latestRequestId_ || requestId == 0) return;  // stale: a newer plane was asked for
  if (images.size() != requestedPlane_.n * requestedPlane_.n) return;
  images_ = images;
  imagesN_ = requestedPlane_.n;
  update();
  Q_EMIT imagesShown(requestId);
}

void LatentGridView::clearImages() {
  images_.clear();
  imagesN_ = 0;
  update();
}

void LatentGridView::setCurrentPoint(QPointF xy) {
  if (hasCurrentPoint_ && currentPoint_ == xy) return;
  currentPoint_ = xy;
  hasCurrentPoint_ = true;
  update();
}

void LatentGridView::clearCurrentPoint() {
  hasCurrentPoint_ = false;
  update();
}

void LatentGridView::setAxisLabels(const QString& x, const QString& y) {
  xLabel_ = x;
  yLabel_ = y;
  update();
}

// --- geometry ------------------------------------------------------------------------------

LatentGridView::Layout LatentGridView::layoutFor(int n) const {
  // Left and bottom edges carry the axis name and the end values: two text lines each.
  const int axisBand = 2 * fontMetrics().height() + std::max(3, fontMetrics().height() / 3) + kMargin;
  const int availW = std::max(1, width() - axisBand - kMargin);
  const int availH = std::max(1, height() - axisBand - kMargin);
  Layout layout;
  layout.n = std::max(1, n);
  // Whole-pixel cells keep every cell the same size and make cellRect exact.
  layout.cell = std::max(1, std::min(availW, availH) / layout.n);
  const int side = layout.cell * layout.n;
  layout.origin = QPoint(axisBand + (availW - side) / 2, kMargin + (availH - side) / 2);
  return layout;
}

QRect LatentGridView::gridRect() const {
  const Layout l = layoutFor(plane_.n);
  return QRect(l.origin, QSize(l.cell * l.n, l.cell * l.n));
}

QRect LatentGridView::cellRect(int row, int col) const {
  if (row < 0 || col < 0 || row >= plane_.n || col >= plane_.n) return {};
  const Layout l = layoutFor(plane_.n);
  return QRect(l.origin + QPoint(col * l.cell, row * l.cell), QSize(l.cell, l.cell));
}

double LatentGridView::unitsPerPixel() const {
  // Adjacent cell centres are one cell apart in pixels and 2*span/(n-1) apart in the plane.
  const Layout l = layoutFor(plane_.n);
  return 2.0 * plane_.span / ((plane_.n - 1) * static_cast<double>(l.cell));
}

QPointF LatentGridView::planePointAt(const QPointF& widgetPos) const {
  const Layout l = layoutFor(plane_.n);
  const double k = unitsPerPixel();
  // Cell (0,0)'s centre is (centerX - span, centerY + span).
  const QPointF firstCentre = QPointF(l.origin) + QPointF(l.cell / 2.0, l.cell / 2.0);
  return QPointF(plane_.centerX - plane_.span + k * (widgetPos.x() - firstCentre.x()),
                 plane_.centerY + plane_.span - k * (widgetPos.y() - firstCentre.y()));
}

QPointF LatentGridView::widgetPosOf(const QPointF& xy) const {
  const Layout l = layoutFor(plane_.n);
  const double k = unitsPerPixel();
  const QPointF firstCentre = QPointF(l.origin) + QPointF(l.cell / 2.0, l.cell / 2.0);
  return QPointF(firstCentre.x() + (xy.x() - (plane_.centerX - plane_.span)) / k,
                 firstCentre.y() - (xy.y() - (plane_.centerY + plane_.span)) / k);
}

QPoint LatentGridView::cellAt(const QPointF& widgetPos) const {
  const Layout l = layoutFor(plane_.n);
  const QPointF rel = widgetPos - QPointF(l.origin);
  if (rel.x() < 0 || rel.y() < 0) return {-1, -1};
  const int col = static_cast<int>(rel.x()) / l.cell;
  const int row = static_cast<int>(rel.y()) / l.cell;
  if (row >= l.n || col >= l.n) return {-1, -1};
  return {row, col};
}

QSize LatentGridView::sizeHint() const { return QSize(520, 520); }

QSize LatentGridView::minimumSizeHint() const { return QSize(180, 180); }

// --- painting ------------------------------------------------------------------------------

void LatentGridView::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  painter.fillRect(rect(), kBackground);

  const Layout current = layoutFor(plane_.n);
  const QRect grid(current.origin, QSize(current.cell * current.n, current.cell * current.n));
  paintAxes(painter, current);

  if (images_.isEmpty()) {
    painter.fillRect(grid, kCellBackground);
    painter.setPen(kTextColor);
    painter.drawText(grid.adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("No model yet — train or open a checkpoint"));
  } else {
    // Images are laid out on the grid they were decoded for; until the answer to a resize arrives,
    // the old images fill the same square.
    const Layout shown = layoutFor(imagesN_);
    // Nearest-neighbour: smoothing would blur 28-pixel digits into mush.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (int r = 0; r < shown.n; ++r) {
      for (int c = 0; c < shown.n; ++c) {
        const QImage& img = images_[r * shown.n + c];
        const QRect cell(shown.origin + QPoint(c * shown.cell, r * shown.cell), QSize(shown.cell, shown.cell));
        const QRect area = cell.adjusted(kCellGap, kCellGap, -kCellGap, -kCellGap);
        if (img.isNull() || area.isEmpty()) continue;
        // Keep the aspect ratio; non-square images are centred in their cell.
        const QSize fitted = img.size().scaled(area.size(), Qt::KeepAspectRatio);
        const QRect target(area.left() + (area.width() - fitted.width()) / 2,
                           area.top() + (area.height() - fitted.height()) / 2, fitted.width(), fitted.height());
        painter.drawImage(target, img);
      }
    }
  }

  if (hoverCell_.x() >= 0 && !dragging_) {
    painter.setPen(QPen(kHoverOutline, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(cellRect(hoverCell_.x(), hoverCell_.y()).adjusted(0, 0, -1, -1));
  }
  paintMarker(painter, current);
  paintHoverLabel(painter);
}

void LatentGridView::paintAxes(QPainter& painter, const Layout& layout) const {
  const QRect grid(layout.origin, QSize(layout.cell * layout.n, layout.cell * layout.n));
  const QFontMetrics fm = fontMetrics();
  const int line = fm.height();
  painter.setPen(kTextColor);

  // The end values belong to the outermost cell centres (center ± span), not the grid edges: a
  // short tick marks each one and its value is centred on the tick.
  const double half = layout.cell / 2.0;
  const int tick = std::max(3, line / 3);
  auto centredOn = [&](double at, int top, const QString& text, int lo, int hi) {
    const int w = fm.horizontalAdvance(text) + 2;
    const int left = std::clamp(static_cast<int>(std::lround(at - w / 2.0)), lo, std::max(lo, hi - w));
    return QRect(left, top, w, line);
  };

  // x: values under the first/last column, axis name centred on the line below.
  const int xTop = grid.bottom() + 1;
  const double xFirst = grid.left() + half;
  const double xLast = grid.left() + grid.width() - half;
  painter.drawLine(QPointF(xFirst, xTop), QPointF(xFirst, xTop + tick));
  painter.drawLine(QPointF(xLast, xTop), QPointF(xLast, xTop + tick));
  const QString xMin = formatValue(plane_.centerX - plane_.span);
  const QString xMax = formatValue(plane_.centerX + plane_.span);
  painter.drawText(centredOn(xFirst, xTop + tick, xMin, 0, width()), Qt::AlignCenter, xMin);
  painter.drawText(centredOn(xLast, xTop + tick, xMax, 0, width()), Qt::AlignCenter, xMax);
  painter.drawText(QRect(grid.left(), xTop + tick + line, grid.width(), line), Qt::AlignCenter, xLabel_);

  // y: drawn rotated so it reads bottom-to-top along the left edge, like a plot axis. In the
  // rotated frame the first coordinate runs up the grid from its bottom edge.
  painter.save();
  painter.translate(grid.left(), grid.top() + grid.height());
  painter.rotate(-90);
  const double yFirst = half;                    // bottom row
  const double yLast = grid.height() - half;     // top row
  painter.drawLine(QPointF(yFirst, 0), QPointF(yFirst, -tick));
  painter.drawLine(QPointF(yLast, 0), QPointF(yLast, -tick));
  const QString yMin = formatValue(plane_.centerY - plane_.span);
  const QString yMax = formatValue(plane_.centerY + plane_.span);
  const int span = grid.top() + grid.height();  // room along the edge, up to the widget top
  painter.drawText(centredOn(yFirst, -tick - line, yMin, -(height() - span), span), Qt::AlignCenter, yMin);
  painter.drawText(centredOn(yLast, -tick - line, yMax, -(height() - span), span), Qt::AlignCenter, yMax);
  painter.drawText(QRect(0, -tick - 2 * line, grid.height(), line), Qt::AlignCenter, yLabel_);
  painter.restore();
}

void LatentGridView::paintMarker(QPainter& painter, const Layout& layout) const {
  if (!hasCurrentPoint_) return;
  const QRect grid(layout.origin, QSize(layout.cell * layout.n, layout.cell * layout.n));
  const QPointF pos = widgetPosOf(currentPoint_);
  if (!QRectF(grid).contains(pos)) return;  // off this patch of the plane
  painter.save();
  painter.setClipRect(grid);
  painter.setRenderHint(QPainter::Antialiasing, true);
  const double radius = std::clamp(layout.cell * 0.3, 4.0, 12.0);
  const double arm = radius * 1.8;
  // A dark halo under the coloured stroke keeps the marker visible on white and black images alike.
  for (const QPen& pen : {QPen(QColor(0, 0, 0, 180), 4), QPen(kMarkerColor, 2)}) {
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(pos, radius, radius);
    painter.drawLine(QPointF(pos.x() - arm, pos.y()), QPointF(pos.x() - radius, pos.y()));
    painter.drawLine(QPointF(pos.x() + radius, pos.y()), QPointF(pos.x() + arm, pos.y()));
    painter.drawLine(QPointF(pos.x(), pos.y() - arm), QPointF(pos.x(), pos.y() - radius));
    painter.drawLine(QPointF(pos.x(), pos.y() + radius), QPointF(pos.x(), pos.y() + arm));
  }
  painter.restore();
}

void LatentGridView::paintHoverLabel(QPainter& painter) const {
  if (hoverCell_.x() < 0 || dragging_) return;
  const QPointF xy = cellCoordinates(plane_)[hoverCell_.x() * plane_.n + hoverCell_.y()];
  const QString text = QStringLiteral("%1 = %2, %3 = %4")
                           .arg(xLabel_, formatValue(xy.x()), yLabel_, formatValue(xy.y()));
  const QFontMetrics fm = fontMetrics();
  QRect box(QPoint(0, 0), fm.size(Qt::TextSingleLine, text) + QSize(10, 6));
  // Below-right of the cursor like a tooltip, flipped to stay inside the widget.
  QPoint at = hoverPos_.toPoint() + QPoint(14, 18);
  if (at.x() + box.width() > width()) at.setX(hoverPos_.x() - 6 - box.width());
  if (at.y() + box.height() > height()) at.setY(hoverPos_.y() - 6 - box.height());
  box.moveTopLeft(at);
  painter.setRenderHint(QPainter::Antialiasing, true);
  painter.setPen(QColor(90, 90, 90));
  painter.setBrush(QColor(20, 20, 20, 230));
  painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
  painter.setPen(kTextColor);
  painter.drawText(box, Qt::AlignCenter, text);
}

// --- mouse ---------------------------------------------------------------------------------

void LatentGridView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
  pressed_ = true;
  dragging_ = false;
  pressPos_ = event->position();
  pressPlane_ = plane_;
  event->accept();
}

void LatentGridView::mouseMoveEvent(QMouseEvent* event) {
  const QPointF pos = event->position();
  if (pressed_) {
    const QPointF delta = pos - pressPos_;
    if (!dragging_ && delta.manhattanLength() >= QApplication::startDragDistance()) {
      dragging_ = true;
      setCursor(Qt::ClosedHandCursor);
    }
    if (dragging_) {
      // Measured from the press so rounding never accumulates: the plane point grabbed stays
      // under the cursor. Screen y grows downwards, plane y upwards.
      const double k = 2.0 * pressPlane_.span / ((pressPlane_.n - 1) * static_cast<double>(layoutFor(pressPlane_.n).cell));
      LatentPlane p = pressPlane_;
      p.centerX -= k * delta.x();
      p.centerY += k * delta.y();
      changePlane(p);
    }
  }
  updateHover(pos);
  event->accept();
}

void LatentGridView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton || !pressed_) return QWidget::mouseReleaseEvent(event);
  const bool wasDrag = dragging_;
  pressed_ = false;
  dragging_ = false;
  unsetCursor();
  if (ignoreNextRelease_) {
    ignoreNextRelease_ = false;
  } else if (!wasDrag) {
    const QPoint cell = cellAt(event->position());
    if (cell.x() >= 0) Q_EMIT pointClicked(cellCoordinates(plane_)[cell.x() * plane_.n + cell.y()]);
  }
  updateHover(event->position());
  event->accept();
}

void LatentGridView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton) return QWidget::mouseDoubleClickEvent(event);
  // The first click of the pair already reported its cell; the reset is the double-click's meaning.
  ignoreNextRelease_ = true;
  pressed_ = true;
  dragging_ = false;
  pressPos_ = event->position();
  pressPlane_ = plane_;
  resetView();
  event->accept();
}

void LatentGridView::wheelEvent(QWheelEvent* event) {
  const double notches = event->angleDelta().y() / kWheelUnitsPerNotch;
  if (notches == 0) return QWidget::wheelEvent(event);
  const QPointF pos = event->position();
  const QPointF anchor = planePointAt(pos);
  // Wheel away from the user zooms in (smaller span).
  const double span = std::clamp(plane_.span * std::pow(kLatentZoomPerNotch, -notches), kLatentMinSpan, kLatentMaxSpan);
  // planePointAt is linear in span around the centre: anchor = centre + span * u(pos), with u fixed
  // by the pixel position. Solving for the new centre keeps anchor under the cursor.
  const double ratio = span / plane_.span;
  LatentPlane p = plane_;
  p.span = span;
  p.centerX = anchor.x() - (anchor.x() - plane_.centerX) * ratio;
  p.centerY = anchor.y() - (anchor.y() - plane_.centerY) * ratio;
  changePlane(p);
  updateHover(pos);
  event->accept();
}

void LatentGridView::leaveEvent(QEvent* event) {
  if (hoverCell_.x() >= 0) {
    hoverCell_ = QPoint(-1, -1);
    update();
  }
  QWidget::leaveEvent(event);
}

void LatentGridView::updateHover(const QPointF& pos) {
  const QPoint cell = cellAt(pos);
  const bool moved = hoverPos_ != pos;
  hoverPos_ = pos;
  // A pan or zoom changes the coordinates under a still cursor, so compare coordinates too.
  const QPointF xy = cell.x() >= 0 ? cellCoordinates(plane_)[cell.x() * plane_.n + cell.y()] : QPointF();
  if (cell != hoverCell_ || xy != hoverXY_) {
    hoverCell_ = cell;
    hoverXY_ = xy;
    if (cell.x() >= 0) Q_EMIT hovered(xy);
    update();
  } else if (moved && cell.x() >= 0) {
    update();  // the label follows the cursor
  }
}

}  // namespace vae
