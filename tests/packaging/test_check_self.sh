#!/usr/bin/env bash
# check_desktop_integration.sh must pass on the installed tree and fail, with its one-line reason, on each
# mistake planted below (one per rule), and when a validator is not installed.
# Usage: test_check_self.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(readlink -f "$1")
src=$(readlink -f "$2")
check="$src/tests/packaging/check_desktop_integration.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/good/usr" >/dev/null
bash "$check" "$tmp/good" "$src" >/dev/null || { bash "$check" "$tmp/good" "$src"; echo "self-test: the good tree fails"; exit 1; }

apps=usr/share/applications/vae-studio.desktop
meta=usr/share/metainfo/org.vaestudio.vaestudio.metainfo.xml
mime=usr/share/mime/packages/vae-studio.xml
# name | file under the tree | sed script planting the mistake, "#" as its delimiter (empty: delete the file) | expected message
cases=(
  "desktop version|$apps|s/^Version=1.0/Version=1.5/|desktop-file-validate: "
  "two main categories|$apps|s/^Categories=/Categories=Education;/|desktop-file-validate: "
  "exec without %f|$apps|s/^Exec=.*/Exec=vae-studio/|Exec is not"
  "no mime in desktop|$apps|/^MimeType=/d|MimeType lacks"
  "developer tag|$meta|s#<developer_name>.*</developer_name>#<developer id=\"org.vaestudio\"><name>x</name></developer>#|appstreamcli validate: "
  "uppercase id|$meta|s#<id>org.vaestudio.vaestudio</id>#<id>org.vaestudio.VaeStudio</id>#|appstreamcli validate: "
  "launchable gone|$apps||missing usr/share/applications"
  "screenshot not shipped|$meta|s#docs/screenshot-training.png#docs/nothing.png#|screenshot docs/nothing.png"
  "no mediatype|$meta|/<mediatype>/d|provides no mediatype"
  "glob attribute|$mime|s/<glob pattern=/<glob patern=/|update-mime-database: "
  "no glob|$mime|/<glob /d|no glob"
  "mime icon name|$mime|s/<icon name=\"application-x-vaestudio\"/<icon name=\"vae-run\"/|icon 'vae-run'"
  "mime icon file|usr/share/icons/hicolor/scalable/mimetypes/application-x-vaestudio.svg||missing usr/share/icons"
  "malformed xml|$mime|s#</mime-info>##|mime: "
)
failures=0
for c in "${cases[@]}"; do
  IFS='|' read -r name file script expected <<<"$c"
  rm -rf "$tmp/bad"
  cp -al "$tmp/good" "$tmp/bad"  # hard links: sed -i and rm replace a file, never write through to the good tree
  if [ -z "$script" ]; then rm "$tmp/bad/$file"; else sed -i "$script" "$tmp/bad/$file"; fi
  cmp -s "$tmp/good/$file" "$tmp/bad/$file" && { echo "self-test: '$name' changed nothing"; failures=$((failures + 1)); continue; }
  if out=$(bash "$check" "$tmp/bad" "$src" 2>&1); then
    echo "self-test: '$name' passed the check"; failures=$((failures + 1))
  elif [[ "$out" != *"$expected"* ]]; then
    echo "self-test: '$name' failed without '$expected': $(echo "$out" | head -1)"; failures=$((failures + 1))
  fi
done

# A missing validator fails the check (CI installs it; skipping would hide a broken desktop file).
mkdir "$tmp/path"
cp -s /usr/bin/* "$tmp/path/" 2>/dev/null || true  # symlinks to every tool (a few are unreadable: skipped)
rm -f "$tmp/path/desktop-file-validate"
out=$(PATH="$tmp/path" bash "$check" "$tmp/good" "$src" 2>&1) && { echo "self-test: passed without desktop-file-validate"; failures=$((failures + 1)); }
[[ "$out" == *"desktop-file-validate not found"* ]] || { echo "self-test: no 'not found' line: $out"; failures=$((failures + 1)); }

((failures == 0)) || exit 1
echo "self-test ok: ${#cases[@]} planted mistakes and a missing validator each caught"
