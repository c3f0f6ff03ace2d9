#include "app/core/folderdataset.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using vae::DatasetError;
using vae::loadDatasetSpecWithFolders;
using vae::loadImageFolder;

namespace {
void writeImage(const QString& path, QSize size, QColor color, const char* format = "PNG") {
  QImage img(size, QImage::Format_RGB32);
  img.fill(color);
  QVERIFY2(img.save(path, format), qPrintable("cannot write " + path));
}

void writeBytes(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(bytes);
}

// The what() of the DatasetError f throws, or empty when it does not throw.
template <typename F>
QString errorOf(F&& f) {
  try {
    f();
  } catch (const DatasetError& e) {
    return QString::fromStdString(e.what());
  }
  return QString();
}
}  // namespace

class TestFolderDataset : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir tmp_;
  QString root_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(tmp_.isValid());
    // root/cat: 2 images, root/dog: 3 images, root/notes: no images (not a class), a stray file at the top.
    root_ = tmp_.filePath("pets");
    QDir().mkpath(root_ + "/cat");
    QDir().mkpath(root_ + "/dog");
    QDir().mkpath(root_ + "/notes");
    writeImage(root_ + "/cat/a.png", QSize(28, 28), QColor(100, 100, 100));
    writeImage(root_ + "/cat/b.png", QSize(40, 30), QColor(255, 0, 0));
    writeImage(root_ + "/dog/1.jpg", QSize(28, 28), QColor(255, 255, 255), "JPEG");
    writeImage(root_ + "/dog/2.png", QSize(28, 28), QColor(0, 0, 0));
    writeImage(root_ + "/dog/3.png", QSize(64, 64), QColor(0, 0, 255));
    writeBytes(root_ + "/notes/readme.txt", "not an image");
    writeBytes(root_ + "/dog/labels.csv", "ignored,because,not,an,image");
    writeBytes(root_ + "/top.txt", "ignored");
  }

  void classNamesAreSortedSubfolders() {
    const vae::Dataset d = loadImageFolder(root_);
    QCOMPARE(d.classNames, (std::vector<std::string>{"cat", "dog"}));
  }

  void countsAndLabels() {
    const vae::Dataset d = loadImageFolder(root_);
    QCOMPARE(d.size(), int64_t(5));
    QVERIFY(d.hasLabels());
    QCOMPARE(d.labels.sum().item<int64_t>(), int64_t(3));  // three dogs (label 1)
    QCOMPARE(d.labelName(0), std::string("cat"));
    QCOMPARE(d.labelName(4), std::string("dog"));
  }

  void pixelsAreResizedAndScaled() {
    const vae::Dataset d = loadImageFolder(root_, 16, 1);
    QCOMPARE(d.images.sizes().vec(), (std::vector<int64_t>{5, 1, 16, 16}));
    QCOMPARE(d.images.scalar_type(), torch::kUInt8);
    // cat/a.png is uniform gray 100.
    QVERIFY(torch::allclose(d.floatImage(0), torch::full({1, 16, 16}, 100.0f / 255.0f), 0, 1e-6));
    // dog/2.png is black.
    QCOMPARE(d.floatImage(3).max().item<float>(), 0.0f);
  }

  void rgbKeepsColour() {
    const vae::Dataset d = loadImageFolder(root_, 8, 3);
    QCOMPARE(d.channels(), int64_t(3));
    // cat/b.png is pure red: R plane 1, G and B planes 0.
    QVERIFY(torch::allclose(d.floatImage(1)[0], torch::ones({8, 8})));
    QCOMPARE(d.floatImage(1)[1].max().item<float>(), 0.0f);
    QCOMPARE(d.floatImage(1)[2].max().item<float>(), 0.0f);
  }

  void corruptFileIsNamed() {
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath("a"));
    writeImage(dir.filePath("a/good.png"), QSize(4, 4), Qt::white);
    writeBytes(dir.filePath("a/broken.png"), QByteArray("\x89PNG\r\n\x1a\n garbage garbage", 24));
    try {
      loadImageFolder(dir.path());
      QFAIL("a corrupt PNG must not load");
    } catch (const DatasetError& e) {
      QVERIFY2(QString::fromStdString(e.file()).endsWith("a/broken.png"), e.what());
      QVERIFY2(QString(e.what()).contains("cannot decode image"), e.what());
    }
  }

  void emptyOrMissingFolderIsAnError() {
    QTemporaryDir empty;
    QDir().mkpath(empty.filePath("class-without-images"));
    QVERIFY(errorOf([&] { loadImageFolder(empty.path()); }).contains("no images found"));
    QVERIFY(errorOf([&] { loadImageFolder(tmp_.filePath("nope")); }).contains("nope: no such folder"));
    QVERIFY(errorOf([&] { loadImageFolder(root_, 28, 2); }).contains("channels"));
    QVERIFY(errorOf([&] { loadImageFolder(root_, 2, 1); }).contains("image size"));
  }

  void specParsesSizeAndColour_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("channels");
    QTest::newRow("defaults") << "" << 28 << 1;
    QTest::newRow("size") << ":12" << 12 << 1;
    QTest::newRow("size rgb") << ":16:rgb" << 16 << 3;
    QTest::newRow("size gray") << ":20:gray" << 20 << 1;
    QTest::newRow("rgb only") << ":rgb" << 28 << 3;
  }

  void specParsesSizeAndColour() {
    QFETCH(QString, suffix);
    QFETCH(int, size);
    QFETCH(int, channels);
    const vae::DatasetSplit split = loadDatasetSpecWithFolders(("folder:" + root_ + suffix).toStdString());
    QCOMPARE(split.train.size() + split.test.size(), int64_t(5));
    QCOMPARE(split.test.size(), int64_t(1));  // 1/6 of 5, rounded, at least one
    QCOMPARE(split.train.channels(), int64_t(channels));
    QCOMPARE(split.train.height(), int64_t(size));
    QCOMPARE(split.test.classNames, (std::vector<std::string>{"cat", "dog"}));
  }

  void specSplitIsDeterministic() {
    const std::string spec = ("folder:" + root_).toStdString();
    const auto a = loadDatasetSpecWithFolders(spec);
    const auto b = loadDatasetSpecWithFolders(spec);
    QVERIFY(torch::equal(a.test.images, b.test.images));
  }

  void specWithMissingFolderNamesIt() {
    const QString message = errorOf([&] { loadDatasetSpecWithFolders("folder:/no/such/dir:32"); });
    QVERIFY2(message.contains("/no/such/dir: no such folder"), qPrintable(message));
  }

  void otherSpecsAreDelegated() {
    const vae::DatasetSplit split = loadDatasetSpecWithFolders("shapes:28:60");
    QCOMPARE(split.train.size() + split.test.size(), int64_t(60));
    QCOMPARE(split.train.height(), int64_t(28));
  }
};

QTEST_MAIN(TestFolderDataset)
#include "test_folderdataset.moc"
