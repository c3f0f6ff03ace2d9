#include "app/core/folderdecode.h"

#include <QCoreApplication>
#include <QFile>
#include <QImageReader>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <system_error>
#include <thread>

namespace vae {

namespace {
// Decoding threads at most: image decoding scales with cores, but a load should not crowd out a machine's
// other work (training, the GUI) and the files are read from one disk.
constexpr int kMaxDecodeThreads = 4;
// Files per thread below which another thread is not worth starting.
constexpr int kFilesPerThread = 16;
// Bytes per pixel Qt allocates for a decoded image of unknown format (ARGB32), for the allocation-limit reason.
constexpr int64_t kDecodedBytesPerPixel = 4;

std::string str(const QString& s) { return s.toStdString(); }
// Reasons end up in the window's warning, translated there (the CLI loads no translator). Spelled
// QCoreApplication::translate("vae", ...): see folderdataset.cpp for why not a tr() helper.

// Why reader could not read the image at path, in words a user can act on.
std::string readFailure(const QImageReader& reader, const QString& path) {
  // The header's size, read afresh: the failed reader has moved on. Only failures pay for this.
  QImageReader probe(path);
  probe.setDecideFormatFromContent(true);
  const QSize size = probe.size();  // invalid when even the header is unreadable
  const int64_t limitMb = QImageReader::allocationLimit();
  if (size.isValid() && limitMb > 0 &&
      int64_t(size.width()) * size.height() * kDecodedBytesPerPixel > limitMb * 1024 * 1024)
    return str(QCoreApplication::translate("vae",
                                           "cannot decode image: %1x%2 pixels exceed Qt's image allocation limit "
                                           "of %3 MB (environment variable QT_IMAGEIO_MAXALLOC)")
                   .arg(size.width())
                   .arg(size.height())
                   .arg(limitMb));
  return str(QCoreApplication::translate("vae", "cannot decode image: %1").arg(reader.errorString()));
}

// Decodes path into chw (C x size x size bytes); returns why not, or "" when it worked.
std::string decodeInto(const QString& path, const FolderOptions& options, uint8_t* chw) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    return str(QCoreApplication::translate("vae", "cannot open: %1").arg(file.errorString()));
  if (file.size() == 0) return str(QCoreApplication::translate("vae", "empty file"));
  QImageReader reader(&file);
  // Decoding is not allowed to pick a format from the extension alone: content decides.
  reader.setDecideFormatFromContent(true);
  const QImage image = reader.read();
  if (image.isNull()) return readFailure(reader, path);
  const QImage fitted = fitImage(image, options);
  if (fitted.isNull()) return str(QCoreApplication::translate("vae", "cannot convert image (out of memory?)"));
  const int side = options.size, channels = options.channels;
  const size_t plane = static_cast<size_t>(side) * side;
  for (int y = 0; y < side; ++y) {
    const uchar* line = fitted.constScanLine(y);
    if (channels == 1) {
      std::memcpy(chw + static_cast<size_t>(y) * side, line, static_cast<size_t>(side));
      continue;
    }
    for (int x = 0; x < side; ++x)  // RGB888 interleaved -> three planes
      for (int c = 0; c < channels; ++c) chw[c * plane + static_cast<size_t>(y) * side + x] = line[x * channels + c];
  }
  return {};
}

// Moves the kept rows of bytes to its front, in order; returns how many there are.
int64_t compactKept(torch::Tensor& bytes, const std::vector<char>& kept) {
  uint8_t* base = bytes.data_ptr<uint8_t>();
  const size_t stride = static_cast<size_t>(bytes.numel() / std::max<int64_t>(bytes.size(0), 1));
  int64_t out = 0;
  for (size_t i = 0; i < kept.size(); ++i) {
    if (!kept[i]) continue;
    if (static_cast<int64_t>(i) != out) std::memmove(base + out * stride, base + i * stride, stride);
    ++out;
  }
  return out;
}
}  // namespace

QImage fitImage(const QImage& image, const FolderOptions& options) {
  QImage square = image;
  if (options.fit == FolderFit::Crop && image.width() != image.height()) {
    const int side = std::min(image.width(), image.height());
    square = image.copy((image.width() - side) / 2, (image.height() - side) / 2, side, side);
  }
  const QSize target(options.size, options.size);
  if (square.size() != target) square = square.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  return square.convertToFormat(options.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
}

DecodedImages decodeImageFiles(const QStringList& files, const FolderOptions& options) {
  const int64_t n = files.size();
  DecodedImages out;
  out.bytes = torch::empty({n, options.channels, options.size, options.size}, torch::kUInt8);
  out.kept.assign(static_cast<size_t>(n), 0);
  std::vector<std::string> reasons(static_cast<size_t>(n));
  uint8_t* base = out.bytes.data_ptr<uint8_t>();
  const size_t stride = static_cast<size_t>(options.channels) * options.size * options.size;

  // Each file's bytes, flag and reason have their own slot, so threads share nothing but the counter.
  auto decodeAt = [&](int64_t i) {
    const auto at = static_cast<size_t>(i);
    try {
      reasons[at] = decodeInto(files[static_cast<int>(i)], options, base + at * stride);
    } catch (const std::exception& e) {  // std::bad_alloc from a huge image's conversion, say
      reasons[at] =
          str(QCoreApplication::translate("vae", "cannot decode image: %1").arg(QString::fromLocal8Bit(e.what())));
    }
    out.kept[at] = reasons[at].empty() ? 1 : 0;
  };
  // The first file alone on this thread, so its decoder plugin is loaded once, before other threads want it.
  if (n > 0) decodeAt(0);
  std::atomic<int64_t> next{1};
  auto work = [&] {
    for (int64_t i = next++; i < n; i = next++) decodeAt(i);
  };
  const int threads = static_cast<int>(std::clamp<int64_t>(
      std::min<int64_t>(QThread::idealThreadCount(), n / kFilesPerThread), 1, kMaxDecodeThreads));
  std::vector<std::thread> helpers;
  for (int t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {  // no more threads to be had: the ones running do all files
      break;
    }
  }
  work();
  for (std::thread& t : helpers) t.join();

  for (int64_t i = 0; i < n; ++i) {
    if (out.kept[static_cast<size_t>(i)]) continue;
    if (out.skipped++ == 0) {
      out.firstSkipped = files[static_cast<int>(i)];
      out.firstReason = reasons[static_cast<size_t>(i)];
    }
  }
  const int64_t kept = compactKept(out.bytes, out.kept);
  // The rows of skipped files stay allocated behind the view; they are few, and copying would double the peak.
  out.bytes = out.bytes.narrow(0, 0, kept);
  return out;
}

}  // namespace vae
