#pragma once

#include <QImage>
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace vae {

// A page of small images (28x28, 32x32, ...) drawn in a grid with a caption under each.
// Images are upscaled by a whole factor with nearest-neighbour sampling so pixels stay crisp;
// the factor is the largest that fits the whole page into the widget (never below 1).
class ImageGridView : public QWidget {
  Q_OBJECT

 public:
  explicit ImageGridView(QWidget* parent = nullptr);

  // captions[i] is drawn under images[i]; missing captions are left blank.
  void setImages(const QVector<QImage>& images, const QStringList& captions = {});
  void clear();
  int count() const { return images_.size(); }
  QImage image(int index) const;
  QString caption(int index) const;

  // 0 = as many columns as fit (default); otherwise a fixed column count.
  void setColumns(int columns);
  int columns() const { return columns_; }
  // Largest upscale factor the grid may use; keeps a handful of images from filling a screen.
  void setMaxScale(int scale);
  int maxScale() const { return maxScale_; }
  // The image drawn as chosen (a frame in the highlight colour), or -1 for none (default). Kept across setImages.
  void setHighlighted(int index);
  int highlighted() const { return highlighted_; }
  // The tooltip of each image; where none is given it is "Image N: caption".
  void setToolTipTexts(const QStringList& texts);
  QString toolTipAt(int index) const;
  // Shown centred while there are no images.
  void setPlaceholderText(const QString& text);
  QString placeholderText() const { return placeholderText_; }

  // Whole cell of image index (image + caption) in widget coordinates; empty when out of range.
  QRect cellRect(int index) const;
  // Just the image part of cellRect(index).
  QRect imageRect(int index) const;
  // Index of the cell under pos, or -1.
  int indexAt(const QPoint& pos) const;

  // The width a grid of `columns` images `imageWidth` px wide needs at `scale` (padding and margins included):
  // what a layout reserves so no column is ever clipped.
  static int widthFor(int columns, int imageWidth, int scale = 1);

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

 Q_SIGNALS:
  // The user clicked image index.
  void imageActivated(int index);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  bool event(QEvent* event) override;

 private:
  // The geometry every cell shares, derived from the widget size and the images.
  struct Layout {
    int columns = 1;
    double scale = 1;  // whole numbers up to maxScale, or a fraction much larger than the whole one that fits; below 1 only when the images would not fit at 1
    QSize cell;    // image + caption + padding
    QPoint origin; // top-left of cell 0
  };
  Layout computeLayout(const QSize& area) const;
  void useFractionalScaleWhenMuchLarger(Layout& layout, const QSize& img, int n, int availW, int availH) const;
  QSize imageSize() const;
  int captionHeight() const;
  QSize gridSize(int columns, int scale) const;

  QVector<QImage> images_;
  QStringList captions_;
  QStringList toolTips_;
  int highlighted_ = -1;
  int columns_ = 0;
  int maxScale_ = 6;
  QString placeholderText_;
};

}  // namespace vae
