#!/usr/bin/env bash
# The flaky hunt of issue 16: runs the browser suites (the "browser e2e" stage of
# scripts/test.sh, and with --sfu the SFU stage) several times in a row, optionally with one
# core kept busy, and prints one line per run (passed, failed, seconds, load average) and the
# names of the tests that failed. Needs a built tree (bash scripts/build.sh).
#   bash scripts/flaky-hunt.sh [--runs 5] [--busy-core] [--sfu]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=5
busy=0
sfu=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --busy-core) busy=1; shift ;;
    --sfu) sfu=1; shift ;;
    *) echo "usage: $0 [--runs N] [--busy-core] [--sfu]" >&2; exit 2 ;;
  esac
done
export NODE_PATH=/usr/share/nodejs
export RTK_SERVER_BIN="${RTK_SERVER_BIN:-$PWD/build/native/src/server/rtk-server}"
export RTK_STATIC_DIR="${RTK_STATIC_DIR:-$PWD/build/static}"
log_dir=build/flaky-hunt
mkdir -p "$log_dir"
burner=
if [ "$busy" = 1 ]; then
  node -e 'for (;;) {}' &
  burner=$!
  trap 'kill $burner 2>/dev/null' EXIT
fi
mapfile -t dirs < <(find tests/e2e -mindepth 1 -maxdepth 1 -type d ! -name sfu | sort)
mapfile -t files < <(find "${dirs[@]}" -name '*.test.mjs' | sort)
total_fail=0
for i in $(seq 1 "$runs"); do
  start=$SECONDS
  log="$log_dir/run-$i.log"
  node --test --test-reporter=tap --test-concurrency=1 "${files[@]}" >"$log" 2>&1
  if [ "$sfu" = 1 ]; then
    bash scripts/netns.sh node --test --test-reporter=tap --test-concurrency=1 tests/e2e/sfu/*.test.mjs >"$log.sfu" 2>&1
    cat "$log.sfu" >>"$log"
  fi
  pass=$(grep -E "^# pass [0-9]+" "$log" | awk '{s += $3} END {print s + 0}')
  fail=$(grep -E "^# fail [0-9]+" "$log" | awk '{s += $3} END {print s + 0}')
  total_fail=$((total_fail + fail))
  echo "run $i: $pass passed, $fail failed, $((SECONDS - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "^ *not ok" "$log" | sed 's/^/  /' || true
done
echo "flaky hunt: $runs runs, $total_fail failures (logs in $log_dir)"
[ "$total_fail" -eq 0 ]
