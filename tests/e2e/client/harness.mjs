// Shared harness for the @openrtk/client browser tests and the switch bench: the real
// rtk-server (RTK_SERVER_BIN) serving a static dir with the built SDK (web/dist, or
// RTK_CLIENT_DIST) at a nested path plus the test page, and Debian's Chromium through
// playwright-core with fake media devices.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
export const API_KEY = 'client-e2e-api-key-0123456789';

export function serverBin() {
  const candidates = [process.env.RTK_SERVER_BIN, 'build/native/src/server/rtk-server', 'build/h-client-server/src/server/rtk-server'];
  for (const c of candidates) if (c && existsSync(resolve(root, c))) return resolve(root, c);
  throw new Error('rtk-server not found: set RTK_SERVER_BIN');
}

export function distDir() {
  const d = resolve(root, process.env.RTK_CLIENT_DIST || 'web/dist');
  if (!existsSync(join(d, 'browser.js')) || !existsSync(join(d, 'openrtk.wasm')))
    throw new Error(`${d} has no browser.js/openrtk.wasm: run "node web/build.mjs <wasm build dir>" first`);
  return d;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// extraArgs: more rtk-server flags (the SFU tests pass --media sfu ...); server.logs() is every
// JSON line the server printed. static: more files to serve, {path: a directory to copy, or
// {text}} (the SFU recording test adds the UI kit and a page for it).
export async function startServer({ extraArgs = [], static: more = {} } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'rtk-client-e2e-'));
  const staticDir = join(work, 'static');
  mkdirSync(join(staticDir, 'vendor/openrtk/v1'), { recursive: true });
  cpSync(distDir(), join(staticDir, 'vendor/openrtk/v1'), { recursive: true });
  cpSync(join(here, 'page'), staticDir, { recursive: true });
  for (const [path, src] of Object.entries(more)) {
    if (typeof src === 'string') cpSync(src, join(staticDir, path), { recursive: true });
    else writeFileSync(join(staticDir, path), src.text);
  }
  const spawnServer = async (portArg) => {
  const args = ['--port', String(portArg), '--data-dir', join(work, 'data'), '--static-dir', staticDir, '--api-key', API_KEY, ...extraArgs];
  const proc = spawn(serverBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  const port = await new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error('rtk-server did not start: ' + stderr)), 20000);
    proc.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          const j = JSON.parse(line);
          logLines.push(j);
          if (j.event === 'listening') {
            clearTimeout(timer);
            res(j.port);
          }
        } catch { /* not JSON */ }
      }
    });
    exited.then((e) => rej(new Error(`rtk-server exited ${JSON.stringify(e)}: ${stderr}`)));
  });
  return { proc, exited, port, stderr: () => stderr };
  };
  const logLines = [];
  let current = await spawnServer(0);
  const port = current.port;
  const base = `http://127.0.0.1:${port}`;
  const server = {
    port, base,
    get proc() { return current.proc; },
    stderr: () => current.stderr(),
    logs: () => logLines,
    // Stops the server (SIGTERM) and starts it again on the same port and data dir.
    async restart(downMs = 0) {
      if (current.proc.exitCode === null && current.proc.signalCode === null) current.proc.kill('SIGTERM');
      await current.exited;
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      current = await spawnServer(port);
    },
    async api(method, path, body) {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, json, text };
    },
    async meeting(title, people) {
      const m = await server.api('POST', '/v2/meetings', { title });
      if (m.status !== 201) throw new Error('create meeting: ' + m.text);
      const out = { id: m.json.data.id, people: {} };
      for (const [name, preset] of people) {
        const r = await server.api('POST', `/v2/meetings/${out.id}/participants`, {
          name, preset_name: preset, custom_participant_id: name,
        });
        if (r.status !== 201) throw new Error('add participant: ' + r.text);
        out.people[name] = { id: r.json.data.id, token: r.json.data.token };
      }
      return out;
    },
    async stop() {
      if (current.proc.exitCode === null && current.proc.signalCode === null) current.proc.kill('SIGTERM');
      await current.exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
  return server;
}

// A page (own browser context) with the SDK loaded.
// `init`: a function run in the page before its own scripts (context.addInitScript).
export async function openPage(browser, server, { init } = {}) {
  const context = await browser.newContext();
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const logs = [];
  page.on('console', (m) => logs.push(m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => logs.push('pageerror: ' + e.message));
  await page.goto(server.base + '/index.html');
  await page.waitForFunction(() => typeof window.RealtimeKitClient === 'function' && window.T);
  return { page, context, logs };
}

// Polls fn() (async) until it returns a truthy value or the bound passes; returns the last value.
export async function waitFor(fn, { timeout = 20000, every = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}
