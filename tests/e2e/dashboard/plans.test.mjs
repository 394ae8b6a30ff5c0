// Breakout plans in the dashboard (issue 12, pre-assignment): a meeting's "Breakout plans" tab
// uploads a pasted Zoom-style CSV and a JSON file, shows the server's line-numbered error for a
// bad CSV (nothing saved), lists the saved plans and deletes one. Outcomes are read back over
// REST.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openDashboard, shot } from './harness.mjs';

let server, browser, page, context, errors;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page, context, errors } = await openDashboard(browser, server));
});
after(async () => { await context?.close(); await browser?.close(); await server?.stop(); });

test('upload CSV (Zoom header) and JSON plans, see a bad line refused, list and delete', async () => {
  const m = (await server.api('POST', '/v2/meetings', { title: 'Plans class' })).json.data;
  const plansOf = async () => (await server.api('GET', `/v2/meetings/${m.id}/breakout-plans`)).json.data;
  await page.goto(`${server.base}/dashboard/#/meetings/${m.id}`);
  await page.getByRole('link', { name: 'Breakout plans' }).click();
  await page.getByText('No saved plans for this meeting.').waitFor();

  // a Zoom export, pasted, with a name
  await page.getByLabel('Plan name (optional)').fill('Round 1');
  await page.getByLabel('Or paste the plan').fill('Pre-assign Room Name,Email Address\nRed,ada@x\nRed,bo@x\n"Blue, big",cy@x\n');
  await page.getByRole('button', { name: 'Upload plan' }).click();
  await page.getByText('Plan Round 1 saved: 2 rooms.').waitFor();
  const row = page.locator('tr[data-plan]', { hasText: 'Round 1' });
  await row.getByText('Red (2), Blue, big (1)').waitFor();
  let plans = await plansOf();
  assert.deepEqual(plans.map((p) => [p.name, p.rooms]), [['Round 1', [
    { title: 'Red', custom_participant_ids: ['ada@x', 'bo@x'] }, { title: 'Blue, big', custom_participant_ids: ['cy@x'] }]]]);

  // a bad CSV: the server's message names the line; nothing is saved
  await page.getByLabel('Or paste the plan').fill('room,custom_participant_id\nRed,ada@x\nBlue,ada@x\n');
  await page.getByRole('button', { name: 'Upload plan' }).click();
  await page.getByRole('alert').getByText('line 3: custom_participant_id ada@x is already planned in room Red (line 2)').waitFor();
  assert.equal((await plansOf()).length, 1);

  // a JSON file
  await page.getByLabel('Or paste the plan').fill('');
  await page.getByLabel('Plan file (CSV or JSON)').setInputFiles({
    name: 'round2.json', mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ name: 'Round 2', rooms: [{ title: 'Solo', custom_participant_ids: ['bo@x'] }] })),
  });
  await page.getByRole('button', { name: 'Upload plan' }).click();
  await page.getByText('Plan Round 2 saved: 1 room.').waitFor();
  await page.locator('tr[data-plan]', { hasText: 'Round 2' }).waitFor();
  assert.deepEqual((await plansOf()).map((p) => p.name), ['Round 1', 'Round 2']);
  await shot(page, 'breakout-plans');

  // delete Round 1
  await page.getByRole('button', { name: 'Delete plan Round 1' }).click();
  await page.getByText('Plan Round 1 deleted.').waitFor();
  await row.waitFor({ state: 'detached' });
  plans = await plansOf();
  assert.deepEqual(plans.map((p) => p.name), ['Round 2']);
  assert.deepEqual(errors, []);
});
