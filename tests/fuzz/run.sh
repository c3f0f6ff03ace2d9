#!/usr/bin/env bash
# libFuzzer runs of every file parser (IDX, CIFAR-10, checkpoint, latent presets, image folder, npy, npz).
#
#   tests/fuzz/run.sh [--smoke] [--seconds N] [--runs N] [--jobs N] [TARGET...]
#
# Configures and builds build-fuzz (clang, ASan + UBSan, only the fuzz targets), then fuzzes each target
# (default: all seven) on a copy of its seed corpus tests/fuzz/corpus/<target>/ plus the known crashers in
# tests/fuzz/regressions/<target>/. The committed corpus is never written to.
#   default   until 10^6 executions or 10 minutes per target, whichever comes first; the working corpus
#             persists in build-fuzz/fuzz-corpus/<target>/ so later runs continue where this one stopped
#   --smoke   a fixed seed and run count per target (~10 s each, at most 20 s) on a throw-away copy of
#             the seed corpus (for test.sh: the same inputs every time, so CI is not flaky)
#   --jobs N  fuzz N targets at the same time (default 1)
# Prints one line per target (target, execs, seconds, crashes) and exits non-zero if any target crashed.
# Crash inputs land in build-fuzz/fuzz-artifacts/<target>/, the full log in build-fuzz/fuzz-logs/<target>.log.
# Reproduce one: build-fuzz/fuzz/fuzz_<target> FILE. After fixing, copy it to tests/fuzz/regressions/<target>/.
# Needs the Debian packages clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes).
set -uo pipefail

here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${VAE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
all_targets=(idx cifar10 checkpoint presets imagefolder npy npz)

seconds=600
runs=1000000
smoke=0
jobs=1
targets=()
while (($#)); do
  case "$1" in
    --smoke) smoke=1; seconds=20; runs=0 ;;
    --seconds) seconds="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1") ;;
  esac
  shift
done
if ! ((${#targets[@]})); then targets=("${all_targets[@]}"); fi
for t in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $t "* ]] || { echo "run.sh: unknown target $t (${all_targets[*]})" >&2; exit 2; }
done

for tool in clang clang++ cmake ninja; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (apt-get install clang libclang-rt-14-dev cmake ninja-build)" >&2; exit 2; }
done

# --- build: only the fuzz executables, never the GUI -------------------------------------------------
build_start=$(date +%s)
if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  CC=clang CXX=clang++ cmake -G Ninja -S "$root" -B "$build" -DVAE_FUZZ=ON -DVAE_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=Release >"$build/configure.log" 2>&1 \
    || { cat "$build/configure.log" >&2; echo "run.sh: configure failed" >&2; exit 2; }
fi
ninja -C "$build" -j"${VAE_FUZZ_BUILD_JOBS:-2}" fuzz_all >/dev/null \
  || { ninja -C "$build" -j1 fuzz_all >&2; echo "run.sh: build failed" >&2; exit 2; }
echo "fuzz build: $(($(date +%s) - build_start)) s"

# --- run ---------------------------------------------------------------------------------------------
# One torch thread per fuzzer (the harness sets it too; this also covers OpenMP start-up).
export OMP_NUM_THREADS=1 QT_QPA_PLATFORM=offscreen
# UBSan reports must stop the run, or libFuzzer would never see them. Leak checking stays on: LibTorch's
# and Qt's one-time allocations stay reachable from globals; lsan.supp explains the one LibTorch leak
# (miniz state on a damaged zip) that is suppressed.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"

mkdir -p "$build/fuzz-logs" "$build/fuzz-artifacts"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

fuzz_one() {
  local t="$1" corpus
  if ((smoke)); then
    corpus="$scratch/$t"
  else
    corpus="$build/fuzz-corpus/$t"
  fi
  mkdir -p "$corpus" "$build/fuzz-artifacts/$t"
  cp -n "$here/corpus/$t"/* "$corpus"/ 2>/dev/null
  local extra=()
  [ -d "$here/regressions/$t" ] && extra+=("$here/regressions/$t")
  # The largest input a mutation may grow to: what a seed needs, no more (a bigger regression input would
  # otherwise raise libFuzzer's default and slow every execution down).
  local max_len
  case "$t" in
    checkpoint) max_len=24576 ;;  # the raw tiny checkpoint is 23 KB
    cifar10) max_len=12300 ;;     # four 3073-byte records
    *) max_len=4096 ;;
  esac
  local limits=(-max_total_time="$seconds" -max_len="$max_len")
  ((runs > 0)) && limits+=(-runs="$runs")
  if ((smoke)); then
    # The smoke must not make CI flaky: a fixed seed and a fixed number of runs (about 10 s each here) give
    # the same inputs every time; a slower machine only stops earlier in the same sequence. Exploring new
    # inputs is the long run's job.
    local smoke_runs
    case "$t" in
      idx) smoke_runs=50000 ;;
      cifar10) smoke_runs=200000 ;;
      checkpoint) smoke_runs=3000 ;;
      presets) smoke_runs=150000 ;;
      imagefolder) smoke_runs=30000 ;;
      npy) smoke_runs=120000 ;;
      npz) smoke_runs=120000 ;;
      *) echo "run.sh: no smoke run count for target $t" >&2; exit 2 ;;
    esac
    limits+=(-seed=1 -runs="$smoke_runs")
  fi
  local before after start rc
  before=$(find "$build/fuzz-artifacts/$t" -type f | wc -l)
  start=$(date +%s)
  # -timeout: no parser may take 10 s on one input (a hang); -malloc_limit_mb: no single allocation of
  # 1 GB from a file of a few KB (the loaders must check sizes before allocating).
  "$build/fuzz/fuzz_$t" "${limits[@]}" -timeout=10 -rss_limit_mb=3072 -malloc_limit_mb=1024 \
    -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t/" "$corpus" "${extra[@]}" \
    >"$build/fuzz-logs/$t.log" 2>&1
  rc=$?
  after=$(find "$build/fuzz-artifacts/$t" -type f | wc -l)
  local execs crashes
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz-logs/$t.log" | tail -1)
  crashes=$((after - before))
  ((rc != 0 && crashes == 0)) && crashes=1  # died without an artifact (e.g. in start-up)
  printf 'fuzz_%s: execs=%s seconds=%s crashes=%s\n' "$t" "${execs:-0}" "$(($(date +%s) - start))" "$crashes" \
    >"$scratch/$t.summary"
  ((crashes == 0))
}

failed=0
pids=()
names=()
for t in "${targets[@]}"; do
  fuzz_one "$t" &
  pids+=($!)
  names+=("$t")
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n; done
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed=1
  cat "$scratch/${names[$i]}.summary"
done
if ((failed)); then
  echo "run.sh: a fuzzer crashed; see $build/fuzz-logs/ and $build/fuzz-artifacts/" >&2
  exit 1
fi
