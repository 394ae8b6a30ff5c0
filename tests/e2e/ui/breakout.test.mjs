// End-to-end: the REAL stack. rtk-server (RTK_SERVER_BIN, default build/native/src/server/rtk-server)
// serves a page that loads the real SDK (web/dist) and the UI kit (ui/dist); four Chromium
// contexts (host + three participants) drive the UI only, clicking by accessible name.
// No fake meeting object is involved here.
//
// Run: node --test --test-concurrency=1 tests/e2e/ui/
import test, { before, after } from 'node:test';
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
const skip = missing.length ? `real stack not available: ${missing.join(', ')}` : false;

const dbg = (m) => { if (process.env.E2E_DEBUG) console.error(`[e2e] ${new Date().toISOString()} ${m}`); };
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

async function api(method, path, body) {
  const res = await fetch(server.base + path, {
    method, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json.data;
}

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

/** Creates a meeting with a host and three participants, each with a page joined through the UI. */
async function setupGroup({ setupScreen = [] } = {}) {
  const meeting = await api('POST', '/v2/meetings', { title: 'Main Room' });
  const people = [
    { name: 'Hana Host', preset: 'group_call_host' },
    { name: 'Ada', preset: 'group_call_participant' },
    { name: 'Bo', preset: 'group_call_participant' },
    { name: 'Cy', preset: 'group_call_participant' },
  ];
  const pages = {};
  const problems = [];
  for (const p of people) {
    const r = await api('POST', `/v2/meetings/${meeting.id}/participants`, { name: p.name, preset_name: p.preset, custom_participant_id: `c-${p.name}` });
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => problems.push(`${p.name}: ${e.message}`));
    page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT_MS) || 90000);
    const setup = setupScreen.includes(p.name) ? '&setup=1' : '';
    await page.goto(`${server.base}/index.html#token=${encodeURIComponent(r.token)}${setup}`);
    pages[p.name] = page;
    dbg(`opened ${p.name}`);
  }
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
const roomHeading = (page, name) =>
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

async function expectRoom(page, heading, names) {
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
const roomsSeenByHost = (host) => host.evaluate(() => {
  const s = document.getElementById('m').s;
  const m = (x) => [x.title, x.participants.map((p) => p.displayName).sort()];
  return [m(s.parentMeeting), ...s.rooms.map(m)];
});

/** Remote tiles on `page` whose <video> is actually playing frames. */
const playingRemoteVideos = (page) => page.evaluate(() => {
  const grid = document.getElementById('m').shadowRoot.querySelector('rtk-grid');
  return [...grid.shadowRoot.querySelectorAll('rtk-participant-tile:not([is-self])')]
    .map((t) => t.shadowRoot.querySelector('video'))
    .filter((v) => v && v.videoWidth > 0 && !v.paused).length;
});

async function closeAll(pages) { for (const p of Object.values(pages)) await p.context().close(); }

test('host flow through the UI: 2 rooms, shuffle, rename, start, move, switch to parent, close', { skip, timeout: 600000 }, async () => {
  const { pages, problems } = await setupGroup();
  try {
    const host = pages['Hana Host'];
    await expectRoom(host, 'Main Room', ['Hana Host', 'Ada', 'Bo', 'Cy']);

    await host.bringToFront();
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const create = host.getByRole('dialog', { name: 'Create Breakout' });
    await create.getByText('3 participants to assign').waitFor();
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    const assign = host.getByRole('dialog', { name: 'Assign Participants' });
    await assign.getByRole('button', { name: 'Shuffle' }).click();
    await assign.getByText('Everyone is assigned.').waitFor();
    await assign.getByRole('button', { name: 'Rename Room 1' }).click();
    await assign.getByRole('textbox', { name: 'Room name' }).fill('Design');
    await assign.getByRole('button', { name: 'Save name' }).click();
    await assign.getByRole('button', { name: 'Start Breakout' }).click();
    await host.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();
    await assign.waitFor({ state: 'detached' });

    // everyone ends in a room with the right tiles
    await host.waitForFunction(() => document.getElementById('m').s.rooms.length === 2);
    let rooms = await roomsSeenByHost(host);
    assert.deepEqual(rooms.map((r) => r[0]), ['Main Room', 'Design', 'Room 2']);
    assert.deepEqual(rooms[0][1], ['Hana Host']);
    assert.deepEqual(rooms.slice(1).flatMap((r) => r[1]).sort(), ['Ada', 'Bo', 'Cy']);
    assert.deepEqual(rooms.slice(1).map((r) => r[1].length).sort(), [1, 2]);
    for (const [title, who] of rooms.slice(1)) for (const n of who) await expectRoom(pages[n], title, who);
    await expectRoom(host, 'Main Room', ['Hana Host']);

    // the host moves one participant to the other room
    const [, [fromTitle, fromWho], [toTitle]] = rooms[1][1].length === 2 ? rooms : [rooms[0], rooms[2], rooms[1]];
    const mover = fromWho[0];
    await host.bringToFront();
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const live = host.getByRole('dialog', { name: 'Breakout Rooms' });
    await live.getByRole('button', { name: mover, exact: true }).click();
    await live.getByRole('button', { name: `Move selected to ${toTitle}` }).click();
    await live.getByRole('list', { name: `Participants in ${toTitle}` }).getByRole('button', { name: mover, exact: true }).waitFor();
    await live.getByRole('button', { name: 'Close dialog' }).click();
    rooms = await roomsSeenByHost(host);
    const toWho = rooms.find((r) => r[0] === toTitle)[1];
    assert.ok(toWho.includes(mover));
    await expectRoom(pages[mover], toTitle, toWho);
    const stayer = fromWho.find((n) => n !== mover);
    await expectRoom(pages[stayer], fromTitle, [stayer]);

    // a participant uses Switch to Parent Meeting
    const returner = toWho.find((n) => n !== mover);
    await pages[returner].bringToFront();
    await pages[returner].getByRole('banner').getByRole('button', { name: 'Switch to Parent Meeting' }).click();
    await expectRoom(pages[returner], 'Main Room', ['Hana Host', returner]);
    await expectRoom(host, 'Main Room', ['Hana Host', returner]);

    // Close Breakout brings everyone back
    await host.bringToFront();
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    await live.getByRole('button', { name: 'Close Breakout' }).click();
    await host.getByRole('dialog', { name: 'Close all breakout rooms?' }).getByRole('button', { name: 'Yes, close' }).click();
    // v2: the reply follows the fan-out of its own command, so the dialog closes a moment after
    // the rooms are gone; its Main Room card would otherwise match the heading below too.
    await live.waitFor({ state: 'detached' });
    for (const page of Object.values(pages)) await expectRoom(page, 'Main Room', ['Hana Host', 'Ada', 'Bo', 'Cy']);
    assert.equal(await host.evaluate(() => document.getElementById('m').s.rooms.length), 0);
    // camera state survived every switch, and the media of the other three reaches the host
    const labels = await host.getByRole('list', { name: /^Participants in/ }).getByRole('group').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.ok(labels.every((l) => !l.includes('camera off')), labels.join(' | '));
    await host.waitForFunction(() => {
      const grid = document.getElementById('m').shadowRoot.querySelector('rtk-grid');
      return [...grid.shadowRoot.querySelectorAll('rtk-participant-tile:not([is-self])')]
        .filter((t) => { const v = t.shadowRoot.querySelector('video'); return v && v.videoWidth > 0; }).length === 3;
    }, null, { timeout: 90000 }).catch(async (e) => {
      const info = await host.evaluate(() => {
        const mt = document.getElementById('m').s.meeting;
        const grid = document.getElementById('m').shadowRoot.querySelector('rtk-grid');
        const tiles = [...grid.shadowRoot.querySelectorAll('rtk-participant-tile:not([is-self])')].map((t) => {
          const v = t.shadowRoot.querySelector('video');
          const p = t.participant;
          const pc = mt.__internals__?.peerConnection?.(p.id);
          return { name: p.name, videoEnabled: p.videoEnabled, track: p.videoTrack?.readyState ?? null,
            video: v ? { w: v.videoWidth, paused: v.paused } : null, pc: pc ? [pc.connectionState, pc.signalingState] : null };
        });
        return tiles;
      });
      throw new Error(`${e.message}: remote video did not reach the host: ${JSON.stringify(info)}`);
    });
    assert.equal(await playingRemoteVideos(host), 3);
    assert.deepEqual(problems, []);
  } finally {
    await closeAll(pages);
  }
});

test('manual assignment through the UI (Ada joins through the setup screen)', { skip, timeout: 600000 }, async () => {
  const { pages, problems } = await setupGroup({ setupScreen: ['Ada'] });
  try {
    const host = pages['Hana Host'];
    await host.bringToFront();
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    await host.getByRole('dialog', { name: 'Create Breakout' }).getByRole('button', { name: 'Create', exact: true }).click();
    const d = host.getByRole('dialog', { name: 'Assign Participants' });
    const pool = d.getByRole('list', { name: 'Unassigned participants' });
    await pool.getByRole('button', { name: 'Ada', exact: true }).click();
    await pool.getByRole('button', { name: 'Bo', exact: true }).click();
    await d.getByRole('button', { name: 'Assign to Room 1' }).click();
    await pool.getByRole('button', { name: 'Cy', exact: true }).click();
    await d.getByRole('button', { name: 'Assign to Room 2' }).click();
    await d.getByRole('button', { name: 'Start Breakout' }).click();
    await host.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();
    await expectRoom(pages.Ada, 'Room 1', ['Ada', 'Bo']);
    await expectRoom(pages.Bo, 'Room 1', ['Ada', 'Bo']);
    await expectRoom(pages.Cy, 'Room 2', ['Cy']);
    await expectRoom(host, 'Main Room', ['Hana Host']);
    // the host joins Room 2 and comes back
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    await host.getByRole('dialog', { name: 'Breakout Rooms' }).getByRole('button', { name: 'Join Room 2' }).click();
    await expectRoom(host, 'Room 2', ['Hana Host', 'Cy']);
    await expectRoom(pages.Cy, 'Room 2', ['Hana Host', 'Cy']);
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    await host.getByRole('dialog', { name: 'Breakout Rooms' }).getByRole('button', { name: 'Close Breakout' }).click();
    await host.getByRole('dialog', { name: 'Close all breakout rooms?' }).getByRole('button', { name: 'Yes, close' }).click();
    for (const page of Object.values(pages)) await expectRoom(page, 'Main Room', ['Hana Host', 'Ada', 'Bo', 'Cy']);
    assert.deepEqual(problems, []);
  } finally {
    await closeAll(pages);
  }
});
