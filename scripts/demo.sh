#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds the server, SDK and UI, starts
# rtk-server with its SQLite store in ./var, creates a demo meeting with a host and two
# participants through the REST API, and prints their join links. Ctrl-C stops the server.
# Environment: RTK_PORT (default 8080), RTK_HOST (default 127.0.0.1), RTK_DATA_DIR (default ./var).
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

log="$DATA/server.log"
echo
echo "==== starting rtk-server on http://$HOST:$PORT (data in $DATA, log in $log) ===="
"$BIN" --host "$HOST" --port "$PORT" --data-dir "$DATA" --static-dir "$PWD/build/static" >"$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; exit 0' INT TERM

for _ in $(seq 1 100); do
  grep -q '"event":"listening"' "$log" 2>/dev/null && break
  kill -0 $server 2>/dev/null || { echo "rtk-server exited:"; cat "$log"; exit 1; }
  sleep 0.1
done
grep -q '"event":"listening"' "$log" || { echo "rtk-server did not start:"; cat "$log"; exit 1; }

API_KEY="${RTK_API_KEY:-$(cat "$DATA/api_key")}"
node scripts/demo-setup.mjs "http://$HOST:$PORT" "$API_KEY"
echo
echo "Server running (pid $server). Press Ctrl-C to stop."
wait $server
