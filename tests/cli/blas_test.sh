#!/usr/bin/env bash
# The BLAS kernel choice end to end (model/blaskernel.h), through the real binary and its relaunch.
#   blas_test.sh VAE_STUDIO WORKDIR
# Whatever kernel this machine's OpenBLAS picks itself, OPENBLAS_CORETYPE=Prescott with the test hook
# VAE_STUDIO_BLAS_TEST_AS_DEFAULT=1 makes Prescott look like OpenBLAS's own choice, and the hook
# VAE_STUDIO_BLAS_TEST_BROKEN=NAME makes the start-up GEMM check fail on kernel NAME.
set -euo pipefail
bin=$1
dir=$2
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"

fail() {
  echo "FAIL (blas): $*" >&2
  exit 1
}

# info_system OUT [ENV=VALUE...]: `info --system --json` with exactly these BLAS variables, into OUT.
info_system() {
  local out=$1
  shift
  env -u OPENBLAS_CORETYPE -u VAE_STUDIO_BLAS -u VAE_STUDIO_BLAS_CHOICE "$@" "$bin" info --system --json >"$out" 2>"$out.err" ||
    fail "info --system exited $?: $(cat "$out.err")"
}

# check FILE PYTHON-EXPRESSION...: each expression over `j` (the JSON object) must hold.
check() {
  local file=$1
  shift
  python3 - "$file" "$@" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
for expr in sys.argv[2:]:
    if not eval(expr):
        sys.exit(f"{expr} does not hold for {j}")
PY
}

# 1. What the binary reports about itself: every key, and a kernel that passed its check.
info_system own.json
check own.json 'j["blas_gemm_check"] in ("passed", "not run")' 'j["isa_tier"] in ("sse3","sse4","avx","avx2","avx512","unknown")' \
  'all(k in j for k in ("cpu","isa","blas_library","blas_core","blas_core_default","blas_core_best","blas_reason","torch_threads","onednn","env"))' \
  'j["blas_relaunches"] == 0' || fail "info --system: $(cat own.json)"
best=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["blas_core_best"])' own.json)
core=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["blas_core"])' own.json)
if [ -z "$core" ] || [ -z "$best" ]; then
  echo "blas: not OpenBLAS or not x86 ($(cat own.json)); the relaunch cases need OpenBLAS on x86" >&2
  exit 0
fi

# 2. A user's OPENBLAS_CORETYPE is never overridden, and VAE_STUDIO_BLAS=keep keeps OpenBLAS's choice.
info_system user.json OPENBLAS_CORETYPE=Prescott
check user.json 'j["blas_core"] == "Prescott"' 'not j["blas_changed"]' '"set by the user" in j["blas_reason"]' \
  'j["env"] == {}' || fail "user override: $(cat user.json)"
# The text report says whose choice it is (it once said "OpenBLAS's own choice" for the user's).
env -u OPENBLAS_CORETYPE -u VAE_STUDIO_BLAS -u VAE_STUDIO_BLAS_CHOICE OPENBLAS_CORETYPE=Prescott "$bin" info --system \
  >user.txt 2>&1 || fail "info --system: $(cat user.txt)"
grep -q "^BLAS kernel  *Prescott (as OPENBLAS_CORETYPE asks)" user.txt || fail "info --system text: $(grep kernel user.txt)"
info_system keep.json OPENBLAS_CORETYPE=Prescott VAE_STUDIO_BLAS_TEST_AS_DEFAULT=1 VAE_STUDIO_BLAS=keep
check keep.json 'j["blas_core"] == "Prescott"' 'j["blas_relaunches"] == 0' '"VAE_STUDIO_BLAS=keep" in j["blas_reason"]' ||
  fail "keep: $(cat keep.json)"

# 3. A weaker kernel than the CPU allows: one relaunch with the best one, which passed the check.
info_system up.json OPENBLAS_CORETYPE=Prescott VAE_STUDIO_BLAS_TEST_AS_DEFAULT=1
if [ "$best" = Prescott ]; then
  check up.json 'j["blas_core"] == "Prescott"' 'j["blas_relaunches"] == 0' || fail "SSE3-only CPU: $(cat up.json)"
  exit 0
fi
check up.json "j['blas_core'].lower() == '$best'.lower()" 'j["blas_core_default"] == "Prescott"' 'j["blas_changed"]' \
  'j["blas_relaunches"] == 1' 'j["blas_gemm_check"] == "passed"' "j['env']['OPENBLAS_CORETYPE'] == '$best'" ||
  fail "relaunch: $(cat up.json)"
[ ! -s up.json.err ] || fail "a good relaunch printed on stderr: $(cat up.json.err)"
# A child given those variables runs the same kernel and is not relaunched again (its count stays 1).
choice=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["env"]["VAE_STUDIO_BLAS_CHOICE"])' up.json)
info_system child.json OPENBLAS_CORETYPE="$best" VAE_STUDIO_BLAS_CHOICE="$choice" VAE_STUDIO_BLAS_TEST_AS_DEFAULT=1
check child.json "j['blas_core'].lower() == '$best'.lower()" 'j["blas_relaunches"] == 1' 'j["blas_core_default"] == "Prescott"' ||
  fail "child: $(cat child.json)"
# A relaunched sub-command still gets its arguments: a short training run writes its checkpoint.
env -u OPENBLAS_CORETYPE OPENBLAS_CORETYPE=Prescott VAE_STUDIO_BLAS_TEST_AS_DEFAULT=1 \
  "$bin" train --data shapes:28:600 --epochs 1 --latent 2 --threads 1 --json --out run.vaestudio >train.txt 2>train.err ||
  fail "train after a relaunch: $(cat train.err)"
[ -s run.vaestudio ] || fail "train after a relaunch wrote no checkpoint"

# 4. The new kernel fails its GEMM check: back to OpenBLAS's own choice, said in one line on stderr.
info_system broken.json OPENBLAS_CORETYPE=Prescott VAE_STUDIO_BLAS_TEST_AS_DEFAULT=1 VAE_STUDIO_BLAS_TEST_BROKEN="$best"
check broken.json 'j["blas_core"] == "Prescott"' 'not j["blas_changed"]' 'j["blas_relaunches"] == 2' \
  '"failed the start-up GEMM check" in j["blas_reason"]' || fail "broken kernel: $(cat broken.json)"
[ "$(wc -l <broken.json.err)" = 1 ] && grep -q "failed the start-up GEMM check" broken.json.err ||
  fail "broken kernel stderr: $(cat broken.json.err)"
echo "blas: OpenBLAS picks $core here; the best for this CPU is $best; relaunch, override, keep and fallback behave"
