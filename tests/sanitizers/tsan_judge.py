#!/usr/bin/env python3
"""Judges ThreadSanitizer's reports for the TSan build (tests/sanitize.sh).

    tsan_judge.py PROGRAM [ARGS...]   run one test program and judge what it reports (ctest runs every
                                      test executable this way: the TSan build's CMAKE_CROSSCOMPILING_EMULATOR)
    tsan_judge.py --logs DIR          judge the report files TSan wrote into DIR (log_path) for the
                                      processes the CLI test scripts started

Why: Debian's Qt and LibTorch are not built with -fsanitize=thread. TSan sees their code only through the
libc calls it intercepts (memcpy, malloc, free, pthread_*), not their futex-based mutexes or their atomics,
and it reports races it cannot judge, with few symbols to suppress them by name.

The rule. Every report that is not a data race counts (lock-order inversion, use after free, thread leak,
...). A data race counts when any frame of either racing access's stack is our code (a source file under
app/, model/, widgets/ or tests/, or moc's code generated for them), or when TSan could not restore one of
the stacks (nothing shows it is not ours), except for exactly these three, where neither racing access is
made by our code (the "maker" of an access is its innermost frame outside TSan's interceptors):
  - qt-own: both accesses are made by Qt's code (a maker in a libQt6 library, or Qt's inline delivery
    template qobjectdefs_impl.h reading an event's arguments), and either the block is Qt Core's (allocated
    from libQt6Core: its queued-call events and arguments, its posted-event lists, QThread's internal
    condition). Or one access is Qt's code on a thread of Qt's global pool ('Thread (pooled)', where QtGui
    scales and converts large images; a pool access with a frame of ours never qualifies) and the other is
    made inside a library (Qt, libpng writing Qt's image), or is lost, or is a read on the thread that
    created the image after the pool wrote it (Qt Gui's operations return to their caller only when the pool is
    done, through a futex semaphore). With the earlier stack lost and no pool thread, the block must have
    been allocated by Qt Core on that thread, or be an event Qt Core's event loop deletes itself (freed
    from sendPostedEvents / removePostedEvents, not by a destructor of ours). Blind
    spot: a race between two accesses made *inside* Qt Core on one of our containers (two of our threads
    growing one QList only through Qt's out-of-line reallocation) passes too; our inline accesses to it do
    not. Canaries: qt-allocated-block-read-by-us, posted-event-written-after-post, qimage-through-qtgui,
    our-code-on-qts-pool, qt-pool-image-read-by-another-thread, result-read-when-finished-without-wait.
  - library-free-after-atomic: a shared library frees the block (the later access is free / operator
    delete called from a .so) after an atomic access (a reference count dropped with an atomic decrement
    TSan sees; the library's own decrement it does not see): LibTorch's c10d::Work, Qt's implicitly
    shared data, QtTest's watchdog. Canary: library-frees-after-our-plain-write.
  - library-own-sync: both accesses are libc calls on a synchronisation object or a file descriptor
    (pthread_cond_*, pthread_mutex_*, write, read, close, eventfd) made from the same shared library, on an
    object that library created: gloo's work completion (its condition variable destroyed by LibTorch
    after gloo's thread broadcast it), glib's wake-up eventfd. Canary:
    our-condition-variable-destroyed-while-notified.
There is no exemption for queued calls: our hand-overs to Qt's event loop are annotated (postCall and
tsan::release / acquire in app/core/tsanannotations.h), so a race through them is a race. Data races with
no frame of ours in either stack (two of Qt's or LibTorch's own threads, both inside the library) are
printed and counted apart, not judged.

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
QT_CORE = re.compile(r"(^|/)libQt6Core\.so")
QT_LIBRARY = re.compile(r"(^|/)libQt6\w+\.so")
QT_EVENT_DELETE = re.compile(r"^(QCoreApplicationPrivate::sendPostedEvents|QCoreApplication::removePostedEvents)\b")
# Qt's inline template that calls a queued functor with the argument pointers of Qt's event: compiled into
# our executable, but Qt's code reading Qt's event.
QT_DELIVERY_TEMPLATE = re.compile(r" /\S*qt6/QtCore/qobjectdefs_impl\.h:\d+")
# Our code: a source file in one of the project's folders (any checkout: /work/main, a worktree, a CI
# directory), or what moc generated for our classes inside a build directory. System headers inlined into
# our code (/usr/include/...) are not ours; their callers in our files are.
OUR_SOURCE = re.compile(r" (/(?!usr/)\S*/(app|model|widgets|tests)/\S+|/(?!usr/)\S*_autogen/\S+):\d+")


class Access:
    """One racing access of a report: its header line and its stack, innermost frame first."""

    def __init__(self, header):
        self.thread = ACCESS.match(header).group(4)  # "main thread" or "thread T4"
        self.previous = header.lstrip().startswith("Previous")
        self.atomic = " atomic " in f" {header.lower()} "
        self.write = "write" in header.lower()
        self.frames = []  # (function text with file:line, module)

    def has_our_frame(self):
        return any(OUR_SOURCE.search(" " + text) for text, _ in self.frames)

    def maker(self):
        """The innermost frame outside TSan's interceptors: (text, module), or None."""
        for text, module in self.frames:
            if not TSAN_RUNTIME.search(module):
                return text, module
        return None

    def made_in_library(self, library=SHARED_LIBRARY):
        maker = self.maker()
        return maker is not None and bool(library.search(maker[1]))

    def top_function(self):
        return self.frames[0][0] if self.frames else ""

    def is_allocation(self):
        return bool(self.frames) and bool(ALLOCATION.match(self.top_function()))

    def is_free(self):
        return bool(self.frames) and bool(DEALLOCATION.match(self.top_function()))


THREAD_NAME = re.compile(r"^  Thread (T\d+) '([^']*)'")
# The name Qt gives the threads of QThreadPool::globalInstance(). Our code starts no work on that pool
# (no QThreadPool or QtConcurrent anywhere); QtGui runs its image scaling and conversion there.
QT_POOL_THREAD = "Thread (pooled)"

FRAME_TEXT = re.compile(r"^    #\d+ (.*?)(?: \(([^()]+)\+0x[0-9a-f]+\))?$")


LOCATION = re.compile(r"^  Location is heap block .* allocated by (main thread|thread T\d+):")


def frames_after(report, i):
    """The stack printed under line i of report: [(function text, module)], innermost first."""
    frames = []
    for frame in report[i + 1:]:
        if not frame.startswith("    #"):
            break
        f = FRAME_TEXT.match(frame)
        frames.append((f.group(1), f.group(2) or "") if f else ("", ""))
    return frames


def location_of(report):
    """The heap block's allocation: (thread, [(function text, module)]), or None."""
    for i, line in enumerate(report):
        m = LOCATION.match(line)
        if m:
            return m.group(1), frames_after(report, i)
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


def made_by(access, library):
    maker = access.maker()
    return maker is not None and bool(library.search(maker[1]))


def made_by_qt(access):
    """Whether Qt's code made the access: inside a Qt library, or Qt's inline delivery template reading."""
    maker = access.maker()
    if maker is None:
        return False
    return bool(QT_LIBRARY.search(maker[1])) or (not access.write and bool(QT_DELIVERY_TEMPLATE.search(" " + maker[0])))


def allocation_maker(frames):
    """The module that called the allocator in an allocation stack, or ""."""
    for text, module in frames:
        if not TSAN_RUNTIME.search(module):
            return module
    return ""


def qt_own(report, earlier, later):
    """Exemption qt-own: both racing accesses are Qt's, on Qt Core's own block or on Qt's pool thread."""
    names = thread_names(report)
    location = location_of(report)
    for pooled, other in ((earlier, later), (later, earlier)):
        if names.get(pooled.thread) != QT_POOL_THREAD or not pooled.frames:
            continue
        if pooled.has_our_frame() or not made_by_qt(pooled):
            return False  # our code running on the pool (tsan_exemption_canaries: our-code-on-qts-pool)
        if not other.frames or other.made_in_library():
            return True  # Qt's pool against a library's access (Qt, or libpng writing Qt's image) or a lost stack
        # Qt Gui's multi-threaded image operations write the rows of an image their caller created and return
        # only when the pool is done (a futex semaphore): the caller's thread may read them afterwards.
        handed_back = (pooled is earlier and not later.write and location is not None and
                       location[0] == later.thread and bool(QT_LIBRARY.search(allocation_maker(location[1]))))
        return handed_back
    core_block = location is not None and bool(QT_CORE.search(allocation_maker(location[1])))
    if not earlier.frames:
        # The earlier stack is lost: Qt's own only if Qt Core allocated the block on that very thread, or if
        # Qt Core's event loop deletes an event whose destructor is Qt's (a QMetaCallEvent: an event type of
        # ours would be deleted by its destructor in our code, tsan_exemption_canaries:
        # posted-event-written-after-post).
        maker = later.maker()
        deletes_event = later.is_free() and maker is not None and bool(QT_EVENT_DELETE.match(maker[0]))
        return made_by_qt(later) and (deletes_event or (core_block and location[0] == earlier.thread))
    if not (made_by_qt(earlier) and made_by_qt(later)):
        return False
    if earlier.is_allocation() and made_by(earlier, QT_CORE):
        core_block = True  # the block is Qt Core's own allocation (TSan printed no location for it)
    return core_block


def library_free_after_atomic(earlier, later):
    """Exemption library-free-after-atomic: a library frees the block after a reference count's atomic."""
    return later.is_free() and later.made_in_library() and earlier.atomic


# libc calls on a synchronisation object or a file descriptor: what a library's own condition variable,
# mutex or wake-up descriptor is accessed with.
SYNC_CALL = re.compile(r"^(pthread_(cond|mutex|rwlock)_\w+|write|read|close|eventfd|pipe2?|poll)\b")
FD_LOCATION = re.compile(r"^  Location is file descriptor \d+ created by (main thread|thread T\d+) at:")


def created_by(report):
    """The module that created the racing object (the heap block's allocator caller, or the descriptor's)."""
    location = location_of(report)
    if location is not None:
        return allocation_maker(location[1])
    for i, line in enumerate(report):
        if FD_LOCATION.match(line):
            return allocation_maker(frames_after(report, i))
    return ""


def library_own_sync(report, earlier, later):
    """Exemption library-own-sync: a library's own condition variable, mutex or descriptor, used by it."""
    makers = [a.maker() for a in (earlier, later)]
    if any(m is None for m in makers) or makers[0][1] != makers[1][1] or not SHARED_LIBRARY.search(makers[0][1]):
        return False
    if not all(SYNC_CALL.match(a.top_function()) for a in (earlier, later)):
        return False
    return created_by(report) == makers[0][1]


def verdict(report):
    """Why a report counts or not: (counts, reason)."""
    kind = REPORT_START.match(report[0]).group(1)
    if not kind.startswith("data race"):
        return True, "not a data race"
    accesses = accesses_of(report)
    if len(accesses) != 2:
        return True, "not two accesses"
    later, earlier = (accesses[1], accesses[0]) if accesses[0].previous else (accesses[0], accesses[1])
    if qt_own(report, earlier, later):
        return False, "exemption qt-own"
    if library_free_after_atomic(earlier, later):
        return False, "exemption library-free-after-atomic"
    if library_own_sync(report, earlier, later):
        return False, "exemption library-own-sync"
    if any(not a.frames for a in accesses):
        return True, "a stack TSan could not restore"
    if earlier.has_our_frame() or later.has_our_frame():
        return True, "a frame of ours"
    return False, "no frame of ours: made inside the libraries"


def judge(report):
    """True when the report counts (see the module's rule)."""
    return verdict(report)[0]


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
                counts, reason = verdict(report)
                if counts:
                    counted += 1
                else:
                    ignored += 1
                if echo:
                    sys.stderr.write(f"tsan_judge: the report above {'counts' if counts else 'is not judged'}: "
                                     f"{reason}\n")
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
    sys.stderr.write(f"tsan_judge: {directory}: {counted} report(s) in our code, {ignored} not judged "
                     "(inside the libraries or exempted)\n")
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
        sys.stderr.write(f"tsan_judge: {counted} report(s) in our code, {ignored} not judged "
                         "(inside the libraries or exempted)\n")
    if status != 0:
        return status if status > 0 else 128 - status
    return 66 if counted else 0


if __name__ == "__main__":
    sys.exit(main())
