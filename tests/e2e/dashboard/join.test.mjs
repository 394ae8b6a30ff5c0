// The product page's setup, end to end, with nothing but the dashboard and the example apps
// (the real rtk-server serving the staged site of scripts/build.sh, real Chromium): the
// organiser makes the host and participant presets in the editor, a meeting, adds people by
// pasting names and CSV lines, copies a participant's script-tag join link with Copy and opens
// it in another browser context, where the participant presses Join; the host opens theirs
// with Open (React) and joins; a third opens the Angular link (the same as the landing page's)
// and joins, then leaves. The Live page shows who is connected in the main meeting; the host
// starts a breakout from the UI kit in the call and the Live page shows the participant move
// into Room 1; the organiser moves them to Room 2 and closes the breakout from the Live page,
// and the participant's own page follows. The API key appears in no server log line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openDashboard, shot, waitFor, API_KEY } from './harness.mjs';
import { joinFromSetup, expectText } from '../examples/harness.mjs';

let server, browser, org;
const S = {};
before(async () => {
  server = await startServer({ site: 'built' });
  browser = await launchBrowser();
  org = await openDashboard(browser, server, { permissions: ['clipboard-read', 'clipboard-write'] });
  org.page.setDefaultTimeout(30000);
});
after(async () => {
  for (const c of [S.guestContext, S.boContext, org?.context]) await c?.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

const pageProblems = [];
function watch(page, name) {
  page.on('pageerror', (e) => pageProblems.push(`${name}: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) pageProblems.push(`${name}: HTTP ${r.status()} ${new URL(r.url()).pathname}`); });
}

async function createPreset(page, name, checks) {
  await page.goto(server.base + '/dashboard/#/presets/new');
  await page.getByRole('heading', { name: 'New preset' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill(name);
  for (const [label, on] of Object.entries(checks)) await page.getByLabel(label, { exact: true }).setChecked(on);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('cell', { name, exact: true }).waitFor();
}

test('organiser: presets, a meeting and participants (pasted names and CSV), all from the dashboard', async () => {
  const { page } = org;
  await createPreset(page, 'class_host', { 'Full Access': true, 'Switch Connected Meetings': true, 'Switch to Parent Meeting': true });
  await createPreset(page, 'class_student', { 'Full Access': false, 'Switch Connected Meetings': true, 'Switch to Parent Meeting': true });

  await page.getByRole('link', { name: 'Meetings' }).click();
  await page.getByRole('button', { name: 'New meeting' }).click();
  await page.getByRole('dialog', { name: 'New meeting' }).getByLabel('Title').fill('Biology');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Biology', exact: true }).click();
  await page.getByRole('heading', { name: 'Biology' }).waitFor();
  S.meetingId = new URL(page.url()).hash.split('/')[2];

  // Pasted names alone (one per line) take the default preset; a CSV line names its own.
  await page.getByLabel('Default preset').selectOption('class_student');
  await page.getByLabel('Names, one per line, or CSV lines').fill('Ada Lovelace\nBo Jensen\nTeacher,teacher,class_host\n,nobody,class_student\n');
  await page.getByRole('button', { name: 'Add participants' }).click();
  await page.getByText('3 participants added, 1 line not added: it is left in the box to fix.').waitFor();
  await page.locator('#bulk-errors').getByText('line 4: the name is empty').waitFor();
  const ps = (await server.api('GET', `/v2/meetings/${S.meetingId}/participants`)).json.data;
  assert.deepEqual(ps.map((p) => [p.name, p.custom_participant_id, p.preset_name]), [
    ['Ada Lovelace', 'ada-lovelace', 'class_student'], ['Bo Jensen', 'bo-jensen', 'class_student'], ['Teacher', 'teacher', 'class_host']]);
  await page.locator('tr[data-participant="teacher"]').waitFor();
  await shot(page, 'participants');
});

test('a join link copied with Copy, opened in another context, joins the meeting', async () => {
  const { page } = org;
  await page.getByRole('button', { name: 'Join links for Ada Lovelace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join links for Ada Lovelace' });
  const link = await dialog.getByRole('textbox', { name: 'Script tag' }).inputValue();
  assert.match(link, new RegExp(`^${server.base}/script-tag/\\?authToken=[A-Za-z0-9._%-]+$`));
  await dialog.getByRole('button', { name: 'Copy Script tag link' }).click();
  await dialog.getByText('Script tag link copied.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'hidden' });

  S.guestContext = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const ada = await S.guestContext.newPage();
  ada.setDefaultTimeout(45000);
  watch(ada, 'Ada');
  await ada.goto(link);
  await joinFromSetup(ada);
  await expectText(ada, (p) => p.locator('rtk-meeting header h1').textContent(), 'Biology', 'Ada is in the main meeting');
  S.ada = ada;
});

test('the host opens their React link with Open and joins', async () => {
  const { page, context } = org;
  await page.getByRole('button', { name: 'Join links for Teacher' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join links for Teacher' });
  const link = await dialog.getByRole('textbox', { name: 'React' }).inputValue();
  const [host] = await Promise.all([context.waitForEvent('page'), dialog.getByRole('link', { name: 'Open React link' }).click()]);
  host.setDefaultTimeout(45000);
  watch(host, 'Teacher');
  await host.waitForLoadState();
  assert.equal(host.url(), link);
  await joinFromSetup(host);
  await expectText(host, (p) => p.getByTestId('room-panel').getAttribute('data-room-title'), 'Biology', 'the host is in the main meeting');
  await dialog.getByRole('button', { name: 'Close' }).click();
  S.host = host;
});

test('the Angular link and the landing page’s link join too', async () => {
  const { page } = org;
  await page.getByRole('button', { name: 'Join links for Bo Jensen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join links for Bo Jensen' });
  const angular = await dialog.getByRole('textbox', { name: 'Angular' }).inputValue();
  const landing = await dialog.getByRole('textbox', { name: 'Landing page' }).inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();
  S.boContext = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const bo = await S.boContext.newPage();
  bo.setDefaultTimeout(45000);
  watch(bo, 'Bo');
  // The landing page carries the token over to each example; its Angular link is the dialog's.
  await bo.goto(landing);
  const fromLanding = await bo.getByRole('link', { name: /Angular/ }).getAttribute('href');
  assert.equal(new URL(fromLanding, bo.url()).href, angular);
  await bo.goto(angular);
  await joinFromSetup(bo);
  await expectText(bo, (p) => p.getByTestId('room-panel').getAttribute('data-room-title'), 'Biology', 'Bo is in the main meeting');
  S.bo = bo;
});

test('live: all appear connected; the host starts a breakout in the call and the participant moves', async () => {
  const { page } = org;
  await page.getByRole('link', { name: 'Live' }).click();
  const inRoom = (room, who) => page.locator(`[data-room="${room}"] [data-person="${who}"]`);
  await inRoom('parent', 'ada-lovelace').locator('.dot.on').waitFor();
  await inRoom('parent', 'teacher').locator('.dot.on').waitFor();
  await inRoom('parent', 'bo-jensen').locator('.dot.on').waitFor();
  await page.getByText('3 connected, 0 breakout rooms').waitFor();
  // Bo leaves: shown as not connected, still in the main meeting.
  await S.boContext.close();
  await inRoom('parent', 'bo-jensen').getByText('(not connected)').waitFor();
  await page.getByText('2 connected, 0 breakout rooms').waitFor();

  // The host, in the call, through the UI kit: Breakout Rooms, 2 rooms, Ada to Room 1, start.
  const host = S.host;
  await host.getByRole('button', { name: 'Breakout Rooms' }).click();
  await host.getByRole('dialog', { name: 'Create Breakout' }).getByRole('button', { name: 'Create', exact: true }).click();
  const assign = host.getByRole('dialog', { name: 'Assign Participants' });
  await assign.getByRole('list', { name: 'Unassigned participants' }).getByRole('button', { name: 'Ada Lovelace', exact: true }).click();
  await assign.getByRole('button', { name: 'Assign to Room 1' }).click();
  await assign.getByRole('button', { name: 'Start Breakout' }).click();
  await host.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();

  await inRoom('Room 1', 'ada-lovelace').locator('.dot.on').waitFor();
  await waitFor(async () => (await inRoom('parent', 'ada-lovelace').count()) === 0, { what: 'Ada gone from the main meeting' });
  await page.locator('[data-room="Room 2"]').getByText('Nobody is assigned here.').waitFor();
  await page.getByText('2 connected, 2 breakout rooms').waitFor();
  await expectText(S.ada, (p) => p.locator('rtk-meeting header h1').textContent(), 'Room 1', 'Ada\u2019s page shows Room 1');
  await shot(page, 'live-host-breakout');
});

test('live: the organiser moves the participant and closes the breakout; the call follows', async () => {
  const { page } = org;
  const ada = page.locator('[data-room="Room 1"] [data-person="ada-lovelace"]');
  await ada.getByLabel('Move Ada Lovelace to').selectOption({ label: 'Room 2' });
  await ada.getByRole('button', { name: 'Move Ada Lovelace' }).click();
  await page.locator('[data-room="Room 2"] [data-person="ada-lovelace"] .dot.on').waitFor();
  await expectText(S.ada, (p) => p.locator('rtk-meeting header h1').textContent(), 'Room 2', 'Ada\u2019s page shows Room 2');

  await page.getByRole('button', { name: 'Close breakout' }).click();
  await page.getByText('Breakout closed').waitFor();
  await page.locator('[data-room="parent"] [data-person="ada-lovelace"] .dot.on').waitFor();
  await expectText(S.ada, (p) => p.locator('rtk-meeting header h1').textContent(), 'Biology', 'Ada is back in the main meeting');
  await expectText(S.host, (p) => p.getByTestId('room-panel').getAttribute('data-room-title'), 'Biology', 'the host stayed in the main meeting');
  assert.deepEqual((await server.api('GET', `/v2/meetings/${S.meetingId}/connected-meetings`)).json.data.meetings, []);
});

test('no page errors or failed requests; the API key is in no URL and no server log line', async () => {
  assert.deepEqual(pageProblems, []);
  assert.deepEqual(org.errors, []);
  assert.ok(org.requests.every((u) => !u.includes(API_KEY)), 'the key appeared in a URL');
  const log = server.log();
  // The log does record the dashboard's requests (so this check can see a leak)...
  assert.match(log, /"path":"\/v2\/meetings\/[^"]+\/connected-meetings\/move"/);
  assert.match(log, /"path":"\/v2\/presets"/);
  // ...and never the key.
  assert.ok(!log.includes(API_KEY), 'the API key appeared in the server log');
});
