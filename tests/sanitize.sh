#!/usr/bin/env bash
# Builds VAE Studio with sanitizers and runs the model, widgets, app and CLI tests under them.
#
#   tests/sanitize.sh asan        AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer), build-asan/
#   tests/sanitize.sh tsan        ThreadSanitizer, build-tsan/
#   tests/sanitize.sh [all]       both, one after the other
#   tests/sanitize.sh tsan -R Trainer    anything after the mode goes to ctest
#
# Not part of ./test.sh: each sanitizer build is a second full build of the project. A sanitized
# translation unit compiles about as fast as a Release one (RelWithDebInfo -O2 + instrumentation vs -O3;
# e.g. mainwindow.cpp 39 s vs 41 s), but the LibTorch precompiled header takes 1-4 min and everything is
# built again, so a fresh CI machine would spend another release-build's time before the first test,
# which does not fit test.sh's 10 minutes on 2 cores. The tests themselves are quick (TSan, 2 cores:
# app_test_mainwindow 15-17 s, app_test_trainingworker 6-14 s, app_test_latentdecoder 13 s, model tests
# seconds each). Run it before merging anything that touches threads (app/trainingworker,
# app/latentdecoder, app/datasetencoder, app/exportrunner, app/runwatcher, model/trainer) or memory code.
#
# Needs nothing beyond run.sh's packages: g++ 12 on Debian 12 pulls in libasan8, libubsan1, liblsan0
# and libtsan2 (through libgcc-12-dev).
#
# LibTorch (with libgomp) and Qt are not built with sanitizers. Their false positives are suppressed
# narrowly in tests/sanitizers/*.supp, each line naming one function inside Qt or glibc with its reason;
# our own code is never suppressed. In the TSan build, tests/sanitizers/tsan_judge.py decides which reports
# fail: ctest runs every test executable through it, and after ctest it reads the report files of the
# vae-studio processes the CLI scripts started. A race counts when any frame of either stack is ours (or a
# stack is lost), except three narrow cases where neither racing access is made by our code (Qt's own
# blocks, a library's free after a reference count's atomic, Qt's pool thread against a lost stack; see the
# script). Our hand-overs through Qt's event loop are annotated for TSan (app/core/tsanannotations.h), so
# there is no exemption for queued calls. sanitizer_tsan_canary and the sanitizer_tsan_canary_* tests (one
# deliberate race of ours per suppression and exemption, tests/sanitizers/tsan_exemption_canaries.cpp)
# pass only if the judge counts their race as ours, so no suppression or exemption can hide such a race.
#
# Last full runs: see README.md, "Reliability".
#
# Environment: VAE_SANITIZE_JOBS (build and ctest parallelism, default 2).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD
supp=$root/tests/sanitizers

mode=${1:-all}
if (($#)); then shift; fi
case $mode in
  asan | tsan) presets=("$mode") ;;
  all) presets=(asan tsan) ;;
  *) echo "usage: tests/sanitize.sh [asan|tsan|all] [ctest args...]" >&2; exit 2 ;;
esac
jobs=${VAE_SANITIZE_JOBS:-2}

# Benchmarks (timed, meaningless 5-20x slower), the Fashion-MNIST quality run (minutes even unsanitized),
# packaging (installs and builds a .deb, no code of ours runs) and the Python torch.load check (runs
# CPython, not our code) are left out.
exclude='^(cli_bench.*|quality_.*|packaging_.*|weights_python_roundtrip)$'

# Exported before the build too: gtest_discover_tests runs each GoogleTest binary while building.
export QT_QPA_PLATFORM=offscreen
# The glib dispatcher, as users run it. (Its eventfd wake-up gives TSan an ordering of most queued calls
# for free; our hand-overs do not rely on it: they are annotated, see app/core/tsanannotations.h.)
unset QT_NO_GLIB
# ASan: stop at the first error; check static initialisation order across our translation units.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:check_initialization_order=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
# UBSan: the build already makes every check fatal (-fno-sanitize-recover=undefined); print where.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$supp/ubsan.supp:print_suppressions=0"
# TSan: reports go to files in a fresh /tmp/vae-tsan-logs.* (log_path; world-writable: the permission
# cases of the malformed-file tests run vae-studio as nobody), and neither stop nor fail the process
# (halt_on_error=0, exitcode=0): tsan_judge.py decides. It runs every test executable itself (with
# log_path=stderr) and, after ctest, judges the files the vae-studio processes of the CLI scripts wrote.
# Show both stacks of a lock-order inversion; the longest history, so the earlier stack of a race is
# restored (suppressions and the judge can only see a stack TSan restored).
tsan_logs=$(mktemp -d /tmp/vae-tsan-logs.XXXXXX)
chmod 1777 "$tsan_logs"
export TSAN_OPTIONS="log_path=$tsan_logs/report:halt_on_error=0:exitcode=0:second_deadlock_stack=1:history_size=7:suppressions=$supp/tsan.supp:print_suppressions=0"

status=0
for preset in "${presets[@]}"; do
  echo "== sanitize.sh: $preset: configure + build (build-$preset/)" >&2
  start=$(date +%s)
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  built=$(date +%s)
  echo "== sanitize.sh: $preset: build took $((built - start)) s; running tests" >&2
  if ctest --test-dir "build-$preset" --output-on-failure --timeout 900 -j "$jobs" -E "$exclude" "$@" &&
     { [ "$preset" != tsan ] || python3 "$supp/tsan_judge.py" --logs "$tsan_logs"; }; then
    echo "== sanitize.sh: $preset: clean, tests took $(($(date +%s) - built)) s" >&2
  else
    echo "== sanitize.sh: $preset: FAILED (tests took $(($(date +%s) - built)) s)" >&2
    status=1
  fi
done
exit $status
