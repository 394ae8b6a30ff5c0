// Shared harness for the example apps' browser tests: the real rtk-server (RTK_SERVER_BIN)
// serving the staged static dir (RTK_STATIC_DIR, default build/static, laid out by
// scripts/build.sh: sdk/, ui/, script-tag/, react/, angular/), Debian's Chromium through
// playwright-core with fake media devices, and the breakout scenario every example must pass.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const API_KEY = 'examples-e2e-api-key-0123456789';
export const STATIC_DIR = resolve(root, process.env.RTK_STATIC_DIR || 'build/static');
export const SERVER_BIN = resolve(root, process.env.RTK_SERVER_BIN || 'build/native/src/server/rtk-server');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection'];

/** Why the real stack cannot run here (skip reason), or false. A missing example build is a failure, not a skip. */
export function skipReason() {
  const missing = [];
  if (!existsSync(SERVER_BIN)) missing.push(`rtk-server (${SERVER_BIN}; set RTK_SERVER_BIN)`);
  if (!existsSync(join(STATIC_DIR, 'sdk/browser.js'))) missing.push(`${STATIC_DIR}/sdk (run scripts/build.sh or set RTK_STATIC_DIR)`);
  return missing.length ? `real stack not available: ${missing.join(', ')}` : false;
}

export function requireBuilt(example, file = 'index.html') {
  const p = join(STATIC_DIR, example, file);
  assert.ok(existsSync(p), `${p} is missing: build the example (scripts/build.sh) before this test`);
}

/** rtk-server on a free port serving `staticDir` (default STATIC_DIR) with a fresh data dir;
 *  {base, api(method, path, body), stderr(), stop()}. */
export async function startServer({ args = [], staticDir = STATIC_DIR } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtk-e2e-examples-'));
  const proc = spawn(SERVER_BIN, ['--port', '0', '--data-dir', dataDir, '--static-dir', staticDir, '--api-key', API_KEY, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  const port = await new Promise((res, rej) => {
    let buf = '';
    const t = setTimeout(() => rej(new Error(`rtk-server did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      buf += d;
      for (let i; (i = buf.indexOf('\n')) >= 0;) {
        const line = buf.slice(0, i); buf = buf.slice(i + 1);
        try { const j = JSON.parse(line); if (j.event === 'listening') { clearTimeout(t); res(j.port); } } catch { /* log line */ }
      }
    });
    exited.then((e) => rej(new Error(`rtk-server exited ${JSON.stringify(e)}: ${stderr}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  async function api(method, path, body) {
    const r = await fetch(base + path, {
      method, headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json.data;
  }
  return {
    base,
    api,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: ARGS });
}

export const HOST = 'Hana Host';
export const PEOPLE = [[HOST, 'group_call_host'], ['Ada', 'group_call_participant'], ['Bo', 'group_call_participant']];

/** Records page errors and failed (4xx/5xx) requests, e.g. a favicon 404, into `problems`. */
export function watchPage(page, name, problems) {
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${name}: HTTP ${r.status()} ${new URL(r.url()).pathname}`); });
}

/** The examples open with the setup screen (camera preview, name): press its Join. */
export async function joinFromSetup(page) {
  const join = page.getByRole('form', { name: 'Join meeting' }).getByRole('button', { name: 'Join', exact: true });
  await join.click();
  await join.waitFor({ state: 'detached' });
}

/**
 * Creates "Main Room" with a host and two participants and opens `${base}/${example}/?authToken=…`
 * for each in its own browser context, then presses Join on each setup screen. Returns the
 * pages by name and the problems seen (page errors, failed requests).
 */
export async function openGroup(server, browser, example, { initScript } = {}) {
  const meeting = await server.api('POST', '/v2/meetings', { title: 'Main Room' });
  const pages = {};
  const problems = [];
  for (const [name, preset] of PEOPLE) {
    const p = await server.api('POST', `/v2/meetings/${meeting.id}/participants`, {
      name, preset_name: preset, custom_participant_id: `c-${name}`,
    });
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 720 } });
    const page = await ctx.newPage();
    page.setDefaultTimeout(45000);
    watchPage(page, name, problems);
    if (initScript) await page.addInitScript(initScript);
    await page.goto(`${server.base}/${example}/?authToken=${encodeURIComponent(p.token)}&audio=off`);
    pages[name] = page;
  }
  for (const page of Object.values(pages)) await joinFromSetup(page);
  return { meetingId: meeting.id, pages, problems };
}

/** Polls `read(page)` until it equals `want` (bounded); fails with the last value read. */
export async function expectText(page, read, want, what, timeout = 45000) {
  const t0 = Date.now();
  let got;
  while (Date.now() - t0 < timeout) {
    got = await read(page).catch((e) => `(error: ${e.message})`);
    if (got === want) return;
    await page.waitForTimeout(150);
  }
  assert.equal(got, want, what);
}

/**
 * The scenario of issue 6, driven through the UI only: host and two participants join; the
 * host starts a breakout (Ada -> Room 1, Bo -> Room 2); each moved participant's app shows the
 * new room's title without a reload (`title(page)` reads it the way the example shows it); a
 * second switch (Ada -> Room 2) and a third (Ada -> Room 1) also show; Close Breakout returns
 * everyone to "Main Room". `count(page)`, when given, reads the participant count shown.
 */
export async function breakoutScenario({ pages, title, count, afterEach }) {
  const host = pages[HOST];
  const check = async (name, want, n) => {
    await expectText(pages[name], title, want, `${name}'s app shows the room title`);
    if (count && n !== undefined) await expectText(pages[name], count, n, `${name}'s app shows the participant count in ${want}`);
    if (afterEach) await afterEach(name, pages[name]);
  };
  for (const name of Object.keys(pages)) await check(name, 'Main Room', 3);

  // the host starts a breakout through the UI: 2 rooms, Ada -> Room 1, Bo -> Room 2
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  await host.getByRole('dialog', { name: 'Create Breakout' }).getByRole('button', { name: 'Create', exact: true }).click();
  const assign = host.getByRole('dialog', { name: 'Assign Participants' });
  const pool = assign.getByRole('list', { name: 'Unassigned participants' });
  await pool.getByRole('button', { name: 'Ada', exact: true }).click();
  await assign.getByRole('button', { name: 'Assign to Room 1' }).click();
  await pool.getByRole('button', { name: 'Bo', exact: true }).click();
  await assign.getByRole('button', { name: 'Assign to Room 2' }).click();
  await assign.getByRole('button', { name: 'Start Breakout' }).click();
  await host.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();
  await assign.waitFor({ state: 'detached' });

  await check('Ada', 'Room 1', 1); // switch 1
  await check('Bo', 'Room 2', 1);
  await check(HOST, 'Main Room', 1);

  const move = async (who, to) => {
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const live = host.getByRole('dialog', { name: 'Breakout Rooms' });
    await live.getByRole('button', { name: who, exact: true }).click();
    await live.getByRole('button', { name: `Move selected to ${to}` }).click();
    await live.getByRole('list', { name: `Participants in ${to}` }).getByRole('button', { name: who, exact: true }).waitFor();
    await live.getByRole('button', { name: 'Close dialog' }).click();
    await live.waitFor({ state: 'detached' });
  };
  await move('Ada', 'Room 2');
  await check('Ada', 'Room 2', 2); // switch 2
  await check('Bo', 'Room 2', 2);
  await move('Ada', 'Room 1');
  await check('Ada', 'Room 1', 1); // switch 3
  await check('Bo', 'Room 2', 1);

  // Close Breakout returns everyone to the main meeting
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  await host.getByRole('dialog', { name: 'Breakout Rooms' }).getByRole('button', { name: 'Close Breakout' }).click();
  await host.getByRole('dialog', { name: 'Close all breakout rooms?' }).getByRole('button', { name: 'Yes, close' }).click();
  for (const name of Object.keys(pages)) await check(name, 'Main Room', 3);
}

/** The room title as the React and Angular apps' own panels carry it (data-room-title: the
 *  title is shown once, in <rtk-meeting>'s header). */
const panelTitle = (page) => page.getByTestId('room-panel').getAttribute('data-room-title');
export const panelTitleOf = { react: panelTitle, angular: panelTitle };

/** How many visible elements show exactly `text` (a title must be shown once). */
export async function timesShown(page, text) {
  const all = page.getByText(text, { exact: true });
  let n = 0;
  for (let i = 0; i < (await all.count()); i++) if (await all.nth(i).isVisible()) n++;
  return n;
}

export async function closeGroup(pages) {
  for (const p of Object.values(pages)) await p.context().close();
}

/** True when the element `loc` resolves to is what the user sees at its centre (not covered). */
export function inFront(loc) {
  return loc.evaluate((h) => {
    const r = h.getBoundingClientRect();
    const x = r.x + r.width / 2;
    const y = r.y + r.height / 2;
    let e = document.elementFromPoint(x, y);
    while (e?.shadowRoot) { const d = e.shadowRoot.elementFromPoint(x, y); if (!d || d === e) break; e = d; }
    return e === h || h.contains(e);
  });
}

/**
 * Issue 14: every way of opening a bad link ends on a readable screen in front of the page:
 * a token that is not one, a token that was changed, an expired link (a server with
 * --token-ttl 1), and an unreachable server, with "Try again" that then works.
 */
export async function errorScreenScenario(server, browser, example) {
  const problems = [];
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => problems.push(e.message));
  const url = (base, token) => `${base}/${example}/?authToken=${encodeURIComponent(token)}&audio=off`;
  const expectScreen = async (title, hint, retry) => {
    const h = page.getByRole('heading', { name: title });
    await h.waitFor();
    assert.equal(await inFront(h), true, `${example}: "${title}" is in front`);
    await page.getByText(hint).first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), retry ? 1 : 0, `${example}: "${title}" Try again`);
    // no raw developer text as the message
    assert.equal(await page.getByText('authToken must be a participant JWT', { exact: true }).count(), 0);
  };
  const meeting = await server.api('POST', '/v2/meetings', { title: 'Main Room' });
  const p = await server.api('POST', `/v2/meetings/${meeting.id}/participants`, { name: 'Eve', preset_name: 'group_call_participant', custom_participant_id: 'c-eve' });

  await page.goto(url(server.base, 'not-a-meeting-token'));
  await expectScreen('This is not a meeting link', /copied the whole link/, false);
  const [h, b, sig] = p.token.split('.');
  await page.goto(url(server.base, `${h}.${b}.${sig.slice(0, -4)}AAAA`));
  await expectScreen('This is not a meeting link', /copied the whole link/, false);

  const shortLived = await startServer({ args: ['--token-ttl', '1'] });
  try {
    const m2 = await shortLived.api('POST', '/v2/meetings', { title: 'Main Room' });
    const p2 = await shortLived.api('POST', `/v2/meetings/${m2.id}/participants`, { name: 'Eve', preset_name: 'group_call_participant', custom_participant_id: 'c-eve' });
    await new Promise((r) => setTimeout(r, 2200));
    await page.goto(url(shortLived.base, p2.token));
    await expectScreen('This meeting link has expired', /Ask the host for a new link/, false);
  } finally {
    await shortLived.stop();
  }

  await page.route('**/v2/internals/participant-details', (r) => r.abort('connectionrefused'));
  await page.goto(url(server.base, p.token));
  await expectScreen('Cannot reach the meeting server', /Check your internet connection/, true);
  await page.unroute('**/v2/internals/participant-details');
  await page.getByRole('button', { name: 'Try again' }).click(); // clickable: nothing covers it
  await joinFromSetup(page);
  await page.locator('rtk-meeting header h1').filter({ hasText: 'Main Room' }).waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
}

/** Opens `example` for a new participant of a new meeting in its own context and joins it. */
export async function openOne(server, browser, example, { name = 'Eve', preset = 'group_call_participant', meetingId, viewport } = {}) {
  const id = meetingId ?? (await server.api('POST', '/v2/meetings', { title: 'Main Room' })).id;
  const p = await server.api('POST', `/v2/meetings/${id}/participants`, { name, preset_name: preset, custom_participant_id: `c-${name}` });
  const ctx = await browser.newContext({ viewport: viewport ?? { width: 1100, height: 720 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(`${server.base}/${example}/?authToken=${encodeURIComponent(p.token)}&audio=off`);
  await joinFromSetup(page);
  await page.locator('rtk-meeting header h1').filter({ hasText: 'Main Room' }).waitFor();
  return { page, ctx, meetingId: id, participant: p };
}

/**
 * Issue 14: no control the participant's preset forbids is offered, and a preset change over
 * REST updates the controls live (group_call_participant may vote but not create polls).
 */
export async function permissionsScenario(server, browser, example) {
  const problems = [];
  const host = await openOne(server, browser, example, { name: 'Hana', preset: 'group_call_host' });
  const eve = await openOne(server, browser, example, { name: 'Eve', meetingId: host.meetingId });
  for (const x of [host, eve]) watchPage(x.page, x === host ? 'host' : 'eve', problems);
  await host.page.getByRole('button', { name: 'Polls' }).click();
  await host.page.getByLabel('Question').fill('Lunch?');
  await host.page.getByLabel('Option 1').fill('Yes');
  await host.page.getByLabel('Option 2').fill('No');
  await host.page.getByRole('button', { name: 'Create poll' }).click();
  await eve.page.getByRole('button', { name: 'Polls' }).click();
  await eve.page.getByRole('button', { name: 'Vote Yes, 0 votes' }).waitFor();
  assert.equal(await eve.page.getByRole('button', { name: 'Create poll' }).count(), 0, `${example}: no create-poll form for a participant`);
  assert.equal(await eve.page.getByRole('button', { name: 'Breakout Rooms' }).count(), 0, `${example}: no breakout management for a participant`);
  await server.api('PATCH', `/v2/meetings/${host.meetingId}/participants/${eve.participant.id}`, { preset_name: 'group_call_host' });
  await eve.page.getByRole('button', { name: 'Create poll' }).waitFor(); // live, no reload
  await eve.page.getByRole('button', { name: 'Breakout Rooms' }).waitFor();
  assert.deepEqual(problems, []);
  await host.ctx.close();
  await eve.ctx.close();
}

/**
 * Issue 14: the same link opened in a second tab takes the meeting over; the first tab says so
 * (not "Connection lost. Reconnecting…" forever) and its button takes the meeting back.
 */
export async function secondTabScenario(server, browser, example) {
  const first = await openOne(server, browser, example, { name: 'Eve' });
  const second = await first.ctx.newPage();
  second.setDefaultTimeout(30000);
  await second.goto(first.page.url());
  await joinFromSetup(second);
  await second.locator('rtk-meeting header h1').filter({ hasText: 'Main Room' }).waitFor();
  await first.page.getByRole('heading', { name: 'You joined from another tab or device' }).waitFor();
  await first.page.waitForTimeout(1500); // and it stays that way
  assert.equal(await first.page.getByText('Connection lost. Reconnecting…').count(), 0, `${example}: no endless reconnecting banner`);
  await first.page.getByRole('button', { name: 'Use the meeting here' }).click();
  await joinFromSetup(first.page);
  await first.page.locator('rtk-meeting header h1').filter({ hasText: 'Main Room' }).waitFor();
  await second.getByRole('heading', { name: 'You joined from another tab or device' }).waitFor();
  await first.ctx.close();
}

/** Issue 14: the Create Breakout dialog shows the server's room limit (a server started with
 *  --max-meetings 3) and stops there. */
export async function roomLimitScenario(browser, example) {
  const limited = await startServer({ args: ['--max-meetings', '3'] });
  try {
    const host = await openOne(limited, browser, example, { name: 'Hana', preset: 'group_call_host' });
    await host.page.getByRole('button', { name: 'Breakout Rooms' }).click();
    const create = host.page.getByRole('dialog', { name: 'Create Breakout' });
    await create.getByText('This server allows up to 3 breakout rooms.').waitFor();
    const more = create.getByRole('button', { name: 'More rooms' });
    await more.click(); // 2 (the default) -> 3
    assert.equal(await create.getByRole('spinbutton', { name: 'Number of rooms' }).inputValue(), '3');
    assert.equal(await more.isDisabled(), true, `${example}: More rooms disabled at the server's limit`);
    await host.ctx.close();
  } finally {
    await limited.stop();
  }
}
