#!/usr/bin/env bash
# The style and size gates of the README test command (scripts/test.sh runs each as a stage):
#   bash scripts/lint.sh format   clang-format --dry-run -Werror with the checked-in .clang-format
#   bash scripts/lint.sh tidy     clang-tidy with the checked-in .clang-tidy on src/core
#   bash scripts/lint.sh eslint   eslint (eslint.config.mjs) on web/ and ui/
#   bash scripts/lint.sh size     size budgets of the wasm, web/dist and the SDK total (gzip level 6)
#   bash scripts/lint.sh          all four
# Exits non-zero when a gate fails and prints what failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# Directories left out of the format gate (none: every C++ file is formatted).
FORMAT_EXCLUDED_DIRS=()
# clang-tidy runs on these sources (src/server joins with the list above).
TIDY_SOURCES_GLOB='src/core/*.cpp'

# Budgets in bytes, gzip level 6 (as ui/scripts/size.mjs measures the UI kit). Measured on
# 2026-12-03 (branch size13, after the size flags of docs/decisions.md "Size budgets": no
# exceptions, no RTTI, LTO, emmalloc, trimmed JS glue): openrtk.wasm 102,316, index.js 14,951,
# browser.js 14,958, SDK (wasm + index.js) 117,267. The budgets leave about 10 % (at least the
# 8 % asked for while device switching lands in parallel, ~2.5 KB of wasm).
# After merging device switching (issue 14) and RealtimeKit's surface for Cloudflare's UI kit
# (issue 13: permissions, participants, chat, features stubs): openrtk.wasm 103,452, index.js
# 20,428, browser.js 20,427, SDK 123,880. The JS budgets follow that (+10 %); the SDK total stays.
# Issue 13's target for the SDK is 60,000; the gate prints how far away it is.
# Host listen-in (issue 12, branch listen): main stood at SDK 128,919 (81 B under); listen-in's
# codecs, client mirror and SDK methods add about 2,000 B (wasm +1,672, index.js +339): SDK
# 130,930. The SDK budget moves to 131,500 for it (a visible decision, docs/decisions.md).
# Issue 13's size work, branch smalljson (2026-12-04, docs/decisions.md "Size budgets"): the wasm
# build's rtk::Json is rtk::SmallJson instead of nlohmann, JSON doubles are read by the engine's
# Number(), no iostreams in the SDK: openrtk.wasm 112,880 -> 94,492, index.js 21,109 -> 21,144,
# SDK 133,989 -> 115,636. The budgets are the measured figures + ~1 %.
# Both merged on main (with the large rooms below): budgets set at the merge, measured + ~1 %.
WASM_BUDGET=${RTK_WASM_BUDGET:-96500}             # web/dist/openrtk.wasm
WEB_INDEX_BUDGET=${RTK_WEB_INDEX_BUDGET:-22500}   # web/dist/index.js (ESM, with the Emscripten glue)
WEB_BROWSER_BUDGET=${RTK_WEB_BROWSER_BUDGET:-22500}  # web/dist/browser.js (IIFE)
# Issue 12's plans on the client (branch plans, 2026-12-04): openrtk.wasm +2,927 B gzip over main
# (108,243 -> 111,170; the PlansReply decode through its core codec alone is 1,351 B), index.js
# +161 B; SDK 132,030. Both merged (main, 2026-12-04): openrtk.wasm 112,880, index.js 21,109,
# SDK 133,989. The wasm budget moves 112,500 -> 114,000 and the SDK's 129,000 -> 135,000
# (docs/decisions.md, "Size budgets"); issue 13's size work is the way back down.
# Large rooms (issue 10, branch kslots, 2026-12-04): sfu.slots / participants.pin codecs, the
# client's track re-mapping and the SDK's slots, speaker and pins: openrtk.wasm 113,902 (+1,022),
# index.js 21,318 (+209), SDK 135,220. The wasm budget moves 114,000 -> 114,500 and the SDK's
# 135,000 -> 136,000 (docs/decisions.md, "Large rooms").
SDK_BUDGET=${RTK_SDK_BUDGET:-118000}              # openrtk.wasm + index.js, what an app downloads
SDK_TARGET=60000                                  # issue 13 (not a gate yet)

gate_format() {
  local exclude_re
  exclude_re="^($(IFS='|'; echo "${FORMAT_EXCLUDED_DIRS[*]}"))/"
  local files=()
  while IFS= read -r f; do files+=("$f"); done < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.cc' | grep -vE "$exclude_re")
  echo "clang-format: ${#files[@]} files (excluded: ${FORMAT_EXCLUDED_DIRS[*]})"
  clang-format --dry-run -Werror "${files[@]}"
}

gate_tidy() {
  local db=build/native
  if [ ! -f "$db/compile_commands.json" ]; then
    cmake --preset native >/dev/null || return 1
  fi
  local files=()
  # shellcheck disable=SC2206
  files=($TIDY_SOURCES_GLOB)
  echo "clang-tidy: ${#files[@]} files (${TIDY_SOURCES_GLOB})"
  printf '%s\n' "${files[@]}" | xargs -P 2 -n 1 clang-tidy -p "$db" --quiet 2>/dev/null | tee build/clang-tidy.log
  # clang-tidy exits non-zero on an error (WarningsAsErrors '*' in .clang-tidy); xargs reports 123.
  local rc=${PIPESTATUS[1]}
  if grep -qE "(warning|error):" build/clang-tidy.log; then rc=1; fi
  return "$rc"
}

gate_eslint() {
  [ -x node_modules/.bin/eslint ] || { echo "eslint missing: run bash scripts/setup.sh"; return 1; }
  node_modules/.bin/eslint --max-warnings=0 web ui && echo "eslint: web/ ui/ clean"
}

gate_size() {
  node --input-type=module - "$WASM_BUDGET" "$WEB_INDEX_BUDGET" "$WEB_BROWSER_BUDGET" "$SDK_BUDGET" "$SDK_TARGET" <<'JS'
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const [wasm, index, browser, sdk, target] = process.argv.slice(2).map(Number);
let failed = 0;
const sizes = {};
for (const [file, budget] of [['web/dist/openrtk.wasm', wasm], ['web/dist/index.js', index], ['web/dist/browser.js', browser]]) {
  if (!existsSync(file)) { console.error(`${file}: missing (build the wasm preset and web/ first)`); failed++; continue; }
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 6 }).length;
  sizes[file] = gz;
  const over = gz > budget;
  console.log(`${file}: ${raw.length} bytes, ${gz} bytes gzip level 6 (budget ${budget})${over ? ` OVER by ${gz - budget}` : ''}`);
  if (over) failed++;
}
const w = sizes['web/dist/openrtk.wasm'];
const i = sizes['web/dist/index.js'];
if (w !== undefined && i !== undefined) {
  const total = w + i;
  const over = total > sdk;
  console.log(`SDK (openrtk.wasm + index.js): ${total} bytes gzip level 6 (budget ${sdk})${over ? ` OVER by ${total - sdk}` : ''}; ` +
    `issue 13 target ${target}: ${total > target ? `${total - target} bytes to go` : 'reached'}`);
  if (over) failed++;
}
process.exit(failed ? 1 : 0);
JS
}

gates=("$@")
[ ${#gates[@]} -gt 0 ] || gates=(format tidy eslint size)
rc=0
for g in "${gates[@]}"; do
  case "$g" in
    format|tidy|eslint|size) "gate_$g" || { echo "lint: $g FAILED"; rc=1; } ;;
    *) echo "unknown gate $g (format, tidy, eslint, size)"; exit 2 ;;
  esac
done
exit "$rc"
