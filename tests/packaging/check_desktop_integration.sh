#!/usr/bin/env bash
# Checks an installed tree (ROOT/usr/...: `cmake --install` or an unpacked .deb) the way desktops read it:
# the desktop entry, AppStream metainfo, the .vaestudio MIME type and the icons, each through its own
# validator. Every problem prints one line; any problem fails. A missing validator fails too, never
# skips: test.sh installs them.
# Usage: check_desktop_integration.sh ROOT SOURCE_DIR   (SOURCE_DIR: the repository, for the screenshots)
set -euo pipefail
root=$(readlink -f "$1")
src=$(readlink -f "$2")
share="$root/usr/share"
desktop="$share/applications/vae-studio.desktop"
metainfo="$share/metainfo/org.vaestudio.vaestudio.metainfo.xml"
mime="$share/mime/packages/vae-studio.xml"
mime_type="application/x-vaestudio"
mime_icon="$share/icons/hicolor/scalable/mimetypes/application-x-vaestudio.svg"
# Screenshot URLs name files of the repository's main branch; this prefix maps them back to SOURCE_DIR.
screenshot_base="https://raw.githubusercontent.com/vaestudio/vae-studio/main/"

problems=0
fail() { echo "desktop integration: $*"; problems=$((problems + 1)); }

tools_missing=0
for tool in desktop-file-validate:desktop-file-utils appstreamcli:appstream update-mime-database:shared-mime-info \
            xmllint:libxml2-utils; do
  command -v "${tool%%:*}" >/dev/null || { fail "${tool%%:*} not found (apt-get install ${tool#*:}; test.sh does)"; tools_missing=1; }
done
((tools_missing == 0)) || exit 1

# --- every file where desktops look ---------------------------------------------------------------
for f in "$root/usr/bin/vae-studio" "$desktop" "$metainfo" "$mime" "$mime_icon" \
         "$share/icons/hicolor/scalable/apps/vae-studio.svg" "$share/icons/hicolor/"{32x32,64x64,128x128,256x256}/apps/vae-studio.png; do
  [ -s "$f" ] || fail "missing ${f#"$root"/}"
done
((problems == 0)) || exit 1

# --- desktop entry: the validator's hints count too (a second main category lists the app twice) -----
out=$(desktop-file-validate "$desktop" 2>&1) || true
[ -z "$out" ] || fail "desktop-file-validate: $(echo "$out" | head -1)"
# %f: file managers pass the double-clicked run; guimain.cpp opens a .vaestudio given as argument.
grep -qx 'Exec=vae-studio %f' "$desktop" || fail "desktop: Exec is not 'vae-studio %f'"
grep -q "^MimeType=.*$mime_type;" "$desktop" || fail "desktop: MimeType lacks $mime_type"

# --- AppStream: pedantic and offline; the tree check also resolves the launchable desktop entry --------
for mode in validate validate-tree; do
  target=$metainfo
  [ "$mode" = validate ] || target=$root
  out=$(appstreamcli "$mode" --pedantic --no-net --no-color "$target" 2>&1) || true
  issues=$(echo "$out" | grep -E '^ *[EWIP]: ' || true)
  [ -z "$issues" ] && [[ "$out" == *"Validation was successful"* ]] \
    || fail "appstreamcli $mode: $(echo "${issues:-$out}" | head -1 | sed 's/^ *//')"
done
grep -q "<mediatype>$mime_type</mediatype>" "$metainfo" || fail "metainfo: provides no mediatype $mime_type"
grep -q '<screenshot type="default">' "$metainfo" || fail "metainfo: no default screenshot"
# Each screenshot is a file shipped in the repository, so the URL is right once main is pushed.
while read -r url; do
  [[ "$url" == "$screenshot_base"* ]] || { fail "metainfo: screenshot outside $screenshot_base: $url"; continue; }
  file="$src/${url#"$screenshot_base"}"
  [ "$(head -c 8 "$file" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
    || fail "metainfo: screenshot ${url#"$screenshot_base"} is not a PNG in the repository"
done < <(sed -n 's|.*<image>\(.*\)</image>.*|\1|p' "$metainfo")

# --- MIME type: well-formed, compiled by update-mime-database into a scratch database --------------
xmllint --noout "$mime" 2>/dev/null || fail "mime: $(xmllint --noout "$mime" 2>&1 | head -1)"
db=$(mktemp -d)
trap 'rm -rf "$db"' EXIT
mkdir -p "$db/mime/packages"
cp "$mime" "$db/mime/packages/"
# XDG_DATA_DIRS names the scratch database, so the tool has no "not in the search path" note to print.
out=$(XDG_DATA_DIRS="$db" update-mime-database "$db/mime" 2>&1) || fail "update-mime-database failed: $(echo "$out" | head -1)"
[ -z "$out" ] || fail "update-mime-database: $(echo "$out" | head -1)"
grep -qx "50:$mime_type:\*.vaestudio" "$db/mime/globs2" 2>/dev/null || fail "mime: no glob *.vaestudio for $mime_type"
icon=$(sed -n "s|^$mime_type:||p" "$db/mime/icons" 2>/dev/null)
[ "$icon" = "$(basename "$mime_icon" .svg)" ] || fail "mime: icon '$icon' is not the installed $(basename "$mime_icon" .svg)"
grep -q '<svg' "$mime_icon" || fail "mime: icon is not SVG"

((problems == 0)) || exit 1
echo "desktop integration ok: ${root}"
