// Shared harness for the rtk-server integration tests: starts the real binary on an
// ephemeral port with a fresh data dir, and wraps REST and WebSocket clients.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const BIN = resolve(process.env.RTK_SERVER_BIN ?? 'build/native/src/server/rtk-server');
export const API_KEY = 'test-api-key-0123456789';

export function tempDir(prefix = 'rtk-server-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Starts rtk-server; resolves once it printed its "listening" line.
export async function startServer({ dataDir = tempDir(), args = [], apiKey = API_KEY, env = {} } = {}) {
  // These tests load the signalling with many raw clients and no media: no mesh room cap unless
  // a test sets one (docs/decisions.md, "Mesh room cap").
  const capArgs = args.some((a) => String(a).startsWith('--mesh-max-room')) ? [] : ['--mesh-max-room', '0'];
  const fullArgs = ['--port', '0', '--data-dir', dataDir, ...capArgs, ...args];
  if (apiKey) fullArgs.push('--api-key', apiKey);
  const proc = spawn(BIN, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const lines = [];
  let buf = '';
  let onLine = () => {};
  proc.stdout.on('data', (d) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let j = null;
      try { j = JSON.parse(line); } catch { j = { unparsed: line }; }
      lines.push(j);
      onLine(j);
    }
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d.toString(); });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const listening = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('server did not start: ' + stderr)), 20000);
    const check = (j) => { if (j.event === 'listening') { clearTimeout(timer); res(j); } };
    lines.forEach(check);
    onLine = check;
    exited.then((e) => rej(new Error(`server exited early ${JSON.stringify(e)}: ${stderr} ${JSON.stringify(lines)}`)));
  });
  const port = listening.port;
  const server = {
    proc, port, dataDir, lines, exited, apiKey,
    base: `http://127.0.0.1:${port}`,
    wsUrl: (token) => `ws://127.0.0.1:${port}/v2/ws?authToken=${encodeURIComponent(token)}`,
    stderr: () => stderr,
    // Resolves with the first log line matching pred (stdout is read asynchronously).
    async waitForLine(pred, timeout = 5000) {
      const end = Date.now() + timeout;
      for (;;) {
        const l = lines.find(pred);
        if (l) return l;
        if (Date.now() > end) throw new Error('no matching log line');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
    async kill9() {
      proc.kill('SIGKILL');
      return exited;
    },
    cleanup() { rmSync(dataDir, { recursive: true, force: true }); },
    // REST call with the API key unless `auth` is given (null: no Authorization header).
    async api(method, path, body, { auth, raw } = {}) {
      const headers = {};
      const a = auth === undefined ? `Bearer ${apiKey}` : auth;
      if (a) headers.authorization = a;
      let payload;
      if (raw !== undefined) { payload = raw; headers['content-type'] = 'application/json'; }
      else if (body !== undefined) { payload = JSON.stringify(body); headers['content-type'] = 'application/json'; }
      const res = await fetch(server.base + path, { method, headers, body: payload });
      const text = await res.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, json, text, headers: res.headers };
    },
  };
  return server;
}

// Creates a meeting and participants; returns ids and tokens.
export async function setupMeeting(server, { title = 'Standup', participants = [] } = {}) {
  const m = await server.api('POST', '/v2/meetings', { title });
  if (m.status !== 201) throw new Error('create meeting: ' + m.text);
  const meetingId = m.json.data.id;
  const people = {};
  for (const p of participants) {
    const r = await server.api('POST', `/v2/meetings/${meetingId}/participants`, {
      name: p.name, preset_name: p.preset ?? 'group_call_participant', custom_participant_id: p.custom ?? p.name,
    });
    if (r.status !== 201) throw new Error('add participant: ' + r.text);
    people[p.name] = { id: r.json.data.id, token: r.json.data.token, name: p.name };
  }
  return { meetingId, people };
}

// A WebSocket client that records every message and lets tests wait for one.
export class Client {
  constructor(url) {
    this.url = url;
    this.messages = [];
    this.consumed = new Set();
    this.waiters = [];
    this.seq = 0;
    this.ws = new WebSocket(url);
    this.closed = new Promise((res) => this.ws.on('close', (code, reason) => res({ code, reason: reason.toString() })));
    this.ws.on('message', (data) => {
      let m;
      try { m = JSON.parse(data.toString()); } catch { m = { unparsed: data.toString() }; }
      this.messages.push(m);
      this.#wake();
    });
    this.ws.on('error', () => {});
  }

  static async open(url, { waitJoined = true } = {}) {
    const c = new Client(url);
    await new Promise((res, rej) => {
      c.ws.once('open', res);
      c.ws.once('unexpected-response', (req, resp) => {
        let body = '';
        resp.on('data', (d) => { body += d; });
        resp.on('end', () => {
          const e = new Error(`HTTP ${resp.statusCode}`);
          e.status = resp.statusCode;
          try { e.body = JSON.parse(body); } catch { e.body = body; }
          rej(e);
        });
      });
      c.ws.once('error', rej);
    });
    if (waitJoined) c.joined = await c.next((m) => m.type === 'room.joined');
    return c;
  }

  #wake() {
    for (const w of [...this.waiters]) {
      const i = this.messages.findIndex((m, k) => !this.consumed.has(k) && w.pred(m));
      if (i >= 0) {
        this.consumed.add(i);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.res(this.messages[i]);
      }
    }
  }

  // The next unconsumed message matching pred (already received or arriving within timeout).
  next(pred, timeout = 5000, what = 'message') {
    return new Promise((res, rej) => {
      const w = { pred, res };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        rej(new Error(`timeout waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => m.type))}`));
      }, timeout);
      this.waiters.push(w);
      this.#wake();
    });
  }

  nextType(type, timeout) { return this.next((m) => m.type === type, timeout, type); }

  // Unconsumed messages of a type received so far (consumes them).
  drain(type) {
    const out = [];
    this.messages.forEach((m, k) => {
      if (!this.consumed.has(k) && (!type || m.type === type)) { this.consumed.add(k); out.push(m); }
    });
    return out;
  }

  send(obj) { this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); }

  // Sends a request and resolves with its reply (data or error).
  async request(type, data = {}, timeout = 5000) {
    const id = `r${++this.seq}`;
    this.send({ v: 1, id, type, data });
    return this.next((m) => m.id === id && m.type === type, timeout, `reply to ${type}`);
  }

  close() { this.ws.close(); return this.closed; }
}

// HS256 JWT with a given secret (for forged and expired tokens in the token matrix).
export function makeJwt(header, payload, secret) {
  const b64 = (o) => Buffer.from(typeof o === 'string' ? o : JSON.stringify(o)).toString('base64url');
  const input = `${b64(header)}.${b64(payload)}`;
  const sig = secret === null ? '' : createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${sig}`;
}

export function signingSecret(server) {
  return readFileSync(join(server.dataDir, 'signing_secret'), 'utf8').trim();
}

export function decodeJwtPayload(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

// Expects a WebSocket upgrade to be refused; returns {status, body}.
export async function expectRefused(url) {
  try {
    const c = await Client.open(url, { waitJoined: false });
    c.close();
  } catch (e) {
    return { status: e.status, body: e.body };
  }
  throw new Error('the WebSocket upgrade was accepted');
}
