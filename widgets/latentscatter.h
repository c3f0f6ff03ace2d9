#pragma once

#include <QPoint>
#include <QPointF>
#include <QRect>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>

#include "widgets/latentgridview.h"  // LatentPlane: the scatter and the grid show the same patch

class QCustomPlot;

namespace vae {

// Scatter of the posterior means of a test set, projected by the caller onto the same two axes the
// LatentGridView beside it shows (two latent dims or two PCA axes); the widget gets plain 2-D points
// and never sees z. QCustomPlot behind a pimpl, one graph per class (so the legend names classes),
// drawn as pre-rendered disc pixmaps so 10^4 points pan smoothly.
//
// The view is always a square patch of the plane described by a LatentPlane, so it can be linked to
// the grid: left-drag pans, wheel zooms, both emit planeChanged; double-click resets the view.
// A click picks the nearest item (pointClicked), a right-click asks for its context menu (or, away
// from every item, for the view's own menu), hovering shows "#index · class · (x, y)" as a tooltip.
class LatentScatter : public QWidget {
  Q_OBJECT

 public:
  explicit LatentScatter(QWidget* parent = nullptr);
  ~LatentScatter() override;

  // points[i] is item i's (x, y); labels[i] its class (-1, or an empty vector for all, means
  // unlabelled); classNames[k] names class k in the legend ("Class k" when missing). Colours are
  // fixed per class index (tab10, then further hues). Replaces the previous points and the
  // selection but keeps the view: the caller links it to the grid.
  void setPoints(const QVector<QPointF>& points, const QVector<int>& labels, const QStringList& classNames);
  // Back to the placeholder text.
  void clearPoints();
  // Drawn centred while there are no points ("Encoding 10,000 test images…", or why there are none).
  void setPlaceholderText(const QString& text);
  int pointCount() const;
  QPointF point(int index) const;
  int label(int index) const;

  // The visible square: x in centerX ± extent, y in centerY ± extent, with the grid's
  // extent = span * n / (n - 1) for n > 1 (its cells reach half a cell beyond the outermost
  // centres), else span. Programmatic: does not emit planeChanged. n is kept as given.
  void setPlane(const LatentPlane& plane);
  LatentPlane plane() const;
  void setAxisLabels(const QString& x, const QString& y);

  // Crosshair (two thin red lines through xy) for the current z.
  void setCurrentPoint(QPointF xy);
  void clearCurrentPoint();
  bool hasCurrentPoint() const;
  QPointF currentPoint() const;

  // Ring around one item, the one last clicked (a click sets it); -1 clears.
  void setSelectedIndex(int index);
  int selectedIndex() const;

  // Nearest item within radiusPixels of a position in customPlot() coordinates, or -1.
  int indexAt(const QPointF& widgetPos, double radiusPixels = 8.0) const;
  // Plane coordinates -> customPlot() pixel coordinates (valid after a replot has laid it out).
  QPointF widgetPosOf(QPointF xy) const;
  // Receives the mouse events; for benchmarks, export and tests.
  QCustomPlot* customPlot() const;
  // The same as a QWidget, for code that may not include qcustomplot.h (app/, see DESIGN.md).
  QWidget* plotWidget() const;
  // The plotting area (inside the axes) in plotWidget() coordinates.
  QRect plotAreaRect() const;
  // Replots and paints now instead of at the next event-loop turn (before grabbing or mapping points).
  void replotNow();
  // The device pixel ratio the dots are drawn at: the plot's (2 at 200 %), so they stay sharp; 0 without points.
  qreal dotPixelRatio() const;

  QSize sizeHint() const override;

 Q_SIGNALS:
  // The user panned (left-drag), zoomed (wheel) or reset (double-click) the view: the new plane,
  // with the n last set. Once per mouse event that changed the view; never for setPlane.
  void planeChanged(const vae::LatentPlane& plane);
  // Left press and release on/near an item without moving past QApplication::startDragDistance().
  void pointClicked(int index);
  // Right press on/near an item (load into sliders, set as interpolation end, ...).
  void pointContextMenuRequested(int index, const QPoint& globalPos);
  // Right press with no item near: the menu of the view itself (Save Image As…). Exactly one of the
  // two context-menu signals is emitted per right press.
  void backgroundContextMenuRequested(const QPoint& globalPos);
  // After every full replot, with its duration (for the GUI benchmark). Replots are queued: a pan
  // move, setPlane or setPoints replots when the event loop next turns, once however many came in
  // that turn. Moving the crosshair or the selection ring redraws only their layer and emits nothing.
  void replotted(double milliseconds);

 private:
  struct Impl;
  std::unique_ptr<Impl> d_;
};

}  // namespace vae
