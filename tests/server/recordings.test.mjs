// /v2/recordings against the real rtk-server (issue 11): mesh mode refuses with a message that
// says why, the lifecycle and its refused transitions, paging, auth of the routes and of the
// signed download links, low disk, and the recovery after kill -9 during a recording. No Janus
// here (--media sfu pointing nowhere): nothing reaches a recording, so a stopped one ends
// ERRORED "nothing was recorded"; the media path is tests/e2e/sfu/recording.test.mjs.
import { test, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, setupMeeting, Client, tempDir } from './harness.mjs';

const SFU = ['--media', 'sfu', '--janus-url', 'ws://127.0.0.1:9', '--recording-min-free-mb', '0'];
const servers = [];
after(async () => { for (const s of servers) { await s.stop(); s.cleanup(); } });
async function start(opts) { const s = await startServer(opts); servers.push(s); return s; }

async function waitStatus(s, id, want, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const r = await s.api('GET', `/v2/recordings/${id}`);
    if (want.includes(r.json.data.status)) return r.json.data;
    if (Date.now() > end) throw new Error(`recording ${id} is ${r.json.data.status}, wanted ${want}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

const sign = (secret, id, file, exp) =>
  createHmac('sha256', secret).update(`openrtk-recording-download\n${id}\n${file}\n${exp}`).digest('hex');

describe('mesh mode', () => {
  test('starting a recording answers 503 unavailable and says it needs --media sfu', async () => {
    const s = await start();
    const { meetingId } = await setupMeeting(s);
    const r = await s.api('POST', '/v2/recordings', { meeting_id: meetingId });
    assert.equal(r.status, 503);
    assert.equal(r.json.error.code, 'unavailable');
    assert.match(r.json.error.message, /--media sfu/);
    const l = await s.api('GET', '/v2/recordings');
    assert.equal(l.status, 200);
    assert.deepEqual(l.json.data, []);
  });
});

describe('over the WebSocket (recording.*, recording.updated)', () => {
  const people = [{ name: 'host', preset: 'group_call_host' }, { name: 'guest' }, { name: 'other' }];
  test('mesh: unavailable for a host, permission_denied without can_record, nothing changes', async () => {
    const s = await start();
    const { people: P } = await setupMeeting(s, { participants: people });
    const host = await Client.open(s.wsUrl(P.host.token));
    const guest = await Client.open(s.wsUrl(P.guest.token));
    assert.deepEqual(host.joined.data.recording, { meeting_id: host.joined.data.meeting_id, state: 'IDLE', recordings: [] });
    const denied = await guest.request('recording.start');
    assert.equal(denied.error.code, 'permission_denied');
    const off = await host.request('recording.start');
    assert.equal(off.error.code, 'unavailable');
    assert.match(off.error.message, /SFU media mode/);
    assert.equal((await host.request('recording.pause')).error.code, 'unavailable');
    assert.equal((await host.request('recording.stop', { recording_id: 7 })).error.code, 'invalid_argument');
    assert.deepEqual((await s.api('GET', '/v2/recordings')).json.data, [], 'no recording was created');
    assert.equal(host.drain('recording.updated').length + guest.drain('recording.updated').length, 0);
    host.close();
    guest.close();
  });

  test('sfu: a host records its breakout room; only that room hears it, a mover learns it from room.joined', async () => {
    const s = await start({ args: SFU });
    const { meetingId, people: P } = await setupMeeting(s, { participants: people });
    const room = (await s.api('POST', `/v2/meetings/${meetingId}/connected-meetings`, { meetings: [{ title: 'A' }] })).json.data.meetings[0].id;
    const move = (ids, from, to) => s.api('POST', `/v2/meetings/${meetingId}/connected-meetings/move`,
      { source_meeting_id: from, destination_meeting_id: to, participant_ids: ids });
    assert.equal((await move([P.host.id, P.guest.id], meetingId, room)).status, 200);
    const host = await Client.open(s.wsUrl(P.host.token));
    const guest = await Client.open(s.wsUrl(P.guest.token));
    const other = await Client.open(s.wsUrl(P.other.token));
    assert.equal(host.joined.data.meeting_id, room);

    assert.equal((await guest.request('recording.start')).error.code, 'permission_denied');
    assert.deepEqual((await s.api('GET', '/v2/recordings')).json.data, []);
    const started = await host.request('recording.start');
    assert.equal(started.data.meeting_id, room);
    assert.equal(started.data.state, 'RECORDING');
    const id = started.data.recordings[0].id;
    assert.equal((await guest.nextType('recording.updated')).data.state, 'RECORDING');
    assert.equal((await host.request('recording.start')).error.code, 'conflict');
    const rest = await s.api('GET', `/v2/recordings/${id}`);
    assert.equal(rest.json.data.meeting_id, room);

    // `other` moves into the recorded room: its room.joined carries the state.
    await move([P.other.id], meetingId, room);
    const joined = await other.next((m) => m.type === 'room.joined' && m.data.meeting_id === room);
    assert.equal(joined.data.recording.state, 'RECORDING');
    assert.equal(other.drain('recording.updated').length, 0, 'nothing about the room while it was in the parent');

    assert.equal((await host.request('recording.pause', { recording_id: id })).data.state, 'PAUSED');
    assert.equal((await other.nextType('recording.updated')).data.state, 'PAUSED');
    assert.equal((await host.request('recording.resume')).data.state, 'RECORDING');
    // Stopped over REST: the room is told (IDLE), and again when processing ended.
    assert.equal((await s.api('PUT', `/v2/recordings/${id}`, { action: 'stop' })).status, 200);
    const idle = await other.next((m) => m.type === 'recording.updated' && m.data.state === 'IDLE');
    assert.equal(idle.data.recordings[0].status, 'UPLOADING');
    const done = await other.next((m) => m.type === 'recording.updated' && ['UPLOADED', 'ERRORED'].includes(m.data.recordings[0].status), 10000);
    assert.equal(done.data.recordings[0].status, 'ERRORED', 'no Janus here: nothing was recorded');
    assert.equal((await host.request('recording.stop')).error.code, 'conflict');
    for (const c of [host, guest, other]) c.close();
  });
});

describe('sfu mode', () => {
  test('lifecycle, refused transitions, unknown ids, paging and the active recording', async () => {
    const s = await start({ args: SFU });
    const { meetingId } = await setupMeeting(s);
    const rooms = await s.api('POST', `/v2/meetings/${meetingId}/connected-meetings`, { meetings: [{ title: 'A' }, { title: 'B' }] });
    assert.equal(rooms.status, 201);
    const [roomA, roomB] = rooms.json.data.meetings.map((m) => m.id);

    for (const body of [undefined, {}, { meeting_id: 7 }, { meeting_id: '' }]) {
      const r = await s.api('POST', '/v2/recordings', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, 'invalid_argument');
    }
    const unknown = await s.api('POST', '/v2/recordings', { meeting_id: 'nope' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'not_found');

    const a = await s.api('POST', '/v2/recordings', { meeting_id: roomA });
    assert.equal(a.status, 201);
    assert.equal(a.json.data.status, 'INVOKED', 'nobody is connected in the room yet');
    assert.equal(a.json.data.meeting_id, roomA);
    assert.equal(a.json.data.group_meeting_id, meetingId);
    assert.deepEqual(a.json.data.start_reason.reason, 'API_CALL');
    const twice = await s.api('POST', '/v2/recordings', { meeting_id: roomA });
    assert.equal(twice.status, 409);
    assert.equal(twice.json.error.code, 'conflict');
    const b = await s.api('POST', '/v2/recordings', { meeting_id: roomB });
    const p = await s.api('POST', '/v2/recordings', { meeting_id: meetingId });
    assert.equal(b.status, 201);
    assert.equal(p.status, 201);

    const active = await s.api('GET', `/v2/recordings/active-recording/${roomA}`);
    assert.equal(active.status, 200);
    assert.equal(active.json.data.id, a.json.data.id);
    assert.equal((await s.api('GET', '/v2/recordings/active-recording/nope')).json.error.code, 'not_found');

    const pauseInvoked = await s.api('PUT', `/v2/recordings/${a.json.data.id}`, { action: 'pause' });
    assert.equal(pauseInvoked.status, 409);
    assert.equal(pauseInvoked.json.error.code, 'conflict');
    const bad = await s.api('PUT', `/v2/recordings/${a.json.data.id}`, { action: 'rewind' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_argument');
    const none = await s.api('PUT', '/v2/recordings/nope', { action: 'stop' });
    assert.equal(none.status, 404);
    assert.equal(none.json.error.code, 'not_found');
    assert.equal((await s.api('GET', '/v2/recordings/nope')).status, 404);

    const stop = await s.api('PUT', `/v2/recordings/${a.json.data.id}`, { action: 'stop' });
    assert.equal(stop.status, 200);
    assert.equal(stop.json.data.status, 'UPLOADING');
    assert.equal(stop.json.data.stop_reason.reason, 'API_CALL');
    const again = await s.api('PUT', `/v2/recordings/${a.json.data.id}`, { action: 'stop' });
    assert.equal(again.status, 409);
    const done = await waitStatus(s, a.json.data.id, ['UPLOADED', 'ERRORED']);
    assert.equal(done.status, 'ERRORED');
    assert.match(done.error, /nothing was recorded/);
    assert.equal((await s.api('GET', `/v2/recordings/active-recording/${roomA}`)).status, 404);
    const restart = await s.api('POST', '/v2/recordings', { meeting_id: roomA });
    assert.equal(restart.status, 201, 'a new recording once the old one stopped');

    const all = await s.api('GET', '/v2/recordings?per_page=2&page_no=1');
    assert.equal(all.status, 200);
    assert.equal(all.json.paging.total_count, 4);
    assert.equal(all.json.data.length, 2);
    assert.equal(all.json.data[0].id, restart.json.data.id, 'newest first');
    const page2 = await s.api('GET', '/v2/recordings?per_page=2&page_no=2');
    assert.deepEqual(page2.json.paging, { start_offset: 2, end_offset: 3, total_count: 4 });
    const onlyA = await s.api('GET', `/v2/recordings?meeting_id=${roomA}`);
    assert.deepEqual(onlyA.json.data.map((r) => r.id).sort(), [a.json.data.id, restart.json.data.id].sort());
    assert.equal((await s.api('GET', '/v2/recordings?per_page=101')).status, 400);
  });

  test('auth: the API key on every route; downloads take the key or a signed link (tampered 403, expired 401)', async () => {
    const s = await start({ args: SFU });
    const { meetingId } = await setupMeeting(s);
    for (const [m, path, body] of [['POST', '/v2/recordings', { meeting_id: meetingId }], ['GET', '/v2/recordings'],
      ['GET', '/v2/recordings/x'], ['PUT', '/v2/recordings/x', { action: 'stop' }], ['GET', `/v2/recordings/active-recording/${meetingId}`]]) {
      for (const auth of [null, 'Bearer wrong']) {
        const r = await s.api(m, path, body, { auth });
        assert.equal(r.status, 401, `${m} ${path} ${auth}`);
        assert.equal(r.json.error.code, 'unauthenticated');
      }
    }
    assert.equal((await s.api('GET', '/v2/recordings')).status, 200);

    const rec = (await s.api('POST', '/v2/recordings', { meeting_id: meetingId })).json.data;
    const secret = readFileSync(join(s.dataDir, 'signing_secret'), 'utf8').trim();
    const now = Math.floor(Date.now() / 1000);
    const url = (file, exp, sig) => `/v2/recordings/${rec.id}/download?file=${file}&expires=${exp}&sig=${sig}`;
    const noAuth = await s.api('GET', `/v2/recordings/${rec.id}/download`, undefined, { auth: null });
    assert.equal(noAuth.status, 401);
    assert.equal(noAuth.json.error.code, 'unauthenticated');
    const good = sign(secret, rec.id, 'composite.webm', now + 3600);
    const tampered = await s.api('GET', url('composite.webm', now + 7200, good), undefined, { auth: null });
    assert.equal(tampered.status, 403);
    assert.equal(tampered.json.error.code, 'permission_denied');
    const otherFile = await s.api('GET', url('x-0-video-1.webm', now + 3600, good), undefined, { auth: null });
    assert.equal(otherFile.status, 403);
    const forged = await s.api('GET', url('composite.webm', now + 3600, sign('not-the-secret', rec.id, 'composite.webm', now + 3600)), undefined, { auth: null });
    assert.equal(forged.status, 403);
    const expired = await s.api('GET', url('composite.webm', now - 5, sign(secret, rec.id, 'composite.webm', now - 5)), undefined, { auth: null });
    assert.equal(expired.status, 401);
    assert.equal(expired.json.error.code, 'unauthenticated');
    assert.match(expired.json.error.message, /expired/);
    // A valid link (or the key) for a recording that is not processed yet: 409 conflict.
    const notReady = await s.api('GET', url('composite.webm', now + 3600, good), undefined, { auth: null });
    assert.equal(notReady.status, 409);
    assert.equal(notReady.json.error.code, 'conflict');
    assert.equal((await s.api('GET', `/v2/recordings/${rec.id}/download`)).status, 409);
    assert.equal(rec.download_url, null, 'no download_url before UPLOADED');
  });

  test('a start is refused with limit_exceeded when the recordings dir has too little free space', async () => {
    const dir = tempDir('rtk-rec-');
    const s = await start({ args: ['--media', 'sfu', '--janus-url', 'ws://127.0.0.1:9', '--recordings-dir', dir, '--recording-min-free-mb', '100000000'] });
    const { meetingId } = await setupMeeting(s);
    const r = await s.api('POST', '/v2/recordings', { meeting_id: meetingId });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.code, 'limit_exceeded');
    assert.match(r.json.error.message, /--recording-min-free-mb/);
    assert.equal((await s.api('GET', '/v2/recordings')).json.paging.total_count, 0, 'nothing was created');
  });

  test('kill -9 while recording: after the restart it stops with INTERNAL_ERROR and is processed, never stuck', async () => {
    const dataDir = tempDir();
    const s1 = await startServer({ dataDir, args: SFU });
    const { meetingId, people } = await setupMeeting(s1, { participants: [{ name: 'ann' }] });
    const c = await Client.open(s1.wsUrl(people.ann.token));
    const r = await s1.api('POST', '/v2/recordings', { meeting_id: meetingId });
    assert.equal(r.json.data.status, 'RECORDING', 'ann is connected: recording at once');
    const rec = (await s1.api('GET', `/v2/recordings/${r.json.data.id}`)).json.data;
    assert.equal(rec.timeline.length, 1);
    assert.equal(rec.timeline[0].participant_id, people.ann.id);
    assert.equal(rec.timeline[0].left_at, null);
    await s1.kill9();
    c.close();
    const s2 = await start({ dataDir, args: SFU });
    const after9 = (await s2.api('GET', `/v2/recordings/${r.json.data.id}`)).json.data;
    assert.equal(after9.stop_reason.reason, 'INTERNAL_ERROR');
    assert.notEqual(after9.timeline[0].left_at, null, 'the open segment was closed');
    const done = await waitStatus(s2, r.json.data.id, ['UPLOADED', 'ERRORED']);
    assert.equal(done.status, 'ERRORED');
    assert.ok(s2.lines.some((l) => l.event === 'recording_recovered'));
  });
});
