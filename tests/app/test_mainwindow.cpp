#include "app/mainwindow.h"
#include "app/opendatasetdialog.h"
#include "model/dataset.h"
#include "widgets/imagegridview.h"

#include <QAction>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QSignalSpy>
#include <QtTest>

#include <set>

using vae::MainWindow;
using vae::OpenDatasetDialog;

namespace {
// Generous: the loader thread competes with other processes on a small CI machine.
constexpr int kLoadTimeoutMs = 30000;
const char* kShapesSpec = "shapes:28:600";

QAction* findAction(QWidget* root, const QString& text) {
  for (QAction* action : root->findChildren<QAction*>())
    if (action->text().remove('&') == text) return action;
  return nullptr;
}
}  // namespace

class TestMainWindow : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void titleIconAndMenus() {
    MainWindow w;
    QCOMPARE(w.windowTitle(), QString("VAE Studio"));
    QVERIFY(!w.windowIcon().isNull());
    QAction* open = findAction(&w, "Open Dataset…");
    QVERIFY(open);
    QCOMPARE(open->shortcut(), QKeySequence(QKeySequence::Open));
    QAction* quit = findAction(&w, "Quit");
    QVERIFY(quit);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
    QVERIFY(findAction(&w, "Shapes"));
    QVERIFY(findAction(&w, "About VAE Studio"));
    QCOMPARE(w.dataset(), nullptr);
    QCOMPARE(w.imageGrid()->count(), 0);
  }

  void loadingShapesShowsLabelledImages() {
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset(kShapesSpec);
    QVERIFY(w.isLoading());
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QVERIFY(!w.isLoading());
    QVERIFY(!loaded.at(0).at(0).toString().isEmpty());
    QVERIFY(w.dataset());
    QCOMPARE(w.dataset()->train.size() + w.dataset()->test.size(), int64_t(600));

    vae::ImageGridView* grid = w.imageGrid();
    QCOMPARE(grid->count(), MainWindow::kPageSize);
    QCOMPARE(grid->image(0).size(), QSize(28, 28));
    std::set<QString> labels;
    for (int i = 0; i < grid->count(); ++i) labels.insert(grid->caption(i));
    QCOMPARE(labels, (std::set<QString>{"square", "ellipse", "heart"}));
    QCOMPARE(grid->caption(5), QString::fromStdString(w.dataset()->train.labelName(5)));
  }

  void pagesStepThroughTheTrainingSet() {
    MainWindow w;
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset(kShapesSpec);
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    const int64_t n = w.dataset()->train.size();
    QCOMPARE(w.pageCount(), static_cast<int>((n + MainWindow::kPageSize - 1) / MainWindow::kPageSize));
    QCOMPARE(w.currentPage(), 0);
    w.previousPage();
    QCOMPARE(w.currentPage(), 0);  // clamped at the first page

    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_PageDown);
    QCOMPARE(w.currentPage(), 1);
    QCOMPARE(w.imageGrid()->caption(0),
             QString::fromStdString(w.dataset()->train.labelName(MainWindow::kPageSize)));
    QTest::keyClick(&w, Qt::Key_PageUp);
    QCOMPARE(w.currentPage(), 0);

    w.setPage(w.pageCount() + 5);
    QCOMPARE(w.currentPage(), w.pageCount() - 1);
    QCOMPARE(w.imageGrid()->count(), static_cast<int>(n - int64_t(w.pageCount() - 1) * MainWindow::kPageSize));
  }

  void badSpecFailsAndWindowStaysUsable() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy failed(&w, &MainWindow::datasetFailed);
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset("idx:/nonexistent.gz");
    QVERIFY(failed.wait(kLoadTimeoutMs));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains("/nonexistent.gz"), qPrintable(message));
    QVERIFY(!message.contains('\n'));
    QVERIFY(w.statusBar()->currentMessage().contains("/nonexistent.gz"));
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(w.dataset(), nullptr);

    w.loadDataset(kShapesSpec);
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QCOMPARE(w.imageGrid()->count(), MainWindow::kPageSize);
  }

  void errorDialogDoesNotBlock() {
    MainWindow w;
    w.show();
    QSignalSpy failed(&w, &MainWindow::datasetFailed);
    w.loadDataset("folder:/nonexistent-folder");
    QVERIFY(failed.wait(kLoadTimeoutMs));
    // The warning is window-modal and open, yet control came back here without anyone clicking it.
    QTRY_VERIFY(w.findChild<QMessageBox*>() != nullptr);
    QVERIFY(w.findChild<QMessageBox*>()->informativeText().contains("/nonexistent-folder"));
  }

  void newestRequestWins() {
    MainWindow w;
    w.setShowErrorDialogs(false);
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    QSignalSpy failed(&w, &MainWindow::datasetFailed);
    w.loadDataset("idx:/nonexistent.gz");
    w.loadDataset("shapes:28:120");  // queued while the first still runs
    QVERIFY(loaded.wait(kLoadTimeoutMs));
    QCOMPARE(failed.count(), 0);  // the superseded request's result is dropped
    QCOMPARE(w.dataset()->train.size() + w.dataset()->test.size(), int64_t(120));
  }

  void describeSpecNamesDatasets_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("name");
    QTest::newRow("fashion") << "fashion-mnist" << "Fashion-MNIST";
    QTest::newRow("shapes") << "shapes:64:100" << "Shapes";
    QTest::newRow("idx") << "idx:/data/train-images-idx3-ubyte.gz,/data/l.gz" << "train-images-idx3-ubyte.gz";
    QTest::newRow("folder") << "folder:/data/pets:32:rgb" << "pets";
  }

  void describeSpecNamesDatasets() {
    QFETCH(QString, spec);
    QFETCH(QString, name);
    QCOMPARE(MainWindow::describeSpec(spec), name);
  }

  void openDialogBuildsSpecs_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("labels");
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("rgb");
    QTest::addColumn<QString>("spec");
    QTest::newRow("idx") << 0 << "/d/img.gz" << "" << 28 << false << "idx:/d/img.gz";
    QTest::newRow("idx+labels") << 0 << "/d/img.gz" << "/d/lab.gz" << 28 << false << "idx:/d/img.gz,/d/lab.gz";
    QTest::newRow("cifar") << 1 << "/d/cifar" << "" << 28 << false << "cifar10:/d/cifar";
    QTest::newRow("folder") << 2 << "/d/pets" << "" << 32 << true << "folder:/d/pets:32:rgb";
    QTest::newRow("no path") << 2 << "" << "" << 32 << true << "";
  }

  void openDialogBuildsSpecs() {
    QFETCH(int, kind);
    QFETCH(QString, path);
    QFETCH(QString, labels);
    QFETCH(int, size);
    QFETCH(bool, rgb);
    QFETCH(QString, spec);
    OpenDatasetDialog dialog;
    dialog.setKind(static_cast<OpenDatasetDialog::Kind>(kind));
    dialog.setPath(path);
    dialog.setLabelsPath(labels);
    dialog.setImageSize(size);
    dialog.setRgb(rgb);
    QCOMPARE(dialog.spec(), spec);
  }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
