#!/usr/bin/env bash
# Crash safety of `vae-studio train`: kill -9 at random moments, then the checkpoint on disk must load and resume.
#   crash_test.sh VAE_STUDIO WORKDIR
# Environment (all optional):
#   CRASH_TRIALS           trials (default 50)
#   CRASH_JOBS             trials run side by side (default 2)
#   CRASH_SEED             seed of the random delays (default 1, so every run draws the same delays; printed)
#
# Each trial trains a model whose checkpoint is several MB, on a tiny dataset (epochs of a few steps, so a
# checkpoint is written several times a second), and SIGKILLs it after a random delay. A kill lands
#   - inside a checkpoint write when the atomic writer's temp file (".NAME.tmp-XXXXXX", model/atomicfile.cpp)
#     is left beside the checkpoint: the process died between creating and renaming it;
#   - during the steps (or while serialising, before the temp file exists) otherwise;
#   - before the first save when no checkpoint exists yet.
# Then: the file under the final name, if any, is complete (`info` exits 0), `train --resume --epochs E+1`
# exits 0 and reaches epoch E+1 at a later step, and the next run removes the killed writer's temp file.
# Without a checkpoint a fresh train into the same directory must succeed and clean up just the same.
# One trial in five is killed at a random moment after its start (most before the first save); two in five
# at a random moment in the three epochs after their first checkpoint appeared (a write is ~15% of those);
# two in five a random few milliseconds after a later write's temp file appeared, so that writes are hit
# often enough in every run (the polling latency and the delay still let some of those miss the write).
# The verdict is on trials only: every trial must pass, and every trial killed after its first checkpoint
# appeared must have resumed from it. Where the kills landed (mid-write or mid-step) depends on timing, so
# those counts are printed, never asserted.
set -euo pipefail

bin=$1
work=$2
trials=${CRASH_TRIALS:-50}
jobs=${CRASH_JOBS:-2}
seed=${CRASH_SEED:-1}
RANDOM=$seed

# The model: 784-1024-8 MLP, about 1.6 M parameters; weights plus Adam's two moments make a ~20 MB
# checkpoint, so writing and fsyncing it takes a measurable share of each epoch.
train_args=(--data shapes:28:256 --batch 128 --latent 8 --hidden 1024 --threads 1)
# Far more epochs than a trial lives: every run ends by the kill, never by finishing.
kill_epochs=1000
# Kills aimed at a write come this many milliseconds (at most) after its temp file appeared.
write_window_ms=12
# Epochs of the calibration run that measures the epoch period.
calib_epochs=6

rm -rf "$work"
mkdir -p "$work"
cd "$work"

fail() {
  echo "FAIL (crash): $*" >&2
  exit 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# json_field FILE KEY: KEY of the single JSON object in FILE.
json_field() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"
}

# --- calibration: start-up time and epoch period (train + save) of this model on this machine ---------
mkdir calib
t0=$(now_ms)
"$bin" train "${train_args[@]}" --epochs 1 --out calib/one.vaestudio >calib/one.txt 2>&1 || fail "calibration train failed: $(cat calib/one.txt)"
t1=$(now_ms)
"$bin" train "${train_args[@]}" --epochs $calib_epochs --out calib/many.vaestudio >calib/many.txt 2>&1 ||
  fail "calibration train failed: $(cat calib/many.txt)"
t2=$(now_ms)
first_save_ms=$((t1 - t0))                                    # start-up + one epoch + one save
period_ms=$(((t2 - t1 - first_save_ms) / (calib_epochs - 1))) # one more epoch + save
((period_ms > 50)) || period_ms=50
size=$(stat -c %s calib/one.vaestudio)
((size > 4000000)) || fail "the checkpoint is only $size bytes; a write must take measurable time"
echo "calibration: first save after ${first_save_ms} ms, epoch period ${period_ms} ms, checkpoint $((size / 1000000)) MB, seed $seed"

# pause_ms MS: sleeps without starting a process (read times out on a pipe that never delivers), so polls
# every millisecond cost next to nothing and keep their timing.
exec {tick}<> <(:)
pause_ms() { read -r -t "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))" -u "$tick" _ || true; }

# run_trial INDEX MODE DELAY_MS: writes trial-INDEX/result ("KIND OUTCOME ...") or trial-INDEX/failure.
# MODE "start": the kill comes DELAY_MS after the start (start-up, first epoch, first save);
# MODE "saved": DELAY_MS after the first checkpoint appeared (the steps and saves of the next epochs);
# MODE "write": DELAY_MS after the temp file of the second save appeared (inside that write, mostly).
run_trial() {
  local i=$1 mode=$2 delay_ms=$3
  local dir="$work/trial-$i"
  mkdir -p "$dir"
  cd "$dir"
  trial_fail() {
    echo "trial $i ($mode + ${delay_ms} ms): $*" >failure
    exit 1
  }
  "$bin" train "${train_args[@]}" --epochs $kill_epochs --out run.vaestudio >train.txt 2>&1 &
  local pid=$!
  if [ "$mode" != start ]; then
    # Start-up time varies a lot on a shared machine; the first save is a fixed point in the run.
    while [ ! -e run.vaestudio ] && kill -0 "$pid" 2>/dev/null; do pause_ms 1; done
  fi
  if [ "$mode" = write ]; then
    local polls=0
    until compgen -G '.run.vaestudio.tmp-*' >/dev/null || ! kill -0 "$pid" 2>/dev/null || ((++polls > 3000)); do
      pause_ms 1
    done
  fi
  pause_ms "$delay_ms"
  kill -0 "$pid" 2>/dev/null || trial_fail "train exited before the kill: $(cat train.txt)"
  kill -KILL "$pid"
  local status=0
  { wait "$pid"; } 2>/dev/null || status=$?  # (without the shell's "Killed" line)
  ((status == 137)) || trial_fail "train exit status $status, expected 137 (SIGKILL): $(cat train.txt)"

  local temps=(.run.vaestudio.tmp-*)
  local kind=steps
  [ -e "${temps[0]}" ] && kind=write
  ((${#temps[@]} <= 1)) || trial_fail "${#temps[@]} temp files after one kill: ${temps[*]}"
  # Nothing else may have appeared: the checkpoint and at most the one temp file.
  local stray
  stray=$(find . -maxdepth 1 -type f ! -name run.vaestudio ! -name '.run.vaestudio.tmp-*' ! -name '*.txt')
  [ -z "$stray" ] || trial_fail "unexpected files after the kill: $stray"

  if [ ! -e run.vaestudio ]; then
    # Killed before the first save completed. A fresh run in the same place must not trip over a
    # killed writer's temp file, and must leave none behind.
    "$bin" train "${train_args[@]}" --epochs 1 --out run.vaestudio >fresh.txt 2>&1 || trial_fail "fresh train after the kill failed: $(cat fresh.txt)"
    "$bin" info --json run.vaestudio >info.json 2>info.err || trial_fail "fresh checkpoint does not load: $(cat info.err)"
    [ "$(json_field info.json epochs)" = 1 ] || trial_fail "fresh run at epoch $(json_field info.json epochs), expected 1"
    temps=(.run.vaestudio.tmp-*)
    [ ! -e "${temps[0]}" ] || trial_fail "temp files left after the next run: ${temps[*]}"
    rm -f run.vaestudio  # ~20 MB per trial: keep only what a failure needs
    echo "$kind before $mode" >result
    return 0
  fi

  # The checkpoint left under the final name is always a complete one.
  "$bin" info --json run.vaestudio >info.json 2>info.err || trial_fail "info exit $? on the checkpoint after the kill: $(cat info.err)"
  local epoch step
  epoch=$(json_field info.json epochs)
  step=$(json_field info.json global_step)
  ((epoch >= 1 && step >= 1)) || trial_fail "checkpoint at epoch $epoch, step $step"
  "$bin" train --resume run.vaestudio --epochs $((epoch + 1)) --threads 1 >resume.txt 2>&1 ||
    trial_fail "resume from epoch $epoch failed: $(cat resume.txt)"
  # "saved run.vaestudio (E epochs, step S, test loss L)": what the resumed run wrote.
  local epoch2 step2
  read -r epoch2 step2 < <(sed -nE 's/^saved run\.vaestudio \(([0-9]+) epochs?, step ([0-9]+).*/\1 \2/p' resume.txt) || true
  [ -n "$step2" ] || trial_fail "resume printed no saved line: $(cat resume.txt)"
  ((epoch2 == epoch + 1)) || trial_fail "resumed run at epoch $epoch2, expected $((epoch + 1))"
  ((step2 > step)) || trial_fail "resumed run at step $step2, not past step $step"
  # The resumed run's save removed the killed writer's leftover: temp files never pile up.
  temps=(.run.vaestudio.tmp-*)
  [ ! -e "${temps[0]}" ] || trial_fail "temp files left after the resumed run: ${temps[*]}"
  rm -f run.vaestudio
  echo "$kind resumed $mode $epoch $step" >result
}

# --- the trials -------------------------------------------------------------------------------------
start_ms=$(now_ms)
for ((i = 1; i <= trials; i++)); do
  case $((i % 5)) in
  1)
    # Anywhere up to and through the first save (no checkpoint yet, or the first one); start-up takes
    # longer with trials side by side than in the calibration run alone.
    mode=start
    delay=$((RANDOM % (first_save_ms * 3 / 2 + period_ms)))
    ;;
  2 | 4)
    # Anywhere in the three epochs after the first save, steps and checkpoint writes alike.
    mode=saved
    delay=$((RANDOM % (3 * period_ms)))
    ;;
  *)
    # A few milliseconds into a write (one takes ~15 ms here: write ~5 ms, fsync ~10 ms).
    mode=write
    delay=$((RANDOM % write_window_ms))
    ;;
  esac
  (run_trial "$i" "$mode" "$delay") &
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
done
wait || true
elapsed_s=$((($(now_ms) - start_ms) / 1000))

failures=0 write=0 steps=0 before=0 resumed=0 unresumed_after_save=0
declare -A aimed=() hits=()  # per mode: trials, and kills of those that landed inside a write
for ((i = 1; i <= trials; i++)); do
  d="$work/trial-$i"
  if [ -e "$d/failure" ]; then
    cat "$d/failure" >&2
    failures=$((failures + 1))
    continue
  fi
  [ -e "$d/result" ] || { echo "trial $i: no result" >&2; failures=$((failures + 1)); continue; }
  read -r kind outcome mode _ <"$d/result"
  aimed[$mode]=$((${aimed[$mode]:-0} + 1))
  [ "$kind" = write ] && hits[$mode]=$((${hits[$mode]:-0} + 1))
  [ "$kind" = write ] && write=$((write + 1)) || steps=$((steps + 1))
  [ "$outcome" = before ] && before=$((before + 1)) || resumed=$((resumed + 1))
  # "saved" and "write" trials are killed only once their first checkpoint exists (an atomic rename): the
  # kill cannot come before it, so each of them must have resumed.
  if [ "$mode" != start ] && [ "$outcome" = before ]; then
    echo "trial $i ($mode): killed after its first checkpoint appeared, yet none was left to resume" >&2
    unresumed_after_save=$((unresumed_after_save + 1))
  fi
done

all_resumed=yes
((failures == 0)) || all_resumed=no
echo "crash summary: trials $trials, killed-during-write $write, killed-during-steps $steps," \
  "before-first-save $before, resumed $resumed, failures $failures, all-resumed $all_resumed (${elapsed_s} s, seed $seed)"
# (before-first-save counts kills of either kind that came before the first checkpoint existed.)
for mode in start saved write; do
  echo "  $mode-timed kills: ${aimed[$mode]:-0}, of which inside a write: ${hits[$mode]:-0}"
done
((failures == 0)) || fail "$failures of $trials trials failed"
((unresumed_after_save == 0)) || fail "$unresumed_after_save trials lost the checkpoint they were killed after"
rm -rf "$work"/trial-* "$work"/calib
