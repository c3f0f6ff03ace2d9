#include "widgets/lossplot.h"

#include <QCheckBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>

using vae::LossPlot;

namespace {
// Graph order inside the plot: raw total/recon/KL, smoothed total/recon/KL, test -ELBO.
constexpr int kRawTotal = 0;
constexpr int kSmoothTotal = 3;
constexpr int kTestGraph = 6;
constexpr int kGraphCount = 7;

struct Batch {
  QVector<double> steps, total, recon, kl;
};

// Steps first..first+n-1 (times stride) with constant losses.
Batch flat(int first, int n, double total, int stride = 1) {
  Batch b;
  for (int i = 0; i < n; ++i) {
    b.steps << double(first + i) * stride;
    b.total << total;
    b.recon << total * 0.8;
    b.kl << total * 0.2;
  }
  return b;
}

// Something like an MNIST run: fast early drop, KL rising then settling, minibatch noise.
Batch realistic(int first, int n) {
  Batch b;
  for (int i = first; i < first + n; ++i) {
    const double noise = 6.0 * std::sin(i * 12.9898) * std::cos(i * 0.7);
    const double recon = 75 + 460 * std::exp(-i / 250.0) + 20 * std::exp(-i / 4000.0) + noise;
    const double kl = 25 * (1 - std::exp(-i / 300.0)) + 0.5 * noise * 0.2;
    b.steps << i;
    b.recon << recon;
    b.kl << kl;
    b.total << recon + kl;
  }
  return b;
}

void append(LossPlot& plot, const Batch& b) { plot.appendSteps(b.steps, b.total, b.recon, b.kl); }

// Shows the plot and waits for the first real replot, so axis ranges reflect the data.
void showAndSettle(LossPlot& plot, QSize size = QSize(800, 480)) {
  plot.resize(size);
  plot.show();
  QVERIFY(QTest::qWaitForWindowExposed(&plot));
}

bool waitReplot(LossPlot& plot) {
  QSignalSpy spy(&plot, &LossPlot::replotted);
  return spy.wait(2000);
}

void sendWheel(QWidget* target, QPointF pos, int delta) {
  QWheelEvent wheel(pos, target->mapToGlobal(pos), QPoint(), QPoint(0, delta), Qt::NoButton, Qt::NoModifier,
                    Qt::NoScrollPhase, false);
  QApplication::sendEvent(target, &wheel);
}

void sendMove(QWidget* target, QPointF pos) {
  QMouseEvent move(QEvent::MouseMove, pos, target->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
  QApplication::sendEvent(target, &move);
}

// With VAE_WIDGET_SHOTS=<dir> the look tests save what they drew, to be looked at by a person.
void maybeSave(QWidget& w, const QString& name) {
  const QString dir = qEnvironmentVariable("VAE_WIDGET_SHOTS");
  if (!dir.isEmpty()) QVERIFY(w.grab().save(dir + "/" + name + ".png"));
}
}  // namespace

class TestLossPlot : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void appendingStepsGrowsEveryLineGraph() {
    LossPlot plot;
    QCOMPARE(plot.customPlot()->graphCount(), kGraphCount);
    append(plot, flat(0, 100, 200));
    for (int g = 0; g < 6; ++g) QCOMPARE(plot.customPlot()->graph(g)->dataCount(), 100);
    append(plot, flat(100, 50, 200));
    for (int g = 0; g < 6; ++g) QCOMPARE(plot.customPlot()->graph(g)->dataCount(), 150);
    QCOMPARE(plot.stepCount(), 150);
    QCOMPARE(plot.customPlot()->graph(kTestGraph)->dataCount(), 0);
  }

  void smoothedLineLagsRawLineOnStepChange() {
    LossPlot plot;
    append(plot, flat(0, 300, 100));
    auto smooth = plot.customPlot()->graph(kSmoothTotal)->data();
    QCOMPARE((smooth->constEnd() - 1)->value, 100.0);
    append(plot, flat(300, 20, 10));
    const double raw = (plot.customPlot()->graph(kRawTotal)->data()->constEnd() - 1)->value;
    const double lagging = (smooth->constEnd() - 1)->value;
    QCOMPARE(raw, 10.0);
    // EMA after 20 steps of a drop from 100 to 10: 10 + 90 * 0.98^20 ~ 70.
    QVERIFY2(lagging > 60 && lagging < 80, qPrintable(QString::number(lagging)));
  }

  void testLossesArePoints() {
    LossPlot plot;
    append(plot, flat(0, 300, 100));
    plot.appendTestLoss(99, 1, 105);
    plot.appendTestLoss(199, 2, 101);
    plot.appendTestLoss(299, 3, 99);
    QCOMPARE(plot.testPointCount(), 3);
    QCOMPARE(plot.customPlot()->graph(kTestGraph)->dataCount(), 3);
    QVERIFY(plot.customPlot()->graph(kTestGraph)->scatterStyle().shape() != QCPScatterStyle::ssNone);
  }

  void legendNamesOnlyTheBoldLinesAndTest() {
    LossPlot plot;
    QCOMPARE(plot.customPlot()->legend->itemCount(), 4);
    QVERIFY(plot.customPlot()->legend->hasItemWithPlottable(plot.customPlot()->graph(kSmoothTotal)));
    QVERIFY(!plot.customPlot()->legend->hasItemWithPlottable(plot.customPlot()->graph(kRawTotal)));
  }

  void markersAreCountedAndClearRemovesEverything() {
    LossPlot plot;
    append(plot, flat(0, 100, 100));
    plot.appendTestLoss(99, 1, 101);
    plot.addMarker(10, LossPlot::MarkerKind::Beta, QString::fromUtf8("β=0.5"));
    plot.addMarker(20, LossPlot::MarkerKind::LearningRate, "lr=1e-4");
    plot.addMarker(30, LossPlot::MarkerKind::Resume, "resumed");
    plot.addMarker(40, LossPlot::MarkerKind::NanRecovery, "NaN recovered");
    QCOMPARE(plot.markerCount(), 4);
    const int itemsWithMarkers = plot.customPlot()->itemCount();
    plot.clear();
    QCOMPARE(plot.markerCount(), 0);
    QCOMPARE(plot.stepCount(), 0);
    QCOMPARE(plot.testPointCount(), 0);
    QCOMPARE(plot.customPlot()->itemCount(), itemsWithMarkers - 8);  // a line and a label each
    for (int g = 0; g < kGraphCount; ++g) QCOMPARE(plot.customPlot()->graph(g)->dataCount(), 0);
  }

  void logScaleTogglesAxisAndCheckbox() {
    LossPlot plot;
    auto* box = plot.findChild<QCheckBox*>();
    QVERIFY(box);
    QCOMPARE(plot.customPlot()->yAxis->scaleType(), QCPAxis::stLinear);
    plot.setLogScale(true);
    QVERIFY(plot.logScale());
    QVERIFY(box->isChecked());
    QCOMPARE(plot.customPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    box->click();  // the user's way back
    QVERIFY(!plot.logScale());
    QCOMPARE(plot.customPlot()->yAxis->scaleType(), QCPAxis::stLinear);
  }

  void logScaleKeepsYPositiveWhenKlIsZero() {
    LossPlot plot;
    showAndSettle(plot);
    Batch b = flat(0, 200, 100);
    for (double& k : b.kl) k = 0;
    append(plot, b);
    plot.setLogScale(true);
    QVERIFY(waitReplot(plot));
    const QCPRange y = plot.customPlot()->yAxis->range();
    QVERIFY2(y.lower > 0, qPrintable(QString::number(y.lower)));
    QVERIFY(y.upper >= 100);
  }

  void userZoomKeepsTheViewWhileDataArrives() {
    LossPlot plot;
    showAndSettle(plot);
    append(plot, flat(0, 1000, 100));
    QVERIFY(waitReplot(plot));
    QVERIFY(plot.followsData());
    QCustomPlot* cp = plot.customPlot();
    sendWheel(cp, cp->axisRect()->rect().center(), 120);
    QVERIFY(!plot.followsData());
    const QCPRange zoomed = cp->xAxis->range();
    QVERIFY(zoomed.upper < 999);  // zooming in really narrowed the view
    append(plot, flat(1000, 1000, 100));
    QVERIFY(waitReplot(plot));
    QCOMPARE(cp->xAxis->range().lower, zoomed.lower);
    QCOMPARE(cp->xAxis->range().upper, zoomed.upper);
  }

  void userDragStopsFollowing() {
    LossPlot plot;
    showAndSettle(plot);
    append(plot, flat(0, 1000, 100));
    QVERIFY(waitReplot(plot));
    QCustomPlot* cp = plot.customPlot();
    const QPoint c = cp->axisRect()->rect().center();
    QTest::mousePress(cp, Qt::LeftButton, {}, c);
    QMouseEvent move(QEvent::MouseMove, QPointF(c + QPoint(80, 0)), cp->mapToGlobal(QPointF(c + QPoint(80, 0))),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(cp, &move);
    QTest::mouseRelease(cp, Qt::LeftButton, {}, c + QPoint(80, 0));
    QVERIFY(!plot.followsData());
  }

  void doubleClickFollowsTheDataAgain() {
    LossPlot plot;
    showAndSettle(plot);
    append(plot, flat(0, 1000, 100));
    QVERIFY(waitReplot(plot));
    QCustomPlot* cp = plot.customPlot();
    sendWheel(cp, cp->axisRect()->rect().center(), 120);
    QVERIFY(!plot.followsData());
    append(plot, flat(1000, 1000, 100));
    QTest::mouseDClick(cp, Qt::LeftButton, {}, cp->axisRect()->rect().center());
    QVERIFY(plot.followsData());
    QVERIFY(waitReplot(plot));
    QVERIFY(cp->xAxis->range().lower <= 0);
    QVERIFY(cp->xAxis->range().upper >= 1999);
  }

  void hoverReadOutNamesTheStepUnderTheMouse() {
    LossPlot plot;
    showAndSettle(plot);
    append(plot, flat(0, 1000, 100, /*stride=*/10));  // steps 0, 10, ..., 9990
    plot.appendTestLoss(4990, 1, 104);
    plot.appendTestLoss(9990, 2, 102);
    QVERIFY(waitReplot(plot));
    QCustomPlot* cp = plot.customPlot();
    const QPointF at(cp->xAxis->coordToPixel(5000), cp->axisRect()->rect().center().y());
    sendMove(cp, at);
    QVERIFY2(plot.hoverText().startsWith("step 5000 · epoch 2 · total 100.0"), qPrintable(plot.hoverText()));
    QVERIFY(plot.hoverText().contains("KL 20.00"));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(cp, &leave);
    QVERIFY(plot.hoverText().isEmpty());
  }

  void replottedFiresAfterAppends() {
    LossPlot plot;
    showAndSettle(plot);
    QSignalSpy spy(&plot, &LossPlot::replotted);
    append(plot, flat(0, 10, 100));
    append(plot, flat(10, 10, 100));
    QVERIFY(spy.wait(2000));
    QVERIFY(spy.at(0).at(0).toDouble() >= 0);
    // Two appends in one event-loop turn coalesce into one replot.
    QTest::qWait(100);
    QCOMPARE(spy.count(), 1);
  }

  void twoHundredThousandStepsReplot() {
    LossPlot plot;
    showAndSettle(plot, QSize(1000, 600));
    QElapsedTimer appendTimer;
    appendTimer.start();
    for (int first = 0; first < 200000; first += 1000) append(plot, realistic(first, 1000));
    const double appendMs = appendTimer.nsecsElapsed() / 1e6;
    QCOMPARE(plot.stepCount(), 200000);
    QSignalSpy spy(&plot, &LossPlot::replotted);
    QVERIFY(spy.wait(5000));
    // A second replot with warm buffers is what the live view pays ~30 times a second.
    append(plot, realistic(200000, 10));
    QVERIFY(spy.wait(5000));
    qInfo("200k steps: append %.1f ms total, first replot %.2f ms, next replot %.2f ms", appendMs,
          spy.at(0).at(0).toDouble(), spy.at(1).at(0).toDouble());
    plot.setLogScale(true);
    QVERIFY(spy.wait(5000));
    qInfo("200k steps, log scale: replot %.2f ms", spy.last().at(0).toDouble());
  }

  void rendersASampleRun() {
    LossPlot plot;
    showAndSettle(plot, QSize(900, 460));
    append(plot, realistic(0, 9000));
    for (int e = 1; e * 469 <= 9000; ++e) plot.appendTestLoss(e * 469, e, 108 + 40 * std::exp(-e / 2.0));
    plot.addMarker(3000, LossPlot::MarkerKind::Beta, QString::fromUtf8("β=0.5"));
    plot.addMarker(5200, LossPlot::MarkerKind::LearningRate, "lr=1e-4");
    plot.addMarker(6100, LossPlot::MarkerKind::Resume, "resumed");
    plot.addMarker(7600, LossPlot::MarkerKind::NanRecovery, "NaN recovered");
    QVERIFY(waitReplot(plot));
    QCustomPlot* cp = plot.customPlot();
    sendMove(cp, QPointF(cp->xAxis->coordToPixel(4000), cp->axisRect()->rect().center().y()));
    QVERIFY(waitReplot(plot));
    QVERIFY(plot.hoverText().startsWith("step 4000 · epoch 9"));
    maybeSave(plot, "lossplot_linear");
    plot.setLogScale(true);
    QVERIFY(waitReplot(plot));
    maybeSave(plot, "lossplot_log");
  }

  // An exported plot (never shown, data appended just before) has the curves in it, as PNG and PDF.
  void saveImageDrawsTheDataOfAHiddenPlot() {
    LossPlot plot;
    const Batch b = realistic(1, 2000);
    plot.appendSteps(b.steps, b.total, b.recon, b.kl);
    plot.appendTestLoss(2000, 0, 150);
    QTemporaryDir dir;
    const QString png = dir.filePath("plot.png");
    QVERIFY(plot.saveImage(png, 600, 400));
    const QImage image(png);
    QCOMPARE(image.size(), QSize(600, 400));
    // The total curve is drawn in a saturated colour; an empty plot is only grey and white.
    int coloured = 0;
    for (int y = 0; y < image.height(); ++y)
      for (int x = 0; x < image.width(); ++x) {
        const QColor c = image.pixelColor(x, y);
        if (c.saturation() > 120 && c.value() > 80) ++coloured;
      }
    QVERIFY2(coloured > 500, qPrintable(QString::number(coloured)));
    const QString pdf = dir.filePath("plot.pdf");
    QVERIFY(plot.saveImage(pdf, 600, 400));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY(file.size() > 2000);
    QVERIFY(!plot.saveImage(dir.filePath("plot.bmp"), 600, 400));
  }
};

QTEST_MAIN(TestLossPlot)
#include "test_lossplot.moc"
