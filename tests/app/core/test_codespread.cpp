// An autoencoder's explorer windows come from its codes' spread (issue 18): sliders hold mean ± 3 sd of every
// dimension, the plane centres on the points and spans 3 sd of the wider axis.
#include "app/core/codespread.h"

#include <QtTest>

#include <cmath>

using vae::LatentCodes;

class TestCodeSpread : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void meanAndSdPerDimension() {
    LatentCodes codes;
    codes.latentDim = 2;
    codes.mu = {1, 10, 3, 10, 5, 16, 7, 16};  // dim 0: 1,3,5,7 (mean 4, sd sqrt(5)); dim 1: mean 13, sd 3
    const vae::CodeSpread s = vae::codeSpreadOf(codes);
    QCOMPARE(s.mean, (QVector<double>{4, 13}));
    QVERIFY(std::abs(s.sd[0] - std::sqrt(5.0)) < 1e-12);
    QCOMPARE(s.sd[1], 3.0);
    // The sliders reach |13| + 3 * 3 = 22 on the far dimension.
    QCOMPARE(vae::sliderRangeFor(s), 22.0);
  }

  void slidersReachAtLeastOne() {
    QCOMPARE(vae::sliderRangeFor({{0.1, -0.2}, {0.05, 0.01}}), 1.0);
    QCOMPARE(vae::sliderRangeFor({{-2.5}, {0.5}}), 4.0);  // 2.5 + 1.5 = 4 exactly, not 5
  }

  void planeWindowCentresOnThePoints() {
    const vae::PlaneWindow w = vae::planeWindowFor({{8, -1}, {12, -1}, {8, 1}, {12, 1}}, 1.0);
    QCOMPARE(w.centerX, 10.0);
    QCOMPARE(w.centerY, 0.0);
    QCOMPARE(w.span, 6.0);  // sd 2 along x, 1 along y: 3 x 2
    const vae::PlaneWindow same = vae::planeWindowFor({{5, 5}, {5, 5}}, 1.5);
    QCOMPARE(same.span, 1.5);
    QCOMPARE(vae::planeWindowFor({}, 2.0).span, 2.0);
  }
};

QTEST_MAIN(TestCodeSpread)
#include "test_codespread.moc"
