#pragma once
// Image files for image-folder tests, written at test time: good images in any format Qt writes, raw bytes,
// and PNG headers declaring any size (a 30000 x 30000 image without 3.6 GB of pixels).

#include <QByteArray>
#include <QColor>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QString>
#include <QtTest>

#include <cstdint>

namespace vae::test {

// A uniform image of size and colour at path (parent folders made), in format ("png", "jpeg", "webp", "tiff").
inline void writeImage(const QString& path, QSize size, QColor color, const char* format = "png") {
  QDir().mkpath(QFileInfo(path).path());
  QImage img(size, QImage::Format_RGB32);
  img.fill(color);
  QImageWriter writer(path, format);
  QVERIFY2(writer.write(img), qPrintable("cannot write " + path + ": " + writer.errorString()));
}

inline void writeBytes(const QString& path, const QByteArray& bytes) {
  QDir().mkpath(QFileInfo(path).path());
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  QCOMPARE(file.write(bytes), bytes.size());
}

// CRC-32 as PNG chunks carry it (ISO 3309, the one zlib computes).
inline uint32_t pngCrc(const QByteArray& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (const char ch : bytes) {
    crc ^= static_cast<uint8_t>(ch);
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

// A PNG whose valid header declares width x height 8-bit gray pixels, followed by a few bytes of (empty) data.
inline QByteArray pngDeclaring(uint32_t width, uint32_t height) {
  auto be32 = [](uint32_t v) {
    QByteArray bytes(4, '\0');
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>(v >> (24 - 8 * i));
    return bytes;
  };
  auto chunk = [&](const QByteArray& kind, const QByteArray& data) {
    return be32(static_cast<uint32_t>(data.size())) + kind + data + be32(pngCrc(kind + data));
  };
  const QByteArray ihdr = be32(width) + be32(height) + QByteArray("\x08\x00\x00\x00\x00", 5);
  const QByteArray idat = QByteArray::fromHex("789c030000000001");  // zlib stream of nothing
  return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", {});
}

}  // namespace vae::test
