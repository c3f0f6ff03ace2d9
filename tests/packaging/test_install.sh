#!/usr/bin/env bash
# `cmake --install` puts the binary, desktop entry, icon and AppStream metainfo where desktops look,
# and `cpack -G DEB` makes a .deb that depends on the Debian runtime packages.
# Usage: test_install.sh BUILD_DIR
set -euo pipefail
build=$(readlink -f "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/usr" >/dev/null
for f in bin/vae-studio share/applications/vae-studio.desktop \
         share/icons/hicolor/scalable/apps/vae-studio.svg share/metainfo/org.vaestudio.VaeStudio.metainfo.xml; do
  [ -s "$tmp/usr/$f" ] || { echo "install: missing $f"; exit 1; }
done
grep -q '^Exec=vae-studio' "$tmp/usr/share/applications/vae-studio.desktop" || { echo "desktop: no Exec"; exit 1; }
grep -q '<launchable type="desktop-id">vae-studio.desktop</launchable>' \
  "$tmp/usr/share/metainfo/org.vaestudio.VaeStudio.metainfo.xml" || { echo "metainfo: no launchable"; exit 1; }
grep -q '<svg' "$tmp/usr/share/icons/hicolor/scalable/apps/vae-studio.svg" || { echo "icon is not SVG"; exit 1; }
# One licence everywhere: GPL-3.0-or-later (QCustomPlot's), in the installed copyright file and the metainfo.
grep -q 'GNU GENERAL PUBLIC LICENSE' "$tmp/usr/share/doc/vae-studio/copyright" || { echo "install: no GPL copyright"; exit 1; }
grep -q '<project_license>GPL-3.0-or-later</project_license>' \
  "$tmp/usr/share/metainfo/org.vaestudio.VaeStudio.metainfo.xml" || { echo "metainfo: licence is not GPL-3.0-or-later"; exit 1; }

cd "$tmp"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >/dev/null
deb=$(ls "$tmp"/pkg/*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libtorch1.13 libopenblas0-openmp libqcustomplot2.1-qt6 libqt6widgets6; do
  [[ "$depends" == *"$dep"* ]] || { echo "deb: Depends lacks $dep: $depends"; exit 1; }
done
dpkg-deb -c "$deb" > "$tmp/contents"
grep -q "./usr/bin/vae-studio" "$tmp/contents" || { echo "deb: no binary"; exit 1; }
grep -q "./usr/share/doc/vae-studio/copyright" "$tmp/contents" || { echo "deb: no copyright file"; exit 1; }
echo "install + deb ok: $(basename "$deb")"
