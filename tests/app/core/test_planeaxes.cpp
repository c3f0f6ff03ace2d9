#include "app/core/planeaxes.h"

#include <QtTest>

#include <cmath>

using vae::PlaneAxes;

namespace {
bool near(const QVector<double>& a, const QVector<double>& b, double tol = 1e-12) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i)
    if (std::abs(a[i] - b[i]) > tol) return false;
  return true;
}
bool near(QPointF a, QPointF b, double tol = 1e-12) {
  return std::abs(a.x() - b.x()) <= tol && std::abs(a.y() - b.y()) <= tol;
}
}  // namespace

class TestPlaneAxes : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void plainDimensionsReadAndWriteThoseValues() {
    const PlaneAxes axes = PlaneAxes::dims(4, 2, 0);
    QVERIFY(axes.isValid());
    QCOMPARE(axes.nameX(), QStringLiteral("z2"));
    QCOMPARE(axes.nameY(), QStringLiteral("z0"));
    const QVector<double> z{0.5, -1, 2, 3};
    QCOMPARE(axes.coordinates(z), QPointF(2, 0.5));
    QCOMPARE(axes.moveTo(z, QPointF(-1.5, 1)), (QVector<double>{1, -1, -1.5, 3}));
    QCOMPARE(axes.offPlane(z), (QVector<double>{0, -1, 0, 3}));
  }

  void outOfRangeDimensionsGiveNoAxes() {
    QVERIFY(!PlaneAxes::dims(3, 0, 3).isValid());
    QVERIFY(!PlaneAxes::dims(0, 0, 0).isValid());
    QVERIFY(!PlaneAxes(QVector<double>{1, 0}, QVector<double>{0, 1, 0}, "a", "b").isValid());
  }

  // Directions are normalised: a span measured along an axis is in latent units.
  void directionsAreUnitVectors() {
    const PlaneAxes axes(QVector<double>{3, 4, 0}, QVector<double>{0, 0, -2}, "PC1", "PC2");
    QVERIFY(near(axes.dirX(), {0.6, 0.8, 0}));
    QVERIFY(near(axes.dirY(), {0, 0, -1}));
    QVERIFY(near(axes.coordinates(QVector<double>{3, 4, 1}), QPointF(5, -1)));
  }

  // The grid decodes offPlane(z) + x*dirX + y*dirY; at z's own coordinates that must be z again, for
  // orthogonal and for oblique axes (a plain dim against a PCA axis).
  void offPlanePlusCoordinatesRebuildsZ() {
    const QVector<double> z{0.3, -1.2, 0.7};
    for (const PlaneAxes& axes : {PlaneAxes(QVector<double>{1, 1, 0}, QVector<double>{1, -1, 0}, "PC1", "PC2"),
                                  PlaneAxes(QVector<double>{1, 0, 0}, QVector<double>{1, 1, 1}, "z0", "PC1")}) {
      const QPointF uv = axes.coordinates(z);
      const QVector<double> base = axes.offPlane(z);
      QVERIFY(near(axes.coordinates(base), QPointF(0, 0), 1e-12));
      QVector<double> rebuilt = base;
      for (int i = 0; i < 3; ++i) rebuilt[i] += uv.x() * axes.dirX()[i] + uv.y() * axes.dirY()[i];
      QVERIFY(near(rebuilt, z, 1e-12));
    }
  }

  // Moving along one oblique axis leaves the other coordinate where it was.
  void moveToSetsBothCoordinatesOnObliqueAxes() {
    const PlaneAxes axes(QVector<double>{1, 0, 0}, QVector<double>{1, 1, 0}, "z0", "PC1");
    const QVector<double> z{0.4, 0.9, -2};
    const QVector<double> moved = axes.moveTo(z, QPointF(1.5, -0.25));
    QVERIFY(near(axes.coordinates(moved), QPointF(1.5, -0.25), 1e-12));
    QCOMPARE(moved[2], -2.0);  // off the plane: untouched
  }

  // The same dimension on both axes is degenerate but must not blow up.
  void parallelAxesStayFinite() {
    const PlaneAxes axes = PlaneAxes::dims(3, 1, 1);
    const QVector<double> z{1, 2, 3};
    QCOMPARE(axes.coordinates(z), QPointF(2, 2));
    QCOMPARE(axes.moveTo(z, QPointF(-1, 5)), (QVector<double>{1, -1, 3}));
  }
};

QTEST_APPLESS_MAIN(TestPlaneAxes)
#include "test_planeaxes.moc"
