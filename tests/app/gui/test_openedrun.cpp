// An opened checkpoint shows everything a live run shows, at once and without visiting Explore: its
// reconstructions, its new images and its KL, rendered off the GUI thread; every view that counts active
// dimensions (KL bars, sliders, scatter caption) shows the same report; no collapse warning before the KL settled;
// a plain autoencoder's run explores like a VAE's, with zero KL bars.
#include "app/core/codespread.h"
#include "app/core/datasetencoder.h"
#include "app/core/explorestate.h"
#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "app/core/rundocument.h"
#include "app/core/trainingworker.h"
#include "app/gui/classpicker.h"
#include "app/gui/explorepanel.h"
#include "app/gui/latentplanepanel.h"
#include "app/gui/mainwindow.h"
#include "model/checkpoint.h"
#include "model/latenttools.h"
#include "widgets/imagegridview.h"
#include "widgets/klbars.h"
#include "widgets/latentgridview.h"
#include "widgets/latentscatter.h"
#include "widgets/latentsliders.h"
#include "widgets/lossplot.h"
#include "widgets/modelpanel.h"

#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/smallrun.h"
#include "tests/support/windowtest.h"

using vae::MainWindow;
using vae::test::kWindowLoadTimeoutMs;
using vae::test::kWindowShapesSpec;

namespace {
// Opens path in w and waits until its images and KL are shown.
bool openAndPreview(MainWindow& w, const QString& path) {
  QSignalSpy previewed(&w, &MainWindow::modelPreviewed);
  w.openCheckpoint(path);
  return previewed.wait(kWindowLoadTimeoutMs);
}
}  // namespace

class TestOpenedRun : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void openedCheckpointFillsEveryPanel() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    vae::test::trainedCheckpoint(kWindowShapesSpec, /*epochs=*/2).save(path.toStdString());
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.show();
    QSignalSpy previewed(&w, &MainWindow::modelPreviewed);
    w.openCheckpoint(path);
    // Nothing was read or rendered on the GUI thread: the call only started the work (no clock needed).
    QCOMPARE(previewed.count(), 0);
    QCOMPARE(w.reconstructionGrid()->count(), 0);
    QVERIFY(!w.explorePanel()->decoder()->hasModel());
    QVERIFY(previewed.wait(kWindowLoadTimeoutMs));
    QCOMPARE(w.tabs()->currentIndex(), 1);  // still on Training: Explore was never shown
    QCOMPARE(w.reconstructionGrid()->count(), 2 * vae::TrainingWorker::kReconstructionCount);
    QCOMPARE(w.sampleGrid()->count(), vae::TrainingWorker::kSampleCount);
    QCOMPARE(w.klBars()->kl().size(), 4);
    QVERIFY(w.klBars()->totalKl() > 0);
    QVERIFY(!w.isWindowModified());  // showing a run does not change it
  }

  // KL bars, sliders and scatter caption count the same active dimensions for the same weights.
  void everyViewCountsTheSameActiveDimensions() {
    QTemporaryDir dir;
    const QString path = dir.filePath("run.vaestudio");
    vae::test::trainedCheckpoint(kWindowShapesSpec, /*epochs=*/2).save(path.toStdString());
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.show();
    QVERIFY(openAndPreview(w, path));
    const int active = w.klBars()->activeUnits();
    QCOMPARE(w.explorePanel()->sliders()->kl(), w.klBars()->kl());
    QVERIFY2(w.explorePanel()->sliders()->summaryText().contains(QString("%1 active").arg(active)),
             qPrintable(w.explorePanel()->sliders()->summaryText()));
    w.tabs()->setCurrentIndex(2);  // Explore: the scatter encodes the test images
    vae::LatentPlanePanel* plane = w.explorePanel()->latentPlane();
    QTRY_VERIFY_WITH_TIMEOUT(plane->codes() != nullptr, kWindowLoadTimeoutMs);
    QVERIFY2(plane->codesText().contains(QString("%1 of 4 dimensions active").arg(active)),
             qPrintable(plane->codesText()));
    QCOMPARE(w.klBars()->activeUnits(), active);  // the codes did not replace the report
  }

  // Issue 18: a plain autoencoder's checkpoint. The Explore tab decodes, encodes and scatters its codes; the KL
  // bars show its codes' spread without calling anything a collapse; the panel shows its kind.
  void anOpenedAutoencoderExploresWithItsCodeSpread() {
    QTemporaryDir dir;
    const QString path = dir.filePath("ae.vaestudio");
    vae::VaeConfig model = vae::test::smallModel();
    model.kind = vae::ModelKind::Autoencoder;
    vae::Trainer trainer(model, vae::test::smallTraining(/*epochs=*/2), vae::loadDatasetSpec(kWindowShapesSpec));
    QVERIFY(trainer.run());
    vae::Checkpoint::capture(trainer, kWindowShapesSpec).save(path.toStdString());
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.show();
    QVERIFY(openAndPreview(w, path));
    // No KL term: the bars show its codes' sd instead (all four vary), never a collapse.
    QVERIFY(w.klBars()->showsCodeSpread());
    for (double sd : w.klBars()->kl()) QVERIFY2(sd > 0.1, qPrintable(QString::number(sd)));
    QVERIFY(!w.klBars()->collapseWarning());
    QCOMPARE(w.klBars()->activeUnits(), 4);
    QCOMPARE(w.sampleGrid()->count(), vae::TrainingWorker::kSampleCount);
    QCOMPARE(w.modelPanel()->settings().kind, QStringLiteral("autoencoder"));
    QVERIFY(!w.modelPanel()->findChild<QWidget*>("beta")->isEnabled());

    w.tabs()->setCurrentIndex(2);  // Explore
    vae::ExplorePanel* explore = w.explorePanel();
    QVERIFY(explore->decoder()->hasModel());
    QCOMPARE(explore->sliders()->z().size(), 4);
    QVERIFY(!explore->currentImage().isNull());
    const QImage before = explore->currentImage();
    explore->state()->setZ({1.5, -1.0, 0.5, 0.0});
    QTRY_VERIFY(explore->currentImage() != before);
    vae::LatentPlanePanel* plane = explore->latentPlane();
    QTRY_VERIFY_WITH_TIMEOUT(plane->codes() != nullptr, kWindowLoadTimeoutMs);
    QCOMPARE(plane->codes()->klPerDim, QVector<double>(4, 0.0));
    QVERIFY2(!plane->codesText().contains("active"), qPrintable(plane->codesText()));
    // No prior: the sliders' range and the plane follow the codes' spread, and the panel says so.
    QVERIFY2(plane->codesText().contains("no prior"), qPrintable(plane->codesText()));
    // A test image has one number wherever it is named: the scatter's "#3", export's "test:3".
    QVERIFY2(plane->datasetCaption(3).startsWith("Test image 3 "), qPrintable(plane->datasetCaption(3)));
    QCOMPARE(explore->state()->range(),
             std::clamp(vae::sliderRangeFor(vae::codeSpreadOf(*plane->codes())), vae::LatentSliders::kMinRange,
                        vae::LatentSliders::kMaxRange));
    QVector<QPointF> points;
    for (int i = 0; i < plane->scatter()->pointCount(); ++i) points << plane->scatter()->point(i);
    const vae::PlaneWindow window = vae::planeWindowFor(points, 1.0);
    QTRY_VERIFY(std::abs(plane->grid()->plane().centerX - window.centerX) < 1e-9);
    QVERIFY(std::abs(plane->grid()->plane().span - window.span) < 1e-9);
    // Dropping a test image loads its (deterministic) code into the sliders.
    const vae::DatasetSplit data = vae::loadDatasetSpec(kWindowShapesSpec);
    const QImage image = vae::tensorToImage(data.test.floatImage(3));
    QVERIFY(explore->encodeImage(image, "test 3"));
    const QVector<double> code = explore->decoder()->encode(image);
    QCOMPARE(code, explore->decoder()->encode(image));
    for (int d = 0; d < 4; ++d) QVERIFY(std::abs(explore->sliders()->z()[d] - code[d]) < 1e-4);
  }

  // Issue 19: a conditional VAE's checkpoint: the Training tab reconstructs with the images' own labels and draws its
  // samples, Explore decodes as class 0 with the class picker showing the dataset's classes, scatters the codes
  // (encoded with their labels) and encodes a dropped image; the model panel shows the kind.
  void anOpenedCvaeExploresAsClassZero() {
    QTemporaryDir dir;
    const QString path = dir.filePath("cvae.vaestudio");
    vae::VaeConfig model = vae::test::smallModel();
    model.kind = vae::ModelKind::Conditional;
    vae::Trainer trainer(model, vae::test::smallTraining(/*epochs=*/1), vae::loadDatasetSpec(kWindowShapesSpec));
    QVERIFY(trainer.run());
    vae::Checkpoint::capture(trainer, kWindowShapesSpec).save(path.toStdString());
    MainWindow w;
    w.setShowErrorDialogs(false);
    w.show();
    QVERIFY(openAndPreview(w, path));
    QCOMPARE(w.sampleGrid()->count(), vae::TrainingWorker::kSampleCount);
    QCOMPARE(w.modelPanel()->settings().kind, QStringLiteral("cvae"));

    w.tabs()->setCurrentIndex(2);  // Explore
    vae::ExplorePanel* explore = w.explorePanel();
    QVERIFY(explore->decoder()->hasModel());
    QCOMPARE(explore->decoder()->classCount(), 3);
    QCOMPARE(explore->decoder()->classIndex(), 0);
    QVERIFY(!explore->currentImage().isNull());
    const QImage before = explore->currentImage();
    explore->state()->setZ({1.5, -1.0, 0.5, 0.0});
    QTRY_VERIFY(explore->currentImage() != before);
    QCOMPARE(explore->decoder()->decodeEveryClass(explore->state()->z()).size(), 3);
    QVERIFY(explore->classPicker()->isVisible());
    QCOMPARE(explore->classPicker()->classCount(), 3);
    QTRY_COMPARE(explore->classPicker()->strip()->count(), 3);
    vae::LatentPlanePanel* plane = explore->latentPlane();
    QTRY_VERIFY_WITH_TIMEOUT(plane->codes() != nullptr, kWindowLoadTimeoutMs);
    QVERIFY(plane->scatter()->pointCount() > 0);
    const vae::DatasetSplit data = vae::loadDatasetSpec(kWindowShapesSpec);
    QVERIFY(explore->encodeImage(vae::tensorToImage(data.test.floatImage(3)), "test 3"));
    // Its Export menu offers the class grid (a VAE's greys it out).
    bool classGridEnabled = false;
    for (QAction* menu : w.menuBar()->actions())
      if (menu->menu())
        for (QAction* action : menu->menu()->actions())
          if (action->text().remove('&') == QStringLiteral("Class Grid…")) classGridEnabled = action->isEnabled();
    QVERIFY(classGridEnabled);
  }

  // A run stopped inside its first epoch: the KL has not settled, so nothing warns of collapse, whatever it is.
  void noCollapseWarningBeforeTheFirstEpochEnds() {
    QTemporaryDir dir;
    const QString path = dir.filePath("early.vaestudio");
    vae::TrainConfig training = vae::test::smallTraining(/*epochs=*/1);
    training.beta.beta = 200;  // a crushing beta: the KL is driven to ~0 within a few steps
    vae::Trainer trainer(vae::test::smallModel(), training, vae::loadDatasetSpec(kWindowShapesSpec));
    for (int i = 0; i < 5; ++i) QVERIFY(trainer.step());
    vae::Checkpoint::capture(trainer, kWindowShapesSpec).save(path.toStdString());
    MainWindow w;
    w.setShowErrorDialogs(false);
    QVERIFY(openAndPreview(w, path));
    const QVector<double> kl = w.klBars()->kl();
    QVERIFY(!kl.isEmpty());
    // The same KL after an epoch would be a collapse: the warning is held back only because it is early.
    QVERIFY(vae::looksCollapsed(std::vector<double>(kl.cbegin(), kl.cend())));
    QVERIFY(!w.klBars()->collapseWarning());
  }
};

QTEST_MAIN(TestOpenedRun)
#include "test_openedrun.moc"
