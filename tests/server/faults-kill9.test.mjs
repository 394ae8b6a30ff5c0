// Fault under load (issue 16): kill -9 of rtk-server while 500 participants are connected and
// a wave of moves is in flight. The real binary on loopback; 500 raw v2 WebSocket clients in 10
// rooms plus the host that sends one move per participant (paced, so part of the wave is
// acknowledged, part is on the wire, part is not sent yet) and the server is killed with
// SIGKILL after the first 150 acknowledgements. It restarts on the same SQLite file and port;
// every client redials with the SDK's backoff (faults_lib.mjs BACKOFF mirrors
// src/client/rtk/client/link.hpp: 250 ms doubling to 5 s, 50 % jitter, 8 attempts).
// Checked: every client is back in the room the durable state assigns it; the durable state
// (REST read) is exactly the initial assignment plus a prefix of the wave that contains every
// acknowledged move (nothing acknowledged lost, nothing half-applied), and each participant is
// listed in exactly one meeting. Prints the recovery time (kill -> room.joined, p50/max) and
// the lost / duplicated / mis-roomed counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tempDir } from './harness.mjs';
import { BACKOFF, LoadClient, bigMeeting, groupState, mapLimit, placements, sleep, stats, stopAndCheck, waitUntil } from './faults_lib.mjs';

const N = 500;
const ROOMS = 10;
const KILL_AFTER_ACKS = 150;
const RATE = ['--rate-limit', '100000', '--rate-burst', '100000'];

test('kill -9 under load: 500 clients come back to their rooms; acknowledged moves survive, nothing duplicated', async () => {
  const dataDir = tempDir();
  const s1 = await startServer({ dataDir, args: RATE });
  const port = s1.port;
  let s2 = null;
  const clients = [];
  try {
    const M = await bigMeeting(s1, N);
    const started = await s1.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/start`, {
      meetings: Array.from({ length: ROOMS }, (_, r) => ({ title: `Room ${r}` })),
      assignments: M.people.map((p, i) => ({ participant_id: p.id, meeting_index: i % ROOMS })),
    });
    assert.equal(started.status, 201, started.text);
    const roomIds = started.json.data.meetings.map((m) => m.id);
    const v0 = started.json.data.version;
    const initialRoom = (i) => roomIds[i % ROOMS];
    const destRoom = (i) => roomIds[(i + 1 + (i % (ROOMS - 1))) % ROOMS]; // never its own room

    const url = (token) => () => `ws://127.0.0.1:${port}/v2/ws?authToken=${encodeURIComponent(token)}`;
    const host = new LoadClient(url(M.hosts[0].token), { reconnect: true });
    clients.push(host);
    for (const p of M.people) clients.push(new LoadClient(url(p.token), { reconnect: true }));
    const tConnect = Date.now();
    await mapLimit(clients, 100, (c) => c.start());
    const connectMs = Date.now() - tConnect;
    M.people.forEach((p, i) => assert.equal(clients[i + 1].meetingId, initialRoom(i), `${p.name} starts in its room`));

    // The wave: move i takes participant i to destRoom(i); sent in order on one socket, so the
    // server applies a prefix of it and the group version counts the applied moves.
    const acks = new Map(); // move index -> version
    const refused = [];
    let sent = 0;
    let onAck = () => {};
    const wave = (async () => {
      for (let i = 0; i < N && host.open; ++i) {
        host.request('connected_meetings.move', { source_meeting_id: initialRoom(i), destination_meeting_id: destRoom(i), participant_ids: [M.people[i].id] })
          .then((r) => { if (r.data) acks.set(i, r.data.version); else refused.push(r.error); onAck(); }, () => {});
        ++sent;
        if (i % 10 === 9) await sleep(2);
      }
    })();
    await new Promise((res) => { onAck = () => { if (acks.size >= KILL_AFTER_ACKS) res(); }; });
    const tKill = Date.now();
    const killed = await s1.kill9();
    assert.equal(killed.signal, 'SIGKILL');
    await wave;
    const ackedAtKill = acks.size;
    const sentAtKill = sent;

    s2 = await startServer({ dataDir, args: ['--port', String(port), ...RATE] });
    const restartMs = Date.now() - tKill;
    const back = (c) => c.joins.some((j) => j.at > tKill);
    await waitUntil(() => clients.every(back) || clients.some((c) => c.gaveUp), 90000, 'every client back');
    assert.equal(clients.filter((c) => c.gaveUp).length, 0, 'no client spent its reconnect budget');
    const recovery = stats(clients.map((c) => c.joins.find((j) => j.at > tKill).at - tKill));

    const g = await groupState(s2, M.meetingId);
    const where = placements(g);
    const applied = g.version - v0; // moves of the wave in the durable state
    const expected = (i) => (i < applied ? destRoom(i) : initialRoom(i));
    const duplicated = M.people.filter((p) => (where.get(p.id) ?? []).length !== 1).length;
    const lost = [...acks.keys()].filter((i) => (where.get(M.people[i].id) ?? [])[0] !== destRoom(i)).length;
    const notPrefix = M.people.filter((p, i) => (where.get(p.id) ?? [])[0] !== expected(i)).length;
    const misRoomed = M.people.filter((p, i) => clients[i + 1].meetingId !== (where.get(p.id) ?? [])[0]).length +
      (clients[0].meetingId === M.meetingId ? 0 : 1);
    const maxAcked = Math.max(...acks.keys());
    console.log(`[faults] kill9: ${N} clients + 1 host (connected in ${connectMs} ms); wave of ${N} moves: ${sentAtKill} sent, ${ackedAtKill} acknowledged when killed, ${applied} in the durable state; restart listening ${restartMs} ms after the kill; recovery (kill -> room.joined) p50 ${recovery.p50} ms, max ${recovery.max} ms over ${recovery.n} clients (backoff ${BACKOFF.baseMs}..${BACKOFF.capMs} ms, ${BACKOFF.jitterPct} % jitter); lost ${lost}, duplicated ${duplicated}, mis-roomed ${misRoomed}, refused ${refused.length}`);

    assert.deepEqual(refused, [], 'no move of the wave was refused');
    assert.ok(applied >= maxAcked + 1, `every acknowledged move is durable (applied ${applied}, last acked index ${maxAcked})`);
    assert.ok(applied <= sentAtKill, `no more moves applied (${applied}) than were sent (${sentAtKill})`);
    assert.equal(lost, 0, 'acknowledged moves lost');
    assert.equal(duplicated, 0, 'participants not in exactly one meeting');
    assert.equal(notPrefix, 0, 'the durable state is the initial assignment plus a prefix of the wave');
    assert.equal(misRoomed, 0, 'clients that reconnected into another room than their assignment');
    // every client holds the durable version (it got the state on reconnect)
    assert.equal(clients.filter((c) => c.version !== g.version).length, 0, 'clients on the durable version');
    for (const c of clients) c.stop();
    const { exit, reports } = await stopAndCheck(s2);
    assert.deepEqual(reports, [], 'no sanitizer report from the restarted server');
    assert.equal(exit.code, 0, `the restarted server exits cleanly on SIGTERM (${JSON.stringify(exit)})`);
    assert.deepEqual(s1.stderr().split('\n').filter((l) => /AddressSanitizer|runtime error:/.test(l)), [], 'no sanitizer report before the kill');
  } finally {
    for (const c of clients) c.stop();
    if (s2) await s2.stop();
    if (s1.proc.exitCode === null && s1.proc.signalCode === null) await s1.kill9();
    s1.cleanup();
  }
});
