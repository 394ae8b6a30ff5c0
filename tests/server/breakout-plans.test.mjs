// Pre-assignment plans and late joiners over REST and the WebSocket: CSV and JSON plans with
// their errors, start over WS, late joiners under `planned` and `smallest`, plans and the running
// plan survive a kill -9, the same plan starts again after close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client, tempDir } from './harness.mjs';

test('breakout plans: CRUD (JSON + CSV), start over WS, late joiners planned and smallest, restart, reuse', async () => {
  const dataDir = tempDir();
  const s1 = await startServer({ dataDir });
  const M = await setupMeeting(s1, {
    title: 'Plans',
    participants: [{ name: 'host', preset: 'group_call_host' }, { name: 'a', custom: 'a@x' }, { name: 'b', custom: 'b@x' }, { name: 'c', custom: 'c@x' }, { name: 'z', custom: 'z@x' }, { name: 'cohost', preset: 'group_call_host' }],
  });
  const base = `/v2/meetings/${M.meetingId}`;

  // CSV: header, quotes, line-numbered errors
  const csv = 'room,custom_participant_id\r\nRed,a@x\nRed,b@x\n"Blue, big",c@x\n"Blue, big",late@x\n';
  const up = await s1.api('POST', `${base}/breakout-plans/csv?name=Round%201`, undefined, { raw: csv });
  assert.equal(up.status, 201, up.text);
  const plan = up.json.data;
  assert.equal(plan.name, 'Round 1');
  assert.deepEqual(plan.rooms, [{ title: 'Red', custom_participant_ids: ['a@x', 'b@x'] }, { title: 'Blue, big', custom_participant_ids: ['c@x', 'late@x'] }]);
  const bad = await s1.api('POST', `${base}/breakout-plans/csv`, undefined, { raw: 'room,custom_participant_id\nRed,a@x\nBlue,a@x\n' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid_argument');
  assert.equal(bad.json.error.message, 'line 3: custom_participant_id a@x is already planned in room Red (line 2)');
  const bad2 = await s1.api('POST', `${base}/breakout-plans/csv`, undefined, { raw: 'Red,a@x,extra\n' });
  assert.equal(bad2.json.error.message, 'line 1: expected 2 fields (room,custom_participant_id), got 3');

  // JSON: create, get, list, delete
  const j = await s1.api('POST', `${base}/breakout-plans`, { name: 'Other', rooms: [{ title: 'Solo', custom_participant_ids: ['z@x'] }] });
  assert.equal(j.status, 201, j.text);
  assert.equal((await s1.api('POST', `${base}/breakout-plans`, { rooms: [] })).json.error.message, 'rooms must not be empty');
  assert.equal((await s1.api('GET', `${base}/breakout-plans/${j.json.data.id}`)).json.data.name, 'Other');
  assert.equal((await s1.api('GET', `${base}/breakout-plans`)).json.data.length, 2);
  assert.equal((await s1.api('DELETE', `${base}/breakout-plans/${j.json.data.id}`)).status, 200);
  assert.equal((await s1.api('GET', `${base}/breakout-plans/${j.json.data.id}`)).status, 404);
  assert.equal((await s1.api('GET', '/v2/meetings/nope/breakout-plans')).status, 404);

  // policy over REST (bad value refused)
  assert.equal((await s1.api('POST', `${base}/connected-meetings/policy`, { late_joiners: 'random' })).json.error.code, 'invalid_argument');
  assert.equal((await s1.api('POST', `${base}/connected-meetings/policy`, { late_joiners: 'planned' })).status, 200);

  // over WS: a participant may not list or start plans; the host starts it
  const [h, a] = await Promise.all(['host', 'a'].map((n) => Client.open(s1.wsUrl(M.people[n].token))));
  assert.equal((await a.request('connected_meetings.plans')).error.code, 'permission_denied');
  assert.equal((await a.request('connected_meetings.start_plan', { plan_id: plan.id })).error.code, 'permission_denied');
  const listed = (await h.request('connected_meetings.plans')).data;
  assert.deepEqual(listed.plans.map((p) => p.id), [plan.id]);
  assert.equal(listed.late_joiners, 'planned');
  assert.equal((await h.request('connected_meetings.start_plan', { plan_id: 'nope' })).error.code, 'not_found');
  const started = (await h.request('connected_meetings.start_plan', { plan_id: plan.id })).data;
  const [red, blue] = started.meetings;
  assert.deepEqual(started.meetings.map((m) => m.title), ['Red', 'Blue, big']);
  assert.equal((await h.request('connected_meetings.start_plan', { plan_id: plan.id })).error.code, 'conflict');
  const where = async (s) => {
    const st = (await s.api('GET', `${base}/connected-meetings`)).json.data;
    const out = {};
    for (const m of [st.parent_meeting, ...st.meetings]) for (const p of m.participants) out[p.custom_participant_id] = m.id;
    return { out, st };
  };
  let w = await where(s1);
  assert.equal(w.out['a@x'], red.id);
  assert.equal(w.out['b@x'], red.id);
  assert.equal(w.out['c@x'], blue.id);
  assert.equal(w.out['z@x'], M.meetingId); // not in the plan
  assert.equal(w.out.host, M.meetingId);
  assert.equal(w.st.plan_id, plan.id);

  // a planned late joiner lands in its room straight away
  const late = await s1.api('POST', `${base}/participants`, { name: 'late', preset_name: 'group_call_participant', custom_participant_id: 'late@x' });
  const lc = await Client.open(s1.wsUrl(late.json.data.token));
  assert.equal(lc.joined.data.meeting_id, blue.id);
  const unplanned = await s1.api('POST', `${base}/participants`, { name: 'u', preset_name: 'group_call_participant', custom_participant_id: 'u@x' });
  assert.equal((await Client.open(s1.wsUrl(unplanned.json.data.token))).joined.data.meeting_id, M.meetingId);

  // kill -9: the plan, the policy and the running plan's seats are back
  await s1.kill9();
  const s2 = await startServer({ dataDir });
  assert.deepEqual((await s2.api('GET', `${base}/breakout-plans`)).json.data, [plan]);
  w = await where(s2);
  assert.equal(w.st.late_joiners, 'planned');
  assert.equal(w.st.plan_id, plan.id);
  const late2 = await s2.api('POST', `${base}/participants`, { name: 'late2', preset_name: 'group_call_participant', custom_participant_id: 'late@x' });
  assert.equal((await Client.open(s2.wsUrl(late2.json.data.token))).joined.data.meeting_id, blue.id);

  // smallest: Red has a, b; Blue has c, late, late2 -> Red
  const h2 = await Client.open(s2.wsUrl(M.people.host.token));
  // a co-host's view carries the placement (full scope), a participant's never does
  const [co, pa] = await Promise.all(['cohost', 'a'].map((n) => Client.open(s2.wsUrl(M.people[n].token))));
  const stateOf = (c) => c.messages.find((m) => m.type === 'connected_meetings.state').data;
  assert.deepEqual(stateOf(co).placement, { late_joiners: 'planned', plan_id: plan.id });
  assert.equal(stateOf(pa).placement, undefined);
  const pushed = co.next((m) => m.type === 'connected_meetings.delta' && m.data.placement);
  const paDelta = pa.next((m) => m.type === 'connected_meetings.delta');
  assert.ok((await h2.request('connected_meetings.policy', { late_joiners: 'smallest' })).data.version > 0);
  assert.deepEqual((await pushed).data.placement, { late_joiners: 'smallest', plan_id: plan.id });
  assert.equal((await paDelta).data.placement, undefined);
  const x = await s2.api('POST', `${base}/participants`, { name: 'x', preset_name: 'group_call_participant', custom_participant_id: 'late@x' });
  assert.equal((await Client.open(s2.wsUrl(x.json.data.token))).joined.data.meeting_id, red.id);

  // close, then the same saved plan again (REST start)
  await h2.request('connected_meetings.close');
  w = await where(s2);
  assert.equal(w.st.plan_id, '');
  const again = await s2.api('POST', `${base}/breakout-plans/${plan.id}/start`, {});
  assert.equal(again.status, 201, again.text);
  w = await where(s2);
  assert.equal(w.out['a@x'], again.json.data.meetings[0].id);
  assert.equal(w.out['c@x'], again.json.data.meetings[1].id);
  await s2.stop();
});
