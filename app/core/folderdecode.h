#pragma once

#include "app/core/folderspec.h"

#include <QImage>
#include <QString>
#include <QStringList>

#include <torch/torch.h>

#include <string>
#include <vector>

namespace vae {

// Image files decoded to bytes, the ones that could not be decoded left out and counted.
struct DecodedImages {
  torch::Tensor bytes;         // [kept, C, size, size] uint8, in the order of the files given
  std::vector<char> kept;      // one per file: 1 when its image is in bytes
  int64_t skipped = 0;         // files left out
  QString firstSkipped;        // the first of them in file order, and why
  std::string firstReason;
};

// Decodes files (any format Qt reads, by content) to options.size x options.size gray or RGB bytes, fitted
// by stretching or centre-cropping. A file that cannot be opened or decoded (empty, truncated, no read
// permission, beyond Qt's image allocation limit) is skipped, never fatal. Uses a few threads, one file at a
// time each; the result does not depend on their number or timing.
DecodedImages decodeImageFiles(const QStringList& files, const FolderOptions& options);

// The fitting alone: image made square (stretch or centre crop), scaled to size x size with smooth filtering
// and converted to Format_Grayscale8 (channels 1) or Format_RGB888 (channels 3).
QImage fitImage(const QImage& image, const FolderOptions& options);

}  // namespace vae
