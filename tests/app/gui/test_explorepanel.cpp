#include "app/core/defaults.h"
#include "app/core/explorestate.h"
#include "app/gui/explorepanel.h"
#include "app/core/imageconversion.h"
#include "app/core/latentdecoder.h"
#include "model/checkpoint.h"
#include "model/datasetloaders.h"
#include "model/trainer.h"
#include "widgets/imagegridview.h"
#include "app/gui/latentplanepanel.h"
#include "widgets/latentgridview.h"
#include "widgets/latentscatter.h"
#include "widgets/latentsliders.h"
#include "app/gui/classpicker.h"
#include "tests/support/smallrun.h"

#include <QComboBox>
#include <QLineF>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

using vae::ExplorePanel;

namespace {
// A tiny model trained for a few steps: decoding differs visibly across z.
vae::DatasetSplit shapesData() {
  vae::ShapesOptions shapes;
  shapes.count = 600;
  return vae::makeShapes(shapes);
}

std::unique_ptr<vae::Trainer> smallTrainer(int latent) {
  vae::VaeConfig model;
  model.latentDim = latent;
  model.hiddenSizes = {32};
  vae::TrainConfig training;
  training.batchSize = 50;
  training.lr.lr = 3e-3;
  auto trainer = std::make_unique<vae::Trainer>(model, training, shapesData());
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

bool closeTo(const QVector<double>& a, const QVector<double>& b, double tol) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i)
    if (std::abs(a[i] - b[i]) > tol) return false;
  return true;
}

// The item whose nearest neighbour on screen is farthest away: a click on it cannot hit another.
int mostIsolatedPoint(const vae::LatentScatter* scatter) {
  int best = -1;
  double bestDistance = -1;
  const QRect area = scatter->plotAreaRect().adjusted(4, 4, -4, -4);
  for (int i = 0; i < scatter->pointCount(); ++i) {
    const QPointF pi = scatter->widgetPosOf(scatter->point(i));
    if (!area.contains(pi.toPoint())) continue;
    double nearest = 1e9;
    for (int j = 0; j < scatter->pointCount(); ++j)
      if (j != i) nearest = std::min(nearest, QLineF(pi, scatter->widgetPosOf(scatter->point(j))).length());
    if (nearest > bestDistance) {
      bestDistance = nearest;
      best = i;
    }
  }
  return best;
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
    // Decoded off the GUI thread: the strip follows once its images are back.
    QTRY_COMPARE(panel.traversalStrip()->count(), vae::kTraversalSteps);
    QSignalSpy decoded(&panel, &ExplorePanel::traversalDecoded);
    panel.sliders()->setValue(0, 1.0);
    panel.sliders()->setSelectedDimension(2);
    QVERIFY(decoded.wait(5000));
    QTRY_VERIFY(panel.traversalCaption().startsWith("Traversal of z2"));
    QCOMPARE(panel.traversalStrip()->count(), vae::kTraversalSteps);
    QCOMPARE(panel.traversalStrip()->caption(0), QString("-3.0"));
    for (int i : {0, vae::kTraversalSteps - 1}) {
      const float value = i == 0 ? -3.0f : 3.0f;
      torch::Tensor z = torch::tensor({{1.0f, 0.0f, value, 0.0f}});
      QVERIFY(samePixels(panel.traversalStrip()->image(i), vae::tensorToImage(trainer->model()->decodeImages(z)[0])));
    }
  }

  // A new range re-draws the strip over it at once: an autoencoder's fitted range once left "-3 to 3" showing
  // until the user picked another dimension.
  void traversalFollowsTheRange() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    QTRY_COMPARE(panel.traversalStrip()->count(), vae::kTraversalSteps);
    panel.sliders()->setRange(12);
    QTRY_COMPARE(panel.traversalStrip()->caption(0), QString("-12"));  // whole numbers beyond ±10
    QVERIFY2(panel.traversalCaption().contains("from -12 to 12"), qPrintable(panel.traversalCaption()));
  }

  // An autoencoder's report (no KL) gives the sliders its codes' spread, and the strip starts on the dimension
  // whose codes vary most.
  void autoencoderReportGivesSlidersTheCodeSpread() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setKl(vae::KlReport::fromCodeSpread({1.0, 2.0, 3.0, 4.0}, {0.5, 0.05, 2.5, 1.0}, true, 1));
    QVERIFY(panel.sliders()->showsCodeSpread());
    QVERIFY2(panel.sliders()->summaryText().contains("3 vary"), qPrintable(panel.sliders()->summaryText()));
    QCOMPARE(panel.sliders()->selectedDimension(), 2);
    // It starts at its codes' mean (as Reset puts it), the range widened to hold it.
    QCOMPARE(panel.sliders()->z(), (QVector<double>{1.0, 2.0, 3.0, 4.0}));
    QCOMPARE(panel.state()->z(), panel.sliders()->z());
  }

  // Issue 19: a conditional VAE's class picker lists the dataset's classes, shows z decoded as each of them, and
  // changes the class every view decodes as (the image and the traversal strip here); a click on the strip picks
  // too. A plain VAE has no picker.
  void classPickerChangesTheClassEveryViewDecodes() {
    const vae::Checkpoint checkpoint = vae::test::trainedCvaeCheckpoint("shapes:28:600", /*epochs=*/2, 64, 3e-3);
    ExplorePanel panel;
    panel.resize(1200, 900);
    panel.show();
    panel.setCheckpoint(checkpoint);
    panel.setDataset(shapesData().test);
    vae::ClassPicker* picker = panel.classPicker();
    QVERIFY(picker->isVisible());
    QCOMPARE(picker->classCount(), 3);
    QCOMPARE(picker->classBox()->itemText(1), QString("1 · ellipse"));
    QCOMPARE(picker->strip()->count(), 3);  // the dataset's names arrived after the model: the strip was redrawn
    panel.sliders()->setValue(0, 1.0);
    QCOMPARE(picker->strip()->count(), 3);
    QVERIFY(!samePixels(picker->strip()->image(0), picker->strip()->image(1)));  // same z, another class
    QCOMPARE(panel.classIndex(), 0);
    QVERIFY(samePixels(panel.currentImage(), picker->strip()->image(0)));
    QTRY_COMPARE(panel.traversalStrip()->count(), vae::kTraversalSteps);
    const QImage traversalBefore = panel.traversalStrip()->image(0);

    QSignalSpy changed(&panel, &ExplorePanel::classChanged);
    picker->classBox()->setCurrentIndex(2);
    Q_EMIT picker->classBox()->activated(2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.classIndex(), 2);
    QVERIFY(samePixels(panel.currentImage(), picker->strip()->image(2)));
    QTRY_VERIFY(!samePixels(panel.traversalStrip()->image(0), traversalBefore));

    QTest::mouseClick(picker->strip(), Qt::LeftButton, {}, picker->strip()->imageRect(1).center());
    QCOMPARE(panel.classIndex(), 1);
    QCOMPARE(picker->currentClass(), 1);
    // The strip marks the current class and names each image as the class box does (GUI walk: its tooltips said
    // "Image 2: ellipse" beside "1 · ellipse", and nothing showed which class was picked).
    QCOMPARE(picker->strip()->highlighted(), 1);
    picker->classBox()->setCurrentIndex(2);
    QCOMPARE(picker->strip()->highlighted(), 2);
    QVERIFY2(picker->strip()->toolTipAt(1).startsWith("1 · ellipse"), qPrintable(picker->strip()->toolTipAt(1)));

    auto trainer = smallTrainer(4);
    ExplorePanel plain;
    plain.show();
    plain.setSnapshot(snapshotOf(*trainer));
    QVERIFY(!plain.classPicker()->isVisible());
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
    QCOMPARE(panel.interpolationSteps(), vae::kInterpolationSteps);
    for (int steps : {vae::kInterpolationSteps, 5}) {
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

  // The scatter shows the test set's codes; clicking a point loads that item's mu into the sliders and
  // shows the original image.
  void scatterClickLoadsThatItemsCode() {
    auto trainer = smallTrainer(4);
    const vae::DatasetSplit data = shapesData();
    ExplorePanel panel;
    panel.resize(1400, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setAxes(0, 1);  // chosen: the codes' arrival keeps them
    panel.setDataset(data.test);
    vae::LatentPlanePanel* plane = panel.latentPlane();
    QTRY_VERIFY_WITH_TIMEOUT(plane->codes() != nullptr, 20000);
    const vae::LatentCodesPtr codes = plane->codes();
    QCOMPARE(panel.axisX(), 0);
    QCOMPARE(codes->count(), static_cast<int>(data.test.size()));
    plane->showView(1);
    vae::LatentScatter* scatter = panel.scatter();
    QCOMPARE(scatter->pointCount(), codes->count());
    // Projected on the chosen axes (z0, z1): the scatter's coordinates are the codes' values.
    QVERIFY(std::abs(scatter->point(5).x() - codes->code(5)[0]) < 1e-6);
    QVERIFY(std::abs(scatter->point(5).y() - codes->code(5)[1]) < 1e-6);

    scatter->replotNow();
    const int item = mostIsolatedPoint(scatter);
    QVERIFY(item >= 0);
    QSignalSpy picked(plane, &vae::LatentPlanePanel::codePicked);
    QTest::mouseClick(scatter->plotWidget(), Qt::LeftButton, {}, scatter->widgetPosOf(scatter->point(item)).toPoint());
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.first().first().toInt(), item);
    QVERIFY(closeTo(panel.sliders()->z(), codes->code(item), 1e-6));
    QCOMPARE(scatter->selectedIndex(), item);
    // The crosshair follows z to the clicked point.
    QVERIFY(QLineF(scatter->currentPoint(), scatter->point(item)).length() < 1e-6);
    QVERIFY(samePixels(panel.encodedImage().isNull() ? plane->datasetImage(item) : panel.encodedImage(),
                       plane->datasetImage(item)));
  }

  // PCA axes of the codes become grid axes: a grid click moves z to that cell's coordinates along the
  // principal axes and keeps the rest of z.
  void pcaAxesDriveTheGrid() {
    auto trainer = smallTrainer(4);
    const vae::DatasetSplit data = shapesData();
    ExplorePanel panel;
    panel.resize(1400, 900);
    panel.show();
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setDataset(data.test);
    vae::LatentPlanePanel* plane = panel.latentPlane();
    QTRY_VERIFY_WITH_TIMEOUT(plane->codes() != nullptr, 20000);
    QCOMPARE(plane->pcaAxisCount(), 4);
    panel.sliders()->setZ({0.5, -0.5, 0.25, 1.0});
    panel.setAxes(4, 5);  // PC1, PC2
    const vae::PlaneAxes axes = plane->axes();
    QCOMPARE(axes.nameX(), QStringLiteral("PC1"));
    QVERIFY(closeTo(axes.dirX(), plane->codes()->pcaAxes[0], 1e-6));
    QVERIFY(closeTo(axes.dirY(), plane->codes()->pcaAxes[1], 1e-6));
    QCOMPARE(panel.grid()->xAxisLabel(), QStringLiteral("PC1"));
    const QVector<double> before = panel.sliders()->z();
    vae::LatentGridView* grid = panel.grid();
    const quint64 answered = grid->latestRequestId();
    QTRY_VERIFY(grid->hasImages() && grid->latestRequestId() >= answered);
    const int n = grid->plane().n;
    const QVector<QPointF> cells = vae::LatentGridView::cellCoordinates(grid->plane());
    QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(2, n - 3).center());
    const QVector<double> after = panel.sliders()->z();
    const QPointF uv = axes.coordinates(after);
    QVERIFY(QLineF(uv, cells[2 * n + n - 3]).length() < 1e-3);  // sliders round to their step
    // Off the PCA plane nothing moved.
    QVERIFY(closeTo(axes.offPlane(after), axes.offPlane(before), 1e-3));
    // The grid cell decoded there is the image the sliders now show.
    QTest::qWait(50);  // the grid's re-request for the new z
    grid->clearCurrentPoint();  // the marker sits on that very cell
    const QImage shown = grid->grab().toImage();
    const QImage cell = shown.copy(grid->cellRect(2, n - 3).adjusted(1, 1, -1, -1));
    const QImage farCell = shown.copy(grid->cellRect(n - 1, 0).adjusted(1, 1, -1, -1));
    const double same = meanAbsDiff(cell, panel.currentImage()), other = meanAbsDiff(farCell, panel.currentImage());
    QVERIFY2(same < 4.0 && same < other, qPrintable(QStringLiteral("%1 vs %2").arg(same).arg(other)));
  }

  // The panel shows the report it is given (the one the KL bars show): sliders and scatter caption alike.
  void klReportReachesSlidersAndScatterCaption() {
    auto trainer = smallTrainer(4);
    const vae::DatasetSplit data = shapesData();
    ExplorePanel panel;
    panel.show();
    panel.setCheckpoint(vae::Checkpoint::capture(*trainer, "shapes:28:600"));
    panel.setDataset(data.test);
    QTRY_VERIFY_WITH_TIMEOUT(panel.latentPlane()->codes() != nullptr, 20000);
    QTest::qWait(200);
    QVERIFY(panel.sliders()->kl().isEmpty());  // the codes do not make a report of their own
    const vae::KlReport report = vae::KlReport::fromHeldOutKl({2.0, 0.001, 1.5, 0.0}, true, 7);
    panel.setKl(report);
    QCOMPARE(panel.sliders()->kl(), report.klPerDim);
    QVERIFY(panel.sliders()->summaryText().contains("2 active"));
    QVERIFY2(panel.latentPlane()->codesText().contains("2 of 4 dimensions active"),
             qPrintable(panel.latentPlane()->codesText()));
  }

  // Until the user picks axes, the first codes put the views on PC1 / PC2.
  void firstCodesSwitchToPcaAxes() {
    auto trainer = smallTrainer(4);
    const vae::DatasetSplit data = shapesData();
    ExplorePanel panel;
    panel.show();
    panel.setSnapshot(snapshotOf(*trainer));
    QCOMPARE(panel.latentPlane()->axes().nameX(), QStringLiteral("z0"));
    panel.setDataset(data.test);
    QTRY_VERIFY_WITH_TIMEOUT(panel.latentPlane()->codes() != nullptr, 20000);
    QCOMPARE(panel.axisX(), 4);
    QCOMPARE(panel.axisY(), 5);
    QCOMPARE(panel.grid()->xAxisLabel(), QStringLiteral("PC1"));
    QCOMPARE(panel.grid()->yAxisLabel(), QStringLiteral("PC2"));
  }

  // A hidden Explore panel encodes nothing; showing it does.
  void hiddenPanelDoesNotEncode() {
    auto trainer = smallTrainer(4);
    const vae::DatasetSplit data = shapesData();
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setDataset(data.test);
    QTest::qWait(300);
    QVERIFY(!panel.latentPlane()->codes());
    panel.show();
    QTRY_VERIFY_WITH_TIMEOUT(panel.latentPlane()->codes() != nullptr, 20000);
  }

  // The first KL moves the traversal strip to the most informative dimension once; a user's pick stays.
  void firstKlPicksTheTraversalDimension() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    QCOMPARE(panel.sliders()->selectedDimension(), 0);
    panel.setKl(vae::KlReport::fromHeldOutKl({0.1, 0.2, 3.0, 0.5}, /*settled=*/true, /*step=*/1));
    QCOMPARE(panel.sliders()->selectedDimension(), 2);
    panel.setKl(vae::KlReport::fromHeldOutKl({5.0, 0.2, 3.0, 0.5}, /*settled=*/true, /*step=*/1));
    QCOMPARE(panel.sliders()->selectedDimension(), 2);  // only the first KL moves it

    ExplorePanel other;
    other.setSnapshot(snapshotOf(*trainer));
    other.sliders()->setSelectedDimension(1);  // the user's choice
    other.setKl(vae::KlReport::fromHeldOutKl({0.1, 0.2, 3.0, 0.5}, /*settled=*/true, /*step=*/1));
    QCOMPARE(other.sliders()->selectedDimension(), 1);
  }

  // Choosing for one axis what the other shows swaps them instead of making a degenerate plane.
  void choosingTheOtherAxisSwaps() {
    auto trainer = smallTrainer(4);
    ExplorePanel panel;
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setAxes(0, 1);
    auto* boxX = panel.findChild<QComboBox*>(QStringLiteral("axisX"));
    QVERIFY(boxX);
    boxX->setCurrentIndex(1);
    QCOMPARE(panel.axisX(), 1);
    QCOMPARE(panel.axisY(), 0);
  }

  // One owner: the state. The sliders show it, the user's slider moves and a grid click both go through it.
  void slidersAndGridBindToTheState() {
    ExplorePanel panel;
    panel.resize(1200, 800);
    panel.show();
    auto trainer = smallTrainer(4);
    panel.setSnapshot(snapshotOf(*trainer));
    panel.setAxes(0, 1);
    vae::ExploreState* state = panel.state();
    QCOMPARE(state->dimensions(), 4);
    state->setZ({0.5, -0.5, 0.25, 1.0});
    QCOMPARE(panel.sliders()->z(), state->z());
    QCOMPARE(panel.grid()->currentPoint(), QPointF(0.5, -0.5));
    panel.sliders()->setValue(3, -2.0);  // as a drag does
    QCOMPARE(state->value(3), -2.0);
    panel.sliders()->setRange(1.0);  // the range box
    QCOMPARE(state->range(), 1.0);
    QCOMPARE(state->value(3), -1.0);
    state->setSelectedDimension(2);
    QCOMPARE(panel.sliders()->selectedDimension(), 2);
    Q_EMIT panel.grid()->pointClicked(QPointF(0.75, 0.25));
    QCOMPARE(state->value(0), 0.75);
    QCOMPARE(state->value(1), 0.25);
    QCOMPARE(panel.sliders()->z(), state->z());
  }
};

QTEST_MAIN(TestExplorePanel)
#include "test_explorepanel.moc"
