#pragma once

#include "model/dataset.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTreeWidget;

namespace vae {

// The side panel's "Dataset" and "Classes" boxes: what the loaded dataset is (name, sizes, image format) and
// how many training images each class has.
class DatasetSummary : public QWidget {
  Q_OBJECT

 public:
  explicit DatasetSummary(QWidget* parent = nullptr);

  // Null shows dashes.
  void setDataset(const std::shared_ptr<const DatasetSplit>& data);
  // "Fashion-MNIST": the dataset's name without the loaders' " (train)".
  QString datasetName() const;

 private:
  QLabel* name_ = nullptr;
  QLabel* train_ = nullptr;
  QLabel* test_ = nullptr;
  QLabel* size_ = nullptr;
  QTreeWidget* classes_ = nullptr;
};

}  // namespace vae
