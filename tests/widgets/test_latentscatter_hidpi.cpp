// The scatter at 200 %: dots are drawn from a pixmap at the screen's device pixel ratio (sharp, not a 1x pixmap
// scaled up) and still sit centred on their points.
#include "widgets/latentscatter.h"

#include <QApplication>
#include <QtTest>

#include <qcustomplot.h>

using vae::LatentScatter;

class TestLatentScatterHiDpi : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { QCOMPARE(qApp->devicePixelRatio(), 2.0); }

  void dotsAreDrawnAtTheDevicePixelRatio() {
    LatentScatter w;
    w.resize(400, 400);
    w.setPoints({{0, 0}}, {0}, {QStringLiteral("only")});
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.dotPixelRatio(), 2.0);
  }

  // Centred by its logical size: QCustomPlot's own pixmap scatter would put a 2x pixmap half a dot off.
  void aDotIsCentredOnItsPoint() {
    LatentScatter w;
    w.resize(400, 400);
    w.setPoints({{1.0, -1.0}}, {0}, {QStringLiteral("only")});
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.replotNow();
    const QImage image = w.customPlot()->grab().toImage();
    QCOMPARE(image.devicePixelRatio(), 2.0);
    const QPointF centre = w.widgetPosOf(QPointF(1.0, -1.0)) * 2.0;
    const QColor background = w.customPlot()->axisRect()->backgroundBrush().color();
    // The disc (7 logical pixels across) covers its centre and 2 logical pixels around it on every side.
    for (const QPointF offset : {QPointF(0, 0), QPointF(-4, 0), QPointF(4, 0), QPointF(0, -4), QPointF(0, 4)}) {
      const QColor c = image.pixelColor((centre + offset).toPoint());
      QVERIFY2(c != background, qPrintable(QStringLiteral("background at offset (%1, %2)").arg(offset.x()).arg(offset.y())));
    }
  }
};

int main(int argc, char** argv) {
  qputenv("QT_SCALE_FACTOR", "2");
  QApplication app(argc, argv);
  TestLatentScatterHiDpi test;
  return QTest::qExec(&test, argc, argv);
}

#include "test_latentscatter_hidpi.moc"
