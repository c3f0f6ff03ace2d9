// ThreadSanitizer canaries for the exemptions (built only with VAE_SANITIZE=thread; see tests/sanitize.sh).
//
//   sanitizer_tsan_exemption_canaries NAME
//
// Each canary is a deliberate data race of our own, made through exactly the path that one suppression in
// tsan.supp or one exemption in tsan_judge.py lets pass for Qt's, glib's or glibc's own accesses. ctest
// passes a canary only when tsan_judge.py counts its race as ours (tests/CMakeLists.txt), so none of those
// lines can grow to hide a race in our code without a canary failing. Every race is "time, not
// synchronisation": one side sleeps so the other's access comes first, and nothing orders the two.
#include "app/core/tsanannotations.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QGuiApplication>
#include <QImage>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <thread>

namespace {

// Long enough for the racing thread to have made its access; nothing here is synchronisation.
constexpr unsigned long kHeadStartMs = 100;

volatile long sink = 0;  // keeps the racing reads from being optimised away

// Starts work on a QThread and returns it; the caller reads after kHeadStartMs, then joins it.
std::unique_ptr<QThread> startThread(std::function<void()> work) {
  std::unique_ptr<QThread> thread(QThread::create(std::move(work)));
  thread->start();
  return thread;
}

// Runs body on the main thread's event loop after kHeadStartMs, then quits.
void afterHeadStart(QCoreApplication& app, std::function<void()> body) {
  QTimer::singleShot(kHeadStartMs, &app, [&app, body] {
    body();
    app.quit();
  });
  app.exec();
}

// tsan.supp no longer hides libQt6Gui: our thread writes an image's pixels through QImage::bits() while the
// GUI thread has Qt Gui copy the same image (QImage::copy reads the pixels with memcpy inside libQt6Gui).
// The old line race:libQt6Gui.so.6 matched the copy's frame and dropped exactly this report; the qt-own
// exemption must not take it either (one access is ours, and the pixels are not Qt Core's own block).
int qimageThroughQtGui(QCoreApplication& app) {
  QImage image(64, 64, QImage::Format_RGB32);
  image.fill(Qt::black);  // filled on this thread, before the worker starts: ordered
  auto worker = startThread([&image] {
    uchar* bits = image.bits();  // not shared (one reference): no detach, the very buffer the GUI reads
    for (qsizetype i = 0; i < image.sizeInBytes(); ++i) bits[i] = static_cast<uchar>(i);
    QThread::msleep(5 * kHeadStartMs);
  });
  QImage copy;
  afterHeadStart(app, [&] { copy = image.copy(); });
  worker->wait();
  sink = sink + copy.pixel(1, 1);
  return 0;
}

// The judge's qt-own exemption (both racing accesses made by Qt's code on a block Qt Core allocated: its
// queued-call events and posted-event lists) must not cover our reads of a block Qt allocated: a QByteArray made on
// a worker (allocated inside libQt6Core, left uninitialised so the allocation is the last write) and read
// by our code on the main thread with nothing in between.
int qtAllocatedBlockReadByUs(QCoreApplication& app) {
  // Relaxed: TSan sees the pointer's publication (no second report about it) but no ordering of the bytes.
  std::atomic<const char*> published{nullptr};
  QByteArray bytes;
  auto worker = startThread([&] {
    bytes = QByteArray(256, Qt::Uninitialized);
    published.store(bytes.constData(), std::memory_order_relaxed);
    QThread::msleep(5 * kHeadStartMs);
  });
  afterHeadStart(app, [&] {
    if (const char* p = published.load(std::memory_order_relaxed)) sink = sink + p[0];
  });
  worker->wait();
  return 0;
}

// Our event, posted to the main thread and then written by the worker after the post (a real bug): Qt's
// sendPostedEvents deletes it on the main thread. The qt-own exemption covers Qt deleting the events it
// allocated itself, never a block one of the racing accesses of ours wrote.
class PayloadEvent : public QEvent {
 public:
  PayloadEvent() : QEvent(QEvent::User) {}
  long payload[8] = {};
};

class SlowReceiver : public QObject {
 public:
  bool event(QEvent* e) override {
    if (e->type() != QEvent::User) return QObject::event(e);
    QThread::msleep(kHeadStartMs);  // the worker writes meanwhile; Qt deletes the event after this returns
    QCoreApplication::quit();
    return true;
  }
};

int postedEventWrittenAfterPost(QCoreApplication& app) {
  SlowReceiver receiver;
  auto worker = startThread([&receiver] {
    auto* event = new PayloadEvent;
    QCoreApplication::postEvent(&receiver, event);
    QThread::msleep(kHeadStartMs / 4);
    event->payload[0] = 42;  // after the post: the receiving thread owns it now
    QThread::msleep(5 * kHeadStartMs);
  });
  app.exec();
  worker->wait();
  return 0;
}

// A hand-over made with postCall orders what came before it, nothing after: the worker posts a call that
// reads its payload and then writes the payload again. The annotations must not hide that.
int writtenAfterPostCall(QCoreApplication& app) {
  auto payload = std::make_shared<std::array<long, 8>>();
  auto worker = startThread([&app, payload] {
    (*payload)[0] = 1;
    vae::postCall(&app, [payload] {
      QThread::msleep(kHeadStartMs);
      sink = sink + (*payload)[0];
      QCoreApplication::quit();
    });
    QThread::msleep(kHeadStartMs / 4);
    (*payload)[0] = 2;  // after the hand-over
    QThread::msleep(5 * kHeadStartMs);
  });
  app.exec();
  worker->wait();
  return 0;
}

// tsan.supp's lines for Qt's global thread pool (QtGui scales and converts images on it; our code never uses
// it) and the judge's qt-own exemption for Qt's code on a pool thread: our own function run on that pool
// through QThreadPool::start(std::function), which wraps it with QRunnable::create and queues it with
// QThreadPoolPrivate::enqueueTask, races with the main thread.
int ourCodeOnQtsPool(QCoreApplication& app) {
  long shared = 0;  // deliberately neither atomic nor guarded
  QThreadPool::globalInstance()->start([&shared] {
    shared = 42;
    QThread::msleep(5 * kHeadStartMs);
  });
  afterHeadStart(app, [&] { sink = sink + shared; });
  QThreadPool::globalInstance()->waitForDone();
  return 0;
}

// The judge's qt-own exemption lets Qt Gui's pool hand the rows it wrote back to the thread that created the
// image (QImage::scaled returns only when its pool jobs are done); not to another thread of ours: a worker
// scales a large image (Qt Gui runs the rows on its pool) and publishes it without synchronisation, and the
// main thread reads its pixels. (The smooth scaler's row writes themselves are invisible to TSan, no libc
// call; what it reports is our read against the worker's allocation, and the Qt Gui pool's own bookkeeping,
// which the exemption takes. The hand-back rule itself is checked on a real report in test_tsan_judge.py.)
int qtPoolImageReadByAnotherThread(QCoreApplication& app) {
  // Relaxed: TSan sees the pointer's publication but no ordering of the pixels.
  std::atomic<const QImage*> published{nullptr};
  QImage scaled;
  auto worker = startThread([&] {
    QImage source(512, 512, QImage::Format_RGB32);
    source.fill(Qt::gray);
    // Large enough (> 2 * 65536 pixels) that Qt Gui splits the smooth scaling across its global pool.
    scaled = source.scaled(1024, 1024, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    published.store(&scaled, std::memory_order_relaxed);
    QThread::msleep(5 * kHeadStartMs);
  });
  afterHeadStart(app, [&] {
    // Scaling under TSan can outlast the head start; a relaxed load orders nothing, so waiting is safe.
    const QImage* image = nullptr;
    while (!(image = published.load(std::memory_order_relaxed))) QThread::msleep(5);
    sink = sink + image->constBits()[0];
  });
  worker->wait();
  return 0;
}

// The judge's exemption for a library freeing a block after an atomic access (a reference count dropped
// with an atomic decrement TSan sees, the free behind the library's own, unseen, decrement): our plain
// write into an image's pixels on a worker, then the main thread drops the image and Qt Gui frees the
// pixels inside libQt6Gui (~QImage). A plain write is not a reference count.
int libraryFreesAfterOurPlainWrite(QCoreApplication& app) {
  auto* image = new QImage(16, 16, QImage::Format_Grayscale8);  // made before the worker starts: ordered
  uchar* pixels = image->bits();                                // detached here, on this thread
  auto worker = startThread([pixels] {
    pixels[0] = 1;
    QThread::msleep(5 * kHeadStartMs);
  });
  afterHeadStart(app, [image] { delete image; });
  worker->wait();
  return 0;
}

// The judge's exemption for a library's own synchronisation object (a condition variable, mutex or wake-up
// descriptor that the library created and the library's code on two threads uses: gloo's work
// completion, QThread's "finished" condition, glib's eventfd) must not cover ours: our own
// std::condition_variable, destroyed while a thread still notifies it (no join first). Both calls are made
// from libstdc++ (notify_all, ~condition_variable), but the object is ours.
int ourConditionVariableDestroyedWhileNotified(QCoreApplication&) {
  // Static storage, destroyed by hand: a heap block freed here would make a second report (the free).
  alignas(std::condition_variable) static unsigned char storage[sizeof(std::condition_variable)];
  auto* condition = new (storage) std::condition_variable;
  std::thread notifier([condition] { condition->notify_all(); });
  QThread::msleep(kHeadStartMs);
  condition->~condition_variable();  // the notifier is not joined yet: nothing orders its notify_all
  notifier.join();
  return 0;
}

// The QThread teardown the same exemption lets pass (QThread's internal condition variable, woken by the
// finishing thread and destroyed by ~QThread, ordered by Qt's futex mutex): a result read once
// QThread::isFinished() says so, without wait() (isFinished reads Qt's state under its futex mutex, which
// orders nothing TSan sees), and the thread deleted right after, where the suppressed report comes from.
int resultReadWhenFinishedWithoutWait(QCoreApplication&) {
  long result = 0;  // deliberately neither atomic nor guarded
  auto* thread = QThread::create([&result] { result = 42; });
  thread->start();
  while (!thread->isFinished()) QThread::msleep(1);
  sink = sink + result;
  thread->wait();  // for the teardown only; the read above was made before it
  delete thread;
  return 0;
}

// tsan.supp's line for glibc's time-zone cache (race:tzset_internal): our own struct tm, written by
// localtime_r on a worker while the main thread reads it. The glibc frame the line names is inside
// localtime; our buffer's race is reported at localtime_r, which TSan intercepts.
int ourBufferThroughLocaltime(QCoreApplication& app) {
  std::tm shared{};  // deliberately neither atomic nor guarded
  auto worker = startThread([&shared] {
    const std::time_t now = std::time(nullptr);
    localtime_r(&now, &shared);
    QThread::msleep(5 * kHeadStartMs);
  });
  afterHeadStart(app, [&] { sink = sink + shared.tm_hour + QDateTime::currentDateTime().time().hour(); });
  worker->wait();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::map<std::string, int (*)(QCoreApplication&)> canaries = {
      {"qimage-through-qtgui", qimageThroughQtGui},
      {"qt-allocated-block-read-by-us", qtAllocatedBlockReadByUs},
      {"posted-event-written-after-post", postedEventWrittenAfterPost},
      {"written-after-postcall", writtenAfterPostCall},
      {"our-code-on-qts-pool", ourCodeOnQtsPool},
      {"qt-pool-image-read-by-another-thread", qtPoolImageReadByAnotherThread},
      {"library-frees-after-our-plain-write", libraryFreesAfterOurPlainWrite},
      {"result-read-when-finished-without-wait", resultReadWhenFinishedWithoutWait},
      {"our-buffer-through-localtime", ourBufferThroughLocaltime},
      {"our-condition-variable-destroyed-while-notified", ourConditionVariableDestroyedWhileNotified},
  };
  const auto canary = argc == 2 ? canaries.find(argv[1]) : canaries.end();
  if (canary == canaries.end()) {
    std::fprintf(stderr, "usage: %s NAME, one of:", argv[0]);
    for (const auto& [name, run] : canaries) std::fprintf(stderr, " %s", name.c_str());
    std::fprintf(stderr, "\n");
    return 2;
  }
  QGuiApplication app(argc, argv);  // Qt Gui for the QImage canary (QT_QPA_PLATFORM=offscreen under ctest)
  const int status = canary->second(app);
  std::printf("tsan_exemption_canaries %s: done (TSan must have reported a data race above)\n", argv[1]);
  return status;
}
