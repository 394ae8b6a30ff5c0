// Browser tests of the components in real Chromium against the in-page FAKE meeting
// (ui/test/fixtures/fake-meeting.js). They do not touch the real SDK or server; the real-stack
// end-to-end test lives in tests/e2e/ui/.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serveStatic, launch, guardPage, eventually, openScenario } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const uiRoot = join(here, '..', '..');
const shots = join(uiRoot, '..', 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

let srv; let browser;
before(async () => { srv = await serveStatic(uiRoot); browser = await launch(); });
after(async () => { await browser?.close(); await srv?.close(); });

const PEOPLE = [
  { id: 'host', name: 'Hana Host', preset: 'host', ui: true },
  { id: 'p1', name: 'Ada', preset: 'returner' },
  { id: 'p2', name: 'Bo', preset: 'returner', video: false },
  { id: 'p3', name: 'Cy', preset: 'switcher', audio: true },
];

const open = (opts, viewport) => openScenario(browser, srv.url, opts, { viewport });
const roomsOf = (page) => page.evaluate(() => {
  const s = window.server.groupState();
  return [s.parentMeeting, ...s.meetings].map((m) => ({ id: m.id, title: m.title, who: m.participants.map((p) => p.id).sort() }));
});
const tileNames = (scope) => scope.getByRole('list', { name: /^Participants in/ }).getByRole('group').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
const names = async (scope) => (await tileNames(scope)).map((l) => l.split(',')[0].replace(' (you)', '')).sort();

test('setup screen: preview, toggles, name, Join; grid tiles with labels', async () => {
  const { page, problems } = await open({ setup: true, people: PEOPLE });
  const ui = page.locator('#ui-host');
  await ui.getByRole('button', { name: 'Join' }).waitFor();
  // live camera preview from the fake device
  await page.waitForFunction(() => {
    const el = window.els.host.shadowRoot.querySelector('rtk-setup-screen').shadowRoot.querySelector('rtk-participant-tile').shadowRoot.querySelector('video');
    return el && el.srcObject && el.srcObject.getVideoTracks()[0].readyState === 'live' && el.videoWidth > 0;
  });
  await page.screenshot({ path: join(shots, 'setup-screen.png') });
  const mic = ui.getByRole('button', { name: 'Microphone' });
  const pressed = () => mic.getAttribute('aria-pressed');
  assert.equal(await pressed(), 'false');
  await mic.click();
  await page.waitForFunction(() => window.server.people.get('host').audioEnabled === true);
  await eventually(pressed, (v) => assert.equal(v, 'true'));
  await ui.getByRole('button', { name: 'Camera' }).click();
  await page.waitForFunction(() => window.server.people.get('host').videoEnabled === false);
  await ui.getByRole('button', { name: 'Camera' }).click();
  await ui.getByLabel('Your name').fill('Hana H.');
  await ui.getByRole('button', { name: 'Join' }).click();
  await ui.getByRole('heading', { name: 'Main Room' }).waitFor();
  // the grid renders the members the join delivered: wait for it, then check every label
  await eventually(() => names(ui), (v) => assert.deepEqual(v, ['Ada', 'Bo', 'Cy', 'Hana H.']));
  const labels = await tileNames(ui);
  assert.ok(labels.includes('Bo, microphone muted, camera off'), labels.join(' | '));
  assert.ok(labels.includes('Cy'), 'Cy has mic and camera on');
  assert.ok(labels.includes('Hana H. (you)'), labels.join(' | '));
  // remote participant turns the camera off: the tile follows
  await page.evaluate(() => window.server.setMedia('p3', { videoEnabled: false }));
  await ui.getByRole('group', { name: 'Cy, camera off' }).waitFor();
  await page.waitForTimeout(300); // let the canvas videos paint
  await page.screenshot({ path: join(shots, 'meeting-grid.png') });
  // side panels: chat and polls scoped to the room
  await ui.getByRole('button', { name: 'Chat' }).click();
  await ui.getByLabel('Message').fill('hello room');
  await ui.getByRole('button', { name: 'Send' }).click();
  await ui.getByText('hello room').waitFor();
  await ui.getByRole('button', { name: 'Polls' }).click();
  await ui.getByLabel('Question').fill('Lunch?');
  await ui.getByLabel('Option 1').fill('Yes');
  await ui.getByLabel('Option 2').fill('No');
  await ui.getByRole('button', { name: 'Create poll' }).click();
  await ui.getByRole('button', { name: 'Vote Yes, 0 votes' }).click();
  await ui.getByRole('button', { name: 'Vote Yes, 1 vote' }).waitFor();
  await ui.getByRole('button', { name: 'Participants', exact: true }).click();
  await ui.getByRole('heading', { name: 'Participants (4)' }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('host flow: create 2 rooms, shuffle, rename, start, move, switch to parent, close', async () => {
  const people = [...PEOPLE.slice(0, 1), { ...PEOPLE[1], ui: true }, ...PEOPLE.slice(2)];
  const { page, problems } = await open({ people, switchMs: 700 }, { width: 1600, height: 800 });
  const host = page.locator('#ui-host');
  const ada = page.locator('#ui-p1');
  await host.getByRole('heading', { name: 'Main Room' }).waitFor();
  await ada.getByRole('heading', { name: 'Main Room' }).waitFor();
  // a participant without alter rights sees no Breakout Rooms button while no rooms run
  assert.equal(await ada.getByRole('button', { name: 'Breakout Rooms' }).count(), 0);

  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  const create = page.getByRole('dialog', { name: 'Create Breakout' });
  await create.waitFor();
  await create.getByText('3 participants to assign: about 1–2 per room.').waitFor();
  await create.getByRole('button', { name: 'More rooms' }).click();
  await create.getByText('about 1 per room').waitFor();
  await create.getByRole('button', { name: 'Fewer rooms' }).click();
  assert.equal(await create.getByRole('spinbutton', { name: 'Number of rooms' }).inputValue(), '2');
  await page.screenshot({ path: join(shots, 'breakout-create.png') });
  await create.getByRole('button', { name: 'Create', exact: true }).click();

  const assign = page.getByRole('dialog', { name: 'Assign Participants' });
  await assign.waitFor();
  await assign.getByRole('button', { name: 'Shuffle' }).click();
  await assign.getByText('Everyone is assigned.').waitFor();
  await assign.getByRole('button', { name: 'Rename Room 1' }).click();
  await assign.getByRole('textbox', { name: 'Room name' }).fill('Design');
  await assign.getByRole('button', { name: 'Save name' }).click();
  await assign.getByRole('heading', { name: 'Design' }).waitFor();
  const inDesign = await assign.getByRole('list', { name: 'Participants in Design' }).locator('button[aria-pressed]').allInnerTexts();
  const inRoom2 = await assign.getByRole('list', { name: 'Participants in Room 2' }).locator('button[aria-pressed]').allInnerTexts();
  assert.deepEqual([inDesign.length, inRoom2.length].sort(), [1, 2], 'even split of 3 over 2 rooms');
  await page.screenshot({ path: join(shots, 'breakout-assign.png') });
  await assign.getByRole('button', { name: 'Start Breakout' }).click();
  const confirm = page.getByRole('dialog', { name: 'Start breakout rooms?' });
  await confirm.waitFor();
  await confirm.getByText('2 rooms will be created and 3 participants moved into them.').waitFor();
  await page.screenshot({ path: join(shots, 'breakout-confirm.png') });
  await confirm.getByRole('button', { name: 'Yes, start' }).click();

  // Ada sees the switching overlay, then her room
  await ada.getByText('Joining breakout room…').waitFor();
  await page.screenshot({ path: join(shots, 'switching-overlay.png') });
  const adaRoom = inDesign.includes('Ada') ? 'Design' : 'Room 2';
  const adaMates = (inDesign.includes('Ada') ? inDesign : inRoom2).map((n) => n.trim()).sort();
  await ada.getByRole('heading', { name: adaRoom }).waitFor();
  await ada.getByText('Joining breakout room…').waitFor({ state: 'detached' });
  await eventually(() => names(ada), (v) => assert.deepEqual(v, adaMates));
  let rooms = await roomsOf(page);
  assert.deepEqual(rooms[0].who, ['host']);
  assert.deepEqual(rooms.slice(1).map((r) => r.title), ['Design', 'Room 2']);
  assert.deepEqual(rooms.slice(1).flatMap((r) => r.who).sort(), ['p1', 'p2', 'p3']);
  // host grid: alone in the main room; header shows the running breakout
  await eventually(() => names(host), (v) => assert.deepEqual(v, ['Hana Host']));
  await host.getByText('2 breakout rooms open').waitFor();

  // host moves Ada to the other room from the live view
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  const live = page.getByRole('dialog', { name: 'Breakout Rooms' });
  await live.waitFor();
  await live.getByRole('button', { name: 'Ada', exact: true }).click();
  const other = adaRoom === 'Design' ? 'Room 2' : 'Design';
  await live.getByRole('button', { name: `Move selected to ${other}` }).click();
  await ada.getByRole('heading', { name: other }).waitFor();
  await live.getByRole('list', { name: `Participants in ${other}` }).getByRole('button', { name: 'Ada', exact: true }).waitFor();
  await page.screenshot({ path: join(shots, 'breakout-live.png') });
  await live.getByRole('button', { name: 'Close dialog' }).click();
  await live.waitFor({ state: 'detached' });

  // Ada (can_switch_to_parent_meeting only) returns to the parent herself
  assert.equal(await ada.getByRole('button', { name: 'Switch to Parent Meeting' }).count(), 1);
  await ada.getByRole('button', { name: 'Switch to Parent Meeting' }).click();
  await ada.getByText('Returning to Main Room…').waitFor();
  await ada.getByRole('heading', { name: 'Main Room' }).waitFor();
  await ada.getByText('Returning to Main Room…').waitFor({ state: 'detached' });
  await eventually(() => names(ada), (v) => assert.deepEqual(v, ['Ada', 'Hana Host']));
  assert.equal(await ada.getByRole('button', { name: 'Switch to Parent Meeting' }).count(), 0);

  // Close Breakout brings everyone back
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  await live.getByRole('button', { name: 'Close Breakout' }).click();
  await page.getByRole('dialog', { name: 'Close all breakout rooms?' }).getByRole('button', { name: 'Yes, close' }).click();
  await live.waitFor({ state: 'detached' });
  await page.waitForFunction(() => window.server.rooms.length === 0);
  await page.waitForFunction(() => window.els.host.s.participants.length === 3);
  rooms = await roomsOf(page);
  assert.deepEqual(rooms, [{ id: 'meeting-main', title: 'Main Room', who: ['host', 'p1', 'p2', 'p3'] }]);
  await eventually(() => names(host), (v) => assert.deepEqual(v, ['Ada', 'Bo', 'Cy', 'Hana Host']));
  await eventually(() => names(ada), (v) => assert.deepEqual(v, ['Ada', 'Bo', 'Cy', 'Hana Host']));
  assert.deepEqual(problems, []);
  await page.close();
});

test('manual assignment: select, Assign, move between rooms, unassign, add/delete room, duplicate titles', async () => {
  const { page, problems } = await open({ people: [...PEOPLE, { id: 'p4', name: 'Dee', preset: 'participant' }] });
  const host = page.locator('#ui-host');
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  await page.getByRole('dialog', { name: 'Create Breakout' }).getByRole('button', { name: 'Create', exact: true }).click();
  const d = page.getByRole('dialog', { name: 'Assign Participants' });
  const pool = d.getByRole('list', { name: 'Unassigned participants' });
  await pool.getByRole('button', { name: 'Ada', exact: true }).click();
  await pool.getByRole('button', { name: 'Bo', exact: true }).click();
  assert.equal(await pool.getByRole('button', { name: 'Ada', exact: true }).getAttribute('aria-pressed'), 'true');
  await d.getByRole('button', { name: 'Assign to Room 1' }).click();
  await pool.getByRole('button', { name: 'Cy', exact: true }).click();
  await d.getByRole('button', { name: 'Assign to Room 2' }).click();
  // move Bo from Room 1 to Room 2 (select in the room, Assign on the other)
  await d.getByRole('list', { name: 'Participants in Room 1' }).getByRole('button', { name: 'Bo', exact: true }).click();
  await d.getByRole('button', { name: 'Assign to Room 2' }).click();
  // unassign Cy again
  await d.getByRole('button', { name: 'Unassign Cy' }).click();
  // add a third room, put Dee there, then delete it: Dee is unassigned again
  await d.getByRole('button', { name: 'Add room' }).click();
  await pool.getByRole('button', { name: 'Dee', exact: true }).click();
  await d.getByRole('button', { name: 'Assign to Room 3' }).click();
  await d.getByRole('button', { name: 'Delete Room 3' }).click();
  await pool.getByRole('button', { name: 'Dee', exact: true }).waitFor();
  // both rooms get the same title: ids, not titles, carry the assignment
  for (const r of ['Room 1', 'Room 2']) {
    await d.getByRole('button', { name: `Rename ${r}` }).click();
    await d.getByRole('textbox', { name: 'Room name' }).fill('Team');
    await d.getByRole('textbox', { name: 'Room name' }).press('Enter');
  }
  await d.getByRole('button', { name: 'Start Breakout' }).click();
  const c = page.getByRole('dialog', { name: 'Start breakout rooms?' });
  await c.getByText('2 unassigned participants will stay in the main room.').waitFor();
  await c.getByRole('button', { name: 'Yes, start' }).click();
  await d.waitFor({ state: 'detached' });
  await page.waitForFunction(() => window.server.rooms.length === 2);
  const rooms = await roomsOf(page);
  assert.deepEqual(rooms.map((r) => [r.title, r.who]), [
    ['Main Room', ['host', 'p3', 'p4']], ['Team', ['p1']], ['Team', ['p2']],
  ]);
  const start = await page.evaluate(() => window.server.log.filter((x) => x.method === 'startBreakout').length);
  assert.equal(start, 1, 'one atomic startBreakout call');
  assert.deepEqual(problems, []);
  await page.close();
});

test('participant permissions: switcher gets a room switcher; no-permission participant gets no controls', async () => {
  const people = [{ ...PEOPLE[0], ui: false }, { id: 'p3', name: 'Cy', preset: 'switcher', ui: true }, { id: 'p2', name: 'Bo', preset: 'participant', ui: true }];
  const { page, problems } = await open({ people }, { width: 1500, height: 700 });
  const cy = page.locator('#ui-p3');
  const bo = page.locator('#ui-p2');
  await cy.getByRole('heading', { name: 'Main Room' }).waitFor();
  await page.evaluate(() => window.server.meetingOf('host').connectedMeetings.startBreakout({ meetings: [{ title: 'Red' }, { title: 'Blue' }], assignments: [{ participantId: 'p2', meetingIndex: 1 }] }));
  await bo.getByRole('heading', { name: 'Blue' }).waitFor();
  // Bo: no switching rights at all
  assert.equal(await bo.getByRole('button', { name: 'Breakout Rooms' }).count(), 0);
  assert.equal(await bo.getByRole('button', { name: 'Switch to Parent Meeting' }).count(), 0);
  await bo.getByRole('button', { name: 'Leave' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave meeting?' });
  assert.equal(await leave.getByRole('button', { name: 'Switch to Parent Meeting' }).count(), 0);
  await leave.getByRole('button', { name: 'Cancel' }).click();
  // Cy: room switcher
  await cy.getByRole('button', { name: 'Breakout Rooms' }).click();
  const sw = page.getByRole('dialog', { name: 'Breakout Rooms' });
  await sw.getByRole('button', { name: 'Join Blue' }).click();
  await cy.getByRole('heading', { name: 'Blue' }).waitFor();
  await eventually(() => names(cy), (v) => assert.deepEqual(v, ['Bo', 'Cy']));
  await eventually(() => names(bo), (v) => assert.deepEqual(v, ['Bo', 'Cy']));
  // Cy's leave menu offers Switch to Parent Meeting
  await cy.getByRole('button', { name: 'Leave' }).click();
  await page.getByRole('dialog', { name: 'Leave meeting?' }).getByRole('button', { name: 'Switch to Parent Meeting' }).click();
  await cy.getByRole('heading', { name: 'Main Room' }).waitFor();
  await page.waitForFunction(() => window.els.p3.s.state.phase === 'joined');
  await eventually(() => names(cy), (v) => assert.deepEqual(v, ['Cy', 'Hana Host']));
  assert.deepEqual(problems, []);
  await page.close();
});

test('errors are readable: refused start, lost connection, denied camera', async () => {
  const { page, problems } = await open({ people: PEOPLE });
  const host = page.locator('#ui-host');
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  await page.getByRole('dialog', { name: 'Create Breakout' }).getByRole('button', { name: 'Create', exact: true }).click();
  const d = page.getByRole('dialog', { name: 'Assign Participants' });
  await d.getByRole('button', { name: 'Shuffle' }).click();
  await page.evaluate(() => window.server.failNext('startBreakout', 'permission_denied'));
  await d.getByRole('button', { name: 'Start Breakout' }).click();
  await page.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();
  await d.getByRole('alert').getByText('Could not start the breakout: You do not have permission to do that.').waitFor();
  assert.equal(await page.evaluate(() => window.server.rooms.length), 0);
  // the draft is kept: retry works
  await d.getByRole('button', { name: 'Start Breakout' }).click();
  await page.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();
  await page.waitForFunction(() => window.server.rooms.length === 2);
  await host.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();

  await page.evaluate(() => window.server.dropConnection('host'));
  await host.getByRole('status').getByText('Connection lost. Reconnecting…').waitFor();
  await page.evaluate(() => window.server.restoreConnection('host'));
  await host.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });

  await page.evaluate(() => { window.server.denyMedia = { audio: true }; });
  await host.getByRole('button', { name: 'Unmute microphone' }).click();
  await host.getByRole('alert').filter({ hasText: 'Could not use your microphone' }).waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('dialogs: focus moves in, Escape closes, focus returns; live add/rename/delete; three host switches in a row', async () => {
  const { page, problems } = await open({ people: PEOPLE, colorScheme: 'dark', switchMs: 50 });
  const host = page.locator('#ui-host');
  const toggle = host.getByRole('button', { name: 'Breakout Rooms' });
  await toggle.click();
  const create = page.getByRole('dialog', { name: 'Create Breakout' });
  await create.waitFor();
  assert.equal(await create.getAttribute('aria-modal'), 'true');
  await page.waitForFunction(() => {
    let a = document.activeElement; while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.getAttribute('aria-label') === 'Fewer rooms' || a?.getAttribute('aria-label') === 'Close dialog';
  });
  await page.screenshot({ path: join(shots, 'breakout-create-dark.png') });
  await page.keyboard.press('Escape');
  await create.waitFor({ state: 'detached' });
  await page.waitForFunction(() => {
    let a = document.activeElement; while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.textContent?.includes('Breakout Rooms');
  });
  // start rooms headlessly, then the host hops: room 1 → room 2 → main (each a NEW meeting object)
  await page.evaluate(() => window.server.meetingOf('host').connectedMeetings.startBreakout({ meetings: [{ title: 'One' }, { title: 'Two' }], assignments: [], shuffle: true }));
  await page.waitForFunction(() => window.els.host.s.rooms.length === 2);
  // live edits apply at once: add a room, rename it, delete it
  await toggle.click();
  const live = page.getByRole('dialog', { name: 'Breakout Rooms' });
  await live.getByRole('button', { name: 'Add room' }).click();
  await page.waitForFunction(() => window.server.rooms.length === 3);
  await live.getByRole('button', { name: 'Rename Room 3' }).click();
  await live.getByRole('textbox', { name: 'Room name' }).fill('Three');
  await live.getByRole('button', { name: 'Save name' }).click();
  await page.waitForFunction(() => window.server.rooms[2]?.title === 'Three');
  await live.getByRole('heading', { name: 'Three' }).waitFor();
  await live.getByRole('button', { name: 'Delete Three' }).click();
  await page.getByRole('dialog', { name: 'Delete Three?' }).getByRole('button', { name: 'Yes, delete' }).click();
  await page.waitForFunction(() => window.server.rooms.length === 2);
  await live.getByRole('button', { name: 'Close dialog' }).click();
  await live.waitFor({ state: 'detached' });
  const switches = [['Join One', 'One'], ['Join Two', 'Two'], ['Join Main Room', 'Main Room']];
  for (const [i, [target, heading]] of switches.entries()) {
    await toggle.click();
    await page.getByRole('dialog', { name: 'Breakout Rooms' }).getByRole('button', { name: target }).click();
    // The heading alone can match the still-open dialog's room card ("Main Room"): wait for the
    // switch itself to reach the server first.
    await page.waitForFunction(
      (n) => window.server.log.filter((x) => x.method === 'moveParticipants').length === n,
      i + 1,
    );
    await host.getByRole('heading', { name: heading }).waitFor();
    await page.waitForFunction(() => window.els.host.s.state.phase === 'joined');
  }
  const objs = await page.evaluate(() => window.server.log.filter((x) => x.method === 'moveParticipants').length);
  assert.equal(objs, 3);
  assert.deepEqual(problems, []);
  await page.close();
});

test('dist/browser.js defines every element from a plain script tag (global RtkUiKit)', async () => {
  const page = await browser.newPage();
  const problems = [];
  guardPage(page, problems);
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204 }));
  await page.goto(`${srv.url}/test/fixtures/blank.html`);
  assert.equal(await page.evaluate(() => customElements.get("rtk-meeting")), undefined);
  await page.evaluate((src) => new Promise((res, rej) => {
    const s = document.createElement('script');
    s.src = src; s.onload = res; s.onerror = rej;
    document.head.append(s);
  }), `${srv.url}/dist/browser.js`);
  const r = await page.evaluate(() => ({
    tags: Object.keys(window.RtkUiKit.elements).filter((t) => !customElements.get(t)),
    api: ['BreakoutRoomsManager', 'MeetingStore', 'defineCustomElements'].filter((k) => typeof window.RtkUiKit[k] !== 'function'),
    count: Object.keys(window.RtkUiKit.elements).length,
  }));
  assert.deepEqual(r.tags, [], 'undefined tags');
  assert.deepEqual(r.api, []);
  assert.equal(r.count, 22); // 16 + the breakout timer, broadcast banner, help queue, ask for help, listen panel, plans (issue 12)
  assert.deepEqual(problems, []);
  await page.close();
});
