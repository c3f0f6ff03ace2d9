#include "app/core/folderdataset.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/imagefiles.h"

using vae::DatasetError;
using vae::loadDatasetSpecWithFolders;
using vae::loadImageFolder;

namespace {
using vae::test::writeBytes;
using vae::test::writeImage;

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
    writeImage(root_ + "/dog/1.jpg", QSize(28, 28), QColor(255, 255, 255), "jpeg");
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

  void anUnknownOptionIsNamed_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("unknown");
    QTest::newRow("typo") << ":crp" << "crp";
    QTest::newRow("upper case") << ":64:RGB" << "RGB";
    QTest::newRow("between options") << ":64:grey:crop" << "grey";
  }

  void anUnknownOptionIsNamed() {
    QFETCH(QString, suffix);
    QFETCH(QString, unknown);
    const QString message = errorOf([&] { loadDatasetSpecWithFolders(("folder:" + root_ + suffix).toStdString()); });
    QVERIFY2(message.contains("unknown option '" + unknown + "'; expected SIZE (4-512), gray or rgb, crop or stretch"),
             qPrintable(message));
  }

  void cropIsPartOfTheIdentity() {
    const auto stretched = loadDatasetSpecWithFolders(("folder:" + root_ + ":8").toStdString());
    const auto cropped = loadDatasetSpecWithFolders(("folder:" + root_ + ":crop:8").toStdString());
    // Unchanged for stretch, so runs trained before crop existed still match their data on resume.
    QCOMPARE(QString::fromStdString(stretched.train.identity), "folder:" + root_ + ":8:gray:5:train:4");
    QCOMPARE(QString::fromStdString(cropped.train.identity), "folder:" + root_ + ":8:gray:crop:5:train:4");
  }

  void otherSpecsAreDelegated() {
    const vae::DatasetSplit split = loadDatasetSpecWithFolders("shapes:28:60");
    QCOMPARE(split.train.size() + split.test.size(), int64_t(60));
    QCOMPARE(split.train.height(), int64_t(28));
  }
};

QTEST_MAIN(TestFolderDataset)
#include "test_folderdataset.moc"
