#include "app/export/exportfiles.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace vae {

namespace {
constexpr char kExportDirectoryKey[] = "export/directory";

[[noreturn]] void fail(const QString& path, const QString& reason) {
  throw ExportError(QStringLiteral("%1: %2").arg(path, reason).toStdString());
}
}  // namespace

void saveBytesAtomically(const QString& path, const QByteArray& bytes) {
  if (QFileInfo(path).isDir()) fail(path, QStringLiteral("is a directory"));
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) fail(path, file.errorString());
  // Qt 6.4's commit() ignores a failed flush and a short write sets no error: check both here, or a
  // full disk could rename a truncated file over the old one.
  if (file.write(bytes) != bytes.size() || !file.flush()) {
    const QString reason = file.errorString().isEmpty() ? QStringLiteral("write failed") : file.errorString();
    file.cancelWriting();
    fail(path, reason);
  }
  if (!file.commit()) fail(path, file.errorString());
}

void savePngAtomically(const QString& path, const QImage& image) {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (image.isNull() || !image.save(&buffer, "PNG")) fail(path, QStringLiteral("could not encode the PNG"));
  saveBytesAtomically(path, bytes);
}

void saveViaTempFile(const QString& path, const std::function<bool(const QString&)>& render) {
  const QFileInfo info(path);
  if (!info.absoluteDir().exists()) fail(path, QStringLiteral("the directory does not exist"));
  // Same directory and suffix: the renderer picks its format from the suffix, and the rename stays on
  // one file system.
  QTemporaryFile temp(info.absoluteDir().filePath(QStringLiteral(".%1.XXXXXX.%2").arg(info.completeBaseName(), info.suffix())));
  if (!temp.open()) fail(path, temp.errorString());
  temp.close();
  if (!render(temp.fileName())) fail(path, QStringLiteral("could not render the file"));
  QFile rendered(temp.fileName());
  if (!rendered.open(QIODevice::ReadOnly)) fail(path, rendered.errorString());
  const QByteArray bytes = rendered.readAll();
  rendered.close();
  if (bytes.isEmpty()) fail(path, QStringLiteral("the renderer wrote nothing"));
  saveBytesAtomically(path, bytes);  // temp is removed by QTemporaryFile
}

QString lastExportDirectory() {
  const QString dir = QSettings().value(kExportDirectoryKey).toString();
  if (!dir.isEmpty() && QFileInfo(dir).isDir()) return dir;
  // A fresh account may have no Documents folder yet (a GUI walk's first export failed there): then home.
  const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
  return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void rememberExportDirectory(const QString& savedFile) {
  QSettings().setValue(kExportDirectoryKey, QFileInfo(savedFile).absolutePath());
}

}  // namespace vae
