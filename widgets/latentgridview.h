#pragma once

#include <QImage>
#include <QMetaType>
#include <QPointF>
#include <QRect>
#include <QString>
#include <QVector>
#include <QWidget>

class QTimer;

namespace vae {

// A square patch of a 2-D slice through latent space. x and y are coordinates along two chosen
// axes (latent dims or PCA axes) around the caller's base z; the widget never sees z itself.
struct LatentPlane {
  double centerX = 0;
  double centerY = 0;
  // Half-width: the outermost cell centres sit at center ± span.
  double span = 3;
  // Cells per side.
  int n = 10;

  bool operator==(const LatentPlane& other) const {
    return centerX == other.centerX && centerY == other.centerY && span == other.span && n == other.n;
  }
  bool operator!=(const LatentPlane& other) const { return !(*this == other); }
};

// An n×n grid of images decoded over a LatentPlane. The widget does no decoding (widgets/ has no
// LibTorch): whenever the plane changes it emits imagesRequested with a fresh id, and whoever
// decodes answers with setImages(images, id). Answers to superseded requests are dropped, so a slow
// decoder can never paint an old plane over a newer one.
//
// Mouse: wheel zooms around the cursor, left-drag pans, click picks a cell, double-click resets the
// view, hovering shows the cell's coordinates.
class LatentGridView : public QWidget {
  Q_OBJECT

 public:
  // Grid sizes the view accepts; below 3 there is no plane to see, above 30 cells get too small.
  static constexpr int kMinGridSize = 3;
  static constexpr int kMaxGridSize = 30;

  explicit LatentGridView(QWidget* parent = nullptr);

  // Cell centres of plane, row-major, row 0 at the top (largest y); n = 1 gives just the centre.
  static QVector<QPointF> cellCoordinates(const LatentPlane& plane);

  // n is clamped to [kMinGridSize, kMaxGridSize] and span to a sane positive range.
  void setPlane(const LatentPlane& plane);
  LatentPlane plane() const { return plane_; }
  void setGridSize(int n);
  void setSpan(double span);
  // Back to the default view (centre 0,0, span 3), keeping the grid size.
  void resetView();

  // n*n images row-major answering request requestId. Ignored unless requestId is the latest
  // request emitted and the count matches that request's grid.
  void setImages(const QVector<QImage>& images, quint64 requestId);
  // Back to the placeholder (e.g. the model was closed).
  void clearImages();
  bool hasImages() const { return !images_.isEmpty(); }
  int imageCount() const { return static_cast<int>(images_.size()); }
  // Id of the most recent imagesRequested (0 before the first).
  quint64 latestRequestId() const { return latestRequestId_; }

  // Where the current z lies in the plane; drawn as a crosshair marker, also between cells.
  void setCurrentPoint(QPointF xy);
  void clearCurrentPoint();
  QPointF currentPoint() const { return currentPoint_; }
  bool hasCurrentPoint() const { return hasCurrentPoint_; }

  // Names of the two axes ("z3", "PC1"), drawn along the bottom and left edges.
  void setAxisLabels(const QString& x, const QString& y);
  QString xAxisLabel() const { return xLabel_; }
  QString yAxisLabel() const { return yLabel_; }

  // Cell (row, col) of the current plane in widget coordinates; empty when out of range.
  QRect cellRect(int row, int col) const;
  // The square holding all cells.
  QRect gridRect() const;
  // Continuous plane coordinate under a widget position (cell centres map to cellCoordinates).
  QPointF planePointAt(const QPointF& widgetPos) const;
  // Inverse of planePointAt.
  QPointF widgetPosOf(const QPointF& xy) const;
  // (row, col) of the cell under pos, or (-1, -1) outside the grid.
  QPoint cellAt(const QPointF& widgetPos) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 public Q_SLOTS:
  // Asks for images of the current plane again (e.g. the decoder got new weights or the base z moved).
  void requestImages();

 Q_SIGNALS:
  // Coalesced: any burst of plane changes within one event-loop turn yields one request.
  void imagesRequested(const vae::LatentPlane& plane, quint64 requestId);
  // The answer to the latest request was taken (and a repaint scheduled).
  void imagesShown(quint64 requestId);
  // Centre of the cell under the mouse; emitted when that cell or its coordinates change.
  void hovered(QPointF xy);
  // Centre of the cell clicked (press and release without dragging).
  void pointClicked(QPointF xy);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  // Pixel geometry of an n×n grid in the current widget size.
  struct Layout {
    QPoint origin;  // top-left of cell (0, 0)
    int cell = 1;   // side of one cell in pixels
    int n = 1;
  };
  Layout layoutFor(int n) const;
  // Plane units per pixel for the current plane.
  double unitsPerPixel() const;
  void changePlane(const LatentPlane& plane);
  void emitRequest();
  void updateHover(const QPointF& pos);
  void paintAxes(QPainter& painter, const Layout& layout) const;
  void paintMarker(QPainter& painter, const Layout& layout) const;
  void paintHoverLabel(QPainter& painter) const;

  LatentPlane plane_;
  // Plane of the latest request: a matching answer is laid out with its grid size.
  LatentPlane requestedPlane_;
  quint64 latestRequestId_ = 0;
  QTimer* requestTimer_ = nullptr;

  QVector<QImage> images_;
  int imagesN_ = 0;

  QPointF currentPoint_;
  bool hasCurrentPoint_ = false;
  QString xLabel_ = QStringLiteral("x");
  QString yLabel_ = QStringLiteral("y");

  // Mouse state: a press becomes a drag once it moves past the platform drag distance.
  bool pressed_ = false;
  bool dragging_ = false;
  // The second release of a double-click must not count as a click.
  bool ignoreNextRelease_ = false;
  QPointF pressPos_;
  LatentPlane pressPlane_;
  QPoint hoverCell_{-1, -1};
  QPointF hoverPos_;
  QPointF hoverXY_;
};

}  // namespace vae

Q_DECLARE_METATYPE(vae::LatentPlane)
