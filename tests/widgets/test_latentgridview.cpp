#include "widgets/latentgridview.h"

#include <QSignalSpy>
#include <QWheelEvent>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/widgetshot.h"

#include <cmath>

using vae::LatentGridView;
using vae::LatentPlane;

namespace {
LatentPlane makePlane(double cx, double cy, double span, int n) {
  LatentPlane p;
  p.centerX = cx;
  p.centerY = cy;
  p.span = span;
  p.n = n;
  return p;
}

// A distinct, easily told-apart solid colour per cell.
QColor cellColour(int r, int c, int n) {
  return QColor::fromHsv((r * n + c) * 359 / (n * n), 200, 80 + 170 * ((r + c) % 2));
}

QVector<QImage> colouredImages(int n, QSize size = QSize(28, 28)) {
  QVector<QImage> images;
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      QImage img(size, QImage::Format_RGB32);
      img.fill(cellColour(r, c, n));
      images.append(img);
    }
  }
  return images;
}

bool near(double a, double b, double tol = 1e-9) { return std::abs(a - b) <= tol; }

// Sets up a shown widget with plane p and waits for the one request it triggers.
quint64 settle(LatentGridView& view, const LatentPlane& p) {
  QSignalSpy spy(&view, &LatentGridView::imagesRequested);
  view.setPlane(p);
  if (!spy.wait(1000)) return view.latestRequestId();
  return spy.last().at(1).value<quint64>();
}

// Plain hover (no button held), delivered directly: QTest::mouseMove without a pressed button
// only moves the cursor, which the offscreen platform does not turn into events.
void sendHover(QWidget* w, QPointF pos) {
  QMouseEvent event(QEvent::MouseMove, pos, w->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(w, &event);
}

void sendWheel(QWidget* w, QPointF pos, int angleY) {
  QWheelEvent event(pos, w->mapToGlobal(pos), QPoint(), QPoint(0, angleY), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(w, &event);
}
}  // namespace

using vae::test::saveShot;

class TestLatentGridView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cellCoordinatesCornersAndCentre_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("col");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    // Plane centred at (1, -2) with span 3: corners at centre ± 3, row 0 at the top (largest y).
    QTest::newRow("n3 top-left") << 3 << 0 << 0 << -2.0 << 1.0;
    QTest::newRow("n3 top-right") << 3 << 0 << 2 << 4.0 << 1.0;
    QTest::newRow("n3 bottom-left") << 3 << 2 << 0 << -2.0 << -5.0;
    QTest::newRow("n3 bottom-right") << 3 << 2 << 2 << 4.0 << -5.0;
    QTest::newRow("n3 centre") << 3 << 1 << 1 << 1.0 << -2.0;
    QTest::newRow("n20 top-left") << 20 << 0 << 0 << -2.0 << 1.0;
    QTest::newRow("n20 top-right") << 20 << 0 << 19 << 4.0 << 1.0;
    QTest::newRow("n20 bottom-left") << 20 << 19 << 0 << -2.0 << -5.0;
    QTest::newRow("n20 bottom-right") << 20 << 19 << 19 << 4.0 << -5.0;
    // Even n has no centre cell: the two middle columns straddle centreX symmetrically.
    QTest::newRow("n20 col 10, row 9") << 20 << 9 << 10 << 1.0 + 3.0 / 19 << -2.0 + 3.0 / 19;
  }
  void cellCoordinatesCornersAndCentre() {
    QFETCH(int, n);
    QFETCH(int, row);
    QFETCH(int, col);
    QFETCH(double, x);
    QFETCH(double, y);
    const QVector<QPointF> pts = LatentGridView::cellCoordinates(makePlane(1, -2, 3, n));
    QCOMPARE(pts.size(), n * n);
    const QPointF p = pts[row * n + col];
    QVERIFY2(near(p.x(), x) && near(p.y(), y),
             qPrintable(QString("got (%1, %2)").arg(p.x(), 0, 'g', 17).arg(p.y(), 0, 'g', 17)));
  }

  void cellCoordinatesSingleCellIsCentre() {
    const QVector<QPointF> pts = LatentGridView::cellCoordinates(makePlane(0.5, 0.25, 3, 1));
    QCOMPARE(pts.size(), 1);
    QCOMPARE(pts[0], QPointF(0.5, 0.25));
  }

  void burstOfChangesGivesOneRequest() {
    LatentGridView view;
    QSignalSpy spy(&view, &LatentGridView::imagesRequested);
    view.setPlane(makePlane(0.1, 0, 3, 10));
    view.setPlane(makePlane(0.2, 0, 3, 10));
    view.setSpan(2);
    view.setGridSize(12);
    view.setPlane(makePlane(0.5, -0.5, 1.5, 7));
    QCOMPARE(spy.count(), 0);  // nothing until the event loop turns
    QVERIFY(spy.wait(1000));
    QTest::qWait(20);
    QCOMPARE(spy.count(), 1);
    const auto plane = spy.at(0).at(0).value<LatentPlane>();
    QVERIFY(plane == makePlane(0.5, -0.5, 1.5, 7));
    QCOMPARE(spy.at(0).at(1).value<quint64>(), view.latestRequestId());
  }

  void unchangedPlaneDoesNotRequest() {
    LatentGridView view;
    QSignalSpy spy(&view, &LatentGridView::imagesRequested);
    view.setPlane(view.plane());
    QTest::qWait(20);
    QCOMPARE(spy.count(), 0);
  }

  void staleImagesAreIgnoredLatestShown() {
    LatentGridView view;
    view.resize(400, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int n = 4;
    const quint64 first = settle(view, makePlane(0, 0, 3, n));
    const quint64 second = settle(view, makePlane(1, 0, 3, n));
    QVERIFY(second > first);

    view.setImages(colouredImages(n), first);  // answer to a superseded request
    QVERIFY(!view.hasImages());

    view.setImages(colouredImages(n).mid(1), second);  // wrong count
    QVERIFY(!view.hasImages());

    view.setImages(colouredImages(n), second);
    QVERIFY(view.hasImages());
    const QImage shot = view.grab().toImage();
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) {
        const QPoint centre = view.cellRect(r, c).center();
        QCOMPARE(QColor(shot.pixel(centre)).rgb(), cellColour(r, c, n).rgb());
      }
    }

    // A late answer to the old request must not overwrite what is shown.
    QVector<QImage> black = colouredImages(n);
    for (QImage& img : black) img.fill(Qt::black);
    view.setImages(black, first);
    const QImage after = view.grab().toImage();
    QCOMPARE(QColor(after.pixel(view.cellRect(0, 0).center())).rgb(), cellColour(0, 0, n).rgb());
  }

  void placeholderWithoutImages() {
    LatentGridView view;
    view.resize(300, 300);
    const QImage shot = view.grab().toImage();
    // Dark canvas with some lighter text pixels in the grid (the placeholder sentence).
    const QRect grid = view.gridRect();
    QVERIFY(QColor(shot.pixel(grid.topLeft() + QPoint(2, 2))).lightness() < 80);
    int light = 0;
    for (int y = grid.top(); y <= grid.bottom(); ++y)
      for (int x = grid.left(); x <= grid.right(); ++x) light += QColor(shot.pixel(x, y)).lightness() > 120;
    QVERIFY(light > 20);
  }

  void clickOnCellEmitsItsCoordinates_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("col");
    QTest::newRow("top-left") << 0 << 0;
    QTest::newRow("middle") << 2 << 3;
    QTest::newRow("bottom-right") << 4 << 4;
  }
  void clickOnCellEmitsItsCoordinates() {
    QFETCH(int, row);
    QFETCH(int, col);
    LatentGridView view;
    view.resize(400, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const LatentPlane p = makePlane(0.5, -1, 2, 5);
    settle(view, p);
    QSignalSpy clicked(&view, &LatentGridView::pointClicked);
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, view.cellRect(row, col).center());
    QCOMPARE(clicked.count(), 1);
    const QPointF expected = LatentGridView::cellCoordinates(p)[row * 5 + col];
    const QPointF got = clicked.at(0).at(0).toPointF();
    QVERIFY(near(got.x(), expected.x()) && near(got.y(), expected.y()));
    // Clicking does not move the plane.
    QVERIFY(view.plane() == p);
  }

  void cellCentresMapToCellCoordinates() {
    LatentGridView view;
    view.resize(500, 420);
    const LatentPlane p = makePlane(-1, 2, 1.5, 6);
    view.setPlane(p);
    const QVector<QPointF> pts = LatentGridView::cellCoordinates(p);
    for (int r = 0; r < 6; ++r) {
      for (int c = 0; c < 6; ++c) {
        const QRectF cell = view.cellRect(r, c);
        const QPointF xy = view.planePointAt(cell.topLeft() + QPointF(cell.width() / 2, cell.height() / 2));
        QVERIFY(near(xy.x(), pts[r * 6 + c].x(), 1e-9) && near(xy.y(), pts[r * 6 + c].y(), 1e-9));
        QCOMPARE(view.cellAt(cell.center()), QPoint(r, c));
      }
    }
    QVERIFY(view.rect().contains(view.gridRect()));
  }

  void wheelZoomsAroundTheCursor_data() {
    QTest::addColumn<int>("angle");
    QTest::addColumn<double>("factor");
    QTest::newRow("one notch in") << 120 << 1.0 / 1.25;
    QTest::newRow("one notch out") << -120 << 1.25;
    QTest::newRow("two notches in") << 240 << 1.0 / (1.25 * 1.25);
  }
  void wheelZoomsAroundTheCursor() {
    QFETCH(int, angle);
    QFETCH(double, factor);
    LatentGridView view;
    view.resize(400, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    settle(view, makePlane(0.25, -0.5, 2, 9));
    const QPointF mouse = view.cellRect(1, 6).center() + QPointF(3.5, -2.25);
    const QPointF before = view.planePointAt(mouse);
    QSignalSpy spy(&view, &LatentGridView::imagesRequested);
    sendWheel(&view, mouse, angle);
    QVERIFY(near(view.plane().span, 2 * factor, 1e-12));
    const QPointF after = view.planePointAt(mouse);
    QVERIFY2(near(after.x(), before.x(), 1e-9) && near(after.y(), before.y(), 1e-9),
             qPrintable(QString("(%1,%2) -> (%3,%4)").arg(before.x()).arg(before.y()).arg(after.x()).arg(after.y())));
    QVERIFY(spy.wait(1000));
    QCOMPARE(spy.count(), 1);
  }

  void dragPansWithoutClicking() {
    LatentGridView view;
    view.resize(400, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const LatentPlane p = makePlane(0, 0, 3, 7);
    settle(view, p);
    const double unitsPerPixel = 2 * p.span / ((p.n - 1) * view.cellRect(0, 0).width());
    QSignalSpy clicked(&view, &LatentGridView::pointClicked);

    const QPoint start = view.cellRect(3, 3).center();
    const QPoint delta(40, -25);  // right and up
    const QPointF grabbed = view.planePointAt(start);
    QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(&view, start + QPoint(10, -5));
    QTest::mouseMove(&view, start + delta);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, start + delta);

    // The content follows the mouse, so the view centre moves the opposite way: dragging right
    // brings smaller x into view; dragging up (screen y down is plane y up) brings smaller y.
    QVERIFY(near(view.plane().centerX, -delta.x() * unitsPerPixel, 1e-9));
    QVERIFY(near(view.plane().centerY, delta.y() * unitsPerPixel, 1e-9));
    QVERIFY(near(view.plane().span, p.span));
    const QPointF under = view.planePointAt(start + delta);
    QVERIFY(near(under.x(), grabbed.x(), 1e-9) && near(under.y(), grabbed.y(), 1e-9));
    QCOMPARE(clicked.count(), 0);
  }

  void doubleClickResetsView() {
    LatentGridView view;
    view.resize(400, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    settle(view, makePlane(4, -2, 0.5, 8));
    QTest::mouseDClick(&view, Qt::LeftButton, Qt::NoModifier, view.cellRect(2, 2).center());
    QVERIFY(view.plane() == makePlane(0, 0, 3, 8));
  }

  void hoverEmitsCellCoordinates() {
    LatentGridView view;
    view.resize(400, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const LatentPlane p = makePlane(0, 0, 3, 4);
    settle(view, p);
    QSignalSpy hovered(&view, &LatentGridView::hovered);
    sendHover(&view, view.cellRect(1, 2).center());
    QCOMPARE(hovered.count(), 1);
    QCOMPARE(hovered.at(0).at(0).toPointF(), LatentGridView::cellCoordinates(p)[1 * 4 + 2]);
    sendHover(&view, view.cellRect(1, 2).center() + QPoint(2, 2));  // same cell: no repeat
    QCOMPARE(hovered.count(), 1);
    sendHover(&view, view.cellRect(3, 0).center());
    QCOMPARE(hovered.count(), 2);
    QCOMPARE(hovered.at(1).at(0).toPointF(), LatentGridView::cellCoordinates(p)[3 * 4 + 0]);
  }

  void gridSizeIsClamped_data() {
    QTest::addColumn<int>("requested");
    QTest::addColumn<int>("expected");
    QTest::newRow("too small") << 1 << 3;
    QTest::newRow("negative") << -5 << 3;
    QTest::newRow("lower bound") << 3 << 3;
    QTest::newRow("inside") << 17 << 17;
    QTest::newRow("upper bound") << 30 << 30;
    QTest::newRow("too large") << 100 << 30;
  }
  void gridSizeIsClamped() {
    QFETCH(int, requested);
    QFETCH(int, expected);
    LatentGridView view;
    view.setGridSize(requested);
    QCOMPARE(view.plane().n, expected);
    view.setPlane(makePlane(0, 0, 3, requested));
    QCOMPARE(view.plane().n, expected);
  }

  void axisLabelsAndCurrentPoint() {
    LatentGridView view;
    view.setAxisLabels("z3", "PC1");
    QCOMPARE(view.xAxisLabel(), QString("z3"));
    QCOMPARE(view.yAxisLabel(), QString("PC1"));
    QVERIFY(!view.hasCurrentPoint());
    view.setCurrentPoint(QPointF(0.3, -0.7));
    QVERIFY(view.hasCurrentPoint());
    QCOMPARE(view.currentPoint(), QPointF(0.3, -0.7));
  }

  // Renders a grid, its hover and the empty view for a person to look at (saveShot: VAE_WIDGET_SHOTS).
  void renderForInspection() {
    const QTemporaryDir shots;
    QVERIFY(shots.isValid());
    LatentGridView view;
    view.resize(520, 520);
    view.setAxisLabels("z3", "PC1");
    const int n = 8;
    const quint64 id = settle(view, makePlane(0.5, -0.25, 2, n));
    QVector<QImage> images;
    for (int r = 0; r < n; ++r) {
      for (int c = 0; c < n; ++c) {
        // A digit-like gradient blob so nearest-neighbour scaling is visible.
        QImage img(28, 28, QImage::Format_Grayscale8);
        for (int y = 0; y < 28; ++y)
          for (int x = 0; x < 28; ++x) {
            const double d = std::hypot(x - 4 - 2.5 * c, y - 4 - 2.5 * r);
            img.setPixel(x, y, qRgb(0, 0, 0));
            img.setPixelColor(x, y, QColor::fromHsv(0, 0, std::max(0, 255 - static_cast<int>(d * 40))));
          }
        images.append(img);
      }
    }
    view.setImages(images, id);
    view.setCurrentPoint(QPointF(0.9, 0.1));
    saveShot(view, "grid", shots);
    sendHover(&view, view.cellRect(6, 5).center());
    saveShot(view, "grid_hover", shots);
    LatentGridView empty;
    empty.resize(400, 300);
    saveShot(empty, "grid_empty", shots);
  }
};

QTEST_MAIN(TestLatentGridView)
#include "test_latentgridview.moc"
