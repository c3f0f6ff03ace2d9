#pragma once

#include "model/dataset.h"

#include <QObject>
#include <QString>

#include <memory>

class QImage;
class QMimeData;
class QWidget;

namespace vae {

class ExplorePanel;

// Puts an image into the latent space: a file (File → Encode Image…, or dropped on the window) or a training
// image (the Dataset tab's right-click), encoded with the explorer's current model into its sliders.
class ImageEncoder : public QObject {
  Q_OBJECT

 public:
  ImageEncoder(ExplorePanel* explore, QWidget* dialogParent);

  void setDataset(const std::shared_ptr<const DatasetSplit>& data) { data_ = data; }
  bool canEncode() const;  // the explorer has a model

  // Reads and encodes path; false (and failed) without a model or when it cannot be read or encoded.
  bool encodeFile(const QString& path);
  // Training image index (0-based, as on the Dataset tab).
  bool encodeDatasetImage(qint64 index);
  void openFileDialog();
  // The first local file among a drag's URLs that Qt can read as an image, else empty.
  static QString droppedImageFile(const QMimeData* mime);

 Q_SIGNALS:
  // name: the file name or "training image 12 (Sneaker)"; path: the file (empty for a training image).
  void encoded(const QString& name, const QString& path);
  void failed(const QString& text, const QString& details);

 private:
  bool encode(const QImage& image, const QString& name, const QString& source, const QString& readError);

  ExplorePanel* explore_;
  QWidget* dialogParent_;
  std::shared_ptr<const DatasetSplit> data_;
};

}  // namespace vae
