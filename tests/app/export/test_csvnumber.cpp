#include "app/export/csvnumber.h"

#include <QLocale>
#include <QtTest>

#include <cfloat>
#include <charconv>
#include <cstring>

// Every float32 written by csvNumber reads back as the same float32 (bit for bit), in any locale.
class TestCsvNumber : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void float32RoundTrips_data() {
    QTest::addColumn<float>("value");
    QTest::newRow("0.1f") << 0.1f;
    QTest::newRow("1/3") << 1.0f / 3.0f;                  // 6 digits read back as 0.333333f, one ulp off
    QTest::newRow("123456.789f") << 123456.789f;          // 6 digits: 123457
    QTest::newRow("a loss in nats") << 243.987654f;
    QTest::newRow("2^24 + 2") << 16777218.0f;
    QTest::newRow("negative log-variance") << -3.14159274f;
    QTest::newRow("FLT_MAX") << FLT_MAX;
    QTest::newRow("FLT_MIN") << FLT_MIN;
    QTest::newRow("smallest subnormal") << FLT_TRUE_MIN;
    QTest::newRow("1e-7f") << 1e-7f;
    QTest::newRow("zero") << 0.0f;
  }

  void float32RoundTrips() {
    QFETCH(float, value);
    const QString text = vae::csvNumber(value);
    // Read as C, numpy and Python read a float32 (QString::toFloat would call FLT_MAX's 9 digits an overflow).
    const QByteArray bytes = text.toLatin1();
    float back = -1;
    const auto [end, error] = std::from_chars(bytes.constData(), bytes.constData() + bytes.size(), back);
    QVERIFY2(error == std::errc() && end == bytes.constData() + bytes.size(), qPrintable(text));
    QVERIFY2(std::memcmp(&back, &value, sizeof value) == 0,
             qPrintable(QStringLiteral("%1 read back as %2").arg(text).arg(double(back), 0, 'g', 17)));
  }

  // Numbers that are short stay short: a learning rate is "0.001", not "0.00100000000".
  void shortNumbersStayShort() {
    QCOMPARE(vae::csvNumber(1e-3), QStringLiteral("0.001"));
    QCOMPARE(vae::csvNumber(4.0), QStringLiteral("4"));
    QCOMPARE(vae::csvNumber(0.1f), QStringLiteral("0.100000001"));
  }

  // A decimal point and no group separators whatever the locale: a CSV is read by programs.
  void ignoresTheLocale() {
    const QLocale saved;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QString text = vae::csvNumber(12345.5);
    QLocale::setDefault(saved);
    QCOMPARE(text, QStringLiteral("12345.5"));
  }
};

QTEST_GUILESS_MAIN(TestCsvNumber)
#include "test_csvnumber.moc"
