// Self-selection and the shuffle that avoids repeats against the real rtk-server over the
// WebSocket: a participant without switch permission chooses its room only while the host allows
// it, a full room and a move of someone else are refused with stable codes and change nothing,
// and both the setting and the rounds history survive a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client, tempDir } from './harness.mjs';

async function fixedPreset(s) {
  const r = await s.api('POST', '/v2/presets', {
    name: 'fixed_seat',
    permissions: { connected_meetings: { can_alter_connected_meetings: false, can_switch_connected_meetings: false, can_switch_to_parent_meeting: false } },
  });
  assert.equal(r.status, 201, r.text);
}
const group = (s, M) => s.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`).then((r) => r.json.data);
const move = (c, from, to, ids) => c.request('connected_meetings.move', { source_meeting_id: from, destination_meeting_id: to, participant_ids: ids });

test('self-selection over the WebSocket: off refused, on with capacity 1, full refused, no change on refusal, durable', async () => {
  const dataDir = tempDir();
  let s = await startServer({ dataDir });
  try {
    await fixedPreset(s);
    const M = await setupMeeting(s, {
      title: 'Choose', participants: [{ name: 'host', preset: 'group_call_host' }, { name: 'p1', preset: 'fixed_seat' }, { name: 'p2', preset: 'fixed_seat' }],
    });
    const [h, c1, c2] = await Promise.all(['host', 'p1', 'p2'].map((n) => Client.open(s.wsUrl(M.people[n].token))));
    const st = await h.request('connected_meetings.start', { meetings: [{ title: 'Red' }, { title: 'Blue' }], assignments: [] });
    const [red, blue] = st.data.meetings.map((m) => m.id);
    const { p1, p2 } = M.people;

    // off: the participant may not move itself, nor turn it on
    let r = await move(c1, M.meetingId, red, [p1.id]);
    assert.equal(r.error?.code, 'permission_denied', JSON.stringify(r));
    r = await c1.request('connected_meetings.self_selection', { enabled: true });
    assert.equal(r.error?.code, 'permission_denied');
    r = await h.request('connected_meetings.self_selection', { enabled: true, capacity: 1001 });
    assert.equal(r.error?.code, 'invalid_argument');

    // the host turns it on: every participant's view carries it
    r = await h.request('connected_meetings.self_selection', { enabled: true, capacity: 1 });
    assert.ok(r.data?.version, JSON.stringify(r));
    const d = await c2.next((m) => m.type === 'connected_meetings.delta' && m.data.self_selection);
    assert.deepEqual(d.data.self_selection, { enabled: true, capacity: 1 });

    r = await move(c1, M.meetingId, red, [p1.id]);
    assert.ok(r.data, JSON.stringify(r));
    const before = await group(s, M);
    r = await move(c2, M.meetingId, red, [p2.id]);
    assert.equal(r.error?.code, 'limit_exceeded');
    assert.equal(r.error?.message, "Room 'Red' is full (1 of 1)");
    r = await move(c2, red, blue, [p1.id]);  // someone else: never
    assert.equal(r.error?.code, 'permission_denied');
    r = await move(c1, red, M.meetingId, [p1.id]);  // back to the parent needs can_switch_to_parent_meeting
    assert.equal(r.error?.code, 'permission_denied');
    assert.deepEqual(await group(s, M), before, 'a refusal changes nothing');
    r = await move(c2, M.meetingId, blue, [p2.id]);
    assert.ok(r.data, JSON.stringify(r));
    await Promise.all([h, c1, c2].map((c) => c.close()));

    // the setting is durable group state
    await s.stop();
    s = await startServer({ dataDir });
    const g = await group(s, M);
    assert.deepEqual(g.self_selection, { enabled: true, capacity: 1 });
    // and so is who was with whom (REST, API key)
    assert.ok(Array.isArray(g.rounds));
    const c3 = await Client.open(s.wsUrl(M.people.p2.token));
    const stt = await c3.nextType('connected_meetings.state');
    assert.deepEqual(stt.data.self_selection, { enabled: true, capacity: 1 });
    await c3.close();
  } finally {
    await s.stop();
    s.cleanup();
  }
});

test('shuffle avoiding repeats: start records rounds, the plan separates earlier pairs, history survives a restart', async () => {
  const dataDir = tempDir();
  let s = await startServer({ dataDir });
  try {
    const names = Array.from({ length: 12 }, (_, i) => ({ name: `u${i}` }));
    const M = await setupMeeting(s, { title: 'Rounds', participants: [{ name: 'host', preset: 'group_call_host' }, ...names] });
    const ids = names.map((n) => M.people[n.name].id);
    const h = await Client.open(s.wsUrl(M.people.host.token));
    // two rounds of 3 rooms, each a seeded start (the host stays in the parent)
    for (const seed of [1, 2]) {
      const r = await h.request('connected_meetings.start', {
        meetings: [{ title: 'A' }, { title: 'B' }, { title: 'C' }],
        assignments: [{ participant_id: M.people.host.id, meeting_id: M.meetingId }], shuffle: true, seed, avoid_repeats: true,
      });
      assert.ok(r.data, JSON.stringify(r));
      assert.ok((await h.request('connected_meetings.close', {})).data);
    }
    const g = await group(s, M);
    assert.equal(g.rounds.length, 2);
    assert.deepEqual(g.rounds.map((round) => round.map((room) => room.length)), [[4, 4, 4], [4, 4, 4]]);

    const plan = (avoid) => h.request('connected_meetings.shuffle', { participant_ids: ids, meeting_ids: ['x', 'y', 'z'], seed: 9, avoid_repeats: avoid });
    const plain = (await plan(false)).data, avoid = (await plan(true)).data;
    console.log(`12 people, 3 rooms, after 2 rounds: repeated pairs plain ${plain.repeated_pairs}, avoid ${avoid.repeated_pairs}`);
    assert.ok(avoid.repeated_pairs < plain.repeated_pairs, `${avoid.repeated_pairs} < ${plain.repeated_pairs}`);
    const sizes = {};
    for (const a of avoid.assignments) sizes[a.meeting_id] = (sizes[a.meeting_id] ?? 0) + 1;
    assert.deepEqual(sizes, { x: 4, y: 4, z: 4 });
    // refusals: stable codes
    const c0 = await Client.open(s.wsUrl(M.people.u0.token));
    assert.equal((await c0.request('connected_meetings.shuffle', { participant_ids: ids, meeting_ids: ['x'] })).error?.code, 'permission_denied');
    assert.equal((await h.request('connected_meetings.shuffle', { participant_ids: ['nobody'], meeting_ids: ['x'] })).error?.code, 'not_found');
    await Promise.all([h.close(), c0.close()]);

    await s.stop();
    s = await startServer({ dataDir });
    assert.deepEqual((await group(s, M)).rounds, g.rounds);
    const h2 = await Client.open(s.wsUrl(M.people.host.token));
    assert.deepEqual((await h2.request('connected_meetings.shuffle', { participant_ids: ids, meeting_ids: ['x', 'y', 'z'], seed: 9, avoid_repeats: true })).data, avoid,
      'the same plan after a restart: the history is durable');
    // REST: the same command path
    const rest = await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/shuffle`, { participant_ids: ids, meeting_ids: ['x', 'y', 'z'], seed: 9, avoid_repeats: true });
    assert.equal(rest.status, 200, rest.text);
    assert.deepEqual(rest.json.data, avoid);
    await h2.close();
  } finally {
    await s.stop();
    s.cleanup();
  }
});
