#include "app/gui/imageencoder.h"

#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "app/gui/explorepanel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QLocale>
#include <QMimeData>
#include <QUrl>

namespace vae {

ImageEncoder::ImageEncoder(ExplorePanel* explore, QWidget* dialogParent)
    : QObject(explore), explore_(explore), dialogParent_(dialogParent) {}

bool ImageEncoder::canEncode() const { return explore_->decoder()->hasModel(); }

bool ImageEncoder::encodeFile(const QString& path) {
  QImageReader reader(path);
  QImage image;
  if (canEncode()) image = reader.read();  // no model: say so, don't read
  return encode(image, QFileInfo(path).fileName(), path, reader.errorString());
}

bool ImageEncoder::encodeDatasetImage(qint64 index) {
  if (!data_ || index < 0 || index >= data_->train.size()) return false;
  const Dataset& train = data_->train;
  const QString label = QString::fromStdString(train.labelName(index));
  const QString number = QLocale().toString(index + 1);
  const QString name =
      label.isEmpty() ? tr("training image %1").arg(number) : tr("training image %1 (%2)").arg(number, label);
  const QVector<QImage> image = datasetImages(train, index, index + 1);
  return encode(image.value(0), name, name, {});
}

bool ImageEncoder::encode(const QImage& image, const QString& name, const QString& source, const QString& readError) {
  auto fail = [&](const QString& text, const QString& details) {
    Q_EMIT failed(text, details);
    return false;
  };
  if (!canEncode())
    return fail(tr("Train a model or open a checkpoint first"),
                tr("%1: encoding needs a model to map the image into its latent space").arg(source));
  if (image.isNull()) return fail(tr("The image could not be read"), QStringLiteral("%1: %2").arg(source, readError));
  if (!explore_->encodeImage(image, name))
    return fail(tr("The image could not be encoded"), QStringLiteral("%1: %2").arg(source, explore_->lastError()));
  Q_EMIT encoded(name, source == name ? QString() : source);
  return true;
}

void ImageEncoder::openFileDialog() {
  QStringList patterns;
  for (const QByteArray& format : QImageReader::supportedImageFormats())
    patterns << QStringLiteral("*.%1").arg(QString::fromLatin1(format));
  auto* dialog = new QFileDialog(dialogParent_, tr("Encode Image"), QString(),
                                 tr("Images (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setFileMode(QFileDialog::ExistingFile);
  connect(dialog, &QFileDialog::fileSelected, this, &ImageEncoder::encodeFile);
  dialog->open();  // window-modal without a nested event loop
}

QString ImageEncoder::droppedImageFile(const QMimeData* mime) {
  if (!mime || !mime->hasUrls()) return {};
  const QList<QByteArray> formats = QImageReader::supportedImageFormats();
  for (const QUrl& url : mime->urls()) {
    if (!url.isLocalFile()) continue;
    const QString path = url.toLocalFile();
    if (formats.contains(QFileInfo(path).suffix().toLower().toLatin1())) return path;
  }
  return {};
}

}  // namespace vae
