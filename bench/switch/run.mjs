// Room-switch benchmark for @openrtk/client in Chromium against the real rtk-server.
// Prints numbers; asserts nothing.
//   node bench/switch/run.mjs            (N=6 switches; env N, RTK_SERVER_BIN, RTK_CLIENT_DIST)
// Measures, in the same run:
//   - switch latency: from the host's move command to the moved participant's first decoded
//     frame from its new peer, and for the kept pair the longest gap between decoded frames;
//   - baseline: a bare RTCPeerConnection setup between two pages (offer to first decoded frame,
//     signalling relayed through node), and the ratio switch / baseline;
//   - size: gzip bytes of openrtk.wasm + browser.js beside RealtimeKit's 157,783;
//   - time from init() to roomJoined.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { distDir, launchBrowser, openPage, startServer } from '../../tests/e2e/client/harness.mjs';
import { baseline } from './baseline.mjs';

const N = Number(process.env.N || 6);
const now = (page) => page.evaluate(() => performance.timeOrigin + performance.now());
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const fmt = (a) => !a.length ? 'n/a' : `median ${median(a).toFixed(1)} ms (min ${Math.min(...a).toFixed(1)}, max ${Math.max(...a).toFixed(1)}, n=${a.length})`;

// In-page probe: polls getStats of every open peer connection every `every` ms and records the
// first time frames were decoded on each new connection and every increment on `keptPeer`.
const PROBE = `
window.P = {
  start(keptPeer, every) {
    P.running = true; P.first = {}; P.kept = []; P.seen = new Set(T.meeting.__internals__.peers());
    P.keptPc = T.meeting.__internals__.peerConnection(keptPeer);
    (async () => {
      while (P.running) {
        const t = performance.timeOrigin + performance.now();
        const m = T.meeting;
        for (const id of m.__internals__.peers()) {
          if (P.seen.has(id) || P.first[id]) continue;
          const pc = m.__internals__.peerConnection(id);
          const s = await pc.getStats();
          let f = 0; s.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') f += r.framesDecoded || 0; });
          if (f > 0) P.first[id] = t;
        }
        const s = await P.keptPc.getStats();
        let f = 0, fc = 0, fd = 0, ts = t;
        s.forEach((r) => { if (r.type === 'inbound-rtp' && r.kind === 'video') { f += r.framesDecoded || 0; fc += r.freezeCount || 0; fd += r.totalFreezesDuration || 0; ts = performance.timeOrigin + (r.timestamp - performance.timeOrigin); } });
        // [stats timestamp, framesDecoded, freezeCount, totalFreezesDuration s]
        P.kept.push([ts, f, fc, fd]);
        await new Promise((r) => setTimeout(r, every));
      }
    })();
  },
  stop() { P.running = false; return { first: P.first, kept: P.kept, same: P.keptPc === T.meeting.__internals__.peerConnection(P.keptPeer) }; },
};`;

function keptGap(samples, t0) {
  // longest interval between two increments of framesDecoded after t0 (and the typical one before)
  const incs = [];
  for (let i = 1; i < samples.length; i++) if (samples[i][1] > samples[i - 1][1]) incs.push(samples[i][0]);
  const after = incs.filter((t) => t >= t0 - 200);
  let gap = 0;
  for (let i = 1; i < after.length; i++) gap = Math.max(gap, after[i] - after[i - 1]);
  const beforeIncs = incs.filter((t) => t < t0 - 50);
  const d = [];
  for (let i = 1; i < beforeIncs.length; i++) d.push(beforeIncs[i] - beforeIncs[i - 1]);
  const at = samples.find((s) => s[0] >= t0) || samples[0];
  const end = samples.at(-1);
  return { gap, typical: median(d), freezes: end[2] - at[2], freezeMs: (end[3] - at[3]) * 1000 };
}

async function main() {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    // ---- size ----
    const dist = distDir();
    const gz = (f) => gzipSync(readFileSync(join(dist, f)), { level: 6 }).length;
    const wasmGz = gz('openrtk.wasm');
    const iifeGz = gz('browser.js');
    const esmGz = gz('index.js');
    console.log('size (gzip -6):');
    console.log(`  openrtk.wasm ${wasmGz} B + browser.js ${iifeGz} B = ${wasmGz + iifeGz} B  (ESM index.js ${esmGz} B)`);
    console.log(`  RealtimeKit 2.0.2 dist/browser.js: 157783 B  -> ratio ${((wasmGz + iifeGz) / 157783).toFixed(2)}`);

    // ---- init() -> roomJoined ----
    const m = await server.meeting('Bench', [
      ['H', 'group_call_host'], ['A', 'group_call_participant'], ['K', 'group_call_participant'], ['X', 'group_call_participant'],
    ]);
    const pages = {};
    const joinTimes = [];
    for (const name of ['H', 'A', 'K', 'X']) {
      pages[name] = await openPage(browser, server);
      const t = await pages[name].page.evaluate(async (token) => {
        const t0 = performance.now();
        const meeting = await RealtimeKitClient.init({ authToken: token });
        const tInit = performance.now();
        const joined = new Promise((r) => meeting.self.once('roomJoined', () => r(performance.now())));
        T.first = meeting; T.bind(meeting);
        await meeting.join();
        return { init: tInit - t0, roomJoined: (await joined) - t0 };
      }, m.people[name].token);
      joinTimes.push(t);
    }
    console.log('init() -> roomJoined (fresh page, wasm cached after the first):');
    for (const [i, t] of joinTimes.entries())
      console.log(`  page ${i + 1}: init() resolved ${t.init.toFixed(1)} ms, roomJoined ${t.roomJoined.toFixed(1)} ms`);

    // X waits in room 1; H, A, K in the parent.
    const { H, A, K, X } = pages;
    const room = (await H.page.evaluate(() => T.call('connectedMeetings.createMeetings', [{ title: 'Room 1' }]))).value[0].id;
    await H.page.evaluate(([p, r, x]) => T.call('connectedMeetings.moveParticipants', p, r, [x]), [m.id, room, m.people.X.id]);
    await X.page.waitForFunction((r) => T.meeting.meta.meetingId === r, room);
    await A.page.waitForFunction(() => T.meeting.__internals__.peers().length === 2);
    await A.page.evaluate((k) => T.waitFramesRising([k]), m.people.K.id);
    await A.page.evaluate(PROBE);

    const latency = [];
    const gaps = [];
    const typical = [];
    const freezes = [];
    const freezeMs = [];
    let kept = 0;
    let missed = 0;
    let here = m.id;
    for (let i = 0; i < N; i++) {
      const dest = here === m.id ? room : m.id;
      const newPeer = dest === room ? m.people.X.id : m.people.H.id;
      await A.page.evaluate((k) => { P.keptPeer = k; P.start(k, 30); }, m.people.K.id);
      await new Promise((r) => setTimeout(r, 2000));
      const t0 = await now(H.page);
      await H.page.evaluate(([s, d, ids]) => T.call('connectedMeetings.moveParticipants', s, d, ids), [here, dest, [m.people.A.id, m.people.K.id]]);
      await A.page.waitForFunction((p) => P.first[p] !== undefined, newPeer, { timeout: 30000 }).catch(() => {});
      await new Promise((r) => setTimeout(r, 500));
      const r = await A.page.evaluate(() => P.stop());
      if (r.first[newPeer]) latency.push(r.first[newPeer] - t0);
      else missed++;
      const g = keptGap(r.kept, t0);
      gaps.push(g.gap);
      freezes.push(g.freezes);
      freezeMs.push(g.freezeMs);
      typical.push(g.typical);
      if (r.same) kept++;
      here = dest;
    }
    console.log(`switch (host move -> moved participant's first decoded frame from the new peer): ${fmt(latency)}; no frame within 30 s: ${missed}/${N}`);
    console.log(`kept pair: same RTCPeerConnection in ${kept}/${N} switches`);
    console.log(`  longest gap between decoded-frame increments (stats timestamps, polled every 30 ms) during a switch: ${fmt(gaps)}; typical before: ${median(typical).toFixed(1)} ms`);
    console.log(`  Chromium freezes on the kept pair during a switch window: count per switch ${JSON.stringify(freezes)}, duration ms ${JSON.stringify(freezeMs.map((x) => Math.round(x)))}`);

    for (const p of Object.values(pages)) await p.context.close();
    const base = await baseline(browser, server, N);
    console.log(`baseline (bare RTCPeerConnection, offer -> first decoded frame, node-relayed signalling): ${fmt(base)}`);
    console.log(`ratio switch/baseline (medians): ${(median(latency) / median(base)).toFixed(2)}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
