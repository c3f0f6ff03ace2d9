#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

namespace vae {

// Nearest-neighbour enlargement by a whole factor: exported pixels stay the model's pixels.
QImage upscaled(const QImage& image, int scale);

// How a sheet of decoded images is laid out.
struct SheetLayout {
  int scale = 1;             // nearest-neighbour factor per image
  int gap = 2;               // pixels between images
  QStringList rowLabels;     // drawn left of each row ("z3", "0.42"); none when empty
  QStringList columnLabels;  // drawn under each column; none when empty
  QString xTitle, yTitle;    // axis names under the column labels / left of the row labels
  QString caption;           // one line above everything ("epoch 3")
};

// rows[r][c] all of one size, drawn on white with dark text. Text needs a QGuiApplication.
QImage composeSheet(const QVector<QVector<QImage>>& rows, const SheetLayout& layout);

}  // namespace vae
