#include "app/gui/explorepanel.h"
#include "app/core/latentdecoder.h"
#include "app/core/latentpresets.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"
#include "widgets/latentsliders.h"

#include <QComboBox>
#include <QFile>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>
#include <stdexcept>

using vae::ExplorePanel;
using vae::LatentPreset;

namespace {
// A tiny model trained for a few steps (as in test_explorepanel.cpp).
std::unique_ptr<vae::Trainer> smallTrainer(int latent) {
  vae::ShapesOptions shapes;
  shapes.count = 300;
  vae::VaeConfig model;
  model.latentDim = latent;
  model.hiddenSizes = {32};
  vae::TrainConfig training;
  training.batchSize = 50;
  auto trainer = std::make_unique<vae::Trainer>(model, training, vae::makeShapes(shapes));
  trainer->runEpoch();
  return trainer;
}

vae::DecoderSnapshotPtr snapshotOf(const vae::Trainer& trainer) { return vae::captureDecoderSnapshot(trainer); }

void writeFile(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  QVERIFY(file.open(QIODevice::WriteOnly));
  file.write(bytes);
}

QByteArray readFile(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The message of the std::runtime_error fn throws, or "" when it throws nothing.
template <typename Fn>
QString errorOf(Fn fn) {
  try {
    fn();
  } catch (const std::runtime_error& e) {
    return QString::fromStdString(e.what());
  }
  return {};
}
}  // namespace

class TestLatentPresets : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  // Every test starts without stored presets (test mode's AppDataLocation outlives the process).
  void init() { QFile::remove(vae::presetsPath()); }
  void cleanupTestCase() { QFile::remove(vae::presetsPath()); }

  void saveThenLoadRoundTrips() {
    QTemporaryDir dir;
    const QString path = dir.filePath("presets.json");
    const QVector<LatentPreset> presets{{"a face", {0.5, -1.25, 3.0}}, {"ünïcode", {1e-9, -7.5, 0.0}}};
    vae::savePresets(path, presets);
    const QVector<LatentPreset> loaded = vae::loadPresets(path);
    QCOMPARE(loaded.size(), 2);
    for (int i = 0; i < 2; ++i) {
      QCOMPARE(loaded[i].name, presets[i].name);
      QCOMPARE(loaded[i].z, presets[i].z);
    }
    const QByteArray text = readFile(path);
    QVERIFY(text.contains("\"format\": \"vae-studio-presets\""));
    QVERIFY(text.contains("\"latent_dim\": 3"));
  }

  void malformedFilesThrowWithThePath_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << QByteArray("{\"format\": ") << "not valid JSON";
    QTest::newRow("array root") << QByteArray("[]") << "expected a JSON object";
    QTest::newRow("other format") << QByteArray(R"({"format":"x","version":1,"presets":[]})") << "not a VAE Studio";
    QTest::newRow("future version") << QByteArray(R"({"format":"vae-studio-presets","version":2,"presets":[]})")
                                    << "unsupported presets version";
    QTest::newRow("presets not array")
        << QByteArray(R"({"format":"vae-studio-presets","version":1,"presets":{}})") << "must be an array";
    QTest::newRow("no name") << QByteArray(R"({"format":"vae-studio-presets","version":1,"presets":[{"z":[1]}]})")
                             << "no \"name\"";
    QTest::newRow("z not array")
        << QByteArray(R"({"format":"vae-studio-presets","version":1,"presets":[{"name":"a","z":3}]})") << "no \"z\"";
    QTest::newRow("non-numeric z")
        << QByteArray(R"({"format":"vae-studio-presets","version":1,"presets":[{"name":"a","z":[1,"2"]}]})")
        << "non-numeric";
    QTest::newRow("empty z")
        << QByteArray(R"({"format":"vae-studio-presets","version":1,"presets":[{"name":"a","z":[]}]})") << "empty";
  }

  void malformedFilesThrowWithThePath() {
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.json");
    writeFile(path, content);
    const QString message = errorOf([&] { vae::loadPresets(path); });
    QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    QVERIFY(!message.contains('\n'));
  }

  void missingFileThrowsWithThePath() {
    QTemporaryDir dir;
    const QString path = dir.filePath("nothing.json");
    const QString message = errorOf([&] { vae::loadPresets(path); });
    QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
  }

  // Permissions do not stop root, so the write is made impossible by a parent that is a regular file.
  void saveIntoAnImpossiblePathThrows() {
    QTemporaryDir dir;
    const QString blocker = dir.filePath("file");
    writeFile(blocker, "x");
    const QString path = blocker + "/presets.json";
    const QString message = errorOf([&] { vae::savePresets(path, {{"a", {1.0}}}); });
    QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
    QCOMPARE(readFile(blocker), QByteArray("x"));
  }

  // A failed save leaves the previous file as it was.
  void failedSaveKeepsTheOldFile() {
    QTemporaryDir dir;
    const QString path = dir.filePath("presets.json");
    vae::savePresets(path, {{"good", {1.0, 2.0}}});
    const QByteArray before = readFile(path);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(errorOf([&] { vae::savePresets(path, {{"bad", {nan, 0.0}}}); }).startsWith(path + ": "));
    QCOMPARE(readFile(path), before);
    QCOMPARE(vae::loadPresets(path).first().name, QString("good"));
  }

  void choosingAPresetRestoresTheSliders() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    const QVector<double> found{1.5, -0.5, 2.25, 0.0};
    panel.sliders()->setZ(found);
    QVERIFY(panel.addPreset("a square"));
    QCOMPARE(panel.presetBox()->count(), 1);

    panel.sliders()->randomize(7);
    QVERIFY(panel.sliders()->z() != found);
    Q_EMIT panel.presetBox()->activated(0);  // what choosing the entry with mouse or keyboard does
    QCOMPARE(panel.sliders()->z(), found);
  }

  void presetsPersistInTheAppDataFile() {
    auto trainer = smallTrainer(4);
    {
      ExplorePanel panel;
      panel.setSnapshot(snapshotOf(*trainer));
      panel.sliders()->setZ({1, 2, 3, -1});
      QVERIFY(panel.addPreset("kept"));
      panel.sliders()->setZ({0, 0, 0, 1});
      QVERIFY(panel.addPreset("deleted"));
      panel.deletePreset(1);
    }
    QCOMPARE(vae::loadPresets(vae::presetsPath()).size(), 1);
    ExplorePanel again;
    QCOMPARE(again.presets().size(), 1);
    QCOMPARE(again.presets().first().name, QString("kept"));
    QCOMPARE(again.presets().first().z, (QVector<double>{1, 2, 3, -1}));
  }

  void presetOfAnotherLengthIsDisabledAndNotApplied() {
    QTemporaryDir dir;
    const QString path = dir.filePath("import.json");
    vae::savePresets(path, {{"two dims", {1.0, 2.0}}, {"four dims", {0.5, 0.5, 0.5, 0.5}}});
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    QVERIFY(panel.importPresets(path));
    QCOMPARE(panel.presetBox()->count(), 2);
    auto* model = qobject_cast<QStandardItemModel*>(panel.presetBox()->model());
    QVERIFY(model);
    QVERIFY(!model->item(0)->isEnabled());
    QVERIFY(model->item(1)->isEnabled());
    QVERIFY(panel.presetBox()->itemData(0, Qt::ToolTipRole).toString().contains("2 latent dimensions"));
    const QVector<double> before = panel.sliders()->z();
    QVERIFY(!panel.applyPreset(0));
    QCOMPARE(panel.sliders()->z(), before);
    QVERIFY(panel.applyPreset(1));
    QCOMPARE(panel.sliders()->z(), (QVector<double>{0.5, 0.5, 0.5, 0.5}));
  }

  void exportWritesAnImportableFile() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    panel.sliders()->setZ({0.25, 0, 0, 0});
    QVERIFY(panel.addPreset("exported"));
    QTemporaryDir dir;
    QVERIFY(panel.exportPresets(dir.filePath("out.json")));
    QCOMPARE(vae::loadPresets(dir.filePath("out.json")).first().z, (QVector<double>{0.25, 0, 0, 0}));
  }

  void importOfABadFileReportsTheError() {
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.json");
    writeFile(path, "nope");
    ExplorePanel panel;
    QSignalSpy errors(&panel, &ExplorePanel::errorOccurred);
    QVERIFY(!panel.importPresets(path));
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.first().at(1).toString().startsWith(path + ": "));
    QCOMPARE(panel.presetBox()->count(), 0);
  }
};

QTEST_MAIN(TestLatentPresets)
#include "test_latentpresets.moc"
