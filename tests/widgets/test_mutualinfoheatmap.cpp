#include "widgets/mutualinfoheatmap.h"

#include <QSignalSpy>
#include <QtTest>

using vae::MutualInfoHeatmap;
using vae::MutualInfoMatrix;

namespace {
// Four dimensions x three factors: z1 carries "x" (2.0 nats), z2 carries "shape" (1.0), the rest little.
MutualInfoMatrix sample() {
  MutualInfoMatrix m;
  m.rows = 4;
  m.factors = {QStringLiteral("shape"), QStringLiteral("x"), QStringLiteral("y")};
  m.values = {0.01, 0.02, 0.03,  //
              0.02, 2.00, 0.05,  //
              1.00, 0.01, 0.02,  //
              0.00, 0.10, 0.40};
  m.entropy = {1.1, 2.3, 2.3};
  m.mig = 0.4567;
  m.images = 2000;
  return m;
}

void maybeSave(QWidget& w, const QString& name) {
  const QString dir = qEnvironmentVariable("VAE_WIDGET_SHOTS");
  if (!dir.isEmpty()) QVERIFY(w.grab().save(dir + "/" + name + ".png"));
}
}  // namespace

class TestMutualInfoHeatmap : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void emptyMapShowsItsPlaceholder() {
    MutualInfoHeatmap map;
    map.resize(300, 200);
    QVERIFY(map.matrix().isEmpty());
    QCOMPARE(map.titleText(), QStringLiteral("Mutual information"));
    QVERIFY(!map.placeholderText().isEmpty());
    map.clear(QStringLiteral("only for shapes"));
    QCOMPARE(map.placeholderText(), QStringLiteral("only for shapes"));
    QCOMPARE(map.cellAt(QPoint(150, 100)), QPoint(-1, -1));
    QVERIFY(map.cellRect(0, 0).isEmpty());
  }

  void titleCarriesTheMig() {
    MutualInfoHeatmap map;
    map.setMatrix(sample());
    QCOMPARE(map.titleText(), QStringLiteral("Mutual information · MIG 0.46"));
  }

  void drawsOneCellPerDimensionAndFactor() {
    MutualInfoHeatmap map;
    map.resize(360, 260);
    map.setMatrix(sample());
    int cells = 0;
    QRectF united;
    for (int r = 0; r < 4; ++r)
      for (int c = 0; c < 3; ++c) {
        const QRectF cell = map.cellRect(r, c);
        QVERIFY(!cell.isEmpty());
        QCOMPARE(map.cellAt(cell.center().toPoint()), QPoint(r, c));
        united = united.united(cell);
        ++cells;
      }
    QCOMPARE(cells, 12);
    QVERIFY(map.cellRect(4, 0).isEmpty());
    QVERIFY(map.cellRect(0, 3).isEmpty());
    QVERIFY(QRectF(map.rect()).contains(united));
    // Drawn with the colour of its value: the strongest cell bright, a zero one dark.
    const QImage shot = map.grab().toImage();
    maybeSave(map, QStringLiteral("mutualinfoheatmap"));
    const qreal dpr = shot.devicePixelRatio();
    auto pixel = [&](int r, int c) {
      const QPointF corner = map.cellRect(r, c).topLeft() + QPointF(4, 4);  // clear of the outline and the value
      return QColor(shot.pixel((corner * dpr).toPoint()));
    };
    QCOMPARE(pixel(1, 1), map.colorFor(2.0));
    QCOMPARE(pixel(3, 0), map.colorFor(0.0));
    QVERIFY(pixel(1, 1).lightness() > pixel(3, 0).lightness() + 100);
  }

  void reportsTheHoveredCell() {
    MutualInfoHeatmap map;
    map.resize(360, 260);
    map.setMatrix(sample());
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    QSignalSpy spy(&map, &MutualInfoHeatmap::hoveredCellChanged);
    QTest::mouseMove(&map, map.cellRect(2, 0).center().toPoint());
    QTRY_COMPARE(map.hoveredCell(), QPoint(2, 0));
    QVERIFY(!spy.isEmpty());
    QCOMPARE(spy.last().at(0).toInt(), 2);
    QCOMPARE(spy.last().at(1).toInt(), 0);
    // Its read-out names the dimension, the factor, the value and its share of the factor's entropy.
    const QString text = map.cellText(2, 0);
    QVERIFY2(text.contains(QStringLiteral("z2")) && text.contains(QStringLiteral("shape")) &&
                 text.contains(QStringLiteral("1.00 nats")) && text.contains(QStringLiteral("91 %")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("carries it most")), qPrintable(text));
    QVERIFY(!map.cellText(0, 0).contains(QStringLiteral("carries it most")));
  }

  void scaleCoversTheLargestValue() {
    MutualInfoHeatmap map;
    map.setMatrix(sample());
    QVERIFY(map.scaleMax() >= 2.0);
    QVERIFY(map.scaleMax() <= 2.5);
    map.clear();
    QVERIFY(map.scaleMax() > 0);
  }
};

QTEST_MAIN(TestMutualInfoHeatmap)
#include "test_mutualinfoheatmap.moc"
