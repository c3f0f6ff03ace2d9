#!/usr/bin/env python3
"""Runs one test program of the TSan build and judges ThreadSanitizer's reports (tests/sanitize.sh).

The TSan build's CMAKE_CROSSCOMPILING_EMULATOR, so ctest runs every test executable through it:

    tsan_judge.py PROGRAM [ARGS...]

Why: Debian's Qt is not built with -fsanitize=thread. TSan sees what Qt's code does only through the libc
calls it intercepts (memmove, malloc, free, pthread_*), and not Qt's futex-based QMutex at all. So when two
threads both run Qt's own code on Qt's own memory (two image-scaling pool threads inside QThreadPool; the
worker's queued signal and the GUI thread each appending to the GUI thread's posted-event list under
Qt's mutex), TSan reports a race it cannot judge: both racing accesses are memmove calls made from inside
libQt6Core, and there are no symbols to suppress them by name (Debian's debug symbols are not reachable).

The rule: a data race counts when at least one of its racing accesses is made by our instrumented code,
i.e. the first frame after TSan's own interceptor frames is in the test executable (our code is linked
statically into it; Qt's, LibTorch's and glib's code is in shared libraries). A race whose every access is
made inside a shared library is printed, counted and not judged. Every other kind of report (lock-order
inversion, use after free, thread leak, ...) always counts. The canary (tsan_canary.cpp) is judged here
too and must come out as a race in our code.

Exit status: the program's own when it failed; else 66 (TSan's usual) when a report counts; else 0.
"""
import os
import re
import subprocess
import sys

REPORT_START = re.compile(r"^WARNING: ThreadSanitizer: (.*?)(?: \(pid=\d+\))?$")
REPORT_END = re.compile(r"^SUMMARY: ThreadSanitizer: ")
# "  Write of size 8 at 0x... by thread T4:", "  Previous atomic read of size 4 at ... by main thread:"
ACCESS = re.compile(r"^  (Previous )?(atomic )?(write|read)\b.* by (main thread|thread T\d+)", re.IGNORECASE)
FRAME = re.compile(r"^    #\d+ .*\(([^()]+)\+0x[0-9a-f]+\)$")
SHARED_LIBRARY = re.compile(r"\.so(\.\d+)*$")
TSAN_RUNTIME = re.compile(r"(^|/)libtsan\.so")


def first_own_frame_module(frames):
    """The module of the first frame that is not TSan's interceptor, or None."""
    for module in frames:
        if not TSAN_RUNTIME.search(module):
            return module
    return None


def judge(report):
    """True when the report counts (our code is involved or it is not a plain data race)."""
    kind = REPORT_START.match(report[0]).group(1)
    if not kind.startswith("data race"):
        return True
    stacks = []
    current = None
    for line in report[1:]:
        if ACCESS.match(line):
            current = []
            stacks.append(current)
        elif line.startswith("    #") and current is not None:
            m = FRAME.match(line)
            current.append(m.group(1) if m else "")
        elif not line.startswith("    "):
            current = None
    if len(stacks) < 2:
        return True  # a stack TSan could not restore: nothing shows it is not ours
    for frames in stacks:
        module = first_own_frame_module(frames)
        if module is None or not SHARED_LIBRARY.search(module):
            return True
    return False


def main():
    if len(sys.argv) < 2:
        print("usage: tsan_judge.py PROGRAM [ARGS...]", file=sys.stderr)
        return 2
    env = dict(os.environ)
    # Keep going after a report (the judge decides), and leave the exit status to the program.
    env["TSAN_OPTIONS"] = env.get("TSAN_OPTIONS", "") + ":halt_on_error=0:exitcode=0"
    process = subprocess.Popen(sys.argv[1:], env=env, stderr=subprocess.PIPE, text=True, errors="replace")
    counted = ignored = 0
    report = None
    for line in process.stderr:
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
                    sys.stderr.write("tsan_judge: the race above is inside uninstrumented libraries only: "
                                     "not judged\n")
                report = None
    status = process.wait()
    if report is not None:
        counted += 1  # a report cut off (the program died while printing it)
    if counted or ignored:
        sys.stderr.write(f"tsan_judge: {counted} report(s) in our code, {ignored} inside uninstrumented "
                         "libraries only\n")
    if status != 0:
        return status if status > 0 else 128 - status
    return 66 if counted else 0


if __name__ == "__main__":
    sys.exit(main())
