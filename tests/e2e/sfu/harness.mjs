// Harness of the SFU browser tests: Janus (scripts/janus.sh) and rtk-server --media sfu, both
// inside the network namespace scripts/netns.sh made (RTK_MEDIA_IP=127.0.0.2 on a veth: Janus
// never gathers candidates on loopback), and Chromium pages that count their
// RTCPeerConnections and read per-participant framesDecoded off the subscriber PC.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openPage, startServer, waitFor } from '../client/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const API_SECRET = 'sfu-e2e-api-secret';
export const ADMIN_KEY = 'sfu-e2e-admin-key';

async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitPort(port, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise((r) => {
      const c = connect(port, '127.0.0.1', () => { c.end(); r(true); });
      c.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
}

export async function startJanus() {
  if (!process.env.RTK_MEDIA_IP)
    throw new Error('the SFU tests run inside a network namespace: bash scripts/netns.sh node --test tests/e2e/sfu/');
  const dir = mkdtempSync(join(tmpdir(), 'rtk-janus-'));
  const port = await freePort();
  let proc;
  let exited;
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  // janus.sh writes the configs and execs janus: proc is Janus itself.
  const launch = async () => {
    proc = spawn('bash', [join(root, 'scripts/janus.sh'), '--dir', dir, '--ws-port', String(port),
      '--api-secret', API_SECRET, '--admin-key', ADMIN_KEY, '--rtp-ports', '40000-44000'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
    try {
      await Promise.race([waitPort(port, 15000), exited.then((e) => { throw new Error(`janus exited ${JSON.stringify(e)}: ${out}`); })]);
    } catch (e) {
      proc.kill('SIGKILL');
      throw e;
    }
  };
  await launch();
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    log: () => (existsSync(join(dir, 'janus.log')) ? readFileSync(join(dir, 'janus.log'), 'utf8') : ''),
    pid: () => proc.pid,
    // kill -9 (no goodbye to anyone), then the same Janus again on the same port.
    async kill9() {
      if (alive()) proc.kill('SIGKILL');
      await exited;
    },
    async start() {
      if (!alive()) await launch();
    },
    async stop() {
      if (alive()) proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (alive()) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// coturn (Debian's `turnserver`) on 127.0.0.2 inside the namespace, with the TURN REST
// credentials scheme rtk-server's --turn-secret speaks (use-auth-secret, static-auth-secret).
// Loopback peers must be allowed: Janus's candidates are on 127.0.0.2.
export async function startTurn(secret) {
  if (!process.env.RTK_MEDIA_IP) throw new Error('the TURN test runs inside scripts/netns.sh');
  const dir = mkdtempSync(join(tmpdir(), 'rtk-turn-'));
  const port = await freePort();
  const proc = spawn('turnserver', ['-n', '--listening-ip=127.0.0.2', '--relay-ip=127.0.0.2', `--listening-port=${port}`,
    '--min-port=46000', '--max-port=46999', '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=openrtk',
    '--allow-loopback-peers', '--no-cli', '--no-tls', '--no-dtls', '--fingerprint', '--no-software-attribute',
    '--log-file=stdout', '--simple-log', '--verbose', `--userdb=${join(dir, 'turndb')}`, `--pidfile=${join(dir, 'turn.pid')}`],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  await waitFor(() => out.includes('Total General servers') || out.includes('relay ports initialized') || proc.exitCode !== null,
    { timeout: 15000, every: 100, what: 'coturn starts' });
  if (proc.exitCode !== null) throw new Error(`turnserver exited ${proc.exitCode}: ${out}`);
  return {
    url: `turn:127.0.0.2:${port}?transport=udp`,
    log: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startSfuServer(janus, extraArgs = [], staticFiles = {}) {
  return startServer({
    extraArgs: ['--media', 'sfu', '--janus-url', janus.url, '--janus-api-secret', API_SECRET,
      '--janus-admin-key', ADMIN_KEY, '--ice-servers', 'stun:127.0.0.2:3478', ...extraArgs],
    static: staticFiles,
  });
}

// Janus, rtk-server --media sfu on it and Chromium, each stopped when the test `t` ends.
// `extraArgs`: more rtk-server flags (e.g. --recordings-dir); `staticFiles`: more files to serve
// (startServer's `static`).
export async function startSfuStack(t, { extraArgs = [], staticFiles = {} } = {}) {
  const janus = await startJanus();
  t.after(() => janus.stop());
  const server = await startSfuServer(janus, extraArgs, staticFiles);
  t.after(() => server.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  return { janus, server, browser };
}

// Counts every RTCPeerConnection the page makes and reads, per participant, the framesDecoded
// of the video the subscriber PC receives for it (m-line mid -> participant from the SDK).
export const SFU_INIT = () => {
  const Orig = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function RTCPeerConnection(...a) {
    const pc = new Orig(...a);
    pc.__n = window.__pcs.length;
    window.__pcs.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Orig.prototype;
  window.sfu = {
    pcs() {
      return window.__pcs.map((pc) => ({ n: pc.__n, state: pc.connectionState, signaling: pc.signalingState }));
    },
    media() { return window.T.meeting.__internals__.media(); },
    iceServers() {
      const pc = window.T.meeting.__internals__.peerConnection('~publisher');
      return pc ? pc.getConfiguration().iceServers : null;
    },
    async frames() {
      const m = window.T.meeting.__internals__.media();
      const pc = window.T.meeting.__internals__.peerConnection('~subscriber');
      const out = {};
      if (!pc || !m) return out;
      const byMid = {};
      for (const s of m.streams) if (s.kind === 'video') byMid[s.mid] = s.active ? s.participantId : null;
      const stats = await pc.getStats();
      stats.forEach((r) => {
        // a reused m-line gets a new SSRC: sum its inbound-rtp entries (the old one stands still)
        if (r.type === 'inbound-rtp' && r.kind === 'video' && byMid[r.mid]) out[byMid[r.mid]] = (out[byMid[r.mid]] || 0) + (r.framesDecoded || 0);
      });
      return out;
    },
  };
};

// A page with the UI kit's <rtk-meeting> on the SDK (served at /vendor/openrtk/v1 and /ui), the
// meeting on window.meeting, an init error on window.initError.
export function uiKitPage(title) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>html,body{margin:0;height:100%}</style></head><body><rtk-meeting id="m" mode="fill"></rtk-meeting>
<script type="module">
import RealtimeKitClient from '/vendor/openrtk/v1/index.js';
import '/ui/index.js';
const token = new URLSearchParams(location.hash.slice(1)).get('token');
try {
  const meeting = await RealtimeKitClient.init({ authToken: token, defaults: { audio: true, video: true } });
  window.meeting = meeting;
  document.getElementById('m').meeting = meeting;
} catch (e) { window.initError = e.code + ': ' + e.message; }
</script></body></html>`;
}

export function openSfuPage(browser, server) {
  return openPage(browser, server, { init: SFU_INIT });
}

// One SFU page per name of meeting `m` (server.meeting's answer), each joined with its token.
export async function joinSfuPages(browser, server, m, names) {
  const pages = [];
  for (const n of names) {
    const p = await openSfuPage(browser, server);
    pages.push(p);
    await p.page.evaluate((tok) => window.T.init(tok), m.people[n].token);
  }
  return pages;
}

const sorted = (a) => [...a].sort();

// Waits until every page decodes a rising video from exactly `want[i]` (participant ids) and
// from nobody else; on timeout the error carries `dump()`.
export async function decodeExactly(pages, want, what, dump) {
  const first = [];
  for (const p of pages) first.push(await p.page.evaluate(() => window.sfu.frames()));
  await waitFor(async () => {
    for (const [i, p] of pages.entries()) {
      const media = await p.page.evaluate(() => window.sfu.media());
      if (JSON.stringify(media.feeds) !== JSON.stringify(sorted(want[i]))) return false;
      const f = await p.page.evaluate(() => window.sfu.frames());
      for (const pid of want[i]) if (!(f[pid] > (first[i][pid] || 0) + 3)) return false;
      if (Object.keys(f).some((pid) => !want[i].includes(pid))) return false;
    }
    return true;
  }, { timeout: 120000, every: 500, what }).catch(async (e) => { throw new Error(e.message + '\n' + (await dump())); });
}
