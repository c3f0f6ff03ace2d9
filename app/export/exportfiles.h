#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

#include <functional>
#include <stdexcept>

namespace vae {

// An export that could not be written or was asked for wrongly; what() is one line, "PATH: reason"
// for file problems.
class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes bytes to path atomically (QSaveFile: temp file in the same directory, fsync, rename): an
// existing file is replaced whole or not at all. Throws ExportError("PATH: reason").
void saveBytesAtomically(const QString& path, const QByteArray& bytes);
// PNG-encodes image and saves it the same way.
void savePngAtomically(const QString& path, const QImage& image);
// For writers that only take a file name (QCustomPlot's savePng/savePdf): render(tempPath) writes a
// temp file next to path, which then replaces path atomically. render returns false on failure.
void saveViaTempFile(const QString& path, const std::function<bool(const QString& tempPath)>& render);

// Where the GUI's export and "Save Image As…" dialogs start: the folder of the last file saved there
// (QSettings), else the user's Documents folder.
QString lastExportDirectory();
void rememberExportDirectory(const QString& savedFile);

}  // namespace vae
