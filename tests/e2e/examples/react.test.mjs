// examples/react (Vite build, served at /react/) in real Chromium against the real rtk-server:
// RealtimeKitProvider + RtkMeeting + a panel made of useRealtimeKitSelector. The room title
// and count are read from the custom panel, so they prove that the provider followed each
// switch and the selectors re-rendered. The <rtk-meeting> element must stay the same DOM node
// through every switch (no unmount, no fallback frame: RealtimeKit's React hook unmounts).
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
  requireBuilt('react');
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Counts every <rtk-meeting> removed from the document and every time the provider's fallback
// ("Joining…") appears after a meeting was first shown.
const watchScript = () => {
  window.__rtkRemoved = 0;
  window.__fallbackAfterJoin = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.removedNodes) {
        if (n.nodeType === 1 && (n.localName === 'rtk-meeting' || n.querySelector?.('rtk-meeting'))) window.__rtkRemoved++;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && window.__firstMeetingEl && (n.matches?.('.status') || n.querySelector?.('.status'))) window.__fallbackAfterJoin++;
      }
    }
  }).observe(document, { subtree: true, childList: true });
};

test('react example: panel follows breakout, three switches and close; RtkMeeting never unmounts', { skip, timeout: 300000 }, async () => {
  const { pages, problems } = await openGroup(server, browser, 'react', { initScript: watchScript });
  const title = panelTitleOf.react;
  const count = async (page) => Number.parseInt(await page.getByTestId('room-count').textContent(), 10);
  await breakoutScenario({
    pages,
    title,
    count,
    afterEach: async (name, page) => {
      const s = await page.evaluate(() => {
        const el = document.querySelector('rtk-meeting');
        window.__firstMeetingEl ??= el;
        return { same: window.__firstMeetingEl === el && el.isConnected, removed: window.__rtkRemoved, fallback: window.__fallbackAfterJoin };
      });
      assert.deepEqual(s, { same: true, removed: 0, fallback: 0 }, `${name}: <rtk-meeting> stayed mounted, no fallback frame`);
      // the room's title is shown once (the app's panel does not repeat the header's)
      const t = await title(page);
      assert.equal(await timesShown(page, t), 1, `${name}: "${t}" is shown once`);
    },
  });
  // the element's meeting and the panel's meeting are the same, current object
  for (const [name, page] of Object.entries(pages)) {
    const inMain = await page.evaluate(() => document.querySelector('rtk-meeting').meeting.meta.isParent);
    assert.equal(inMain, true, `${name}'s <rtk-meeting> has the main meeting`);
  }
  assert.deepEqual(problems, []);
  await closeGroup(pages);
});

test('react example: a bad, changed or expired link and an unreachable server each show a readable screen in front', { skip, timeout: 120000 }, async () => {
  await errorScreenScenario(server, browser, 'react');
});

test('react example: no control the preset forbids; a preset change updates the controls live', { skip, timeout: 120000 }, async () => {
  await permissionsScenario(server, browser, 'react');
});

test('react example: the same link in a second tab: "You joined from another tab or device", and back', { skip, timeout: 120000 }, async () => {
  await secondTabScenario(server, browser, 'react');
});

test('react example: the room limit comes from the server (--max-meetings)', { skip, timeout: 120000 }, async () => {
  await roomLimitScenario(browser, 'react');
});

test('react example: device picker on the setup screen, phone layout, camera released while off, reload in a room keeps media and chat', { skip, timeout: 180000 }, async () => {
  await phoneMediaScenario(server, browser, 'react');
});
