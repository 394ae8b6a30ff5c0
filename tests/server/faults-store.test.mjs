// Fault under load (issue 16): the store fails, two ways, each on its own server and file system.
// - The disk is full: rtk-server's data dir is on a 6 MiB tmpfs that is then filled to the last
//   byte; space returns when the filler is deleted.
// - The data dir becomes read-only under the running server: Linux refuses `mount -o
//   remount,ro` while SQLite holds its files open for writing (EBUSY), and an ext4 error
//   (errors=remount-ro) leaves the file system read-only for good, so the data dir (on a small
//   loop-mounted ext4 image) and every file in it are made immutable (`chattr -R +i`): the kernel
//   then refuses every write(2) with EPERM, even through the descriptors SQLite already holds,
//   which is what a read-only remount does. `chattr -R -i` gives the writes back.
// Both mount file systems, so the test runs as root (scripts/test.sh does, in CI) and fails if it
// cannot. Every durable command — the WebSocket commands (moves, room create/rename, chat, polls)
// and every REST write (meetings, participants, presets, connected meetings) — must be refused
// with `unavailable` (HTTP 503 over REST), nothing may be half-applied (every REST read and the
// chat history read back unchanged) and no client may see a change (no delta, room.update, chat
// or poll frame). Then the fault is lifted and the very same commands, in the same order,
// succeed on the same server process (no restart) and the clients see them. Prints the counts.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, setupMeeting, Client } from './harness.mjs';
import { sleep, stopAndCheck } from './faults_lib.mjs';

// What each test set up, undone in afterEach even when the test fails half-way.
const undo = [];
afterEach(async () => {
  while (undo.length) {
    try {
      await undo.pop()();
    } catch (e) {
      console.log(`[faults] cleanup: ${e.message}`);
    }
  }
});

// Mounts a fresh file system of the given kind on a new temp dir; returns the mount point.
function mountScratch(kind) {
  assert.equal(process.getuid(), 0, 'this test mounts a file system and needs root');
  const mnt = mkdtempSync(join(tmpdir(), `rtk-store-${kind}-`));
  undo.push(() => rmSync(mnt, { recursive: true, force: true }));
  if (kind === 'tmpfs') {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt]);
  } else {
    const image = `${mnt}.img`;
    undo.push(() => rmSync(image, { force: true }));
    execFileSync('truncate', ['-s', '32M', image]);
    execFileSync('mkfs.ext4', ['-q', '-F', image]);
    execFileSync('mount', ['-o', 'loop', image, mnt]);
  }
  undo.push(() => execFileSync('umount', [mnt]));
  return mnt;
}

async function serverOn(dataDir) {
  mkdirSync(dataDir);
  const s = await startServer({ dataDir, args: ['--rate-limit', '100000', '--rate-burst', '100000'] });
  undo.push(() => s.stop());
  return s;
}

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

// Runs every durable command while fault.apply() holds, checks each is refused and nothing changed,
// lifts the fault (fault.lift()) and runs them again on the same process.
async function runStoreFault(s, fault) {
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

  const faultInfo = fault.apply();
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
  console.log(`[faults] ${fault.name}: ${faultInfo}; WebSocket commands refused unavailable ${refusedWs}/${wsCommands.length} ${JSON.stringify(wsFull)}; REST writes 503 unavailable ${refusedRest}/${restWrites.length}; store_error logged ${storeErrors}; reads unchanged ${JSON.stringify(after) === JSON.stringify(before)}; change frames seen by clients ${seen.length}`);
  for (const r of restFull) if (!r.endsWith('-> 503 unavailable')) console.log(`[faults] ${fault.name}: not refused: ${r}`);

  assert.deepEqual(wsFull, wsCommands.map(() => 'unavailable'), 'every WebSocket command refused with unavailable');
  assert.deepEqual(restFull.filter((r) => !r.endsWith('-> 503 unavailable')), [], 'every REST write answered 503 unavailable');
  assert.deepEqual(after, before, 'nothing was half-applied: every read is unchanged');
  assert.deepEqual(seen, [], 'no client saw a change');
  assert.equal(s.proc.exitCode, null, 'the server is still running');

  // The fault is lifted: the same commands succeed on the same process, and the clients see them.
  fault.lift();
  const wsAgain = [];
  for (const [type, data] of wsCommands) wsAgain.push((await host.request(type, data)).error?.code ?? 'applied');
  const restAgain = [];
  for (const [method, path, body] of restWrites) {
    const r = await s.api(method, path, body);
    restAgain.push(`${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} -> ${r.status} ${r.json?.error?.code ?? ''}`.trim());
  }
  const failedAgain = restAgain.filter((r) => !/-> 20[01]$/.test(r));
  console.log(`[faults] ${fault.name} lifted (no restart): WebSocket commands applied ${wsAgain.filter((c) => c === 'applied').length}/${wsCommands.length}; REST writes 2xx ${restAgain.length - failedAgain.length}/${restWrites.length}`);
  assert.deepEqual(wsAgain, wsCommands.map(() => 'applied'), 'the WebSocket commands work again');
  assert.deepEqual(failedAgain, [], 'the REST writes work again');
  await p1.next((m) => m.type === 'connected_meetings.moving' && m.data.meeting_id === r2, 5000, 'p1 moved once the fault was lifted');
  const closed = (await s.api('GET', `${base}/connected-meetings`)).json.data;
  assert.deepEqual(closed.meetings, [], 'the last command (close) was applied');
  await Promise.all([host, p1, p2].map((c) => c.close()));
  const { exit, reports } = await stopAndCheck(s);
  assert.deepEqual(reports, [], 'no sanitizer report from the server');
  assert.equal(exit.code, 0, `the server exits cleanly on SIGTERM (${JSON.stringify(exit)})`);
}

test('a full disk: every write is refused with unavailable, nothing changes, and it works again when space returns', async () => {
  const mnt = mountScratch('tmpfs');
  const s = await serverOn(join(mnt, 'data'));
  await runStoreFault(s, {
    name: 'store full',
    apply: () => `${fill(join(mnt, 'filler'))} filler bytes`,
    lift: () => rmSync(join(mnt, 'filler')),
  });
});

test('a read-only data dir: every write is refused with unavailable, nothing changes, and it works again when writes return', async () => {
  const mnt = mountScratch('ext4');
  const data = join(mnt, 'data');
  const s = await serverOn(data);
  let immutable = false;
  undo.push(() => immutable && execFileSync('chattr', ['-R', '-i', data]));
  await runStoreFault(s, {
    name: 'store read-only',
    apply: () => {
      execFileSync('chattr', ['-R', '+i', data]);
      immutable = true;
      return `chattr -R +i on ${execFileSync('ls', [data]).toString().trim().split('\n').join(', ')}`;
    },
    lift: () => {
      execFileSync('chattr', ['-R', '-i', data]);
      immutable = false;
    },
  });
});
