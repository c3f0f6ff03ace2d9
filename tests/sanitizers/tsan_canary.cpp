// ThreadSanitizer canary (built only with VAE_SANITIZE=thread; see tests/sanitize.sh).
//
// A deliberate data race shaped like the training worker -> GUI handoff, but with the synchronisation
// left out: a QThread fills a snapshot and publishes it through a plain pointer, and a QTimer slot on
// the main thread's event loop reads it. Both stacks run through Qt frames (QThread's start routine,
// QObject::event), like every real report would. ctest passes this test only when TSan reports the
// race, which shows that the flags, TSAN_OPTIONS and tests/sanitizers/tsan.supp still catch a race in
// our code between a Qt worker thread and a slot.
#include <QCoreApplication>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

struct Snapshot {
  long step = 0;
  double weights[16] = {};
};

Snapshot* published = nullptr;  // deliberately neither atomic nor guarded

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  Snapshot snapshot;
  std::unique_ptr<QThread> worker(QThread::create([&snapshot] {
    snapshot.step = 42;
    for (int i = 0; i < 16; ++i) snapshot.weights[i] = i * 0.5;
    published = &snapshot;
    QThread::msleep(500);  // still running (no join, no finished()) while the main thread reads
  }));
  worker->start();
  double sum = 0;
  // 100 ms: long after the writes, but time is not synchronisation.
  QTimer::singleShot(100, &app, [&] {
    if (const Snapshot* s = published) {
      sum = static_cast<double>(s->step);
      for (double w : s->weights) sum += w;
    }
    app.quit();
  });
  app.exec();
  worker->wait();
  std::printf("tsan_canary: read %g (TSan must have reported a data race above)\n", sum);
  return 0;
}
