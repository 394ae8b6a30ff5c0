#!/usr/bin/env bash
# Builds what the demo and the browser tests serve: the native preset (rtk-server), the wasm
# preset (core tests + the SDK's wasm), the JS packages, and stages them in build/static/.
# Usage: scripts/build.sh [--no-native] [--no-wasm]
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs

want_native=1
want_wasm=1
for a in "$@"; do
  case "$a" in
    --no-native) want_native=0 ;;
    --no-wasm) want_wasm=0 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done

step() { echo; echo "==== $* ===="; }

if [ $want_native = 1 ]; then
  step "build preset native"
  cmake --preset native >/dev/null
  cmake --build --preset native
fi
if [ $want_wasm = 1 ]; then
  step "build preset wasm"
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm
fi

export RTK_WASM_DIR="$PWD/build/wasm/wasm"
# JS packages in dependency order: the SDK, the UI kit, the framework wrappers, the dashboard,
# the examples.
for pkg in web ui ui/react ui/angular dashboard examples/*; do
  if [ -f "$pkg/package.json" ] && node -e "process.exit(require('./$pkg/package.json').scripts?.build ? 0 : 1)"; then
    step "build $pkg"
    npm run --silent --prefix "$pkg" build
  fi
done

step "stage build/static"
rm -rf build/static
mkdir -p build/static
[ -d web/dist ] && cp -r web/dist build/static/sdk
[ -d ui/dist ] && cp -r ui/dist build/static/ui
# /dashboard: served from here with --static-dir build/static, or from dashboard/dist with
# --dashboard-dir.
[ -d dashboard/dist ] && cp -r dashboard/dist build/static/dashboard
if [ -d examples ]; then
  for ex in examples/*/; do
    name=$(basename "$ex")
    if [ -d "$ex/dist" ]; then
      cp -r "$ex/dist" "build/static/$name"
    elif [ -f "$ex/index.html" ]; then
      cp -r "$ex" "build/static/$name"
    fi
  done
fi
[ -f examples/index.html ] && cp examples/index.html build/static/index.html
ls build/static
