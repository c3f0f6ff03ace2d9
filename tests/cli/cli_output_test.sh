#!/usr/bin/env bash
# End-to-end tests of what the CLI prints where: results (JSON, the paths written) on stdout, progress and
# human chatter on stderr; --version on every sub-command; sample/export --json; CSV numbers that hold float32.
#   cli_output_test.sh VAE_STUDIO WORKDIR CASE
# WORKDIR/shared holds the run trained by cli_train (a ctest fixture) for the cases that need one;
# every case writes only below WORKDIR/output-CASE.
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

bin=$1
work=$2
case_name=$3
run="$work/shared/run.vaestudio"
dir="$work/output-$case_name"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

# fail, expect_exit
source "$here/lib.sh"

# on_terminal SCRIPT: runs the shell command SCRIPT with a pseudo-terminal as its stdin, stdout and stderr
# (util-linux script); what reached the terminal is in tty.txt (after a "Script started ... [COMMAND=...]"
# line naming SCRIPT). SCRIPT redirects one stream to a file.
on_terminal() {
  local got=0
  script -qec "$1" tty.txt </dev/null >/dev/null 2>&1 || got=$?
  [ "$got" = 0 ] || fail "'$1' exited $got on a terminal: $(cat tty.txt)"
}

# The JSON object `sample --json` / `export --json` printed (out.txt): one line, every file it names exists
# with the size it states.
check_written_json() {
  python3 - out.txt <<'EOF'
import json, os, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, f"expected one JSON line on stdout, got {lines}"
j = json.loads(lines[0])
assert j["files"] and j["files"][0]["path"] == j["out"], j
for f in j["files"]:
    assert os.path.isfile(f["path"]), f"{f['path']} named but not written"
    assert os.path.getsize(f["path"]) == f["bytes"], f
EOF
}

quick_train="train --data shapes:28:1200 --epochs 2 --latent 4 --threads 1"

case "$case_name" in
progress)
  # No terminal: stdout holds the result only (the path written), progress and epoch lines are on stderr.
  expect_exit 0 "$bin" $quick_train --out text.vaestudio
  [ "$(wc -l <out.txt)" = 1 ] || fail "stdout of train is not one result line: $(cat out.txt)"
  grep -q '^saved text.vaestudio (2 epochs, step 16, test loss [0-9.]*)$' out.txt || fail "stdout: $(cat out.txt)"
  grep -q '^precision: fp32 as requested' err.txt || fail "no precision line on stderr: $(cat err.txt)"
  [ "$(grep -c '^epoch [12]/2  train ' err.txt)" = 2 ] || fail "no epoch lines on stderr: $(cat err.txt)"
  grep -q $'\r' out.txt err.txt && fail "a progress bar was drawn without a terminal"
  # --json: stdout is nothing but the JSON objects (2 epochs + final); no epoch text anywhere.
  expect_exit 0 "$bin" $quick_train --json --out json.vaestudio
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' out.txt || fail "stdout is not JSON lines: $(cat out.txt)"
  [ "$(wc -l <out.txt)" = 3 ] || fail "expected 3 JSON lines, got: $(cat out.txt)"
  grep -q '^epoch' err.txt && fail "epoch text with --json: $(cat err.txt)"
  # stderr on a terminal, stdout to a file (train --json > log.jsonl): the live bar goes to the terminal
  # (stderr), the file gets only the JSON lines.
  on_terminal "'$bin' $quick_train --batch 16 --json --out bar.vaestudio >log.jsonl"
  grep -q 'ETA' tty.txt || fail "no progress bar on the terminal (stderr): $(cat -v tty.txt)"
  grep -q '"epoch"' tty.txt && fail "JSON results reached the terminal instead of the file: $(cat -v tty.txt)"
  grep -q 'ETA' log.jsonl && fail "the progress bar went to stdout: $(cat -v log.jsonl)"
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' log.jsonl || fail "log.jsonl: $(cat -v log.jsonl)"
  [ "$(wc -l <log.jsonl)" = 3 ] || fail "log.jsonl has $(wc -l <log.jsonl) lines, expected 3"
  # stdout on a terminal, stderr to a file: no bar on stdout (and none in the file: it is no terminal).
  on_terminal "'$bin' $quick_train --out bar2.vaestudio 2>log.txt"
  grep -q 'ETA' tty.txt && fail "the progress bar went to stdout: $(cat -v tty.txt)"
  grep -q '^saved bar2.vaestudio' tty.txt || fail "no result line on stdout: $(cat -v tty.txt)"
  grep -q '^epoch 2/2  train ' log.txt || fail "no epoch lines on stderr: $(cat -v log.txt)"
  # export's progress (codes of 10 000 images) is on stderr too; stdout is the summary.
  on_terminal "'$bin' export --checkpoint text.vaestudio --what codes --split train --out codes.csv >summary.txt"
  grep -q '1000 / 1000' tty.txt || fail "no export progress on the terminal (stderr): $(cat -v tty.txt)"
  [ "$(cat summary.txt)" = "wrote codes.csv (1000 images, 4 latent dimensions)" ] ||
    fail "export stdout: $(cat -v summary.txt)"
  ;;

version)
  # Every sub-command of the top-level --help takes --version and prints what the top-level one does.
  expect_exit 0 "$bin" --version
  want=$(cat out.txt)
  [[ "$want" =~ ^vae-studio\ [0-9] ]] || fail "top-level --version printed '$want'"
  expect_exit 0 "$bin" --help
  commands=$(sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' out.txt)
  [ "$(echo "$commands" | wc -w)" -ge 5 ] || fail "could not read the command table from --help: $(cat out.txt)"
  for cmd in $commands; do
    expect_exit 0 "$bin" "$cmd" --version
    [ "$(cat out.txt)" = "$want" ] || fail "$cmd --version printed '$(cat out.txt)', expected '$want'"
    [ ! -s err.txt ] || fail "$cmd --version wrote to stderr: $(cat err.txt)"
    expect_exit 0 "$bin" "$cmd" --help
    grep -q -- '--version' out.txt || fail "$cmd --help does not mention --version"
  done
  ;;

sample-json)
  expect_exit 0 "$bin" sample --checkpoint "$run" --count 10 --scale 3 --seed 5 --out ten.png --json
  check_written_json
  python3 - out.txt "$run" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["command"] == "sample" and j["checkpoint"] == sys.argv[2] and j["out"] == "ten.png", j
assert (j["count"], j["seed"], j["scale"], j["latent_dim"]) == (10, 5, 3, 4), j
f = j["files"][0]
assert (f["format"], f["width"], f["height"]) == ("png", 345, 258), f
EOF
  # Without --json the text is unchanged.
  expect_exit 0 "$bin" sample --checkpoint "$run" --count 10 --scale 3 --seed 5 --out ten.png
  [ "$(cat out.txt)" = "wrote ten.png (10 samples, 345x258 px)" ] || fail "text output: $(cat out.txt)"
  ;;

export-json)
  # "WHAT OUT [OPTIONS]": one export with --json each, checked by check_written_json and the python below.
  for spec in "image image.png" "samples samples.png --seed 3" "traversal traversal.gif" "history history.csv" \
              "codes codes.csv" "plot plot.pdf" "weights weights.pt" "presets presets.json --z 0.5,0,0,-1"; do
    read -r what out options <<<"$spec"
    # shellcheck disable=SC2086  # options are words
    expect_exit 0 "$bin" export --checkpoint "$run" --what "$what" --out "$out" $options --json
    check_written_json
    python3 - out.txt "$run" "$what" <<'EOF' || fail "$what: $(cat out.txt)"
import json, sys
j = json.load(open(sys.argv[1]))
run, what = sys.argv[2], sys.argv[3]
assert j["command"] == "export" and j["checkpoint"] == run and j["what"] == what, j
assert j["summary"].startswith("wrote " + j["out"]), j
f = j["files"]
if what == "image":
    assert (f[0]["width"], f[0]["height"]) == (112, 112), f
if what == "samples":
    assert j["seed"] == 3 and f[0]["width"] > 0, j
if what == "traversal":
    assert f[0]["format"] == "gif" and f[0]["frames"] == 16, f  # 9 steps, ping-pong
if what == "history":
    assert f[0]["rows"] == 16, f  # 2 epochs x 8 steps
if what == "codes":
    assert f[0]["rows"] == 200 and j["split"] == "test", j
if what == "weights":
    assert [x["path"] for x in f] == ["weights.pt", "weights.json"], f
EOF
  done
  ;;

csv-float32)
  # Every float32 the model computed survives the CSV: read back as float32 and written with 9 significant
  # digits, a value prints as the same number. With 6 digits ("%g") almost no loss or code does.
  expect_exit 0 "$bin" export --checkpoint "$run" --what history --out history.csv
  expect_exit 0 "$bin" export --checkpoint "$run" --what codes --out codes.csv
  python3 - history.csv codes.csv <<'EOF'
import csv, struct, sys

def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]

def holds_float32(text):
    x = float(text)
    return float("%.9g" % f32(x)) == x

# The loss terms of each step and every code are float32 results (beta, lr and the mean test loss are double).
history = list(csv.DictReader(open(sys.argv[1])))
values = [r[k] for r in history for k in ("total", "recon", "kl")]
codes = list(csv.DictReader(open(sys.argv[2])))
values += [v for r in codes for k, v in r.items() if k.startswith(("mu_", "logvar_"))]
assert len(values) == 16 * 3 + 200 * 8, len(values)
bad = [v for v in values if not holds_float32(v)]
assert not bad, f"{len(bad)} of {len(values)} CSV numbers do not hold a float32 exactly, e.g. {bad[:5]}"
EOF
  ;;

*)
  fail "unknown case"
  ;;
esac
echo "ok ($case_name)"
