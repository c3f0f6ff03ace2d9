// The Training tab's disentanglement heatmap: shown with the test set's mutual information for a run on shapes
// (whose images have known generative factors), hidden for a run on data without factors.
#include "app/core/klreport.h"
#include "app/gui/mainwindow.h"
#include "app/gui/trainingview.h"
#include "widgets/mutualinfoheatmap.h"

#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

#include "tests/support/npyfiles.h"
#include "tests/support/windowtest.h"

using vae::MainWindow;
using vae::MutualInfoHeatmap;
using vae::test::kWindowTrainTimeoutMs;
using vae::test::loadDatasetAndWait;
using vae::test::useSmallModel;

namespace {
// Random 28x28 images as an .npy file: a dataset with no generative factors.
QString writeNoFactorImages(const QTemporaryDir& dir) {
  constexpr int kImages = 240;
  std::vector<uint8_t> pixels(kImages * 28 * 28);
  std::mt19937 rng(3);
  for (uint8_t& p : pixels) p = static_cast<uint8_t>(rng() % 256);
  const vae::testing::NpyBytes bytes = vae::testing::npy("|u1", "(240, 28, 28)", pixels);
  const QString path = dir.filePath(QStringLiteral("noise.npy"));
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return {};
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
  return path;
}

QMessageBox* saveQuestion(MainWindow& w) {
  for (QMessageBox* box : w.findChildren<QMessageBox*>())
    if (box->isVisible() && box->windowTitle() == QStringLiteral("Save the Run?")) return box;
  return nullptr;
}

bool trainToEnd(MainWindow& w, int epochs) {
  useSmallModel(w, epochs);
  QSignalSpy ended(&w, &MainWindow::trainingEnded);
  w.startTraining();
  return ended.wait(kWindowTrainTimeoutMs);
}
}  // namespace

class TestTrainingView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() { vae::test::clearUnsavedAutosaves(); }
  void cleanup() { vae::test::clearUnsavedAutosaves(); }

  // An autoencoder's texts must not widen the tab: a long box title once pushed the window's minimum past 1000 px.
  void autoencoderTextsKeepTheMinimumWidth() {
    vae::TrainingView view;
    view.show();
    auto* klBox = view.findChild<QWidget*>("klBox");
    QVERIFY(klBox);
    view.setKl(vae::KlReport::fromHeldOutKl(QVector<double>(20, 1.0), true, 1));
    QCoreApplication::processEvents();  // the layouts take the new titles
    const int vaeWidth = klBox->minimumSizeHint().width();
    view.setKl(vae::KlReport::fromCodeSpread(QVector<double>(20, 0.0), QVector<double>(20, 2.0), true, 1));
    QCoreApplication::processEvents();
    QVERIFY2(klBox->minimumSizeHint().width() <= vaeWidth,
             qPrintable(QString("%1 > %2").arg(klBox->minimumSizeHint().width()).arg(vaeWidth)));
  }

  void hiddenBeforeAnyRun() {
    vae::TrainingView view;
    view.show();
    QVERIFY(view.mutualInfoBox()->isHidden());
  }

  void shapesRunShowsTheTestSetsMutualInformation() {
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(loadDatasetAndWait(w));
    QVERIFY(trainToEnd(w, 2));
    vae::TrainingView* view = w.trainingView();
    QVERIFY(!view->mutualInfoBox()->isHidden());
    MutualInfoHeatmap* map = view->mutualInfoHeatmap();
    // The last epoch's report has arrived: 4 latent dims (the small model) x the 5 shapes factors.
    QTRY_VERIFY_WITH_TIMEOUT(!map->matrix().isEmpty(), kWindowTrainTimeoutMs);
    QCOMPARE(map->matrix().rows, 4);
    QCOMPARE(map->matrix().factors,
             QStringList({QStringLiteral("shape"), QStringLiteral("scale"), QStringLiteral("rotation"),
                          QStringLiteral("x"), QStringLiteral("y")}));
    QCOMPARE(map->matrix().images, 100);  // shapes:28:600 keeps a sixth for testing
    QVERIFY(map->matrix().mig >= 0 && map->matrix().mig <= 1);
    QVERIFY(map->titleText().contains(QStringLiteral("MIG")));
    QVERIFY(map->isVisible());
  }

  void datasetWithoutFactorsHidesIt() {
    QTemporaryDir dir;
    const QString images = writeNoFactorImages(dir);
    QVERIFY(!images.isEmpty());
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    // First a shapes run shows the heatmap, so hiding it afterwards is the new run's doing.
    QVERIFY(loadDatasetAndWait(w));
    QVERIFY(trainToEnd(w, 1));
    QTRY_VERIFY(!w.trainingView()->mutualInfoBox()->isHidden());
    // Other data end the run: the window asks first, and the run is let go.
    QSignalSpy loaded(&w, &MainWindow::datasetLoaded);
    w.loadDataset(QStringLiteral("npy:") + images);
    QMessageBox* question = nullptr;
    QTRY_VERIFY((question = saveQuestion(w)) != nullptr);
    QAbstractButton* discard = vae::test::buttonOf(question, QStringLiteral("Discard"));
    QVERIFY(discard);
    QTest::mouseClick(discard, Qt::LeftButton);
    QVERIFY(loaded.wait(vae::test::kWindowLoadTimeoutMs));
    QVERIFY(trainToEnd(w, 1));
    QVERIFY(w.trainingView()->mutualInfoBox()->isHidden());
    QVERIFY(w.trainingView()->mutualInfoHeatmap()->matrix().isEmpty());
  }
};

QTEST_MAIN(TestTrainingView)
#include "test_trainingview.moc"
