#include "app/export/imagesheet.h"

#include <QFont>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>

namespace vae {

namespace {
constexpr int kMargin = 6;
constexpr int kTextPad = 4;
const QColor kBackground(255, 255, 255);
const QColor kText(40, 40, 40);
}  // namespace

QImage upscaled(const QImage& image, int scale) {
  if (scale <= 1 || image.isNull()) return image;
  return image.scaled(image.width() * scale, image.height() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

QImage composeSheet(const QVector<QVector<QImage>>& rows, const SheetLayout& layout) {
  int columns = 0;
  for (const auto& row : rows) columns = std::max(columns, static_cast<int>(row.size()));
  if (rows.isEmpty() || columns == 0) return {};
  const QSize cell = upscaled(rows.front().front(), layout.scale).size();
  QFont font;
  font.setPixelSize(std::clamp(cell.height() / 3, 10, 14));
  const QFontMetrics metrics(font);
  const int lineHeight = metrics.height();

  int rowLabelWidth = 0;
  for (const QString& label : layout.rowLabels) rowLabelWidth = std::max(rowLabelWidth, metrics.horizontalAdvance(label));
  if (rowLabelWidth > 0) rowLabelWidth += kTextPad;
  const int yTitleWidth = layout.yTitle.isEmpty() ? 0 : lineHeight + kTextPad;
  const int captionHeight = layout.caption.isEmpty() ? 0 : lineHeight + kTextPad;
  const int columnLabelHeight = layout.columnLabels.isEmpty() ? 0 : lineHeight + kTextPad;
  const int xTitleHeight = layout.xTitle.isEmpty() ? 0 : lineHeight + kTextPad;

  const int gridWidth = columns * cell.width() + (columns - 1) * layout.gap;
  const int gridHeight = static_cast<int>(rows.size()) * cell.height() + (static_cast<int>(rows.size()) - 1) * layout.gap;
  const QPoint origin(kMargin + yTitleWidth + rowLabelWidth, kMargin + captionHeight);
  QImage sheet(origin.x() + gridWidth + kMargin, origin.y() + gridHeight + columnLabelHeight + xTitleHeight + kMargin,
               QImage::Format_RGB32);
  sheet.fill(kBackground);

  QPainter painter(&sheet);
  painter.setFont(font);
  painter.setPen(kText);
  if (!layout.caption.isEmpty())
    painter.drawText(QRect(kMargin, kMargin, sheet.width() - 2 * kMargin, lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                     layout.caption);
  for (int r = 0; r < rows.size(); ++r) {
    const int y = origin.y() + r * (cell.height() + layout.gap);
    for (int c = 0; c < rows[r].size(); ++c)
      painter.drawImage(QPoint(origin.x() + c * (cell.width() + layout.gap), y), upscaled(rows[r][c], layout.scale));
    if (r < layout.rowLabels.size())
      painter.drawText(QRect(origin.x() - rowLabelWidth, y, rowLabelWidth - kTextPad, cell.height()),
                       Qt::AlignRight | Qt::AlignVCenter, layout.rowLabels[r]);
  }
  const int labelsY = origin.y() + gridHeight + kTextPad;
  for (int c = 0; c < std::min(columns, static_cast<int>(layout.columnLabels.size())); ++c) {
    const int x = origin.x() + c * (cell.width() + layout.gap);
    // Labels may be wider than a small cell: centred on the cell, allowed to spill into the gap.
    painter.drawText(QRect(x - layout.gap - cell.width() / 2, labelsY, 2 * cell.width() + 2 * layout.gap, lineHeight),
                     Qt::AlignHCenter | Qt::AlignVCenter, layout.columnLabels[c]);
  }
  if (!layout.xTitle.isEmpty())
    painter.drawText(QRect(origin.x(), labelsY + columnLabelHeight, gridWidth, lineHeight), Qt::AlignCenter, layout.xTitle);
  if (!layout.yTitle.isEmpty()) {
    painter.save();
    painter.translate(kMargin, origin.y() + gridHeight / 2);
    painter.rotate(-90);
    painter.drawText(QRect(-gridHeight / 2, 0, gridHeight, lineHeight), Qt::AlignCenter, layout.yTitle);
    painter.restore();
  }
  return sheet;
}

}  // namespace vae
