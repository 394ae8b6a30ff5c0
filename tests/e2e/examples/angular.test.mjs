// examples/angular (Angular CLI build, served at /angular/) in real Chromium against the real
// rtk-server: a standalone app importing RealtimeKitComponentsModule, <rtk-meeting
// [(meeting)]="…">, and a panel whose title comes from the app's own meeting field. The title
// following each switch proves that the component's meetingChange output (two-way binding)
// handed the new meeting object to the app; zone.js is on, so inputs and listeners run
// outside the zone and outputs re-enter it.
//
// Run: node --test --test-concurrency=1 tests/e2e/examples/
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { phoneMediaScenario } from './phone-media.mjs';
import { panelTitleOf, timesShown, breakoutScenario, closeGroup, errorScreenScenario, launchBrowser, permissionsScenario, roomLimitScenario, secondTabScenario, openGroup, requireBuilt, skipReason, startServer } from './harness.mjs';

const skip = skipReason();
let server;
let browser;

before(async () => {
  if (skip) return;
  requireBuilt('angular');
  requireBuilt('angular', 'openrtk.wasm');
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('angular example: app panel follows breakout, three switches and close; rtk-meeting stays mounted', { skip, timeout: 300000 }, async () => {
  const { pages, problems } = await openGroup(server, browser, 'angular');
  const title = panelTitleOf.angular;
  const count = async (page) => Number.parseInt(await page.getByTestId('room-count').textContent(), 10);
  await breakoutScenario({
    pages,
    title,
    count,
    afterEach: async (name, page) => {
      const same = await page.evaluate(() => {
        const el = document.querySelector('rtk-meeting');
        window.__firstMeetingEl ??= el;
        return window.__firstMeetingEl === el && el.isConnected;
      });
      assert.equal(same, true, `${name}: <rtk-meeting> stayed the same element`);
      // the room's title is shown once (the app's panel does not repeat the header's)
      const t = await title(page);
      assert.equal(await timesShown(page, t), 1, `${name}: "${t}" is shown once`);
    },
  });
  for (const [name, page] of Object.entries(pages)) {
    const header = await page.locator('rtk-meeting header h1').textContent();
    assert.equal(header, 'Main Room', `${name}'s meeting header`);
  }
  assert.deepEqual(problems, []);
  await closeGroup(pages);
});

test('angular example: a bad, changed or expired link and an unreachable server each show a readable screen in front', { skip, timeout: 120000 }, async () => {
  await errorScreenScenario(server, browser, 'angular');
});

test('angular example: no control the preset forbids; a preset change updates the controls live', { skip, timeout: 120000 }, async () => {
  await permissionsScenario(server, browser, 'angular');
});

test('angular example: the same link in a second tab: "You joined from another tab or device", and back', { skip, timeout: 120000 }, async () => {
  await secondTabScenario(server, browser, 'angular');
});

test('angular example: the room limit comes from the server (--max-meetings)', { skip, timeout: 120000 }, async () => {
  await roomLimitScenario(browser, 'angular');
});

test('angular example: device picker on the setup screen, phone layout, camera released while off, reload in a room keeps media and chat', { skip, timeout: 180000 }, async () => {
  await phoneMediaScenario(server, browser, 'angular');
});
