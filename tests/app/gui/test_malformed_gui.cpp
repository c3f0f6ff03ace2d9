// The malformed-input corpus (tests/malformed/cases.tsv) through MainWindow's real open paths: a bad dataset
// (IDX, CIFAR-10, image folder), a bad checkpoint and a bad presets import each show a warning dialog whose
// text names the file, and the window keeps what it had and stays usable.
#include "app/gui/explorepanel.h"
#include "app/core/latentdecoder.h"
#include "app/core/latentpresets.h"
#include "app/gui/mainwindow.h"
#include "model/dataset.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include <algorithm>

using vae::MainWindow;

namespace {

const QString kMalformedDir = QStringLiteral(VAE_MALFORMED_DIR);
const QString kCorpus = kMalformedDir + "/corpus";
// Generous: the loader threads compete with other processes on a small CI machine.
constexpr int kLoadTimeoutMs = 30000;
const char* kShapesSpec = "shapes:28:120";

struct Case {
  QString name, kind, input;
};

// Cases of a kind with a committed input, or (CIFAR-10) a committed batch after "@cifar:".
QVector<Case> committedCases(const QString& kind) {
  QFile file(kMalformedDir + "/cases.tsv");
  if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file.fileName()));
  QVector<Case> cases;
  QTextStream in(&file);
  while (!in.atEnd()) {
    const QStringList f = in.readLine().split('\t');
    if (f.size() != 7 || f[1] != kind) continue;
    QString input = f[2];
    if (input.startsWith("@cifar:")) input = input.mid(7);
    if (!input.startsWith("corpus/")) continue;
    if (kind == "cifar" && f[6] != "{in}/data_batch_1.bin") continue;
    cases.append({f[0], f[1], kMalformedDir + "/" + input});
  }
  return cases;
}

// The visible warning box whose text names path, or nullptr.
QMessageBox* dialogNaming(QWidget* window, const QString& path) {
  for (QMessageBox* box : window->findChildren<QMessageBox*>())
    if (box->isVisible() && box->icon() == QMessageBox::Warning &&
        (box->informativeText().contains(path) || box->text().contains(path)))
      return box;
  return nullptr;
}

// Waits for the dialog naming path, checks its message is one line, and closes it.
bool expectDialogNaming(QWidget* window, const QString& path) {
  QPointer<QMessageBox> box;
  if (!QTest::qWaitFor([&] { return (box = dialogNaming(window, path)) != nullptr; }, kLoadTimeoutMs)) {
    qWarning("no warning dialog names %s", qPrintable(path));
    return false;
  }
  if (box->informativeText().contains('\n')) {
    qWarning("dialog text is not one line: %s", qPrintable(box->informativeText()));
    return false;
  }
  box->close();  // WA_DeleteOnClose
  return QTest::qWaitFor([&] { return box.isNull(); }, kLoadTimeoutMs);
}

bool loadShapes(MainWindow& w) {
  QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
  w.loadDataset(kShapesSpec);
  return loaded.wait(kLoadTimeoutMs);
}

// Loads spec, expects the failure and a dialog naming named, and checks the loaded dataset is kept.
// (A folder's message names the folder first, then its first bad image: alsoNamed.)
void expectDatasetRefused(MainWindow& w, const QString& spec, const QString& named, const QString& alsoNamed = {}) {
  const vae::DatasetSplit* before = w.dataset();
  const QString specBefore = w.datasetSpec();
  QSignalSpy failed(&w, &MainWindow::datasetFailed);
  QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
  w.loadDataset(spec);
  QVERIFY2(failed.wait(kLoadTimeoutMs), qPrintable(spec));
  const QString message = failed.at(0).at(0).toString();
  QVERIFY2(message.startsWith(named + ": "), qPrintable(message));
  QVERIFY2(message.contains(alsoNamed), qPrintable(message));
  QVERIFY2(!message.contains('\n'), qPrintable(message));
  QVERIFY2(expectDialogNaming(&w, named), qPrintable(spec));
  QCOMPARE(loaded.count(), 0);
  QCOMPARE(w.dataset(), before);
  QCOMPARE(w.datasetSpec(), specBefore);
  QVERIFY(!w.isLoading());
}

}  // namespace

class TestMalformedGui : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    // Settings, recent files, autosaves and presets go to throw-away test locations.
    QStandardPaths::setTestModeEnabled(true);
    // Qt's image plugins log every broken file they are given; here that is the point, not news.
    QLoggingCategory::setFilterRules(QStringLiteral("qt.gui.imageio=false"));
  }

  void badIdxFilesShowADialogAndKeepTheDataset() {
    MainWindow w;
    w.show();
    QVERIFY(loadShapes(w));
    const QVector<Case> images = committedCases("idx");
    QVERIFY(images.size() >= 10);
    for (const Case& c : images) expectDatasetRefused(w, "idx:" + c.input, c.input);
    const QString good = kCorpus + "/good-images.idx3";
    for (const Case& c : committedCases("idx-labels")) expectDatasetRefused(w, "idx:" + good + "," + c.input, c.input);
    QTemporaryDir dir;
    expectDatasetRefused(w, "idx:" + dir.path(), dir.path());  // a directory where a file is expected
    QVERIFY(loadShapes(w));  // still usable
    QCOMPARE(w.datasetSpec(), QString(kShapesSpec));
  }

  void badCifarBatchesShowADialog() {
    MainWindow w;
    w.show();
    const QVector<Case> cases = committedCases("cifar");
    QVERIFY(cases.size() >= 3);
    for (const Case& c : cases) {
      QTemporaryDir dir;
      for (const char* name : {"data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
                               "test_batch.bin"})
        QVERIFY(QFile::copy(kCorpus + "/good-cifar-record.bin", dir.filePath(name)));
      QVERIFY(QFile::copy(c.input, dir.filePath("data_batch_1.bin")));
      expectDatasetRefused(w, "cifar10:" + dir.path(), dir.filePath("data_batch_1.bin"));
    }
    QCOMPARE(w.dataset(), nullptr);
    QVERIFY(loadShapes(w));
  }

  void badImageFoldersShowADialogNamingTheImage() {
    MainWindow w;
    w.show();
    QVERIFY(loadShapes(w));
    const QVector<Case> cases = committedCases("folder");
    QVERIFY(cases.size() >= 7);
    for (const Case& c : cases) {
      if (!QFileInfo(c.input).isDir()) {
        expectDatasetRefused(w, "folder:" + c.input, c.input);
        continue;
      }
      // A folder of nothing but bad images: refused, naming it and its first image in path order.
      QStringList images;
      for (QDirIterator it(c.input, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) images.append(it.next());
      std::sort(images.begin(), images.end());
      QVERIFY(!images.isEmpty());
      expectDatasetRefused(w, "folder:" + c.input, c.input, images.first() + ": ");
    }
    QTemporaryDir empty;
    expectDatasetRefused(w, "folder:" + empty.path(), empty.path());
    QVERIFY(loadShapes(w));
  }

  void badCheckpointsShowADialogAndOpenNothing() {
    MainWindow w;
    w.show();
    QVERIFY(loadShapes(w));
    const vae::DatasetSplit* dataset = w.dataset();
    QVector<Case> cases = committedCases("checkpoint");
    QVERIFY(cases.size() >= 12);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir("run.vaestudio"));
    cases.append({"ckpt-directory", "checkpoint", dir.filePath("run.vaestudio")});
    for (const Case& c : cases) {
      QSignalSpy failed(&w, &MainWindow::checkpointFailed);
      QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
      w.openCheckpoint(c.input);
      QVERIFY2(failed.wait(kLoadTimeoutMs), qPrintable(c.name));
      const QString message = failed.at(0).at(0).toString();
      QVERIFY2(message.startsWith(c.input + ": "), qPrintable(message));
      QVERIFY2(expectDialogNaming(&w, c.input), qPrintable(c.name));
      QCOMPARE(opened.count(), 0);
      QCOMPARE(w.windowTitle(), QString("VAE Studio"));  // no run opened
      QVERIFY(w.runPath().isEmpty());
      QCOMPARE(w.dataset(), dataset);
      QVERIFY(!w.explorePanel()->decoder()->hasModel());  // no model was opened
    }
    // The good checkpoint beside them still opens: the failures left nothing half-open.
    QSignalSpy opened(&w, &MainWindow::checkpointLoaded);
    w.openCheckpoint(kCorpus + "/good.vaestudio");
    QVERIFY(opened.wait(kLoadTimeoutMs));
  }

  void badPresetsImportShowsADialogAndKeepsThePresets() {
    MainWindow w;
    w.show();
    vae::ExplorePanel* explore = w.explorePanel();
    const QVector<vae::LatentPreset> before = explore->presets();
    const QVector<Case> cases = committedCases("presets");
    QVERIFY(cases.size() >= 8);
    for (const Case& c : cases) {
      QVERIFY2(!explore->importPresets(c.input), qPrintable(c.name));
      QVERIFY2(expectDialogNaming(&w, c.input), qPrintable(c.name));
      QVERIFY(w.statusBar()->currentMessage().contains(c.input));
      QCOMPARE(explore->presets().size(), before.size());
    }
  }
};

QTEST_MAIN(TestMalformedGui)
#include "test_malformed_gui.moc"
