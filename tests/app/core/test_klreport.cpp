// KlReport: the one report of active dimensions and collapse that every view shows.
#include "app/core/klreport.h"

#include <QtTest>

using vae::KlReport;

class TestKlReport : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void countsActiveDimensionsAndTotal() {
    const KlReport r = KlReport::fromHeldOutKl({2.0, 0.001, 1.5, 0.0}, /*settled=*/true, /*step=*/42);
    QCOMPARE(r.active, (QVector<bool>{true, false, true, false}));
    QCOMPARE(r.activeCount, 2);
    QCOMPARE(r.totalKl, 3.501);
    QCOMPARE(r.step, 42);
    QVERIFY(!r.collapsed);
  }

  // A collapsed-looking KL is reported as collapsed only once it has settled (an epoch was trained).
  void collapseNeedsASettledKl() {
    const QVector<double> dead{0.002, 0.0, 0.001, 0.0};
    QVERIFY(KlReport::fromHeldOutKl(dead, /*settled=*/true, 100).collapsed);
    QVERIFY(!KlReport::fromHeldOutKl(dead, /*settled=*/false, 26).collapsed);
  }

  void nonFiniteValuesAreInactiveAndNotSummed() {
    const KlReport r = KlReport::fromHeldOutKl({qQNaN(), 1.0}, true, 1);
    QCOMPARE(r.activeCount, 1);
    QCOMPARE(r.totalKl, 1.0);
  }

  // A plain autoencoder has no KL: a dimension counts when its codes vary (Var > 0.01, the compare table's rule),
  // and the report carries the spread the views show instead of KL.
  void autoencoderCountsDimensionsWhoseCodesVary() {
    const KlReport r = KlReport::fromCodeSpread({0.5, -2.0, 1.0}, {2.0, 0.05, 0.11}, /*settled=*/true, /*step=*/9);
    QVERIFY(!r.klApplies);
    QCOMPARE(r.active, (QVector<bool>{true, false, true}));  // 0.05² = 0.0025 < 0.01 < 0.11²
    QCOMPARE(r.activeCount, 2);
    QCOMPARE(r.klPerDim, (QVector<double>{0.0, 0.0, 0.0}));
    QCOMPARE(r.codeSd, (QVector<double>{2.0, 0.05, 0.11}));
    QCOMPARE(r.codeMean, (QVector<double>{0.5, -2.0, 1.0}));
    QVERIFY(!r.collapsed);
  }

  void emptyMeansNoData() {
    const KlReport r = KlReport::fromHeldOutKl({}, true, 1);
    QVERIFY(r.isEmpty());
    QVERIFY(!r.collapsed);
  }
};

QTEST_GUILESS_MAIN(TestKlReport)
#include "test_klreport.moc"
