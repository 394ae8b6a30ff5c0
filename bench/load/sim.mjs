// One simulated participant of bench/load: a WebSocket speaking protocol v2 (include/rtk/protocol.hpp)
// that keeps what a real client keeps (its room and who is connected in it, from room.joined and
// room.update; its group view, from connected_meetings.state and versioned deltas) and counts
// what it received, so the driver can check it against the server's state after each command.
// Used by worker.mjs (many per process) and by load.mjs (the host).
import WebSocket from 'ws';

export const now = () => Number(process.hrtime.bigint()) / 1e6; // CLOCK_MONOTONIC ms: same clock in every process

// Frames with identical text (one shared buffer fanned out by the server) are parsed once per process.
const parseCache = new Map(); // length -> {buf, msg}
function parse(buf) {
  if (buf.length < 2048) return JSON.parse(buf.toString());
  const hit = parseCache.get(buf.length);
  if (hit && hit.buf.equals(buf)) return hit.msg;
  const msg = JSON.parse(buf.toString());
  if (parseCache.size > 64) parseCache.clear();
  parseCache.set(buf.length, { buf, msg });
  return msg;
}

let injected = false;
const inbox = [];
let draining = false, inboxHead = 0;
function drain() {
  const end = now() + 4;
  while (inboxHead < inbox.length && now() < end) {
    const [sim, buf] = inbox[inboxHead];
    inbox[inboxHead++] = null;
    sim.onMessage(buf);
  }
  if (inboxHead >= inbox.length) { inbox.length = 0; inboxHead = 0; draining = false; }
  else setImmediate(drain);
}
// True when every received frame has been decoded.
export const idle = () => !draining;

// The group view as a client keeps it (a JS mirror of rtk::apply_delta in src/core/group_view.cpp).
export class View {
  constructor(s) {
    this.version = s.version;
    this.scope = s.scope;
    this.parentId = s.parent_meeting.id;
    this.meetings = new Map(); // id -> {title, count}
    this.where = new Map();    // participant -> meeting (roster, full)
    this.connected = new Map(); // participant -> bool (full)
    for (const m of [s.parent_meeting, ...s.meetings]) {
      this.meetings.set(m.id, { title: m.title, count: m.participant_count });
      for (const p of m.participants ?? []) {
        this.where.set(p.id, m.id);
        if (p.connected !== undefined) this.connected.set(p.id, p.connected);
      }
    }
  }
  // 'applied' | 'stale' | 'gap'
  apply(d) {
    if (d.scope !== this.scope || this.version < d.from_version) return 'gap';
    if (this.version >= d.version) return 'stale';
    // an entry without a record ({meeting_id, id}) moves a participant this view must know
    if (this.scope !== 'summary') {
      const added = new Set();
      for (const u of d.participants_upserted) {
        if (u.participant) added.add(u.participant.id);
        else if (!this.where.has(u.id) && !added.has(u.id)) return 'gap';
      }
    }
    for (const m of d.meetings_upserted) {
      const ex = this.meetings.get(m.id);
      if (ex) ex.title = m.title;
      else this.meetings.set(m.id, { title: m.title, count: 0 });
    }
    if (this.scope !== 'summary') {
      for (const u of d.participants_upserted) {
        if (!this.meetings.has(u.meeting_id)) continue;
        if (!u.participant) { this.where.set(u.id, u.meeting_id); continue; }
        this.where.set(u.participant.id, u.meeting_id);
        if (u.participant.connected !== undefined) this.connected.set(u.participant.id, u.participant.connected);
      }
      for (const id of d.participants_removed) { this.where.delete(id); this.connected.delete(id); }
    }
    for (const id of d.meetings_removed) {
      this.meetings.delete(id);
      for (const [p, m] of this.where) if (m === id) this.where.delete(p);
    }
    if (this.scope === 'summary') {
      for (const c of d.counts) { const m = this.meetings.get(c.id); if (m) m.count = c.participant_count; }
    } else {
      for (const m of this.meetings.values()) m.count = 0;
      for (const mid of this.where.values()) this.meetings.get(mid).count++;
    }
    this.version = d.version;
    return 'applied';
  }
  presence(items) {
    if (this.scope !== 'full') return;
    for (const it of items) if (this.where.has(it.id)) this.connected.set(it.id, it.connected);
  }
}

export class Sim {
  constructor(id, token) {
    this.id = id;
    this.token = token;
    this.room = null;          // meeting of the last complete room.joined
    this.members = new Set();  // connected participants in `room`, self excluded
    this.view = null;
    this.parts = {};           // chunk assembly by type
    this.pending = new Map();  // request id -> resolve
    this.seq = 0;
    this.bad = { stale: 0, gap: 0, dupJoin: 0, unknownLeft: 0, wrongRoomEvent: 0, dupRoomJoined: 0, errors: 0, ended: 0, badChunk: 0 };
    this.mark();
  }
  mark() {
    this.w = { bytes: 0, frames: 0, lastAt: 0, roomJoined: 0 };
  }
  open(url, raw = false) {
    this.raw = raw;
    return new Promise((res, rej) => {
      this.ws = new WebSocket(raw ? url : `${url}/v2/ws?authToken=${encodeURIComponent(this.token)}`, { perMessageDeflate: false });
      this.ws.on('message', (buf) => this.onFrame(buf));
      this.ws.on('open', () => res());
      this.ws.on('error', (e) => { this.bad.errors++; rej(e); });
      this.ws.on('close', () => { this.closed = true; });
    });
  }
  // Arrival is stamped here; the frame is decoded later in short slices (drain), so a busy
  // driver delays its checks, not the arrival times it measures.
  onFrame(buf) {
    this.w.bytes += buf.length;
    this.w.frames++;
    this.w.lastAt = now();
    if (this.raw) { this.rawSeq = Number(buf.toString('latin1', 0, 8)); return; }
    inbox.push([this, buf]);
    if (!draining) { draining = true; setImmediate(drain); }
  }
  onMessage(buf) {
    const msg = parse(buf);
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      p(msg);
      return;
    }
    if (msg.error) { this.bad.errors++; return; }
    const d = msg.data;
    switch (msg.type) {
      case 'room.joined': {
        const rj = this.assemble('room.joined', d, (acc, part) => acc.participants.push(...part.participants));
        if (!rj) return;
        this.room = rj.meeting_id;
        this.members = new Set(rj.participants.map((p) => p.id));
        if (++this.w.roomJoined > 1) this.bad.dupRoomJoined++;
        break;
      }
      case 'room.update':
        if (d.meeting_id !== this.room) { this.bad.wrongRoomEvent++; return; }
        // Self-check of the bench: BENCH_INJECT=drop-room-update makes one client per process
        // ignore one room.update, which the checks must report (exit status 1).
        if (process.env.BENCH_INJECT === 'drop-room-update' && !injected) { injected = true; return; }
        for (const e of d.events) {
          const id = e.participant?.id ?? e.participant_id;
          if (id === this.id) continue;
          if (e.type === 'joined') { if (this.members.has(id)) this.bad.dupJoin++; this.members.add(id); }
          else if (e.type === 'left') { if (!this.members.delete(id)) this.bad.unknownLeft++; }
        }
        break;
      case 'connected_meetings.state': {
        const s = this.assemble('state', d, (acc, part) => {
          acc.parent_meeting.participants.push(...(part.parent_meeting.participants ?? []));
          part.meetings.forEach((m, k) => acc.meetings[k].participants.push(...(m.participants ?? [])));
        });
        if (s) this.view = new View(s);
        break;
      }
      case 'connected_meetings.delta': {
        const dl = this.assemble('delta', d, (acc, part) => acc.participants_upserted.push(...part.participants_upserted));
        if (!dl) return;
        if (!this.view) { this.bad.gap++; return; }
        const r = this.view.apply(dl);
        if (r === 'stale') this.bad.stale++;
        else if (r === 'gap') { this.bad.gap++; this.send('connected_meetings.get', {}); } // ask for the state again
        break;
      }
      case 'connected_meetings.presence':
        if (this.view) this.view.presence(d.participants);
        break;
      case 'session.ended':
        this.bad.ended++;
        break;
      default:
        break;
    }
  }
  // Chunked frames: parts after the first carry only more participants. Returns the whole
  // message at its last part, else null. Parts are deep-copied on first use (the parse cache
  // shares objects between sims).
  assemble(kind, d, append) {
    const c = d.chunk;
    if (!c || c.count === 1) { if (this.parts[kind]) this.bad.badChunk++; this.parts[kind] = null; return d; }
    if (c.index === 0) { if (this.parts[kind]) this.bad.badChunk++; this.parts[kind] = structuredClone(d); }
    else if (!this.parts[kind] || this.parts[kind].next !== c.index) { this.bad.badChunk++; this.parts[kind] = null; return null; }
    else append(this.parts[kind], d);
    this.parts[kind].next = c.index + 1;
    if (c.index < c.count - 1) return null;
    const whole = this.parts[kind];
    this.parts[kind] = null;
    return whole;
  }
  send(type, data) {
    const id = `q${++this.seq}`;
    this.ws.send(JSON.stringify({ v: 1, id, type, data }));
    return id;
  }
  request(type, data, timeout = 60000) {
    return new Promise((res, rej) => {
      const id = `q${++this.seq}`;
      const t = setTimeout(() => rej(new Error(`timeout: ${type}`)), timeout);
      this.pending.set(id, (m) => { clearTimeout(t); res(m); });
      this.ws.send(JSON.stringify({ v: 1, id, type, data }));
    });
  }
}

// The server's state (a full-scope view from GET /v2/meetings/{id}/connected-meetings) in the
// shape every check needs; plain arrays so it crosses process boundaries.
export function truthOf(full) {
  const meetings = [], where = [], connected = [];
  for (const m of [full.parent_meeting, ...full.meetings]) {
    meetings.push([m.id, m.title, m.participant_count]);
    for (const p of m.participants) {
      where.push([p.id, m.id]);
      if (p.connected) connected.push(p.id);
    }
  }
  return { version: full.version, parentId: full.parent_meeting.id, meetings, where, connected };
}

export function indexTruth(t) {
  const where = new Map(t.where);
  const meetings = new Map(t.meetings.map(([id, title, count]) => [id, { title, count }]));
  const connectedIn = new Map(); // meeting -> Set of connected participants
  for (const id of t.connected) {
    const m = where.get(id);
    if (!connectedIn.has(m)) connectedIn.set(m, new Set());
    connectedIn.get(m).add(id);
  }
  return { ...t, whereMap: where, meetingsMap: meetings, connectedIn };
}

// Checks one sim against the server's state. `deep` also compares its whole group view.
// Returns {lost, misroomed} counts for this sim (0 or more).
export function checkSim(s, T, deep) {
  let lost = 0, misroomed = 0;
  const room = T.whereMap.get(s.id);
  if (room === undefined) return { lost: 1, misroomed: 0 };
  if (s.room !== room) misroomed++;
  const expected = T.connectedIn.get(room) ?? new Set();
  for (const id of expected) if (id !== s.id && !s.members.has(id)) lost++;
  for (const id of s.members) if (!expected.has(id)) misroomed++;
  if (!s.view || s.view.version < T.version) lost++;
  else if (deep) {
    const v = s.view;
    if (v.meetings.size !== T.meetingsMap.size) misroomed++;
    for (const [id, m] of T.meetingsMap) {
      const mine = v.meetings.get(id);
      if (!mine || mine.title !== m.title || mine.count !== m.count) misroomed++;
    }
    if (v.scope !== 'summary') {
      if (v.where.size !== T.whereMap.size) lost++;
      for (const [p, m] of T.whereMap) if (v.where.get(p) !== m) misroomed++;
    }
    if (v.scope === 'full') {
      const conn = new Set(T.connected);
      for (const [p] of T.whereMap) if ((v.connected.get(p) ?? false) !== conn.has(p)) lost++;
    }
  }
  return { lost, misroomed };
}
