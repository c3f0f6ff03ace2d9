#include "widgets/lossplot.h"

#include <QCheckBox>
#include <QLabel>
#include <QSlider>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <qcustomplot.h>

#include <cmath>

using vae::LossPlot;

namespace {
// Graph order inside the plot: raw total/recon/KL, smoothed total/recon/KL, test -ELBO, smoothed -ELBO
// (shown only when the total is beta-weighted).
constexpr int kRawTotal = 0;
constexpr int kSmoothTotal = 3;
constexpr int kTestGraph = 6;
constexpr int kElboGraph = 7;
constexpr int kGraphCount = 8;

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

// A steeply falling loss without noise: 75 + 460 exp(-step / tau), as the first epoch of a real run.
double steepLoss(double step, double tau) { return 75 + 460 * std::exp(-step / tau); }

// Deterministic minibatch-like noise in [-amplitude, amplitude].
double noiseAt(int step, double amplitude) { return amplitude * std::sin(step * 12.9898) * std::cos(step * 0.7); }

Batch steepRun(int n, double tau, double noise) {
  Batch b;
  for (int i = 0; i < n; ++i) {
    const double total = steepLoss(i, tau) + noiseAt(i, noise);
    b.steps << i;
    b.total << total;
    b.recon << total * 0.9;
    b.kl << total * 0.1;
  }
  return b;
}

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
    QCOMPARE(plot.customPlot()->graph(kElboGraph)->dataCount(), 100);
    append(plot, flat(100, 50, 200));
    for (int g = 0; g < 6; ++g) QCOMPARE(plot.customPlot()->graph(g)->dataCount(), 150);
    QCOMPARE(plot.stepCount(), 150);
    QCOMPARE(plot.customPlot()->graph(kTestGraph)->dataCount(), 0);
  }

  // The issue this answers: on Shapes at step 80 the bold line read ~125 nats where the data said ~65.
  // With 80 steps in view the bold line is the data.
  void smoothedLineReadsTheDataEarlyInARun() {
    LossPlot plot;
    append(plot, steepRun(80, /*tau=*/15, /*noise=*/3));
    const QVector<double> smoothed = plot.smoothedValues(LossPlot::Curve::Total);
    QCOMPARE(smoothed.size(), 80);
    const double raw = plot.customPlot()->graph(kRawTotal)->data()->at(79)->value;
    QVERIFY2(std::abs(smoothed.last() - raw) < 2.0, qPrintable(QString("%1 vs %2").arg(smoothed.last()).arg(raw)));
  }

  // A long run: the bold line averages the noise away yet is never more than 1% of the view behind a steep
  // fall (an undebiased EMA or a fixed span fails one or the other).
  void smoothedLineFollowsASteepFallAndAveragesNoise() {
    constexpr int kSteps = 20000;
    constexpr double kTau = 250, kNoise = 6;
    LossPlot plot;
    for (int first = 0; first < kSteps; first += 500) {  // in batches, as a run delivers them
      Batch b = steepRun(first + 500, kTau, kNoise);
      for (QVector<double>* v : {&b.steps, &b.total, &b.recon, &b.kl}) v->remove(0, first);
      append(plot, b);
    }
    const QVector<double> smoothed = plot.smoothedValues(LossPlot::Curve::Total);
    QCOMPARE(smoothed.size(), kSteps);
    const int maxLag = kSteps / 100;
    double worstAhead = 0, worstBehind = 0, rawNoise = 0, smoothNoise = 0;
    for (int i = 0; i < kSteps; ++i) {
      // Falling: behind means above the data; at most maxLag steps behind means below the data then.
      const double lagged = steepLoss(std::max(0, i - maxLag), kTau);
      worstBehind = std::max(worstBehind, smoothed[i] - lagged - kNoise);
      worstAhead = std::max(worstAhead, steepLoss(i, kTau) - kNoise - smoothed[i]);
      if (i >= kSteps / 2) {  // the flat tail: how much of the noise is left
        rawNoise += std::pow(noiseAt(i, kNoise), 2);
        smoothNoise += std::pow(smoothed[i] - steepLoss(i, kTau), 2);
      }
    }
    QVERIFY2(worstBehind <= 0, qPrintable(QString("%1 nats above the data 1% of the view ago").arg(worstBehind)));
    QVERIFY2(worstAhead <= 0, qPrintable(QString("%1 nats below the noise band").arg(worstAhead)));
    QVERIFY2(smoothNoise < 0.1 * rawNoise, qPrintable(QString("noise power %1 of %2").arg(smoothNoise).arg(rawNoise)));
  }

  // The slider sets the span; at its left end the bold line is the raw data.
  void smoothingSliderSetsTheSpan() {
    LossPlot plot;
    append(plot, steepRun(5000, 250, 6));
    auto* slider = plot.findChild<QSlider*>();
    QVERIFY(slider);
    QVERIFY(plot.smoothing() > 0);
    const QVector<double> before = plot.smoothedValues(LossPlot::Curve::Total);
    slider->setValue(slider->minimum());
    QCOMPARE(plot.smoothing(), 0.0);
    const QVector<double> raw = plot.smoothedValues(LossPlot::Curve::Total);
    for (int i = 0; i < raw.size(); ++i) QCOMPARE(raw[i], plot.customPlot()->graph(kRawTotal)->data()->at(i)->value);
    slider->setValue(slider->maximum());
    const QVector<double> most = plot.smoothedValues(LossPlot::Curve::Total);
    // More smoothing lags more behind the fall at step 100.
    QVERIFY(most[100] > before[100]);
    QVERIFY(before[100] > raw[100] - 6);
    plot.setSmoothing(0.003);
    QCOMPARE(slider->value(), 6);
  }

  // Total = recon + beta KL with beta = 4: named for what it is, and the plain -ELBO drawn beside it.
  void betaWeightedTotalIsNamedAndTheElboShown() {
    LossPlot plot;
    QVERIFY(!plot.customPlot()->graph(kElboGraph)->visible());
    append(plot, flat(0, 100, 200));  // total == recon + KL: beta = 1
    QVERIFY(!plot.showsWeightedLoss());
    QCOMPARE(plot.customPlot()->graph(kSmoothTotal)->name(), QString("Total (−ELBO)"));
    Batch b = flat(100, 100, 200);
    for (int i = 0; i < b.total.size(); ++i) b.total[i] = b.recon[i] + 4 * b.kl[i];
    append(plot, b);
    QVERIFY(plot.showsWeightedLoss());
    QCOMPARE(plot.customPlot()->graph(kSmoothTotal)->name(), QString("β-weighted loss"));
    QVERIFY(plot.customPlot()->graph(kElboGraph)->visible());
    QVERIFY(plot.customPlot()->legend->hasItemWithPlottable(plot.customPlot()->graph(kElboGraph)));
    plot.setSmoothing(0);
    QCOMPARE(plot.smoothedValues(LossPlot::Curve::Elbo).last(), 200.0);  // 160 + 40
    QCOMPARE(plot.smoothedValues(LossPlot::Curve::Total).last(), 320.0);  // 160 + 4 * 40
    plot.clear();
    QVERIFY(!plot.showsWeightedLoss());
    QVERIFY(!plot.customPlot()->graph(kElboGraph)->visible());
  }

  // A plain autoencoder's loss is reconstruction alone: one curve named so, no KL or copy of it in the legend,
  // a test series and read-out that do not say −ELBO; a β-like mismatch never names a "β-weighted" loss.
  void autoencoderRunNamesReconstructionAndHidesKl() {
    LossPlot plot;
    plot.setHasKlTerm(false);
    showAndSettle(plot);
    Batch b = flat(0, 1000, 100, /*stride=*/10);
    for (int i = 0; i < b.total.size(); ++i) {
      b.recon[i] = b.total[i];
      b.kl[i] = 0;
    }
    append(plot, b);
    plot.appendTestLoss(9990, 0, 104);
    QVERIFY(waitReplot(plot));
    QCustomPlot* cp = plot.customPlot();
    QCOMPARE(cp->graph(kSmoothTotal)->name(), QString("Loss (reconstruction, no KL term)"));
    QCOMPARE(cp->graph(kTestGraph)->name(), QString("Test reconstruction (per epoch)"));
    QCOMPARE(cp->legend->itemCount(), 2);
    QVERIFY(!cp->graph(kSmoothTotal + 1)->visible() && !cp->graph(kSmoothTotal + 2)->visible());
    QVERIFY(!plot.showsWeightedLoss());
    sendMove(cp, QPointF(cp->xAxis->coordToPixel(9990), cp->axisRect()->rect().center().y()));
    QVERIFY2(plot.hoverText().contains("recon 100.0 (no KL term) · test recon 104.0"), qPrintable(plot.hoverText()));
    QVERIFY(!plot.hoverText().contains("ELBO") && !plot.hoverText().contains("KL 0"));
    plot.clear();  // a new run of the same model keeps the kind
    QVERIFY(!plot.hasKlTerm());
    plot.setHasKlTerm(true);
    QCOMPARE(cp->graph(kSmoothTotal)->name(), QString("Total (−ELBO)"));
    QCOMPARE(cp->legend->itemCount(), 4);
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

  // In a narrow plot (the Training tab at 1000x700) the legend wraps into rows instead of clipping its names.
  void legendWrapsInsteadOfClippingWhenNarrow() {
    for (const int width : {360, 900}) {
      LossPlot plot;
      Batch b = flat(0, 100, 200);
      for (int i = 0; i < b.total.size(); ++i) b.total[i] = b.recon[i] + 4 * b.kl[i];  // five entries
      append(plot, b);
      showAndSettle(plot, QSize(width, 320));
      QTest::qWait(100);  // the resize's wrap and the queued replot
      plot.customPlot()->replot();
      QCPLegend* legend = plot.customPlot()->legend;
      int entries = 0;
      for (int i = 0; i < legend->itemCount(); ++i) {
        if (!legend->item(i)) continue;  // an empty cell of the wrapped grid
        ++entries;
        const QRect r = legend->item(i)->outerRect();
        QVERIFY2(plot.customPlot()->rect().contains(r), qPrintable(QString("item %1 at %2 px wide").arg(i).arg(width)));
        QVERIFY2(r.width() >= legend->item(i)->minimumOuterSizeHint().width(),
                 qPrintable(QString("item %1 clipped at %2 px wide").arg(i).arg(width)));
      }
      QCOMPARE(entries, 5);
      QCOMPARE(legend->wrap() != 0, width < 600);
    }
  }

  // A marker at the newest step keeps its label inside the plot (it once read "resun").
  void markerLabelAtTheNewestStepStaysInside() {
    LossPlot plot;
    append(plot, flat(0, 100, 200));
    plot.addMarker(99, LossPlot::MarkerKind::Resume, "resumed");
    plot.addMarker(10, LossPlot::MarkerKind::Beta, QString::fromUtf8("β=0.5"));
    showAndSettle(plot, QSize(600, 320));
    QTest::qWait(100);
    plot.customPlot()->replot();
    const QRect area = plot.customPlot()->axisRect()->rect();
    int texts = 0;
    for (int i = 0; i < plot.customPlot()->itemCount(); ++i) {
      auto* text = qobject_cast<QCPItemText*>(plot.customPlot()->item(i));
      if (!text) continue;
      ++texts;
      QVERIFY2(text->right->pixelPosition().x() <= area.right() + 1 && text->left->pixelPosition().x() >= area.left() - 1,
               qPrintable(text->text()));
    }
    QCOMPARE(texts, 2);
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
    plot.appendTestLoss(4990, 0, 104);  // epochs are 0-based, as in the run's history
    plot.appendTestLoss(9990, 1, 102);
    QVERIFY(waitReplot(plot));
    QCustomPlot* cp = plot.customPlot();
    const QPointF at(cp->xAxis->coordToPixel(5000), cp->axisRect()->rect().center().y());
    sendMove(cp, at);
    // Counted from 1, as the status bar does: step 5000 is in the second epoch.
    QVERIFY2(plot.hoverText().startsWith("step 5000 · epoch 2 · total 100.0"), qPrintable(plot.hoverText()));
    QVERIFY(plot.hoverText().contains("KL 20.00"));
    sendMove(cp, QPointF(cp->xAxis->coordToPixel(4990), at.y()));
    QVERIFY2(plot.hoverText().startsWith("step 4990 · epoch 1 ·"), qPrintable(plot.hoverText()));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(cp, &leave);
    QVERIFY(plot.hoverText().isEmpty());
  }

  // The hint beside the controls while it fits there whole, else on a line under them: never cut ("Hover for
  // value" in a 1000 px window); the read-out of a step is elided to that line, its tooltip holding it whole.
  void readoutIsShownWholeBesideOrUnderTheControls_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("beside");
    QTest::newRow("loss box of a 1000 px window") << 380 << false;
    QTest::newRow("wide") << 1000 << true;
  }

  void readoutIsShownWholeBesideOrUnderTheControls() {
    QFETCH(int, width);
    QFETCH(bool, beside);
    LossPlot plot;
    showAndSettle(plot, QSize(width, 300));
    auto* readout = plot.findChild<QLabel*>("lossReadout");
    auto* smoothing = plot.findChild<QSlider*>();
    QVERIFY(readout && smoothing);
    for (const bool held : {true, false}) {
      held ? plot.customPlot()->xAxis->setRange(10, 20) : plot.resetView();  // the longer hint, then the other
      QCOMPARE(readout->text(), readout->toolTip());
      QVERIFY2(readout->fontMetrics().horizontalAdvance(readout->text()) <= readout->contentsRect().width(),
               qPrintable(QString("'%1' in %2 px").arg(readout->text()).arg(readout->contentsRect().width())));
    }
    const QRect controls(smoothing->mapTo(&plot, QPoint(0, 0)), smoothing->size());
    const QRect line(readout->mapTo(&plot, QPoint(0, 0)), readout->size());
    QVERIFY(!line.intersects(controls));
    QCOMPARE(line.top() < controls.bottom(), beside);
    QVERIFY(line.bottom() < plot.customPlot()->y());

    append(plot, flat(0, 1000, 100, /*stride=*/10));
    plot.appendSteps({10000}, {300}, {100}, {50});  // β-weighted: the longest read-out
    plot.appendTestLoss(10000, 12, 123.456);
    QVERIFY(waitReplot(plot));
    QCustomPlot* cp = plot.customPlot();
    sendMove(cp, QPointF(cp->xAxis->coordToPixel(10000), cp->axisRect()->rect().center().y()));
    QVERIFY2(readout->toolTip().startsWith("step 10000 · epoch 13 · β-weighted 300.0"), qPrintable(readout->toolTip()));
    QVERIFY(readout->fontMetrics().horizontalAdvance(readout->text()) <= readout->contentsRect().width());
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

  void rendersASampleRun() {
    LossPlot plot;
    showAndSettle(plot, QSize(900, 460));
    append(plot, realistic(0, 9000));
    for (int e = 1; e * 469 <= 9000; ++e) plot.appendTestLoss(e * 469, e - 1, 108 + 40 * std::exp(-e / 2.0));
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
