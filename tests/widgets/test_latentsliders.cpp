#include "widgets/latentsliders.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/widgetshot.h"

#include <cmath>

using vae::LatentSliders;

namespace {
// Which dimensions are active is the caller's verdict (app/core KlReport); these tests pass KL >= 0.01 nats.
constexpr double kTestActiveKl = 0.01;
void setKlAndFlags(vae::LatentSliders& w, const QVector<double>& kl) {
  QVector<bool> active;
  for (double k : kl) active << (k >= kTestActiveKl);
  w.setKl(kl, active);
}

// The z carried by the last emission of a zChanged spy.
QVector<double> lastZ(const QSignalSpy& spy) { return spy.last().at(0).value<QVector<double>>(); }

// Every dimension except `changed` equals `before`.
void expectOthersUnchanged(const QVector<double>& before, const QVector<double>& after, int changed) {
  QCOMPARE(after.size(), before.size());
  for (int d = 0; d < before.size(); ++d) {
    if (d != changed) QCOMPARE(after[d], before[d]);
  }
}

QVector<double> klFor20() {
  return {3.1, 0.002, 2.4, 0.0, 4.8, 0.004, 1.1, 0.001, 2.9, 0.0,
          0.003, 0.6, 0.0, 0.002, 1.4, 0.0, 0.001, 0.0, 0.005, 5.2};
}

// Dimensions in top-to-bottom on-screen order, read from the widgets' positions (not from rowOrder()).
QVector<int> visualOrder(LatentSliders& w) {
  QVector<QPair<int, int>> yDim;
  for (int d = 0; d < w.dimensions(); ++d) {
    if (w.isRowShown(d)) yDim.append({w.slider(d)->mapTo(&w, QPoint(0, 0)).y(), d});
  }
  std::sort(yDim.begin(), yDim.end());
  QVector<int> order;
  for (const auto& p : yDim) order << p.second;
  return order;
}
}  // namespace

using vae::test::saveShot;

class TestLatentSliders : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { qRegisterMetaType<QVector<double>>(); }

  void buildsOneRowPerDimension() {
    LatentSliders w;
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    w.setDimensions(20);
    QCOMPARE(w.dimensions(), 20);
    QCOMPARE(w.findChildren<QSlider*>().size(), 20);
    QCOMPARE(w.z(), QVector<double>(20, 0.0));
    QCOMPARE(spy.count(), 1);
    QVERIFY(w.slider(19) != nullptr);
    QVERIFY(w.slider(20) == nullptr);
    QVERIFY(w.findChild<QLabel*>() != nullptr);
    // Rebuilding replaces the rows rather than adding to them.
    w.setDimensions(4);
    QCOMPARE(w.findChildren<QSlider*>().size(), 4);
    QCOMPARE(w.rowOrder(), (QVector<int>{0, 1, 2, 3}));
  }

  void pageUpMovesOneDimensionByHalfSigma() {
    LatentSliders w;
    w.setDimensions(20);
    w.setValue(5, 1.0);
    const QVector<double> before = w.z();
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    QTest::keyClick(w.slider(3), Qt::Key_PageUp);
    QCOMPARE(spy.count(), 1);
    const QVector<double> after = lastZ(spy);
    QCOMPARE(after[3], LatentSliders::kPageStepSigma);
    expectOthersUnchanged(before, after, 3);
    QCOMPARE(w.z(), after);

    QTest::keyClick(w.slider(3), Qt::Key_Right);
    QCOMPARE(spy.count(), 2);
    QVERIFY(std::abs(lastZ(spy)[3] - (LatentSliders::kPageStepSigma + LatentSliders::kSingleStepSigma)) < 1e-12);
    QTest::keyClick(w.slider(3), Qt::Key_PageDown);
    QTest::keyClick(w.slider(3), Qt::Key_PageDown);
    QVERIFY(std::abs(w.value(3) - (-0.5 + LatentSliders::kSingleStepSigma)) < 1e-12);
    // The spin box follows the slider.
    QCOMPARE(w.spinBox(3)->value(), -0.45);
  }

  void draggingEmitsOnEveryStep() {
    LatentSliders w;
    w.setDimensions(8);
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    // setValue on the QSlider is what a drag does, one position at a time.
    for (int ticks = 10; ticks <= 50; ticks += 10) w.slider(2)->setValue(ticks);
    QCOMPARE(spy.count(), 5);
    QCOMPARE(lastZ(spy)[2], 0.5);
    QCOMPARE(spy.at(0).at(0).value<QVector<double>>()[2], 0.1);
    expectOthersUnchanged(QVector<double>(8, 0.0), lastZ(spy), 2);
  }

  void typingInTheFieldMovesTheSlider() {
    LatentSliders w;
    w.setDimensions(6);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    QDoubleSpinBox* spin = w.spinBox(4);
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, "-1.25");
    QCOMPARE(spy.count(), 0);  // nothing is decoded half-typed
    QTest::keyClick(spin, Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastZ(spy)[4], -1.25);
    expectOthersUnchanged(QVector<double>(6, 0.0), lastZ(spy), 4);
    QCOMPARE(w.slider(4)->value(), -125);
    QCOMPARE(w.value(4), -1.25);
    // Enter hands the keyboard back to the row's slider.
    QTRY_VERIFY(w.slider(4)->hasFocus());

    // The field refuses keystrokes beyond the range rather than jumping to its edge.
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, "7");
    QTest::keyClick(spin, Qt::Key_Enter);
    QCOMPARE(w.value(4), -1.25);
    QCOMPARE(spy.count(), 1);
    // The keypad's Enter commits as well.
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, "3");
    QTest::keyClick(spin, Qt::Key_Enter);
    QCOMPARE(w.value(4), 3.0);
    QCOMPARE(w.slider(4)->value(), w.slider(4)->maximum());
  }

  void enterOnSliderOpensTheField() {
    LatentSliders w;
    w.setDimensions(3);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.slider(1)->setFocus();
    QTRY_VERIFY(w.slider(1)->hasFocus());
    QTest::keyClick(w.slider(1), Qt::Key_Return);
    QTRY_VERIFY(w.spinBox(1)->hasFocus());
    QTest::keyClicks(w.spinBox(1), "0.75");
    QTest::keyClick(w.spinBox(1), Qt::Key_Escape);  // Escape drops the typing
    QCOMPARE(w.value(1), 0.0);
    QTRY_VERIFY(w.slider(1)->hasFocus());
  }

  void setZRoundTripsAndEmitsOnce() {
    LatentSliders w;
    w.setDimensions(20);
    QVector<double> z;
    for (int d = 0; d < 20; ++d) z << (d - 10) * 0.237;  // not on the 0.01 grid: kept exactly
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    w.setZ(z);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(w.z(), z);
    QCOMPARE(lastZ(spy), z);
    QCOMPARE(w.value(3), z[3]);
    QCOMPARE(w.slider(3)->value(), static_cast<int>(std::lround(z[3] * 100)));
    QCOMPARE(w.spinBox(3)->value(), std::round(z[3] * 100) / 100);
    // Out of range clamps; a wrong length is ignored.
    z[0] = -9.0;
    w.setZ(z);
    QCOMPARE(w.value(0), -3.0);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression("setZ: 3 values for 20 dimensions"));
    w.setZ({1, 2, 3});
    QCOMPARE(spy.count(), 2);
    QCOMPARE(w.value(1), z[1]);
  }

  void setValueChangesOneDimension() {
    LatentSliders w;
    w.setDimensions(5);
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    w.setValue(2, 1.5);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(w.value(2), 1.5);
    QCOMPARE(w.slider(2)->value(), 150);
    w.setValue(2, 1.5);  // no change, no signal
    QCOMPARE(spy.count(), 1);
    w.setValue(7, 1.0);  // out of range dimension: ignored
    QCOMPARE(spy.count(), 1);
  }

  void resetZeroes() {
    LatentSliders w;
    w.setDimensions(10);
    w.randomize(7);
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    w.reset();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(w.z(), QVector<double>(10, 0.0));
    for (int d = 0; d < 10; ++d) QCOMPARE(w.slider(d)->value(), 0);
  }

  // A plain autoencoder has no prior: its rows show the codes' sd, Reset goes to the codes' mean, Randomize draws
  // from the codes' spread, and no text speaks of σ or KL; KL again restores the prior's wording.
  void autoencoderCodesReplaceThePrior() {
    LatentSliders w;
    w.setDimensions(3);
    w.setRange(30);
    QCOMPARE(w.range(), 30.0);  // an autoencoder's fitted range may exceed the prior's ±10
    w.setCodeSpread({5.0, -4.0, 0.0}, {2.0, 0.05, 1.0}, {true, false, true});
    QVERIFY(w.showsCodeSpread());
    QVERIFY2(w.summaryText().contains("2 vary"), qPrintable(w.summaryText()));
    QVERIFY2(w.summaryText().contains("no KL"), qPrintable(w.summaryText()));
    QVERIFY(!w.rangeBox()->suffix().contains(QString::fromUtf8("σ")));
    QVERIFY(!w.slider(0)->toolTip().contains(QString::fromUtf8("σ")));
    QCOMPARE(w.orderByKlBox()->text(), QString("Order by spread"));
    QVERIFY(!w.isRowShown(1) || !w.hideInactive());
    w.reset();
    QCOMPARE(w.z(), (QVector<double>{5.0, -4.0, 0.0}));
    // Draws around each dimension's mean with its sd: dimension 1 (sd 0.05) stays within 0.3 of -4.
    double sum0 = 0;
    for (quint32 seed = 1; seed <= 200; ++seed) {
      w.randomize(seed);
      QVERIFY2(std::abs(w.z()[1] + 4.0) < 0.3, qPrintable(QString::number(w.z()[1])));
      sum0 += w.z()[0];
    }
    QVERIFY2(std::abs(sum0 / 200 - 5.0) < 0.5, qPrintable(QString::number(sum0 / 200)));
    w.setKl({1.0, 0.0, 2.0}, {true, false, true});
    QVERIFY(!w.showsCodeSpread());
    QVERIFY(w.rangeBox()->suffix().contains(QString::fromUtf8("σ")));
    QCOMPARE(w.orderByKlBox()->text(), QString("Order by KL"));
    w.reset();
    QCOMPARE(w.z(), QVector<double>(3, 0.0));
  }

  void randomizeIsDeterministicAndPriorLike() {
    LatentSliders a;
    LatentSliders b;
    a.setDimensions(256);
    b.setDimensions(256);
    QSignalSpy spy(&a, &LatentSliders::zChanged);
    a.randomize(42);
    b.randomize(42);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(a.z(), b.z());
    b.randomize(43);
    QVERIFY(a.z() != b.z());
    // Plausibly N(0,1): mean near 0, sd near 1, nothing beyond the ±3 range.
    double sum = 0, sq = 0;
    for (double v : a.z()) {
      QVERIFY(std::abs(v) <= 3.0);
      sum += v;
      sq += v * v;
    }
    const double mean = sum / 256, sd = std::sqrt(sq / 256 - mean * mean);
    QVERIFY2(std::abs(mean) < 0.25, qPrintable(QString::number(mean)));
    QVERIFY2(sd > 0.8 && sd < 1.2, qPrintable(QString::number(sd)));
  }

  void setRangeRescalesAndClamps() {
    LatentSliders w;
    w.setDimensions(3);
    QCOMPARE(w.range(), 3.0);
    QCOMPARE(w.slider(0)->maximum(), 300);
    w.setZ({1.5, 2.5, -2.9});
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    w.setRange(2);
    QCOMPARE(w.range(), 2.0);
    QCOMPARE(w.rangeBox()->value(), 2.0);
    QCOMPARE(spy.count(), 1);  // two values were clamped
    QCOMPARE(w.z(), (QVector<double>{1.5, 2.0, -2.0}));
    QCOMPARE(w.slider(0)->maximum(), 200);
    QCOMPARE(w.slider(0)->value(), 150);  // same value, further along the shorter slider
    QCOMPARE(w.slider(1)->value(), 200);
    QCOMPARE(w.spinBox(1)->value(), 2.0);
    // Widening clamps nothing, so nothing is emitted; the header spin box drives the same thing.
    w.rangeBox()->setValue(5);
    QCOMPARE(w.range(), 5.0);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(w.slider(2)->minimum(), -500);
    w.setValue(2, -4.5);
    QCOMPARE(w.value(2), -4.5);
    // PageUp is still half a sigma at any range.
    QTest::keyClick(w.slider(2), Qt::Key_PageUp);
    QCOMPARE(w.value(2), -4.0);
  }

  void orderByKlPutsLargestFirst() {
    LatentSliders w;
    w.resize(420, 2000);  // tall enough that every row is laid out on screen
    w.setDimensions(20);
    setKlAndFlags(w, klFor20());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.rowOrder().first(), 0);
    w.orderByKlBox()->setChecked(true);  // the header checkbox, as a user would
    QVERIFY(w.orderByKl());
    const QVector<int> order = w.rowOrder();
    QCOMPARE(order.size(), 20);
    QCOMPARE(order.mid(0, 5), (QVector<int>{19, 4, 0, 8, 2}));
    for (int i = 1; i < order.size(); ++i) QVERIFY(w.kl()[order[i - 1]] >= w.kl()[order[i]]);
    // Equal KLs keep dimension order (stable), so rows do not shuffle between updates.
    QCOMPARE(order.mid(order.size() - 5), (QVector<int>{3, 9, 12, 15, 17}));
    QTRY_COMPARE(visualOrder(w), order);
    // New KL values re-sort; turning it off restores dimension order.
    QVector<double> kl(20, 0.0);
    kl[7] = 9.0;
    setKlAndFlags(w, kl);
    QCOMPARE(w.rowOrder().first(), 7);
    w.setOrderByKl(false);
    QVERIFY(!w.orderByKlBox()->isChecked());
    QCOMPARE(w.rowOrder().first(), 0);
    QTRY_COMPARE(visualOrder(w).first(), 0);
  }

  void reorderWaitsForTheDragToEnd() {
    LatentSliders w;
    w.setDimensions(3);
    w.setOrderByKl(true);
    setKlAndFlags(w, {0.1, 0.2, 0.3});
    QCOMPARE(w.rowOrder(), (QVector<int>{2, 1, 0}));
    w.slider(0)->setSliderDown(true);
    setKlAndFlags(w, {0.9, 0.2, 0.3});
    QCOMPARE(w.rowOrder(), (QVector<int>{2, 1, 0}));  // unchanged under the hand
    w.slider(0)->setSliderDown(false);  // emits sliderReleased
    QCOMPARE(w.rowOrder(), (QVector<int>{0, 2, 1}));
  }

  void hideInactiveHidesExactlyLowKlRows() {
    LatentSliders w;
    w.setDimensions(20);
    const QVector<double> kl = klFor20();
    setKlAndFlags(w, kl);
    for (int d = 0; d < 20; ++d) QVERIFY(w.isRowShown(d));
    w.hideInactiveBox()->setChecked(true);
    QVERIFY(w.hideInactive());
    int shown = 0;
    for (int d = 0; d < 20; ++d) {
      QCOMPARE(w.isRowShown(d), kl[d] >= kTestActiveKl);
      shown += w.isRowShown(d);
    }
    QCOMPARE(shown, 8);
    // A dimension that becomes active reappears; unhiding shows everything.
    QVector<double> kl2 = kl;
    kl2[1] = 0.5;
    setKlAndFlags(w, kl2);
    QVERIFY(w.isRowShown(1));
    w.setHideInactive(false);
    for (int d = 0; d < 20; ++d) QVERIFY(w.isRowShown(d));
    // Without KL nothing is hidden: there is no evidence yet that a dimension is dead.
    w.setHideInactive(true);
    w.setDimensions(5);
    for (int d = 0; d < 5; ++d) QVERIFY(w.isRowShown(d));
  }

  void selectingARowFollowsFocusAndClicks() {
    LatentSliders w;
    w.setDimensions(6);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy spy(&w, &LatentSliders::selectedDimensionChanged);
    QCOMPARE(w.selectedDimension(), -1);
    w.slider(2)->setFocus();
    QTRY_COMPARE(w.selectedDimension(), 2);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toInt(), 2);
    QTest::mouseClick(w.slider(4), Qt::LeftButton, {}, w.slider(4)->rect().center());
    QCOMPARE(w.selectedDimension(), 4);
    QCOMPARE(spy.last().at(0).toInt(), 4);
    // Tab walks the rows, one press per row.
    QTRY_VERIFY(w.slider(4)->hasFocus());
    QTest::keyClick(w.slider(4), Qt::Key_Tab);
    QTRY_VERIFY(w.slider(5)->hasFocus());
    QCOMPARE(w.selectedDimension(), 5);
    w.setSelectedDimension(0);
    QCOMPARE(w.selectedDimension(), 0);
    QCOMPARE(spy.last().at(0).toInt(), 0);
  }

  void tabFollowsKlOrder() {
    LatentSliders w;
    w.setDimensions(4);
    setKlAndFlags(w, {0.1, 3.0, 0.0, 1.0});
    w.setOrderByKl(true);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.slider(1)->setFocus();
    QTRY_VERIFY(w.slider(1)->hasFocus());
    QTest::keyClick(w.slider(1), Qt::Key_Tab);
    QTRY_VERIFY(w.slider(3)->hasFocus());
  }

  void handles256Dimensions() {
    LatentSliders w;
    w.resize(440, 500);
    w.setDimensions(256);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.findChildren<QSlider*>().size(), 256);
    QVector<double> kl(256, 0.001);
    for (int d = 0; d < 256; d += 9) kl[d] = 0.2 + d * 0.01;
    setKlAndFlags(w, kl);
    w.setOrderByKl(true);
    w.setHideInactive(true);
    QCOMPARE(w.rowOrder().first(), 252);
    QSignalSpy spy(&w, &LatentSliders::zChanged);
    w.randomize(1);
    QCOMPARE(spy.count(), 1);
    QTest::keyClick(w.slider(255), Qt::Key_PageUp);
    QCOMPARE(spy.count(), 2);
    // Rows scroll rather than squeeze.
    QVERIFY(w.findChild<QScrollArea*>()->widget()->height() > w.height());
  }

  void rendersSamples() {
    const QTemporaryDir shots;
    QVERIFY(shots.isValid());
    LatentSliders w;
    w.resize(460, 420);
    w.setDimensions(20);
    setKlAndFlags(w, klFor20());
    w.randomize(3);
    w.setSelectedDimension(4);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    saveShot(w, "sliders", shots);
    w.setOrderByKl(true);
    w.setHideInactive(true);
    QTRY_COMPARE(visualOrder(w).first(), 19);  // the event loop lays the rows out again
    saveShot(w, "sliders_sorted", shots);
    w.setDimensions(256);
    QVector<double> kl(256, 0.001);
    for (int d = 0; d < 256; d += 9) kl[d] = 0.2 + d * 0.01;
    setKlAndFlags(w, kl);
    w.setRange(2);
    w.randomize(5);
    QTRY_COMPARE(visualOrder(w).first(), 252);
    saveShot(w, "sliders_256", shots);
    LatentSliders empty;
    empty.resize(460, 200);
    QVERIFY(!empty.findChild<QPushButton*>()->isEnabled());
    saveShot(empty, "sliders_empty", shots);
  }
};

QTEST_MAIN(TestLatentSliders)
#include "test_latentsliders.moc"
