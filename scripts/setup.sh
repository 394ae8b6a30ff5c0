#!/usr/bin/env bash
# Installs everything OpenRTK needs on Debian 12, idempotently: Debian packages (only when
# one is missing), then the npm packages of the workspace (only when package-lock.json changed).
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libgtest-dev libbenchmark-dev
  nlohmann-json3-dev libboost-dev libboost-system-dev libsqlite3-dev libssl-dev
  emscripten node-acorn
  clang-14 libclang-rt-14-dev clang-format clang-tidy
  chromium
  procps
  e2fsprogs  # mkfs.ext4 and chattr for the read-only data dir test (tests/server/faults-store)
  janus janus-tools iproute2 ffmpeg
  coturn  # turnserver for the relay-only call test (tests/e2e/sfu/turn.test.mjs)
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "[setup] Debian packages: all present"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "[setup] node $node_major is too old; OpenRTK needs node >= 18 (20 recommended)" >&2
  exit 1
fi

# npm: every package-lock.json of the workspace (root, dashboard, examples, wrappers),
# reinstalled only when its lock file changed since the last install. The dashboard
# (dashboard/package-lock.json: lit, esbuild) is installed here like the others.
while IFS= read -r lock; do
  dir=$(dirname "$lock")
  stamp="$dir/node_modules/.openrtk-lock.sha256"
  want=$(sha256sum "$lock" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "[setup] npm ci in $dir"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  else
    echo "[setup] npm packages in $dir: up to date"
  fi
done < <(find . -name package-lock.json -not -path '*/node_modules/*' -not -path './build/*' | sort)
