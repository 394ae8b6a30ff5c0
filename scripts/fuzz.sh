#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a bounded time each and fails on a crash.
#   bash scripts/fuzz.sh [--seconds N] [--no-build] [target...]   (default 60 s per target)
# Builds the fuzz targets in the native-asan build (clang-14, ASan+UBSan, libFuzzer coverage;
# a no-op when scripts/test.sh already built that preset), starts each target
# from a copy of tests/fuzz/corpus/<target> plus tests/fuzz/regressions/<target> (the copy in
# build/fuzz/work/ grows; the checked-in seeds do not change), and prints per target the
# executions per second and the edges covered (libFuzzer's cov:). A crasher is written to
# build/fuzz/crashes/<target>/: fix the bug, then keep the input in tests/fuzz/regressions/<target>/.
# Two targets run at a time (RTK_FUZZ_JOBS), one core each.
# Ends with "fuzz: N passed, N failed" (one per target).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=60
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --seconds=*) seconds=${1#*=}; shift ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(frame client_frames client_session preset jwt rest)

bin_dir=build/native-asan/tests/fuzz
work=build/fuzz/work
mkdir -p build/fuzz "$work"
if [ "$build" -eq 1 ]; then
  if ! { cmake --preset native-asan && cmake --build --preset fuzz; } >build/fuzz/build.log 2>&1; then
    tail -30 build/fuzz/build.log
    echo "fuzz: 0 passed, ${#targets[@]} failed (build)"
    exit 1
  fi
fi

# One target: runs it and writes its table row (and, on failure, why) to build/fuzz/<t>.result;
# the first word of the file is ok or FAILED.
run_target() {
  local t=$1 bin="$bin_dir/fuzz_$1" out="build/fuzz/$1.result"
  if [ ! -x "$bin" ]; then
    printf 'FAILED %-14s %s\n' "$t" "missing binary $bin" >"$out"
    return
  fi
  mkdir -p "$work/$t" "build/fuzz/crashes/$t"
  cp -n tests/fuzz/corpus/"$t"/* "$work/$t/" 2>/dev/null || true
  # client_session starts from the server frames of client_frames too (its CMake CORPUS).
  [ "$t" = client_session ] && cp -n tests/fuzz/corpus/client_frames/* "$work/$t/" 2>/dev/null
  local dirs=("$work/$t")
  [ -d "tests/fuzz/regressions/$t" ] && dirs+=("tests/fuzz/regressions/$t")
  local log="build/fuzz/$t.log"
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/crashes/$t/" "${dirs[@]}" >"$log" 2>&1
  local rc=$?
  local stats cov ft execs result=ok
  stats=$(grep -E "^#[0-9]+.*cov: [0-9]+" "$log" | tail -1)
  cov=$(echo "$stats" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(echo "$stats" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  execs=$(grep -E "^stat::average_exec_per_sec:" "$log" | awk '{print $2}')
  [ -n "$execs" ] || execs=$(echo "$stats" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
  [ "$rc" -eq 0 ] || result="FAILED (exit $rc, log $log)"
  {
    printf '%s %-14s %10s %8s %8s %s\n' "${result%% *}" "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$result"
    [ "$rc" -eq 0 ] || grep -E "ERROR:|runtime error|fuzz invariant|Test unit written|SUMMARY" "$log" | head -8
  } >"$out"
}

# Each libFuzzer process uses one core: run RTK_FUZZ_JOBS (default 2) targets at a time.
jobs_max=${RTK_FUZZ_JOBS:-2}
for t in "${targets[@]}"; do rm -f "build/fuzz/$t.result"; done  # never a stale ok
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  run_target "$t" &
done
wait

pass=0
fail=0
printf '%-14s %10s %8s %8s %s\n' target "exec/s" "cov" "ft" result
for t in "${targets[@]}"; do
  out="build/fuzz/$t.result"
  if [ -f "$out" ] && [ "$(head -c 2 "$out")" = "ok" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
  if [ -f "$out" ]; then sed -E '1s/^[A-Za-z]+ //' "$out"; else printf '%-14s %s\n' "$t" "no result"; fi
done
echo "fuzz: $pass passed, $fail failed (${seconds} s per target)"
[ "$fail" -eq 0 ]
