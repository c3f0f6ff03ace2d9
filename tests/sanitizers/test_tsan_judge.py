#!/usr/bin/env python3
"""Checks tsan_judge.py on real ThreadSanitizer reports (trimmed) from this project's TSan runs and its
canaries, and on made-up ones for the cases the rule must get right (marked as such).

Runs in every build (ctest sanitizer_tsan_judge): the judge decides which races fail the TSan suite, so
its rule is tested where it is cheap, not only inside a sanitizer run.
"""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsan_judge  # noqa: E402

# Two of Qt's image-scaling pool threads, both memmove calls made inside libQt6Core: not judged.
QT_ONLY = """\
WARNING: ThreadSanitizer: data race (pid=20763)
  Write of size 8 at 0x7b0c00099640 by thread T4:
    #0 memmove ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:810 (libtsan.so.2+0x5dc76)
    #1 memmove ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:808 (libtsan.so.2+0x5dc76)
    #2 <null> <null> (libQt6Core.so.6+0x257929)

  Previous write of size 8 at 0x7b0c00099640 by thread T3:
    #0 memmove ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:810 (libtsan.so.2+0x5dc76)
    #1 memmove ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:808 (libtsan.so.2+0x5dc76)
    #2 <null> <null> (libQt6Core.so.6+0x257929)

  Location is heap block of size 34 at 0x7b0c00099630 allocated by thread T3:
    #0 malloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:647 (libtsan.so.2+0x3ebb8)
    #1 QArrayData::allocate(QArrayData**, long long, long long, long long, QArrayData::AllocationOption) <null> (libQt6Core.so.6+0x1f72b2)

  Thread T4 'Thread (pooled)' (tid=20770, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)
    #1 QThread::start(QThread::Priority) <null> (libQt6Core.so.6+0x2540e3)
    #2 operator() /work/main/app/explorepanel.cpp:138 (app_test_exportdialog+0x991a4)

SUMMARY: ThreadSanitizer: data race (/lib/x86_64-linux-gnu/libQt6Core.so.6+0x257929)
"""

# The canary: both accesses in our code, the reader called by Qt's event loop: counts.
OURS = """\
WARNING: ThreadSanitizer: data race (pid=29829)
  Read of size 8 at 0x55d0c6a0c158 by main thread:
    #0 operator() /work/main/tests/sanitizers/tsan_canary.cpp:40 (sanitizer_tsan_canary+0x2a87)
    #1 <null> <null> (libQt6Core.so.6+0x174ac1)
    #2 __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58 (libc.so.6+0x27249)

  Previous write of size 8 at 0x55d0c6a0c158 by thread T1:
    #0 operator() /work/main/tests/sanitizers/tsan_canary.cpp:33 (sanitizer_tsan_canary+0x2ce6)
    #1 pthread_once ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1517 (libtsan.so.2+0x46512)

SUMMARY: ThreadSanitizer: data race /work/main/tests/sanitizers/tsan_canary.cpp:40 in operator()
"""

# One access inside Qt (its memmove while posting an event), the other in our code: counts.
MIXED = """\
WARNING: ThreadSanitizer: data race (pid=20783)
  Read of size 8 at 0x7ba4000036a0 by thread T11:
    #0 memmove ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:810 (libtsan.so.2+0x5dc76)
    #1 <null> <null> (libQt6Core.so.6+0x1edc4c)
    #2 vae::TrainingWorker::Impl::flushSteps() /work/main/app/trainingworker.cpp:210 (app_test_mainwindow+0x14b8c7)

  Previous write of size 8 at 0x7ba4000036a0 by main thread:
    #0 vae::MainWindow::onSteps(vae::StepBatch const&) /work/main/app/mainwindow.cpp:939 (app_test_mainwindow+0x11769e)

SUMMARY: ThreadSanitizer: data race /work/main/app/mainwindow.cpp:939
"""

# A queued signal's argument: Qt allocates the copy on the worker, our slot reads it on the GUI thread.
QUEUED_ARGUMENT = """\
WARNING: ThreadSanitizer: data race (pid=12921)
  Read of size 4 at 0x7b040001fb20 by main thread:
    #0 call /usr/include/x86_64-linux-gnu/qt6/QtCore/qobjectdefs_impl.h:127 (app_test_mainwindow+0x1298bb)
    #1 QObject::event(QEvent*) <null> (libQt6Core.so.6+0x15f9b7)

  Previous write of size 8 at 0x7b040001fb20 by thread T19:
    #0 operator new(unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:64 (libtsan.so.2+0x87323)
    #1 QMetaType::create(void const*) const <null> (libQt6Core.so.6+0x13af91)
    #2 vae::TrainingWorker::Impl::setState(vae::TrainingState) /work/main/app/trainingworker.cpp:129 (app_test_mainwindow+0x14a374)

SUMMARY: ThreadSanitizer: data race /usr/include/x86_64-linux-gnu/qt6/QtCore/qobjectdefs_impl.h:127 in call
"""

# LibTorch's c10d::Work: our intrusive_ptr drops a reference (atomic), gloo's thread frees the object.
LIBRARY_FREES_AFTER_OUR_RELEASE = """\
WARNING: ThreadSanitizer: data race (pid=18662)
  Write of size 8 at 0x7b44000b7488 by thread T10 (mutexes: write M79792984758297048):
    #0 operator delete(void*, unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 (libtsan.so.2+0x86c3d)
    #1 c10d::ProcessGroupGloo::runLoop(int) <null> (libtorch_cpu.so.1.13+0x446ca18)

  Previous atomic write of size 8 at 0x7b44000b7488 by main thread:
    #0 std::__atomic_base<unsigned long>::fetch_sub(unsigned long, std::memory_order) /usr/include/c++/12/bits/atomic_base.h:628 (model_test_distributed+0x3e88b)
    #1 vae::ProcessGroup::allReduceSum(at::Tensor&) /work/main/model/distributed.cpp:99 (model_test_distributed+0x3cf81)

SUMMARY: ThreadSanitizer: data race ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 in operator delete(void*, unsigned long)
"""

# QtGui's image work: a pool thread frees inside QtCore what the GUI thread wrote (its stack lost).
QT_POOL_FREE = """\
WARNING: ThreadSanitizer: data race (pid=28764)
  Write of size 8 at 0x7b0c0009c300 by thread T4:
    #0 operator delete(void*, unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 (libtsan.so.2+0x86c3d)
    #1 <null> <null> (libQt6Core.so.6+0x2596c5)

  Previous write of size 8 at 0x7b0c0009c300 by main thread:
    [failed to restore the stack]

  Thread T4 'Thread (pooled)' (tid=28784, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)
    #1 QThread::start(QThread::Priority) <null> (libQt6Core.so.6+0x2540e3)
    #2 operator() /work/main/app/explorepanel.cpp:138 (app_test_explorepanel+0xa32b4)

SUMMARY: ThreadSanitizer: data race ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 in operator delete(void*, unsigned long)
"""

# A StepBatch our copy constructor builds inside Qt's QMetaType::construct on the worker; the GUI
# thread's slot, delivered by QObject::event, reads it.
QUEUED_COPY = """\
WARNING: ThreadSanitizer: data race (pid=17520)
  Read of size 8 at 0x7b30000c5428 by main thread:
    #0 vae::LossPlot::appendSteps(QList<double> const&, QList<double> const&, QList<double> const&, QList<double> const&) /work/main/widgets/lossplot.cpp:371 (app_test_autosave_kill+0x1eb47b)
    #1 vae::MainWindow::onSteps(vae::StepBatch const&) /work/main/app/mainwindow.cpp:1031 (app_test_autosave_kill+0xfea6c)
    #2 QObject::event(QEvent*) <null> (libQt6Core.so.6+0x15f9b7)

  Previous write of size 8 at 0x7b30000c5428 by thread T5:
    #0 vae::StepBatch::StepBatch(vae::StepBatch const&) /work/main/app/trainingtypes.h:27 (app_test_autosave_kill+0x6b6af)
    #1 QMetaType::construct(void*, void const*) const <null> (libQt6Core.so.6+0x13af23)
    #2 vae::TrainingWorker::Impl::flushSteps() /work/main/app/trainingworker.cpp:210 (app_test_autosave_kill+0x134577)

SUMMARY: ThreadSanitizer: data race /usr/include/x86_64-linux-gnu/qt6/QtCore/qlist.h:378 in QList<double>::size() const
"""

# The GUI thread's slot copies a QList (reference count +1) whose buffer Qt allocated on the worker.
REFERENCE_ON_QT_BUFFER = """\
WARNING: ThreadSanitizer: data race (pid=17520)
  Atomic write of size 4 at 0x7b0c000a95f0 by main thread:
    #0 std::__atomic_base<int>::fetch_add(int, std::memory_order) /usr/include/c++/12/bits/atomic_base.h:618 (app_test_autosave_kill+0x1efdf8)
    #1 vae::LossPlot::appendSteps(QList<double> const&, QList<double> const&, QList<double> const&, QList<double> const&) /work/main/widgets/lossplot.cpp:391 (app_test_autosave_kill+0x1eba48)

  Previous write of size 8 at 0x7b0c000a95f0 by thread T5:
    #0 malloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:647 (libtsan.so.2+0x3ebb8)
    #1 QArrayData::allocate(QArrayData**, long long, long long, long long, QArrayData::AllocationOption) <null> (libQt6Core.so.6+0x1f72b2)
    #2 vae::TrainingWorker::Impl::appendStep(vae::StepRecord const&) /work/main/app/trainingworker.cpp:175 (app_test_autosave_kill+0x13efa4)

SUMMARY: ThreadSanitizer: data race /usr/include/c++/12/bits/atomic_base.h:618 in std::__atomic_base<int>::fetch_add(int, std::memory_order)
"""

# Qt's sendPostedEvents deleting the event it delivered; the worker's write of it has no stack left.
POSTED_EVENT_DELETED = """\
WARNING: ThreadSanitizer: data race (pid=7202)
  Write of size 8 at 0x7b2000357d88 by main thread:
    #0 operator delete(void*, unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 (libtsan.so.2+0x86c3d)
    #1 QCoreApplicationPrivate::sendPostedEvents(QObject*, int, QThreadData*) <null> (libQt6Core.so.6+0x123aa0)
    #2 TestMainWindow::qt_static_metacall(QObject*, QMetaObject::Call, int, void**) /work/main/build-tsan/tests/app_test_mainwindow_autogen/include/test_mainwindow.moc:376 (app_test_mainwindow+0x7e79c)

  Previous write of size 8 at 0x7b2000357d88 by thread T19:
    [failed to restore the stack]

  Location is heap block of size 112 at 0x7b2000357d80 allocated by thread T19:
    #0 operator new(unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:64 (libtsan.so.2+0x87323)
    #1 QMetaObject::invokeMethodImpl(QObject*, QtPrivate::QSlotObjectBase*, Qt::ConnectionType, void*) <null> (libQt6Core.so.6+0x16b21c)
    #2 vae::DatasetEncoder::start(vae::DatasetEncoder::Request)::{lambda()#1}::operator()() /work/main/app/core/datasetencoder.cpp:115 (app_test_mainwindow+0x15a000)

SUMMARY: ThreadSanitizer: data race ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 in operator delete(void*, unsigned long)
"""

# The same, with the worker's write lost: the block is the one Qt's QMetaType::create allocated there.
QUEUED_ARGUMENT_LOST = """\
WARNING: ThreadSanitizer: data race (pid=2628)
  Read of size 4 at 0x7b04000147b0 by main thread:
    #0 QtPrivate::FunctorCall<QtPrivate::IndexesList<0>, QtPrivate::List<vae::TrainingState>, void, Recorder>::call /usr/include/x86_64-linux-gnu/qt6/QtCore/qobjectdefs_impl.h:127 (app_test_trainingworker+0x6a000)
    #1 QObject::event(QEvent*) <null> (libQt6Core.so.6+0x15f9b7)

  Previous write of size 8 at 0x7b04000147b0 by thread T7:
    [failed to restore the stack]

  Location is heap block of size 4 at 0x7b04000147b0 allocated by thread T7:
    #0 operator new(unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:64 (libtsan.so.2+0x87323)
    #1 QMetaType::create(void const*) const <null> (libQt6Core.so.6+0x13af91)
    #2 vae::TrainingWorker::Impl::setState(vae::TrainingState) /work/main/app/trainingworker.cpp:129 (app_test_trainingworker+0x147924)

SUMMARY: ThreadSanitizer: data race /usr/include/x86_64-linux-gnu/qt6/QtCore/qobjectdefs_impl.h:127
"""

# Made up, the example: a GUI slot writes a field that the worker's StepBatch copy (our copy
# constructor, run inside Qt's QMetaType::construct while packaging a queued signal) reads.
SLOT_WRITES_WHAT_THE_WORKERS_COPY_READS = """\
WARNING: ThreadSanitizer: data race (pid=17520)
  Write of size 8 at 0x7b30000c5430 by main thread:
    #0 vae::MainWindow::onSteps(vae::StepBatch const&) /work/main/app/gui/mainwindow.cpp:1031 (app_test_mainwindow+0xfea6c)
    #1 QObject::event(QEvent*) <null> (libQt6Core.so.6+0x15f9b7)

  Previous read of size 8 at 0x7b30000c5430 by thread T5:
    #0 vae::StepBatch::StepBatch(vae::StepBatch const&) /work/main/app/core/trainingtypes.h:27 (app_test_mainwindow+0x6b6af)
    #1 QMetaType::construct(void*, void const*) const <null> (libQt6Core.so.6+0x13af23)
    #2 vae::TrainingWorker::Impl::flushSteps() /work/main/app/core/trainingworker.cpp:210 (app_test_mainwindow+0x134577)

SUMMARY: ThreadSanitizer: data race /work/main/app/gui/mainwindow.cpp:1031 in vae::MainWindow::onSteps(vae::StepBatch const&)
"""

# Made up: two of our threads touch one tensor, both through a memcpy inside LibTorch; the innermost
# frames are the library's, ours are further out.
TENSOR_THROUGH_LIBTORCH_MEMCPY = """\
WARNING: ThreadSanitizer: data race (pid=4242)
  Write of size 8 at 0x7b8000020000 by main thread:
    #0 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827 (libtsan.so.2+0x5dda6)
    #1 <null> <null> (libtorch_cpu.so.1.13+0x1a2b3c4)
    #2 <null> <null> (libtorch_cpu.so.1.13+0x1a2b000)
    #3 vae::copyParametersInto(vae::Vae&, std::vector<at::Tensor> const&, char const*) /work/main/app/core/latentdecoder.cpp:111 (app_test_latentdecoder+0x9a000)

  Previous read of size 8 at 0x7b8000020000 by thread T2:
    #0 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827 (libtsan.so.2+0x5dda6)
    #1 <null> <null> (libtorch_cpu.so.1.13+0x1a2b3c4)
    #2 vae::captureDecoderSnapshot(vae::Trainer const&) /work/main/app/core/trainingtypes.cpp:40 (app_test_latentdecoder+0x9b000)

SUMMARY: ThreadSanitizer: data race (/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13+0x1a2b3c4)
"""

# Canary qimage-through-qtgui: our thread writes QImage::bits() while the GUI thread's QImage::copy reads the
# same pixels with a memcpy inside libQt6Gui (the old suppression race:libQt6Gui.so.6 dropped it).
QIMAGE_THROUGH_QTGUI = """\
WARNING: ThreadSanitizer: data race (pid=314)
  Read of size 8 at 0x7ba000008000 by main thread:
    #0 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827 (libtsan.so.2+0x5dda6)
    #1 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:819 (libtsan.so.2+0x5dda6)
    #2 QImage::copy(QRect const&) const <null> (libQt6Gui.so.6+0x141f67)
    #3 <null> <null> (libQt6Core.so.6+0x174ac1)
    #4 qimageThroughQtGui /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:67 (canaries+0x91db)

  Previous write of size 1 at 0x7ba000008007 by thread T1:
    #0 operator() /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:63 (canaries+0x5841)

  Location is heap block of size 16384 at 0x7ba000008000 allocated by main thread:
    #0 malloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:647 (libtsan.so.2+0x3ebb8)
    #1 QImageData::create(QSize const&, QImage::Format) <null> (libQt6Gui.so.6+0x141698)

SUMMARY: ThreadSanitizer: data race (/lib/x86_64-linux-gnu/libQt6Gui.so.6+0x141f67) in QImage::copy(QRect const&) const
"""

# Canary qt-allocated-block-read-by-us: a block Qt allocated on a worker (QArrayData::allocate, never written
# since), read by our code on the main thread.
QT_ALLOCATED_BLOCK_READ_BY_US = """\
WARNING: ThreadSanitizer: data race (pid=31822)
  Read of size 1 at 0x7b440000ff10 by main thread:
    #0 operator() /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:85 (canaries+0x558c)
    #1 <null> <null> (libQt6Core.so.6+0x174ac1)

  Previous write of size 8 at 0x7b440000ff10 by thread T1:
    #0 malloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:647 (libtsan.so.2+0x3ebb8)
    #1 QArrayData::allocate(QArrayData**, long long, long long, long long, QArrayData::AllocationOption) <null> (libQt6Core.so.6+0x1f72b2)
    #2 operator() /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:81 (canaries+0x660c)

  Location is heap block of size 274 at 0x7b440000ff00 allocated by thread T1:
    #0 malloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:647 (libtsan.so.2+0x3ebb8)
    #1 QArrayData::allocate(QArrayData**, long long, long long, long long, QArrayData::AllocationOption) <null> (libQt6Core.so.6+0x1f72b2)

SUMMARY: ThreadSanitizer: data race /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:85 in operator()
"""

# Canary posted-event-written-after-post: our event written by the worker after posting it, deleted by Qt's
# sendPostedEvents on the main thread.
POSTED_EVENT_WRITTEN_AFTER_POST = """\
WARNING: ThreadSanitizer: data race (pid=408)
  Write of size 8 at 0x7b1400002810 by main thread:
    #0 operator delete(void*, unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 (libtsan.so.2+0x86c3d)
    #1 ~PayloadEvent /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:96 (canaries+0x575c)
    #2 QCoreApplicationPrivate::sendPostedEvents(QObject*, int, QThreadData*) <null> (libQt6Core.so.6+0x123aa0)

  Previous write of size 8 at 0x7b1400002810 by thread T1:
    #0 operator() /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:118 (canaries+0x56a4)

SUMMARY: ThreadSanitizer: data race ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 in operator delete(void*, unsigned long)
"""

# Canary library-frees-after-our-plain-write: Qt Gui frees an image's pixels (~QImageData) on the main thread
# after our plain write on a worker.
LIBRARY_FREES_AFTER_OUR_PLAIN_WRITE = """\
WARNING: ThreadSanitizer: data race (pid=543)
  Write of size 8 at 0x7b4000000500 by main thread:
    #0 free ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:706 (libtsan.so.2+0x47e82)
    #1 QImageData::~QImageData() <null> (libQt6Gui.so.6+0x141574)
    #2 <null> <null> (libQt6Core.so.6+0x174ac1)
    #3 libraryFreesAfterOurPlainWrite /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:172 (canaries+0x895d)

  Previous write of size 1 at 0x7b4000000500 by thread T1:
    #0 operator() /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:169 (canaries+0x6077)

SUMMARY: ThreadSanitizer: data race (/lib/x86_64-linux-gnu/libQt6Gui.so.6+0x141574) in QImageData::~QImageData()
"""

# LibTorch's gloo: our thread's Work is destroyed inside LibTorch (its condition variable) after gloo's
# thread broadcast it; the Work was allocated inside LibTorch. Our frames are further out.
GLOO_CONDITION = """\
WARNING: ThreadSanitizer: data race (pid=28243)
  Write of size 8 at 0x7b4400019040 by thread T1:
    #0 pthread_cond_destroy ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1283 (libtsan.so.2+0x4c98f)
    #1 <null> <null> (libtorch_cpu.so.1.13+0x445c716)
    #2 vae::Trainer::setProcessGroup(std::shared_ptr<vae::ProcessGroup>) /work/wt-tsan/model/trainer.cpp:128 (model_test_distributed+0x4a38a)

  Previous read of size 8 at 0x7b4400019040 by thread T7:
    #0 pthread_cond_broadcast ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1276 (libtsan.so.2+0x480bc)
    #1 c10d::ProcessGroupGloo::AsyncWork::finishWorkGloo() <null> (libtorch_cpu.so.1.13+0x446c758)

  Location is heap block of size 288 at 0x7b4400019000 allocated by thread T1:
    #0 operator new(unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:64 (libtsan.so.2+0x87323)
    #1 c10d::ProcessGroupGloo::broadcast(std::vector<at::Tensor, std::allocator<at::Tensor> >&, c10d::BroadcastOptions const&) <null> (libtorch_cpu.so.1.13+0x4464531)
    #2 vae::Trainer::setProcessGroup(std::shared_ptr<vae::ProcessGroup>) /work/wt-tsan/model/trainer.cpp:128 (model_test_distributed+0x4a38a)

SUMMARY: ThreadSanitizer: data race (/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13+0x445c716)
"""

# glib's wake-up eventfd: created by a decoder thread's event loop, written by the main thread posting to it.
GLIB_WAKEUP = """\
WARNING: ThreadSanitizer: data race (pid=29584)
  Read of size 8 at 0x7ba000000050 by main thread:
    #0 write ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:1138 (libtsan.so.2+0x4e798)
    #1 <null> <null> (libglib-2.0.so.0+0xa3ca9)
    #2 TestAsyncDecoder::badArgumentsAreReportedNotThrown() /work/wt-tsan/tests/app/core/test_asyncdecoder.cpp:59 (app_test_asyncdecoder+0x39dfd)

  Previous write of size 8 at 0x7ba000000050 by thread T5:
    #0 eventfd ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1655 (libtsan.so.2+0x412d3)
    #1 <null> <null> (libglib-2.0.so.0+0xa3ae6)

  Location is file descriptor 5 created by thread T5 at:
    #0 eventfd ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1655 (libtsan.so.2+0x412d3)
    #1 <null> <null> (libglib-2.0.so.0+0xa3ae6)

SUMMARY: ThreadSanitizer: data race (/lib/x86_64-linux-gnu/libglib-2.0.so.0+0xa3ca9)
"""

# Canary our-condition-variable-destroyed-while-notified: both calls from libstdc++, the object ours.
OUR_CONDITION_VARIABLE = """\
WARNING: ThreadSanitizer: data race (pid=4711)
  Write of size 8 at 0x55d0c6a0c160 by main thread:
    #0 pthread_cond_destroy ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1283 (libtsan.so.2+0x4c98f)
    #1 std::condition_variable::~condition_variable() <null> (libstdc++.so.6+0xcf1b9)
    #2 ourConditionVariableDestroyedWhileNotified /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:200 (canaries+0x7f53)

  Previous read of size 8 at 0x55d0c6a0c160 by thread T1:
    #0 pthread_cond_broadcast ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1276 (libtsan.so.2+0x480bc)
    #1 std::condition_variable::notify_all() <null> (libstdc++.so.6+0xcf1e9)
    #2 operator() /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:198 (canaries+0x6396)

  Location is global 'storage' of size 48 at 0x55d0c6a0c160 (canaries+0x1c160)

SUMMARY: ThreadSanitizer: data race in pthread_cond_destroy
"""

# Qt's posted-event list (a QList Qt Core grows inside postEvent): the training thread's post and the GUI
# thread's own post, both memmoves inside libQt6Core, ordered by Qt's futex mutex.
POSTED_EVENT_LIST = """\
WARNING: ThreadSanitizer: data race (pid=30402)
  Read of size 8 at 0x7ba400003010 by thread T7:
    #0 memmove ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:810 (libtsan.so.2+0x5dc76)
    #1 <null> <null> (libQt6Core.so.6+0x1edc4c)
    #2 vae::TrainingWorker::run() /work/wt-tsan/app/core/trainingworker.cpp:461 (app_test_autosave_kill+0x1715b6)

  Previous write of size 8 at 0x7ba400003010 by main thread:
    #0 memmove ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:810 (libtsan.so.2+0x5dc76)
    #1 <null> <null> (libQt6Core.so.6+0x1edc4c)
    #2 operator() /work/wt-tsan/widgets/lossplot.cpp:260 (app_test_autosave_kill+0x25fad1)

  Location is heap block of size 16386 at 0x7ba400000000 allocated by main thread:
    #0 realloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:680 (libtsan.so.2+0x4302f)
    #1 QArrayData::reallocateUnaligned(QArrayData*, void*, long long, long long, QArrayData::AllocationOption) <null> (libQt6Core.so.6+0x1f7367)
    #2 vae::MainMenus::MainMenus(vae::MainWindow*, vae::LossPlot*) /work/wt-tsan/app/gui/mainmenus.cpp:27 (app_test_autosave_kill+0xf0d36)

  Thread T7 'training' (tid=30419, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)

SUMMARY: ThreadSanitizer: data race (/lib/x86_64-linux-gnu/libQt6Core.so.6+0x1edc4c)
"""

# QtGui converting an image on its pool: a pool thread's memcpy and the GUI thread's, both inside libQt6Gui.
QT_GUI_POOL_PIXELS = """\
WARNING: ThreadSanitizer: data race (pid=30743)
  Write of size 8 at 0x7ff6a0791818 by main thread:
    #0 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827 (libtsan.so.2+0x5dda6)
    #1 <null> <null> (libQt6Gui.so.6+0x531dd3)
    #2 TestLayouts::qt_static_metacall(QObject*, QMetaObject::Call, int, void**) /work/wt-tsan/build-tsan/tests/app_test_layouts_autogen/include/test_layouts.moc:107 (app_test_layouts+0x6d8e7)

  Previous write of size 8 at 0x7ff6a0791818 by thread T6:
    #0 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827 (libtsan.so.2+0x5dda6)
    #1 <null> <null> (libQt6Gui.so.6+0x531dd3)

  Location is heap block of size 2800000 at 0x7ff6a0554000 allocated by main thread:
    #0 malloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:647 (libtsan.so.2+0x3ebb8)
    #1 QImageData::create(QSize const&, QImage::Format) <null> (libQt6Gui.so.6+0x141698)

  Thread T6 'Thread (pooled)' (tid=30772, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)

SUMMARY: ThreadSanitizer: data race (/lib/x86_64-linux-gnu/libQt6Gui.so.6+0x531dd3)
"""

# Qt Gui's pool wrote rows (memcpy inside libQt6Gui) of an image the main thread created; the main thread's
# GIF writer reads them after the Qt call returned (vae-studio export, a CLI run's report).
QT_POOL_ROWS_READ_BY_THE_CALLER = """\
WARNING: ThreadSanitizer: data race (pid=3042)
  Read of size 4 at 0x7f57963c12c0 by main thread:
    #0 allGray /work/wt-tsan/app/export/gifwriter.cpp:70 (vae-studio+0x192699)
    #1 vae::writeGif(QString const&, QList<QImage> const&, vae::GifOptions const&) /work/wt-tsan/app/export/gifwriter.cpp:469 (vae-studio+0x1962d8)

  Previous write of size 8 at 0x7f57963c12c0 by thread T2:
    #0 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:827 (libtsan.so.2+0x5dda6)
    #1 memcpy ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:819 (libtsan.so.2+0x5dda6)
    #2 <null> <null> (libQt6Gui.so.6+0x51b810)

  Location is heap block of size 305696 at 0x7f57963b5000 allocated by main thread:
    #0 malloc ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:647 (libtsan.so.2+0x3ebb8)
    #1 QImageData::create(QSize const&, QImage::Format) <null> (libQt6Gui.so.6+0x141698)
    #2 vae::Exporter::renderTraversal(vae::ExportOptions const&, bool, vae::ExportHooks const&) /work/wt-tsan/app/export/exporter.cpp:334 (vae-studio+0x17d675)

  Thread T2 'Thread (pooled)' (tid=3050, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)

SUMMARY: ThreadSanitizer: data race /work/wt-tsan/app/export/gifwriter.cpp:70 in allGray
"""

LOCK_ORDER = """\
WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=1)
  Cycle in lock order graph: M1 (0x1) => M2 (0x2) => M1
  Mutex M2 acquired here while holding mutex M1 in thread T1:
    #0 pthread_mutex_lock ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:4324 (libtsan.so.2+0x4f30b)
    #1 <null> <null> (libQt6Core.so.6+0x1)

SUMMARY: ThreadSanitizer: lock-order-inversion (potential deadlock)
"""


def lines(text):
    return text.rstrip("\n").split("\n")


class Judge(unittest.TestCase):
    def test_race_made_only_inside_qt_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(QT_ONLY)))

    def test_race_in_our_code_counts(self):
        self.assertTrue(tsan_judge.judge(lines(OURS)))

    def test_race_with_one_access_of_ours_counts(self):
        self.assertTrue(tsan_judge.judge(lines(MIXED)))

    def test_other_report_kinds_always_count(self):
        self.assertTrue(tsan_judge.judge(lines(LOCK_ORDER)))

    def test_a_stack_tsan_could_not_restore_counts(self):
        cut = QT_ONLY.split("  Previous write")[0] + (
            "  Previous write of size 8 at 0x7b0c00099640 by thread T3:\n"
            "    [failed to restore the stack]\n\n"
            "SUMMARY: ThreadSanitizer: data race\n")
        self.assertTrue(tsan_judge.judge(lines(cut)))

    # --- "any frame of ours": the examples -----------------------------------------------------

    def test_slot_writing_what_the_workers_copy_reads_counts(self):
        self.assertTrue(tsan_judge.judge(lines(SLOT_WRITES_WHAT_THE_WORKERS_COPY_READS)))

    def test_argument_our_copy_constructor_made_inside_qt_counts(self):
        self.assertTrue(tsan_judge.judge(lines(QUEUED_COPY)))

    def test_our_threads_racing_through_a_memcpy_inside_libtorch_count(self):
        self.assertTrue(tsan_judge.judge(lines(TENSOR_THROUGH_LIBTORCH_MEMCPY)))

    def test_the_same_memcpy_race_with_no_frame_of_ours_is_not_judged(self):
        inside = "\n".join(line for line in TENSOR_THROUGH_LIBTORCH_MEMCPY.split("\n") if "/work/main/" not in line)
        self.assertFalse(tsan_judge.judge(lines(inside)))

    def test_a_reference_taken_by_our_code_on_a_buffer_qt_allocated_counts(self):
        self.assertTrue(tsan_judge.judge(lines(REFERENCE_ON_QT_BUFFER)))

    def test_moc_code_generated_for_our_classes_is_ours(self):
        moc = QT_ONLY.replace("    #2 <null> <null> (libQt6Core.so.6+0x257929)\n\n  Previous",
                              "    #2 <null> <null> (libQt6Core.so.6+0x257929)\n"
                              "    #3 vae::AsyncDecoder::qt_static_metacall(QObject*, QMetaObject::Call, int, void**) "
                              "/work/main/build-tsan/vae_app_core_autogen/EWIEGA46WW/moc_asyncdecoder.cpp:80 "
                              "(app_test_explorepanel+0x1000)\n\n  Previous", 1)
        self.assertNotEqual(moc, QT_ONLY)
        self.assertTrue(tsan_judge.judge(lines(moc)))

    def test_inlined_system_headers_alone_are_not_ours(self):
        header = QT_ONLY.replace("    #2 <null> <null> (libQt6Core.so.6+0x257929)\n\n  Previous",
                                 "    #2 QList<double>::size() const /usr/include/x86_64-linux-gnu/qt6/QtCore/qlist.h:378 "
                                 "(app_test_mainwindow+0x1000)\n\n  Previous", 1)
        self.assertFalse(tsan_judge.judge(lines(header)))

    # --- the canaries' races (tests/sanitizers/tsan_exemption_canaries.cpp) all count -------------------

    def test_canary_qimage_through_qtgui_counts(self):
        self.assertTrue(tsan_judge.judge(lines(QIMAGE_THROUGH_QTGUI)))

    def test_canary_qt_allocated_block_read_by_us_counts(self):
        self.assertTrue(tsan_judge.judge(lines(QT_ALLOCATED_BLOCK_READ_BY_US)))

    def test_canary_posted_event_written_after_post_counts(self):
        self.assertTrue(tsan_judge.judge(lines(POSTED_EVENT_WRITTEN_AFTER_POST)))

    def test_canary_library_frees_after_our_plain_write_counts(self):
        self.assertTrue(tsan_judge.judge(lines(LIBRARY_FREES_AFTER_OUR_PLAIN_WRITE)))

    # --- exemption qt-own --------------------------------------------------------------------------

    def test_qt_reading_an_argument_block_it_allocated_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(QUEUED_ARGUMENT)), (False, "exemption qt-own"))

    def test_our_write_into_a_block_qt_allocated_counts(self):
        written = QUEUED_ARGUMENT.replace("Read of size 4", "Write of size 4")
        self.assertTrue(tsan_judge.judge(lines(written)))

    def test_our_slot_reading_a_block_qt_allocated_counts(self):
        ours = QUEUED_ARGUMENT.replace(
            "    #0 call /usr/include/x86_64-linux-gnu/qt6/QtCore/qobjectdefs_impl.h:127 (app_test_mainwindow+0x1298bb)\n",
            "    #0 vae::MainWindow::onState(vae::TrainingState) /work/main/app/gui/mainwindow.cpp:500 "
            "(app_test_mainwindow+0x1298bb)\n")
        self.assertTrue(tsan_judge.judge(lines(ours)))

    def test_qt_deleting_the_event_it_allocated_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(POSTED_EVENT_DELETED)), (False, "exemption qt-own"))

    def test_qt_deleting_its_event_against_a_lost_stack_is_not_judged(self):
        unknown = POSTED_EVENT_DELETED.split("  Location is heap block")[0] + "SUMMARY: ThreadSanitizer: data race\n"
        self.assertEqual(tsan_judge.verdict(lines(unknown)), (False, "exemption qt-own"))

    def test_our_event_deleted_by_its_destructor_against_a_lost_stack_counts(self):
        ours = POSTED_EVENT_WRITTEN_AFTER_POST.replace(
            "    #0 operator() /work/wt-tsan/tests/sanitizers/tsan_exemption_canaries.cpp:118 (canaries+0x56a4)\n",
            "    [failed to restore the stack]\n")
        self.assertNotEqual(ours, POSTED_EVENT_WRITTEN_AFTER_POST)
        self.assertTrue(tsan_judge.judge(lines(ours)))

    def test_another_free_inside_qt_core_against_a_lost_stack_counts(self):
        other = POSTED_EVENT_DELETED.split("  Location is heap block")[0].replace(
            "QCoreApplicationPrivate::sendPostedEvents(QObject*, int, QThreadData*)", "QArrayData::deallocate(QArrayData*)"
        ) + "SUMMARY: ThreadSanitizer: data race\n"
        self.assertTrue(tsan_judge.judge(lines(other)))

    def test_qt_reading_an_argument_block_with_a_lost_write_stack_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(QUEUED_ARGUMENT_LOST)))

    def test_lost_write_to_a_block_another_thread_allocated_counts(self):
        other = QUEUED_ARGUMENT_LOST.replace("allocated by thread T7", "allocated by thread T3")
        self.assertTrue(tsan_judge.judge(lines(other)))

    # --- exemption library-free-after-atomic ---------------------------------------------------------

    def test_library_freeing_after_our_atomic_release_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(LIBRARY_FREES_AFTER_OUR_RELEASE)),
                         (False, "exemption library-free-after-atomic"))

    def test_library_freeing_after_an_atomic_with_a_lost_stack_is_not_judged(self):
        lost = LIBRARY_FREES_AFTER_OUR_RELEASE.split("  Previous atomic write")[0] + (
            "  Previous atomic read of size 1 at 0x7b44000b7488 by main thread:\n"
            "    [failed to restore the stack]\n\n"
            "SUMMARY: ThreadSanitizer: data race\n")
        self.assertFalse(tsan_judge.judge(lines(lost)))

    def test_library_freeing_after_our_plain_access_counts(self):
        plain = LIBRARY_FREES_AFTER_OUR_RELEASE.replace("Previous atomic write", "Previous write")
        self.assertTrue(tsan_judge.judge(lines(plain)))

    def test_our_code_freeing_after_an_atomic_counts(self):
        ours = LIBRARY_FREES_AFTER_OUR_RELEASE.replace(
            "    #1 c10d::ProcessGroupGloo::runLoop(int) <null> (libtorch_cpu.so.1.13+0x446ca18)\n",
            "    #1 vae::ProcessGroup::~ProcessGroup() /work/main/model/distributed.cpp:60 (model_test_distributed+0x3c000)\n")
        self.assertTrue(tsan_judge.judge(lines(ours)))

    # --- exemption qt-own: Qt's pool-------------------------------------------------------------------

    def test_qt_pool_thread_inside_qt_against_a_lost_stack_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(QT_POOL_FREE)), (False, "exemption qt-own"))

    def test_qt_pool_thread_against_our_code_counts(self):
        ours = QT_POOL_FREE.replace("    [failed to restore the stack]\n",
                                    "    #0 vae::ExplorePanel::decodeCurrent() /work/main/app/explorepanel.cpp:250 "
                                    "(app_test_explorepanel+0xa1000)\n")
        self.assertTrue(tsan_judge.judge(lines(ours)))

    def test_our_code_on_the_pool_thread_against_a_lost_stack_counts(self):
        ours = QT_POOL_FREE.replace("    #1 <null> <null> (libQt6Core.so.6+0x2596c5)\n",
                                    "    #1 operator() /work/main/tests/sanitizers/tsan_exemption_canaries.cpp:151 "
                                    "(canaries+0x6177)\n")
        self.assertTrue(tsan_judge.judge(lines(ours)))

    def test_another_thread_inside_qt_against_a_lost_stack_counts(self):
        self.assertTrue(tsan_judge.judge(lines(QT_POOL_FREE.replace("'Thread (pooled)'", "'training'"))))

    def test_qt_posted_event_list_grown_by_two_threads_inside_qt_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(POSTED_EVENT_LIST)), (False, "exemption qt-own"))

    def test_the_same_on_a_block_our_code_allocated_counts(self):
        ours = POSTED_EVENT_LIST.replace(
            "    #1 QArrayData::reallocateUnaligned(QArrayData*, void*, long long, long long, QArrayData::AllocationOption) <null> (libQt6Core.so.6+0x1f7367)\n",
            "    #1 vae::LossPlot::appendSteps() /work/wt-tsan/widgets/lossplot.cpp:250 (app_test_autosave_kill+0x25f000)\n")
        self.assertTrue(tsan_judge.judge(lines(ours)))

    def test_qt_gui_pool_converting_pixels_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(QT_GUI_POOL_PIXELS)), (False, "exemption qt-own"))

    def test_two_of_our_threads_in_qt_gui_on_one_image_count(self):
        self.assertTrue(tsan_judge.judge(lines(QT_GUI_POOL_PIXELS.replace("'Thread (pooled)'", "'grid decoder'"))))

    def test_qt_pool_rows_read_by_the_thread_that_created_the_image_are_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(QT_POOL_ROWS_READ_BY_THE_CALLER)), (False, "exemption qt-own"))

    def test_qt_pool_rows_read_by_another_thread_count(self):
        other = QT_POOL_ROWS_READ_BY_THE_CALLER.replace("Read of size 4 at 0x7f57963c12c0 by main thread",
                                                        "Read of size 4 at 0x7f57963c12c0 by thread T5")
        self.assertTrue(tsan_judge.judge(lines(other)))

    def test_our_write_after_qt_pool_rows_counts(self):
        # Only a read is handed back: ours writing while the pool might still write is not Qt's hand-back.
        written = QT_POOL_ROWS_READ_BY_THE_CALLER.replace("  Read of size 4", "  Write of size 4")
        self.assertTrue(tsan_judge.judge(lines(written)))

    # --- exemption library-own-sync ------------------------------------------------------------------

    def test_a_librarys_condition_variable_used_by_the_library_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(GLOO_CONDITION)), (False, "exemption library-own-sync"))

    def test_glibs_wakeup_descriptor_is_not_judged(self):
        self.assertEqual(tsan_judge.verdict(lines(GLIB_WAKEUP)), (False, "exemption library-own-sync"))

    def test_canary_our_condition_variable_counts(self):
        self.assertTrue(tsan_judge.judge(lines(OUR_CONDITION_VARIABLE)))

    def test_a_condition_variable_of_ours_used_by_a_library_counts(self):
        ours = GLOO_CONDITION.replace(
            "    #1 c10d::ProcessGroupGloo::broadcast(std::vector<at::Tensor, std::allocator<at::Tensor> >&, c10d::BroadcastOptions const&) <null> (libtorch_cpu.so.1.13+0x4464531)\n",
            "")
        self.assertTrue(tsan_judge.judge(lines(ours)))

    # --- modes ---------------------------------------------------------------------------------------

    def test_logs_mode_judges_every_file(self):
        with tempfile.TemporaryDirectory() as logs:
            for i, text in enumerate([QT_ONLY, QUEUED_ARGUMENT]):
                with open(os.path.join(logs, f"report.{i}"), "w") as f:
                    f.write(text)
            judge = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tsan_judge.py")
            clean = subprocess.run([sys.executable, judge, "--logs", logs], capture_output=True, text=True)
            self.assertEqual(clean.returncode, 0, clean.stderr)
            with open(os.path.join(logs, "report.9"), "w") as f:
                f.write(OURS)
            dirty = subprocess.run([sys.executable, judge, "--logs", logs], capture_output=True, text=True)
            self.assertEqual(dirty.returncode, 66)
            self.assertIn("1 report(s) in our code, 2 not judged", dirty.stderr)

    def run_judged(self, stderr_text, exit_code):
        """Runs the judge on a stand-in program that prints stderr_text and exits with exit_code."""
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write(stderr_text)
        try:
            judge = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tsan_judge.py")
            return subprocess.run([sys.executable, judge, "sh", "-c", f"cat {f.name} >&2; exit {exit_code}"],
                                  capture_output=True, text=True)
        finally:
            os.unlink(f.name)

    def test_exit_status(self):
        self.assertEqual(self.run_judged(QT_ONLY, 0).returncode, 0)
        self.assertEqual(self.run_judged(QT_ONLY + OURS, 0).returncode, 66)
        self.assertEqual(self.run_judged("", 0).returncode, 0)
        self.assertEqual(self.run_judged(QT_ONLY, 3).returncode, 3)  # the program's own failure wins
        result = self.run_judged(QT_ONLY + MIXED, 0)
        self.assertIn("tsan_judge: 1 report(s) in our code, 1 not judged", result.stderr)
        self.assertIn("tsan_judge: the report above counts: a frame of ours", result.stderr)


if __name__ == "__main__":
    unittest.main()
