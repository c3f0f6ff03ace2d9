#!/usr/bin/env python3
"""Judges ThreadSanitizer's reports for the TSan build (tests/sanitize.sh).

    tsan_judge.py PROGRAM [ARGS...]   run one test program and judge what it reports (ctest runs every
                                      test executable this way: the TSan build's CMAKE_CROSSCOMPILING_EMULATOR)
    tsan_judge.py --logs DIR          judge the report files TSan wrote into DIR (log_path) for the
                                      processes the CLI test scripts started

Why: Debian's Qt and LibTorch are not built with -fsanitize=thread. TSan sees their code only through
the libc calls it intercepts (memmove, malloc, free, pthread_*), and not their futex-based mutexes or
their atomics at all. So it reports races it cannot judge, with no symbols to suppress them by name
(Debian's debug symbols are not reachable here):
  - two threads both inside Qt on Qt's own memory (QtGui's image-scaling pool threads; the worker's
    queued signal and the GUI thread both appending to the GUI thread's posted-event list);
  - a queued call's arguments, allocated and copied by Qt on the sending thread and read by our slot on
    the receiving one (Qt hands them over under its posted-event mutex);
  - (more often on a loaded machine, when Qt's dispatcher takes a posted event before TSan sees the
    wake-up eventfd read that usually orders the hand-over for it);
  - a reference-counted object (LibTorch's c10d::Work, Qt's implicitly shared data) whose reference our
    code drops with an atomic decrement TSan sees, and which the library then frees after its own,
    unseen, atomic decrement.

The rule: a data race counts when our instrumented code makes one of its accesses (the first frame after
TSan's own interceptor frames is in the executable: our code is linked statically into it, Qt's,
LibTorch's and glib's code is in shared libraries), except for exactly these two hand-overs:
  - the earlier access is the allocation of the block, made inside a shared library, and ours is a read
    or an atomic access (a reference count taken on data the library allocated);
  - a queued call: the earlier access packaged it on the sending thread (Qt's QMetaType::construct or
    QMetaType::create copying an argument, or QMetaObject::invokeMethod wrapping a functor; or its stack
    is lost and the block is one that packaging allocated on that thread) and ours runs in the slot Qt's
    QObject::event delivers it to on the receiving thread;
  - the later access frees the block inside a shared library, and the earlier one is an atomic access
    (a reference count), or Qt's sendPostedEvents deletes the event it has just delivered;
  - one access is made inside Qt on a thread of Qt's global pool ('Thread (pooled)', where QtGui scales
    and converts images; our code never uses that pool), and the other is not ours either (inside a
    library, or a stack TSan could not restore).
A race made entirely inside shared libraries is printed, counted apart and not judged either. Every
other kind of report (lock-order inversion, use after free, thread leak, ...) always counts. The canary
(tsan_canary.cpp) is judged here too and must come out as a race in our code.

Exit status: the program's own when it failed; else 66 (TSan's usual) when a report counts; else 0.
With --logs: 66 when a report in any file counts, else 0.
"""
import os
import re
import subprocess
import sys

REPORT_START = re.compile(r"^WARNING: ThreadSanitizer: (.*?)(?: \(pid=\d+\))?$")
REPORT_END = re.compile(r"^SUMMARY: ThreadSanitizer: ")
# "  Write of size 8 at 0x... by thread T4:", "  Previous atomic read of size 4 at ... by main thread:"
ACCESS = re.compile(r"^  (Previous )?(atomic )?(write|read)\b.* by (main thread|thread T\d+)", re.IGNORECASE)
SHARED_LIBRARY = re.compile(r"\.so(\.\d+)*$")
TSAN_RUNTIME = re.compile(r"(^|/)libtsan\.so")


ALLOCATION = re.compile(r"^(operator new|malloc|calloc|realloc|posix_memalign|aligned_alloc)\b")
DEALLOCATION = re.compile(r"^(operator delete|free)\b")


class Access:
    """One racing access of a report: its header line and its stack, innermost frame first."""

    def __init__(self, header):
        self.thread = ACCESS.match(header).group(4)  # "main thread" or "thread T4"
        self.previous = header.lstrip().startswith("Previous")
        self.atomic = " atomic " in f" {header.lower()} "
        self.write = "write" in header.lower()
        self.frames = []  # (function text, module)

    def has_frame(self, pattern):
        return any(pattern.search(function) for function, _ in self.frames)

    def first_own_function(self):
        """The function of the first frame after TSan's interceptor frames."""
        for function, module in self.frames:
            if not TSAN_RUNTIME.search(module):
                return function
        return ""

    def top_function(self):
        return self.frames[0][0] if self.frames else ""

    def made_in_library(self):
        """Whether the first frame after TSan's interceptor frames is in a shared library."""
        for _, module in self.frames:
            if not TSAN_RUNTIME.search(module):
                return bool(SHARED_LIBRARY.search(module))
        return False  # no frame of its own: nothing shows it is not ours


# Qt packaging a queued call on the sending thread: copying an argument into the event, or the inline
# QMetaObject::invokeMethod (qobjectdefs.h) wrapping a functor. And Qt delivering it on the receiving one.
QUEUED_PACKAGING = re.compile(r"^QMetaType::(construct|create)\b|^invokeMethod<.*qt6/QtCore/qobjectdefs\.h:")
QUEUED_DELIVERY = re.compile(r"^QObject::event\(QEvent\*\)")
POSTED_EVENTS = re.compile(r"^QCoreApplicationPrivate::sendPostedEvents\b")
THREAD_NAME = re.compile(r"^  Thread (T\d+) '([^']*)'")
# The name Qt gives the threads of QThreadPool::globalInstance(). Our code starts no work on that pool
# (no QThreadPool or QtConcurrent anywhere); QtGui runs its image scaling and conversion there.
QT_POOL_THREAD = "Thread (pooled)"

FRAME_TEXT = re.compile(r"^    #\d+ (.*?)(?: \(([^()]+)\+0x[0-9a-f]+\))?$")


LOCATION = re.compile(r"^  Location is heap block .* allocated by (main thread|thread T\d+):")


def location_of(report):
    """The heap block's allocation: (thread, [function texts]), or None."""
    for i, line in enumerate(report):
        m = LOCATION.match(line)
        if m:
            functions = []
            for frame in report[i + 1:]:
                if not frame.startswith("    #"):
                    break
                f = FRAME_TEXT.match(frame)
                functions.append(f.group(1) if f else "")
            return m.group(1), functions
    return None


def thread_names(report):
    names = {}
    for line in report:
        m = THREAD_NAME.match(line)
        if m:
            names["thread " + m.group(1)] = m.group(2)
    return names


def accesses_of(report):
    accesses = []
    current = None
    for line in report[1:]:
        if ACCESS.match(line):
            current = Access(line)
            accesses.append(current)
        elif line.startswith("    #") and current is not None:
            m = FRAME_TEXT.match(line)
            current.frames.append((m.group(1), m.group(2) or "") if m else ("", ""))
        elif not line.startswith("    "):
            current = None
    return accesses


def judge(report):
    """True when the report counts (see the module's rule)."""
    kind = REPORT_START.match(report[0]).group(1)
    if not kind.startswith("data race"):
        return True
    accesses = accesses_of(report)
    if len(accesses) != 2:
        return True
    later, earlier = (accesses[1], accesses[0]) if accesses[0].previous else (accesses[0], accesses[1])
    # A reference count dropped (an atomic access, whoever made it: its stack may be lost), then the object
    # freed inside the library; or Qt deleting the event it delivered. The earlier stack does not matter.
    if later.frames and DEALLOCATION.match(later.top_function()) and later.made_in_library():
        if earlier.atomic or POSTED_EVENTS.match(later.first_own_function()):
            return False
    # Qt's own pool thread inside Qt, against an access that is not ours either (inside a library, or a
    # stack TSan lost): QtGui's image work on the pool, whose hand-over runs through Qt's futex semaphore.
    names = thread_names(report)
    for pooled, other in ((later, earlier), (earlier, later)):
        if (names.get(pooled.thread) == QT_POOL_THREAD and pooled.frames and pooled.made_in_library() and
                (not other.frames or other.made_in_library())):
            return False
    # A queued call: Qt packaged it on the sending thread (the earlier access is that packaging, or its stack
    # is lost but the block is one Qt's packaging allocated on that same thread) and our slot reads it
    # once Qt's QObject::event delivered it.
    location = location_of(report)
    packaged_block = (location is not None and location[0] == earlier.thread and
                      any(QUEUED_PACKAGING.search(function) for function in location[1]))
    if (earlier.has_frame(QUEUED_PACKAGING) or packaged_block) and later.has_frame(QUEUED_DELIVERY):
        return False
    if any(not a.frames for a in accesses):
        return True  # a stack TSan could not restore: nothing shows it is not ours
    if all(a.made_in_library() for a in accesses):
        return False
    if ALLOCATION.match(earlier.top_function()) and earlier.made_in_library() and (later.atomic or not later.write):
        return False  # a block a library allocated on one thread, read (or reference-counted) on another
    return True


def judge_stream(lines, echo):
    """Judges every report in lines; returns (counted, ignored)."""
    counted = ignored = 0
    report = None
    for line in lines:
        if echo:
            sys.stderr.write(line)
        line = line.rstrip("\n")
        if report is None and REPORT_START.match(line):
            report = [line]
        elif report is not None:
            report.append(line)
            if REPORT_END.match(line):
                if judge(report):
                    counted += 1
                else:
                    ignored += 1
                    if echo:
                        sys.stderr.write("tsan_judge: the race above is a hand-over inside uninstrumented "
                                         "libraries: not judged\n")
                report = None
    if report is not None:
        counted += 1  # a report cut off (the program died while printing it)
    return counted, ignored


def judge_logs(directory):
    counted = ignored = 0
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        with open(path, errors="replace") as f:
            text = f.readlines()
        c, i = judge_stream(text, echo=False)
        if c:
            sys.stderr.write(f"tsan_judge: {path}: {c} report(s) in our code:\n")
            sys.stderr.writelines(text)
        counted += c
        ignored += i
    sys.stderr.write(f"tsan_judge: {directory}: {counted} report(s) in our code, {ignored} hand-overs inside "
                     "uninstrumented libraries\n")
    return 66 if counted else 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--logs":
        return judge_logs(sys.argv[2])
    if len(sys.argv) < 2 or sys.argv[1].startswith("--"):
        print("usage: tsan_judge.py PROGRAM [ARGS...] | tsan_judge.py --logs DIR", file=sys.stderr)
        return 2
    env = dict(os.environ)
    # Reports on stderr, where the judge reads them; keep going after one (the judge decides), and leave
    # the exit status to the program.
    env["TSAN_OPTIONS"] = env.get("TSAN_OPTIONS", "") + ":log_path=stderr:halt_on_error=0:exitcode=0"
    process = subprocess.Popen(sys.argv[1:], env=env, stderr=subprocess.PIPE, text=True, errors="replace")
    counted, ignored = judge_stream(process.stderr, echo=True)
    status = process.wait()
    if counted or ignored:
        sys.stderr.write(f"tsan_judge: {counted} report(s) in our code, {ignored} hand-overs inside "
                         "uninstrumented libraries\n")
    if status != 0:
        return status if status > 0 else 128 - status
    return 66 if counted else 0


if __name__ == "__main__":
    sys.exit(main())
