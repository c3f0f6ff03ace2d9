#pragma once

#include <QPoint>
#include <QRectF>
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace vae {

// What the heatmap shows: I(z_j; v_k) in nats for rows = latent dimensions (in dimension order, z0 at the top,
// like the unsorted KL bars, so a row keeps its place from epoch to epoch) and columns = generative factors.
struct MutualInfoMatrix {
  int rows = 0;               // latent dimensions
  QStringList factors;        // column names
  QVector<double> values;     // rows x factors, row-major, nats
  QVector<double> entropy;    // per factor H(v_k), nats (tooltips give MI as a share of it); may be empty
  double mig = 0;             // mutual information gap, 0..1
  int images = 0;             // test images the estimate is from

  int columns() const { return static_cast<int>(factors.size()); }
  bool isEmpty() const { return rows <= 0 || factors.isEmpty() || values.size() != rows * columns(); }
  double at(int row, int column) const { return values.value(row * columns() + column); }
};

// A latent-dimension x factor heatmap of mutual information (colour = nats, one shared scale shown as a colour bar
// at the right), the MIG in the title, the strongest dimension of each factor outlined, the value of the cell
// under the mouse in a tooltip. It draws what it is given; the estimate is made elsewhere (model/disentanglement).
class MutualInfoHeatmap : public QWidget {
  Q_OBJECT

 public:
  explicit MutualInfoHeatmap(QWidget* parent = nullptr);

  void setMatrix(const MutualInfoMatrix& matrix);
  // Empties the map and shows text in its place ("Appears after the first epoch").
  void clear(const QString& placeholder = QString());
  const MutualInfoMatrix& matrix() const { return matrix_; }
  QString placeholderText() const { return placeholder_; }

  // "Mutual information · MIG 0.31" or, empty, "Mutual information".
  QString titleText() const;
  // The colour bar's top in nats: a round number at or above the largest value.
  double scaleMax() const;
  // The cell drawn at pos as (row, column), or (-1, -1).
  QPoint cellAt(const QPoint& pos) const;
  QRectF cellRect(int row, int column) const;
  // The cell under the mouse, (-1, -1) when none.
  QPoint hoveredCell() const { return hovered_; }
  // The tooltip of one cell: "z3 · rotation: 0.42 nats (18 % of its 2.30)".
  QString cellText(int row, int column) const;
  // The fill colour of a value on this map's scale.
  QColor colorFor(double nats) const;
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  void hoveredCellChanged(int row, int column);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  bool event(QEvent* event) override;

 private:
  QRectF gridRect() const;
  QRectF colorBarRect() const;
  void setHovered(const QPoint& cell);
  void drawCells(QPainter& p) const;
  void drawLabels(QPainter& p) const;
  void drawColorBar(QPainter& p) const;

  MutualInfoMatrix matrix_;
  QVector<int> topRow_;  // per column: the row with the largest value (outlined)
  QString placeholder_;
  QPoint hovered_{-1, -1};
};

}  // namespace vae
