#!/usr/bin/env node
// Load driver for rtk-server: N simulated WebSocket participants over loopback spread over
// one parent meeting and R breakout rooms, driven by a host through waves of
// shuffle-start, single-participant moves and close. Prints p50/p99 latency from a command
// to the last participant's event of its fan-out, moves per second, server CPU and RSS per
// participant (from /proc), and counts lost, duplicated and mis-roomed participants.
//
//   node bench/load/load.mjs [--participants 500] [--rooms 100] [--waves 3] [--moves 50]
//                            [--server build/native/src/server/rtk-server] [--url http://host:port --api-key K]
//
// By default it starts its own rtk-server (RTK_SERVER_BIN or --server) on an ephemeral port
// with a fresh data dir and a raised per-connection rate limit (the host is one connection
// that sends every command; the default 20/s would measure the limiter, not the server).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values: opt } = parseArgs({
  options: {
    participants: { type: 'string', default: '500' },
    rooms: { type: 'string', default: '100' },
    waves: { type: 'string', default: '3' },
    moves: { type: 'string', default: '50' },
    server: { type: 'string', default: process.env.RTK_SERVER_BIN ?? 'build/native/src/server/rtk-server' },
    url: { type: 'string' },
    'api-key': { type: 'string', default: 'load-test-key' },
    timeout: { type: 'string', default: '30000' },
  },
});
const N = Number(opt.participants), ROOMS = Number(opt.rooms), WAVES = Number(opt.waves), MOVES = Number(opt.moves);
const TIMEOUT = Number(opt.timeout);
const API_KEY = opt['api-key'];

// ---------- server process ----------
let proc = null, dataDir = null, base = opt.url;
const serverEvents = {};
async function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), 'rtk-load-'));
  proc = spawn(resolve(opt.server), ['--port', '0', '--data-dir', dataDir, '--api-key', API_KEY,
    '--rate-limit', '100000', '--rate-burst', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  const port = await new Promise((res, rej) => {
    proc.on('exit', (c) => rej(new Error(`rtk-server exited (${c})`)));
    proc.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.includes('"event":"listening"')) res(JSON.parse(line).port);
        for (const e of ['ws_close', 'ws_slow_consumer', 'ws_refused', 'store_error'])
          if (line.includes(`"event":"${e}"`)) serverEvents[e] = (serverEvents[e] ?? 0) + 1;
      }
      if (buf.length > 1 << 20) buf = '';
    });
  });
  base = `http://127.0.0.1:${port}`;
}
const clkTck = 100; // sysconf(_SC_CLK_TCK) on Linux
function procStats() {
  if (!proc) return null;
  const stat = readFileSync(`/proc/${proc.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(f[11]) + Number(f[12])) / clkTck; // utime + stime, seconds
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) * 1024;
  return { cpu, rss };
}

// ---------- REST ----------
async function api(method, path, body) {
  const r = await fetch(base + path, {
    method, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const j = await r.json();
  if (!j.success) throw new Error(`${method} ${path}: ${JSON.stringify(j.error)}`);
  return j.data;
}

// ---------- simulated participants ----------
const STATE_TAIL = /"version":(\d+)\},"type":"connected_meetings\.state","v":1\}$/;
class Sim {
  constructor(id, token) {
    this.id = id;
    this.token = token;
    this.room = null;          // from the last room.joined
    this.stateAt = new Map();  // version -> arrival time of connected_meetings.state
    this.joinedByVersion = new Map(); // moving version -> count of moving events
    this.errors = 0;
    this.pending = new Map();
    this.seq = 0;
  }
  open() {
    return new Promise((res, rej) => {
      this.ws = new WebSocket(`${base.replace('http', 'ws')}/v2/ws?authToken=${this.token}`, { perMessageDeflate: false });
      this.ws.on('message', (buf) => this.onMessage(buf));
      this.ws.on('error', rej);
      this.joinedResolve = res;
    });
  }
  onMessage(buf) {
    const now = performance.now();
    // The group state goes to everyone after every command: read its version from the tail
    // without parsing ~100 KB of JSON 500 times per command.
    if (buf.length > 64) {
      const m = STATE_TAIL.exec(buf.subarray(buf.length - 80).toString());
      if (m) {
        const v = Number(m[1]);
        if (!this.stateAt.has(v)) this.stateAt.set(v, now);
        else this.dupState = (this.dupState ?? 0) + 1;
        return;
      }
    }
    const msg = JSON.parse(buf.toString());
    if (msg.type === 'room.joined') {
      this.room = msg.data.meeting_id;
      if (this.joinedResolve) { this.joinedResolve(); this.joinedResolve = null; }
    } else if (msg.type === 'connected_meetings.moving') {
      const v = msg.data.version;
      this.joinedByVersion.set(v, (this.joinedByVersion.get(v) ?? 0) + 1);
      this.movingTo = msg.data.meeting_id;
    } else if (msg.id && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p(msg);
    } else if (msg.error) {
      this.errors++;
    }
  }
  request(type, data) {
    const id = `q${++this.seq}`;
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error(`timeout: ${type}`)), TIMEOUT);
      this.pending.set(id, (m) => { clearTimeout(t); res(m); });
      this.ws.send(JSON.stringify({ v: 1, id, type, data }));
    });
  }
}

function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

// Waits until every participant saw the state of version v; returns the time of the last one.
async function waitAll(sims, v, deadline) {
  for (;;) {
    let last = 0, missing = 0;
    for (const s of sims) {
      const t = s.stateAt.get(v);
      if (t === undefined) missing++;
      else if (t > last) last = t;
    }
    if (missing === 0) return { last, missing: 0 };
    if (performance.now() > deadline) return { last, missing };
    await new Promise((r) => setTimeout(r, 2));
  }
}

const totals = { lost: 0, duplicated: 0, misroomed: 0, commands: 0 };
const lat = { start: [], move: [], close: [] };

// Checks every simulated participant against the server's state after a command.
async function verify(meetingId, sims, v) {
  const st = await api('GET', `/v2/meetings/${meetingId}/connected-meetings`);
  const where = new Map();
  let dupInState = 0;
  for (const m of [st.parent_meeting, ...st.meetings])
    for (const p of m.participants) {
      if (where.has(p.id)) dupInState++;
      where.set(p.id, m.id);
    }
  let misroomed = 0, lost = 0, duplicated = dupInState;
  for (const s of sims) {
    if (!where.has(s.id)) lost++;
    else if (where.get(s.id) !== s.room) misroomed++;
    if ((s.joinedByVersion.get(v) ?? 0) > 1) duplicated++;
    if (s.dupState) { duplicated++; s.dupState = 0; }
  }
  totals.lost += lost; totals.duplicated += duplicated; totals.misroomed += misroomed;
  return { st, lost, misroomed, duplicated };
}

async function command(kind, host, sims, meetingId, type, data) {
  const t0 = performance.now();
  const r = await host.request(type, data);
  if (r.error) throw new Error(`${type}: ${JSON.stringify(r.error)}`);
  const v = r.data.version;
  const { last, missing } = await waitAll(sims, v, performance.now() + TIMEOUT);
  totals.lost += missing;
  totals.commands++;
  lat[kind].push(Math.max(last, t0) - t0);
  return r.data;
}

async function main() {
  if (!base) await startServer();
  const idle = procStats();
  const meeting = await api('POST', '/v2/meetings', { title: 'Load test' });
  const hostP = await api('POST', `/v2/meetings/${meeting.id}/participants`, { name: 'Host', preset_name: 'group_call_host', custom_participant_id: 'host' });
  const people = [];
  for (let i = 0; i < N; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, k) =>
      api('POST', `/v2/meetings/${meeting.id}/participants`, { name: `P${i + k}`, preset_name: 'group_call_participant', custom_participant_id: `p${i + k}` })));
    people.push(...batch);
  }
  const host = new Sim(hostP.id, hostP.token);
  await host.open();
  const sims = people.map((p) => new Sim(p.id, p.token));
  const tc = performance.now();
  for (let i = 0; i < sims.length; i += 50) await Promise.all(sims.slice(i, i + 50).map((s) => s.open()));
  // Every join fans the group state out to everyone connected (N^2 messages in total):
  // let that drain before measuring commands.
  const v0 = (await api('GET', `/v2/meetings/${meeting.id}/connected-meetings`)).version;
  const drained = await waitAll([host, ...sims], v0, performance.now() + 10 * TIMEOUT);
  if (drained.missing) throw new Error(`${drained.missing} participants never saw the state after connecting; server events ${JSON.stringify(serverEvents)}`);
  const connectMs = performance.now() - tc;
  const connected = procStats();

  let rng = 12345;
  const rand = (n) => { rng = (rng * 1103515245 + 12345) % 2147483648; return rng % n; };
  const tw = performance.now();
  let moveCount = 0, moveMs = 0;
  for (let w = 0; w < WAVES; w++) {
    // 1. shuffle-start: ROOMS rooms, everyone but the host spread evenly
    const start = await command('start', host, sims, meeting.id, 'connected_meetings.start', {
      meetings: Array.from({ length: ROOMS }, (_, i) => ({ title: `Wave ${w} room ${i}` })),
      assignments: [{ participant_id: host.id, meeting_id: meeting.id }],
      shuffle: true, seed: w + 1,
    });
    await verify(meeting.id, sims, start.version);
    const rooms = start.meetings.map((m) => m.id);
    // 2. single-participant moves between rooms, one command at a time
    const t0 = performance.now();
    for (let k = 0; k < MOVES; k++) {
      const s = sims[rand(sims.length)];
      let dest = rooms[rand(rooms.length)];
      if (dest === s.room) dest = rooms[(rooms.indexOf(dest) + 1) % rooms.length];
      const r = await command('move', host, sims, meeting.id, 'connected_meetings.move', {
        source_meeting_id: s.room, destination_meeting_id: dest, participant_ids: [s.id],
      });
      // the moved participant must have had its own room.joined by now
      if (s.room !== dest) totals.misroomed++;
      void r;
    }
    moveMs += performance.now() - t0;
    moveCount += MOVES;
    await verify(meeting.id, sims, 0);
    // 3. close: everyone back to the parent
    const close = await command('close', host, sims, meeting.id, 'connected_meetings.close', {});
    const { st } = await verify(meeting.id, sims, close.version);
    if (st.meetings.length !== 0) totals.misroomed += st.meetings.length;
  }
  const waveMs = performance.now() - tw;
  const done = procStats();
  const errors = sims.reduce((a, s) => a + s.errors, 0) + host.errors;

  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
  const out = [];
  out.push(`rtk-server load: ${N} participants (+1 host), 1 parent + ${ROOMS} rooms, ${WAVES} waves of start/${MOVES} moves/close`);
  out.push(`connect: ${N} sockets joined, and every join's state fan-out delivered, in ${f(connectMs)} ms`);
  for (const k of ['start', 'move', 'close'])
    out.push(`${k.padEnd(5)}: n=${lat[k].length} p50=${f(percentile(lat[k], 50))} ms p99=${f(percentile(lat[k], 99))} ms (command sent -> last participant's connected_meetings.state)`);
  out.push(`moves/s: ${f(moveCount / (moveMs / 1000))} (sequential single-participant moves, each fanned out to ${N + 1} sockets)`);
  if (done) {
    out.push(`server CPU: ${f((done.cpu - connected.cpu))} s over ${f(waveMs / 1000)} s of waves (${f(100 * (done.cpu - connected.cpu) / (waveMs / 1000))}% of one core); ${f(1000 * (done.cpu - connected.cpu) / N)} ms CPU per participant`);
    out.push(`server RSS: idle ${f(idle.rss / 1048576)} MiB, connected ${f(connected.rss / 1048576)} MiB, after waves ${f(done.rss / 1048576)} MiB; ${f((connected.rss - idle.rss) / N / 1024)} KiB per connected participant`);
  }
  out.push(`server events: ${JSON.stringify(serverEvents)}`);
  out.push(`lost=${totals.lost} duplicated=${totals.duplicated} misroomed=${totals.misroomed} error_replies=${errors} (target: all zero)`);
  console.log(out.join('\n'));
  console.log(JSON.stringify({ participants: N, rooms: ROOMS, waves: WAVES, moves_per_wave: MOVES,
    p50_ms: Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, percentile(v, 50)])),
    p99_ms: Object.fromEntries(Object.entries(lat).map(([k, v]) => [k, percentile(v, 99)])),
    moves_per_s: moveCount / (moveMs / 1000), ...totals, error_replies: errors,
    server_cpu_s: done ? done.cpu - connected.cpu : null, rss_per_participant_kib: done ? (connected.rss - idle.rss) / N / 1024 : null }));
  for (const s of [host, ...sims]) s.ws.close();
  const bad = totals.lost + totals.duplicated + totals.misroomed + errors;
  if (proc) {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.on('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  if (proc) proc.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(2);
});
