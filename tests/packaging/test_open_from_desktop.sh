#!/usr/bin/env bash
# A double-click on a .vaestudio run opens it: the installed desktop entry's Exec line, with %f expanded to
# the file as a file manager does, starts the installed vae-studio, which opens that run. Seen from outside
# through the settings file: a run that opened is the first of the recent files.
# Usage: test_open_from_desktop.sh BUILD_DIR
set -euo pipefail
build=$(readlink -f "$1")
tmp=$(mktemp -d)
pid=""  # the GUI, ended on exit ("|| true": under set -e its 143 would end the trap before the rm)
trap '[ -z "$pid" ] || { kill "$pid"; wait "$pid" || true; } 2>/dev/null; rm -rf "$tmp"' EXIT
# Start-up plus reading a small run on a busy 2-core machine.
open_timeout_s=90

cmake --install "$build" --prefix "$tmp/usr" >/dev/null
export PATH="$tmp/usr/bin:$PATH" QT_QPA_PLATFORM=offscreen OMP_NUM_THREADS=1
# Settings, autosaves and caches of this run only, never the user's.
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
       XDG_RUNTIME_DIR="$tmp/runtime"
mkdir -p "$HOME"
mkdir -m 700 "$XDG_RUNTIME_DIR"

run="$tmp/my runs/double-clicked.vaestudio"  # a space, as in real paths: %f passes it as one argument
mkdir -p "$(dirname "$run")"
vae-studio train --data shapes:28:200 --epochs 1 --batch 64 --latent 2 --threads 1 --out "$run" >/dev/null 2>&1 \
  || { echo "open: could not train the run to open"; exit 1; }

exec_line=$(sed -n 's/^Exec=//p' "$tmp/usr/share/applications/vae-studio.desktop")
[[ "$exec_line" == *" %f" ]] || { echo "open: Exec '$exec_line' does not end in %f"; exit 1; }
read -r -a argv <<<"${exec_line% %f}"
"${argv[@]}" "$run" >"$tmp/gui.log" 2>&1 &
pid=$!

for _ in $(seq $((open_timeout_s * 10))); do
  conf=$(find "$XDG_CONFIG_HOME" -name '*.conf' 2>/dev/null | head -1 || true)  # none until the app writes it
  if [ -n "$conf" ] && grep -qF "$run" "$conf"; then
    echo "open ok: ${argv[*]} '$run' opened the run (recent files in ${conf#"$tmp"/})"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "open: vae-studio exited before opening the run: $(head -1 "$tmp/gui.log")"; exit 1; }
  sleep 0.1
done
echo "open: the run was not opened within ${open_timeout_s} s: $(head -1 "$tmp/gui.log")"
exit 1
