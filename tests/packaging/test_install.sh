#!/usr/bin/env bash
# `cmake --install` puts the binary, desktop entry, icons, MIME type and AppStream metainfo where desktops
# look, and `cpack -G DEB` makes a .deb that holds the same files and depends on the Debian runtime packages.
# Both trees pass check_desktop_integration.sh (every file there, each through its validator).
# Usage: test_install.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(readlink -f "$1")
src=$(readlink -f "$2")
check="$src/tests/packaging/check_desktop_integration.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

metainfo=usr/share/metainfo/org.vaestudio.vaestudio.metainfo.xml
cmake --install "$build" --prefix "$tmp/usr" >/dev/null
bash "$check" "$tmp" "$src" | sed 's/^/install: /'  # pipefail: a failed check ends the test here
grep -q '<launchable type="desktop-id">vae-studio.desktop</launchable>' "$tmp/$metainfo" \
  || { echo "metainfo: no launchable"; exit 1; }
grep -q '<svg' "$tmp/usr/share/icons/hicolor/scalable/apps/vae-studio.svg" || { echo "icon is not SVG"; exit 1; }
# One licence everywhere: GPL-3.0-or-later (QCustomPlot's), in the installed copyright file and the metainfo.
grep -q 'GNU GENERAL PUBLIC LICENSE' "$tmp/usr/share/doc/vae-studio/copyright" || { echo "install: no GPL copyright"; exit 1; }
grep -q '<project_license>GPL-3.0-or-later</project_license>' \
  "$tmp/$metainfo" || { echo "metainfo: licence is not GPL-3.0-or-later"; exit 1; }

cd "$tmp"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >/dev/null
deb=$(ls "$tmp"/pkg/*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libtorch1.13 libopenblas0-openmp libqcustomplot2.1-qt6 libqt6widgets6; do
  [[ "$depends" == *"$dep"* ]] || { echo "deb: Depends lacks $dep: $depends"; exit 1; }
done
# One homepage: the .deb's (CMake's HOMEPAGE_URL) is the metainfo's.
homepage=$(sed -n 's|.*<url type="homepage">\(.*\)</url>.*|\1|p' "$tmp/$metainfo")
[ "$(dpkg-deb -f "$deb" Homepage)" = "$homepage" ] \
  || { echo "deb: Homepage '$(dpkg-deb -f "$deb" Homepage)' is not the metainfo's '$homepage'"; exit 1; }
# The package holds the same desktop integration as the install, unpacked and checked alike.
dpkg-deb -x "$deb" "$tmp/deb"
bash "$check" "$tmp/deb" "$src" | sed 's/^/deb: /'
[ -s "$tmp/deb/usr/share/doc/vae-studio/copyright" ] || { echo "deb: no copyright file"; exit 1; }
echo "install + deb ok: $(basename "$deb")"
