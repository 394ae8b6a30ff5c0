// Browser tests (in-page FAKE meeting, see ui/test/fixtures/fake-meeting.js) of what a new user
// hit in issue 14: readable error screens, controls offered only when permitted (and updated
// live), toasts that time out, stay while hovered, never cover the header or the control bar
// and are announced; the setup screen without a half-rendered flash; phone-sized screens.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serveStatic, launch, guardPage, openScenario } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const uiRoot = join(here, '..', '..');
const shots = join(uiRoot, '..', 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

let srv; let browser;
before(async () => { srv = await serveStatic(uiRoot); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const open = (opts, viewport, beforeSetup) => openScenario(browser, srv.url, { ...opts, colorScheme: 'light' }, { viewport, beforeSetup });
const box = (loc) => loc.evaluate((e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; });
const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test('error screen: readable, in front of <rtk-meeting mode="fill">, Try again only when it can help', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
  const problems = [];
  guardPage(page, problems);
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204 }));
  await page.goto(`${srv.url}/test/fixtures/blank.html`);
  await page.addScriptTag({ url: `${srv.url}/dist/browser.js` });
  await page.evaluate(() => {
    const el = document.createElement('rtk-meeting');
    el.setAttribute('mode', 'fill');
    el.id = 'm';
    document.body.append(el);
    window.retries = 0;
    el.addEventListener('rtkRetry', () => { window.retries++; });
  });
  const cases = [
    [{ code: 'unauthenticated', reason: 'token_expired', message: 'token expired' }, 'This meeting link has expired', /ask the host for a new link/i, false],
    [{ code: 'unauthenticated', reason: 'token_malformed', message: 'authToken must be a participant JWT' }, 'This is not a meeting link', /copied the whole link/, false],
    [{ code: 'unavailable', message: 'cannot reach http://127.0.0.1:1' }, 'Cannot reach the meeting server', /Check your internet connection/, true],
  ];
  for (const [err, title, hint, retry] of cases) {
    await page.evaluate((e) => { document.getElementById('m').error = e; }, err);
    const heading = page.getByRole('heading', { name: title });
    await heading.waitFor();
    await page.getByRole('alert').getByText(hint).waitFor();
    // it is what the user sees: the topmost element at the heading's centre is the screen
    const top = await heading.evaluate((h) => {
      const r = h.getBoundingClientRect();
      let e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      while (e?.shadowRoot?.elementFromPoint) { const d = e.shadowRoot.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); if (!d || d === e) break; e = d; }
      return e?.id === 't' || e === h;
    });
    assert.equal(top, true, `${title} is in front`);
    // the developer's message is not the headline (only under "Details for support")
    assert.equal(await page.getByRole('heading', { name: err.message }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Try again' }).count(), retry ? 1 : 0, `${title}: Try again offered = ${retry}`);
  }
  await page.getByRole('button', { name: 'Try again' }).click();
  assert.equal(await page.evaluate(() => window.retries), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('permissions: no create-poll, vote or chat controls without permission; they follow a live change', async () => {
  const people = [
    { id: 'host', name: 'Hana Host', preset: 'host', ui: true },
    { id: 'p1', name: 'Ada', preset: 'participant', ui: true, can: { createPoll: false } },
  ];
  const { page, problems } = await open({ people }, { width: 1500, height: 760 });
  const host = page.locator('#ui-host');
  const ada = page.locator('#ui-p1');
  await ada.getByRole('heading', { name: 'Main Room' }).waitFor();
  await host.getByRole('button', { name: 'Polls' }).click();
  await host.getByLabel('Question').fill('Lunch?');
  await host.getByLabel('Option 1').fill('Yes');
  await host.getByLabel('Option 2').fill('No');
  await host.getByRole('button', { name: 'Create poll' }).click();
  await ada.getByRole('button', { name: 'Polls' }).click();
  await ada.getByRole('button', { name: 'Vote Yes, 0 votes' }).waitFor();
  // Ada may vote but not create: no form to fill in only to be refused
  assert.equal(await ada.getByRole('form', { name: 'Create a poll' }).count(), 0);
  assert.equal(await ada.getByRole('button', { name: 'Create poll' }).count(), 0);
  // the preset changes (REST): the form appears without a reload
  await page.evaluate(() => window.server.setCan('p1', { createPoll: true }));
  await ada.getByRole('button', { name: 'Create poll' }).waitFor();
  // voting taken away: the results stay readable, no Vote buttons
  await page.evaluate(() => window.server.setCan('p1', { votePoll: false }));
  await ada.getByRole('button', { name: /^Vote / }).first().waitFor({ state: 'detached' });
  await ada.getByRole('group', { name: 'Lunch?' }).getByText('Yes').waitFor();
  // chat: no message box when sending is not allowed, back when it is
  await ada.getByRole('button', { name: 'Chat' }).click();
  await ada.getByRole('textbox', { name: 'Message' }).waitFor();
  await page.evaluate(() => window.server.setCan('p1', { sendChat: false }));
  await ada.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'detached' });
  await ada.getByText('sending messages is not allowed').waitFor();
  await page.evaluate(() => window.server.setCan('p1', { sendChat: true }));
  await ada.getByRole('textbox', { name: 'Message' }).waitFor();
  // polls not viewable: no Polls button
  await page.evaluate(() => window.server.setCan('p1', { viewPolls: false }));
  await ada.getByRole('button', { name: 'Polls' }).waitFor({ state: 'detached' });
  // breakout management: only for the host
  assert.equal(await ada.getByRole('button', { name: 'Breakout Rooms' }).count(), 0);
  assert.equal(await host.getByRole('button', { name: 'Breakout Rooms' }).count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('toasts: time out, stay while hovered, never cover the header or the control bar, announced', async () => {
  const people = [
    { id: 'host', name: 'Hana Host', preset: 'host', ui: true },
    { id: 'p1', name: 'Ada', preset: 'returner' },
  ];
  const { page, problems } = await open({ people, toastMs: 1500 });
  const host = page.locator('#ui-host');
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  // the live region is there before anything happens (so screen readers announce additions)
  const region = host.getByRole('region', { name: 'Notifications' });
  assert.equal(await region.getAttribute('aria-live'), 'assertive');
  await page.evaluate(() => window.server.startBreakout('host', { meetings: [{ title: 'Room 1' }], assignments: [{ participantId: 'host', meetingIndex: 0 }] }));
  await host.getByRole('heading', { name: 'Room 1' }).waitFor();
  for (let i = 0; i < 4; i++) await page.evaluate(() => window.server.failNext('moveParticipants', 'unavailable'));
  const back = host.getByRole('button', { name: 'Switch to Parent Meeting' });
  for (let i = 0; i < 4; i++) {
    await back.click(); // clickable with toasts on screen
    await host.getByRole('alert').nth(i).waitFor();
  }
  const toasts = host.getByRole('alert');
  assert.equal(await toasts.count(), 4);
  await toasts.first().getByText('Could not switch to the parent meeting').waitFor();
  const header = await box(host.locator('header'));
  const bar = await box(host.getByRole('toolbar', { name: 'Meeting controls' }));
  for (let i = 0; i < 4; i++) {
    const t = await box(toasts.nth(i));
    assert.ok(!overlaps(t, header), `toast ${i} clear of the header`);
    assert.ok(!overlaps(t, bar), `toast ${i} clear of the control bar`);
  }
  // hovered: kept well past the timeout
  await toasts.first().hover();
  await page.waitForTimeout(2500);
  assert.equal(await toasts.count(), 4, 'kept while hovered');
  await page.mouse.move(5, 400);
  await toasts.first().waitFor({ state: 'detached', timeout: 10000 });
  assert.equal(await toasts.count(), 0, 'all timed out');
  // the button still works
  await back.click();
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

const HOST_AND_3 = [
  { id: 'host', name: 'Hana Host', preset: 'host', ui: true },
  { id: 'p1', name: 'Ada', preset: 'returner' },
  { id: 'p2', name: 'Bo', preset: 'returner' },
  { id: 'p3', name: 'Cy', preset: 'switcher' },
];

test('no setup screen: a calm "Joining the meeting…" during a slow join, never a half-rendered setup card', async () => {
  // samples every frame from before <rtk-meeting> exists until the meeting shows
  const sampler = () => {
    window.seen = { setupCard: 0, joiningStatus: 0, frames: 0 };
    const tick = () => {
      const root = window.els?.host?.shadowRoot;
      if (root) {
        window.seen.frames++;
        if (root.querySelector('rtk-setup-screen')) window.seen.setupCard++;
        if (root.textContent.includes('Joining the meeting…')) window.seen.joiningStatus++;
      }
      if (!root?.querySelector('header')) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  const { page, problems } = await open({ people: HOST_AND_3.slice(0, 2), latencyMs: 700 }, undefined, sampler);
  await page.locator('#ui-host').getByRole('heading', { name: 'Main Room' }).waitFor();
  const seen = await page.evaluate(() => window.seen);
  assert.equal(seen.setupCard, 0, `no setup card while joining without the setup screen (${JSON.stringify(seen)})`);
  assert.ok(seen.joiningStatus > 0, `the joining status showed (${JSON.stringify(seen)})`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('room limit: one number from the server, shown, controls disabled at it, no silent clamping', async () => {
  const { page, problems } = await open({ people: HOST_AND_3, maxMeetings: 4 });
  const host = page.locator('#ui-host');
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  const create = page.getByRole('dialog', { name: 'Create Breakout' });
  await create.getByText('This server allows up to 4 breakout rooms.').waitFor();
  const more = create.getByRole('button', { name: 'More rooms' });
  const count = create.getByRole('spinbutton', { name: 'Number of rooms' });
  for (let i = 0; i < 2; i++) await more.click();
  assert.equal(await count.inputValue(), '4');
  assert.equal(await more.isDisabled(), true, 'More rooms is disabled at the limit');
  await count.fill('5000');
  assert.equal(await count.inputValue(), '5000', 'what was typed stays (no silent clamping)');
  await create.getByRole('alert').getByText('Enter a number of rooms from 1 to 4.').waitFor();
  assert.equal(await create.getByRole('button', { name: 'Create', exact: true }).isDisabled(), true);
  await count.fill('3');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  const assign = page.getByRole('dialog', { name: 'Assign Participants' });
  const add = assign.getByRole('button', { name: 'Add room' });
  await add.click();
  await assign.getByRole('group', { name: 'Room 4' }).waitFor();
  assert.equal(await add.isDisabled(), true, 'Add room is disabled at the limit');
  await assign.getByText('This server allows up to 4 breakout rooms.').waitFor();
  await assign.getByRole('button', { name: 'Delete Room 4' }).click();
  assert.equal(await add.isDisabled(), false);
  await assign.getByRole('button', { name: 'Start Breakout' }).click();
  await page.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();
  await assign.waitFor({ state: 'detached' });
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  const live = page.getByRole('dialog', { name: 'Breakout Rooms' });
  // another host filled the group meanwhile: the refusal names the number
  await page.evaluate(() => window.server.failNext('createMeetings', 'limit_exceeded', 'a group has at most 4 connected meetings'));
  await live.getByRole('button', { name: 'Add room' }).click();
  await live.getByRole('alert').getByText(/Could not add a room: A limit was reached \(a group has at most 4 connected meetings\)/).waitFor();
  await live.getByRole('button', { name: 'Add room' }).click();
  await live.getByRole('group', { name: 'Room 4' }).waitFor();
  assert.equal(await live.getByRole('button', { name: 'Add room' }).isDisabled(), true, 'live Add room is disabled at the limit');
  assert.deepEqual(problems, []);
  await page.close();
});

test('50 rooms: the Assign dialog shows one page of rooms and keeps Start Breakout in view', async () => {
  const { page, problems } = await open({ people: HOST_AND_3 });
  const host = page.locator('#ui-host');
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  const create = page.getByRole('dialog', { name: 'Create Breakout' });
  await create.getByRole('spinbutton', { name: 'Number of rooms' }).fill('50');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  const assign = page.getByRole('dialog', { name: 'Assign Participants' });
  await assign.getByText('Rooms 1–12 of 50').waitFor();
  assert.equal(await assign.locator('rtk-breakout-room-manager').count(), 12, 'one page of room cards');
  const start = assign.getByRole('button', { name: 'Start Breakout' });
  const vp = page.viewportSize();
  const b = await start.boundingBox();
  assert.ok(b && b.y >= 0 && b.y + b.height <= vp.height, `Start Breakout is inside the window without scrolling (${JSON.stringify(b)})`);
  await start.click({ trial: true }); // nothing covers it
  await assign.getByRole('button', { name: 'Next rooms' }).click();
  await assign.getByText('Rooms 13–24 of 50').waitFor();
  await assign.getByRole('list', { name: 'Unassigned participants' }).getByRole('button', { name: 'Ada', exact: true }).click();
  await assign.getByRole('button', { name: 'Assign to Room 13' }).click();
  await assign.getByRole('list', { name: 'Participants in Room 13' }).getByRole('button', { name: 'Ada', exact: true }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('second tab: "You joined from another tab or device" with a way back, no endless "Reconnecting…"', async () => {
  const { page, problems } = await open({ people: HOST_AND_3.slice(0, 2) });
  const host = page.locator('#ui-host');
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  await page.evaluate(() => {
    window.rejoins = 0;
    window.els.host.addEventListener('rtkRejoin', (e) => { e.preventDefault(); window.rejoins++; });
    window.server.replaceSession('host');
  });
  await host.getByRole('heading', { name: 'You joined from another tab or device' }).waitFor();
  assert.equal(await host.getByText('Connection lost. Reconnecting…').count(), 0);
  assert.equal(await host.getByText('You left the meeting').count(), 0);
  await host.getByRole('button', { name: 'Use the meeting here' }).click();
  assert.equal(await page.evaluate(() => window.rejoins), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('phone 390×844: room title visible, panels close (button and Escape), dialogs keep their actions in view', async () => {
  const { page, problems } = await open({ people: HOST_AND_3, switchMs: 100 }, { width: 390, height: 844 });
  const host = page.locator('#ui-host');
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  const vp = page.viewportSize();
  const inView = async (loc, what) => {
    const b = await loc.boundingBox();
    assert.ok(b && b.width > 0 && b.y >= 0 && b.y + b.height <= vp.height && b.x >= 0 && b.x + b.width <= vp.width, `${what} in view: ${JSON.stringify(b)}`);
  };
  // the create and assign dialogs at phone size
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  const create = page.getByRole('dialog', { name: 'Create Breakout' });
  await inView(create.getByRole('button', { name: 'Create', exact: true }), 'Create');
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  const assign = page.getByRole('dialog', { name: 'Assign Participants' });
  await inView(assign.getByRole('button', { name: 'Start Breakout' }), 'Start Breakout');
  await page.screenshot({ path: join(shots, 'phone-assign.png') });
  await assign.getByRole('button', { name: 'Close dialog' }).click();
  // into a room: its title is readable next to Switch to Parent Meeting
  await page.evaluate(() => window.server.startBreakout('host', { meetings: [{ title: 'Design review' }], assignments: [{ participantId: 'host', meetingIndex: 0 }, { participantId: 'p1', meetingIndex: 0 }] }));
  const title = host.getByRole('heading', { name: 'Design review' });
  await title.waitFor();
  const tb = await title.boundingBox();
  assert.ok(tb.width >= 60, `room title has room to show (${tb.width}px)`);
  assert.equal(await title.evaluate((h) => h.scrollWidth <= h.clientWidth + 1), true, 'the title is not cut');
  await inView(host.getByRole('button', { name: 'Switch to Parent Meeting' }), 'Switch to Parent Meeting');
  await page.screenshot({ path: join(shots, 'phone-meeting.png') });
  // chat: opens over the grid, leaves the control bar usable, closes with its button and Escape
  const bar = host.getByRole('toolbar', { name: 'Meeting controls' });
  await host.getByRole('button', { name: 'Chat' }).click();
  const chat = host.getByRole('complementary', { name: 'Chat' });
  await chat.waitFor();
  assert.ok(!overlaps(await box(chat), await box(bar)), 'the chat panel does not cover the control bar');
  await page.screenshot({ path: join(shots, 'phone-chat.png') });
  await chat.getByRole('button', { name: 'Close chat' }).click();
  await chat.waitFor({ state: 'detached' });
  await host.getByRole('button', { name: 'Chat' }).click();
  await chat.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.press('Escape');
  await chat.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('live view: confirm before deleting a room or closing, moved people told why, not-connected people apart', async () => {
  const people = [
    { id: 'host', name: 'Hana Host', preset: 'host', ui: true },
    { id: 'p1', name: 'Ada', preset: 'returner', ui: true },
    { id: 'p2', name: 'Bo', preset: 'returner' },
    { id: 'p4', name: 'Dee', preset: 'returner', absent: true },
  ];
  const { page, problems } = await open({ people, switchMs: 100 }, { width: 1600, height: 800 });
  const host = page.locator('#ui-host');
  const ada = page.locator('#ui-p1');
  await ada.getByRole('heading', { name: 'Main Room' }).waitFor();
  const mainHeader = (await box(ada.locator('header'))).bottom - (await box(ada.locator('header'))).top;
  await page.evaluate(() => window.server.startBreakout('host', {
    meetings: [{ title: 'Room 1' }, { title: 'Room 2' }],
    assignments: [{ participantId: 'p1', meetingIndex: 0 }, { participantId: 'p2', meetingIndex: 1 }, { participantId: 'p4', meetingIndex: 1 }],
  }));
  await ada.getByRole('heading', { name: 'Room 1' }).waitFor();
  const roomHeader = (await box(ada.locator('header'))).bottom - (await box(ada.locator('header'))).top;
  assert.equal(roomHeader, mainHeader, 'the header keeps its height in a room (no layout jump)');
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  const live = page.getByRole('dialog', { name: 'Breakout Rooms' });
  // Dee never connected: listed apart, not counted in Room 2
  await live.getByRole('list', { name: 'Not connected' }).getByText('Dee').waitFor();
  await live.getByRole('group', { name: 'Room 2' }).getByRole('img', { name: '1 participant' }).waitFor();
  assert.equal(await live.getByRole('list', { name: 'Participants in Room 2' }).getByRole('button', { name: 'Dee' }).count(), 0);
  // deleting a live room asks first
  await live.getByRole('button', { name: 'Delete Room 1' }).click();
  const confirmDelete = page.getByRole('dialog', { name: 'Delete Room 1?' });
  await confirmDelete.getByText('1 participant in Room 1 will move to the main room').waitFor();
  await confirmDelete.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.evaluate(() => window.server.rooms.length), 2, 'Cancel deletes nothing');
  await live.getByRole('button', { name: 'Delete Room 1' }).click();
  await confirmDelete.getByRole('button', { name: 'Yes, delete' }).click();
  await ada.getByRole('heading', { name: 'Main Room' }).waitFor();
  await ada.getByRole('status').getByText('The host closed Room 1, so you are back in the main room.').waitFor();
  // Close Breakout asks first too
  await live.getByRole('button', { name: 'Close Breakout' }).click();
  await page.getByRole('dialog', { name: 'Close all breakout rooms?' }).getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.evaluate(() => window.server.rooms.length), 1);
  await live.getByRole('button', { name: 'Close Breakout' }).click();
  await page.getByRole('dialog', { name: 'Close all breakout rooms?' }).getByRole('button', { name: 'Yes, close' }).click();
  await page.waitForFunction(() => window.server.rooms.length === 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('chat: unread badge while the panel is closed, timestamps on messages', async () => {
  const { page, problems } = await open({ people: HOST_AND_3.slice(0, 2) });
  const host = page.locator('#ui-host');
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  await page.evaluate(async () => { await window.server.sendChat('p1', 'meeting-main', 'first'); await window.server.sendChat('p1', 'meeting-main', 'second'); });
  await host.getByRole('button', { name: 'Chat, 2 unread' }).waitFor();
  await host.getByRole('button', { name: 'Chat, 2 unread' }).click();
  await host.getByText('second').waitFor();
  await host.getByRole('button', { name: 'Chat', exact: true }).waitFor(); // read: no badge
  const t = await host.getByRole('complementary', { name: 'Chat' }).locator('time').first().getAttribute('datetime');
  assert.ok(t && !Number.isNaN(Date.parse(t)), `a message has its time (${t})`);
  // own messages never count as unread
  await host.getByRole('button', { name: 'Close chat' }).click();
  await page.evaluate(() => window.server.sendChat('host', 'meeting-main', 'mine'));
  await page.waitForTimeout(200);
  assert.equal(await host.getByRole('button', { name: /unread/ }).count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
