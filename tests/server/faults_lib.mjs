// Shared helpers of the "faults under load" tests (issue 16): many participants over REST,
// many raw v2 WebSocket clients that reconnect with the SDK's backoff, the reconnect policy
// itself (mirrored from the C++ client core), percentiles, and a raw WebSocket handshake for
// sockets that must never answer a ping.
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

// The SDK's reconnect policy, mirrored from src/client/rtk/client/link.hpp (BackoffPolicy's
// defaults): ceiling(n) = min(base << n, cap), the delay drawn from
// [ceiling * (100 - jitterPct) / 100, ceiling]; after maxAttempts failed attempts in a row the
// link gives up; a room.joined resets the attempt count. Keep the numbers in step with the C++.
export const BACKOFF = Object.freeze({ baseMs: 250, capMs: 5000, maxAttempts: 8, jitterPct: 50 });

export function backoffDelay(attempt, policy = BACKOFF, random = Math.random) {
  const ceiling = Math.min(policy.baseMs * 2 ** attempt, policy.capMs);
  const span = Math.floor((ceiling * Math.min(policy.jitterPct, 100)) / 100);
  return ceiling - Math.floor(span * random());
}

export const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// Stops a server (harness startServer) and returns its sanitizer reports, if any: under the
// native-asan build (RTK_SERVER_BIN=build/native-asan/src/server/rtk-server) an invalid access
// aborts with an AddressSanitizer report and UBSan prints "runtime error:"; both go to stderr.
export async function stopAndCheck(server) {
  const exit = await server.stop();
  const err = server.stderr();
  const reports = err.split('\n').filter((l) => /AddressSanitizer|LeakSanitizer|runtime error:/.test(l));
  return { exit, reports };
}

// {p50, max, n} of a list of numbers (ms).
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { p50: s.length ? s[Math.floor(s.length / 2)] : NaN, max: s.length ? s[s.length - 1] : NaN, n: s.length };
}

// Polls pred until it is truthy or timeout ms passed; returns its last value.
export async function waitUntil(pred, timeout = 10000, what = 'condition', step = 20) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await pred();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await sleep(step);
  }
}

// Runs fn over items with at most `limit` in flight; results in order.
export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// A meeting with `hosts` hosts (group_call_host) and n participants, created over REST.
// Returns {meetingId, hosts: [{id, token}], people: [{id, token, name}]}.
export async function bigMeeting(server, n, { hosts = 1, title = 'Load' } = {}) {
  const m = await server.api('POST', '/v2/meetings', { title });
  if (m.status !== 201) throw new Error('create meeting: ' + m.text);
  const meetingId = m.json.data.id;
  const add = async (name, preset) => {
    const r = await server.api('POST', `/v2/meetings/${meetingId}/participants`, { name, preset_name: preset, custom_participant_id: name });
    if (r.status !== 201) throw new Error('add participant: ' + r.text);
    return { id: r.json.data.id, token: r.json.data.token, name };
  };
  const hs = await mapLimit(Array.from({ length: hosts }, (_, i) => `host${i}`), 4, (name) => add(name, 'group_call_host'));
  const people = await mapLimit(Array.from({ length: n }, (_, i) => `p${i}`), 16, (name) => add(name, 'group_call_participant'));
  return { meetingId, hosts: hs, people };
}

// The group as the REST API reads it (API key, full scope).
export async function groupState(server, meetingId) {
  const r = await server.api('GET', `/v2/meetings/${meetingId}/connected-meetings`);
  if (r.status !== 200) throw new Error('connected-meetings: ' + r.text);
  return r.json.data;
}

// participant id -> [meeting ids it is listed in] (more than one: duplicated).
export function placements(group) {
  const where = new Map();
  for (const m of [group.parent_meeting, ...group.meetings])
    for (const p of m.participants ?? []) where.set(p.id, [...(where.get(p.id) ?? []), m.id]);
  return where;
}

// A light v2 WebSocket client for hundreds at once: keeps only what the fault tests read
// (its current meeting from room.joined, the group version it has applied, replies by id).
// With reconnect, a closed socket is redialled after backoffDelay(attempt) until the attempt
// budget is spent, exactly like the SDK's Link; onJoined(client) runs on every room.joined.
export class LoadClient {
  constructor(urlOf, { reconnect = false, policy = BACKOFF, onJoined = () => {}, mirror = false } = {}) {
    this.urlOf = urlOf; // () => url: the port may change between dials
    this.reconnect = reconnect;
    this.policy = policy;
    this.onJoined = onJoined;
    this.attempt = 0;
    this.meetingId = null;
    this.version = -1;
    this.joins = []; // {at, meetingId, reconnected}
    this.closes = []; // {at, code}
    this.pending = new Map();
    this.seq = 0;
    this.open = false;
    this.gaveUp = false;
    this.stopped = false;
    this.gaps = 0;
    this.versionAt = 0; // when `version` last rose
    // mirror: participant id -> meeting id, from state and deltas (full or roster scope)
    this.where = mirror ? new Map() : null;
  }

  // Resolves on the first room.joined (rejects if the first dial fails and reconnect is off).
  start() {
    this.firstJoin = new Promise((res, rej) => { this.resolveFirst = res; this.rejectFirst = rej; });
    this.#dial();
    return this.firstJoin;
  }

  #dial() {
    const ws = new WebSocket(this.urlOf());
    this.ws = ws;
    ws.on('open', () => { this.open = true; });
    ws.on('message', (data) => this.#onMessage(data.toString()));
    ws.on('error', () => {});
    ws.on('close', (code) => {
      this.open = false;
      this.closes.push({ at: Date.now(), code });
      for (const [, p] of this.pending) p.rej(new Error(`socket closed (${code})`));
      this.pending.clear();
      if (this.stopped) return;
      if (!this.reconnect) return this.rejectFirst?.(new Error(`closed ${code}`));
      if (this.attempt >= this.policy.maxAttempts) { this.gaveUp = true; return; }
      setTimeout(() => { if (!this.stopped) this.#dial(); }, backoffDelay(this.attempt++, this.policy));
    });
  }

  #onMessage(text) {
    const m = JSON.parse(text);
    if (m.type === 'room.joined' && !m.data.chunk?.index) {
      this.attempt = 0;
      this.meetingId = m.data.meeting_id;
      this.joins.push({ at: Date.now(), meetingId: m.data.meeting_id, reconnected: m.data.reconnected });
      this.resolveFirst?.(this);
      this.onJoined(this);
    } else if (m.type === 'connected_meetings.state') {
      if (!m.data.chunk?.index) {
        this.#setVersion(m.data.version);
        this.where?.clear();
      }
      if (this.where)
        for (const mt of [m.data.parent_meeting, ...(m.data.meetings ?? [])])
          for (const p of mt?.participants ?? []) this.where.set(p.id, mt.id);
    } else if (m.type === 'connected_meetings.delta') {
      const d = m.data;
      if (!d.chunk?.index && d.from_version > this.version) this.gaps++;
      if (this.where && d.version > this.version - (d.chunk?.index ? 1 : 0)) {
        for (const u of d.participants_upserted ?? []) this.where.set(u.participant?.id ?? u.id, u.meeting_id); // a pure move: {meeting_id, id}
        for (const id of d.participants_removed ?? []) this.where.delete(id);
      }
      if (d.version > this.version) this.#setVersion(d.version);
    }
    if (m.id && this.pending.has(m.id)) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p.res(m);
    }
  }

  #setVersion(v) {
    if (v !== this.version) this.versionAt = Date.now();
    this.version = v;
  }

  // Sends a request; resolves with its reply (data or error), rejects if the socket closes.
  request(type, data = {}) {
    const id = `q${++this.seq}`;
    return new Promise((res, rej) => {
      this.pending.set(id, { res, rej });
      this.ws.send(JSON.stringify({ v: 1, id, type, data }));
    });
  }

  stop() {
    this.stopped = true;
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.terminate();
  }
}

// A TCP socket that completes the WebSocket upgrade and then does nothing: it never sends a
// byte, never reads a frame (so it never answers a ping) and never closes. Resolves with
// {socket, closed, upgradedAt, pings} once the 101 arrived; `closed` resolves with the time the
// server hung up; `pings` counts the ping frames the server sent (never answered).
export function silentWebSocket(port, path) {
  return new Promise((res, rej) => {
    const key = randomBytes(16).toString('base64');
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`);
    });
    let head = '';
    let upgraded = false;
    const closed = new Promise((resClosed) => sock.on('close', () => resClosed(Date.now())));
    sock.on('error', () => {});
    const state = { socket: sock, closed, upgradedAt: 0, pings: 0 };
    sock.on('data', (d) => {
      if (upgraded) {
        // frames arrive and are ignored, never answered; count the pings (opcode 0x9, FIN set)
        if (d[0] === 0x89) state.pings++;
        return;
      }
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      if (!head.startsWith('HTTP/1.1 101')) return rej(new Error('upgrade refused: ' + head.split('\r\n')[0]));
      upgraded = true;
      state.upgradedAt = Date.now();
      res(state);
    });
  });
}
