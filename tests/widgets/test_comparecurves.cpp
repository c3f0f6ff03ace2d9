// The compare view's loss plot (issue 18): every run's test reconstruction and, where defined, −ELBO on shared
// axes, a colour per run and a legend naming them; it follows the palette and renders to files.
#include "widgets/comparecurves.h"

#include <QApplication>
#include <QFileInfo>
#include <QPalette>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include "tests/support/palettes.h"

using vae::CompareCurve;
using vae::CompareCurves;

namespace {
CompareCurve vaeRun() { return {QStringLiteral("vae"), {1, 2, 3}, {250, 240, 236}, {270, 262, 259}}; }
CompareCurve aeRun() { return {QStringLiteral("ae"), {1, 2, 3, 4}, {230, 220, 215, 213}, {}}; }
}  // namespace

class TestCompareCurves : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // A VAE has two lines (reconstruction solid, −ELBO dashed), an autoencoder one; the legend names the runs.
  void eachRunHasItsLinesAndLegend() {
    CompareCurves curves;
    curves.setCurves({vaeRun(), aeRun()});
    QCOMPARE(curves.legendNames(), (QStringList{QStringLiteral("vae — reconstruction"), QStringLiteral("vae — −ELBO"),
                                                QStringLiteral("ae — reconstruction")}));
    QCustomPlot* plot = curves.customPlot();
    QCOMPARE(plot->graph(0)->pen().color(), plot->graph(1)->pen().color());
    QVERIFY(plot->graph(0)->pen().color() != plot->graph(2)->pen().color());
    QCOMPARE(plot->graph(0)->pen().style(), Qt::SolidLine);
    QCOMPARE(plot->graph(1)->pen().style(), Qt::DashLine);
    QCOMPARE(plot->graph(2)->dataCount(), 4);
    QCOMPARE(plot->graph(0)->pen().color(), curves.runColour(0));
  }

  // Shared axes: every value of every run is inside the view, every epoch too.
  // Four runs' legend sits above the axes, wrapped to the width, never over the points (inside the axes it once
  // covered the top right of the curves).
  void legendOfFourRunsStaysAboveTheAxes_data() {
    QTest::addColumn<int>("width");
    QTest::newRow("narrow") << 420;
    QTest::newRow("wide") << 1400;
  }
  void legendOfFourRunsStaysAboveTheAxes() {
    QFETCH(int, width);
    CompareCurves curves;
    CompareCurve runs[4] = {vaeRun(), vaeRun(), vaeRun(), vaeRun()};
    for (int i = 0; i < 4; ++i) runs[i].name = QStringLiteral("run-with-a-long-name-%1").arg(i);
    curves.setCurves({runs[0], runs[1], runs[2], runs[3]});
    curves.resize(width, 360);
    curves.show();
    QVERIFY(QTest::qWaitForWindowExposed(&curves));
    QCustomPlot* plot = curves.customPlot();
    plot->replot();
    const QRect axes = plot->axisRect()->rect();
    int entries = 0;
    for (int i = 0; i < plot->legend->itemCount(); ++i) {
      QCPAbstractLegendItem* item = plot->legend->item(i);
      if (!item) continue;
      ++entries;
      const QRect r = item->outerRect();
      QVERIFY2(r.bottom() <= axes.top(), qPrintable(QString("entry %1 reaches into the axes").arg(i)));
      QVERIFY2(plot->rect().contains(r), qPrintable(QString("entry %1 is cut").arg(i)));
    }
    QCOMPARE(entries, 8);
    // Wrapped into columns, more of them when wider (one row of eight needs ~2000 px).
    QVERIFY(plot->legend->wrap() != 0);
    QVERIFY2(width < 1000 ? plot->legend->wrap() <= 2 : plot->legend->wrap() >= 4,
             qPrintable(QString::number(plot->legend->wrap())));
  }

  void axesHoldEveryRun() {
    CompareCurves curves;
    curves.setCurves({vaeRun(), aeRun()});
    const QCPRange y = curves.customPlot()->yAxis->range();
    QVERIFY2(y.lower < 213 && y.upper > 270, qPrintable(QStringLiteral("%1..%2").arg(y.lower).arg(y.upper)));
    const QCPRange x = curves.customPlot()->xAxis->range();
    QVERIFY(x.lower < 1 && x.upper > 4);
  }

  void atMostFourRuns() {
    CompareCurves curves;
    curves.setCurves({aeRun(), aeRun(), aeRun(), aeRun(), aeRun()});
    QCOMPARE(curves.customPlot()->graphCount(), CompareCurves::kMaxRuns);
    curves.setCurves({});
    QCOMPARE(curves.customPlot()->graphCount(), 0);
  }

  // A dark palette: the background follows, and a changed palette restyles the plot.
  void followsThePalette() {
    CompareCurves curves;
    curves.setCurves({vaeRun()});
    curves.setPalette(vae::test::darkPalette());
    QCOMPARE(curves.customPlot()->axisRect()->backgroundBrush().color(), QColor(35, 38, 41));
    QCOMPARE(curves.customPlot()->xAxis->labelColor(), QColor(239, 240, 241));
  }

  void rendersPngAndPdf() {
    QTemporaryDir dir;
    CompareCurves curves;
    curves.setCurves({vaeRun(), aeRun()});
    for (const char* name : {"curves.png", "curves.pdf"}) {
      const QString path = dir.filePath(QString::fromLatin1(name));
      QVERIFY(curves.saveImage(path, 640, 400));
      QVERIFY(QFileInfo(path).size() > 1000);
    }
    QVERIFY(!curves.saveImage(dir.filePath(QStringLiteral("curves.txt")), 640, 400));
  }
};

QTEST_MAIN(TestCompareCurves)
#include "test_comparecurves.moc"
