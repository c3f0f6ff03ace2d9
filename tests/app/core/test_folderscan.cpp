// torchvision's ImageFolder layout rules, through the loaders people call (folderscan.h states the rules).
#include "app/core/folderdataset.h"
#include "app/core/folderscan.h"

#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/imagefiles.h"

using vae::loadDatasetSpecWithFolders;
using vae::loadImageFolder;
using vae::test::writeBytes;
using vae::test::writeImage;

namespace {
using Names = std::vector<std::string>;

std::string specOf(const QTemporaryDir& dir, const QString& options = {}) {
  return ("folder:" + dir.path() + options).toStdString();
}

std::vector<int64_t> labelsOf(const vae::Dataset& d) {
  const torch::Tensor l = d.labels.contiguous();
  return std::vector<int64_t>(l.data_ptr<int64_t>(), l.data_ptr<int64_t>() + l.numel());
}

QString errorOf(const std::string& spec) {
  try {
    loadDatasetSpecWithFolders(spec);
  } catch (const vae::DatasetError& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}
}  // namespace

class TestFolderScan : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void imagesInClassFoldersAreFoundAtAnyDepth() {
    QTemporaryDir dir;
    writeImage(dir.filePath("cat/a.png"), {8, 8}, Qt::black);
    writeImage(dir.filePath("cat/2019/b.png"), {8, 8}, Qt::black);
    writeImage(dir.filePath("cat/2019/june/c.png"), {8, 8}, Qt::black);
    writeImage(dir.filePath("dog/x/y/z/d.png"), {8, 8}, Qt::white);
    const vae::Dataset d = loadImageFolder(dir.path(), 8, 1);
    QCOMPARE(d.size(), int64_t(4));
    QCOMPARE(d.classNames, (Names{"cat", "dog"}));
    QCOMPARE(labelsOf(d), (std::vector<int64_t>{0, 0, 0, 1}));
    QCOMPARE(d.floatImage(3).min().item<float>(), 1.0f);  // the white dog, found four folders down
  }

  void hiddenFoldersAndFilesAreNotImages() {
    QTemporaryDir dir;
    writeImage(dir.filePath("cat/a.png"), {8, 8}, Qt::black);
    writeImage(dir.filePath("cat/.thumbnails/a.png"), {8, 8}, Qt::black);
    writeImage(dir.filePath(".ipynb_checkpoints/b.png"), {8, 8}, Qt::black);
    const vae::Dataset d = loadImageFolder(dir.path(), 8, 1);
    QCOMPARE(d.size(), int64_t(1));
    QCOMPARE(d.classNames, (Names{"cat"}));
  }

  void trainAndTestFoldersAreTheSplit_data() {
    QTest::addColumn<QString>("testFolder");
    QTest::newRow("test/") << "test";
    QTest::newRow("val/") << "val";
  }

  void trainAndTestFoldersAreTheSplit() {
    QFETCH(QString, testFolder);
    QTemporaryDir dir;
    const QColor cat(10, 10, 10), dog(200, 200, 200), bird(90, 90, 90);
    for (const char* name : {"1", "2", "3"}) writeImage(dir.filePath(QString("train/cat/%1.png").arg(name)), {8, 8}, cat);
    for (const char* name : {"1", "2"}) writeImage(dir.filePath(QString("train/dog/%1.png").arg(name)), {8, 8}, dog);
    // A class only the test set has: the label ids come from the union of both sets' classes.
    writeImage(dir.filePath(testFolder + "/bird/1.png"), {8, 8}, bird);
    writeImage(dir.filePath(testFolder + "/dog/1.png"), {8, 8}, dog);
    const vae::DatasetSplit split = loadDatasetSpecWithFolders(specOf(dir, ":8"));
    QCOMPARE(split.train.size(), int64_t(5));
    QCOMPARE(split.test.size(), int64_t(2));
    QCOMPARE(split.train.classNames, (Names{"bird", "cat", "dog"}));
    QCOMPARE(split.test.classNames, split.train.classNames);
    QCOMPARE(labelsOf(split.train), (std::vector<int64_t>{1, 1, 1, 2, 2}));
    QCOMPARE(labelsOf(split.test), (std::vector<int64_t>{0, 2}));
    QVERIFY(torch::allclose(split.test.floatImage(1), torch::full({1, 8, 8}, 200.0f / 255.0f)));
    QVERIFY(QString::fromStdString(split.train.identity).endsWith(":8:gray:7:train:5"));
    QVERIFY(QString::fromStdString(split.test.identity).endsWith(":8:gray:7:test:2"));
    QVERIFY(split.warnings.empty());
  }

  void trainAndTestFoldersMayBeFlat() {
    QTemporaryDir dir;
    for (const char* name : {"a", "b", "c"}) writeImage(dir.filePath(QString("train/%1.png").arg(name)), {8, 8}, Qt::gray);
    writeImage(dir.filePath("test/d.png"), {8, 8}, Qt::gray);
    const vae::DatasetSplit split = loadDatasetSpecWithFolders(specOf(dir, ":8"));
    QCOMPARE(split.train.size(), int64_t(3));
    QCOMPARE(split.test.size(), int64_t(1));
    QVERIFY(!split.train.hasLabels());
    QVERIFY(!split.test.hasLabels());
  }

  void trainWithClassesAndAFlatTestIsRefused() {
    QTemporaryDir dir;
    writeImage(dir.filePath("train/cat/a.png"), {8, 8}, Qt::gray);
    writeImage(dir.filePath("test/b.png"), {8, 8}, Qt::gray);
    const QString message = errorOf(specOf(dir));
    QVERIFY2(message.startsWith(dir.filePath("test") + ": has no class folders but " + dir.filePath("train") + " has"),
             qPrintable(message));
  }

  void aFlatFolderIsUnlabelled() {
    QTemporaryDir dir;
    for (int i = 0; i < 12; ++i) writeImage(dir.filePath(QString("%1.jpg").arg(i, 6, 10, QChar('0'))), {10, 12}, Qt::gray, "jpeg");
    writeBytes(dir.filePath("list_attr_celeba.txt"), "not an image");
    QDir(dir.path()).mkdir("empty-subfolder");  // no images: no class
    const vae::DatasetSplit split = loadDatasetSpecWithFolders(specOf(dir, ":8:rgb"));
    QCOMPARE(split.train.size() + split.test.size(), int64_t(12));
    QCOMPARE(split.test.size(), int64_t(2));
    QVERIFY(!split.train.hasLabels());
    QVERIFY(!split.test.hasLabels());
    QVERIFY(split.train.classNames.empty());
    QCOMPARE(split.train.channels(), int64_t(3));
    QVERIFY(split.warnings.empty());
  }

  void looseImagesBesideClassFoldersAreIgnoredWithAWarning() {
    QTemporaryDir dir;
    writeImage(dir.filePath("cat/a.png"), {8, 8}, Qt::gray);
    writeImage(dir.filePath("dog/b.png"), {8, 8}, Qt::gray);
    writeImage(dir.filePath("stray-1.png"), {8, 8}, Qt::gray);
    writeImage(dir.filePath("stray-2.png"), {8, 8}, Qt::gray);
    const vae::DatasetSplit split = loadDatasetSpecWithFolders(specOf(dir, ":8"));
    QCOMPARE(split.train.size() + split.test.size(), int64_t(2));
    QCOMPARE(split.warnings.size(), size_t(1));
    QVERIFY2(QString::fromStdString(split.warnings[0]).startsWith("ignored 2 images directly in " + dir.path() + ": "),
             split.warnings[0].c_str());
  }

  void theScanFindsOnlyWhatIsThere() {
    QTemporaryDir dir;
    writeImage(dir.filePath("b/1.png"), {4, 4}, Qt::gray);
    writeImage(dir.filePath("a/z/2.png"), {4, 4}, Qt::gray);
    writeImage(dir.filePath("a/1.png"), {4, 4}, Qt::gray);
    const vae::FolderLayout layout = vae::scanImageFolder(dir.path());
    QVERIFY(!layout.split);
    QCOMPARE(layout.all.files, (QStringList{dir.filePath("a/1.png"), dir.filePath("a/z/2.png"), dir.filePath("b/1.png")}));
    QCOMPARE(layout.all.labels, (std::vector<int64_t>{0, 0, 1}));
  }
};

QTEST_MAIN(TestFolderScan)
#include "test_folderscan.moc"
