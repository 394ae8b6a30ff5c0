#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test suite:
# the native, native-asan and wasm presets (ctest), then the server integration tests, the
# JS unit tests and the browser tests (node's test runner, real Chromium). Exits non-zero on
# any failure and ends with one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
export CI="${CI:-}"

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

total_pass=0
total_fail=0
failed_stages=()
stage_start=$SECONDS  # each stage's duration is printed with its result (record)
log_dir=build/test-logs
mkdir -p "$log_dir"

record() {  # stage pass fail
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
  if [ "$3" -gt 0 ]; then failed_stages+=("$1"); fi
  echo "---- $1: $2 passed, $3 failed ($((SECONDS - stage_start)) s; $SECONDS s since start)"
  stage_start=$SECONDS
}

ctest_preset() {
  local preset=$1
  echo; echo "==== preset $preset: configure, build, test ===="
  local log="$log_dir/ctest-$preset.log"
  if ! { cmake --preset "$preset" && cmake --build --preset "$preset"; } >"$log-build" 2>&1; then
    tail -40 "$log-build"
    record "build $preset" 0 1
    return
  fi
  ctest --preset "$preset" 2>&1 | tee "$log" | grep -E "tests passed|\*\*\*|Timeout" || true
  local line total failed
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$log" | tail -1)
  if [ -z "$line" ]; then
    record "ctest $preset" 0 1
    return
  fi
  failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/')
  total=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\2/')
  record "ctest $preset" $((total - failed)) "$failed"
}

# node's test runner over files/dirs, in two halves so that a suite can run in the background
# beside another stage: node_suite_start launches it (sets suite_pid; a no-op when there are no
# files), node_suite_report waits for it and records its counts.
node_suite_start() {  # name, then test files/dirs
  local name=$1
  shift
  suite_files=()
  suite_pid=""
  for f in "$@"; do
    if [ -d "$f" ]; then
      while IFS= read -r x; do suite_files+=("$x"); done < <(find "$f" -name '*.test.mjs' | sort)
    elif [ -f "$f" ]; then
      suite_files+=("$f")
    fi
  done
  [ ${#suite_files[@]} -gt 0 ] || return 0
  echo; echo "==== $name (${#suite_files[@]} files) ===="
  local log="$log_dir/node-${name// /-}.log"
  local runner=()
  [ -n "${NODE_SUITE_RUNNER:-}" ] && read -r -a runner <<<"$NODE_SUITE_RUNNER"
  "${runner[@]}" node --test --test-reporter=tap --test-concurrency=1 "${suite_files[@]}" >"$log" 2>&1 &
  suite_pid=$!
}

node_suite_report() {  # name, pid (from node_suite_start)
  local name=$1 pid=$2
  [ -n "$pid" ] || return 0
  local log="$log_dir/node-${name// /-}.log"
  wait "$pid"
  local rc=$?
  [ -n "${3:-}" ] && echo && echo "==== $name (ran beside the previous stage) ===="
  grep -E "^# (Subtest|pass|fail)|^not ok" "$log" | grep -vE "^# Subtest" | tail -40 || true
  # The error block (TAP YAML) of the first failures, so a CI log says why, not only what.
  awk '/^ *not ok /{n++; show = (n <= 3)} show {print; if (++k > 60) exit} /^ *\.\.\.$/{show = 0}' "$log" |
    grep -vE "^ *(duration_ms|type|location|failureType|code):" || true
  local pass fail skip
  pass=$(grep -E "^# pass [0-9]+" "$log" | tail -1 | awk '{print $3}')
  fail=$(grep -E "^# fail [0-9]+" "$log" | tail -1 | awk '{print $3}')
  skip=$(grep -E "^# (skipped|cancelled|todo) [0-9]+" "$log" | awk '{s += $3} END {print s + 0}')
  pass=${pass:-0}
  fail=${fail:-0}
  skip=${skip:-0}
  # Everything is built before these suites run, so a skipped test is a missing part: count it
  # as failed rather than letting it pass silently.
  if [ "$skip" -gt 0 ]; then
    echo "($skip skipped, cancelled or todo tests counted as failed:)"
    grep -E "# (SKIP|TODO)|^not ok" "$log" | head -10
    fail=$((fail + skip))
  fi
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
    echo "(node exited $rc)"; tail -30 "$log"
    fail=1
  fi
  record "$name" "$pass" "$fail"
}

node_suite() {  # name, then test files/dirs: in the foreground
  node_suite_start "$@"
  node_suite_report "$1" "$suite_pid"
}

gate() {  # stage name, then the command; one pass or one failure
  local name=$1
  shift
  echo; echo "==== $name ===="
  local log="$log_dir/${name// /-}.log"
  if "$@" >"$log" 2>&1; then
    tail -5 "$log"
    record "$name" 1 0
  else
    tail -30 "$log"
    record "$name" 0 1
  fi
}

ctest_preset native
ctest_preset native-asan
ctest_preset wasm

# Style gates (scripts/lint.sh; clang-tidy reads build/native/compile_commands.json).
gate "clang-format" bash scripts/lint.sh format
gate "clang-tidy" bash scripts/lint.sh tidy
gate "eslint" bash scripts/lint.sh eslint

# The faults under load (tests/server/faults-*.test.mjs) against the native-asan server, on one
# core beside the fuzzers on the other (RTK_FUZZ_JOBS=1: the fuzzers run for a fixed time, so
# they cost the same wall time either way). The native server runs them again in the server
# integration stage below, whose figures are the ones the notes quote.
asan_faults=(tests/server/faults-*.test.mjs)
RTK_SERVER_BIN="$PWD/build/native-asan/src/server/rtk-server" RTK_SERVER_SANITIZED=1 \
  node_suite_start "faults under native-asan" "${asan_faults[@]}"
asan_faults_pid=$suite_pid

# Fuzzing: every libFuzzer target for a bounded time (RTK_FUZZ_SECONDS, default 20 s each;
# the longer run is `bash scripts/fuzz.sh --seconds 600`). One result per target.
echo; echo "==== fuzz (${RTK_FUZZ_SECONDS:-20} s per target) ===="
RTK_FUZZ_JOBS=1 bash scripts/fuzz.sh --seconds "${RTK_FUZZ_SECONDS:-20}" 2>&1 | tee "$log_dir/fuzz.log" | grep -vE "^fuzz: " || true
fuzz_line=$(grep -E "^fuzz: [0-9]+ passed, [0-9]+ failed" "$log_dir/fuzz.log" | tail -1)
if [ -n "$fuzz_line" ]; then
  record "fuzz" "$(echo "$fuzz_line" | awk '{print $2}')" "$(echo "$fuzz_line" | awk '{print $4}')"
else
  tail -20 "$log_dir/fuzz.log"
  record "fuzz" 0 1
fi
node_suite_report "faults under native-asan" "$asan_faults_pid" beside

# JS packages and static files for the server and browser tests.
if ! bash scripts/build.sh --no-native --no-wasm >"$log_dir/build-js.log" 2>&1; then
  tail -40 "$log_dir/build-js.log"
  record "build js" 0 1
fi

export RTK_SERVER_BIN="$PWD/build/native/src/server/rtk-server"
export RTK_STATIC_DIR="$PWD/build/static"
node_suite "server integration" tests/server
node_suite "js packages" web/test ui/test ui/react/test ui/angular/test dashboard/test
for tsproject in web/test/types ui/test/types; do
  if [ -f "$tsproject/tsconfig.json" ]; then
    if node_modules/.bin/tsc -p "$tsproject" --noEmit >"$log_dir/tsc-${tsproject//\//-}.log" 2>&1; then
      record "tsc $tsproject" 1 0
    else
      cat "$log_dir/tsc-${tsproject//\//-}.log" | tail -20
      record "tsc $tsproject" 0 1
    fi
  fi
done
# tests/e2e/sfu needs Janus in a network namespace: its own stage below.
mapfile -t e2e_dirs < <(find tests/e2e -mindepth 1 -maxdepth 1 -type d ! -name sfu | sort)
node_suite "browser e2e" "${e2e_dirs[@]}"
# SFU browser tests: rtk-server, Janus and Chromium inside a network namespace with a veth
# holding 127.0.0.2/32 (Janus gathers no candidates on loopback), deleted afterwards.
NODE_SUITE_RUNNER="bash scripts/netns.sh" node_suite "browser e2e sfu" tests/e2e/sfu
gate "wasm and web-dist size budget" bash scripts/lint.sh size
[ -f ui/scripts/size.mjs ] && { node ui/scripts/size.mjs && record "ui size budget" 1 0 || record "ui size budget" 0 1; }

echo
if [ ${#failed_stages[@]} -gt 0 ]; then
  echo "Failed stages: ${failed_stages[*]} (logs in $log_dir)"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
