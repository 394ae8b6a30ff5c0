// A driver process of bench/load: holds a slice of the simulated participants and answers the
// coordinator (load.mjs) over the fork IPC channel. Every reply carries this process's CPU
// time so the coordinator can show that the driver is not the bottleneck.
import { Sim, idle, now, indexTruth, checkSim } from './sim.mjs';

let sims = [];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const reply = (m) => process.send({ ...m, cpuMs: cpu() });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function windowStats() {
  let bytes = 0, frames = 0, lastAt = 0;
  for (const s of sims) {
    bytes += s.w.bytes;
    frames += s.w.frames;
    if (s.w.lastAt > lastAt) lastAt = s.w.lastAt;
  }
  return { bytes, frames, lastAt };
}

function badCounters() {
  const out = {};
  for (const s of sims) for (const [k, v] of Object.entries(s.bad)) out[k] = (out[k] ?? 0) + v;
  out.closed = sims.filter((s) => s.closed).length;
  return out;
}

async function open({ url, raw, concurrency }) {
  let failed = 0, next = 0;
  const t0 = now();
  const lane = async () => {
    while (next < sims.length) {
      const s = sims[next++];
      try { await s.open(url, raw); } catch { failed++; }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, sims.length) }, lane));
  return { failed, openMs: now() - t0 };
}

// Waits until every sim reflects the server state `truth` (or received raw frame `rawSeq`).
// `only`: participant ids whose room and members are checked (all when absent).
async function wait({ truth, rawSeq, only, deep, timeout }) {
  const end = now() + timeout;
  const T = truth ? indexTruth(truth) : null;
  const onlySet = only ? new Set(only) : null;
  const subset = onlySet ? sims.filter((s) => onlySet.has(s.id)) : sims;
  for (;;) {
    let ok = true;
    if (rawSeq !== undefined) ok = sims.every((s) => s.rawSeq >= rawSeq);
    else if (!idle() || sims.some((s) => !s.view || s.view.version < T.version || s.parts.state || s.parts.delta || s.parts['room.joined'])) ok = false;
    else for (const s of subset) { const r = checkSim(s, T, false); if (r.lost || r.misroomed) { ok = false; break; } }
    if (ok || now() > end) {
      const res = { ok, ...windowStats(), lost: 0, misroomed: 0, missing: 0 };
      if (rawSeq !== undefined) res.missing = sims.filter((s) => !(s.rawSeq >= rawSeq)).length;
      else for (const s of deep ? sims : subset) {
        const r = checkSim(s, T, deep);
        res.lost += r.lost;
        res.misroomed += r.misroomed;
        if (r.lost || r.misroomed) res.missing++;
      }
      return res;
    }
    await sleep(idle() ? 3 : 1);
  }
}

process.on('message', async (m) => {
  try {
    switch (m.op) {
      case 'init':
        for (const s of sims) s.ws?.terminate();
        sims = m.sims.map(([id, token]) => new Sim(id, token));
        return reply({ op: m.op });
      case 'open':
        return reply({ op: m.op, ...(await open(m)) });
      case 'mark':
        for (const s of sims) s.mark();
        return reply({ op: m.op });
      case 'wait':
        return reply({ op: m.op, ...(await wait(m)) });
      case 'counters':
        return reply({ op: m.op, bad: badCounters() });
      case 'close':
        for (const s of sims) s.ws?.close();
        await sleep(50);
        for (const s of sims) s.ws?.terminate();
        sims = [];
        return reply({ op: m.op });
      case 'exit':
        process.exit(0);
    }
  } catch (e) {
    reply({ op: m.op, error: String(e?.stack ?? e) });
  }
});
process.send({ op: 'ready', cpuMs: cpu() });
