// Durability: kill -9 mid-breakout, restart on the same data dir, everything is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client, tempDir } from './harness.mjs';

test('kill -9 mid-breakout, restart: meetings, participants, presets, rooms, assignments, chat and polls are back', async () => {
  const dataDir = tempDir();
  const s1 = await startServer({ dataDir });
  const preset = await s1.api('POST', '/v2/presets', { name: 'room-lead', permissions: { polls: { can_create: true }, connected_meetings: { can_switch_connected_meetings: true, can_switch_to_parent_meeting: true } } });
  assert.equal(preset.status, 201);
  const M = await setupMeeting(s1, { title: 'Durable', participants: [{ name: 'host', preset: 'group_call_host' }, { name: 'lead', preset: 'room-lead' }, { name: 'p1' }, { name: 'p2' }] });
  const other = await setupMeeting(s1, { title: 'Other', participants: [{ name: 'x' }] });
  const [h, lead, c1, c2] = await Promise.all(['host', 'lead', 'p1', 'p2'].map((n) => Client.open(s1.wsUrl(M.people[n].token))));
  const rooms = (await h.request('connected_meetings.create', { meetings: [{ title: 'Red' }, { title: 'Blue' }] })).data.meetings;
  await h.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: rooms[0].id, participant_ids: [M.people.lead.id, M.people.p1.id] });
  await h.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: rooms[1].id, participant_ids: [M.people.p2.id] });
  await h.request('connected_meetings.update', { meetings: [{ id: rooms[1].id, title: 'Blue Room' }] });
  await c1.request('chat.send', { text: 'red one' });
  await c2.request('chat.send', { text: 'blue one' });
  await h.request('chat.send', { text: 'parent one' });
  const poll = (await lead.request('polls.create', { question: 'Ready?', options: ['y', 'n'] })).data.poll;
  const voted = await c1.request('polls.vote', { poll_id: poll.id, option_index: 1 });
  assert.equal(voted.data.poll.options[1].count, 1);

  const before = (await s1.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
  const meetingsBefore = (await s1.api('GET', '/v2/meetings')).json.data;
  const participantsBefore = (await s1.api('GET', `/v2/meetings/${M.meetingId}/participants`)).json.data;
  const presetsBefore = (await s1.api('GET', '/v2/presets')).json.data;

  const killed = await s1.kill9();
  assert.equal(killed.signal, 'SIGKILL');

  const s2 = await startServer({ dataDir });
  assert.deepEqual((await s2.api('GET', '/v2/meetings')).json.data, meetingsBefore);
  assert.deepEqual((await s2.api('GET', `/v2/meetings/${M.meetingId}/participants`)).json.data, participantsBefore);
  assert.deepEqual((await s2.api('GET', '/v2/presets')).json.data, presetsBefore);
  assert.equal((await s2.api('GET', `/v2/meetings/${other.meetingId}/participants`)).json.data.length, 1);
  const after = (await s2.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
  // same rooms, titles, assignments and version; everybody disconnected
  const strip = (st) => JSON.parse(JSON.stringify(st, (k, v) => (k === 'connected' || k === 'audio_enabled' || k === 'video_enabled' ? undefined : v)));
  assert.deepEqual(strip(after), strip(before));
  const all = [after.parent_meeting, ...after.meetings].flatMap((m) => m.participants);
  assert.equal(all.length, 4);
  assert.ok(all.every((p) => p.connected === false));
  assert.equal(after.meetings[1].title, 'Blue Room');

  // tokens issued before the crash still work; a reconnecting client lands in its room
  const r1 = await Client.open(s2.wsUrl(M.people.p1.token));
  assert.equal(r1.joined.data.meeting_id, rooms[0].id);
  assert.equal(r1.joined.data.meeting_title, 'Red');
  assert.deepEqual(r1.joined.data.chat.map((m) => m.text), ['red one']);
  assert.equal(r1.joined.data.polls.length, 1);
  assert.equal(r1.joined.data.polls[0].question, 'Ready?');
  assert.equal(r1.joined.data.polls[0].options[1].count, 1);
  // reconnecting is presence: the version does not move
  assert.equal(r1.messages.find((m) => m.type === 'connected_meetings.state').data.version, after.version);
  const r2 = await Client.open(s2.wsUrl(M.people.p2.token));
  assert.equal(r2.joined.data.meeting_id, rooms[1].id);
  assert.deepEqual(r2.joined.data.chat.map((m) => m.text), ['blue one']);
  assert.equal(r2.joined.data.polls.length, 0);
  const rh = await Client.open(s2.wsUrl(M.people.host.token));
  assert.equal(rh.joined.data.meeting_id, M.meetingId);
  assert.deepEqual(rh.joined.data.chat.map((m) => m.text), ['parent one']);
  // the stored vote still counts: voting again is refused
  const again = await r1.request('polls.vote', { poll_id: poll.id, option_index: 0 });
  assert.equal(again.error?.code, 'conflict');
  await Promise.all([r1, r2, rh].map((c) => c.close()));
  await s2.stop();
  s2.cleanup();
});
