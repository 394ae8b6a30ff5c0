#!/usr/bin/env bash
# Writes a Janus 1.1.x configuration into a directory and runs Janus in the foreground with it
# (only the VideoRoom plugin and the WebSocket transport; the API bound to --api-ip).
#   bash scripts/janus.sh --dir DIR [--media-ip IP] [--media-iface IFACE] [--api-ip 127.0.0.1]
#        [--ws-port 8188] [--api-secret S] [--admin-key K] [--rtp-ports 20000-40000] [--write-only]
# IP defaults to $RTK_MEDIA_IP, else the machine's primary address; IFACE to the interface
# holding it. Janus never gathers candidates on a loopback interface (docs/decisions.md).
set -euo pipefail
dir="" media_ip="${RTK_MEDIA_IP:-}" iface="${RTK_MEDIA_IFACE:-}" api_ip="127.0.0.1" ws_port=8188
api_secret="${RTK_JANUS_API_SECRET:-}" admin_key="${RTK_JANUS_ADMIN_KEY:-}" rtp_ports="20000-40000" write_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --media-ip) media_ip=$2; shift 2 ;;
    --media-iface) iface=$2; shift 2 ;;
    --api-ip) api_ip=$2; shift 2 ;;
    --ws-port) ws_port=$2; shift 2 ;;
    --api-secret) api_secret=$2; shift 2 ;;
    --admin-key) admin_key=$2; shift 2 ;;
    --rtp-ports) rtp_ports=$2; shift 2 ;;
    --write-only) write_only=1; shift ;;
    *) echo "janus.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$dir" ] || { echo "janus.sh: --dir is required" >&2; exit 2; }
command -v janus >/dev/null || { echo "janus.sh: janus is not installed (bash scripts/setup.sh)" >&2; exit 1; }
if [ -z "$media_ip" ]; then
  media_ip=$(ip -o -4 route get 1.1.1.1 2>/dev/null | sed -nE 's/.* src ([0-9.]+).*/\1/p' | head -1)
fi
[ -n "$media_ip" ] || { echo "janus.sh: no non-loopback address for media (set RTK_MEDIA_IP)" >&2; exit 1; }
if [ -z "$iface" ]; then
  iface=$(ip -o -4 addr show | awk -v ip="$media_ip" '{split($4, a, "/"); if (a[1] == ip) print $2}' | head -1)
fi
[ -n "$iface" ] || { echo "janus.sh: no interface holds $media_ip" >&2; exit 1; }
[ "$iface" != "lo" ] || { echo "janus.sh: $media_ip is on lo: Janus gathers no candidates on loopback" >&2; exit 1; }

lib=/usr/lib/x86_64-linux-gnu/janus
[ -d "$lib" ] || lib=$(dirname "$(dirname "$(find /usr/lib -name libjanus_videoroom.so -print -quit)")")
others() {  # every .so of a folder but the kept one, comma-separated
  find "$lib/$1" -maxdepth 1 -name '*.so' -printf '%f\n' | grep -vx "$2" | sort | paste -sd, -
}
mkdir -p "$dir"
cat >"$dir/janus.jcfg" <<JCFG
general: {
  configs_folder = "$dir"
  plugins_folder = "$lib/plugins"
  transports_folder = "$lib/transports"
  events_folder = "$lib/events"
  loggers_folder = "$lib/loggers"
  debug_level = 4
  api_secret = "$api_secret"
  admin_secret = "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  session_timeout = 60
  server_name = "openrtk-janus"
  # Recordings (rtk-server --recordings-dir): written as .mjr.tmp and renamed to .mjr when
  # closed, so rtk-server's processing knows when Janus is done with a file.
  recordings_tmp_ext = "tmp"
}
certificates: {
}
media: {
  rtp_port_range = "$rtp_ports"
}
nat: {
  nice_debug = false
  ignore_mdns = true
  ice_enforce_list = "$iface"
}
plugins: {
  disable = "$(others plugins libjanus_videoroom.so)"
}
transports: {
  disable = "$(others transports libjanus_websockets.so)"
}
loggers: {
  disable = "$(others loggers none)"
}
events: {
}
JCFG
[ -n "$api_secret" ] || sed -i '/api_secret = ""/d' "$dir/janus.jcfg"
cat >"$dir/janus.transport.websockets.jcfg" <<JCFG
general: {
  json = "plain"
  ws = true
  ws_port = $ws_port
  ws_ip = "$api_ip"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
JCFG
cat >"$dir/janus.plugin.videoroom.jcfg" <<JCFG
general: {
  string_ids = true
$( [ -n "$admin_key" ] && echo "  admin_key = \"$admin_key\"" )
}
JCFG
echo "janus.sh: config in $dir (media $media_ip on $iface, API ws://$api_ip:$ws_port)"
[ "$write_only" -eq 1 ] && exit 0
exec janus -F "$dir" -L "$dir/janus.log" -o -N --interface "$media_ip"
