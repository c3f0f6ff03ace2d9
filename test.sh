#!/usr/bin/env bash
# Install + build the app exactly as run.sh does, then the test packages, the rest of the build (the tests)
# and the whole test suite (GUI tests offscreen).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
VAE_STUDIO_BUILD_ONLY=1 ./run.sh

# Test-only packages, installed like run.sh installs its own.
test_packages=(
  libgtest-dev  # tests/model and tests/fuzz are GoogleTest binaries
  python3  # the end-to-end tests read JSON and PNG headers with it
  python3-torch  # tests/model/check_weights.py reads the exported state_dict with plain torch.load
  clang libclang-rt-14-dev llvm-14  # tests/fuzz: libFuzzer + ASan/UBSan runtimes, llvm-symbolizer for stacks
  desktop-file-utils appstream shared-mime-info libxml2-utils  # tests/packaging validates the desktop integration
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

# run.sh configures a new build/ without the tests; turning them on adds targets but changes no flag of the
# app's, so nothing already built is rebuilt. Done once: later runs of either script keep the setting.
if grep -q '^VAE_BUILD_TESTS:BOOL=OFF' build/CMakeCache.txt; then
  echo "test.sh: configuring the tests into build/ (log: build/configure.log)" >&2
  cmake -S . -B build -DVAE_BUILD_TESTS=ON >build/configure.log 2>&1 \
    || { cat build/configure.log >&2; echo "test.sh: configure failed (log above)" >&2; exit 1; }
fi
echo "test.sh: building the tests" >&2
build_started=$SECONDS
NINJA_STATUS="${NINJA_STATUS:-[%f/%t %p %es] }" cmake --build build -j"$(nproc)" >&2
echo "test.sh: the tests are up to date ($((SECONDS - build_started)) s of building on $(nproc) cores)" >&2

# The machine and the BLAS kernel the tests run on (ctest passes the kernel vae-studio chooses to every test).
build/vae-studio info --system
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 -j2 "$@")

# A 20 s libFuzzer smoke per file parser (a clang build in build-fuzz/; tests/fuzz/run.sh for long runs).
tests/fuzz/run.sh --smoke
