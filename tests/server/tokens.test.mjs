// The token matrix: the WebSocket upgrade (and participant-details) refuse bad tokens with
// HTTP 401 and a reason code, before any socket opens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client, makeJwt, signingSecret, expectRefused, decodeJwtPayload } from './harness.mjs';

let s, A, B, secret;
before(async () => {
  s = await startServer();
  A = await setupMeeting(s, { title: 'A', participants: [{ name: 'alice' }, { name: 'gone' }, { name: 'amy' }] });
  B = await setupMeeting(s, { title: 'B', participants: [{ name: 'bob' }] });
  secret = signingSecret(s);
});
after(async () => { await s.stop(); s.cleanup(); });

const now = () => Math.floor(Date.now() / 1000);
const HS = { alg: 'HS256', typ: 'JWT' };

async function refusedWith(token, reason) {
  const r = await expectRefused(s.wsUrl(token));
  assert.equal(r.status, 401);
  assert.equal(r.body.success, false);
  assert.equal(r.body.error.code, 'unauthenticated');
  assert.equal(r.body.error.reason, reason);
  const d = await s.api('GET', '/v2/internals/participant-details', undefined, { auth: `Bearer ${token}` });
  assert.equal(d.status, 401);
  assert.equal(d.json.error.reason, reason);
}

test('a valid token connects', async () => {
  const c = await Client.open(s.wsUrl(A.people.alice.token));
  assert.equal(c.joined.data.meeting_id, A.meetingId);
  await c.close();
});

test('forged (wrong secret) -> token_signature', async () => {
  const p = decodeJwtPayload(A.people.alice.token);
  await refusedWith(makeJwt(HS, p, 'not-the-secret'), 'token_signature');
});

test('tampered payload (participant swapped, old signature) -> token_signature', async () => {
  const [h, , sig] = A.people.alice.token.split('.');
  const p = { ...decodeJwtPayload(A.people.alice.token), participantId: B.people.bob.id, meetingId: B.meetingId };
  const forged = `${h}.${Buffer.from(JSON.stringify(p)).toString('base64url')}.${sig}`;
  await refusedWith(forged, 'token_signature');
});

test('expired -> token_expired', async () => {
  const p = { meetingId: A.meetingId, participantId: A.people.alice.id, orgId: 'openrtk', iat: now() - 100, exp: now() - 10 };
  await refusedWith(makeJwt(HS, p, secret), 'token_expired');
});

test('malformed -> token_malformed', async () => {
  for (const t of ['', 'abc', 'a.b', 'a.b.c.d', '!!!.###.$$$', makeJwt(HS, 'not json', secret)])
    await refusedWith(t, 'token_malformed');
  // valid signature but claims missing
  await refusedWith(makeJwt(HS, { participantId: A.people.alice.id, exp: now() + 60 }, secret), 'token_malformed');
});

test('alg none and other algs -> token_alg', async () => {
  const p = { meetingId: A.meetingId, participantId: A.people.alice.id, orgId: 'openrtk', iat: now(), exp: now() + 600 };
  await refusedWith(makeJwt({ alg: 'none', typ: 'JWT' }, p, null), 'token_alg');
  await refusedWith(makeJwt({ alg: 'HS512', typ: 'JWT' }, p, secret), 'token_alg');
});

test('deleted participant -> participant_not_found', async () => {
  const d = await s.api('DELETE', `/v2/meetings/${A.meetingId}/participants/${A.people.gone.id}`);
  assert.equal(d.status, 200);
  await refusedWith(A.people.gone.token, 'participant_not_found');
});

test('token of meeting A naming meeting B -> participant_not_found; A never reaches B', async () => {
  // correctly signed, but alice is not a participant of B
  const p = { meetingId: B.meetingId, participantId: A.people.alice.id, orgId: 'openrtk', iat: now(), exp: now() + 600 };
  await refusedWith(makeJwt(HS, p, secret), 'participant_not_found');
  // and A's token only ever lands in A's group
  const c = await Client.open(s.wsUrl(A.people.amy.token));
  const state = c.messages.find((m) => m.type === 'connected_meetings.state').data;
  assert.equal(state.parent_meeting.id, A.meetingId);
  assert.equal(c.joined.data.meeting_id, A.meetingId);
  assert.ok(!state.parent_meeting.participants.some((x) => x.id === B.people.bob.id));
  const r = await c.request('rtc.offer', { to: B.people.bob.id, sdp: 'v=0' });
  assert.equal(r.error.code, 'not_found');
  await c.close();
  // a participant token is not an API key for B's REST routes
  const rest = await s.api('GET', `/v2/meetings/${B.meetingId}/participants`, undefined, { auth: `Bearer ${A.people.amy.token}` });
  assert.equal(rest.status, 401);
});

test('INACTIVE meeting -> meeting_inactive, and connected sockets are ended', async () => {
  const M = await setupMeeting(s, { title: 'soon inactive', participants: [{ name: 'carl' }] });
  const c = await Client.open(s.wsUrl(M.people.carl.token));
  const p = await s.api('PATCH', `/v2/meetings/${M.meetingId}`, { status: 'INACTIVE' });
  assert.equal(p.status, 200);
  const ended = await c.nextType('session.ended');
  assert.equal(ended.data.reason, 'meeting_inactive');
  await c.closed;
  // the ended socket counts as a disconnect
  let live = 1;
  for (let i = 0; i < 100 && live !== 0; i++) {
    live = (await s.api('GET', `/v2/meetings/${M.meetingId}/active-session`)).json.data.live_participants;
    if (live !== 0) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(live, 0);
  await refusedWith(M.people.carl.token, 'meeting_inactive');
  await s.api('PATCH', `/v2/meetings/${M.meetingId}`, { status: 'ACTIVE' });
  const again = await Client.open(s.wsUrl(M.people.carl.token));
  await again.close();
});
