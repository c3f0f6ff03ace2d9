#include "app/core/imageconversion.h"

#include <QtTest>

#include <stdexcept>

using vae::imageToTensor;
using vae::tensorToImage;

class TestImageConversion : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void grayTensorBecomesGrayscale8() {
    auto t = torch::zeros({1, 2, 3});
    t[0][0][0] = 1.0;
    t[0][1][2] = 0.5;
    const QImage img = tensorToImage(t);
    QCOMPARE(img.format(), QImage::Format_Grayscale8);
    QCOMPARE(img.size(), QSize(3, 2));  // width = W, height = H
    QCOMPARE(qGray(img.pixel(0, 0)), 255);
    QCOMPARE(qGray(img.pixel(2, 1)), 128);  // 0.5 * 255 = 127.5 rounds to 128
    QCOMPARE(qGray(img.pixel(1, 0)), 0);
  }

  void rgbTensorKeepsChannelOrder() {
    auto t = torch::zeros({3, 1, 2});
    t[0][0][0] = 1.0;  // red at (0,0)
    t[2][0][1] = 1.0;  // blue at (1,0)
    const QImage img = tensorToImage(t);
    QCOMPARE(img.format(), QImage::Format_RGB888);
    QCOMPARE(QColor(img.pixel(0, 0)), QColor(255, 0, 0));
    QCOMPARE(QColor(img.pixel(1, 0)), QColor(0, 0, 255));
  }

  void valuesOutsideUnitRangeAreClamped() {
    auto t = torch::tensor({-0.5f, 2.0f}).reshape({1, 1, 2});
    const QImage img = tensorToImage(t);
    QCOMPARE(qGray(img.pixel(0, 0)), 0);
    QCOMPARE(qGray(img.pixel(1, 0)), 255);
  }

  void oddWidthRowsAreNotSkewed() {
    // Width 5 makes QImage pad each row to 8 bytes; a block copy would shift row 1.
    auto t = torch::zeros({1, 3, 5});
    t[0][1][4] = 1.0;
    const QImage img = tensorToImage(t);
    QCOMPARE(qGray(img.pixel(4, 1)), 255);
    QCOMPARE(qGray(img.pixel(0, 2)), 0);
  }

  void wrongShapesThrow_data() {
    QTest::addColumn<int>("dims");
    QTest::addColumn<int>("channels");
    QTest::newRow("2-D") << 2 << 1;
    QTest::newRow("two channels") << 3 << 2;
    QTest::newRow("4-D") << 4 << 1;
  }

  void wrongShapesThrow() {
    QFETCH(int, dims);
    QFETCH(int, channels);
    std::vector<int64_t> shape(static_cast<size_t>(dims), 4);
    shape[dims == 4 ? 1 : 0] = channels;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tensorToImage(torch::zeros(shape)));
  }

  void batchBecomesImageList() {
    const auto images = vae::tensorToImages(torch::rand({5, 1, 28, 28}));
    QCOMPARE(images.size(), 5);
    QCOMPARE(images[4].size(), QSize(28, 28));
  }

  void roundTripIsLossless() {
    // Multiples of 1/255 survive both directions exactly.
    const auto original = torch::randint(0, 256, {3, 8, 6}).to(torch::kFloat32) / 255.0;
    const auto back = imageToTensor(tensorToImage(original), 3, 8, 6);
    QVERIFY(torch::allclose(back, original, /*rtol=*/0, /*atol=*/1e-6));
  }

  void imageToTensorResizesAndConvertsToGray() {
    QImage img(56, 56, QImage::Format_RGB32);
    img.fill(QColor(255, 255, 255));
    const auto t = imageToTensor(img, 1, 28, 28);
    QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{1, 28, 28}));
    QCOMPARE(t.scalar_type(), torch::kFloat32);
    QVERIFY(torch::allclose(t, torch::ones({1, 28, 28})));
  }

  void imageToTensorConvertsGrayToRgb() {
    QImage img(4, 4, QImage::Format_Grayscale8);
    img.fill(QColor(51, 51, 51));  // 51 / 255 = 0.2
    const auto t = imageToTensor(img, 3, 4, 4);
    QCOMPARE(t.size(0), 3);
    QVERIFY(torch::allclose(t, torch::full({3, 4, 4}, 0.2f), 0, 1e-6));
  }

  void imageToTensorUsesSmoothResize() {
    // Half black, half white, shrunk to one pixel: smooth filtering averages, nearest would pick one side.
    QImage img(2, 2, QImage::Format_Grayscale8);
    img.fill(0);
    img.setPixelColor(1, 0, Qt::white);
    img.setPixelColor(1, 1, Qt::white);
    const float v = imageToTensor(img, 1, 1, 1).item<float>();
    QVERIFY2(v > 0.3f && v < 0.7f, qPrintable(QString("got %1").arg(v)));
  }

  void imageToTensorRejectsBadInput() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, imageToTensor(QImage(), 1, 28, 28));
    QImage img(4, 4, QImage::Format_RGB32);
    img.fill(Qt::black);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, imageToTensor(img, 2, 28, 28));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, imageToTensor(img, 1, 0, 28));
  }
};

QTEST_MAIN(TestImageConversion)
#include "test_imageconversion.moc"
