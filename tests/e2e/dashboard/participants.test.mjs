// Adding many participants twice: the lines that failed stay in the box (the ones added are
// taken out), so fixing them and pressing Add again adds nobody twice; names pasted again get
// new custom ids, not the ones already in the meeting. Outcomes are read back over REST.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openDashboard } from './harness.mjs';

let server, browser, page, context, errors, meetingId;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  meetingId = (await server.api('POST', '/v2/meetings', { title: 'Physics' })).json.data.id;
  ({ page, context, errors } = await openDashboard(browser, server));
});
after(async () => { await context?.close(); await browser?.close(); await server?.stop(); });

const people = async () => (await server.api('GET', `/v2/meetings/${meetingId}/participants`)).json.data
  .map((p) => [p.name, p.custom_participant_id, p.preset_name]);

test('failed lines stay in the box to fix; adding again adds nobody twice', async () => {
  await page.goto(`${server.base}/dashboard/#/meetings/${meetingId}`);
  await page.getByText('No participants yet.').waitFor();
  const box = page.getByLabel('Names, one per line, or CSV lines');
  await box.fill('Ada Lovelace\nBob,bob,no_such_preset\nCy,cy,group_call_host\n,empty,group_call_participant');
  await page.getByRole('button', { name: 'Add participants' }).click();
  await page.getByText('2 participants added, 2 lines not added: they are left in the box to fix.').waitFor();
  assert.equal(await box.inputValue(), 'Bob,bob,no_such_preset\n,empty,group_call_participant');
  const errs = await page.locator('#bulk-errors .field-error').allTextContents();
  assert.deepEqual(errs, ['line 2 (Bob): preset_name: no preset named no_such_preset', 'line 4: the name is empty']);
  assert.deepEqual(await people(), [['Ada Lovelace', 'ada-lovelace', 'group_call_participant'], ['Cy', 'cy', 'group_call_host']]);

  // Fix the two lines and add again: only they are added.
  await box.fill('Bob,bob,group_call_participant\nDee,empty,group_call_participant');
  await page.getByRole('button', { name: 'Add participants' }).click();
  await page.getByText('2 participants added.').waitFor();
  assert.equal(await box.inputValue(), '');
  assert.deepEqual(await page.locator('#bulk-errors .field-error').count(), 0);
  assert.deepEqual(await people(), [['Ada Lovelace', 'ada-lovelace', 'group_call_participant'], ['Cy', 'cy', 'group_call_host'],
    ['Bob', 'bob', 'group_call_participant'], ['Dee', 'empty', 'group_call_participant']]);

  // The same name pasted again is a second person with a new made id, not the first one's.
  await box.fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Add participants' }).click();
  await page.getByText('1 participant added.').waitFor();
  const ids = (await people()).map((p) => p[1]);
  assert.deepEqual(ids, ['ada-lovelace', 'cy', 'bob', 'empty', 'ada-lovelace-2']);
  await page.locator('tr[data-participant="ada-lovelace-2"]').waitFor();
  assert.deepEqual(errors, []);
});
