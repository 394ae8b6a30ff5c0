// Mesh and SFU side by side (issue 10, "Measured"): for 2, 4 and 6 participants, in one run on
// this machine, the host's move (REST) -> the moved participant's first decoded frame from a new
// peer, the longest gap in the decoded frames of a kept feed through the switch, and the CPU of
// Janus and of Chromium (all its processes, divided by the pages); beside them a bare
// RTCPeerConnection setup between two pages, and the ratios. Prints; asserts nothing.
//   bash scripts/netns.sh node bench/switch/sfu.mjs      (RUNS=3 switches per case; SIZES=2,4,6)
// Needs the netns (Janus never gathers candidates on loopback): see scripts/netns.sh.
// Layout for N: ceil(N/2) pages in the parent (the mover A, and K who moves with it when N >= 4),
// the others in room 1 (X among them). Each switch moves A (and K) into room 1, where X is the
// new peer; then back, unmeasured.
import { readdirSync, readFileSync } from 'node:fs';

import { launchBrowser, startServer, waitFor } from '../../tests/e2e/client/harness.mjs';
import { openSfuPage, startJanus, startSfuServer } from '../../tests/e2e/sfu/harness.mjs';
import { baseline } from './baseline.mjs';

const RUNS = Number(process.env.RUNS || 3);
const SIZES = (process.env.SIZES || '2,4,6,12').split(',').map(Number);  // mesh only up to its room cap, 6
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (a) => {
  const s = a.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const cpuOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;  // ms (USER_HZ 100)
  } catch { return 0; }
};
const rssKb = (pid) => {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]); } catch { return NaN; }
};
const chromiumCpu = () => {
  let ms = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('chrom')) ms += cpuOf(d);
    } catch { /* gone */ }
  }
  return ms;
};

// In the page: decoded video frames of one participant per inbound-rtp entry (mesh: its own
// PeerConnection; sfu: the subscriber m-lines the SDK maps to it), and of all entries.
const PROBE = () => {
  window.SP = {
    async stats() {
      const i = window.T.meeting.__internals__;
      const media = typeof i.media === 'function' ? i.media() : null;
      const out = {};  // key -> {pid, frames}
      if (media && media.mode === 'sfu') {
        const pc = i.peerConnection('~subscriber');
        if (!pc) return out;
        const byMid = {};
        for (const s of media.streams) if (s.kind === 'video' && s.active) byMid[s.mid] = s.participantId;
        (await pc.getStats()).forEach((r) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') out[r.id] = { pid: byMid[r.mid], frames: r.framesDecoded || 0 };
        });
      } else {
        for (const pid of i.peers()) {
          const pc = i.peerConnection(pid);
          if (!pc) continue;
          (await pc.getStats()).forEach((r) => {
            if (r.type === 'inbound-rtp' && r.kind === 'video') out[`${pc.__n}:${r.id}`] = { pid, frames: r.framesDecoded || 0 };
          });
        }
      }
      return out;
    },
    // Polls until `newPid` decodes a frame on an entry that did not have it before; records the
    // frame increments of `keptPid` meanwhile.
    async watch(newPid, keptPid, t0, ms) {
      const before = await SP.stats();
      const incs = [];
      let keptLast = -1, first = NaN;
      const end = t0 + ms;
      while (performance.timeOrigin + performance.now() < end) {
        const t = performance.timeOrigin + performance.now();
        const s = await SP.stats();
        if (!Number.isFinite(first))
          for (const [k, v] of Object.entries(s)) if (v.pid === newPid && v.frames > (before[k]?.frames || 0)) first = t;
        if (keptPid) {
          let f = 0;
          for (const v of Object.values(s)) if (v.pid === keptPid) f += v.frames;
          if (f > keptLast) { if (keptLast >= 0) incs.push(t); keptLast = f; }
        }
        if (Number.isFinite(first) && t > first + 1500) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      let gap = 0;
      for (let k = 1; k < incs.length; k++) gap = Math.max(gap, incs[k] - incs[k - 1]);
      return { first, gap: keptPid ? gap : NaN };
    },
  };
};

async function runCase(browser, mode, n) {
  let janus = null;
  const server = mode === 'sfu' ? await startSfuServer((janus = await startJanus())) : await startServer({ extraArgs: ['--media', 'mesh'] });
  const janusRss0 = janus ? rssKb(janus.pid()) : NaN;
  const inParent = Math.ceil(n / 2);
  const names = Array.from({ length: n }, (_, i) => (i === 0 ? 'A' : i === 1 && n >= 4 ? 'K' : i < inParent ? `P${i}` : i === inParent ? 'X' : `R${i}`));
  const m = await server.meeting(`bench ${mode} ${n}`, names.map((nm) => [nm, 'group_call_participant']));
  const id = (nm) => m.people[nm].id;
  const room = (await server.api('POST', `/v2/meetings/${m.id}/connected-meetings`, { meetings: [{ title: 'Room 1' }] })).json.data.meetings[0].id;
  const move = (from, to, who) => server.api('POST', `/v2/meetings/${m.id}/connected-meetings/move`,
    { source_meeting_id: from, destination_meeting_id: to, participant_ids: who.map(id) });
  await move(m.id, room, names.slice(inParent));
  const pages = {};
  for (const nm of names) {
    pages[nm] = await openSfuPage(browser, server);
    await pages[nm].page.evaluate(PROBE);
    await pages[nm].page.evaluate((tok) => window.T.init(tok), m.people[nm].token);
  }
  const A = pages.A.page;
  const kept = n >= 4 ? id('K') : null;
  if (kept) {
    await waitFor(async () => Object.values(await A.evaluate(() => SP.stats())).some((v) => v.pid === kept && v.frames > 10),
      { timeout: 60000, every: 250, what: `A decodes K (${mode} ${n})` });
  }
  await sleep(1500);
  const movers = kept ? ['A', 'K'] : ['A'];
  const out = { first: [], gap: [], missed: 0 };
  // Janus's memory with everyone publishing and subscribed: per publisher and per subscribed
  // stream (each page takes audio and, up to --video-slots 9, video of every other page of its
  // meeting: the parent and room 1).
  out.janusRssMb = janus ? (rssKb(janus.pid()) - janusRss0) / 1024 : NaN;
  out.streams = [inParent, n - inParent].reduce((a, k) => a + k * (k - 1) + k * Math.min(k - 1, 9), 0);
  const cpu0 = { janus: janus ? cpuOf(janus.pid()) : 0, chromium: chromiumCpu(), t: Date.now() };
  for (let r = 0; r < RUNS; r++) {
    const t0 = await A.evaluate(() => performance.timeOrigin + performance.now());
    const watching = A.evaluate(([x, k, t, ms]) => SP.watch(x, k, t, ms), [id('X'), kept, t0, 15000]);
    const res = await move(m.id, room, movers);
    if (res.status !== 200) throw new Error(`move: ${res.text}`);
    const w = await watching;
    if (Number.isFinite(w.first)) out.first.push(w.first - t0);
    else out.missed++;
    if (kept) out.gap.push(w.gap);
    await move(room, m.id, movers);
    await sleep(2500);
  }
  const secs = (Date.now() - cpu0.t) / 1000;
  out.janusCpu = janus ? (cpuOf(janus.pid()) - cpu0.janus) / secs / 10 : NaN;  // % of one core
  out.chromiumCpuPerPage = (chromiumCpu() - cpu0.chromium) / secs / 10 / n;
  for (const p of Object.values(pages)) await p.context.close();
  await server.stop();
  if (janus) await janus.stop();
  return out;
}

const browser = await launchBrowser();
try {
  const rows = [];
  for (const n of SIZES) for (const mode of n > 6 ? ['sfu'] : ['mesh', 'sfu']) rows.push({ n, mode, ...(await runCase(browser, mode, n)) });
  const base = await (async () => {
    const s = await startServer();
    try { return await baseline(browser, s, RUNS + 2); } finally { await s.stop(); }
  })();
  const b = median(base);
  console.log(`bench/switch/sfu: ${RUNS} switches per case; machine load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  console.log(`baseline: bare RTCPeerConnection setup, offer -> first decoded frame: median ${f1(b)} ms (n=${base.length})`);
  console.log('participants  mode  new peer first frame ms (median)  ratio to bare  kept feed longest gap ms  Janus CPU %core  Chromium CPU %core/page  Janus RSS MB (per publisher / per subscribed stream, KB)  no frame');
  for (const r of rows) {
    const fm = median(r.first);
    console.log(`${String(r.n).padStart(12)}  ${r.mode.padEnd(4)}  ${f1(fm).padStart(31)}  ${f1(fm / b).padStart(13)}  ${f1(median(r.gap)).padStart(24)}  ${f1(r.janusCpu).padStart(15)}  ${f1(r.chromiumCpuPerPage).padStart(23)}  ${`${f1(r.janusRssMb)} (${f1((r.janusRssMb * 1024) / r.n)} / ${f1((r.janusRssMb * 1024) / r.streams)})`.padStart(56)}  ${r.missed}/${RUNS}`);
  }
  console.log(JSON.stringify({ baseline_ms: base, rows }));
} finally {
  await browser.close();
}
