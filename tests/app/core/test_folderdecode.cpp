// Decoding an image folder's files: crop or stretch, bad files skipped with one summary line, WebP and TIFF.
#include "app/core/folderdataset.h"
#include "app/core/folderdecode.h"

#include <QBuffer>
#include <QFile>
#include <QImageWriter>
#include <QLoggingCategory>
#include <QPainter>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/imagefiles.h"

using vae::FolderFit;
using vae::FolderOptions;
using vae::loadDatasetSpecWithFolders;
using vae::test::writeBytes;
using vae::test::writeImage;

namespace {
// An image in three bands across its long side: red, green, blue (left to right, or top to bottom).
QImage threeBands(int width, int height) {
  QImage img(width, height, QImage::Format_RGB32);
  QPainter p(&img);
  const bool wide = width >= height;
  const int band = (wide ? width : height) / 3;
  const QColor colours[] = {Qt::red, Qt::green, Qt::blue};
  for (int i = 0; i < 3; ++i)
    p.fillRect(wide ? QRect(i * band, 0, band, height) : QRect(0, i * band, width, band), colours[i]);
  return img;
}

// All images of a split, train then test.
torch::Tensor allImages(const vae::DatasetSplit& split) {
  return torch::cat({split.train.floatImages(0, split.train.size()), split.test.floatImages(0, split.test.size())});
}

// A file that cannot be opened for reading, or "" when chmod 000 does not stop this user (root).
QString lockedImage(const QString& path) {
  writeImage(path, {8, 8}, Qt::gray);
  QFile::setPermissions(path, QFileDevice::Permissions());
  QFile probe(path);
  if (probe.open(QIODevice::ReadOnly)) return {};
  return path;
}

// The first bytes of a JPEG: its header, cut before any image data.
QByteArray truncatedJpeg() {
  QImage img(16, 16, QImage::Format_RGB32);
  img.fill(Qt::darkCyan);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  img.save(&buffer, "jpeg");
  return bytes.left(100);
}
}  // namespace

class TestFolderDecode : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // Qt's image plugins log every broken file they are given; here that is the point, not news.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio=false"));
  }

  void cropKeepsTheCentre() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath("a"));
    QVERIFY(threeBands(30, 10).save(dir.filePath("a/wide.png")));
    QVERIFY(threeBands(10, 30).save(dir.filePath("a/tall.png")));
    const torch::Tensor images = allImages(loadDatasetSpecWithFolders(("folder:" + dir.path() + ":8:rgb:crop").toStdString()));
    QCOMPARE(images.size(0), int64_t(2));
    // Only the green middle band is left, undistorted, in both orientations.
    const torch::Tensor green = torch::stack({torch::zeros({8, 8}), torch::ones({8, 8}), torch::zeros({8, 8})});
    QVERIFY(torch::allclose(images[0], green, 0, 0.01));
    QVERIFY(torch::allclose(images[1], green, 0, 0.01));
  }

  void stretchKeepsEverything() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath("a"));
    QVERIFY(threeBands(30, 10).save(dir.filePath("a/wide.png")));
    QVERIFY(threeBands(10, 30).save(dir.filePath("a/tall.png")));
    for (const char* fit : {":stretch", ""}) {  // the default
      const torch::Tensor images =
          allImages(loadDatasetSpecWithFolders(("folder:" + dir.path() + ":9:rgb" + fit).toStdString()));
      for (int i = 0; i < 2; ++i) {
        // Red at the start of the long side, blue at its end: the whole image is there, squashed.
        QCOMPARE(images[i].index({torch::indexing::Slice(), 0, 0}).round().sum().item<float>(), 1.0f);
        QVERIFY(images[i][0][0][0].item<float>() > 0.99f);
        QVERIFY(images[i][2][8][8].item<float>() > 0.99f);
      }
    }
  }

  void fitImageCropsTheLongSide() {
    FolderOptions o{6, 3, FolderFit::Crop};
    const QImage fitted = vae::fitImage(threeBands(90, 30), o);
    QCOMPARE(fitted.size(), QSize(6, 6));
    QCOMPARE(fitted.format(), QImage::Format_RGB888);
    for (const QPoint corner : {QPoint(0, 0), QPoint(5, 5)}) {
      const QColor c = fitted.pixelColor(corner);
      QVERIFY2(c.red() <= 2 && c.green() >= 253 && c.blue() <= 2, qPrintable(c.name()));
    }
  }

  void eachBadFileSaysWhy() {
    QTemporaryDir dir;
    writeBytes(dir.filePath("empty.png"), {});
    writeBytes(dir.filePath("huge.png"), vae::test::pngDeclaring(30000, 30000));
    writeBytes(dir.filePath("cut.jpg"), truncatedJpeg());
    writeBytes(dir.filePath("text.png"), "just words\n");
    const QString locked = lockedImage(dir.filePath("locked.png"));
    writeImage(dir.filePath("good.png"), {8, 8}, Qt::gray);
    struct Row {
      QString file, reason;
    };
    QVector<Row> rows = {{"empty.png", "empty file"},
                         {"huge.png", "cannot decode image: 30000x30000 pixels exceed Qt's image allocation limit of "},
                         {"cut.jpg", "cannot decode image: "},
                         {"text.png", "cannot decode image: "}};
    if (!locked.isEmpty()) rows.append(Row{"locked.png", "cannot open: Permission denied"});
    for (const Row& row : rows) {
      const vae::DecodedImages d = vae::decodeImageFiles({dir.filePath("good.png"), dir.filePath(row.file)}, {});
      QCOMPARE(d.bytes.size(0), int64_t(1));
      QCOMPARE(d.kept, (std::vector<char>{1, 0}));
      QCOMPARE(d.skipped, int64_t(1));
      QCOMPARE(d.firstSkipped, dir.filePath(row.file));
      QVERIFY2(QString::fromStdString(d.firstReason).startsWith(row.reason), d.firstReason.c_str());
    }
  }

  void badFilesAreSkippedWithOneSummaryLine() {
    QTemporaryDir dir;
    writeImage(dir.filePath("a/1.png"), {8, 8}, Qt::gray);
    writeImage(dir.filePath("a/2.png"), {8, 8}, Qt::gray);
    writeImage(dir.filePath("b/3.png"), {8, 8}, Qt::gray);
    writeImage(dir.filePath("b/4.jpg"), {8, 8}, Qt::gray, "jpeg");
    writeBytes(dir.filePath("a/0-empty.png"), {});
    writeBytes(dir.filePath("a/huge.png"), vae::test::pngDeclaring(30000, 30000));
    writeBytes(dir.filePath("b/cut.jpg"), truncatedJpeg());
    const bool lockedWorks = !lockedImage(dir.filePath("b/locked.png")).isEmpty();
    const int bad = lockedWorks ? 4 : 3;
    const vae::DatasetSplit split = loadDatasetSpecWithFolders(("folder:" + dir.path() + ":8").toStdString());
    QCOMPARE(split.train.size() + split.test.size(), int64_t(8 - bad));
    QCOMPARE(split.warnings.size(), size_t(1));
    QCOMPARE(QString::fromStdString(split.warnings[0]), QString("skipped %1 of 8 files in %2: first: %2/a/0-empty.png: empty file")
                                                            .arg(bad).arg(dir.path()));
  }

  void aBadFileAmongGoodOnesDoesNotFailTheFolder() {
    QTemporaryDir dir;
    writeImage(dir.filePath("a/good.png"), {4, 4}, Qt::white);
    writeImage(dir.filePath("a/good2.png"), {4, 4}, Qt::white);
    writeBytes(dir.filePath("a/broken.png"), QByteArray("\x89PNG\r\n\x1a\n garbage garbage", 24));
    const vae::Dataset d = vae::loadImageFolder(dir.path());
    QCOMPARE(d.size(), int64_t(2));
  }

  void aFolderWithNothingUsableIsRefused() {
    QTemporaryDir dir;
    writeBytes(dir.filePath("a/0.png"), {});
    writeBytes(dir.filePath("a/1.png"), "words\n");
    writeBytes(dir.filePath("b/sub/2.jpg"), truncatedJpeg());
    try {
      loadDatasetSpecWithFolders(("folder:" + dir.path()).toStdString());
      QFAIL("a folder of bad files loaded");
    } catch (const vae::DatasetError& e) {
      QCOMPARE(QString::fromStdString(e.what()),
               dir.path() + ": no usable images: all 3 image files were skipped; first: " + dir.path() + "/a/0.png: empty file");
    }
  }

  void webpAndTiffFoldersDecode_data() {
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("webp") << QByteArray("webp") << "webp";
    QTest::newRow("tiff") << QByteArray("tiff") << "tif";
  }

  void webpAndTiffFoldersDecode() {
    QFETCH(QByteArray, format);
    QFETCH(QString, suffix);
    const QByteArray missing = "no " + format + " plugin: install qt6-image-formats-plugins (run.sh does)";
    QVERIFY2(QImageWriter::supportedImageFormats().contains(format), missing.constData());
    QTemporaryDir dir;
    writeImage(dir.filePath("red/1." + suffix), {16, 16}, Qt::red, format);
    writeImage(dir.filePath("red/2." + suffix), {16, 12}, Qt::red, format);
    writeImage(dir.filePath("blue/1." + suffix), {16, 16}, Qt::blue, format);
    const vae::Dataset d = vae::loadImageFolder(dir.path(), 8, 3);
    QCOMPARE(d.size(), int64_t(3));
    QCOMPARE(d.classNames, (std::vector<std::string>{"blue", "red"}));
    // Lossy WebP may be a few levels off.
    const torch::Tensor blue = torch::stack({torch::zeros({8, 8}), torch::zeros({8, 8}), torch::ones({8, 8})});
    QVERIFY(torch::allclose(d.floatImage(0), blue, 0, 0.05));
    QVERIFY(d.floatImage(2)[0].min().item<float>() > 0.95f);
  }

  void manyFilesKeepTheirOrder() {
    // Enough files for several decoding threads; row i must be file i whichever thread decoded it.
    QTemporaryDir dir;
    constexpr int kFiles = 80;
    for (int i = 0; i < kFiles; ++i)
      writeImage(dir.filePath(QString("%1.png").arg(i, 3, 10, QChar('0'))), {4, 4}, QColor(i * 3, i * 3, i * 3));
    const vae::Dataset d = vae::loadImageFolder(dir.path(), 4, 1);
    QCOMPARE(d.size(), int64_t(kFiles));
    const torch::Tensor expected = torch::arange(kFiles, torch::kFloat32).mul(3.0 / 255.0);
    QVERIFY(torch::allclose(d.floatImages(0, d.size()).mean({1, 2, 3}), expected, 0, 1e-6));
  }
};

QTEST_MAIN(TestFolderDecode)
#include "test_folderdecode.moc"
