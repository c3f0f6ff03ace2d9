#!/usr/bin/env bash
# One malformed-input case of tests/malformed/cases.tsv through the real vae-studio binary.
#   malformed_test.sh VAE_STUDIO WORKDIR CASE
# Asserts: exit code exactly 2 (so no crash, no signal, no internal error), exactly one non-empty line on
# stderr naming the offending file and holding the expected reason, no core file, and no file left behind
# in the case's scratch directory (no half-written output, no temp file).
set -euo pipefail

bin=$1
work=$2
case_name=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
malformed="$(cd "$here/../malformed" && pwd)"
corpus="$malformed/corpus"
manifest="$malformed/cases.tsv"
# LibTorch and Qt start-up map about 1 GB of address space (libraries, thread stacks, malloc arenas);
# the declared sizes of the "aslimit" cases are 10^12 bytes and more, far beyond this cap.
as_limit=$((2 * 1024 * 1024 * 1024))
# The unprivileged user of the permission cases (root reads files whatever their mode).
nobody_id=65534

fail() {
  echo "FAIL ($case_name): $*" >&2
  exit 1
}

line=$(awk -F'\t' -v n="$case_name" '$1 == n' "$manifest")
[ -n "$line" ] || fail "no case '$case_name' in $manifest"
IFS=$'\t' read -r _ kind input as command expect names <<<"$line"

if [ "$as" = nobody ]; then
  # The unprivileged user must reach the binary, the corpus and the scratch directory, and a checkout may sit
  # below a private directory (a CI clone in a mode-700 temp dir): all go to a fresh directory under /tmp.
  base=$(mktemp -d "/tmp/vae-malformed-$case_name.XXXXXX")
  trap 'chmod -R u+rwX "$base" 2>/dev/null; rm -rf "$base"' EXIT
  cp "$bin" "$base/vae-studio"
  bin=$base/vae-studio
  cp -r "$corpus" "$base/corpus"  # the good files a case uses beside the unreadable one
  chmod -R a+rX "$base/corpus"
  corpus=$base/corpus
else
  base="$work/$case_name"
  rm -rf "$base"
fi
tmp="$base/scratch"
mkdir -p "$tmp" "$base/home"
chmod 755 "$base" "$tmp"

# A CIFAR-10 directory of one-record batches; $1 (optional) replaces data_batch_1.bin.
make_cifar_dir() {
  local dir=$tmp/cifar
  mkdir -p "$dir"
  for f in data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin; do
    cp "$corpus/good-cifar-record.bin" "$dir/$f"
  done
  if [ $# -gt 0 ]; then cp "$1" "$dir/data_batch_1.bin"; fi
  in=$dir
}

# The input: a committed corpus file, or made here.
case "$input" in
corpus/*) in="$malformed/$input" ;;
@missing:*) in="$tmp/${input#@missing:}" ;;
@mkdir:*) in="$tmp/${input#@mkdir:}"; mkdir "$in" ;;
@unreadable:*)
  src="$malformed/${input#@unreadable:}"
  in="$tmp/$(basename "$src")"
  cp "$src" "$in"
  chmod 000 "$in"
  ;;
@idx-header:*)
  IFS=: read -r _ count rows cols <<<"$input"
  in="$tmp/huge.idx3"
  python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack(">IIII", 0x803, *map(int, sys.argv[1:])) + bytes(4))' \
    "$count" "$rows" "$cols" >"$in"
  ;;
@cifar:*) make_cifar_dir "$malformed/${input#@cifar:}" ;;
@cifar-without:*) make_cifar_dir; rm "$in/${input#@cifar-without:}" ;;
@cifar-dir:*) make_cifar_dir; rm "$in/${input#@cifar-dir:}"; mkdir "$in/${input#@cifar-dir:}" ;;
@cifar-unreadable:*) make_cifar_dir; chmod 000 "$in/${input#@cifar-unreadable:}" ;;
@folder-unreadable:*)
  in="$tmp/folder"
  mkdir -p "$in/class-a"
  cp "$malformed/${input#@folder-unreadable:}" "$in/class-a/"
  chmod 000 "$in/class-a/$(basename "${input#@folder-unreadable:}")"
  ;;
*) fail "unknown input '$input'" ;;
esac
[ -e "$in" ] || [ "${input%%:*}" = @missing ] || fail "input $in was not made"

substitute() {
  local s=$1
  s=${s//\{in\}/$in}
  s=${s//\{corpus\}/$corpus}
  s=${s//\{tmp\}/$tmp}
  printf '%s' "$s"
}
read -r -a words <<<"$command"
args=()
for w in "${words[@]}"; do args+=("$(substitute "$w")"); done
named=$(substitute "$names")

run=()
case "$as" in
user) ;;
aslimit)
  # ASan and TSan reserve terabytes of shadow address space at start-up and cannot run under any cap
  # (tests/sanitize.sh). There the case runs uncapped: the error, exit code and clean-up are still checked,
  # and the cap itself is the normal build's test. (Not ldd | grep -q: with pipefail, grep's early exit
  # can fail ldd with SIGPIPE.)
  libraries=$(ldd "$bin" 2>/dev/null || true)
  if [[ "$libraries" == *libasan.so* || "$libraries" == *libtsan.so* ]]; then
    echo "note ($case_name): sanitizer build, run without the address-space cap"
  else
    run=(prlimit "--as=$as_limit" --)
  fi
  ;;
nobody)
  run=(setpriv "--reuid=$nobody_id" "--regid=$nobody_id" --clear-groups --)
  # Without this the case would pass or fail for the wrong reason.
  "${run[@]}" test -x "$bin" || fail "uid $nobody_id cannot run $bin (a directory on its path is not world-searchable)"
  if "${run[@]}" test -r "$named"; then fail "uid $nobody_id can read $named: the permission case tests nothing"; fi
  chmod 777 "$tmp"  # so the output directory is not what fails
  ;;
*) fail "unknown 'as' value '$as'" ;;
esac

before=$(cd "$tmp" && find . | LC_ALL=C sort)
cd "$tmp"
got=0
HOME="$base/home" "${run[@]}" "$bin" "${args[@]}" >"$base/out.txt" 2>"$base/err.txt" || got=$?
cd "$base"
after=$(cd "$tmp" && find . | LC_ALL=C sort)

show() {
  echo "--- command: ${run[*]} $bin ${args[*]}" >&2
  echo "--- stdout" >&2; cat "$base/out.txt" >&2
  echo "--- stderr" >&2; cat "$base/err.txt" >&2
}
if [ "$got" != 2 ]; then show; fail "exit code $got, expected 2"; fi
lines=$(wc -l <"$base/err.txt")
if [ "$lines" != 1 ]; then show; fail "$lines lines on stderr, expected exactly 1"; fi
err=$(cat "$base/err.txt")
if [ -z "${err// /}" ]; then show; fail "the stderr line is empty"; fi
if [[ "$err" != *"$named"* ]]; then show; fail "the error does not name $named"; fi
if [[ "$err" != *"$expect"* ]]; then show; fail "the error does not say '$expect'"; fi
if [ "$before" != "$after" ]; then
  show
  fail "files appeared or vanished in the scratch directory: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | tr '\n' ' ')"
fi
if compgen -G "$tmp/core*" >/dev/null || compgen -G "$base/core*" >/dev/null; then fail "a core file was written"; fi
# Permission cases leave mode-000 files; make the scratch directory removable for the next run.
chmod -R u+rwX "$tmp"
echo "ok ($case_name): $err"
