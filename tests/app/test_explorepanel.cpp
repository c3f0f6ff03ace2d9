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

vae::DecoderSnapshotPtr snapshotOf(const vae::Trainer& trainer) {
  auto s = std::make_shared<vae::DecoderSnapshot>();
  s->config = trainer.modelConfig();
  for (const auto& p : trainer.model()->parameters()) s->parameters.push_back(p.detach().clone());
  s->step = trainer.globalStep();
  return s;
}

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
};

QTEST_MAIN(TestExplorePanel)
#include "test_explorepanel.moc"
