// Plots follow the palette, a dark one included, and restyle when it changes: the QCustomPlot background, axes,
// tick labels, grid and legend take the widget's colours, curves stay visible on dark, and the pixels show it.
#include "widgets/latentscatter.h"
#include "widgets/lossplot.h"
#include "widgets/plotlibrary.h"

#include <QApplication>
#include <QHash>
#include <QPalette>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "tests/support/palettes.h"
#include "tests/support/widgetshot.h"

using vae::LatentScatter;
using vae::LossPlot;

using vae::test::darkPalette;

namespace {

// Within a few units per channel (antialiasing, rounding).
bool near(const QColor& a, const QColor& b, int tolerance = 6) {
  return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
         std::abs(a.blue() - b.blue()) <= tolerance;
}

// The colour of the plot's background as painted: the most common pixel inside the axis rect (curves, grid and
// labels cover far less of it).
QColor paintedBackground(QCustomPlot* plot) {
  plot->replot(QCustomPlot::rpImmediateRefresh);
  const QImage image = plot->grab().toImage();
  const qreal ratio = image.devicePixelRatio();
  const QRect area = plot->axisRect()->rect();
  QHash<QRgb, int> counts;
  for (int y = area.top(); y < area.bottom(); y += 2)
    for (int x = area.left(); x < area.right(); x += 2) ++counts[image.pixel(qRound(x * ratio), qRound(y * ratio))];
  QRgb most = 0;
  for (auto it = counts.cbegin(); it != counts.cend(); ++it)
    if (it.value() > counts.value(most)) most = it.key();
  return QColor(most);
}

void verifyFrameFollows(QCustomPlot* plot, const QPalette& palette) {
  const QColor base = palette.color(QPalette::Base);
  const QColor text = palette.color(QPalette::Text);
  QCOMPARE(plot->axisRect()->backgroundBrush().color(), base);
  QCOMPARE(plot->xAxis->basePen().color(), text);
  QCOMPARE(plot->yAxis->tickLabelColor(), text);
  QCOMPARE(plot->yAxis->labelColor(), text);
  QCOMPARE(plot->legend->textColor(), text);
  for (int i = 0; i < plot->legend->itemCount(); ++i)
    if (plot->legend->item(i)) QCOMPARE(plot->legend->item(i)->textColor(), text);
  // Grid lines sit between Base and Text, nearer Base: visible, never louder than the data.
  const QColor grid = plot->xAxis->grid()->pen().color();
  QVERIFY(grid != base && grid != text);
  QVERIFY(std::abs(grid.lightness() - base.lightness()) < std::abs(grid.lightness() - text.lightness()));
  QVERIFY2(near(paintedBackground(plot), base), qPrintable(paintedBackground(plot).name()));
}

void fill(LossPlot& plot) {
  QVector<double> steps, total, recon, kl;
  for (int i = 1; i <= 200; ++i) {
    steps << i;
    recon << 200 + 400.0 / i;
    kl << 10 + 5.0 / i;
    total << recon.last() + kl.last();
  }
  plot.appendSteps(steps, total, recon, kl);
  plot.appendTestLoss(200, 1, 220);
  plot.addMarker(100, LossPlot::MarkerKind::Resume, QStringLiteral("resumed"));
}
}  // namespace

class TestPlotPalette : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir shots_;

 private Q_SLOTS:
  void lossPlotFollowsADarkPaletteAndBack() {
    LossPlot w;
    w.resize(640, 360);
    fill(w);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QPalette light = w.palette();
    QVERIFY(!vae::isDarkPalette(light));
    verifyFrameFollows(w.customPlot(), light);

    w.setPalette(darkPalette());
    verifyFrameFollows(w.customPlot(), darkPalette());
    // Every curve and the test points stay visible on the dark Base (the test line was near-black).
    for (int i = 0; i < w.customPlot()->graphCount(); ++i) {
      const QColor c = w.customPlot()->graph(i)->pen().color();
      QVERIFY2(c.lightness() >= 100, qPrintable(w.customPlot()->graph(i)->name() + " " + c.name()));
    }
    vae::test::saveShot(w, QStringLiteral("lossplot-dark"), shots_);

    w.setPalette(light);
    verifyFrameFollows(w.customPlot(), light);
  }

  void scatterFollowsADarkPaletteAndBack() {
    LatentScatter w;
    w.resize(420, 420);
    w.setPoints({{-1, 1}, {0, 0}, {1, -1}, {0.5, 0.5}}, {0, 1, 2, -1}, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QPalette light = w.palette();
    verifyFrameFollows(w.customPlot(), light);
    const QColor lightLegend = w.customPlot()->legend->brush().color();

    w.setPalette(darkPalette());
    verifyFrameFollows(w.customPlot(), darkPalette());
    // The legend over the dots keeps its translucency, now over the dark Base.
    QColor legend = w.customPlot()->legend->brush().color();
    QCOMPARE(legend.alpha(), lightLegend.alpha());
    legend.setAlpha(255);
    QCOMPARE(legend, darkPalette().color(QPalette::Base));
    vae::test::saveShot(w, QStringLiteral("scatter-dark"), shots_);

    w.setPalette(light);
    verifyFrameFollows(w.customPlot(), light);
  }

  // A theme switch changes the application's palette, not one widget's.
  void applicationPaletteChangeReachesThePlots() {
    LossPlot loss;
    LatentScatter scatter;
    loss.show();
    scatter.show();
    QVERIFY(QTest::qWaitForWindowExposed(&loss));
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    QTRY_COMPARE(loss.customPlot()->axisRect()->backgroundBrush().color(), darkPalette().color(QPalette::Base));
    QTRY_COMPARE(scatter.customPlot()->xAxis->basePen().color(), darkPalette().color(QPalette::Text));
    QApplication::setPalette(light);
    QTRY_COMPARE(loss.customPlot()->axisRect()->backgroundBrush().color(), light.color(QPalette::Base));
    QTRY_COMPARE(scatter.customPlot()->xAxis->basePen().color(), light.color(QPalette::Text));
  }

  void readableOnLiftsOnlyDarkColoursOnDarkBases() {
    const QColor nearBlack(20, 20, 20);
    QCOMPARE(vae::readableOn(QPalette(QColor(239, 239, 239)), nearBlack), nearBlack);
    QVERIFY(vae::readableOn(darkPalette(), nearBlack).lightness() >= 100);
    // The curves' saturated blue and orange read well on dark grey as they are: no pastel wash.
    for (const QColor& c : {QColor(31, 119, 180), QColor(255, 127, 14)}) QCOMPARE(vae::readableOn(darkPalette(), c), c);
    QColor translucent = nearBlack;
    translucent.setAlpha(60);
    QCOMPARE(vae::readableOn(darkPalette(), translucent).alpha(), 60);
  }

  void documentPaletteIsBlackOnWhite() {
    QCOMPARE(vae::documentPalette().color(QPalette::Base), QColor(Qt::white));
    QCOMPARE(vae::documentPalette().color(QPalette::Text), QColor(Qt::black));
  }
};

QTEST_MAIN(TestPlotPalette)
#include "test_plotpalette.moc"
