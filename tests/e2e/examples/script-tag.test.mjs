// examples/script-tag in real Chromium against the real rtk-server: the page loads the IIFE
// builds by script tag and shows <rtk-meeting> for ?authToken=; the breakout scenario runs
// through the UI and each page's meeting header shows the room it is in.
//
// Run: node --test --test-concurrency=1 tests/e2e/examples/
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { phoneMediaScenario } from './phone-media.mjs';
import { breakoutScenario, closeGroup, errorScreenScenario, launchBrowser, permissionsScenario, roomLimitScenario, secondTabScenario, openGroup, requireBuilt, skipReason, startServer } from './harness.mjs';

const skip = skipReason();
let server;
let browser;

before(async () => {
  if (skip) return;
  requireBuilt('script-tag');
  requireBuilt('ui', 'browser.js');
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('script-tag example: breakout, three switches and close, titles follow without reload', { skip, timeout: 300000 }, async () => {
  const { pages, problems } = await openGroup(server, browser, 'script-tag');
  const title = (page) => page.locator('rtk-meeting header h1').textContent();
  // no reload: a value put on window at load survives every switch
  for (const p of Object.values(pages)) await p.evaluate(() => { window.__loadMark = 'loaded-once'; });
  await breakoutScenario({
    pages,
    title,
    afterEach: async (name, page) => assert.equal(await page.evaluate(() => window.__loadMark), 'loaded-once', `${name}'s page was not reloaded`),
  });
  // the page's own reference follows too (rtkMeetingChanged)
  const ids = await Promise.all(Object.values(pages).map((p) => p.evaluate(() => window.meeting.meta.meetingId)));
  assert.equal(new Set(ids).size, 1, 'every page ends in the same (main) meeting');
  assert.deepEqual(problems, []);
  await closeGroup(pages);
});

test('script-tag example without a token explains what to do', { skip, timeout: 60000 }, async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.base}/script-tag/`);
  await page.getByText('Open this page with ?authToken=').waitFor({ timeout: 20000 });
  await ctx.close();
});

test('script-tag example: a bad, changed or expired link and an unreachable server each show a readable screen in front', { skip, timeout: 120000 }, async () => {
  await errorScreenScenario(server, browser, 'script-tag');
});

test('script-tag example: no control the preset forbids; a preset change updates the controls live', { skip, timeout: 120000 }, async () => {
  await permissionsScenario(server, browser, 'script-tag');
});

test('script-tag example: the same link in a second tab: "You joined from another tab or device", and back', { skip, timeout: 120000 }, async () => {
  await secondTabScenario(server, browser, 'script-tag');
});

test('script-tag example: the room limit comes from the server (--max-meetings)', { skip, timeout: 120000 }, async () => {
  await roomLimitScenario(browser, 'script-tag');
});

test('script-tag example: device picker on the setup screen, phone layout, camera released while off, reload in a room keeps media and chat', { skip, timeout: 180000 }, async () => {
  // the README's phone setup-screen screenshot comes from this run
  await phoneMediaScenario(server, browser, 'script-tag', { screenshot: 'docs/screenshots/phone-setup.png' });
});
