#include "widgets/imagegridview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace vae {

namespace {
// Space around the grid so the first cells do not touch the widget edge.
constexpr int kMargin = 8;
// Horizontal room each cell adds around its image; keeps captions like "Ankle boot" from colliding.
constexpr int kCellPadX = 14;
// Vertical room each cell adds around image + caption.
constexpr int kCellPadY = 10;
// Gap between an image and its caption.
constexpr int kCaptionGap = 3;
// The chosen image's frame: wide enough to see at a glance, inside the cell padding.
constexpr int kHighlightWidth = 2;
// Image size assumed for size hints before any image is set (MNIST-sized).
constexpr int kDefaultImageSide = 28;
// Columns and scale the size hint asks for: a comfortable page of 48 images.
constexpr int kHintColumns = 8;
constexpr int kHintScale = 3;
// Smallest fraction images are shrunk to when even 1:1 does not fit (a 64 px strip in a narrow window).
constexpr double kMinShrink = 0.25;
}  // namespace

ImageGridView::ImageGridView(QWidget* parent) : QWidget(parent) {
  setAttribute(Qt::WA_OpaquePaintEvent);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageGridView::setImages(const QVector<QImage>& images, const QStringList& captions) {
  images_ = images;
  captions_ = captions;
  updateGeometry();
  update();
}

void ImageGridView::clear() { setImages({}, {}); }

void ImageGridView::setHighlighted(int index) {
  if (index == highlighted_) return;
  highlighted_ = index;
  update();
}

void ImageGridView::setToolTipTexts(const QStringList& texts) { toolTips_ = texts; }

QString ImageGridView::toolTipAt(int index) const {
  if (index < 0 || index >= images_.size()) return {};
  if (index < toolTips_.size() && !toolTips_[index].isEmpty()) return toolTips_[index];
  const QString text = caption(index);
  return text.isEmpty() ? tr("Image %1").arg(index + 1) : tr("Image %1: %2").arg(index + 1).arg(text);
}

QImage ImageGridView::image(int index) const {
  return index >= 0 && index < images_.size() ? images_[index] : QImage();
}

QString ImageGridView::caption(int index) const {
  return index >= 0 && index < captions_.size() ? captions_[index] : QString();
}

void ImageGridView::setColumns(int columns) {
  columns_ = std::max(0, columns);
  updateGeometry();
  update();
}

void ImageGridView::setMaxScale(int scale) {
  maxScale_ = std::max(1, scale);
  updateGeometry();
  update();
}

void ImageGridView::setPlaceholderText(const QString& text) {
  placeholderText_ = text;
  update();
}

QSize ImageGridView::imageSize() const {
  // Pages normally hold one format; the largest image decides the cell so a stray one is not clipped.
  QSize size;
  for (const QImage& img : images_) size = size.expandedTo(img.size());
  return size.isEmpty() ? QSize(kDefaultImageSide, kDefaultImageSide) : size;
}

int ImageGridView::captionHeight() const { return fontMetrics().height(); }

int ImageGridView::widthFor(int columns, int imageWidth, int scale) {
  return columns * (imageWidth * scale + kCellPadX) + 2 * kMargin;
}

QSize ImageGridView::gridSize(int columns, int scale) const {
  const QSize img = imageSize();
  const int n = std::max(1, static_cast<int>(images_.size()));
  const int cols = std::max(1, std::min(columns, n));
  const int rows = (n + cols - 1) / cols;
  const int cellW = img.width() * scale + kCellPadX;
  const int cellH = img.height() * scale + kCaptionGap + captionHeight() + kCellPadY;
  return QSize(cols * cellW, rows * cellH);
}

// Whole scales keep pixel art crisp, but a taller caption font (CJK fallback fonts are) can push a page from
// scale 2 down to 1 and leave half the frame empty with thumbnails too small to read. When some column count
// allows a scale this much larger than the whole one, that one is used instead.
constexpr double kFractionalGain = 1.3;

void ImageGridView::useFractionalScaleWhenMuchLarger(Layout& layout, const QSize& img, int n, int availW,
                                                     int availH) const {
  const int fixedH = kCaptionGap + captionHeight() + kCellPadY;
  double best = layout.scale;
  int bestCols = layout.columns;
  for (int cols = 1; cols <= n; ++cols) {
    const int rows = (n + cols - 1) / cols;
    const double byWidth = (static_cast<double>(availW) / cols - kCellPadX) / img.width();
    const double byHeight = (static_cast<double>(availH) / rows - fixedH) / img.height();
    const double scale = std::min({byWidth, byHeight, static_cast<double>(maxScale_)});
    if (scale > best) {
      best = scale;
      bestCols = cols;
    }
  }
  if (best < layout.scale * kFractionalGain) return;
  const QSize shown = (QSizeF(img) * best).toSize();
  layout.columns = bestCols;
  layout.scale = best;
  layout.cell = QSize(shown.width() + kCellPadX, shown.height() + fixedH);
}

ImageGridView::Layout ImageGridView::computeLayout(const QSize& area) const {
  const QSize img = imageSize();
  const int n = std::max(1, static_cast<int>(images_.size()));
  const int availW = std::max(1, area.width() - 2 * kMargin);
  const int availH = std::max(1, area.height() - 2 * kMargin);

  Layout layout;
  auto columnsFor = [&](int cellW) {
    if (columns_ > 0) return std::min(columns_, n);
    return std::clamp(availW / cellW, 1, n);
  };
  // Largest whole scale at which the page fits.
  bool fits = false;
  for (int scale = maxScale_; scale >= 1 && !fits; --scale) {
    const int cellW = img.width() * scale + kCellPadX;
    const int cellH = img.height() * scale + kCaptionGap + captionHeight() + kCellPadY;
    const int cols = columnsFor(cellW);
    const int rows = (n + cols - 1) / cols;
    layout = Layout{cols, static_cast<double>(scale), QSize(cellW, cellH), {}};
    fits = cols * cellW <= availW && rows * cellH <= availH;
  }
  if (fits && columns_ == 0) useFractionalScaleWhenMuchLarger(layout, img, n, availW, availH);
  if (!fits) {
    // Not even 1:1 fits: shrink the images until every cell is inside the frame (a strip that loses its last
    // frames, or a grid showing 2.3 columns, misleads more than smaller images do).
    const int cols = layout.columns;
    const int rows = (n + cols - 1) / cols;
    const double byWidth = (static_cast<double>(availW) / cols - kCellPadX) / img.width();
    const double byHeight =
        (static_cast<double>(availH) / rows - kCaptionGap - captionHeight() - kCellPadY) / img.height();
    const double scale = std::clamp(std::min(byWidth, byHeight), kMinShrink, 1.0);
    const QSize shown = (QSizeF(img) * scale).toSize();
    layout.scale = scale;
    layout.cell = QSize(shown.width() + kCellPadX, shown.height() + kCaptionGap + captionHeight() + kCellPadY);
  }
  const int gridW = layout.columns * layout.cell.width();
  layout.origin = QPoint(kMargin + std::max(0, (availW - gridW) / 2), kMargin);
  return layout;
}

QRect ImageGridView::cellRect(int index) const {
  if (index < 0 || index >= images_.size()) return {};
  const Layout layout = computeLayout(size());
  const int row = index / layout.columns;
  const int col = index % layout.columns;
  return QRect(layout.origin + QPoint(col * layout.cell.width(), row * layout.cell.height()), layout.cell);
}

QRect ImageGridView::imageRect(int index) const {
  const QRect cell = cellRect(index);
  if (cell.isEmpty()) return {};
  const Layout layout = computeLayout(size());
  const QSize shown = (QSizeF(images_[index].size()) * layout.scale).toSize();
  // Centred horizontally, top-aligned so captions line up across a row.
  return QRect(cell.left() + (cell.width() - shown.width()) / 2, cell.top() + kCellPadY / 2, shown.width(),
               shown.height());
}

int ImageGridView::indexAt(const QPoint& pos) const {
  if (images_.isEmpty()) return -1;
  const Layout layout = computeLayout(size());
  const QPoint rel = pos - layout.origin;
  if (rel.x() < 0 || rel.y() < 0) return -1;
  const int col = rel.x() / layout.cell.width();
  const int row = rel.y() / layout.cell.height();
  if (col >= layout.columns) return -1;
  const int index = row * layout.columns + col;
  return index < images_.size() ? index : -1;
}

QSize ImageGridView::sizeHint() const {
  const int scale = std::min(kHintScale, maxScale_);
  const int cols = columns_ > 0 ? columns_ : kHintColumns;
  QSize grid = gridSize(cols, scale);
  if (images_.isEmpty()) {
    // Room for a typical page so the window does not open tiny before the first dataset arrives.
    const QSize img = imageSize() * scale;
    grid = QSize(cols * (img.width() + kCellPadX),
                 6 * (img.height() + kCaptionGap + captionHeight() + kCellPadY));
  }
  return grid + QSize(2 * kMargin, 2 * kMargin);
}

QSize ImageGridView::minimumSizeHint() const {
  const QSize img = imageSize();
  // A fixed number of columns must fit at the smallest shrink; in a scroll area (the interpolation strip) this
  // is where scrolling starts instead of cells being cut off.
  const int smallestW = static_cast<int>(std::ceil(img.width() * kMinShrink));
  const int width = columns_ > 0 ? columns_ * (smallestW + kCellPadX) + 2 * kMargin : img.width() + kCellPadX + 2 * kMargin;
  // One row at 1:1, and with fixed columns every row at the smallest shrink, captions included: a page of 16
  // samples in 4 columns lost its last row to taller CJK captions when the layout gave it less.
  const int fixedH = kCaptionGap + captionHeight() + kCellPadY;
  int height = img.height() + fixedH;
  if (columns_ > 0) {
    const int n = std::max(1, static_cast<int>(images_.size()));
    const int rows = (n + std::min(columns_, n) - 1) / std::min(columns_, n);
    height = std::max(height, rows * (static_cast<int>(std::ceil(img.height() * kMinShrink)) + fixedH));
  }
  return QSize(width, height + 2 * kMargin);
}

void ImageGridView::paintEvent(QPaintEvent* /*event*/) {
  QPainter painter(this);
  painter.fillRect(rect(), palette().base());

  if (images_.isEmpty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin), Qt::AlignCenter | Qt::TextWordWrap,
                     placeholderText_);
    return;
  }

  // Nearest-neighbour upscaling: smoothing would blur 28-pixel images into mush. Shrunk images are smoothed
  // (dropping pixels would alias them).
  const double scale = computeLayout(size()).scale;
  painter.setRenderHint(QPainter::SmoothPixmapTransform, scale < 1 || scale != std::floor(scale));
  const QFontMetrics metrics = fontMetrics();
  for (int i = 0; i < images_.size(); ++i) {
    const QRect cell = cellRect(i);
    if (!cell.intersects(rect())) continue;
    const QRect target = imageRect(i);
    painter.drawImage(target, images_[i]);
    if (i == highlighted_) {
      painter.setPen(QPen(palette().color(QPalette::Highlight), kHighlightWidth));
      painter.drawRect(target.adjusted(-2, -2, 1, 1));
    } else {
      painter.setPen(palette().color(QPalette::Mid));
      painter.drawRect(target.adjusted(-1, -1, 0, 0));
    }

    const QString text = caption(i);
    if (text.isEmpty()) continue;
    const QRect captionRect(cell.left() + 1, target.bottom() + 1 + kCaptionGap, cell.width() - 2,
                            captionHeight());
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(captionRect, Qt::AlignHCenter | Qt::AlignTop,
                     metrics.elidedText(text, Qt::ElideRight, captionRect.width()));
  }
}

void ImageGridView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) {
    const int index = indexAt(event->position().toPoint());
    if (index >= 0) Q_EMIT imageActivated(index);
  }
  QWidget::mouseReleaseEvent(event);
}

bool ImageGridView::event(QEvent* event) {
  if (event->type() == QEvent::ToolTip) {
    auto* help = static_cast<QHelpEvent*>(event);
    const int index = indexAt(help->pos());
    if (index >= 0) {
      QToolTip::showText(help->globalPos(), toolTipAt(index), this, cellRect(index));
    } else {
      QToolTip::hideText();
      event->ignore();
    }
    return true;
  }
  return QWidget::event(event);
}

}  // namespace vae
