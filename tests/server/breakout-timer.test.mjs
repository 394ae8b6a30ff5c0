// The breakout timer against the real rtk-server binary: a short timer warns every room and
// closes the breakout on the server's own clock (no client asks), and the deadline survives a
// real restart (SIGTERM and kill -9): a deadline still ahead keeps running, one that passed
// while the server was down closes at startup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client, tempDir } from './harness.mjs';

const people = [{ name: 'host', preset: 'group_call_host' }, { name: 'p1' }, { name: 'p2' }];

async function startTimed(h, M, durationMs, graceMs) {
  const r = await h.request('connected_meetings.start', {
    meetings: [{ title: 'Red' }, { title: 'Blue' }],
    assignments: [{ participant_id: M.people.p1.id, meeting_index: 0 }, { participant_id: M.people.p2.id, meeting_index: 1 }],
    duration_ms: durationMs, grace_ms: graceMs,
  });
  assert.ok(r.data, JSON.stringify(r));
  return r.data;
}

test('a 3 s timer: every room gets the warning at deadline - grace, then the server closes the rooms', async () => {
  const s = await startServer();
  try {
    const M = await setupMeeting(s, { title: 'Timed', participants: people });
    const [h, c1, c2] = await Promise.all(['host', 'p1', 'p2'].map((n) => Client.open(s.wsUrl(M.people[n].token))));
    const t0 = Date.now();
    await startTimed(h, M, 3000, 1500);
    let deadline;
    for (const c of [h, c1, c2]) {
      const set = await c.next((m) => m.type === 'connected_meetings.timer_update' && m.data.reason === 'set');
      assert.equal(set.data.timer.grace_ms, 1500);
      // now_ms is the server's clock when the frame left (after the command, by the fan-out's
      // coalescing window and any load): the deadline is at most the duration ahead of it
      const ahead = set.data.timer.deadline_ms - set.data.now_ms;
      assert.ok(ahead <= 3000 && ahead > 1500, `deadline ${ahead} ms after the frame's now_ms`);
      deadline = set.data.timer.deadline_ms;
    }
    for (const c of [h, c1, c2]) {
      const w = await c.next((m) => m.type === 'connected_meetings.timer_update' && m.data.reason === 'warning', 5000, 'warning');
      assert.equal(w.data.timer.warned, true);
      assert.ok(w.data.now_ms >= w.data.timer.deadline_ms - 1500, 'not before deadline - grace');
    }
    for (const c of [c1, c2]) {
      const x = await c.next((m) => m.type === 'connected_meetings.timer_update' && m.data.reason === 'expired', 5000, 'expired');
      assert.equal(x.data.timer, null);
      assert.ok(x.data.now_ms >= deadline, 'not before the deadline');
      const mv = await c.next((m) => m.type === 'connected_meetings.moving' && m.data.reason !== 'breakout_started', 5000, 'moving');
      assert.equal(mv.data.reason, 'breakout_closed');
      assert.equal(mv.data.meeting_id, M.meetingId);
    }
    console.log(`closed ${Date.now() - t0} ms after start (deadline 3000 ms)`);
    const g = (await s.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
    assert.deepEqual(g.meetings, []);
    assert.equal(g.timer, null);
    await Promise.all([h, c1, c2].map((c) => c.close()));
  } finally {
    await s.stop();
    s.cleanup();
  }
});

test('restart: the stored deadline keeps running; one that passed while down closes at startup', async () => {
  const dataDir = tempDir();
  const s1 = await startServer({ dataDir });
  const M = await setupMeeting(s1, { title: 'Durable timer', participants: people });
  const h = await Client.open(s1.wsUrl(M.people.host.token));
  await startTimed(h, M, 600000, 60000);
  const before = (await s1.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
  assert.ok(before.timer.deadline_ms > Date.now());
  await s1.stop(); // SIGTERM

  const s2 = await startServer({ dataDir });
  const after = (await s2.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
  assert.deepEqual(after.timer, before.timer);
  assert.equal(after.meetings.length, 2);
  // a reconnecting participant learns the timer with the server's now
  const c1 = await Client.open(s2.wsUrl(M.people.p1.token));
  const cur = await c1.nextType('connected_meetings.timer_update');
  assert.equal(cur.data.reason, 'current');
  assert.equal(cur.data.timer.deadline_ms, before.timer.deadline_ms);
  // the host makes the deadline pass while the server is down: 1 s left, then kill -9 and wait
  const hh = await Client.open(s2.wsUrl(M.people.host.token));
  const set = await hh.request('connected_meetings.timer', { duration_ms: 1000, grace_ms: 0 });
  assert.ok(set.data, JSON.stringify(set));
  await s2.kill9();
  await new Promise((r) => setTimeout(r, 1500));

  const s3 = await startServer({ dataDir });
  const closed = (await s3.api('GET', `/v2/meetings/${M.meetingId}/connected-meetings`)).json.data;
  assert.deepEqual(closed.meetings, []);
  assert.equal(closed.timer, null);
  assert.equal(closed.parent_meeting.participants.length, 3);
  await s3.stop();
  s3.cleanup();
});

test('timer requests over REST: the same command path and error codes as the WebSocket', async () => {
  const s = await startServer();
  try {
    const M = await setupMeeting(s, { title: 'REST timer', participants: people });
    const base = `/v2/meetings/${M.meetingId}/connected-meetings`;
    let r = await s.api('POST', `${base}/timer`, { extend_ms: 60000 });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'conflict');
    r = await s.api('POST', `${base}/start`, { meetings: [{ title: 'A' }], duration_ms: 120000 });
    assert.equal(r.status, 201);
    r = await s.api('POST', `${base}/timer`, { extend_ms: 60000, duration_ms: 5 });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.code, 'invalid_argument');
    r = await s.api('POST', `${base}/timer`, { extend_ms: 86400000 });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.code, 'limit_exceeded');
    const g1 = (await s.api('GET', base)).json.data;
    r = await s.api('POST', `${base}/timer`, { extend_ms: 60000 });
    assert.equal(r.status, 200);
    const g2 = (await s.api('GET', base)).json.data;
    assert.equal(g2.timer.deadline_ms, g1.timer.deadline_ms + 60000);
    // a participant without the alter permission is refused over the WebSocket
    const c1 = await Client.open(s.wsUrl(M.people.p1.token));
    const denied = await c1.request('connected_meetings.timer', { extend_ms: 60000 });
    assert.equal(denied.error.code, 'permission_denied');
    await c1.close();
  } finally {
    await s.stop();
    s.cleanup();
  }
});
