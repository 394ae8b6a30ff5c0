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

export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'rtk-e2e-examples-'));
  const proc = spawn(SERVER_BIN, ['--port', '0', '--data-dir', dataDir, '--static-dir', STATIC_DIR, '--api-key', API_KEY],
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

/**
 * Creates "Main Room" with a host and two participants and opens `${base}/${example}/?authToken=…`
 * for each in its own browser context. Returns the pages by name and the page errors seen.
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
    page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
    if (initScript) await page.addInitScript(initScript);
    await page.goto(`${server.base}/${example}/?authToken=${encodeURIComponent(p.token)}&audio=off`);
    pages[name] = page;
  }
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
  for (const name of Object.keys(pages)) await check(name, 'Main Room', 3);
}

export async function closeGroup(pages) {
  for (const p of Object.values(pages)) await p.context().close();
}
