#include "widgets/klbars.h"

#include <QtTest>

#include <cmath>

using vae::KlBars;

namespace {
const QColor kGrey(185, 185, 185);

// Even dims informative (1..5 nats), odd dims dead (0.001 nats).
QVector<double> alternating(int n) {
  QVector<double> kl;
  for (int i = 0; i < n; ++i) kl << (i % 2 == 0 ? 1.0 + i % 5 : 0.001);
  return kl;
}

// The flags a caller (app/core KlReport) would pass: here simply KL >= 0.01 nats.
QVector<bool> flags(const QVector<double>& kl) {
  QVector<bool> active;
  for (double k : kl) active << (k >= 0.01);
  return active;
}

// A pixel inside bar i, near its base so even the short grey stubs are hit.
QColor barPixel(const QImage& shot, const KlBars& bars, int i) {
  const QRectF r = bars.barRect(i);
  return QColor(shot.pixel(int(std::floor(r.center().x())), int(std::floor(r.bottom())) - 2));
}

void maybeSave(QWidget& w, const QString& name) {
  const QString dir = qEnvironmentVariable("VAE_WIDGET_SHOTS");
  if (!dir.isEmpty()) QVERIFY(w.grab().save(dir + "/" + name + ".png"));
}
}  // namespace

class TestKlBars : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void sortedOrderMapsBarsToDimensionsByKl() {
    KlBars bars;
    bars.setKl({0.5, 3.0, 0.0, 1.2}, {true, true, false, true}, false);
    QCOMPARE(bars.dimensionAt(0), 0);
    QCOMPARE(bars.dimensionAt(3), 3);
    bars.setSorted(true);
    QCOMPARE(bars.dimensionAt(0), 1);
    QCOMPARE(bars.dimensionAt(1), 3);
    QCOMPARE(bars.dimensionAt(2), 0);
    QCOMPARE(bars.dimensionAt(3), 2);
    QCOMPARE(bars.dimensionAt(4), -1);
    // New values are re-sorted.
    bars.setKl({5.0, 0.1, 0.2, 0.3}, {true, true, true, true}, false);
    QCOMPARE(bars.dimensionAt(0), 0);
    QCOMPARE(bars.dimensionAt(1), 3);
  }

  void sortedBarsDescendInHeight() {
    KlBars bars;
    bars.resize(400, 240);
    bars.setKl({0.5, 3.0, 0.2, 1.2}, {true, true, true, true}, false);
    bars.setSorted(true);
    for (int i = 1; i < 4; ++i) QVERIFY(bars.barRect(i - 1).height() >= bars.barRect(i).height());
    QVERIFY(bars.barRect(0).left() < bars.barRect(1).left());
  }

  // A narrow chart (the KL box of a 1000 px window) shows a shorter title that still has the active count and
  // the total, not "KL per dimension · 20 of 20 active · t…".
  void titleIsShortenedNotCutWhenNarrow_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<QString>("counts");
    QTest::newRow("wide") << 600 << QStringLiteral("2 of 4 active · total 4.70 nats");
    QTest::newRow("box of a 1000 px window") << 290 << QStringLiteral("2 of 4 active · 4.70 nats");
    QTest::newRow("narrow") << 170 << QStringLiteral("2/4 active · 4.70 nats");
  }

  void titleIsShortenedNotCutWhenNarrow() {
    QFETCH(int, width);
    QFETCH(QString, counts);
    KlBars bars;
    bars.resize(width, 240);
    bars.setKl({0.5, 3.0, 0.0, 1.2}, {false, true, false, true}, false);
    const QString shown = bars.shownTitle();
    QVERIFY2(shown.endsWith(counts), qPrintable(shown));
    QFont bold = bars.font();
    bold.setBold(true);
    QVERIFY(QFontMetrics(bold).horizontalAdvance(shown) <= width);
  }

  void totalsAndTitle() {
    KlBars bars;
    QCOMPARE(bars.totalKl(), 0.0);
    bars.setKl({0.5, 3.0, 0.0, 1.2}, {false, true, false, true}, false);  // the caller's verdict, shown as is
    QCOMPARE(bars.totalKl(), 4.7);
    QCOMPARE(bars.activeUnits(), 2);
    QVERIFY2(bars.titleText().contains(QString::fromUtf8("2 of 4 active · total 4.70 nats")),
             qPrintable(bars.titleText()));
    bars.clear();
    QVERIFY(bars.kl().isEmpty());
    QCOMPARE(bars.totalKl(), 0.0);
  }

  // A plain autoencoder has no KL: its codes' sd per dimension is drawn instead and the title says so; KL values
  // again return to KL wording.
  void autoencoderShowsCodeSpreadAndSaysThereIsNoKl() {
    KlBars bars;
    bars.resize(900, 240);
    bars.setCodeSpread({2.5, 0.02, 1.0}, {true, false, true});
    QVERIFY(bars.showsCodeSpread());
    QVERIFY(!bars.collapseWarning());
    QCOMPARE(bars.activeUnits(), 2);
    QVERIFY2(bars.titleText().contains(QString::fromUtf8("No KL term (autoencoder)")), qPrintable(bars.titleText()));
    QVERIFY2(bars.titleText().endsWith(QString::fromUtf8("2 of 3 vary")), qPrintable(bars.titleText()));
    QVERIFY(!bars.titleText().contains("nats"));
    QVERIFY(bars.barRect(0).height() > bars.barRect(2).height());  // drawn by sd
    bars.setKl({0.5, 3.0}, {true, true}, false);
    QVERIFY(!bars.showsCodeSpread());
    QVERIFY2(bars.titleText().contains("nats"), qPrintable(bars.titleText()));
  }

  // Whether to warn is the caller's verdict (model/latenttools looksCollapsed, gated by KlReport::settled).
  void collapseWarningShowsTheCallersVerdict() {
    KlBars bars;
    bars.setKl({4.0, 0.0, 0.0}, {true, false, false}, /*collapsed=*/true);
    QVERIFY(bars.collapseWarning());
    QVERIFY(bars.warningText().startsWith("Posterior collapse: the decoder ignores z"));
    QVERIFY(bars.warningText().contains("active units 1"));
    bars.setKl({4.0, 0.0, 0.0}, {true, false, false}, /*collapsed=*/false);  // e.g. not settled yet
    QVERIFY(!bars.collapseWarning());
    QVERIFY(bars.warningText().isEmpty());
    bars.setKl({}, {}, /*collapsed=*/true);  // nothing to warn about without data
    QVERIFY(!bars.collapseWarning());
  }

  void paintsGreyAndColouredBars_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<bool>("sorted");
    QTest::newRow("2 dims") << 2 << false;
    QTest::newRow("20 dims") << 20 << false;
    QTest::newRow("20 dims sorted") << 20 << true;
    QTest::newRow("256 dims") << 256 << false;
  }

  void paintsGreyAndColouredBars() {
    QFETCH(int, dims);
    QFETCH(bool, sorted);
    KlBars bars;
    bars.resize(480, 240);
    bars.setSorted(sorted);
    bars.setKl(alternating(dims), flags(alternating(dims)), false);
    const QImage shot = bars.grab().toImage();
    QVERIFY(!shot.isNull());
    for (int i = 0; i < dims; ++i) {
      QVERIFY(bars.barRect(i).height() >= 3);
      const bool dead = bars.dimensionAt(i) % 2 == 1;
      const QColor c = barPixel(shot, bars, i);
      if (dead) {
        QVERIFY2(c == kGrey, qPrintable(QString("bar %1 should be grey, is %2").arg(i).arg(c.name())));
      } else {
        QVERIFY2(c != kGrey && c.saturation() > 100, qPrintable(QString("bar %1 is %2").arg(i).arg(c.name())));
      }
    }
  }

  void paintsCollapseBannerAndEmptyState() {
    KlBars bars;
    bars.resize(360, 220);
    QVERIFY(!bars.grab().isNull());  // no data yet
    bars.setKl(QVector<double>(10, 0.0), QVector<bool>(10, false), true);
    QVERIFY(!bars.grab().isNull());
    QVERIFY(bars.collapseWarning());
    // The bars make room for the banner instead of drawing under it.
    QVERIFY(bars.barRect(0).bottom() <= bars.height());
  }

  void rendersSamples() {
    KlBars bars;
    bars.resize(520, 240);
    QVector<double> kl{3.1, 0.002, 2.4, 0.0, 4.8, 0.004, 1.1, 0.001, 2.9, 0.0,
                       0.003, 0.6, 0.0, 0.002, 1.4, 0.0, 0.001, 0.0, 0.005, 0.0};
    bars.setKl(kl, flags(kl), false);
    maybeSave(bars, "klbars_20");
    bars.setSorted(true);
    maybeSave(bars, "klbars_20_sorted");
    QVector<double> many;
    for (int i = 0; i < 256; ++i) many << (i % 7 == 0 ? 0.5 + (i % 11) * 0.3 : 0.002);
    bars.setSorted(false);
    bars.setKl(many, flags(many), false);
    maybeSave(bars, "klbars_256");
    const QVector<double> collapsed{0.2, 0.001, 0.0, 0.003, 0.0, 0.001, 0.0, 0.0};
    bars.setKl(collapsed, flags(collapsed), true);
    maybeSave(bars, "klbars_collapse");
    QVERIFY(bars.collapseWarning());
  }
};

QTEST_MAIN(TestKlBars)
#include "test_klbars.moc"
