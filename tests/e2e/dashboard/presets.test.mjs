// Presets through the dashboard, as the product page sets up breakout rooms: a host preset with
// Full Access in Connected Meetings and a participant preset with Switch Connected Meetings and
// Switch to Parent Meeting; Save, listed, Edit; unknown fields kept; errors at the field;
// duplicate; delete refused while in use, allowed once unused. Every outcome is read back
// over REST, not from the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openDashboard, shot } from './harness.mjs';

let server, browser, page, context;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ({ page, context } = await openDashboard(browser, server));
});
after(async () => { await context?.close(); await browser?.close(); await server?.stop(); });

async function presetByName(name) {
  const list = await server.api('GET', '/v2/presets?per_page=100');
  const s = list.json.data.find((p) => p.name === name);
  if (!s) return null;
  return (await server.api('GET', `/v2/presets/${s.id}`)).json.data;
}

async function createPreset(name, checks) {
  await page.goto(server.base + '/dashboard/#/presets');
  await page.getByRole('link', { name: 'New preset' }).click();
  await page.getByRole('heading', { name: 'New preset' }).waitFor();
  // Connected Meetings is the first group of the editor.
  const legends = await page.locator('fieldset legend').allTextContents();
  assert.equal(legends[0], 'Connected Meetings');
  assert.deepEqual(legends.slice(0, 4), ['Connected Meetings', 'Media', 'Chat', 'Polls']);
  for (const [label, on] of Object.entries(checks)) await page.getByLabel(label, { exact: true }).setChecked(on);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('heading', { name: 'Presets' }).waitFor();
  await page.getByRole('cell', { name, exact: true }).waitFor();
}

test('create the host and participant presets of the product page', async () => {
  await createPreset('class_host', { 'Full Access': true, 'Switch Connected Meetings': true, 'Switch to Parent Meeting': true });
  await createPreset('class_student', { 'Full Access': false, 'Switch Connected Meetings': true, 'Switch to Parent Meeting': true });
  const host = await presetByName('class_host');
  assert.deepEqual(host.permissions.connected_meetings,
    { can_alter_connected_meetings: true, can_switch_connected_meetings: true, can_switch_to_parent_meeting: true });
  const student = await presetByName('class_student');
  assert.deepEqual(student.permissions.connected_meetings,
    { can_alter_connected_meetings: false, can_switch_connected_meetings: true, can_switch_to_parent_meeting: true });
  // The rest starts from the server's participant defaults (config and ui kept too).
  const def = await presetByName('group_call_participant');
  assert.deepEqual(student.config, def.config);
  assert.deepEqual(student.permissions.media, def.permissions.media);
  await shot(page, 'presets');
});

test('edit keeps unknown fields and changes only what was edited', async () => {
  const base = await presetByName('class_student');
  const made = await server.api('PATCH', `/v2/presets/${base.id}`, { x_custom: { keep: [1, 'two', { three: true }] }, ui: { design_tokens: { theme: 'dark' } } });
  assert.equal(made.status, 200, made.text);
  const before = await presetByName('class_student');
  await page.goto(server.base + '/dashboard/#/presets');
  await page.getByRole('link', { name: 'Edit class_student' }).click();
  await page.getByRole('heading', { name: 'Edit preset class_student' }).waitFor();
  assert.equal(await page.getByLabel('Switch Connected Meetings', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel('Full Access', { exact: true }).isChecked(), false);
  await page.getByText('x_custom').waitFor();  // "Other settings ... are kept"
  await page.getByLabel('Create polls').check();
  await page.getByLabel('Screen share').selectOption('CAN_REQUEST');
  await shot(page, 'preset-editor');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Preset class_student saved.').waitFor();
  const after = await presetByName('class_student');
  assert.equal(after.permissions.polls.can_create, true);
  assert.equal(after.permissions.media.screenshare.can_produce, 'CAN_REQUEST');
  assert.deepEqual(after.x_custom, { keep: [1, 'two', { three: true }] });
  assert.deepEqual(after.ui, before.ui);
  assert.deepEqual(after.config, before.config);
  const { polls: _p1, media: _m1, ...restAfter } = after.permissions;
  const { polls: _p2, media: _m2, ...restBefore } = before.permissions;
  assert.deepEqual(restAfter, restBefore);
  assert.equal(after.id, before.id);
});

test('validation errors point at the field and change nothing', async () => {
  await page.goto(server.base + '/dashboard/#/presets/new');
  await page.getByRole('heading', { name: 'New preset' }).waitFor();
  // Empty name: at the name field, nothing sent.
  await page.getByRole('button', { name: 'Save' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await page.getByText('Give the preset a name.').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await name.evaluate((el) => el.getRootNode().activeElement === el), true);
  // A name that exists: the server's conflict, shown at the name field.
  await name.fill('class_host');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('a preset named class_host already exists').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  // A name over the limit: the server's validation message, at the field.
  await name.fill('n'.repeat(300));
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#err-name').getByText('name is 300 bytes; at most 256 are allowed').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await name.evaluate((el) => el.getRootNode().activeElement === el), true);
  const list = await server.api('GET', '/v2/presets?per_page=100');
  assert.deepEqual(list.json.data.map((p) => p.name).sort(),
    ['class_host', 'class_student', 'group_call_host', 'group_call_participant']);
});

test('duplicate, then delete: refused while in use, done once unused', async () => {
  await page.goto(server.base + '/dashboard/#/presets');
  await page.getByRole('button', { name: 'Duplicate class_host' }).click();
  await page.getByRole('cell', { name: 'class_host copy', exact: true }).waitFor();
  const copy = await presetByName('class_host copy');
  const orig = await presetByName('class_host');
  assert.deepEqual(copy.permissions, orig.permissions);
  assert.notEqual(copy.id, orig.id);

  const m = await server.api('POST', '/v2/meetings', { title: 'Uses the copy' });
  const p = await server.api('POST', `/v2/meetings/${m.json.data.id}/participants`,
    { name: 'Ada', custom_participant_id: 'ada', preset_name: 'class_host copy' });
  assert.equal(p.status, 201);

  await page.getByRole('button', { name: 'Delete class_host copy' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete preset class_host copy?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alert').getByText('class_host copy cannot be deleted while participants use it').waitFor();
  assert.ok(await presetByName('class_host copy'), 'the preset in use is still there');
  // Renaming it while in use is refused too, shown at the name field.
  await page.getByRole('link', { name: 'Edit class_host copy' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('renamed');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#err-name').getByText('it cannot be renamed').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await presetByName('renamed'), null);
  await page.getByRole('link', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: 'Presets' }).waitFor();

  await server.api('DELETE', `/v2/meetings/${m.json.data.id}/participants/${p.json.data.id}`);
  await page.getByRole('button', { name: 'Delete class_host copy' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('Preset class_host copy deleted.').waitFor();
  assert.equal(await presetByName('class_host copy'), null);
  assert.equal(await page.getByRole('cell', { name: 'class_host copy', exact: true }).count(), 0);
});
