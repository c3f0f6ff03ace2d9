#!/usr/bin/env python3
"""Checks tsan_judge.py on real ThreadSanitizer reports (trimmed) from this project's TSan runs.

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
        cut = QT_ONLY.split("  Previous write")[0] + "SUMMARY: ThreadSanitizer: data race\n"
        self.assertTrue(tsan_judge.judge(lines(cut)))

    def test_queued_argument_handed_over_by_qt_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(QUEUED_ARGUMENT)))

    def test_our_write_into_a_block_qt_allocated_outside_a_delivered_slot_counts(self):
        written = QUEUED_ARGUMENT.replace("Read of size 4", "Write of size 4").replace(
            "    #1 QObject::event(QEvent*) <null> (libQt6Core.so.6+0x15f9b7)\n", "")
        self.assertTrue(tsan_judge.judge(lines(written)))

    def test_argument_our_copy_constructor_made_for_qt_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(QUEUED_COPY)))

    def test_the_same_write_read_outside_a_delivered_slot_counts(self):
        direct = QUEUED_COPY.replace("    #2 QObject::event(QEvent*) <null> (libQt6Core.so.6+0x15f9b7)\n", "")
        self.assertTrue(tsan_judge.judge(lines(direct)))

    def test_reference_taken_on_a_buffer_qt_allocated_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(REFERENCE_ON_QT_BUFFER)))

    def test_qt_deleting_a_delivered_event_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(POSTED_EVENT_DELETED)))

    def test_library_freeing_after_our_atomic_release_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(LIBRARY_FREES_AFTER_OUR_RELEASE)))

    def test_library_freeing_after_an_atomic_with_a_lost_stack_is_not_judged(self):
        lost = LIBRARY_FREES_AFTER_OUR_RELEASE.split("  Previous atomic write")[0] + (
            "  Previous atomic read of size 1 at 0x7b44000b7488 by main thread:\n"
            "    [failed to restore the stack]\n\n"
            "SUMMARY: ThreadSanitizer: data race\n")
        self.assertFalse(tsan_judge.judge(lines(lost)))

    def test_library_freeing_after_our_plain_access_counts(self):
        plain = LIBRARY_FREES_AFTER_OUR_RELEASE.replace("Previous atomic write", "Previous write")
        self.assertTrue(tsan_judge.judge(lines(plain)))

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
            self.assertIn("1 report(s) in our code, 2 hand-overs", dirty.stderr)

    def test_qt_pool_thread_inside_qt_against_a_lost_stack_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(QT_POOL_FREE)))

    def test_qt_pool_thread_against_our_code_counts(self):
        ours = QT_POOL_FREE.replace("    [failed to restore the stack]\n",
                                    "    #0 vae::ExplorePanel::decodeCurrent() /work/main/app/explorepanel.cpp:250 "
                                    "(app_test_explorepanel+0xa1000)\n")
        self.assertTrue(tsan_judge.judge(lines(ours)))

    def test_another_thread_inside_qt_against_a_lost_stack_counts(self):
        self.assertTrue(tsan_judge.judge(lines(QT_POOL_FREE.replace("'Thread (pooled)'", "'training'"))))

    def test_queued_argument_with_a_lost_write_stack_is_not_judged(self):
        self.assertFalse(tsan_judge.judge(lines(QUEUED_ARGUMENT_LOST)))

    def test_lost_write_to_a_block_another_thread_packaged_counts(self):
        other = QUEUED_ARGUMENT_LOST.replace("allocated by thread T7", "allocated by thread T3")
        self.assertTrue(tsan_judge.judge(lines(other)))

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
        self.assertIn("tsan_judge: 1 report(s) in our code, 1 hand-overs inside uninstrumented libraries", result.stderr)


if __name__ == "__main__":
    unittest.main()
