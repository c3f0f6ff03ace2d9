#pragma once

// Happens-before annotations for ThreadSanitizer at our hand-overs between threads (tests/sanitize.sh tsan),
// and postCall(), the one way our code hands a call (and its data) to another thread's event loop.
//
// Why: Debian's Qt is not built with -fsanitize=thread. Its post-event queue is locked with futexes TSan
// cannot see, so a queued signal or QMetaObject::invokeMethod orders nothing for it, and TSan reports the
// data we built on one thread and read on another. So each hand-over says what it orders itself: the
// sending side calls release(key) after its last write of what it hands over, the receiving side calls
// acquire(key) before its first read; the key is an address both sides agree on. This is what Qt's
// post-event mutex really does (unlock after the post, lock before the delivery), made visible to TSan;
// it orders nothing that the real program does not.
//
// A release before Q_EMIT would not be enough: Qt copies a queued signal's arguments *inside* the emit,
// after it (QMetaType::create calling the copy constructors), and the receiving slot reads those copies.
// postCall() therefore packages the call itself: the functor, then a HandOver marker after it, whose move
// into Qt's slot object releases on the marker's own (final) address once every capture has been moved;
// the call acquires on the same address before it runs the functor. Signals that cross threads are
// emitted from inside such a call, on the receiving thread (TrainingWorker, ExportRunner), so Qt never
// copies their arguments across threads.
//
// Outside a TSan build (g++ defines __SANITIZE_THREAD__ with -fsanitize=thread, clang has
// __has_feature(thread_sanitizer)) the annotations are empty inline functions: a Release build keeps
// only the queued call.

#include <QMetaObject>
#include <QObject>

#include <utility>

#if defined(__SANITIZE_THREAD__)
#define VAE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define VAE_TSAN 1
#endif
#endif

#if defined(VAE_TSAN)
extern "C" {
void __tsan_acquire(void* addr);
void __tsan_release(void* addr);
}
#endif

namespace vae {
namespace tsan {

// Everything this thread did so far happens before what follows a later acquire(key) on any thread.
inline void release(const void* key) {
#if defined(VAE_TSAN)
  __tsan_release(const_cast<void*>(key));
#else
  (void)key;
#endif
}

// Everything that preceded an earlier release(key) happens before what this thread does next.
inline void acquire(const void* key) {
#if defined(VAE_TSAN)
  __tsan_acquire(const_cast<void*>(key));
#else
  (void)key;
#endif
}

// The last member of something Qt moves or copies to another thread: each construction releases on the
// new object's address, after the members declared before it were constructed; the receiver calls
// received() on the object Qt delivers, before it reads any of them, and done() after its last access.
// The destructor acquires: whichever thread drops the last reference to Qt's slot object deletes it
// (the sender's invokeMethodImpl or the receiver's event), ordered by Qt's atomic reference count, which
// TSan does not see; members are destroyed in reverse order, so this runs before the others' destructors.
class HandOver {
 public:
  HandOver() { release(this); }
  HandOver(const HandOver&) { release(this); }
  HandOver(HandOver&&) noexcept { release(this); }
  HandOver& operator=(const HandOver&) {
    release(this);
    return *this;
  }
  HandOver& operator=(HandOver&&) noexcept {
    release(this);
    return *this;
  }
  ~HandOver() { acquire(this); }

  void received() const { acquire(this); }
  void done() const { release(this); }
};

// A functor with its hand-over marker declared after it (members are constructed in declaration order).
template <typename F>
struct HandedOverCall {
  F function;
  HandOver handOver;

  void operator()() {
    handOver.received();
    function();
    handOver.done();  // the call's reads of the captures happen before their destruction on either thread
  }
};

}  // namespace tsan

// Runs function on context's thread, from its event loop (queued even when that is the calling thread),
// with the hand-over annotated for ThreadSanitizer. Qt drops the call if context is destroyed first.
template <typename F>
void postCall(QObject* context, F function) {
  QMetaObject::invokeMethod(context, tsan::HandedOverCall<F>{std::move(function), {}}, Qt::QueuedConnection);
}

}  // namespace vae
