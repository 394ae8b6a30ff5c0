// End-to-end, the REAL stack (issue 12): the breakout timer, broadcast and ask-for-help through
// the UI kit. rtk-server serves the real SDK (web/dist) and UI kit (ui/dist); four Chromium
// contexts (host + three participants) click by accessible name. The timer's expiry is driven
// by the server's own clock (the REST call only shortens the deadline).
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


const timerText = (page) => page.getByRole('timer', { name: 'Breakout time remaining' }).or(page.getByRole('alert', { name: /^Rooms close in/ })).first().innerText();
const seconds = (t) => { const m = /(\d+):(\d\d)(?::(\d\d))?\s*$/.exec(t.replace(/\n/g, ' ').replace(/Add 5 minutes.*$/, '').trim()); if (!m) return NaN; return m[3] ? (+m[1]) * 3600 + (+m[2]) * 60 + (+m[3]) : (+m[1]) * 60 + (+m[2]); };

test('timer, broadcast and ask for help through the UI, host and participants', { skip, timeout: 600000 }, async () => {
  const { meetingId, pages, problems } = await setupGroup();
  try {
    const host = pages['Hana Host'];
    await expectRoom(host, 'Main Room', ['Hana Host', 'Ada', 'Bo', 'Cy']);

    // the host starts two rooms with a 1-minute timer from the start dialog
    await host.bringToFront();
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const create = host.getByRole('dialog', { name: 'Create Breakout' });
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    const assign = host.getByRole('dialog', { name: 'Assign Participants' });
    await assign.getByRole('button', { name: 'Shuffle' }).click();
    await assign.getByText('Everyone is assigned.').waitFor();
    await assign.getByRole('button', { name: 'Start Breakout' }).click();
    const confirm = host.getByRole('dialog', { name: 'Start breakout rooms?' });
    await confirm.getByRole('spinbutton', { name: /Breakout duration in minutes/ }).fill('1');
    await confirm.getByRole('button', { name: 'Yes, start' }).click();
    await assign.waitFor({ state: 'detached' });
    await host.waitForFunction(() => document.getElementById('m').s.rooms.length === 2);
    const rooms = await roomsSeenByHost(host);
    for (const [title, who] of rooms.slice(1)) for (const n of who) await expectRoom(pages[n], title, who);
    const adaRoom = rooms.slice(1).find(([, who]) => who.includes('Ada'))[0];

    // every page counts down from the server's deadline (1:00 at most, and running)
    for (const name of ['Hana Host', 'Ada', 'Bo', 'Cy']) {
      const t = await timerText(pages[name]);
      const left = seconds(t);
      assert.ok(left > 30 && left <= 60, `${name} shows ${t}`);
    }
    const ada = pages.Ada;
    const a0 = seconds(await timerText(ada));
    await ada.waitForTimeout(2200);
    assert.ok(seconds(await timerText(ada)) < a0, 'the countdown runs');
    // only the host gets the controls (self.can.alterConnectedMeetings from the core)
    assert.equal(await ada.getByRole('button', { name: 'Add 5 minutes' }).count(), 0);
    await host.getByRole('button', { name: 'Add 5 minutes' }).click();
    await ada.waitForFunction(() => document.getElementById('m').s.timerRemainingMs() > 5 * 60 * 1000);
    assert.ok(seconds(await timerText(ada)) > 300, 'extended for the participants too');

    // broadcast from the live dialog: a banner in each room and a line in its chat
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const live = host.getByRole('dialog', { name: 'Breakout Rooms' });
    // the host sets a new timer of 10 minutes on the running breakout
    await live.getByRole('spinbutton', { name: 'Minutes until the rooms close' }).fill('10');
    await live.getByRole('button', { name: 'Change timer' }).click();
    await ada.waitForFunction(() => { const t = document.getElementById('m').s.timerRemainingMs(); return t > 9 * 60000 && t <= 10 * 60000; });
    await live.getByRole('textbox', { name: 'Message to all rooms' }).fill('Two minutes to wrap up');
    await live.getByRole('button', { name: 'Broadcast' }).click();
    for (const name of ['Ada', 'Bo', 'Cy']) {
      const banner = pages[name].getByRole('status', { name: 'Message from the host' });
      await banner.getByText('Two minutes to wrap up').waitFor();
      await banner.getByText('Message from Hana Host:').waitFor();
      await pages[name].waitForFunction(() => document.getElementById('m').s.messages.some((m) => m.message === 'Two minutes to wrap up'));
    }
    assert.equal(await host.getByRole('status', { name: 'Message from the host' }).count(), 0, 'the host in the main room is not a target');
    // to one chosen room only: its members get it, the other room's do not
    const [otherRoom, otherWho] = rooms.slice(1).find(([, who]) => !who.includes('Ada'));
    await live.getByRole('combobox', { name: 'Send to' }).selectOption({ label: adaRoom });
    await live.getByRole('textbox', { name: 'Message to all rooms' }).fill('Only for you');
    await live.getByRole('button', { name: 'Broadcast' }).click();
    await ada.getByRole('status', { name: 'Message from the host' }).getByText('Only for you').waitFor();
    await ada.waitForTimeout(1000);
    for (const n of otherWho) {
      const texts = await pages[n].evaluate(() => document.getElementById('m').s.messages.map((m) => m.message));
      assert.ok(!texts.includes('Only for you'), `${n} in ${otherRoom} did not get the message for ${adaRoom}`);
    }
    await live.getByRole('button', { name: 'Close dialog' }).click();

    // Ada asks for help; the host sees it with the room and joins in one click
    await ada.bringToFront();
    await ada.getByRole('button', { name: 'Ask for help' }).click();
    await ada.getByRole('button', { name: 'Cancel help request' }).waitFor();
    const queue = host.getByRole('region', { name: 'Help requests' }).or(host.locator('rtk-help-queue section')).first();
    await queue.getByText(`in ${adaRoom}`).waitFor();
    assert.equal(await pages.Bo.getByRole('button', { name: /^Join .* to help/ }).count(), 0, 'participants see no queue');
    await host.bringToFront();
    await queue.getByRole('button', { name: `Join ${adaRoom} to help Ada` }).click();
    await roomHeading(host, adaRoom).waitFor();
    await host.waitForFunction(() => document.getElementById('m').s.helpRequests.length === 0);
    await ada.getByRole('button', { name: 'Ask for help' }).waitFor(); // resolved: the button is back
    assert.equal(await host.locator('rtk-help-queue section').count(), 0);

    // the deadline comes closer (REST, the API key); the server warns every room, then closes
    const r = await api('POST', `/v2/meetings/${meetingId}/connected-meetings/timer`, { duration_ms: 8000, grace_ms: 5000 });
    assert.ok(r.version > 0);
    for (const name of ['Hana Host', 'Ada', 'Bo', 'Cy']) await pages[name].getByRole('alert', { name: /^Rooms close in 0:0[0-5]/ }).waitFor();
    for (const name of ['Hana Host', 'Ada', 'Bo', 'Cy']) await roomHeading(pages[name], 'Main Room').waitFor();
    await expectRoom(host, 'Main Room', ['Hana Host', 'Ada', 'Bo', 'Cy']);
    for (const name of ['Hana Host', 'Ada']) {
      assert.equal(await pages[name].getByRole('timer').count(), 0, `${name}: no timer after the close`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await closeAll(pages);
  }
});
