#!/usr/bin/env bash
# Install + build exactly as run.sh does, then run the whole test suite (GUI tests offscreen).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
VAE_STUDIO_BUILD_ONLY=1 ./run.sh
cd build
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 -j2 "$@"
