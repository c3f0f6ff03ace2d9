#pragma once

#include "app/export/imagesheet.h"

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

#include <torch/torch.h>

namespace vae {

class LatentDecoder;

// The class-grid export of a conditional VAE (issue 19): rows are the classes, columns one set of z (a traversal or
// random draws), every z decoded as every class. A column holds the style and a row the class.

// rows[class][column]: the columns z [S, L] decoded as class 0, 1, ... in one batch. Throws std::invalid_argument
// when the decoder's model is not a cvae.
QVector<QVector<QImage>> decodeClassGrid(LatentDecoder& decoder, const torch::Tensor& columns);

// What a class grid's sheet shows around its cells.
struct ClassGridLabels {
  QStringList classNames;    // one per row, drawn left of it
  QStringList columnLabels;  // under each column (the traversed values); may be empty
  QString xTitle;            // under the column labels
};

// The sheet composeSheet draws of cells with labels (none when labels is false): rows * (cell * scale) by
// columns * (cell * scale) plus gaps, plus the labels' margins.
QImage composeClassGrid(const QVector<QVector<QImage>>& cells, const ClassGridLabels& labels, int scale,
                        bool withLabels);

// "class 0", "class 1", ... where the data names no classes; otherwise names, padded with numbers up to classCount.
QStringList classNamesOrNumbers(const std::vector<std::string>& names, int classCount);

}  // namespace vae
