#!/usr/bin/env node
// Load bench for rtk-server (protocol v2). For each size N in --sizes, in one run:
//   - starts a fresh rtk-server (limits raised by flags), creates one meeting, a host and N
//     participants over REST (tokens from the REST replies);
//   - connect storm: all N WebSockets at once, spread over --workers driver processes, until
//     every client holds its room.joined, its group view and every connected member of its room;
//   - --waves waves of: shuffle-start into R rooms, --moves single-participant moves, close,
//     each command timed from the host sending it to the last frame of its fan-out at any client;
//   - after every command every client is checked against the server's state (GET
//     connected-meetings): its room, the members it knows, its group view (lost, duplicated,
//     mis-roomed counts; exit status 1 when any is non-zero);
//   - server CPU and RSS from /proc/<pid> of the real rtk-server;
//   - baseline: bench_broadcast (bench/broadcast_baseline.cpp) with the same N+1 sockets, the
//     time for one small frame to reach all of them, and our move p99 as a multiple of it.
// Nothing is asserted about speed: the numbers are printed (docs: bench/load/README.md).
//
//   node bench/load/load.mjs [--sizes 100,300,1000] [--rooms auto|R] [--waves 3] [--moves 50]
//                            [--workers 2] [--server build/native/src/server/rtk-server]
//                            [--baseline build/native/bench/bench_broadcast] [--coalesce-ms M]
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Sim, now, truthOf, indexTruth, checkSim } from './sim.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,300,1000' },
    rooms: { type: 'string', default: 'auto' },
    waves: { type: 'string', default: '3' },
    moves: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    broadcasts: { type: 'string', default: '30' },
    server: { type: 'string', default: process.env.RTK_SERVER_BIN ?? 'build/native/src/server/rtk-server' },
    baseline: { type: 'string', default: process.env.RTK_BENCH_BROADCAST_BIN ?? 'build/native/bench/bench_broadcast' },
    'coalesce-ms': { type: 'string' },
    timeout: { type: 'string', default: '120000' },
  },
});
const SIZES = opt.sizes.split(',').map(Number);
const WAVES = Number(opt.waves), MOVES = Number(opt.moves), WORKERS = Math.max(1, Number(opt.workers));
const TIMEOUT = Number(opt.timeout);
const roomsFor = (n) => (opt.rooms === 'auto' ? Math.max(1, Math.min(100, Math.floor(n / 10))) : Number(opt.rooms));
const API_KEY = 'bench-load-key';
const VERBOSE = !!process.env.BENCH_VERBOSE;
const log = (...a) => { if (VERBOSE) console.error(`[${(now() / 1000).toFixed(3)}]`, ...a); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

// ---------- processes ----------
function startProcess(bin, args, name) {
  const proc = spawn(resolve(bin), args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const events = {};
  let buf = '';
  const port = new Promise((res, rej) => {
    proc.on('exit', (c, sig) => rej(new Error(`${name} exited (${c ?? sig}) before listening`)));
    proc.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.includes('"event":"listening"')) res(JSON.parse(line).port);
        for (const e of ['ws_slow_consumer', 'ws_frame_too_big', 'ws_refused', 'store_error', 'leave_failed', 'fatal'])
          if (line.includes(`"event":"${e}"`)) events[e] = (events[e] ?? 0) + 1;
      }
    });
  });
  proc.on('exit', (c, sig) => { proc.exitInfo = c ?? sig; });
  return { proc, port, events };
}
async function stopProcess(p) {
  if (p.proc.exitCode !== null || p.proc.signalCode !== null) return p.proc.exitInfo;
  const exited = new Promise((r) => p.proc.on('exit', (c, s) => r(c ?? s)));
  p.proc.kill('SIGTERM');
  const t = setTimeout(() => p.proc.kill('SIGKILL'), 5000);
  const r = await exited;
  clearTimeout(t);
  return r;
}
const CLK_TCK = 100;
function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = ((Number(f[11]) + Number(f[12])) / CLK_TCK) * 1000; // utime + stime, ms
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return { cpu, rssKb };
}

// ---------- driver workers ----------
class Worker {
  constructor(i) {
    this.i = i;
    this.child = fork(join(here, 'worker.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.queue = [];
    this.ready = new Promise((r) => { this.queue.push(r); });
    this.child.on('message', (m) => {
      this.cpuMs = m.cpuMs;
      const r = this.queue.shift();
      if (r) r(m);
    });
    this.child.on('exit', (c) => { if (!this.exiting) { console.error(`driver worker ${i} exited (${c})`); process.exit(2); } });
  }
  call(msg) {
    return new Promise((res, rej) => {
      this.queue.push((m) => (m.error ? rej(new Error(`worker ${this.i}: ${m.error}`)) : res(m)));
      this.child.send(msg);
    });
  }
}
let workers = [];
const all = (msg) => Promise.all(workers.map((w) => (typeof msg === 'function' ? w.call(msg(w)) : w.call(msg))));
const workerCpu = () => workers.map((w) => w.cpuMs);

// Driver CPU over a phase: per process (workers + this one), as ms and % of one core.
class DriverMeter {
  constructor() { this.t0 = now(); this.w0 = workerCpu(); this.m0 = cpuMs(); }
  stop() {
    const wall = now() - this.t0;
    const per = [...workerCpu().map((c, i) => c - this.w0[i]), cpuMs() - this.m0];
    return { wall, totalMs: per.reduce((a, b) => a + b, 0), busiestPct: (100 * Math.max(...per)) / wall };
  }
}

// ---------- REST ----------
let base = '';
async function api(method, path, body) {
  const r = await fetch(base + path, {
    method, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = await r.json();
  if (!j.success) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j.error)}`);
  return j.data;
}

function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const median = (xs) => percentile(xs, 50);

// ---------- one size ----------
async function runSize(N) {
  const ROOMS = roomsFor(N);
  const dataDir = mkdtempSync(join(tmpdir(), 'rtk-load-'));
  const serverArgs = ['--port', '0', '--data-dir', dataDir, '--api-key', API_KEY, '--rate-limit', '1000000',
    '--rate-burst', '1000000', '--max-participants', String(N + 10),
    // signalling load without media: no mesh room cap (docs/decisions.md, "Mesh room cap")
    '--mesh-max-room', '0'];
  if (opt['coalesce-ms'] !== undefined) serverArgs.push('--coalesce-ms', opt['coalesce-ms']);
  const server = startProcess(opt.server, serverArgs, 'rtk-server');
  base = `http://127.0.0.1:${await server.port}`;
  const pid = server.proc.pid;
  const R = { N, rooms: ROOMS, lat: { start: [], move: [], close: [] }, bytes: { start: [], move: [], close: [] } };
  const bad = { lost: 0, duplicated: 0, misroomed: 0, errors: 0 };
  try {
    // participants over REST, 32 requests in flight on keep-alive connections
    const tr = now();
    const meeting = await api('POST', '/v2/meetings', { title: `bench ${N}` });
    const hostP = await api('POST', `/v2/meetings/${meeting.id}/participants`, { name: 'Host', preset_name: 'group_call_host', custom_participant_id: 'host' });
    const people = new Array(N);
    let next = 0;
    await Promise.all(Array.from({ length: 32 }, async () => {
      while (next < N) {
        const i = next++;
        people[i] = await api('POST', `/v2/meetings/${meeting.id}/participants`, { name: `Participant ${i}`, preset_name: 'group_call_participant', custom_participant_id: `p${i}` });
      }
    }));
    R.restMs = now() - tr;
    log('participants created', R.restMs);
    const truthNow = async () => truthOf(await api('GET', `/v2/meetings/${meeting.id}/connected-meetings`));

    const host = new Sim(hostP.id, hostP.token);
    await host.open(base);
    for (const end = now() + 10000; !(host.view && host.room); ) { if (now() > end) throw new Error('host never joined'); await sleep(5); }
    await all((w) => ({ op: 'init', sims: people.filter((_, i) => i % WORKERS === w.i).map((p) => [p.id, p.token]) }));

    // Waits until every client (workers' and the host) reflects `truth`; returns the window's
    // bytes and the arrival of its last frame.
    const settle = async (truth, { only, deep = false, timeout = TIMEOUT } = {}) => {
      const rs = await all({ op: 'wait', truth, only, deep, timeout });
      const T = indexTruth(truth);
      for (const end = now() + timeout; ; await sleep(2)) {
        const h = checkSim(host, T, false);
        if ((!h.lost && !h.misroomed) || now() > end) break;
      }
      const h = checkSim(host, T, deep);
      const lost = rs.reduce((a, r) => a + r.lost, 0) + h.lost;
      const misroomed = rs.reduce((a, r) => a + r.misroomed, 0) + h.misroomed;
      bad.lost += lost;
      bad.misroomed += misroomed;
      if (lost || misroomed) console.error(`  check failed at version ${truth.version}: lost=${lost} misroomed=${misroomed} (clients not matching: ${rs.reduce((a, r) => a + r.missing, 0)})`);
      return { bytes: rs.reduce((a, r) => a + r.bytes, 0) + host.w.bytes, lastAt: Math.max(host.w.lastAt, ...rs.map((r) => r.lastAt)) };
    };
    const mark = async () => { await all({ op: 'mark' }); host.mark(); };

    // ---- connect storm ----
    const s0 = procStats(pid);
    await mark();
    const dm = new DriverMeter();
    const t0 = now();
    const opened = await all({ op: 'open', url: base, concurrency: 100000 });
    const failed = opened.reduce((a, r) => a + r.failed, 0);
    if (failed) throw new Error(`${failed} WebSockets failed to open; server events ${JSON.stringify(server.events)}`);
    let truth;
    for (const end = now() + TIMEOUT; ; await sleep(20)) {
      truth = await truthNow();
      if (truth.connected.length === N + 1) break;
      if (now() > end) throw new Error(`only ${truth.connected.length} of ${N + 1} connected`);
    }
    log('all connected on the server');
    const storm = await settle(truth, { deep: true });
    log('storm settled');
    R.stormMs = storm.lastAt - t0;
    R.stormBytes = storm.bytes;
    R.stormDriver = dm.stop();
    const s1 = procStats(pid);
    R.stormCpuMs = s1.cpu - s0.cpu;
    await sleep(1000);
    const s2 = procStats(pid);
    R.rssBeforeKb = s0.rssKb;
    R.rssIdleKb = s2.rssKb;

    // ---- waves ----
    const command = async (kind, type, data, onlyOf) => {
      await mark();
      const t = now();
      log(kind, 'sent');
      const r = await host.request(type, data, TIMEOUT);
      log(kind, 'replied', r.data?.version);
      if (r.error) throw new Error(`${type}: ${JSON.stringify(r.error)}`);
      const tr2 = await truthNow();
      if (tr2.version !== r.data.version) throw new Error(`${type}: reply version ${r.data.version}, server state ${tr2.version}`);
      const s = await settle(tr2, { only: onlyOf?.(tr2), deep: !onlyOf });
      R.lat[kind].push(s.lastAt - t);
      R.bytes[kind].push(s.bytes);
      return { reply: r.data, truth: tr2 };
    };
    let rng = 12345;
    const rand = (n) => { rng = (rng * 1103515245 + 12345) % 2147483648; return rng % n; };
    const wm = new DriverMeter();
    const w0 = procStats(pid);
    for (let w = 0; w < WAVES; w++) {
      const { reply, truth: ts } = await command('start', 'connected_meetings.start', {
        meetings: Array.from({ length: ROOMS }, (_, i) => ({ title: `Wave ${w} room ${i}` })),
        assignments: [{ participant_id: host.id, meeting_id: meeting.id }],
        shuffle: true, seed: w + 1,
      });
      const rooms = reply.meetings.map((m) => m.id);
      let where = new Map(ts.where);
      for (let k = 0; k < MOVES && rooms.length > 1; k++) {
        const p = people[rand(N)];
        const src = where.get(p.id);
        let dest = rooms[rand(rooms.length)];
        if (dest === src) dest = rooms[(rooms.indexOf(dest) + 1) % rooms.length];
        const { truth: tm } = await command('move', 'connected_meetings.move',
          { source_meeting_id: src, destination_meeting_id: dest, participant_ids: [p.id] },
          (t) => t.where.filter(([, m]) => m === src || m === dest).map(([id]) => id));
        where = new Map(tm.where);
      }
      await settle(await truthNow(), { deep: true }); // every client's whole view after the moves
      await command('close', 'connected_meetings.close', {});
    }
    R.wavesDriver = wm.stop();
    R.wavesCpuMs = procStats(pid).cpu - w0.cpu;
    R.rssAfterKb = procStats(pid).rssKb;

    // ---- counters every client kept ----
    const counters = {};
    for (const r of [...(await all({ op: 'counters' })).map((x) => x.bad), { ...host.bad, closed: host.closed ? 1 : 0 }])
      for (const [k, v] of Object.entries(r)) counters[k] = (counters[k] ?? 0) + v;
    bad.lost += counters.gap + counters.ended + counters.closed;
    bad.duplicated += counters.stale + counters.dupJoin + counters.unknownLeft + counters.dupRoomJoined + counters.badChunk;
    bad.misroomed += counters.wrongRoomEvent;
    bad.errors += counters.errors;
    R.counters = counters;
    R.bad = bad;
    R.serverEvents = server.events;
    await all({ op: 'close' });
    host.ws.close();
  } finally {
    const exit = await stopProcess(server);
    R.serverExit = exit;
    rmSync(dataDir, { recursive: true, force: true });
  }

  // ---- baseline: one small frame broadcast by bare Boost.Beast to the same N+1 sockets ----
  if (existsSync(resolve(opt.baseline))) {
    const b = startProcess(opt.baseline, ['--port', '0'], 'bench_broadcast');
    try {
      const url = `ws://127.0.0.1:${await b.port}/`;
      await all((w) => ({ op: 'init', sims: Array.from({ length: Math.ceil((N - w.i) / WORKERS) }, (_, k) => [`b${w.i}-${k}`, '']) }));
      await all({ op: 'open', url, raw: true, concurrency: 100000 });
      const ctl = new Sim('ctl', '');
      await ctl.open(url, true);
      const times = [];
      const filler = 'x'.repeat(150);
      for (let k = 1; k <= Number(opt.broadcasts); k++) {
        await all({ op: 'mark' });
        ctl.mark();
        const t = now();
        ctl.ws.send(`bcast:${String(k).padStart(8, '0')}${filler}`);
        const rs = await all({ op: 'wait', rawSeq: k, timeout: TIMEOUT });
        for (const end = now() + TIMEOUT; !(ctl.rawSeq >= k) && now() < end; ) await sleep(1);
        if (rs.some((r) => r.missing)) throw new Error('baseline broadcast lost frames');
        times.push(Math.max(ctl.w.lastAt, ...rs.map((r) => r.lastAt)) - t);
      }
      R.baseline = { p50: median(times), p99: percentile(times, 99) };
      await all({ op: 'close' });
      ctl.ws.close();
    } finally {
      await stopProcess(b);
    }
  }
  return R;
}

// ---------- report ----------
function report(results) {
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  const col = (xs) => xs.map((x) => String(x).padStart(18)).join('');
  const row = (name, fn) => console.log(name.padEnd(44) + col(results.map(fn)));
  console.log(`\nbench/load: rtk-server protocol v2, one group; ${WAVES} waves of (shuffle-start, ${MOVES} moves, close); ${WORKERS} driver processes; coalesce-ms ${opt['coalesce-ms'] ?? 'server default'}`);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared: wall-clock figures include other processes' CPU use)`);
  row('participants (+1 host)', (r) => r.N);
  row('breakout rooms', (r) => r.rooms);
  row('REST: create participants, ms', (r) => f(r.restMs, 0));
  row('connect storm, ms', (r) => f(r.stormMs, 0));
  row('storm bytes to all clients, MB', (r) => f(r.stormBytes / 1e6, 2));
  for (const k of ['start', 'move', 'close'])
    row(`${k} p50 / p99, ms`, (r) => `${f(median(r.lat[k]))} / ${f(percentile(r.lat[k], 99))}`);
  row('bytes per single move (median), KB', (r) => f(median(r.bytes.move) / 1e3, 2));
  row('bytes per start / close (median), MB', (r) => `${f(median(r.bytes.start) / 1e6, 2)} / ${f(median(r.bytes.close) / 1e6, 2)}`);
  row('server CPU in storm, ms per participant', (r) => f(r.stormCpuMs / r.N, 2));
  row('server CPU in waves, ms', (r) => f(r.wavesCpuMs, 0));
  row('server RSS idle connected, KB/participant', (r) => f((r.rssIdleKb - r.rssBeforeKb) / r.N, 1));
  row('server RSS total after storm / waves, MB', (r) => `${f(r.rssIdleKb / 1024)} / ${f(r.rssAfterKb / 1024)}`);
  row('baseline broadcast p50 / p99, ms', (r) => (r.baseline ? `${f(r.baseline.p50, 2)} / ${f(r.baseline.p99, 2)}` : 'n/a'));
  row('move p99 / baseline broadcast p99', (r) => (r.baseline ? `${f(percentile(r.lat.move, 99) / r.baseline.p99)}x` : 'n/a'));
  row('driver CPU storm: total ms / busiest %', (r) => `${f(r.stormDriver.totalMs, 0)} / ${f(r.stormDriver.busiestPct, 0)}%`);
  row('driver CPU waves: total ms / busiest %', (r) => `${f(r.wavesDriver.totalMs, 0)} / ${f(r.wavesDriver.busiestPct, 0)}%`);
  row('lost / duplicated / misroomed', (r) => `${r.bad.lost} / ${r.bad.duplicated} / ${r.bad.misroomed}`);
  row('error replies / server warnings', (r) => `${r.bad.errors} / ${Object.keys(r.serverEvents).length ? JSON.stringify(r.serverEvents) : 0}`);
  for (let i = 1; i < results.length; i++)
    for (let j = 0; j < i; j++) {
      const a = results[j], b = results[i];
      const rb = median(b.bytes.move) / median(a.bytes.move), rn = b.N / a.N;
      console.log(`bytes per move ${b.N}/${a.N}: x${f(rb, 2)} for N x${f(rn, 2)} (exponent ${f(Math.log(rb) / Math.log(rn), 2)}); storm bytes x${f(b.stormBytes / a.stormBytes, 1)} (exponent ${f(Math.log(b.stormBytes / a.stormBytes) / Math.log(rn), 2)})`);
    }
  for (const r of results)
    if (Object.values(r.counters).some((v) => v)) console.log(`client counters at ${r.N}: ${JSON.stringify(r.counters)}`);
  console.log(JSON.stringify(results.map((r) => ({
    participants: r.N, rooms: r.rooms, connect_storm_ms: r.stormMs, storm_bytes: r.stormBytes,
    p50_ms: Object.fromEntries(Object.entries(r.lat).map(([k, v]) => [k, median(v)])),
    p99_ms: Object.fromEntries(Object.entries(r.lat).map(([k, v]) => [k, percentile(v, 99)])),
    bytes_per_move: median(r.bytes.move), server_cpu_ms_per_participant_storm: r.stormCpuMs / r.N,
    rss_kb_per_participant: (r.rssIdleKb - r.rssBeforeKb) / r.N, baseline_ms: r.baseline ?? null,
    ...r.bad,
  }))));
}

async function main() {
  workers = Array.from({ length: WORKERS }, (_, i) => new Worker(i));
  await Promise.all(workers.map((w) => w.ready));
  const results = [];
  for (const n of SIZES) {
    console.error(`running ${n} participants...`);
    results.push(await runSize(n));
  }
  report(results);
  for (const w of workers) { w.exiting = true; w.child.send({ op: 'exit' }); }
  const bad = results.some((r) => r.bad.lost + r.bad.duplicated + r.bad.misroomed + r.bad.errors > 0);
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  for (const w of workers) { w.exiting = true; w.child.kill('SIGKILL'); }
  process.exit(2);
});
