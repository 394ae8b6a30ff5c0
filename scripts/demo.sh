#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds the server, SDK and UI, starts
# rtk-server with its SQLite store in ./var, creates a demo meeting with a host and two
# participants through the REST API, and prints their join links. Ctrl-C stops the server.
# Environment: RTK_PORT (default 8080), RTK_HOST (default 127.0.0.1), RTK_DATA_DIR (default ./var),
# RTK_MEDIA (sfu when Janus can run here, else mesh), RTK_MEDIA_IP (the address Janus offers:
# default the machine's primary address; a real deployment sets its public one).
# Media: Janus (SFU) is configured in $DATA/janus and started beside rtk-server; on a machine with
# only loopback Janus cannot gather candidates, so the demo says so and falls back to mesh. To
# run it all in a network namespace: bash scripts/netns.sh bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

PORT="${RTK_PORT:-8080}"
HOST="${RTK_HOST:-127.0.0.1}"
DATA="${RTK_DATA_DIR:-$PWD/var}"
BIN="$PWD/build/native/src/server/rtk-server"
mkdir -p "$DATA"

if [ ! -x "$BIN" ]; then
  echo "rtk-server was not built ($BIN missing)." >&2
  exit 1
fi

MEDIA="${RTK_MEDIA:-}"
media_args=()
janus=""
if [ "$MEDIA" != "mesh" ]; then
  media_ip="${RTK_MEDIA_IP:-$(ip -o -4 route get 1.1.1.1 2>/dev/null | sed -nE 's/.* src ([0-9.]+).*/\1/p' | head -1)}"
  if [ -z "$media_ip" ]; then
    media_ip=$(ip -o -4 addr show 2>/dev/null | awk '$2 != "lo" {split($4, a, "/"); print a[1]; exit}')
  fi
  if [ -z "$media_ip" ] || ! command -v janus >/dev/null; then
    echo
    echo "!!!! SFU unavailable: $( [ -z "$media_ip" ] && echo "this machine has only loopback, and Janus gathers no ICE candidates on loopback" || echo "janus is not installed" )."
    echo "!!!! Falling back to --media mesh (rooms of at most 6). For the SFU on such a machine run the demo in a"
    echo "!!!! network namespace: bash scripts/netns.sh bash scripts/demo.sh"
    MEDIA=mesh
  else
    secret_file="$DATA/janus_api_secret"
    [ -f "$secret_file" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$secret_file"
    [ -f "$DATA/janus_admin_key" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DATA/janus_admin_key"
    echo
    echo "==== starting Janus (media on $media_ip; config and log in $DATA/janus) ===="
    RTK_MEDIA_IP="$media_ip" bash scripts/janus.sh --dir "$DATA/janus" --api-secret "$(cat "$secret_file")" \
      --admin-key "$(cat "$DATA/janus_admin_key")" >"$DATA/janus.out" 2>&1 &
    janus=$!
    for _ in $(seq 1 100); do
      (exec 3<>/dev/tcp/127.0.0.1/8188) 2>/dev/null && break
      kill -0 $janus 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 $janus 2>/dev/null; then
      MEDIA=sfu
      media_args=(--media sfu --janus-url ws://127.0.0.1:8188 --janus-api-secret "$(cat "$secret_file")"
        --janus-admin-key "$(cat "$DATA/janus_admin_key")")
    else
      echo "!!!! Janus did not start ($(tail -3 "$DATA/janus.out" | tr '\n' ' ')); falling back to --media mesh"
      MEDIA=mesh
      janus=""
    fi
  fi
fi
[ "$MEDIA" = "mesh" ] && media_args=(--media mesh)

log="$DATA/server.log"
echo
echo "==== starting rtk-server on http://$HOST:$PORT, media $MEDIA (data in $DATA, log in $log) ===="
"$BIN" --host "$HOST" --port "$PORT" --data-dir "$DATA" --static-dir "$PWD/build/static" "${media_args[@]}" >"$log" 2>&1 &
server=$!
stop_all() {
  kill -TERM $server 2>/dev/null
  wait $server 2>/dev/null
  if [ -n "$janus" ]; then
    kill -TERM $janus 2>/dev/null
    wait $janus 2>/dev/null
  fi
}
trap 'stop_all; exit 0' INT TERM

for _ in $(seq 1 100); do
  grep -q '"event":"listening"' "$log" 2>/dev/null && break
  kill -0 $server 2>/dev/null || { echo "rtk-server exited:"; cat "$log"; exit 1; }
  sleep 0.1
done
grep -q '"event":"listening"' "$log" || { echo "rtk-server did not start:"; cat "$log"; exit 1; }

API_KEY="${RTK_API_KEY:-$(cat "$DATA/api_key")}"
node scripts/demo-setup.mjs "http://$HOST:$PORT" "$API_KEY"
echo
echo "Server running (pid $server, media $MEDIA$( [ -n "$janus" ] && echo ", Janus pid $janus" )). Press Ctrl-C to stop."
wait $server
stop_all
