// The WebSocket protocol over the wire: join, fan-out order, permissions, chat/polls per
// room, relay isolation, limits, reconnects.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client } from './harness.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); s.cleanup(); });

const open = (p) => Client.open(s.wsUrl(p.token));
const idsOf = (m) => m.participants.map((p) => p.id).sort();
// A barrier: everything the server queued for this client before now arrives before the reply.
const settle = (c) => c.request('session.ping');
// v2 batches what happened in a meeting into room.update {meeting_id, events: [{type, ...}]}.
const nextEvent = async (c, type) => {
  const m = await c.next((x) => x.type === 'room.update' && x.data.events.some((e) => e.type === type), 5000, `room.update ${type}`);
  return { meeting_id: m.data.meeting_id, ...m.data.events.find((e) => e.type === type) };
};
const restState = async (M) => (await s.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;

describe('join and leave', () => {
  test('state then room.joined; joins, media and leaves as room.update; presence not versioned', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'alice', preset: 'group_call_host' }, { name: 'bob' }] });
    const a = await open(M.people.alice);
    const j = a.joined.data;
    assert.equal(j.meeting_id, M.meetingId);
    assert.equal(j.is_parent, true);
    assert.equal(j.self.id, M.people.alice.id);
    assert.equal(j.preset.name, 'group_call_host');
    assert.deepEqual(j.participants, []);
    assert.deepEqual(j.chat, []);
    assert.equal(j.chat_has_more, false);
    assert.equal(j.reconnected, false);
    assert.equal(j.limits.max_meetings, 100);
    // the group view came first, in the host's scope
    assert.deepEqual(a.messages.map((m) => m.type).slice(0, 2), ['connected_meetings.state', 'room.joined']);
    const st0 = a.messages[0].data;
    assert.equal(st0.scope, 'full');
    assert.equal(st0.parent_meeting.participants.find((p) => p.id === M.people.alice.id).connected, true);

    const b = await open(M.people.bob);
    assert.deepEqual(b.joined.data.participants.map((p) => p.id), [M.people.alice.id]);
    assert.equal(b.messages[0].data.scope, 'roster');
    const pj = await nextEvent(a, 'joined');
    assert.equal(pj.participant.id, M.people.bob.id);
    const pr = await a.nextType('connected_meetings.presence');
    assert.deepEqual(pr.data.participants, [{ id: M.people.bob.id, connected: true }]);
    assert.equal((await restState(M)).version, st0.version, 'connecting does not raise the version');

    const media = await b.request('self.media', { audio_enabled: true });
    assert.deepEqual(media.data, { audio_enabled: true, video_enabled: false });
    const mc = await nextEvent(a, 'media');
    assert.deepEqual(mc, { meeting_id: M.meetingId, type: 'media', participant_id: M.people.bob.id, audio_enabled: true, video_enabled: false });

    const lv = await b.request('session.leave');
    assert.deepEqual(lv.data, {});
    assert.equal((await b.closed).code, 1000);
    const pl = await nextEvent(a, 'left');
    assert.equal(pl.participant_id, M.people.bob.id);
    const st = await restState(M);
    assert.equal(st.parent_meeting.participants.find((p) => p.id === M.people.bob.id).connected, false);
    assert.equal(st.version, st0.version);
    await settle(a);
    assert.equal(a.messages.filter((m) => m.type === 'connected_meetings.delta').length, 0, 'presence raised no delta');
    await a.close();
  });
});

describe('moves', () => {
  test('fan-out order of a move: moving, room.joined, left/joined, state, then the reply', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'host', preset: 'group_call_host' }, { name: 'p1' }, { name: 'p2' }, { name: 'p3' }] });
    const [h, c1, c2, c3] = await Promise.all(['host', 'p1', 'p2', 'p3'].map((n) => open(M.people[n])));
    const created = await h.request('connected_meetings.create', { meetings: [{ title: 'R1' }] });
    const r1 = created.data.meetings[0];
    // p3 goes to R1 first
    const m3 = await h.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r1.id, participant_ids: [M.people.p3.id] });
    assert.ok(m3.data.version > 0);
    await Promise.all([h, c1, c2, c3].map(settle));
    [h, c1, c2, c3].forEach((c) => c.drain());

    const mv = await h.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r1.id, participant_ids: [M.people.p1.id] });
    const v = mv.data.version;
    // moved participant: the delta, moving, then room.joined for R1
    await settle(c1);
    const t1 = c1.drain();
    assert.deepEqual(t1.map((m) => m.type).slice(0, 3), ['connected_meetings.delta', 'connected_meetings.moving', 'room.joined']);
    assert.deepEqual(t1[0].data.from_version, v - 1);
    assert.deepEqual(t1[0].data.version, v);
    // a pure move carries the id, not the record (the recipient knows the participant)
    assert.deepEqual(t1[0].data.participants_upserted, [{ meeting_id: r1.id, id: M.people.p1.id, reposition: true }]);
    assert.deepEqual(t1[1].data, { meeting_id: r1.id, version: v, reason: 'moved_by_host' });
    const rj = t1[2];
    assert.equal(rj.data.meeting_id, r1.id);
    assert.equal(rj.data.meeting_title, 'R1');
    assert.equal(rj.data.is_parent, false);
    assert.deepEqual(rj.data.participants.map((p) => p.id), [M.people.p3.id]);
    // stayer in the source: the delta then one room.update with the left
    await settle(c2);
    const t2 = c2.drain();
    assert.deepEqual(t2.map((m) => m.type).slice(0, 2), ['connected_meetings.delta', 'room.update']);
    assert.deepEqual(t2[1].data.events, [{ type: 'left', participant_id: M.people.p1.id }]);
    // already in the destination: the delta then the joined
    await settle(c3);
    const t3 = c3.drain();
    assert.deepEqual(t3.map((m) => m.type).slice(0, 2), ['connected_meetings.delta', 'room.update']);
    assert.equal(t3[1].data.meeting_id, r1.id);
    assert.equal(t3[1].data.events[0].participant.id, M.people.p1.id);
    // requester: its delta came before its reply
    const hi = h.messages.findIndex((m) => m.id === mv.id);
    const hs = h.messages.findIndex((m) => m.type === 'connected_meetings.delta' && m.data.version === v);
    assert.ok(hs >= 0 && hs < hi);
    // get: the state frames, then the reply with the version
    const before = h.messages.length;
    const g = await h.request('connected_meetings.get');
    assert.deepEqual(g.data, { version: v });
    assert.deepEqual(h.messages.slice(before).map((m) => m.type), ['connected_meetings.state', 'connected_meetings.get']);
    await Promise.all([h, c1, c2, c3].map((c) => c.close()));
  });

  test('start with shuffle and close, over the WebSocket', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'host', preset: 'group_call_host' }, ...['a', 'b', 'c', 'd'].map((name) => ({ name }))] });
    const cs = await Promise.all(['host', 'a', 'b', 'c', 'd'].map((n) => open(M.people[n])));
    const h = cs[0];
    const st = await h.request('connected_meetings.start', {
      meetings: [{ title: 'X' }, { title: 'Y' }],
      assignments: [{ participant_id: M.people.host.id, meeting_index: 0 }],
      shuffle: true, seed: 7,
    });
    assert.equal(st.data.meetings.length, 2);
    const state = await restState(M);
    assert.equal(state.parent_meeting.participants.length, 0);
    const sizes = state.meetings.map((m) => m.participants.length).sort();
    assert.deepEqual(sizes, [2, 3]);
    for (const c of cs.slice(1)) {
      const mv = await c.nextType('connected_meetings.moving');
      const room = state.meetings.find((m) => m.participants.some((p) => p.id === c.joined.data.self.id));
      assert.equal(mv.data.meeting_id, room.id);
      assert.equal(mv.data.reason, 'breakout_started');
    }
    const cl = await h.request('connected_meetings.close');
    assert.ok(cl.data.version > st.data.version);
    const after = await restState(M);
    assert.deepEqual(after.meetings, []);
    assert.equal(after.parent_meeting.participants.length, 5);
    await Promise.all(cs.map((c) => c.close()));
  });
});

describe('permission matrix over the wire', () => {
  test('without can_alter_connected_meetings: no create, rename, delete, start, close or moving others; state unchanged', async () => {
    await s.api('POST', '/v2/presets', { name: 'no-switch', permissions: { connected_meetings: { can_alter_connected_meetings: false, can_switch_connected_meetings: false, can_switch_to_parent_meeting: false } } });
    const M = await setupMeeting(s, { participants: [{ name: 'host', preset: 'group_call_host' }, { name: 'p1' }, { name: 'p2' }, { name: 'stuck', preset: 'no-switch' }] });
    const [h, c1, c2, cs] = await Promise.all(['host', 'p1', 'p2', 'stuck'].map((n) => open(M.people[n])));
    const r = (await h.request('connected_meetings.create', { meetings: [{ title: 'R1' }, { title: 'R2' }] })).data.meetings;
    await h.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r[1].id, participant_ids: [M.people.p2.id] });
    const before = (await s.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;

    const attempts = [
      ['connected_meetings.create', { meetings: [{ title: 'mine' }] }],
      ['connected_meetings.update', { meetings: [{ id: r[0].id, title: 'hacked' }] }],
      ['connected_meetings.delete', { meeting_ids: [r[0].id] }],
      ['connected_meetings.move', { source_meeting_id: r[1].id, destination_meeting_id: M.meetingId, participant_ids: [M.people.p2.id] }],
      ['connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r[0].id, participant_ids: [M.people.host.id] }],
      ['connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r[0].id, participant_ids: [M.people.p1.id], preset_name: 'group_call_host' }],
      ['connected_meetings.start', { meetings: [{ title: 'S' }], assignments: [], shuffle: true }],
      ['connected_meetings.close', {}],
    ];
    for (const [type, data] of attempts) {
      const rep = await c1.request(type, data);
      assert.equal(rep.error?.code, 'permission_denied', `${type} ${JSON.stringify(data)}`);
    }
    // no switch permissions at all: may not even move itself
    const self = await cs.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r[0].id, participant_ids: [M.people.stuck.id] });
    assert.equal(self.error.code, 'permission_denied');
    const after = (await s.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
    assert.deepEqual(after, before);

    // allowed: move itself into a room, and back to the parent
    const go = await c1.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r[0].id, participant_ids: [M.people.p1.id] });
    assert.equal(go.data.version, before.version + 1);
    assert.equal((await c1.nextType('connected_meetings.moving')).data.meeting_id, r[0].id);
    const back = await c1.request('connected_meetings.move', { source_meeting_id: r[0].id, destination_meeting_id: M.meetingId, participant_ids: [M.people.p1.id] });
    assert.equal(back.data.version, before.version + 2);
    const final = (await s.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
    assert.ok(final.parent_meeting.participants.some((p) => p.id === M.people.p1.id));
    await Promise.all([h, c1, c2, cs].map((c) => c.close()));
  });
});

describe('rooms are separate', () => {
  test('chat and polls stay in their room; history on join', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'host', preset: 'group_call_host' }, { name: 'p1' }, { name: 'p2' }] });
    const [h, c1, c2] = await Promise.all(['host', 'p1', 'p2'].map((n) => open(M.people[n])));
    const rooms = (await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings`, { meetings: [{ title: 'R1' }, { title: 'R2' }] })).json.data.meetings;
    await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/move`, { source_meeting_id: M.meetingId, destination_meeting_id: rooms[0].id, participant_ids: [M.people.p1.id, M.people.host.id] });
    await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/move`, { source_meeting_id: M.meetingId, destination_meeting_id: rooms[1].id, participant_ids: [M.people.p2.id] });
    await Promise.all([h, c1, c2].map(settle));
    [h, c1, c2].forEach((c) => c.drain());

    const sent = await c1.request('chat.send', { text: 'hello room one' });
    assert.equal(sent.data.message.meeting_id, rooms[0].id);
    assert.equal((await h.nextType('chat.message')).data.message.text, 'hello room one');
    assert.equal((await c1.nextType('chat.message')).data.message.text, 'hello room one');
    const poll = await h.request('polls.create', { question: 'Pizza?', options: ['yes', 'no'] });
    assert.equal(poll.data.poll.meeting_id, rooms[0].id);
    const pu = await c1.nextType('polls.updated');
    const voted = await c1.request('polls.vote', { poll_id: pu.data.poll.id, option_index: 0 });
    assert.equal(voted.data.poll.options[0].count, 1);
    await c2.request('chat.send', { text: 'room two here' });
    await Promise.all([h, c1, c2].map(settle));
    assert.equal(c2.drain('chat.message').map((m) => m.data.message.text).join(), 'room two here');
    assert.equal(c2.drain('polls.updated').length, 0);
    assert.ok(!c1.drain('chat.message').some((m) => m.data.message.text === 'room two here'));
    // p2 cannot vote in R1's poll from R2
    const far = await c2.request('polls.vote', { poll_id: pu.data.poll.id, option_index: 1 });
    assert.equal(far.error.code, 'not_found');
    // participants may not create polls with the default participant preset
    assert.equal((await c2.request('polls.create', { question: 'q', options: ['a'] })).error.code, 'permission_denied');

    // p2 moves to R1: history of R1 only
    await c2.request('connected_meetings.move', { source_meeting_id: rooms[1].id, destination_meeting_id: rooms[0].id, participant_ids: [M.people.p2.id] });
    const rj = c2.messages.findLast((m) => m.type === 'room.joined');
    assert.equal(rj.data.meeting_id, rooms[0].id);
    assert.deepEqual(rj.data.chat.map((m) => m.text), ['hello room one']);
    assert.equal(rj.data.polls.length, 1);
    assert.equal(rj.data.polls[0].options[0].count, 1);
    await Promise.all([h, c1, c2].map((c) => c.close()));
  });

  test('relay reaches only a connected participant in the same meeting', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }, { name: 'off' }] });
    const [c1, c2, c3] = await Promise.all(['p1', 'p2', 'p3'].map((n) => open(M.people[n])));
    const room = (await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings`, { meetings: [{ title: 'R' }] })).json.data.meetings[0];
    await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/move`, { source_meeting_id: M.meetingId, destination_meeting_id: room.id, participant_ids: [M.people.p2.id] });
    await Promise.all([c1, c2, c3].map(settle));

    c1.send({ v: 1, type: 'rtc.offer', data: { to: M.people.p3.id, sdp: 'v=0 offer' } });
    const got = await c3.nextType('rtc.offer');
    assert.deepEqual(got.data, { from: M.people.p1.id, sdp: 'v=0 offer' });
    c1.send({ v: 1, type: 'rtc.candidate', data: { to: M.people.p3.id, candidate: 'candidate:1', sdp_mid: '0', sdp_m_line_index: 0 } });
    assert.equal((await c3.nextType('rtc.candidate')).data.from, M.people.p1.id);

    const cross = await c1.request('rtc.offer', { to: M.people.p2.id, sdp: 'v=0 cross' });
    assert.equal(cross.error.code, 'not_found');
    const offline = await c1.request('rtc.answer', { to: M.people.off.id, sdp: 'v=0' });
    assert.equal(offline.error.code, 'not_found');
    const bad = await c1.request('rtc.offer', { sdp: 'no target' });
    assert.equal(bad.error.code, 'invalid_argument');
    await settle(c2);
    assert.equal(c2.messages.filter((m) => m.type.startsWith('rtc.')).length, 0);
    await Promise.all([c1, c2, c3].map((c) => c.close()));
  });
});

describe('limits', () => {
  test('malformed and unknown frames get an error reply; the connection stays', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'p' }] });
    const c = await open(M.people.p);
    const frames = ['not json', '[1,2]', '{"v":1}', '{"v":1,"id":"x1","type":"no.such"}', '{"v":2,"id":"x2","type":"session.ping","data":{}}', '{"v":1,"id":"x3","type":"room.joined","data":{}}', '{"v":1,"id":"x4","type":"chat.send","data":{"text":5}}'];
    for (const f of frames) {
      c.send(f);
      const e = await c.next((m) => m.error, 3000, `error for ${f}`);
      assert.equal(e.error.code, 'invalid_argument', f);
      if (f.includes('"x1"')) assert.equal(e.id, 'x1');
    }
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await c.next((m) => m.error)).error.code, 'invalid_argument');
    const ping = await c.request('session.ping');
    assert.ok(ping.data.time_ms > 0);
    await c.close();
  });

  test('a frame over 1 MiB closes with 1009; others are unaffected', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'big' }, { name: 'other' }] });
    const c = await open(M.people.big);
    const o = await open(M.people.other);
    c.send(JSON.stringify({ v: 1, type: 'chat.send', data: { text: 'x'.repeat(1024 * 1024 + 10) } }));
    const closed = await c.closed;
    assert.equal(closed.code, 1009);
    const left = await nextEvent(o, 'left');
    assert.equal(left.participant_id, M.people.big.id);
    assert.ok((await o.request('session.ping')).data.time_ms > 0);
    await o.close();
  });

  test('flooding is throttled with rate_limited; another participant is unaffected', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'flood' }, { name: 'calm' }] });
    const f = await open(M.people.flood);
    const calm = await open(M.people.calm);
    for (let i = 0; i < 300; i++) f.send({ v: 1, id: `f${i}`, type: 'session.ping', data: {} });
    const limited = await f.next((m) => m.error?.code === 'rate_limited', 5000, 'rate_limited');
    assert.equal(limited.type, 'session.ping');
    for (let i = 0; i < 10; i++) assert.ok((await calm.request('session.ping')).data.time_ms > 0);
    await settle(calm);
    assert.ok(!calm.messages.some((m) => m.error));
    const replies = await f.next((m) => m.id === 'f299', 5000);
    assert.ok(replies);
    const ok = f.messages.filter((m) => m.type === 'session.ping' && m.data).length;
    const refused = f.messages.filter((m) => m.error?.code === 'rate_limited').length;
    assert.equal(ok + refused, 300);
    assert.ok(refused > 0 && ok >= 40);
    await Promise.all([f.close(), calm.close()]);
  });
});

describe('sessions', () => {
  test('a second connection replaces the first; reconnect lands in the assigned room', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'p' }, { name: 'q' }] });
    const room = (await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings`, { meetings: [{ title: 'Pre' }] })).json.data.meetings[0];
    // pre-assignment before connecting
    await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/move`, { source_meeting_id: M.meetingId, destination_meeting_id: room.id, participant_ids: [M.people.p.id] });
    const c1 = await open(M.people.p);
    assert.equal(c1.joined.data.meeting_id, room.id);
    assert.equal(c1.joined.data.is_parent, false);
    const c2 = await open(M.people.p);
    const ended = await c1.nextType('session.ended');
    assert.equal(ended.data.reason, 'replaced');
    await c1.closed;
    assert.equal(c2.joined.data.meeting_id, room.id);
    assert.equal(c2.joined.data.reconnected, true);
    const st = (await s.api('GET', `/v2/meetings/${M.meetingId}/active-session`)).json.data;
    assert.deepEqual(st.participants.map((p) => p.id), [M.people.p.id]);
    assert.equal(st.participants[0].meeting_id, room.id);
    // moved while offline, reconnect lands in the new room
    await c2.close();
    await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/move`, { source_meeting_id: room.id, destination_meeting_id: M.meetingId, participant_ids: [M.people.p.id] });
    const c3 = await open(M.people.p);
    assert.equal(c3.joined.data.meeting_id, M.meetingId);
    await c3.close();
  });

  test('participant removed by REST: session.ended participant_removed; renamed: an updated event', async () => {
    const M = await setupMeeting(s, { participants: [{ name: 'p' }, { name: 'q' }] });
    const cp = await open(M.people.p);
    const cq = await open(M.people.q);
    await s.api('PATCH', `/v2/meetings/${M.meetingId}/participants/${M.people.q.id}`, { name: 'Queenie' });
    const upd = await nextEvent(cp, 'updated');
    assert.equal(upd.participant.display_name, 'Queenie');
    await s.api('DELETE', `/v2/meetings/${M.meetingId}/participants/${M.people.q.id}`);
    assert.equal((await cq.nextType('session.ended')).data.reason, 'participant_removed');
    await cq.closed;
    const left = await nextEvent(cp, 'left');
    assert.equal(left.participant_id, M.people.q.id);
    await cp.close();
  });

  test('SIGTERM: connected sockets get session.ended server_shutdown; the process exits 0', async () => {
    const s2 = await startServer();
    const M = await setupMeeting(s2, { participants: [{ name: 'p' }] });
    const c = await Client.open(s2.wsUrl(M.people.p.token));
    const exit = s2.stop();
    assert.equal((await c.nextType('session.ended')).data.reason, 'server_shutdown');
    assert.equal((await exit).code, 0);
    s2.cleanup();
  });
});
