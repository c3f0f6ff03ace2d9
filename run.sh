#!/usr/bin/env bash
# VAE Studio: install what is missing (Debian 12), build incrementally into build/, run vae-studio ARGS.
#   ./run.sh                 open the GUI
#   ./run.sh train --help    any sub-command runs headless
# VAE_STUDIO_BUILD_ONLY=1 ./run.sh stops after the build (test.sh uses it).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

# Build tools, libraries and the default dataset. libopenblas0-openmp matters: without it Debian's
# LibTorch falls back to reference BLAS and trains 14x slower.
packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev libtorch-dev libopenblas0-openmp libqcustomplot-dev
  qt6-image-formats-plugins  # WebP and TIFF in image folders (Qt's own plugins read PNG, JPEG, BMP, GIF)
  zlib1g-dev nlohmann-json3-dev libgif-dev libgtest-dev
  libgloo-dev  # headers of the gloo transport behind c10d::ProcessGroupGloo (data-parallel training)
  dataset-fashion-mnist xvfb xauth
  python3  # the end-to-end tests read JSON and PNG headers with it
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "run.sh: installing ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "run.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
fi
cmake --build build -j"$(nproc)" >&2

if [ "${VAE_STUDIO_BUILD_ONLY:-0}" = 1 ]; then exit 0; fi
exec build/vae-studio "$@"
