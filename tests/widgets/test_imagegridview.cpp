#include "widgets/imagegridview.h"

#include <QSignalSpy>
#include <QtTest>

using vae::ImageGridView;

namespace {
QImage filled(QSize size, QColor color, QImage::Format format = QImage::Format_RGB888) {
  QImage img(size, format);
  img.fill(color);
  return img;
}

QVector<QImage> grayPage(int n) {
  QVector<QImage> images;
  for (int i = 0; i < n; ++i) images.append(filled(QSize(28, 28), QColor(i * 20, i * 20, i * 20), QImage::Format_Grayscale8));
  return images;
}
}  // namespace

class TestImageGridView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Images shrink to fit a narrow view rather than lose cells; below the smallest shrink the view asks for
  // more room (a scroll area around it then scrolls), so a cell is never cut off.
  void cellsShrinkToFitAndNeverGetCut() {
    vae::ImageGridView view;
    view.setColumns(32);
    QVector<QImage> images(32, QImage(64, 64, QImage::Format_RGB32));
    for (QImage& image : images) image.fill(Qt::darkCyan);
    view.setImages(images, QStringList(32, "0.0"));
    for (const int width : {view.minimumSizeHint().width(), 1200, 3000}) {
      view.resize(width, 120);
      for (int i = 0; i < 32; ++i)
        QVERIFY2(view.rect().contains(view.cellRect(i)), qPrintable(QString("cell %1 at width %2").arg(i).arg(width)));
    }
    view.resize(1200, 120);
    QVERIFY(view.imageRect(0).width() < 64);  // shrunk, not cut
    QVERIFY(view.minimumSizeHint().width() >= 32 * 16);
  }

  void setImagesChangesCount() {
    ImageGridView view;
    QCOMPARE(view.count(), 0);
    view.setImages(grayPage(5), {"a", "b", "c", "d", "e"});
    QCOMPARE(view.count(), 5);
    QCOMPARE(view.caption(3), QString("d"));
    view.clear();
    QCOMPARE(view.count(), 0);
    QVERIFY(view.cellRect(0).isEmpty());
  }

  void missingCaptionsAreBlank() {
    ImageGridView view;
    view.setImages(grayPage(3), {"only one"});
    QCOMPARE(view.caption(0), QString("only one"));
    QCOMPARE(view.caption(2), QString());
  }

  void cellsDoNotOverlapAndFitTheWidget() {
    ImageGridView view;
    view.resize(600, 400);
    view.setImages(grayPage(12));
    for (int i = 0; i < view.count(); ++i) {
      QVERIFY2(view.rect().contains(view.cellRect(i)), qPrintable(QString("cell %1 outside").arg(i)));
      QVERIFY(view.cellRect(i).contains(view.imageRect(i)));
      for (int j = i + 1; j < view.count(); ++j) QVERIFY(!view.cellRect(i).intersects(view.cellRect(j)));
    }
  }

  void upscalesWithWholeFactor() {
    ImageGridView view;
    view.resize(900, 700);
    view.setImages(grayPage(4));
    const QRect r = view.imageRect(0);
    QCOMPARE(r.width() % 28, 0);
    QVERIFY2(r.width() >= 56, "a large widget with few images should upscale them");
    QCOMPARE(r.width(), r.height());
  }

  // A CJK fallback font's taller captions made a 48-image page miss scale 2 and drop to 28 px thumbnails in 16
  // columns with half the frame empty (GUI walk, zh_CN at 1000x700): a much larger fractional scale is used.
  void tallCaptionsDoNotShrinkThePageToScaleOne() {
    ImageGridView view;
    QFont tall = view.font();
    tall.setPixelSize(22);
    view.setFont(tall);
    view.resize(680, 510);
    view.setImages(grayPage(48), QStringList(48, QStringLiteral("Ankle boot")));
    QVERIFY2(view.imageRect(0).width() >= 37, qPrintable(QString::number(view.imageRect(0).width())));
    for (int i = 0; i < view.count(); ++i)
      QVERIFY2(view.rect().contains(view.cellRect(i)), qPrintable(QString("cell %1 outside").arg(i)));
  }

  // A layout that gives a fixed-column grid its minimum size still shows every row (the 16 New images in 4
  // columns lost their last row with the taller captions of a CJK font).
  void minimumSizeHoldsEveryRowOfFixedColumns() {
    ImageGridView view;
    QFont tall = view.font();
    tall.setPixelSize(20);
    view.setFont(tall);
    view.setColumns(4);
    view.setImages(QVector<QImage>(16, filled(QSize(64, 64), Qt::darkCyan)), QStringList(16, QStringLiteral("样本")));
    view.resize(view.minimumSizeHint());
    for (int i = 0; i < view.count(); ++i)
      QVERIFY2(view.rect().contains(view.cellRect(i)),
               qPrintable(QString("cell %1 of 16 is outside a view of %2x%3").arg(i).arg(view.width()).arg(view.height())));
  }

  void fixedColumnsAreRespected() {
    ImageGridView view;
    view.resize(800, 800);
    view.setColumns(3);
    view.setImages(grayPage(7));
    QCOMPARE(view.cellRect(2).top(), view.cellRect(0).top());
    QVERIFY(view.cellRect(3).top() > view.cellRect(0).top());
    QCOMPARE(view.cellRect(3).left(), view.cellRect(0).left());
  }

  void clickOnCellEmitsImageActivated_data() {
    QTest::addColumn<int>("index");
    QTest::newRow("first") << 0;
    QTest::newRow("middle") << 5;
    QTest::newRow("last") << 11;
  }

  void clickOnCellEmitsImageActivated() {
    QFETCH(int, index);
    ImageGridView view;
    view.resize(640, 480);
    view.setImages(grayPage(12));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy spy(&view, &ImageGridView::imageActivated);
    QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellRect(index).center());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), index);
  }

  void clickOutsideCellsEmitsNothing() {
    ImageGridView view;
    view.resize(640, 480);
    view.setImages(grayPage(2));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy spy(&view, &ImageGridView::imageActivated);
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(view.width() - 2, view.height() - 2));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(view.indexAt(QPoint(view.width() - 2, view.height() - 2)), -1);
  }

  void rendersImagePixels() {
    ImageGridView view;
    view.resize(400, 300);
    const QColor red(220, 30, 40);
    view.setImages({filled(QSize(32, 32), Qt::white), filled(QSize(32, 32), red),
                    filled(QSize(32, 32), QColor(128, 128, 128), QImage::Format_Grayscale8)},
                   {"white", "red", "gray"});
    const QImage shot = view.grab().toImage();
    QCOMPARE(QColor(shot.pixel(view.imageRect(0).center())), QColor(Qt::white));
    QCOMPARE(QColor(shot.pixel(view.imageRect(1).center())), red);
    QCOMPARE(QColor(shot.pixel(view.imageRect(2).center())), QColor(128, 128, 128));
    // The top-left corner of a cell is background, not image: the image is not stretched over the cell.
    QVERIFY(QColor(shot.pixel(view.cellRect(1).topLeft())) != red);
  }

  // The highlighted image is framed in the highlight colour, the others in the mid grey; tooltips given per
  // image replace "Image N: caption".
  void highlightFramesTheChosenImage() {
    ImageGridView view;
    view.resize(400, 200);
    view.setImages(grayPage(3), {"a", "b", "c"});
    QCOMPARE(view.highlighted(), -1);
    view.setHighlighted(1);
    const QImage shot = view.grab().toImage();
    const QColor highlight = view.palette().color(QPalette::Highlight);
    const QPoint frame1 = view.imageRect(1).topLeft() - QPoint(2, 2);
    const QPoint frame0 = view.imageRect(0).topLeft() - QPoint(2, 2);
    QCOMPARE(QColor(shot.pixel(frame1)), highlight);
    QVERIFY(QColor(shot.pixel(frame0)) != highlight);
    view.setImages(grayPage(3));
    QCOMPARE(view.highlighted(), 1);  // kept when the images are redrawn

    QCOMPARE(view.toolTipAt(0), QString("Image 1"));
    view.setToolTipTexts({"0 · first", "", "2 · third"});
    QCOMPARE(view.toolTipAt(0), QString("0 · first"));
    QCOMPARE(view.toolTipAt(1), QString("Image 2"));
    QCOMPARE(view.toolTipAt(2), QString("2 · third"));
    QCOMPARE(view.toolTipAt(3), QString());
  }

  void nearestNeighbourKeepsPixelsCrisp() {
    ImageGridView view;
    view.resize(400, 300);
    QImage checker(2, 1, QImage::Format_RGB888);
    checker.setPixelColor(0, 0, Qt::black);
    checker.setPixelColor(1, 0, Qt::white);
    view.setImages({checker});
    const QImage shot = view.grab().toImage();
    const QRect r = view.imageRect(0);
    QVERIFY(r.width() > 2);
    // With smoothing the pixels next to the seam would be gray; nearest keeps pure black and white.
    const int seam = r.left() + r.width() / 2;
    QCOMPARE(QColor(shot.pixel(seam - 1, r.center().y())), QColor(Qt::black));
    QCOMPARE(QColor(shot.pixel(seam, r.center().y())), QColor(Qt::white));
  }

  void sizeHintGrowsWithImages() {
    ImageGridView view;
    view.setImages(grayPage(2));
    const QSize few = view.sizeHint();
    view.setImages(grayPage(40));
    QVERIFY(view.sizeHint().height() > few.height());
    QVERIFY(view.minimumSizeHint().width() >= 28);
  }
};

QTEST_MAIN(TestImageGridView)
#include "test_imagegridview.moc"
