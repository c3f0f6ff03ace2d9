#include "app/export/classgrid.h"

#include "app/core/latentdecoder.h"

#include <QCoreApplication>

#include <stdexcept>

namespace vae {

QVector<QVector<QImage>> decodeClassGrid(LatentDecoder& decoder, const torch::Tensor& columns) {
  const int classes = decoder.classCount();
  if (classes == 0) throw std::invalid_argument("a class grid needs a cvae; this model has no classes");
  const int64_t steps = columns.size(0);
  // Class-major: rows [k*S, (k+1)*S) are the columns decoded as class k.
  const torch::Tensor z = columns.to(torch::kFloat32).repeat({classes, 1});
  const torch::Tensor labels = torch::arange(classes, torch::kLong).repeat_interleave(steps);
  const QVector<QImage> images = decoder.decodeTensor(z, labels);
  QVector<QVector<QImage>> rows(classes);
  for (int i = 0; i < images.size(); ++i) rows[static_cast<int>(i / steps)].append(images[i]);
  return rows;
}

QImage composeClassGrid(const QVector<QVector<QImage>>& cells, const ClassGridLabels& labels, int scale,
                        bool withLabels) {
  SheetLayout layout;
  layout.scale = scale;
  if (withLabels) {
    layout.rowLabels = labels.classNames;
    layout.columnLabels = labels.columnLabels;
    layout.xTitle = labels.xTitle;
  }
  return composeSheet(cells, layout);
}

QStringList classNamesOrNumbers(const std::vector<std::string>& names, int classCount) {
  QStringList out;
  for (int k = 0; k < classCount; ++k)
    out << (k < static_cast<int>(names.size()) && !names[static_cast<size_t>(k)].empty()
                ? QString::fromStdString(names[static_cast<size_t>(k)])
                : QCoreApplication::translate("vae::Exporter", "class %1").arg(k));
  return out;
}

}  // namespace vae
