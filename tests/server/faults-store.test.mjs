// Fault under load (issue 16): the store fails. rtk-server's data dir is on a 6 MiB tmpfs
// (mounted here; the test runs as root, as scripts/test.sh does in CI, and fails if it cannot
// mount) that is then filled to the last byte. Every durable command — the WebSocket commands
// (moves, room create/rename, chat, polls) and every REST write (meetings, participants,
// presets, connected meetings) — must be refused with `unavailable` (HTTP 503 over REST),
// nothing may be half-applied (every REST read and the chat history read back unchanged) and
// no client may see a change (no delta, room.update, chat or poll frame). Then the filler is
// deleted and the very same commands, in the same order, succeed on the same server process
// (no restart) and the clients see them. Prints the counts.
// Not covered: a data dir that turns read-only under the running server (Linux refuses
// `mount -o remount,ro` while SQLite holds its files open for writing: EBUSY).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, setupMeeting, Client } from './harness.mjs';
import { sleep, stopAndCheck } from './faults_lib.mjs';

let mnt;
let s;
before(async () => {
  assert.equal(process.getuid(), 0, 'this test mounts a tmpfs and needs root');
  mnt = mkdtempSync(join(tmpdir(), 'rtk-store-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt]);
  mkdirSync(join(mnt, 'data'));
  s = await startServer({ dataDir: join(mnt, 'data'), args: ['--rate-limit', '100000', '--rate-burst', '100000'] });
});
after(async () => {
  if (s) await s.stop();
  if (mnt) {
    execFileSync('umount', [mnt]);
    rmdirSync(mnt);
  }
});

// Writes until the file system has no byte left; returns the bytes written.
function fill(path) {
  const fd = openSync(path, 'w');
  let n = 0;
  for (const size of [1 << 16, 4096, 512, 1]) {
    const chunk = Buffer.alloc(size, 0x5a);
    try {
      for (;;) n += writeSync(fd, chunk);
    } catch (e) {
      if (e.code !== 'ENOSPC') throw e;
    }
  }
  closeSync(fd);
  return n;
}

// Frames that carry a change to a client (replies and errors are not changes).
const CHANGES = new Set(['connected_meetings.delta', 'connected_meetings.state', 'connected_meetings.moving', 'room.joined',
  'room.update', 'chat.message', 'polls.updated', 'session.permissions', 'session.ended']);

test('a full disk: every write is refused with unavailable, nothing changes, and it works again when space returns', async () => {
  const M = await setupMeeting(s, { participants: [{ name: 'host', preset: 'group_call_host' }, { name: 'p1' }, { name: 'p2' }, { name: 'spare' }] });
  const other = (await s.api('POST', '/v2/meetings', { title: 'Other' })).json.data;
  const lead = await s.api('POST', '/v2/presets', { name: 'lead', permissions: { polls: { can_create: true } } });
  assert.equal(lead.status, 201, lead.text);
  assert.equal((await s.api('POST', '/v2/presets', { name: 'unused' })).status, 201);
  const host = await Client.open(s.wsUrl(M.people.host.token));
  const p1 = await Client.open(s.wsUrl(M.people.p1.token));
  const p2 = await Client.open(s.wsUrl(M.people.p2.token));
  const rooms = (await host.request('connected_meetings.create', { meetings: [{ title: 'R1' }, { title: 'R2' }, { title: 'Spare' }] })).data.meetings;
  const [r1, r2, spare] = rooms.map((r) => r.id);
  assert.ok((await host.request('connected_meetings.move', { source_meeting_id: M.meetingId, destination_meeting_id: r1, participant_ids: [M.people.p1.id, M.people.p2.id] })).data);
  await host.request('chat.send', { text: 'before the disk filled' });
  const base = `/v2/meetings/${M.meetingId}`;

  // The commands, each valid on the current state and applicable in this order.
  const wsCommands = [
    ['connected_meetings.move', { source_meeting_id: r1, destination_meeting_id: r2, participant_ids: [M.people.p1.id] }],
    ['connected_meetings.create', { meetings: [{ title: 'R4' }] }],
    ['connected_meetings.update', { meetings: [{ id: r1, title: 'R1 renamed' }] }],
    ['chat.send', { text: 'while the disk is full' }],
    ['polls.create', { question: 'Full?', options: ['yes', 'no'] }],
  ];
  const restWrites = [
    ['POST', '/v2/meetings', { title: 'New' }],
    ['PATCH', base, { title: 'Renamed parent' }], // through the reducer
    ['PATCH', `/v2/meetings/${other.id}`, { record_on_start: true }], // a plain row write
    ['POST', `${base}/participants`, { name: 'newcomer', preset_name: 'group_call_participant', custom_participant_id: 'newcomer' }],
    ['PATCH', `${base}/participants/${M.people.p2.id}`, { name: 'p2 renamed' }], // through the reducer
    ['PATCH', `${base}/participants/${M.people.p2.id}`, { picture: 'https://example.com/p2.png' }], // a plain row write
    ['DELETE', `${base}/participants/${M.people.spare.id}`],
    ['POST', '/v2/presets', { name: 'another' }],
    ['PATCH', '/v2/presets/lead', { permissions: { chat: { public: { can_send: false } } } }],
    ['PUT', '/v2/presets/lead', { name: 'lead', permissions: { polls: { can_create: false } } }],
    ['DELETE', '/v2/presets/unused'],
    ['POST', `${base}/connected-meetings`, { meetings: [{ title: 'R5' }] }],
    ['PATCH', `${base}/connected-meetings`, { meetings: [{ id: r2, title: 'R2 renamed' }] }],
    ['DELETE', `${base}/connected-meetings`, { meeting_ids: [spare] }],
    ['POST', `${base}/connected-meetings/move`, { source_meeting_id: r1, destination_meeting_id: M.meetingId, participant_ids: [M.people.p2.id] }],
    ['POST', `${base}/connected-meetings/start`, { meetings: [{ title: 'R6' }], assignments: [] }],
    ['POST', `${base}/connected-meetings/close`],
  ];
  const reads = async () => {
    const paths = ['/v2/meetings', base, `/v2/meetings/${other.id}`, `${base}/participants`, '/v2/presets', '/v2/presets/lead',
      `${base}/connected-meetings`, `${base}/active-session`];
    const out = {};
    for (const p of paths) out[p] = (await s.api('GET', p)).json;
    out.chat = (await host.request('chat.history', {})).data;
    out.polls = (await host.request('polls.list', {})).data;
    return out;
  };
  const before = await reads();
  await sleep(50); // the fan-out of the setup has gone out
  const mark = [host, p1, p2].map((c) => c.messages.length);

  const filled = fill(join(mnt, 'filler'));
  const wsFull = [];
  for (const [type, data] of wsCommands) wsFull.push((await host.request(type, data)).error?.code ?? 'applied');
  const restFull = [];
  for (const [method, path, body] of restWrites) {
    const r = await s.api(method, path, body);
    restFull.push(`${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} -> ${r.status} ${r.json?.error?.code ?? ''}`.trim());
  }
  await sleep(100); // anything that was (wrongly) fanned out has arrived
  const after = await reads();
  const seen = [host, p1, p2].flatMap((c, k) => c.messages.slice(mark[k]).filter((m) => CHANGES.has(m.type)).map((m) => m.type));
  const storeErrors = s.lines.filter((l) => l.event === 'store_error').length;
  const refusedWs = wsFull.filter((c) => c === 'unavailable').length;
  const refusedRest = restFull.filter((r) => r.endsWith('-> 503 unavailable')).length;
  console.log(`[faults] store full: ${filled} filler bytes; WebSocket commands refused unavailable ${refusedWs}/${wsCommands.length} ${JSON.stringify(wsFull)}; REST writes 503 unavailable ${refusedRest}/${restWrites.length}; store_error logged ${storeErrors}; reads unchanged ${JSON.stringify(after) === JSON.stringify(before)}; change frames seen by clients ${seen.length}`);
  for (const r of restFull) if (!r.endsWith('-> 503 unavailable')) console.log(`[faults] store full: not refused: ${r}`);

  assert.deepEqual(wsFull, wsCommands.map(() => 'unavailable'), 'every WebSocket command refused with unavailable');
  assert.deepEqual(restFull.filter((r) => !r.endsWith('-> 503 unavailable')), [], 'every REST write answered 503 unavailable');
  assert.deepEqual(after, before, 'nothing was half-applied: every read is unchanged');
  assert.deepEqual(seen, [], 'no client saw a change');
  assert.equal(s.proc.exitCode, null, 'the server is still running');

  // Space returns: the same commands succeed on the same process, and the clients see them.
  rmSync(join(mnt, 'filler'));
  const wsAgain = [];
  for (const [type, data] of wsCommands) wsAgain.push((await host.request(type, data)).error?.code ?? 'applied');
  const restAgain = [];
  for (const [method, path, body] of restWrites) {
    const r = await s.api(method, path, body);
    restAgain.push(`${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} -> ${r.status} ${r.json?.error?.code ?? ''}`.trim());
  }
  const failedAgain = restAgain.filter((r) => !/-> 20[01]$/.test(r));
  console.log(`[faults] store recovered (no restart): WebSocket commands applied ${wsAgain.filter((c) => c === 'applied').length}/${wsCommands.length}; REST writes 2xx ${restAgain.length - failedAgain.length}/${restWrites.length}`);
  assert.deepEqual(wsAgain, wsCommands.map(() => 'applied'), 'the WebSocket commands work again');
  assert.deepEqual(failedAgain, [], 'the REST writes work again');
  await p1.next((m) => m.type === 'connected_meetings.moving' && m.data.meeting_id === r2, 5000, 'p1 moved once space returned');
  const closed = (await s.api('GET', `${base}/connected-meetings`)).json.data;
  assert.deepEqual(closed.meetings, [], 'the last command (close) was applied');
  await Promise.all([host, p1, p2].map((c) => c.close()));
  const { exit, reports } = await stopAndCheck(s);
  assert.deepEqual(reports, [], 'no sanitizer report from the server');
  assert.equal(exit.code, 0, `the server exits cleanly on SIGTERM (${JSON.stringify(exit)})`);
});
