#!/usr/bin/env bash
# VAE Studio: install what is missing (Debian 12), build the app incrementally into build/, run vae-studio ARGS.
#   ./run.sh                 open the GUI
#   ./run.sh train --help    any sub-command runs headless
# VAE_STUDIO_BUILD_ONLY=1 ./run.sh stops after the build (test.sh uses it).
# Only the vae-studio target is built (121 of the 302 build steps): the first window should not wait for the
# test suite. test.sh builds the rest in the same build/ directory.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

# Build tools, libraries and the default dataset. libopenblas0-openmp matters: without it Debian's
# LibTorch falls back to reference BLAS and trains 14x slower.
packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev libtorch-dev libopenblas0-openmp libqcustomplot-dev
  qt6-tools-dev qt6-l10n-tools  # Qt6LinguistTools for CMake + lrelease: the translations are built into the app
  qt6-translations-l10n  # Qt's own qtbase_*.qm: standard dialogs and buttons in the user's language
  qt6-image-formats-plugins  # WebP and TIFF in image folders (Qt's own plugins read PNG, JPEG, BMP, GIF)
  zlib1g-dev nlohmann-json3-dev libgif-dev
  libgloo-dev  # headers of the gloo transport behind c10d::ProcessGroupGloo (data-parallel training)
  dataset-fashion-mnist xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "run.sh: installing ${#missing[@]} packages: ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "run.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# A new build/ is configured without the tests (no GoogleTest needed); test.sh turns them on once, and
# neither script reconfigures afterwards, so alternating them never rebuilds the app.
if [ ! -f build/build.ninja ]; then
  echo "run.sh: configuring build/ (log: build/configure.log)" >&2
  mkdir -p build
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DVAE_BUILD_TESTS=OFF >build/configure.log 2>&1 \
    || { cat build/configure.log >&2; echo "run.sh: configure failed (log above)" >&2; exit 1; }
fi
# Ninja's [done/total] status rewrites one line on a terminal (and prints one line per step in a log).
echo "run.sh: building vae-studio" >&2
build_started=$SECONDS
NINJA_STATUS="${NINJA_STATUS:-[%f/%t %p %es] }" cmake --build build --target vae-studio -j"$(nproc)" >&2
# The first-run figure in README comes from this line on a fresh clone (CI prints it too).
echo "run.sh: vae-studio is up to date ($((SECONDS - build_started)) s of building on $(nproc) cores)" >&2

if [ "${VAE_STUDIO_BUILD_ONLY:-0}" = 1 ]; then exit 0; fi
exec build/vae-studio "$@"
