#include "app/export/gifwriter.h"

#include <gif_lib.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>

using vae::DecodedGif;
using vae::GifError;
using vae::GifOptions;

namespace {

// Largest per-channel error allowed for the median-cut palette on the 32x32 RGB gradient (three shifted frames,
// 1088 distinct colours). Measured: 12 (mean 3.4); the bound leaves a little room for harmless quantiser changes.
constexpr int kGradientMaxError = 16;

// A gray frame whose content depends on seed, so every frame differs from the others.
QImage grayFrame(int seed, int size = 28) {
  QImage image(size, size, QImage::Format_Grayscale8);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) image.scanLine(y)[x] = static_cast<uchar>((x * 7 + y * 13 + seed * 37) % 256);
  return image;
}

QVector<QImage> grayFrames(int count) {
  QVector<QImage> frames;
  for (int i = 0; i < count; ++i) frames.push_back(grayFrame(i));
  return frames;
}

// The smooth colour field the gradient frames sample; u may run past the frame to shift it.
QRgb gradientColour(int u, int v) { return qRgb(u * 7, v * 8, (u + v) * 4); }

QImage gradientFrame(int shift) {
  QImage image(32, 32, QImage::Format_RGB888);
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 32; ++x) image.setPixel(x, y, gradientColour(x + shift, y));
  return image;
}

QByteArray readAll(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return file.readAll();
}

bool writeBytes(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QStringList entriesOf(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

QString messageOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const GifError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}

// Reads the colour-map structure straight from giflib: the global map, and whether any frame has a local one.
struct ColourMaps {
  bool global = false;
  int localMaps = 0;
  int frames = 0;
};

ColourMaps colourMapsOf(const QByteArray& bytes) {
  struct Reader {
    const QByteArray* bytes;
    int position;
  } reader{&bytes, 0};
  const auto read = [](GifFileType* gif, GifByteType* out, int length) {
    auto* r = static_cast<Reader*>(gif->UserData);
    const int count = std::min(length, int(r->bytes->size()) - r->position);
    std::memcpy(out, r->bytes->constData() + r->position, std::size_t(count));
    r->position += count;
    return count;
  };
  int error = 0;
  const auto close = [](GifFileType* gif) {
    int closeError = 0;
    DGifCloseFile(gif, &closeError);
  };
  std::unique_ptr<GifFileType, decltype(close)> gif(DGifOpen(&reader, read, &error), close);
  ColourMaps maps;
  if (!gif || DGifSlurp(gif.get()) == GIF_ERROR) return maps;
  maps.global = gif->SColorMap != nullptr;
  maps.frames = gif->ImageCount;
  for (int i = 0; i < gif->ImageCount; ++i)
    if (gif->SavedImages[i].ImageDesc.ColorMap) ++maps.localMaps;
  return maps;
}

}  // namespace

class TestGifWriter : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void grayRoundTripIsExact();
  void delayFollowsFps_data();
  void delayFollowsFps();
  void scaleTurnsEachPixelIntoABlock();
  void fewColoursRoundTripExactly();
  void manyColoursShareOneBoundedPalette();
  void noLoopExtensionWhenLoopIsOff();
  void invalidInputThrows_data();
  void invalidInputThrows();
  void writeGifWritesTheEncodedBytesAndNoTempFile();
  void writeGifIntoMissingDirectoryThrows();
  void writeGifUnderARegularFileThrows();
  void writeGifIntoReadOnlyDirectoryKeepsOldFile();
  void writeGifWithBadFramesKeepsOldFile();
  void failedWriteKeepsOldFile();
  void decodingGarbageThrows_data();
  void decodingGarbageThrows();
};

void TestGifWriter::grayRoundTripIsExact() {
  const QVector<QImage> frames = grayFrames(5);
  GifOptions options;
  options.fps = 8.0;
  const DecodedGif gif = vae::decodeGif(vae::encodeGif(frames, options));
  QCOMPARE(gif.frames.size(), 5);
  QCOMPARE(gif.size, QSize(28, 28));
  QVERIFY(gif.loops);
  QCOMPARE(gif.delays, QVector<int>(5, qRound(100.0 / 8.0)));
  for (int i : {0, 4}) {
    QCOMPARE(gif.frames[i].size(), QSize(28, 28));
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        const int expected = frames[i].constScanLine(y)[x];
        const QRgb got = gif.frames[i].pixel(x, y);
        if (qRed(got) != expected || qGreen(got) != expected || qBlue(got) != expected)
          QFAIL(qPrintable(QStringLiteral("frame %1 (%2,%3): expected gray %4, got #%5")
                               .arg(i)
                               .arg(x)
                               .arg(y)
                               .arg(expected)
                               .arg(got & 0xFFFFFF, 6, 16, QLatin1Char('0'))));
      }
  }
}

void TestGifWriter::delayFollowsFps_data() {
  QTest::addColumn<double>("fps");
  QTest::addColumn<int>("delay");
  QTest::newRow("8 fps rounds 12.5 up") << 8.0 << 13;
  QTest::newRow("10 fps") << 10.0 << 10;
  QTest::newRow("25 fps") << 25.0 << 4;
  QTest::newRow("30 fps rounds 3.33 down") << 30.0 << 3;
  QTest::newRow("40 fps rounds 2.5 up") << 40.0 << 3;
  QTest::newRow("60 fps rounds 1.67 to 2") << 60.0 << 2;
  QTest::newRow("100 fps clamps 1 to 2") << 100.0 << 2;
  QTest::newRow("1000 fps clamps 0 to 2") << 1000.0 << 2;
  QTest::newRow("0.5 fps") << 0.5 << 200;
  QTest::newRow("0.001 fps clamps to the 16-bit field") << 0.001 << 65535;
}

void TestGifWriter::delayFollowsFps() {
  QFETCH(double, fps);
  QFETCH(int, delay);
  GifOptions options;
  options.fps = fps;
  const DecodedGif gif = vae::decodeGif(vae::encodeGif(grayFrames(2), options));
  QCOMPARE(gif.delays, QVector<int>(2, delay));
}

void TestGifWriter::scaleTurnsEachPixelIntoABlock() {
  const QVector<QImage> frames = grayFrames(2);
  GifOptions options;
  options.scale = 3;
  const DecodedGif gif = vae::decodeGif(vae::encodeGif(frames, options));
  QCOMPARE(gif.size, QSize(84, 84));
  QCOMPARE(gif.frames.size(), 2);
  for (int i = 0; i < 2; ++i) {
    QCOMPARE(gif.frames[i].size(), QSize(84, 84));
    for (int y = 0; y < 84; ++y)
      for (int x = 0; x < 84; ++x) {
        const int expected = frames[i].constScanLine(y / 3)[x / 3];
        if (gif.frames[i].pixel(x, y) != qRgb(expected, expected, expected))
          QFAIL(qPrintable(QStringLiteral("frame %1 (%2,%3) is not source pixel (%4,%5)")
                               .arg(i)
                               .arg(x)
                               .arg(y)
                               .arg(x / 3)
                               .arg(y / 3)));
      }
  }
}

void TestGifWriter::fewColoursRoundTripExactly() {
  // 200 distinct colours over three frames in three different formats (the palette is global, exact). Groups of
  // four differ by one level of red only, so any lossy quantiser would merge them.
  QVector<QImage> frames;
  const QImage::Format formats[] = {QImage::Format_RGB32, QImage::Format_RGB888, QImage::Format_ARGB32};
  for (int f = 0; f < 3; ++f) {
    QImage image(20, 10, formats[f]);
    for (int y = 0; y < 10; ++y)
      for (int x = 0; x < 20; ++x) {
        const int k = (y * 20 + x + f * 67) % 200;
        image.setPixel(x, y, qRgb(100 + k % 4, (k / 4) % 10 * 25, k / 40 * 50));
      }
    frames.push_back(image);
  }
  const DecodedGif gif = vae::decodeGif(vae::encodeGif(frames));
  QCOMPARE(gif.frames.size(), 3);
  for (int f = 0; f < 3; ++f)
    for (int y = 0; y < 10; ++y)
      for (int x = 0; x < 20; ++x)
        if ((gif.frames[f].pixel(x, y) & 0xFFFFFF) != (frames[f].pixel(x, y) & 0xFFFFFF))
          QFAIL(qPrintable(QStringLiteral("frame %1 (%2,%3) changed colour").arg(f).arg(x).arg(y)));
}

void TestGifWriter::manyColoursShareOneBoundedPalette() {
  // Frame k shows the gradient shifted by k columns, so most colours appear in several frames.
  const QVector<QImage> frames = {gradientFrame(0), gradientFrame(1), gradientFrame(2)};
  const QByteArray bytes = vae::encodeGif(frames);
  const DecodedGif gif = vae::decodeGif(bytes);
  QCOMPARE(gif.frames.size(), 3);
  QCOMPARE(gif.size, QSize(32, 32));

  int maxError = 0;
  for (int f = 0; f < 3; ++f)
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x) {
        const QRgb want = frames[f].pixel(x, y), got = gif.frames[f].pixel(x, y);
        maxError = std::max({maxError, std::abs(qRed(want) - qRed(got)), std::abs(qGreen(want) - qGreen(got)),
                             std::abs(qBlue(want) - qBlue(got))});
      }
  QVERIFY2(maxError <= kGradientMaxError, qPrintable(QStringLiteral("max channel error %1").arg(maxError)));
  QVERIFY2(maxError > 0, "a 1088-colour gradient cannot be exact in 256 colours; the check is not measuring");

  // One global colour map, no local ones: the same source colour decodes the same in every frame.
  const ColourMaps maps = colourMapsOf(bytes);
  QCOMPARE(maps.frames, 3);
  QVERIFY(maps.global);
  QCOMPARE(maps.localMaps, 0);
  for (int f = 1; f < 3; ++f)
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x + f < 32; ++x)
        if (gif.frames[f].pixel(x, y) != gif.frames[0].pixel(x + f, y))
          QFAIL(qPrintable(QStringLiteral("colour of (%1,%2) flickers in frame %3").arg(x + f).arg(y).arg(f)));
}

void TestGifWriter::noLoopExtensionWhenLoopIsOff() {
  GifOptions once;
  once.loop = false;
  const QByteArray bytes = vae::encodeGif(grayFrames(3), once);
  QVERIFY(!bytes.contains("NETSCAPE2.0"));
  const DecodedGif gif = vae::decodeGif(bytes);
  QVERIFY(!gif.loops);
  QCOMPARE(gif.frames.size(), 3);

  const QByteArray looping = vae::encodeGif(grayFrames(3));
  QVERIFY(looping.contains("NETSCAPE2.0"));
  QVERIFY(vae::decodeGif(looping).loops);
}

void TestGifWriter::invalidInputThrows_data() {
  QTest::addColumn<QVector<QImage>>("frames");
  QTest::addColumn<double>("fps");
  QTest::addColumn<int>("scale");
  QTest::addColumn<QString>("reason");
  const QVector<QImage> good = grayFrames(2);
  QTest::newRow("no frames") << QVector<QImage>() << 8.0 << 1 << "no frames";
  QTest::newRow("sizes differ") << QVector<QImage>{grayFrame(0, 28), grayFrame(1, 27)} << 8.0 << 1 << "frame 2 is 27x27";
  QTest::newRow("null frame") << QVector<QImage>{grayFrame(0), QImage()} << 8.0 << 1 << "frame 2 is empty";
  QTest::newRow("scale 0") << good << 8.0 << 0 << "scale";
  QTest::newRow("scale 17") << good << 8.0 << 17 << "scale";
  QTest::newRow("fps 0") << good << 0.0 << 1 << "frame rate";
  QTest::newRow("fps negative") << good << -5.0 << 1 << "frame rate";
  QTest::newRow("fps NaN") << good << std::numeric_limits<double>::quiet_NaN() << 1 << "frame rate";
  QImage wide(4097, 1, QImage::Format_Grayscale8);
  wide.fill(0);
  QTest::newRow("scaled size over 65535") << QVector<QImage>{wide} << 8.0 << 16 << "exceeds";
}

void TestGifWriter::invalidInputThrows() {
  QFETCH(QVector<QImage>, frames);
  QFETCH(double, fps);
  QFETCH(int, scale);
  QFETCH(QString, reason);
  GifOptions options;
  options.fps = fps;
  options.scale = scale;
  const QString message = messageOf([&] { vae::encodeGif(frames, options); });
  QVERIFY2(message.startsWith(QStringLiteral("gif: ")), qPrintable(message));
  QVERIFY2(message.contains(reason), qPrintable(message));
  QVERIFY(!message.contains(QLatin1Char('\n')));
}

void TestGifWriter::writeGifWritesTheEncodedBytesAndNoTempFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("walk.gif"));
  QVERIFY(writeBytes(path, "old contents"));
  const QVector<QImage> frames = grayFrames(4);
  vae::writeGif(path, frames);
  QCOMPARE(readAll(path), vae::encodeGif(frames));
  QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("walk.gif")});
  QCOMPARE(vae::decodeGif(readAll(path)).frames.size(), 4);
}

void TestGifWriter::writeGifIntoMissingDirectoryThrows() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("missing/walk.gif"));
  const QString message = messageOf([&] { vae::writeGif(path, grayFrames(2)); });
  QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
  QVERIFY2(message.contains(QStringLiteral("does not exist")), qPrintable(message));
  QVERIFY(entriesOf(dir.path()).isEmpty());
}

void TestGifWriter::writeGifUnderARegularFileThrows() {
  // A parent that is a regular file fails even for root, unlike a read-only directory.
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString parent = dir.filePath(QStringLiteral("notadir"));
  QVERIFY(writeBytes(parent, "x"));
  const QString path = parent + QStringLiteral("/walk.gif");
  const QString message = messageOf([&] { vae::writeGif(path, grayFrames(2)); });
  QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
  QCOMPARE(readAll(parent), QByteArray("x"));
  QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("notadir")});
}

void TestGifWriter::writeGifIntoReadOnlyDirectoryKeepsOldFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("walk.gif"));
  const QByteArray old = vae::encodeGif(grayFrames(1));
  QVERIFY(writeBytes(path, old));
  QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
  // Root ignores directory permissions; failedWriteKeepsOldFile covers a real write failure there.
  if (QFile probe(dir.filePath(QStringLiteral("probe"))); probe.open(QIODevice::WriteOnly)) {
    probe.remove();
    QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QSKIP("the directory stays writable (running as root)");
  }
  const QString message = messageOf([&] { vae::writeGif(path, grayFrames(3)); });
  QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
  QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
  QCOMPARE(readAll(path), old);
  QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("walk.gif")});
}

void TestGifWriter::writeGifWithBadFramesKeepsOldFile() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("walk.gif"));
  QVERIFY(writeBytes(path, "old contents"));
  const QString message = messageOf([&] { vae::writeGif(path, {grayFrame(0, 28), grayFrame(1, 20)}); });
  QVERIFY2(message.startsWith(path + QStringLiteral(": frame 2")), qPrintable(message));
  QCOMPARE(readAll(path), QByteArray("old contents"));
  QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("walk.gif")});
}

void TestGifWriter::failedWriteKeepsOldFile() {
  // A file-size limit smaller than the GIF makes the write itself fail (EFBIG), for root too.
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString path = dir.filePath(QStringLiteral("walk.gif"));
  QVERIFY(writeBytes(path, "old contents"));
  const QVector<QImage> frames = grayFrames(5);
  QVERIFY(vae::encodeGif(frames).size() > 1024);

  rlimit saved{};
  QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
  rlimit small = saved;
  small.rlim_cur = 256;
  const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);  // else the kernel kills the process
  QVERIFY(setrlimit(RLIMIT_FSIZE, &small) == 0);
  // Nothing may be logged until the limit is lifted again: the test log could be a file.
  const QString message = messageOf([&] { vae::writeGif(path, frames); });
  const bool restored = setrlimit(RLIMIT_FSIZE, &saved) == 0;
  std::signal(SIGXFSZ, previousHandler);
  QVERIFY(restored);

  QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
  QCOMPARE(readAll(path), QByteArray("old contents"));
  QCOMPARE(entriesOf(dir.path()), QStringList{QStringLiteral("walk.gif")});
}

void TestGifWriter::decodingGarbageThrows_data() {
  QTest::addColumn<QByteArray>("bytes");
  const QByteArray valid = vae::encodeGif(grayFrames(3));
  QTest::newRow("empty") << QByteArray();
  QTest::newRow("text") << QByteArray("this is not a gif at all, just some text");
  QTest::newRow("header only") << QByteArray("GIF89a");
  QTest::newRow("truncated") << valid.left(valid.size() / 2);
  QTest::newRow("wrong magic") << QByteArray("PNG89a") + valid.mid(6);
}

void TestGifWriter::decodingGarbageThrows() {
  QFETCH(QByteArray, bytes);
  const QString message = messageOf([&] { vae::decodeGif(bytes); });
  QVERIFY2(message.startsWith(QStringLiteral("gif: ")), qPrintable(message));
  QVERIFY(!message.contains(QLatin1Char('\n')));
}

QTEST_GUILESS_MAIN(TestGifWriter)
#include "test_gifwriter.moc"
