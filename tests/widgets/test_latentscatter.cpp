#include "widgets/latentscatter.h"

#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using vae::LatentPlane;
using vae::LatentScatter;

namespace {
LatentPlane makePlane(double cx, double cy, double span, int n) {
  LatentPlane p;
  p.centerX = cx;
  p.centerY = cy;
  p.span = span;
  p.n = n;
  return p;
}

bool near(double a, double b, double tol = 1e-9) { return std::abs(a - b) <= tol; }

// Three classes of 3, 2 and 4 items, well apart at the default view (±3.33 for n = 10):
// item 8 at (2.5, -2.5) is alone in its corner.
const QVector<QPointF> kPoints = {{-2, 2},   {-2.5, 2},  {-2, 2.5},  {0, 0},   {0.3, 0},
                                  {1.5, 1.5}, {1.5, 1.0}, {1.0, 1.5}, {2.5, -2.5}};
const QVector<int> kLabels = {0, 0, 0, 1, 1, 2, 2, 2, 2};
const QStringList kNames = {"T-shirt", "Trouser", "Bag"};
constexpr int kIsolated = 8;

// n items spread like μ of a trained VAE: ten Gaussian clusters (σ 0.6) on a ring of radius 1.5,
// so most of ±3 is covered and dots overlap in the middle. Deterministic (Box-Muller over a LCG).
void blobs(int n, QVector<QPointF>* points, QVector<int>* labels) {
  quint32 state = 12345;
  auto uniform = [&state] {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) / double(1 << 24) + 1e-9;
  };
  for (int i = 0; i < n; ++i) {
    const int k = i % 10;
    const double r = std::sqrt(-2 * std::log(uniform())) * 0.6, a = 2 * M_PI * uniform();
    points->append(QPointF(1.5 * std::cos(k * 0.628) + r * std::cos(a), 1.5 * std::sin(k * 0.628) + r * std::sin(a)));
    labels->append(k);
  }
}

// Shown, laid out and replotted: pixel mapping is valid afterwards.
void showAndSettle(LatentScatter& w) {
  w.resize(500, 500);
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  w.customPlot()->replot();
}

void sendMove(QWidget* target, QPointF pos, Qt::MouseButtons buttons) {
  QMouseEvent move(QEvent::MouseMove, pos, target->mapToGlobal(pos), Qt::NoButton, buttons, Qt::NoModifier);
  QApplication::sendEvent(target, &move);
}

void sendWheel(QWidget* target, QPointF pos, int delta) {
  QWheelEvent wheel(pos, target->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(target, &wheel);
}

// Press, several moves, release: a pan by (dx, dy) pixels.
void drag(QWidget* target, QPoint from, QPoint by) {
  QTest::mousePress(target, Qt::LeftButton, {}, from);
  for (int step = 1; step <= 8; ++step) sendMove(target, QPointF(from + by * step / 8), Qt::LeftButton);
  QTest::mouseRelease(target, Qt::LeftButton, {}, from + by);
}

// With VAE_WIDGET_SHOTS=<dir> the timing test saves what it drew, to be looked at by a person.
void maybeSave(QWidget& w, const QString& name) {
  const QString dir = qEnvironmentVariable("VAE_WIDGET_SHOTS");
  if (dir.isEmpty()) return;
  QCoreApplication::processEvents();  // run the queued replot first: grab() shows the last one
  QVERIFY(w.grab().save(dir + "/" + name + ".png"));
}

}  // namespace

class TestLatentScatter : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void oneGraphAndLegendEntryPerClass() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    QCustomPlot* cp = w.customPlot();
    QCOMPARE(w.pointCount(), kPoints.size());
    QCOMPARE(cp->graphCount(), 3);
    QVERIFY(cp->legend->visible());
    QCOMPARE(cp->legend->itemCount(), 3);
    const int counts[] = {3, 2, 4};
    for (int k = 0; k < 3; ++k) {
      QCOMPARE(cp->graph(k)->name(), kNames[k]);
      QCOMPARE(cp->graph(k)->dataCount(), counts[k]);
      QVERIFY(cp->legend->hasItemWithPlottable(cp->graph(k)));
      QCOMPARE(cp->graph(k)->lineStyle(), QCPGraph::lsNone);
    }
    QCOMPARE(w.label(5), 2);
    QCOMPARE(w.point(5), QPointF(1.5, 1.5));
  }

  void missingClassNamesAndAbsentClasses() {
    LatentScatter w;
    // Class 1 has no items: no graph for it. Class 3 has no name.
    w.setPoints({{0, 0}, {1, 1}, {2, 2}}, {0, 3, 3}, {"zero"});
    QCustomPlot* cp = w.customPlot();
    QCOMPARE(cp->graphCount(), 2);
    QCOMPARE(cp->graph(0)->name(), QString("zero"));
    QCOMPARE(cp->graph(1)->name(), QString("Class 3"));
    // Colours stay tied to the class index, not to the graph's position.
    LatentScatter other;
    other.setPoints({{0, 0}}, {3}, {});
    QCOMPARE(other.customPlot()->graph(0)->scatterStyle().pixmap().toImage(),
             cp->graph(1)->scatterStyle().pixmap().toImage());
  }

  void unlabelledPointsAreOneGraphWithoutLegend() {
    LatentScatter w;
    w.setPoints(kPoints, {}, {});
    QCustomPlot* cp = w.customPlot();
    QCOMPARE(cp->graphCount(), 1);
    QCOMPARE(cp->graph(0)->name(), QString("codes"));
    QCOMPARE(cp->graph(0)->dataCount(), kPoints.size());
    QVERIFY(!cp->legend->visible());
    QCOMPARE(w.label(0), -1);
  }

  void clearPointsShowsPlaceholder() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    w.setSelectedIndex(2);
    w.clearPoints();
    QCOMPARE(w.pointCount(), 0);
    QCOMPARE(w.customPlot()->graphCount(), 0);
    QVERIFY(!w.customPlot()->legend->visible());
    QCOMPARE(w.selectedIndex(), -1);
    w.setPlaceholderText("Encoding 10,000 test images…");
    bool found = false;
    for (int i = 0; i < w.customPlot()->itemCount(); ++i) {
      auto* text = qobject_cast<QCPItemText*>(w.customPlot()->item(i));
      if (text && text->visible() && text->text().replace('\n', ' ') == QString("Encoding 10,000 test images…"))
        found = true;
    }
    QVERIFY(found);
  }

  // A long reason is broken into lines inside the plot, and no crosshair is drawn through it.
  void longPlaceholderWrapsInsideThePlot() {
    LatentScatter w;
    showAndSettle(w);
    w.setCurrentPoint(QPointF(0.0, 0.0));
    w.setPlaceholderText("No scatter: the scatter and the PCA axes need the dataset the model was trained on "
                         "(File → Open Dataset), which could not be found on this machine");
    QCustomPlot* cp = w.customPlot();
    cp->replot();
    for (int i = 0; i < cp->itemCount(); ++i) {
      if (auto* text = qobject_cast<QCPItemText*>(cp->item(i)); text && text->visible()) {
        QVERIFY(text->text().contains('\n'));
        QVERIFY2(text->left->pixelPosition().x() >= cp->axisRect()->left() &&
                     text->right->pixelPosition().x() <= cp->axisRect()->right(),
                 qPrintable(text->text()));
      }
      if (auto* line = qobject_cast<QCPItemStraightLine*>(cp->item(i))) QVERIFY(!line->visible());
    }
  }

  void setPlaneSetsSquareRangesWithoutSignal() {
    LatentScatter w;
    QSignalSpy spy(&w, &LatentScatter::planeChanged);
    const LatentPlane p = makePlane(1, -2, 3, 7);
    w.setPlane(p);
    QVERIFY(w.plane() == p);
    const double extent = 3.0 * 7 / 6;  // half a cell beyond the outermost centres
    QVERIFY(near(w.customPlot()->xAxis->range().lower, 1 - extent));
    QVERIFY(near(w.customPlot()->xAxis->range().upper, 1 + extent));
    QVERIFY(near(w.customPlot()->yAxis->range().lower, -2 - extent));
    QVERIFY(near(w.customPlot()->yAxis->range().upper, -2 + extent));
    QTest::qWait(20);
    QCOMPARE(spy.count(), 0);
  }

  void setPointsKeepsTheView() {
    LatentScatter w;
    showAndSettle(w);
    const LatentPlane p = makePlane(0.5, 0.5, 1.2, 10);
    w.setPlane(p);
    const QCPRange x = w.customPlot()->xAxis->range();
    const QCPRange y = w.customPlot()->yAxis->range();
    w.setPoints(kPoints, kLabels, kNames);
    QTest::qWait(20);
    QVERIFY(w.plane() == p);
    QCOMPARE(w.customPlot()->xAxis->range(), x);
    QCOMPARE(w.customPlot()->yAxis->range(), y);
  }

  void clickOnIsolatedPointEmitsItsIndex() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    QSignalSpy clicked(&w, &LatentScatter::pointClicked);
    QSignalSpy moved(&w, &LatentScatter::planeChanged);
    const QPoint at = w.widgetPosOf(w.point(kIsolated)).toPoint() + QPoint(2, -1);  // near, not exact
    QTest::mouseClick(w.customPlot(), Qt::LeftButton, {}, at);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toInt(), kIsolated);
    QCOMPARE(w.selectedIndex(), kIsolated);
    QCOMPARE(moved.count(), 0);
  }

  void shakyClickIsStillAClick() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    QSignalSpy clicked(&w, &LatentScatter::pointClicked);
    QSignalSpy moved(&w, &LatentScatter::planeChanged);
    const QPoint at = w.widgetPosOf(w.point(kIsolated)).toPoint();
    const QPoint shake(QApplication::startDragDistance() / 2, 0);
    QTest::mousePress(w.customPlot(), Qt::LeftButton, {}, at);
    sendMove(w.customPlot(), at + shake, Qt::LeftButton);
    QTest::mouseRelease(w.customPlot(), Qt::LeftButton, {}, at + shake);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(moved.count(), 0);  // below the drag distance the view does not move either
    QVERIFY(w.plane() == LatentPlane());
  }

  void clickFarFromEveryPointEmitsNothing() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    QSignalSpy clicked(&w, &LatentScatter::pointClicked);
    QTest::mouseClick(w.customPlot(), Qt::LeftButton, {}, w.widgetPosOf(QPointF(-2.5, -2.5)).toPoint());
    QCOMPARE(clicked.count(), 0);
    QCOMPARE(w.indexAt(w.widgetPosOf(QPointF(-2.5, -2.5))), -1);
  }

  void rightClickAsksForContextMenu() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    QSignalSpy menu(&w, &LatentScatter::pointContextMenuRequested);
    QSignalSpy background(&w, &LatentScatter::backgroundContextMenuRequested);
    QSignalSpy clicked(&w, &LatentScatter::pointClicked);
    const QPoint at = w.widgetPosOf(w.point(3)).toPoint();
    QTest::mouseClick(w.customPlot(), Qt::RightButton, {}, at);
    QCOMPARE(menu.count(), 1);
    QCOMPARE(menu.at(0).at(0).toInt(), 3);
    QCOMPARE(menu.at(0).at(1).toPoint(), w.customPlot()->mapToGlobal(at));
    QCOMPARE(clicked.count(), 0);
    QCOMPARE(background.count(), 0);
    const QPoint empty = w.widgetPosOf(QPointF(-2.5, -2.5)).toPoint();
    QTest::mouseClick(w.customPlot(), Qt::RightButton, {}, empty);
    QCOMPARE(menu.count(), 1);
    // Away from every item the view's own menu is asked for instead (Save Image As…).
    QCOMPARE(background.count(), 1);
    QCOMPARE(background.at(0).at(0).toPoint(), w.customPlot()->mapToGlobal(empty));
  }

  void dragRightMovesCentreLeftWithoutClick() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    QSignalSpy moved(&w, &LatentScatter::planeChanged);
    QSignalSpy clicked(&w, &LatentScatter::pointClicked);
    // Start on an item: a drag is still a pan, not a click, though the item stays under the cursor.
    const QPoint from = w.widgetPosOf(w.point(1)).toPoint();
    const double unitsPerPixel = w.customPlot()->xAxis->range().size() / w.customPlot()->axisRect()->width();
    drag(w.customPlot(), from, QPoint(80, 0));
    QVERIFY(moved.count() >= 1);
    QCOMPARE(clicked.count(), 0);
    const LatentPlane p = moved.last().at(0).value<LatentPlane>();
    QVERIFY(p == w.plane());
    QVERIFY2(near(p.centerX, -80 * unitsPerPixel, 1e-6), qPrintable(QString::number(p.centerX)));
    QVERIFY(near(p.centerY, 0, 1e-9));
    QVERIFY(near(p.span, 3, 1e-9));
    QCOMPARE(p.n, 10);
    QCOMPARE(w.indexAt(from + QPoint(80, 0)), 1);
    // Still square: both axes span centre ± the same extent.
    QVERIFY(near(w.customPlot()->xAxis->range().size(), w.customPlot()->yAxis->range().size()));
    // Dragging up moves the view up the plane's y axis, i.e. the centre down.
    drag(w.customPlot(), from, QPoint(0, -60));
    QVERIFY(w.plane().centerY < 0);
  }

  void wheelUpZoomsInAndStaysSquare() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    QSignalSpy moved(&w, &LatentScatter::planeChanged);
    QCustomPlot* cp = w.customPlot();
    // Off-centre, so x and y are scaled around different anchors.
    const QPoint at = cp->axisRect()->rect().center() + QPoint(60, -30);
    sendWheel(cp, at, 120);
    QCOMPARE(moved.count(), 1);
    const LatentPlane p = moved.at(0).at(0).value<LatentPlane>();
    QVERIFY2(near(p.span, 3 / 1.25, 1e-9), qPrintable(QString::number(p.span)));
    QVERIFY(near(cp->xAxis->range().size(), cp->yAxis->range().size()));
    QVERIFY(near(cp->xAxis->range().center(), p.centerX) && near(cp->yAxis->range().center(), p.centerY));
    QVERIFY(p.centerX > 0 && p.centerY > 0);  // zoomed towards the cursor (right of and above centre)
    sendWheel(cp, at, -240);
    QCOMPARE(moved.count(), 2);
    QVERIFY(w.plane().span > 3);
  }

  void doubleClickResetsTheView() {
    LatentScatter w;
    showAndSettle(w);
    w.setPlane(makePlane(2, 2, 0.5, 12));
    QSignalSpy moved(&w, &LatentScatter::planeChanged);
    QTest::mouseDClick(w.customPlot(), Qt::LeftButton, {}, w.customPlot()->axisRect()->rect().center());
    QVERIFY(moved.count() >= 1);
    QVERIFY(w.plane() == makePlane(0, 0, 3, 12));
  }

  void doubleClickOnItemClicksOnceAndResets() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    QSignalSpy clicked(&w, &LatentScatter::pointClicked);
    QSignalSpy moved(&w, &LatentScatter::planeChanged);
    // What Qt 6 delivers for a real double-click (QTest::mouseDClick sends the DblClick event alone).
    QCustomPlot* cp = w.customPlot();
    const QPointF at = w.widgetPosOf(w.point(kIsolated));
    for (QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease, QEvent::MouseButtonPress,
                              QEvent::MouseButtonDblClick, QEvent::MouseButtonRelease}) {
      const Qt::MouseButtons held = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
      QMouseEvent event(type, at, cp->mapToGlobal(at), Qt::LeftButton, held, Qt::NoModifier);
      QApplication::sendEvent(cp, &event);
    }
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(moved.count(), 1);
    QCOMPARE(w.selectedIndex(), kIsolated);
  }

  void crosshairFollowsTheCurrentPoint() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);  // without points there is no crosshair (the placeholder is there)
    showAndSettle(w);
    QTest::qWait(50);
    QVERIFY(!w.hasCurrentPoint());
    QSignalSpy replots(&w, &LatentScatter::replotted);
    w.setCurrentPoint(QPointF(0.7, -1.1));
    QTest::qWait(20);
    QCOMPARE(replots.count(), 0);  // only the marks' own layer is redrawn, not the dots
    QVERIFY(w.hasCurrentPoint());
    QCOMPARE(w.currentPoint(), QPointF(0.7, -1.1));
    QCustomPlot* cp = w.customPlot();
    int vertical = 0, horizontal = 0;
    for (int i = 0; i < cp->itemCount(); ++i) {
      auto* line = qobject_cast<QCPItemStraightLine*>(cp->item(i));
      if (!line || !line->visible()) continue;
      const QPointF a = line->point1->coords(), b = line->point2->coords();
      QVERIFY(a == QPointF(0.7, -1.1) || b == QPointF(0.7, -1.1));
      vertical += a.x() == b.x() && a.x() == 0.7;
      horizontal += a.y() == b.y() && a.y() == -1.1;
    }
    QCOMPARE(vertical, 1);
    QCOMPARE(horizontal, 1);
    w.clearCurrentPoint();
    QVERIFY(!w.hasCurrentPoint());
    for (int i = 0; i < cp->itemCount(); ++i) {
      if (auto* line = qobject_cast<QCPItemStraightLine*>(cp->item(i))) QVERIFY(!line->visible());
    }
  }

  void hoverShowsItemTooltip() {
    LatentScatter w;
    w.setPoints(kPoints, kLabels, kNames);
    showAndSettle(w);
    sendMove(w.customPlot(), w.widgetPosOf(w.point(kIsolated)), Qt::NoButton);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), QString("#8 · Bag · (2.5, -2.5)"));
    sendMove(w.customPlot(), w.widgetPosOf(QPointF(-2.5, -2.5)), Qt::NoButton);
    QTRY_VERIFY(!QToolTip::isVisible());
  }

  // 10 000 codes of ten classes: one graph per class holding all of its points. (How fast they pan is
  // measured by `vae-studio bench --explore`, scatter10k_pan_*, not by a unit test.)
  void tenThousandPointsAreOneGraphPerClass() {
    LatentScatter w;
    QVector<QPointF> points;
    QVector<int> labels;
    blobs(10000, &points, &labels);
    w.setPoints(points, labels, {});
    showAndSettle(w);
    QCustomPlot* cp = w.customPlot();
    QCOMPARE(cp->graphCount(), 10);
    int drawn = 0;
    for (int g = 0; g < cp->graphCount(); ++g) drawn += cp->graph(g)->dataCount();
    QCOMPARE(drawn, 10000);
    w.setSelectedIndex(42);
    w.setAxisLabels("z0", "z1");
    maybeSave(w, "latentscatter_10k");
    w.clearPoints();
    w.setPlaceholderText("Encoding 10,000 test images…");
    maybeSave(w, "latentscatter_placeholder");
  }
};

QTEST_MAIN(TestLatentScatter)
#include "test_latentscatter.moc"
