#!/usr/bin/env bash
# Runs a command inside a fresh network namespace whose only interfaces are lo and a veth
# holding 127.0.0.2/32, and always deletes the namespace afterwards. Janus never gathers ICE
# candidates on a loopback interface, so SFU tests run rtk-server, Janus and Chromium in here:
# Janus offers 127.0.0.2 on the veth and every packet stays on 127/8
# (docs/decisions.md, "SFU tests in a network namespace").
#   bash scripts/netns.sh <command> [args...]      (needs root: ip netns)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/netns.sh <command> [args...]" >&2; exit 2; }
command -v ip >/dev/null || { echo "netns.sh: the ip command (iproute2) is missing" >&2; exit 1; }
name="rtk-$$-${RANDOM}"
cleanup() { ip netns del "$name" 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$name"
ip netns exec "$name" sh -c '
  ip link set lo up
  ip link add v0 type veth peer name v1
  ip link set v0 up
  ip link set v1 up
  ip addr add 127.0.0.2/32 dev v0
  sysctl -qw net.ipv6.conf.all.disable_ipv6=1
'
set +e
ip netns exec "$name" env RTK_MEDIA_IP=127.0.0.2 RTK_MEDIA_IFACE=v0 "$@"
rc=$?
set -e
exit "$rc"
