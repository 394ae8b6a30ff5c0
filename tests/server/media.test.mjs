// Media modes on the real binary: the mesh room cap (--mesh-max-room), media info and ICE
// servers in room.joined, and sfu.* refused in mesh mode or answered `unavailable` while Janus
// is unreachable (the Janus path itself: tests/server/sfu_test.cpp with a fake Janus, and
// tests/e2e/sfu with the real one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client } from './harness.mjs';

test('mesh: joining a meeting beyond --mesh-max-room is limit_exceeded naming --media sfu', async () => {
  const s = await startServer({ args: ['--mesh-max-room', '2', '--ice-servers', 'stun:stun.example.org:3478'] });
  try {
    const m = await setupMeeting(s, { participants: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const a = await Client.open(s.wsUrl(m.people.a.token));
    assert.equal(a.joined.data.media.mode, 'mesh');
    assert.deepEqual(a.joined.data.media.ice_servers, [{ urls: ['stun:stun.example.org:3478'] }]);
    assert.equal(a.joined.data.limits.max_room_participants, 2);
    const b = await Client.open(s.wsUrl(m.people.b.token));
    const c = await Client.open(s.wsUrl(m.people.c.token), { waitJoined: false });
    const err = await c.next((x) => x.error, 5000, 'the refusal');
    assert.equal(err.error.code, 'limit_exceeded');
    assert.match(err.error.message, /--media sfu/);
    await c.closed;
    const r = await a.request('sfu.publish', { sdp: 'v=0' });
    assert.equal(r.error.code, 'invalid_argument');
    await b.close();
    // a place is free again
    const c2 = await Client.open(s.wsUrl(m.people.c.token));
    assert.equal(c2.joined.data.meeting_id, m.meetingId);
    await c2.close();
    await a.close();
  } finally {
    await s.stop();
    s.cleanup();
  }
});

test('sfu: room.joined says sfu with no room cap; Janus unreachable -> sfu.publish unavailable', async () => {
  const s = await startServer({ args: ['--media', 'sfu', '--janus-url', 'ws://127.0.0.1:9', '--mesh-max-room', '2'] });
  try {
    const m = await setupMeeting(s, { participants: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    const cs = [];
    for (const n of ['a', 'b', 'c']) cs.push(await Client.open(s.wsUrl(m.people[n].token)));
    assert.equal(cs[0].joined.data.media.mode, 'sfu');
    assert.equal(cs[0].joined.data.limits.max_room_participants, 0);
    const r = await cs[0].request('sfu.publish', { sdp: 'v=0' });
    assert.equal(r.error.code, 'unavailable');
    const bad = await cs[0].request('sfu.trickle', { target: 'nowhere', candidate: 'x' });
    assert.ok(bad.error, JSON.stringify(bad));
    for (const c of cs) await c.close();
  } finally {
    await s.stop();
    s.cleanup();
  }
});
