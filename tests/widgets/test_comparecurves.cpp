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
