#include "app/core/folderspec.h"

#include "model/dataset.h"

#include <QtTest>

using vae::FolderFit;
using vae::parseFolderSpec;

class TestFolderSpec : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void optionsComeInAnyOrder_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("dir");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("channels");
    QTest::addColumn<bool>("crop");
    QTest::newRow("defaults") << "folder:/d" << "/d" << 28 << 1 << false;
    QTest::newRow("size") << "folder:/d:12" << "/d" << 12 << 1 << false;
    QTest::newRow("size rgb (before crop existed)") << "folder:/d:16:rgb" << "/d" << 16 << 3 << false;
    QTest::newRow("rgb only") << "folder:/d:rgb" << "/d" << 28 << 3 << false;
    QTest::newRow("crop last") << "folder:/d:64:rgb:crop" << "/d" << 64 << 3 << true;
    QTest::newRow("crop first") << "folder:/d:crop:64:rgb" << "/d" << 64 << 3 << true;
    QTest::newRow("crop between") << "folder:/d:rgb:crop:32" << "/d" << 32 << 3 << true;
    QTest::newRow("stretch said") << "folder:/d:stretch:gray" << "/d" << 28 << 1 << false;
    QTest::newRow("crop alone") << "folder:/d:crop" << "/d" << 28 << 1 << true;
    QTest::newRow("colon in the path") << "folder:/data/a:b:64:crop" << "/data/a:b" << 64 << 1 << true;
    QTest::newRow("option word inside the path") << "folder:/data/crop:rgb" << "/data/crop" << 28 << 3 << false;
  }

  void optionsComeInAnyOrder() {
    QFETCH(QString, spec);
    QFETCH(QString, dir);
    QFETCH(int, size);
    QFETCH(int, channels);
    QFETCH(bool, crop);
    const vae::FolderSpec parsed = parseFolderSpec(spec.toStdString());
    QCOMPARE(QString::fromStdString(parsed.dir), dir);
    QCOMPARE(parsed.options.size, size);
    QCOMPARE(parsed.options.channels, channels);
    QCOMPARE(parsed.options.fit == FolderFit::Crop, crop);
  }

  void anOptionGivenTwiceIsAnError_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("what");
    QTest::newRow("size") << "folder:/d:28:32" << "image size";
    QTest::newRow("colour") << "folder:/d:gray:rgb" << "gray|rgb";
    QTest::newRow("fit") << "folder:/d:crop:64:stretch" << "crop|stretch";
  }

  void anOptionGivenTwiceIsAnError() {
    QFETCH(QString, spec);
    QFETCH(QString, what);
    try {
      parseFolderSpec(spec.toStdString());
      QFAIL("accepted");
    } catch (const vae::DatasetError& e) {
      QVERIFY2(QString(e.what()).contains(what + " is given twice"), e.what());
    }
  }

  void aSpecWithoutAFolderIsAnError() {
    for (const char* spec : {"folder:", "folder::64", "folder::crop:rgb"}) {
      try {
        parseFolderSpec(spec);
        QFAIL(spec);
      } catch (const vae::DatasetError& e) {
        QVERIFY2(QString(e.what()).contains("the folder is missing"), e.what());
      }
    }
  }

  void writtenSpecsReadBack() {
    vae::FolderSpec spec;
    spec.dir = "/data/celeba";
    spec.options = {64, 3, FolderFit::Crop};
    QCOMPARE(vae::folderSpecString(spec), std::string("folder:/data/celeba:64:rgb:crop"));
    const vae::FolderSpec back = parseFolderSpec(vae::folderSpecString(spec));
    QCOMPARE(back.dir, spec.dir);
    QCOMPARE(back.options.size, 64);
    QVERIFY(back.options.fit == FolderFit::Crop);
    // Stretch is the default and stays unwritten: the spec older versions wrote, byte for byte.
    spec.options = {28, 1, FolderFit::Stretch};
    QCOMPARE(vae::folderSpecString(spec), std::string("folder:/data/celeba:28:gray"));
  }
};

QTEST_MAIN(TestFolderSpec)
#include "test_folderspec.moc"
