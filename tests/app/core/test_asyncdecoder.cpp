// AsyncDecoder: batches decoded on a thread of its own, newest request wins.
#include "app/core/asyncdecoder.h"
#include "app/core/latentdecoder.h"

#include <QSignalSpy>
#include <QtTest>

#include "tests/support/smallrun.h"

using vae::AsyncDecoder;
using vae::LatentDecoder;

namespace {
vae::DecoderSnapshotPtr smallSnapshot() {
  vae::Trainer trainer(vae::test::smallModel(), vae::test::smallTraining(1), vae::test::smallShapes(300));
  trainer.runEpoch();
  return vae::captureDecoderSnapshot(trainer);
}
}  // namespace

class TestAsyncDecoder : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // What comes back is what the GUI's own decoder would have decoded.
  void decodesWhatTheSynchronousDecoderDoes() {
    const vae::DecoderSnapshotPtr weights = smallSnapshot();
    LatentDecoder reference;
    reference.setSnapshot(weights);
    const QVector<double> base{0.5, -0.25, 0.0, 1.0};
    AsyncDecoder decoder(QStringLiteral("test decoder"));
    QSignalSpy decoded(&decoder, &AsyncDecoder::decoded);
    decoder.request(weights, [base](LatentDecoder& d) { return d.traversal(base, 1, 5, 3.0); }, 7);
    QVERIFY(decoded.wait(10000));
    QCOMPARE(decoded.at(0).at(1).toULongLong(), 7ull);
    const auto images = decoded.at(0).at(0).value<QVector<QImage>>();
    QCOMPARE(images, reference.traversal(base, 1, 5, 3.0));
  }

  // A burst of requests: only the newest is answered (older ones are skipped or dropped).
  void onlyTheNewestRequestIsAnswered() {
    const vae::DecoderSnapshotPtr weights = smallSnapshot();
    AsyncDecoder decoder(QStringLiteral("test decoder"));
    QSignalSpy decoded(&decoder, &AsyncDecoder::decoded);
    for (quint64 id = 1; id <= 20; ++id) {
      const QVector<double> base{0.1 * static_cast<double>(id), 0.0, 0.0, 0.0};
      decoder.request(weights, [base](LatentDecoder& d) { return d.decodeGrid(base, 0, 1, 12, 3.0); }, id);
    }
    QVERIFY(decoded.wait(10000));
    QTest::qWait(300);  // anything older would have arrived by now
    QCOMPARE(decoded.count(), 1);
    QCOMPARE(decoded.at(0).at(1).toULongLong(), 20ull);
    QCOMPARE(decoded.at(0).at(0).value<QVector<QImage>>().size(), 144);
  }

  void badArgumentsAreReportedNotThrown() {
    AsyncDecoder decoder(QStringLiteral("test decoder"));
    QSignalSpy failed(&decoder, &AsyncDecoder::failed);
    decoder.request(smallSnapshot(), [](LatentDecoder& d) { return d.traversal({1.0}, 0, 5, 3.0); }, 1);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains("latent dim"), qPrintable(failed.at(0).at(0).toString()));
  }

  void cancelDropsTheAnswer() {
    AsyncDecoder decoder(QStringLiteral("test decoder"));
    QSignalSpy decoded(&decoder, &AsyncDecoder::decoded);
    decoder.request(smallSnapshot(), [](LatentDecoder& d) { return d.decodeGrid({0, 0, 0, 0}, 0, 1, 10, 3.0); }, 1);
    decoder.cancel();
    QTest::qWait(500);
    QCOMPARE(decoded.count(), 0);
  }
};

QTEST_MAIN(TestAsyncDecoder)
#include "test_asyncdecoder.moc"
