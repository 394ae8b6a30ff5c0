// End-to-end, the REAL stack (issue 12): pre-assignment plans and late joiners through the UI
// kit. A plan is stored over REST before anyone joins; the host starts it from the Create
// Breakout dialog with one click ("Start plan") and everyone it names lands in the planned room
// (the others stay in the main room). The host sets "Late joiners" to the planned room: a
// participant added now lands straight in its planned room; then to the smallest room: the next
// one lands in the smallest room although its plan says otherwise. A second host's open dialog
// follows each policy change live (the server pushes it in the hosts' view).
//
// Run: node --test --test-concurrency=1 tests/e2e/ui/breakout-plans.test.mjs
import test from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack, skip, api, setupGroup, openPage, expectRoom, roomsSeenByHost, closeAll } from './harness.mjs';

useRealStack();

const policyOf = (page) => page.evaluate(() => document.getElementById('m').s.cm.lateJoiners);

test('a saved plan started in one click; late joiners by policy planned and smallest; a co-host follows', { skip, timeout: 300000 }, async () => {
  const { meetingId, pages, problems } = await setupGroup({
    people: [{ name: 'Hana Host', preset: 'group_call_host' }, { name: 'Cohost', preset: 'group_call_host' },
      { name: 'Ada', preset: 'group_call_participant' }, { name: 'Cy', preset: 'group_call_participant' }],
  });
  const late = {};
  try {
    const host = pages['Hana Host'];
    const co = pages.Cohost;
    // the plan, stored over REST (custom ids are c-<name>); Late and Late2 are not here yet
    const plan = await api('POST', `/v2/meetings/${meetingId}/breakout-plans`, {
      name: 'Round 1', rooms: [{ title: 'Red', custom_participant_ids: ['c-Ada', 'c-Late', 'c-Late2'] }, { title: 'Blue', custom_participant_ids: ['c-Cy'] }],
    });

    // one click in the Create Breakout dialog
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const create = host.getByRole('dialog', { name: 'Create Breakout' });
    const saved = create.getByRole('region', { name: 'Saved plans' });
    await saved.getByText('2 rooms, 4 planned').waitFor();
    assert.equal(await create.getByRole('combobox', { name: 'Late joiners' }).inputValue(), 'parent');
    await saved.getByRole('button', { name: 'Start plan Round 1' }).click();
    await create.waitFor({ state: 'detached' });
    await expectRoom(pages.Ada, 'Red', ['Ada']);
    await expectRoom(pages.Cy, 'Blue', ['Cy']);
    await expectRoom(host, 'Main Room', ['Hana Host', 'Cohost']);
    assert.equal((await api('GET', `/v2/meetings/${meetingId}/connected-meetings`)).plan_id, plan.id);

    // the co-host keeps the live dialog open; the host sets "planned" in its own
    await co.getByRole('button', { name: 'Breakout Rooms' }).click();
    const coSelect = co.getByRole('dialog', { name: 'Breakout Rooms' }).getByRole('combobox', { name: 'Late joiners' });
    assert.equal(await coSelect.inputValue(), 'parent');
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const hostSelect = host.getByRole('dialog', { name: 'Breakout Rooms' }).getByRole('combobox', { name: 'Late joiners' });
    await hostSelect.selectOption('planned');
    await co.waitForFunction(() => document.getElementById('m').s.cm.lateJoiners === 'planned');
    assert.equal(await coSelect.inputValue(), 'planned');
    assert.equal((await api('GET', `/v2/meetings/${meetingId}/connected-meetings`)).late_joiners, 'planned');

    // a late joiner with a planned seat lands in it
    late.Late = await openPage(meetingId, { name: 'Late', preset: 'group_call_participant' }, problems);
    await expectRoom(late.Late, 'Red', ['Ada', 'Late']);

    // smallest: Red has 2, Blue 1 -> Blue, although Late2's plan says Red
    await hostSelect.selectOption('smallest');
    await co.waitForFunction(() => document.getElementById('m').s.cm.lateJoiners === 'smallest');
    assert.equal(await coSelect.inputValue(), 'smallest');
    assert.equal(await policyOf(host), 'smallest');
    late.Late2 = await openPage(meetingId, { name: 'Late2', preset: 'group_call_participant' }, problems);
    await expectRoom(late.Late2, 'Blue', ['Cy', 'Late2']);
    assert.deepEqual(await roomsSeenByHost(co), [['Main Room', ['Cohost', 'Hana Host']], ['Red', ['Ada', 'Late']], ['Blue', ['Cy', 'Late2']]]);
    // no error toast on either host
    for (const p of [host, co]) assert.deepEqual(await p.evaluate(() => document.getElementById('m').s.state.errors.map((e) => e.message)), []);
    assert.deepEqual(problems, []);
  } finally {
    await closeAll({ ...pages, ...late });
  }
});
