#include "app/explorepanel.h"
#include "app/imageconversion.h"
#include "app/latentdecoder.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"
#include "widgets/imagegridview.h"
#include "widgets/latentgridview.h"
#include "widgets/latentsliders.h"

#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

using vae::ExplorePanel;

namespace {
// A tiny model trained for a few steps: decoding differs visibly across z.
std::unique_ptr<vae::Trainer> smallTrainer(int latent) {
  vae::ShapesOptions shapes;
  shapes.count = 600;
  vae::VaeConfig model;
  model.latentDim = latent;
  model.hiddenSizes = {32};
  vae::TrainConfig training;
  training.batchSize = 50;
  training.lr.lr = 3e-3;
  auto trainer = std::make_unique<vae::Trainer>(model, training, vae::makeShapes(shapes));
  trainer->runEpoch();
  return trainer;
}

vae::DecoderSnapshotPtr snapshotOf(const vae::Trainer& trainer) { return vae::captureDecoderSnapshot(trainer); }

// Mean absolute grey difference after scaling `shown` (a grid cell on screen) to the reference size.
double meanAbsDiff(const QImage& shown, const QImage& reference) {
  const QImage a = shown.scaled(reference.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  double sum = 0;
  for (int y = 0; y < reference.height(); ++y)
    for (int x = 0; x < reference.width(); ++x) sum += std::abs(qGray(a.pixel(x, y)) - qGray(reference.pixel(x, y)));
  return sum / (reference.width() * reference.height());
}

bool samePixels(const QImage& a, const QImage& b) {
  return a.convertToFormat(QImage::Format_Grayscale8) == b.convertToFormat(QImage::Format_Grayscale8);
}
}  // namespace

class TestExplorePanel : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void snapshotBuildsSlidersAndDecodes() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    QSignalSpy decoded(&panel, &ExplorePanel::imageDecoded);
    panel.setSnapshot(snapshotOf(*trainer));
    QCOMPARE(panel.sliders()->dimensions(), 4);
    QVERIFY(decoded.count() >= 1);
    QCOMPARE(panel.currentImage().size(), QSize(28, 28));
    const QImage expected = vae::tensorToImage(trainer->model()->decodeImages(torch::zeros({1, 4}))[0]);
    QVERIFY(samePixels(panel.currentImage(), expected));
  }

  // Moving a slider changes the decoded pixels.
  void movingASliderChangesTheImage() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    const QImage before = panel.currentImage();
    QSlider* slider = panel.sliders()->slider(0);
    slider->setValue(slider->maximum());
    QVERIFY(panel.sliders()->value(0) > 2.5);
    QVERIFY(!samePixels(panel.currentImage(), before));
    QVector<double> z(4, 0.0);
    z[0] = panel.sliders()->value(0);
    torch::Tensor zt = torch::zeros({1, 4});
    zt[0][0] = z[0];
    QVERIFY(samePixels(panel.currentImage(), vae::tensorToImage(trainer->model()->decodeImages(zt)[0])));
  }

  // Newer weights from the worker change the image for the same z (live decoding while training).
  void newerSnapshotChangesTheImage() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    const QImage before = panel.currentImage();
    trainer->runEpoch();
    trainer->runEpoch();
    panel.setSnapshot(snapshotOf(*trainer));
    QVERIFY(!samePixels(panel.currentImage(), before));
  }

  // Selecting a dimension shows it swept from -3 to +3 with the other dimensions held at z.
  void traversalStripSweepsTheSelectedDimension() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    QCOMPARE(panel.sliders()->selectedDimension(), 0);  // a new model starts on z0
    QCOMPARE(panel.traversalStrip()->count(), ExplorePanel::kTraversalSteps);
    panel.sliders()->setValue(0, 1.0);
    panel.sliders()->setSelectedDimension(2);
    QCOMPARE(panel.traversalStrip()->count(), ExplorePanel::kTraversalSteps);
    QCOMPARE(panel.traversalStrip()->caption(0), QString("-3.0"));
    for (int i : {0, ExplorePanel::kTraversalSteps - 1}) {
      const float value = i == 0 ? -3.0f : 3.0f;
      torch::Tensor z = torch::tensor({{1.0f, 0.0f, value, 0.0f}});
      QVERIFY(samePixels(panel.traversalStrip()->image(i), vae::tensorToImage(trainer->model()->decodeImages(z)[0])));
    }
  }

  // A click on a grid cell puts that cell's coordinates into the two axis dimensions of z.
  void gridClickSetsTheSliders() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.resize(1200, 800);
    panel.show();
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setAxes(2, 3);
    vae::LatentGridView* grid = panel.grid();
    QTRY_VERIFY(grid->hasImages());
    const QVector<QPointF> cells = vae::LatentGridView::cellCoordinates(grid->plane());
    const int n = grid->plane().n;
    const int row = 1, col = n - 2;
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(row, col).center());
    const QPointF xy = cells[row * n + col];
    QCOMPARE(panel.sliders()->value(2), std::clamp(xy.x(), -3.0, 3.0));
    QCOMPARE(panel.sliders()->value(3), std::clamp(xy.y(), -3.0, 3.0));
    QCOMPARE(panel.sliders()->value(0), 0.0);
    QCOMPARE(grid->currentPoint(), QPointF(panel.sliders()->value(2), panel.sliders()->value(3)));
  }

  // For a 2-D latent model the grid covers the learned manifold: its cells are decodes of the plane.
  void twoDimensionalGridShowsThePlane() {
    auto trainer = smallTrainer(2);
    ExplorePanel panel;
    panel.resize(1200, 800);
    panel.show();
    panel.setSnapshot(snapshotOf(*trainer));
    vae::LatentGridView* grid = panel.grid();
    QTRY_VERIFY(grid->hasImages());
    const vae::LatentPlane plane = grid->plane();
    QCOMPARE(plane.span, 3.0);
    // Top-left cell is z = (-span, +span), bottom-right (+span, -span): the grid reaches the prior's
    // 3-sigma corners. Each cell, scaled back to 28x28, looks more like its own corner's decode than
    // like the opposite corner's.
    const QImage shown = grid->grab().toImage();
    const int n = plane.n;
    const QImage topLeft = vae::tensorToImage(trainer->model()->decodeImages(torch::tensor({{-3.0f, 3.0f}}))[0]);
    const QImage bottomRight = vae::tensorToImage(trainer->model()->decodeImages(torch::tensor({{3.0f, -3.0f}}))[0]);
    QVERIFY(!samePixels(topLeft, bottomRight));
    const QImage cellTL = shown.copy(grid->cellRect(0, 0).adjusted(1, 1, -1, -1));
    const QImage cellBR = shown.copy(grid->cellRect(n - 1, n - 1).adjusted(1, 1, -1, -1));
    QVERIFY(meanAbsDiff(cellTL, topLeft) < meanAbsDiff(cellTL, bottomRight));
    QVERIFY(meanAbsDiff(cellBR, bottomRight) < meanAbsDiff(cellBR, topLeft));
  }

  // The strip runs from decode(A) to decode(B) in `steps` images, captioned A ... B.
  void interpolationStripRunsFromAToB() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    QCOMPARE(panel.interpolationStrip()->count(), 0);  // no endpoints yet
    const QVector<double> a{-2.0, 0.0, 0.0, 0.0};
    const QVector<double> b{2.0, 0.0, 0.0, 0.0};
    panel.setEndpointA(a);
    panel.setEndpointB(b);
    QCOMPARE(panel.interpolationSteps(), ExplorePanel::kDefaultInterpolationSteps);
    for (int steps : {ExplorePanel::kDefaultInterpolationSteps, 5}) {
      panel.setInterpolationSteps(steps);
      vae::ImageGridView* strip = panel.interpolationStrip();
      QCOMPARE(strip->count(), steps);
      QCOMPARE(panel.interpolationFrames().size(), steps);
      QCOMPARE(panel.interpolationFrames().first(), a);
      QCOMPARE(panel.interpolationFrames().last(), b);
      QCOMPARE(strip->caption(0), QString("A"));
      QCOMPARE(strip->caption(steps - 1), QString("B"));
      QCOMPARE(strip->caption(1), QString());
      const QImage decodedA = vae::tensorToImage(trainer->model()->decodeImages(torch::tensor({{-2.0f, 0.0f, 0.0f, 0.0f}}))[0]);
      const QImage decodedB = vae::tensorToImage(trainer->model()->decodeImages(torch::tensor({{2.0f, 0.0f, 0.0f, 0.0f}}))[0]);
      QVERIFY(samePixels(strip->image(0), decodedA));
      QVERIFY(samePixels(strip->image(steps - 1), decodedB));
      QVERIFY(!samePixels(strip->image(0), strip->image(steps - 1)));
    }
    // New weights re-decode the same frames.
    const QImage before = panel.interpolationStrip()->image(2);
    trainer->runEpoch();
    trainer->runEpoch();
    panel.setSnapshot(snapshotOf(*trainer));
    QCOMPARE(panel.interpolationStrip()->count(), 5);
    QVERIFY(!samePixels(panel.interpolationStrip()->image(2), before));
    // A model of another shape drops the path (A and B have the wrong length for it).
    panel.setSnapshot(snapshotOf(*smallTrainer(3)));
    QCOMPARE(panel.interpolationStrip()->count(), 0);
    QVERIFY(panel.interpolationFrames().isEmpty());
  }

  // Slerp follows the arc between non-parallel A and B; lerp cuts the chord, so their midpoints differ.
  void sphericalMidpointDiffersFromLinear() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setEndpointA({2.0, 0.0, 0.0, 0.0});
    panel.setEndpointB({0.0, 2.0, 0.0, 0.0});
    panel.setInterpolationSteps(5);
    panel.setSpherical(false);
    const QVector<double> linearMid = panel.interpolationFrames()[2];
    const QImage linearImage = panel.interpolationStrip()->image(2);
    QCOMPARE(linearMid, (QVector<double>{1.0, 1.0, 0.0, 0.0}));
    panel.setSpherical(true);
    QVERIFY(panel.isSpherical());
    const QVector<double> sphericalMid = panel.interpolationFrames()[2];
    QCOMPARE(panel.interpolationStrip()->count(), 5);
    // On the circle of radius 2 at 45 degrees: sqrt(2) in both dimensions.
    QVERIFY(std::abs(sphericalMid[0] - std::sqrt(2.0)) < 1e-9);
    QVERIFY(std::abs(sphericalMid[1] - std::sqrt(2.0)) < 1e-9);
    QVERIFY(!samePixels(panel.interpolationStrip()->image(2), linearImage));
    // The ends are the same in both modes.
    QCOMPARE(panel.interpolationFrames().first(), (QVector<double>{2.0, 0.0, 0.0, 0.0}));
    QCOMPARE(panel.interpolationFrames().last(), (QVector<double>{0.0, 2.0, 0.0, 0.0}));
  }

  // Play loads the frames into the sliders one after another; stop() (and a new endpoint) ends it.
  void playWalksTheSlidersThroughTheFrames() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    panel.play();
    QVERIFY(!panel.isPlaying());  // no path yet
    panel.setEndpointA({-2.0, 0.0, 0.0, 0.0});
    panel.setEndpointB({2.0, 0.0, 0.0, 0.0});
    panel.setInterpolationSteps(5);
    const QVector<QVector<double>> frames = panel.interpolationFrames();
    panel.play();
    QVERIFY(panel.isPlaying());
    QCOMPARE(panel.sliders()->z(), frames[0]);
    QTRY_COMPARE(panel.sliders()->z(), frames[1]);
    QTRY_COMPARE(panel.sliders()->z(), frames[4]);
    QTRY_COMPARE(panel.sliders()->z(), frames[3]);  // ping-pong: back towards A
    panel.stop();
    QVERIFY(!panel.isPlaying());
    const QVector<double> stopped = panel.sliders()->z();
    QTest::qWait(3 * ExplorePanel::kPlayIntervalMs);
    QCOMPARE(panel.sliders()->z(), stopped);
    // Changing an endpoint stops playback too.
    panel.play();
    QVERIFY(panel.isPlaying());
    panel.setEndpointB({0.0, 2.0, 0.0, 0.0});
    QVERIFY(!panel.isPlaying());
  }
};

QTEST_MAIN(TestExplorePanel)
#include "test_explorepanel.moc"
