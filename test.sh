#!/usr/bin/env bash
# Install + build exactly as run.sh does, then run the whole test suite (GUI tests offscreen).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
VAE_STUDIO_BUILD_ONLY=1 ./run.sh

# Test-only packages, installed like run.sh installs its own.
test_packages=(
  python3-torch  # tests/model/check_weights.py reads the exported state_dict with plain torch.load
  clang libclang-rt-14-dev llvm-14  # tests/fuzz: libFuzzer + ASan/UBSan runtimes, llvm-symbolizer for stacks
)
missing=()
for p in "${test_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The machine and the BLAS kernel the tests run on (ctest passes the kernel vae-studio chooses to every test).
build/vae-studio info --system
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 -j2 "$@")

# A 20 s libFuzzer smoke per file parser (a clang build in build-fuzz/; tests/fuzz/run.sh for long runs).
tests/fuzz/run.sh --smoke
