#include "widgets/mutualinfoheatmap.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace vae {

namespace {
// Room around everything.
constexpr int kMargin = 8;
// Rows never grow taller than this: a 10-dimensional code should not turn into ten giant stripes.
constexpr double kMaxCellHeight = 36.0;
// Cells at least this large print their value inside.
constexpr double kValueLabelFromWidth = 34.0;
// The colour bar's width, and the gap between it and the cells.
constexpr int kBarWidth = 12;
constexpr int kBarGap = 10;
// The scale never spans less than this, so a run that has learnt nothing yet shows dark cells, not noise
// stretched to full colour.
constexpr double kMinScaleMax = 0.1;

// Viridis at five stops (perceptually uniform, readable in grey and by the colour-blind): dark = no information.
const QColor kViridis[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98),
                           QColor(253, 231, 37)};

QColor viridis(double t) {
  t = std::clamp(t, 0.0, 1.0) * (std::size(kViridis) - 1);
  const int i = std::min(static_cast<int>(t), static_cast<int>(std::size(kViridis)) - 2);
  const double f = t - i;
  const QColor& a = kViridis[i];
  const QColor& b = kViridis[i + 1];
  return QColor::fromRgbF(static_cast<float>(a.redF() + f * (b.redF() - a.redF())),
                          static_cast<float>(a.greenF() + f * (b.greenF() - a.greenF())),
                          static_cast<float>(a.blueF() + f * (b.blueF() - a.blueF())));
}

// A "nice" number (1, 2 or 5 times a power of ten) at or above v.
double niceCeil(double v) {
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= v - 1e-12) return m * p;
  return 10 * p;
}

QString formatNats(double v) { return QString::number(v, 'f', 2); }
}  // namespace

MutualInfoHeatmap::MutualInfoHeatmap(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMouseTracking(true);  // hover read-out without a button held
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
  clear();
}

void MutualInfoHeatmap::setMatrix(const MutualInfoMatrix& matrix) {
  matrix_ = matrix;
  topRow_.fill(-1, matrix_.isEmpty() ? 0 : matrix_.columns());
  for (int c = 0; c < topRow_.size(); ++c) {
    double best = 0;
    for (int r = 0; r < matrix_.rows; ++r)
      if (matrix_.at(r, c) > best) {
        best = matrix_.at(r, c);
        topRow_[c] = r;
      }
  }
  setHovered({-1, -1});
  update();
}

void MutualInfoHeatmap::clear(const QString& placeholder) {
  placeholder_ = placeholder.isEmpty() ? tr("Appears after the first epoch") : placeholder;
  setMatrix({});
}

QString MutualInfoHeatmap::titleText() const {
  if (matrix_.isEmpty()) return tr("Mutual information");
  return tr("Mutual information · MIG %1").arg(matrix_.mig, 0, 'f', 2);
}

double MutualInfoHeatmap::scaleMax() const {
  double top = kMinScaleMax;
  if (!matrix_.isEmpty()) top = std::max(top, *std::max_element(matrix_.values.cbegin(), matrix_.values.cend()));
  return niceCeil(top);
}

QColor MutualInfoHeatmap::colorFor(double nats) const { return viridis(nats / scaleMax()); }

QRectF MutualInfoHeatmap::gridRect() const {
  const QFontMetrics fm(font());
  const int top = kMargin + fm.height() + 6 + fm.height() + 4;  // title, then the factor names
  const int left = kMargin + fm.horizontalAdvance(QStringLiteral("z000")) + 4;
  const int right = width() - kMargin - kBarWidth - kBarGap - fm.horizontalAdvance(QStringLiteral("0.00")) - 4;
  const int bottom = height() - kMargin;
  QRectF grid(QPointF(left, top), QPointF(std::max(left + 10, right), std::max(top + 10, bottom)));
  if (!matrix_.isEmpty()) grid.setHeight(std::min(grid.height(), kMaxCellHeight * matrix_.rows));
  return grid;
}

QRectF MutualInfoHeatmap::colorBarRect() const {
  const QRectF grid = gridRect();
  return QRectF(grid.right() + kBarGap, grid.top(), kBarWidth, grid.height());
}

QRectF MutualInfoHeatmap::cellRect(int row, int column) const {
  if (matrix_.isEmpty() || row < 0 || row >= matrix_.rows || column < 0 || column >= matrix_.columns()) return {};
  const QRectF grid = gridRect();
  const double w = grid.width() / matrix_.columns(), h = grid.height() / matrix_.rows;
  return QRectF(grid.left() + column * w, grid.top() + row * h, w, h);
}

QPoint MutualInfoHeatmap::cellAt(const QPoint& pos) const {
  const QRectF grid = gridRect();
  if (matrix_.isEmpty() || !grid.contains(pos)) return {-1, -1};
  const int column = static_cast<int>((pos.x() - grid.left()) / (grid.width() / matrix_.columns()));
  const int row = static_cast<int>((pos.y() - grid.top()) / (grid.height() / matrix_.rows));
  if (row < 0 || row >= matrix_.rows || column < 0 || column >= matrix_.columns()) return {-1, -1};
  return {row, column};
}

QString MutualInfoHeatmap::cellText(int row, int column) const {
  if (cellRect(row, column).isEmpty()) return {};
  const double v = matrix_.at(row, column);
  const double h = matrix_.entropy.value(column);
  QString text = tr("z%1 · %2: %3 nats").arg(row).arg(matrix_.factors.at(column), formatNats(v));
  if (h > 0) text += tr(" (%1 % of its %2)").arg(std::round(100 * v / h)).arg(formatNats(h));
  if (topRow_.value(column) == row) text += tr(" · the dimension that carries it most");
  return text;
}

QSize MutualInfoHeatmap::sizeHint() const { return QSize(320, 260); }
QSize MutualInfoHeatmap::minimumSizeHint() const { return QSize(150, 120); }

void MutualInfoHeatmap::setHovered(const QPoint& cell) {
  if (cell == hovered_) return;
  hovered_ = cell;
  update();
  Q_EMIT hoveredCellChanged(cell.x(), cell.y());
}

void MutualInfoHeatmap::mouseMoveEvent(QMouseEvent* event) {
  setHovered(cellAt(event->position().toPoint()));
  QWidget::mouseMoveEvent(event);
}

void MutualInfoHeatmap::leaveEvent(QEvent* event) {
  setHovered({-1, -1});
  QWidget::leaveEvent(event);
}

bool MutualInfoHeatmap::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const QPoint cell = cellAt(help->pos());
    if (cell.x() >= 0)
      QToolTip::showText(help->globalPos(), cellText(cell.x(), cell.y()), this);
    else
      QToolTip::showText(help->globalPos(), titleText() + QLatin1Char('\n') +
                                                tr("Rows: latent dimensions; columns: generative factors; "
                                                   "colour: mutual information in nats"), this);
    return true;
  }
  return QWidget::event(event);
}

void MutualInfoHeatmap::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  const QFontMetrics fm(font());
  QFont bold = font();
  bold.setBold(true);
  p.setFont(bold);
  p.setPen(palette().color(QPalette::Text));
  const QRect title(kMargin, kMargin, width() - 2 * kMargin, fm.height());
  p.drawText(title, Qt::AlignLeft | Qt::AlignVCenter, QFontMetrics(bold).elidedText(titleText(), Qt::ElideRight, title.width()));
  p.setFont(font());
  if (matrix_.isEmpty()) {
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(rect().adjusted(kMargin, title.bottom() + 4, -kMargin, -kMargin), Qt::AlignCenter | Qt::TextWordWrap,
               placeholder_);
    return;
  }
  drawCells(p);
  drawLabels(p);
  drawColorBar(p);
}

void MutualInfoHeatmap::drawCells(QPainter& p) const {
  const QFontMetrics fm(font());
  for (int r = 0; r < matrix_.rows; ++r)
    for (int c = 0; c < matrix_.columns(); ++c) {
      const QRectF cell = cellRect(r, c);
      const QColor fill = colorFor(matrix_.at(r, c));
      p.fillRect(cell, fill);
      if (cell.width() >= kValueLabelFromWidth && cell.height() >= fm.height()) {
        p.setPen(fill.lightnessF() > 0.55 ? Qt::black : Qt::white);  // readable on both ends of viridis
        p.drawText(cell, Qt::AlignCenter, formatNats(matrix_.at(r, c)));
      }
    }
  // The strongest dimension of each factor: the one MIG compares against the runner-up.
  p.setBrush(Qt::NoBrush);
  p.setPen(QPen(palette().color(QPalette::Text), 2));
  for (int c = 0; c < topRow_.size(); ++c)
    if (topRow_[c] >= 0) p.drawRect(cellRect(topRow_[c], c).adjusted(1, 1, -1, -1));
  if (hovered_.x() >= 0) {
    p.setPen(QPen(palette().color(QPalette::Highlight), 2, Qt::DashLine));
    p.drawRect(cellRect(hovered_.x(), hovered_.y()).adjusted(1, 1, -1, -1));
  }
}

void MutualInfoHeatmap::drawLabels(QPainter& p) const {
  const QFontMetrics fm(font());
  const QRectF grid = gridRect();
  p.setPen(palette().color(QPalette::Text));
  for (int c = 0; c < matrix_.columns(); ++c) {
    const QRectF cell = cellRect(0, c);
    const QRectF header(cell.left(), grid.top() - fm.height() - 2, cell.width(), fm.height());
    p.drawText(header, Qt::AlignHCenter | Qt::AlignBottom,
               fm.elidedText(matrix_.factors.at(c), Qt::ElideRight, static_cast<int>(cell.width())));
  }
  // Every k-th row label when the rows are shorter than the text.
  const double rowHeight = grid.height() / matrix_.rows;
  const int stride = std::max(1, static_cast<int>(std::ceil(fm.height() / rowHeight)));
  for (int r = 0; r < matrix_.rows; r += stride) {
    const QRectF cell = cellRect(r, 0);
    p.drawText(QRectF(kMargin, cell.top(), grid.left() - kMargin - 4, cell.height()), Qt::AlignRight | Qt::AlignVCenter,
               QStringLiteral("z%1").arg(r));
  }
}

void MutualInfoHeatmap::drawColorBar(QPainter& p) const {
  const QFontMetrics fm(font());
  const QRectF bar = colorBarRect();
  QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
  for (int i = 0; i < static_cast<int>(std::size(kViridis)); ++i)
    gradient.setColorAt(static_cast<double>(i) / (std::size(kViridis) - 1), kViridis[i]);
  p.fillRect(bar, gradient);
  p.setPen(palette().color(QPalette::Text));
  const double top = scaleMax();
  const QRectF labels(bar.right() + 4, bar.top(), width() - bar.right() - 4, bar.height());
  p.drawText(QRectF(labels.left(), labels.top(), labels.width(), fm.height()), Qt::AlignLeft | Qt::AlignTop,
             formatNats(top));
  p.drawText(QRectF(labels.left(), labels.bottom() - fm.height(), labels.width(), fm.height()),
             Qt::AlignLeft | Qt::AlignBottom, formatNats(0));
  p.drawText(QRectF(bar.left() - 4, bar.top() - fm.height() - 2, width() - bar.left(), fm.height()),
             Qt::AlignLeft | Qt::AlignBottom, tr("nats"));
}

}  // namespace vae
