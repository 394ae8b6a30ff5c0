// Meetings and a meeting's participants through the dashboard, then the live view of a breakout:
// create, search, rename, INACTIVE/ACTIVE; add participants by CSV; a join link opened in
// another browser context, whose page joins over the real WebSocket with the link's token; the
// live view shows that participant connected, then in a room when a start is issued over REST;
// the host actions (move, close, start with shuffle) from the dashboard. Outcomes are read back
// over REST. Screenshots of each page go to docs/screenshots/dashboard-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openDashboard, shot, waitFor } from './harness.mjs';

let server, browser, page, context, errors;
const S = {};  // what the steps share: meeting id, participants
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [name, alter] of [['class_host', true], ['class_student', false]]) {
    const r = await server.api('POST', '/v2/presets', { name, permissions: { connected_meetings: {
      can_alter_connected_meetings: alter, can_switch_connected_meetings: true, can_switch_to_parent_meeting: true } } });
    assert.equal(r.status, 201, r.text);
  }
  ({ page, context, errors } = await openDashboard(browser, server));
});
after(async () => { await context?.close(); await browser?.close(); await server?.stop(); });

const rowOf = (title) => page.locator('tr', { has: page.getByRole('link', { name: title, exact: true }) });
const view = async () => (await server.api('GET', `/v2/meetings/${S.meetingId}/connected-meetings`)).json.data;

test('create, search, rename and deactivate meetings', async () => {
  await server.api('POST', '/v2/meetings', { title: 'History' });
  await page.goto(server.base + '/dashboard/#/meetings');
  await page.getByRole('button', { name: 'New meeting' }).click();
  const dialog = page.getByRole('dialog', { name: 'New meeting' });
  await dialog.getByLabel('Title').fill('Math 101');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.getByText('Meeting Math 101 created.').waitFor();
  await rowOf('Math 101').waitFor();
  const list = (await server.api('GET', '/v2/meetings')).json.data;
  S.meetingId = list.find((m) => m.title === 'Math 101').id;

  await page.getByLabel('Search meetings by title').fill('MATH');
  await waitFor(async () => (await page.getByRole('link', { name: 'History', exact: true }).count()) === 0, { what: 'search result' });
  assert.equal(await rowOf('Math 101').count(), 1);
  await page.getByText('Page 1 of 1 (1 meeting)').waitFor();
  await page.getByLabel('Search meetings by title').fill('zzz');
  await page.getByText('No meeting title contains').waitFor();
  await page.getByLabel('Search meetings by title').fill('');
  await rowOf('History').waitFor();

  await page.getByRole('button', { name: 'Rename Math 101' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename meeting' });
  assert.equal(await rename.getByLabel('Title').inputValue(), 'Math 101');
  await rename.getByLabel('Title').fill('Math 101: fractions');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await rowOf('Math 101: fractions').waitFor();
  assert.equal((await server.api('GET', `/v2/meetings/${S.meetingId}`)).json.data.title, 'Math 101: fractions');

  await page.getByRole('button', { name: 'Deactivate Math 101: fractions' }).click();
  await rowOf('Math 101: fractions').getByText('INACTIVE').waitFor();
  assert.equal((await server.api('GET', `/v2/meetings/${S.meetingId}`)).json.data.status, 'INACTIVE');
  await page.getByRole('button', { name: 'Activate Math 101: fractions' }).click();
  await rowOf('Math 101: fractions').getByText('ACTIVE', { exact: true }).waitFor();
  assert.equal((await server.api('GET', `/v2/meetings/${S.meetingId}`)).json.data.status, 'ACTIVE');
  await shot(page, 'meetings');
});

test('the meetings list pages (20 a page), and search pages over the matches', async () => {
  for (let i = 1; i <= 20; i++) await server.api('POST', '/v2/meetings', { title: `Bulk ${String(i).padStart(2, '0')}` });
  await page.goto(server.base + '/dashboard/#/presets');
  await page.goto(server.base + '/dashboard/#/meetings');
  await page.getByText('Page 1 of 2 (22 meetings)').waitFor();
  assert.equal(await page.locator('tbody tr').count(), 20);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByText('Page 2 of 2 (22 meetings)').waitFor();
  assert.deepEqual(await page.locator('tbody tr a').allTextContents(), ['Bulk 19', 'Bulk 20']);
  assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true);
  await page.getByLabel('Search meetings by title').fill('bulk 1');
  await page.getByText('Page 1 of 1 (10 meetings)').waitFor();
});

test('add participants by CSV; a bad line is reported and the others are added', async () => {
  await page.getByLabel('Search meetings by title').fill('fractions');
  await rowOf('Math 101: fractions').getByRole('link').click();
  await page.getByRole('heading', { name: 'Math 101: fractions' }).waitFor();
  await page.getByLabel('Names, one per line, or CSV lines').fill(
    'name,custom id,preset\nTeacher,teacher,class_host\nAda Lovelace,ada,class_student\n"Hopper, Grace",,class_student\nBob,bob,no_such_preset\n');
  await page.getByRole('button', { name: 'Add participants' }).click();
  await page.getByText('3 participants added, 1 line not added: it is left in the box to fix.').waitFor();
  await page.getByText('line 5 (Bob): preset_name: no preset named no_such_preset').waitFor();
  const ps = (await server.api('GET', `/v2/meetings/${S.meetingId}/participants`)).json.data;
  assert.deepEqual(ps.map((p) => [p.name, p.custom_participant_id, p.preset_name]), [
    ['Teacher', 'teacher', 'class_host'], ['Ada Lovelace', 'ada', 'class_student'], ['Hopper, Grace', 'hopper-grace', 'class_student']]);
  S.people = Object.fromEntries(ps.map((p) => [p.custom_participant_id, p]));
  for (const p of ps) await page.locator(`tr[data-participant="${p.custom_participant_id}"]`).waitFor();
});

test('add one participant, then remove it', async () => {
  await page.getByRole('button', { name: 'Add participant', exact: true }).click();
  await page.getByText('Enter a name.').waitFor();
  assert.equal(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Name', { exact: true }).fill('Extra Person');
  await page.getByLabel('Custom id', { exact: true }).fill('extra');
  await page.getByLabel('Preset', { exact: true }).selectOption('class_student');
  await page.getByRole('button', { name: 'Add participant', exact: true }).click();
  await page.getByText('Extra Person added.').waitFor();
  let ps = (await server.api('GET', `/v2/meetings/${S.meetingId}/participants`)).json.data;
  assert.deepEqual(ps.map((p) => p.custom_participant_id), ['teacher', 'ada', 'hopper-grace', 'extra']);
  assert.equal(ps[3].preset_name, 'class_student');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Remove Extra Person' }).click();
  await page.getByText('Extra Person removed.').waitFor();
  ps = (await server.api('GET', `/v2/meetings/${S.meetingId}/participants`)).json.data;
  assert.deepEqual(ps.map((p) => p.custom_participant_id), ['teacher', 'ada', 'hopper-grace']);
  assert.equal(await page.locator('tr[data-participant="extra"]').count(), 0);
});

test('join links: one per example, the participant\u2019s token, refreshable; opened in another context it joins', async () => {
  await page.getByRole('button', { name: 'Join links for Ada Lovelace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join links for Ada Lovelace' });
  await dialog.waitFor();
  const labels = await dialog.locator('.link label').allTextContents();
  assert.deepEqual(labels, ['Script tag', 'React', 'Angular', 'Landing page']);
  const link = await dialog.getByRole('textbox', { name: 'Script tag' }).inputValue();
  const m = /^(http:\/\/127\.0\.0\.1:\d+)\/script-tag\/\?authToken=([A-Za-z0-9._-]+)$/.exec(link);
  assert.ok(m, link);
  assert.equal(m[1], server.base);
  const token = decodeURIComponent(m[2]);
  assert.equal(await dialog.getByRole('textbox', { name: 'React' }).inputValue(), `${server.base}/react/?authToken=${m[2]}`);
  assert.equal(await dialog.getByRole('textbox', { name: 'Angular' }).inputValue(), `${server.base}/angular/?authToken=${m[2]}`);
  assert.equal(await dialog.getByRole('textbox', { name: 'Landing page' }).inputValue(), `${server.base}/?authToken=${m[2]}`);
  const who = async (t) => (await fetch(`${server.base}/v2/internals/participant-details`, { headers: { authorization: `Bearer ${t}` } })).json();
  assert.equal((await who(token)).data.participant.custom_participant_id, 'ada');
  await shot(page, 'meeting', { fullPage: false });  // the modal dialog over the page

  // Token refresh: tokens carry their issue second, so wait for the next one.
  await new Promise((r) => setTimeout(r, 1100));
  await dialog.getByRole('button', { name: 'Refresh token' }).click();
  await waitFor(async () => (await dialog.getByRole('textbox', { name: 'Script tag' }).inputValue()) !== link, { what: 'a new link' });
  const fresh = new URL(await dialog.getByRole('textbox', { name: 'Script tag' }).inputValue()).searchParams.get('authToken');
  assert.notEqual(fresh, token);
  assert.equal((await who(fresh)).data.participant.custom_participant_id, 'ada');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Focus goes back to the page, the dialog is gone.
  await waitFor(async () => !(await dialog.isVisible()), { what: 'dialog closed' });

  // Another context opens the link: the example page is served with the token in its URL,
  // and a socket joins the meeting with that token at the protocol level (this suite serves
  // the example's source only; join.test.mjs joins through the built example apps and the
  // UI kit).
  const other = await browser.newContext();
  const guest = await other.newPage();
  await guest.goto(link);
  assert.match(await guest.title(), /./);
  assert.equal(await guest.evaluate(() => new URLSearchParams(location.search).get('authToken')), token);
  S.guestContext = other;
  await guest.evaluate(() => new Promise((resolve, reject) => {
    const t = new URLSearchParams(location.search).get('authToken');
    const ws = new WebSocket(`ws://${location.host}/v2/ws?authToken=${encodeURIComponent(t)}`);
    window.frames_ = [];
    ws.onmessage = (e) => window.frames_.push(JSON.parse(e.data));
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error('ws error'));
    window.ws_ = ws;
  }));
  S.guest = guest;
});

test('live: the participant appears connected, then moves when a start is issued over REST', async () => {
  await page.getByRole('link', { name: 'Live' }).click();
  const ada = page.locator('[data-person="ada"]');
  await ada.locator('.dot.on').waitFor({ timeout: 10000 });
  await ada.getByText('(connected)').waitFor();
  assert.equal(await page.locator('[data-room="parent"] [data-person="ada"]').count(), 1);
  assert.equal(await page.locator('[data-person="teacher"] .dot.on').count(), 0);
  await page.getByText('1 connected, 0 breakout rooms').waitFor();
  await shot(page, 'live');

  const start = await server.api('POST', `/v2/meetings/${S.meetingId}/connected-meetings/start`, {
    meetings: [{ title: 'Room A' }, { title: 'Room B' }],
    assignments: [{ participant_id: S.people.ada.id, meeting_index: 1 }],
  });
  assert.equal(start.status, 201, start.text);
  await page.locator('[data-room="Room B"] [data-person="ada"] .dot.on').waitFor({ timeout: 10000 });
  await page.locator('[data-room="Room A"]').getByText('Nobody is assigned here.').waitFor();
  assert.equal(await page.locator('[data-room="parent"] [data-person="ada"]').count(), 0);
  await shot(page, 'live-breakout');
});

test('live: host actions from the dashboard (move, close, start with shuffle)', async () => {
  const ada = page.locator('[data-room="Room B"] [data-person="ada"]');
  await ada.getByLabel('Move Ada Lovelace to').selectOption({ label: 'Room A' });
  await ada.getByRole('button', { name: 'Move Ada Lovelace' }).click();
  await page.locator('[data-room="Room A"] [data-person="ada"]').waitFor();
  let v = await view();
  assert.deepEqual(v.meetings.find((m) => m.title === 'Room A').participants.map((p) => p.custom_participant_id), ['ada']);

  await page.getByRole('button', { name: 'Close breakout' }).click();
  await page.getByText('Breakout closed').waitFor();
  v = await view();
  assert.deepEqual(v.meetings, []);
  assert.equal(v.parent_meeting.participants.length, 3);
  await page.locator('[data-room="parent"] [data-person="ada"] .dot.on').waitFor();

  await page.getByLabel('Rooms', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start breakout' }).click();
  const confirm = page.getByRole('dialog', { name: 'Start the breakout?' });
  await confirm.getByRole('button', { name: 'Yes, start' }).click();
  await page.getByText('Breakout started with 3 rooms.').waitFor();
  v = await view();
  assert.deepEqual(v.meetings.map((m) => m.title), ['Room 1', 'Room 2', 'Room 3']);
  assert.equal(v.meetings.reduce((n, m) => n + m.participants.length, 0), 3);  // shuffled out of the parent
  assert.equal(v.parent_meeting.participants.length, 0);
  await page.locator('[data-room="Room 1"]').waitFor();

  await page.getByRole('button', { name: 'Delete room Room 3' }).click();
  await page.getByText('Room 3 deleted').waitFor();
  v = await view();
  assert.deepEqual(v.meetings.map((m) => m.title), ['Room 1', 'Room 2']);

  // Add rooms to the running breakout: the next free titles, nobody moved.
  const placed = v.meetings.map((m) => m.participants.length);
  await page.getByLabel('Rooms', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Add rooms' }).click();
  await page.getByText('2 rooms added.').waitFor();
  v = await view();
  assert.deepEqual(v.meetings.map((m) => m.title), ['Room 1', 'Room 2', 'Room 3', 'Room 4']);
  assert.deepEqual(v.meetings.map((m) => m.participants.length), [...placed, 0, 0]);
  await page.locator('[data-room="Room 4"]').getByText('Nobody is assigned here.').waitFor();
});

test('recordings: the page says recording needs the SFU mode', async () => {
  await page.getByRole('link', { name: 'Recordings' }).click();
  await page.getByText('Recording needs the SFU mode.').waitFor();
  // Only the recordings page is shown: the other tabs' content is gone.
  assert.equal(await page.locator('rtk-participants, rtk-live-view').count(), 0);
  await shot(page, 'recordings');
});

test('usable at 390x844 in the dark theme: no sideways scrolling on any page', async () => {
  const { page: phone, context: pc } = await openDashboard(browser, server, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  const routes = ['#/presets', '#/presets/new', '#/meetings', `#/meetings/${S.meetingId}`, `#/meetings/${S.meetingId}/live`, `#/meetings/${S.meetingId}/recordings`];
  for (const r of routes) {
    await phone.goto(`${server.base}/dashboard/${r}`);
    await phone.locator('main h1, main rtk-meeting-page').first().waitFor();
    await phone.waitForTimeout(300);
    const { sw, cw } = await phone.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    assert.ok(sw <= cw, `${r}: scrollWidth ${sw} > ${cw}`);
    // Every control has a name (label, aria-label or text), across the shadow roots.
    const unnamed = await phone.evaluate(() => {
      const out = [];
      const walk = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.shadowRoot) walk(el.shadowRoot);
          const tag = el.tagName;
          if (['INPUT', 'SELECT', 'TEXTAREA'].includes(tag)) {
            if (!(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))) out.push(tag + '#' + el.id);
          } else if (tag === 'BUTTON' || (tag === 'A' && el.hasAttribute('href'))) {
            if (!(el.getAttribute('aria-label') || el.textContent.trim())) out.push(tag + ' ' + el.outerHTML.slice(0, 60));
          }
        }
      };
      walk(document);
      return out;
    });
    assert.deepEqual(unnamed, [], `${r}: unnamed controls`);
  }
  assert.equal(await phone.locator('rtk-dashboard').getAttribute('theme'), 'dark');
  await phone.goto(`${server.base}/dashboard/#/meetings/${S.meetingId}/live`);
  await phone.locator('[data-room="Room 1"]').waitFor();
  await shot(phone, 'live-phone-dark');
  await pc.close();
  await S.guestContext?.close();
  assert.deepEqual(errors, [], 'page errors in the dashboard');
});
