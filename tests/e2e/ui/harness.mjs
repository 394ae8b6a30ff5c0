// The real stack for the UI kit's end-to-end tests (breakout.test.mjs, breakout-extras.test.mjs):
// rtk-server (RTK_SERVER_BIN, default build/native/src/server/rtk-server) serving the real SDK
// (web/dist) and UI kit (ui/dist) with a page per participant, and the helpers that read the UI
// by accessible name. No fake meeting object is involved.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const BIN = resolve(process.env.RTK_SERVER_BIN ?? join(repo, 'build/native/src/server/rtk-server'));
const SDK = join(repo, 'web/dist');
const UI = join(repo, 'ui/dist');
const API_KEY = 'e2e-ui-api-key-0123456789';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection'];

const missing = [
  [BIN, 'rtk-server binary (set RTK_SERVER_BIN)'],
  [join(SDK, 'index.js'), 'SDK build web/dist/index.js'],
  [join(SDK, 'openrtk.wasm'), 'SDK wasm web/dist/openrtk.wasm'],
].filter(([p]) => !existsSync(p)).map(([, what]) => what);
export const skip = missing.length ? `real stack not available: ${missing.join(', ')}` : false;

export const dbg = (m) => { if (process.env.E2E_DEBUG) console.error(`[e2e] ${new Date().toISOString()} ${m}`); };
let server; let browser; let staticDir; let dataDir;

async function startServer() {
  dataDir = mkdtempSync(join(tmpdir(), 'rtk-e2e-ui-data-'));
  const proc = spawn(BIN, ['--port', '0', '--data-dir', dataDir, '--static-dir', staticDir, '--api-key', API_KEY],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const port = await new Promise((res, rej) => {
    let buf = '';
    const t = setTimeout(() => rej(new Error(`server did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      buf += d;
      for (let i; (i = buf.indexOf('\n')) >= 0;) {
        const line = buf.slice(0, i); buf = buf.slice(i + 1);
        try { const j = JSON.parse(line); if (j.event === 'listening') { clearTimeout(t); res(j.port); } } catch { /* log line */ }
      }
    });
    proc.on('exit', (code) => rej(new Error(`server exited ${code}: ${stderr}`)));
  });
  return { proc, base: `http://127.0.0.1:${port}` };
}

export async function api(method, path, body) {
  const res = await fetch(server.base + path, {
    method, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

// Builds the UI kit, stages the SDK, UI kit and a page into a temp static dir and starts the real
// rtk-server on it before the file's tests; stops and removes everything after them.
export function useRealStack() {
  before(async () => {
    if (skip) return;
    dbg('before');
    await import('../../../ui/scripts/build.mjs'); // builds ui/dist
    staticDir = mkdtempSync(join(tmpdir(), 'rtk-e2e-ui-static-'));
    for (const [src, dst] of [[SDK, 'sdk'], [UI, 'ui']]) {
      mkdirSync(join(staticDir, dst));
      for (const f of readdirSync(src)) copyFileSync(join(src, f), join(staticDir, dst, f));
    }
    writeFileSync(join(staticDir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>OpenRTK e2e</title>
  <style>html,body{margin:0;height:100%}</style></head><body>
  <rtk-meeting id="m" mode="fill"></rtk-meeting>
  <script type="module">
  import RealtimeKitClient from '/sdk/index.js';
  import '/ui/index.js';
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (params.get('setup') === '1') document.getElementById('m').setAttribute('show-setup-screen', '');
  try {
    const meeting = await RealtimeKitClient.init({ authToken: token, defaults: { audio: false, video: true } });
    window.meeting = meeting;
    document.getElementById('m').meeting = meeting;
  } catch (e) { window.initError = e.code + ': ' + e.message; }
  </script></body></html>`);
    server = await startServer();
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: ARGS });
  });

  after(async () => {
    await browser?.close();
    server?.proc.kill('SIGTERM');
    if (staticDir) rmSync(staticDir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
}

export const HOST_AND_3 = [
  { name: 'Hana Host', preset: 'group_call_host' },
  { name: 'Ada', preset: 'group_call_participant' },
  { name: 'Bo', preset: 'group_call_participant' },
  { name: 'Cy', preset: 'group_call_participant' },
];

/** Adds `p` ({name, preset}; custom id `c-<name>`) to the meeting and opens its page (it joins
 *  through the UI; a participant added while rooms are open is a late joiner). */
export async function openPage(meetingId, p, problems, { setup = false } = {}) {
  const r = await api('POST', `/v2/meetings/${meetingId}/participants`, { name: p.name, preset_name: p.preset, custom_participant_id: `c-${p.name}` });
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`${p.name}: ${e.message}`));
  page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS) || 90000);
  await page.goto(`${server.base}/index.html#token=${encodeURIComponent(r.token)}${setup ? '&setup=1' : ''}`);
  dbg(`opened ${p.name}`);
  return page;
}

/** Creates a meeting ("Main Room") whose `people` (default: a host and three participants) each
 *  get a page joined through the UI. */
export async function setupGroup({ setupScreen = [], people = HOST_AND_3 } = {}) {
  const meeting = await api('POST', '/v2/meetings', { title: 'Main Room' });
  const pages = {};
  const problems = [];
  for (const p of people) pages[p.name] = await openPage(meeting.id, p, problems, { setup: setupScreen.includes(p.name) });
  for (const [name, page] of Object.entries(pages)) {
    if (setupScreen.includes(name)) {
      // the setup screen shows a live camera preview, then Join
      await page.bringToFront();
      await page.waitForFunction(() => {
        const tile = document.getElementById('m').shadowRoot.querySelector('rtk-setup-screen')?.shadowRoot.querySelector('rtk-participant-tile');
        const v = tile?.shadowRoot.querySelector('video');
        return v && v.videoWidth > 0;
      });
      await page.getByRole('button', { name: 'Join', exact: true }).click();
    }
    await roomHeading(page, 'Main Room').waitFor().catch(async (e) => {
      throw new Error(`${name} did not join: ${await page.evaluate(() => window.initError)} ${e.message}`);
    });
    dbg(`${name} joined`);
  }
  currentHost = pages['Hana Host'];
  return { meetingId: meeting.id, pages, problems };
}

// The title of the room the page is in: the h1 of the meeting layout's header. Scoped to that
// region because the same title is also an h3 in the breakout dialog's room cards (and the
// setup screen's h1 before joining): a page-wide heading locator matched both and failed in
// strict mode while the dialog was still open.
export const roomHeading = (page, name) =>
  page.locator('#m .layout > header').getByRole('heading', { name, exact: true, level: 1 });

const tileNames = async (page) => (await page.getByRole('list', { name: /^Participants in/ }).getByRole('group')
  .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
  .map((l) => l.split(',')[0].replace(' (you)', '')).sort();

/** Waits until the page shows `heading` and exactly the tiles `names`. */
const uiState = (page) => page.evaluate(() => {
  const s = document.getElementById('m').s;
  return { phase: s.state.phase, title: s.roomTitle, errors: s.state.errors, rooms: s.rooms.map((r) => r.title), busy: s.state.busy, ui: s.state.ui };
}).catch((e) => `unavailable: ${e.message}`);
let currentHost = null;

export async function expectRoom(page, heading, names) {
  await roomHeading(page, heading).waitFor().catch(async (e) => {
    const st = await uiState(page);
    const hs = currentHost && currentHost !== page ? await uiState(currentHost) : null;
    throw new Error(`${e.message}\nUI state: ${JSON.stringify(st)}\nhost UI state: ${JSON.stringify(hs)}`);
  });
  const want = [...names].sort();
  const t0 = Date.now();
  let got;
  while (Date.now() - t0 < 60000) {
    got = await tileNames(page);
    if (JSON.stringify(got) === JSON.stringify(want)) {
      if (process.env.E2E_DEBUG) console.error(`[e2e] ${heading} ${want} after ${Date.now() - t0} ms (${new Date().toISOString()})`);
      return;
    }
    await page.waitForTimeout(200);
  }
  assert.deepEqual(got, want, `tiles in ${heading}`);
}

/** Room title → participant names, read from the host's UI store. */
export const roomsSeenByHost = (host) => host.evaluate(() => {
  const s = document.getElementById('m').s;
  const m = (x) => [x.title, x.participants.map((p) => p.displayName).sort()];
  return [m(s.parentMeeting), ...s.rooms.map(m)];
});

/** Remote tiles on `page` whose <video> is actually playing frames. */
export const playingRemoteVideos = (page) => page.evaluate(() => {
  const grid = document.getElementById('m').shadowRoot.querySelector('rtk-grid');
  return [...grid.shadowRoot.querySelectorAll('rtk-participant-tile:not([is-self])')]
    .map((t) => t.shadowRoot.querySelector('video'))
    .filter((v) => v && v.videoWidth > 0 && !v.paused).length;
});

export async function closeAll(pages) { for (const p of Object.values(pages)) await p.context().close(); }
