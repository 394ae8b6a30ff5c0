// Fault under load (issue 16): 1,000 conflicting moves from three hosts at once. The real
// rtk-server on loopback; 3 hosts and 120 participants connected (raw v2 WebSocket clients),
// 6 rooms. Each host sends its third of the moves in bursts of 25 without waiting in between,
// each move taking one to three participants from where that host's own view (its mirror of
// the deltas) places them to another room, so the hosts race each other and many moves name a
// source the participant has already left. Checked: every move is either applied (one version
// each) or refused with `conflict`; replaying the applied moves in version order on the start
// state gives exactly the durable state (REST), so no move was half-applied; every participant
// is in exactly one meeting; every client converges on the final version, and the hosts'
// mirrors equal the durable placement. Prints applied/refused counts and the convergence time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { LoadClient, bigMeeting, groupState, mapLimit, placements, stats, stopAndCheck, waitUntil } from './faults_lib.mjs';

const PARTICIPANTS = 120;
const ROOMS = 6;
const MOVES = 1000;
const HOSTS = 3;
const BURST = 25;

let s;
before(async () => { s = await startServer({ args: ['--rate-limit', '100000', '--rate-burst', '100000'] }); });
after(async () => { await s.stop(); s.cleanup(); });

// A small seeded generator (mulberry32): the same moves every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('1,000 conflicting moves from three hosts: applied or refused whole, one room each, every client converges', async () => {
  const M = await bigMeeting(s, PARTICIPANTS, { hosts: HOSTS });
  const started = await s.api('POST', `/v2/meetings/${M.meetingId}/connected-meetings/start`, {
    meetings: Array.from({ length: ROOMS }, (_, r) => ({ title: `Room ${r}` })),
    assignments: M.people.map((p, i) => ({ participant_id: p.id, meeting_index: i % ROOMS })),
  });
  assert.equal(started.status, 201, started.text);
  const rooms = [M.meetingId, ...started.json.data.meetings.map((m) => m.id)]; // the parent too
  const start = placements(await groupState(s, M.meetingId));
  const v0 = started.json.data.version;

  const url = (token) => () => s.wsUrl(token);
  const hosts = M.hosts.map((h) => new LoadClient(url(h.token), { mirror: true }));
  const people = M.people.map((p) => new LoadClient(url(p.token)));
  const all = [...hosts, ...people];
  await mapLimit(all, 50, (c) => c.start());
  await waitUntil(() => hosts.every((h) => h.where.size === PARTICIPANTS + HOSTS), 10000, 'host mirrors');

  const applied = []; // {version, move}
  const refused = {};
  const t0 = Date.now();
  let lastReply = t0;
  await Promise.all(hosts.map(async (h, k) => {
    const rand = rng(1000 + k);
    const mine = Math.floor(MOVES / HOSTS) + (k < MOVES % HOSTS ? 1 : 0);
    for (let sent = 0; sent < mine;) {
      const burst = [];
      for (let b = 0; b < BURST && sent < mine; ++b, ++sent) {
        // one to three participants that this host's view places in the same room
        const first = M.people[Math.floor(rand() * PARTICIPANTS)].id;
        const source = h.where.get(first);
        const ids = [first];
        for (let extra = Math.floor(rand() * 3); extra > 0; --extra) {
          const p = M.people[Math.floor(rand() * PARTICIPANTS)].id;
          if (!ids.includes(p) && h.where.get(p) === source) ids.push(p);
        }
        let dest = rooms[Math.floor(rand() * rooms.length)];
        if (dest === source) dest = rooms[(rooms.indexOf(dest) + 1) % rooms.length];
        const move = { source_meeting_id: source, destination_meeting_id: dest, participant_ids: ids };
        burst.push(h.request('connected_meetings.move', move).then((r) => {
          lastReply = Date.now();
          if (r.data) applied.push({ version: r.data.version, move });
          else refused[r.error.code] = (refused[r.error.code] ?? 0) + 1;
        }));
      }
      await Promise.all(burst);
    }
  }));
  const finalVersion = v0 + applied.length;
  await waitUntil(() => all.every((c) => c.version >= finalVersion), 20000, 'every client on the final version');
  const converged = stats(all.map((c) => Math.max(0, c.versionAt - lastReply)));
  const convergedAll = Math.max(...all.map((c) => c.versionAt)) - t0;

  const g = await groupState(s, M.meetingId);
  const where = placements(g);
  // replay the applied moves in version order on the start state
  const replay = new Map([...start].map(([id, ms]) => [id, ms[0]]));
  applied.sort((a, b) => a.version - b.version);
  let replayOk = true;
  applied.forEach((a, i) => {
    if (a.version !== v0 + i + 1) replayOk = false; // one version per applied move, no gaps
    for (const id of a.move.participant_ids) {
      if (replay.get(id) !== a.move.source_meeting_id) replayOk = false; // applied from a wrong source
      replay.set(id, a.move.destination_meeting_id);
    }
  });
  const duplicated = [...where.values()].filter((ms) => ms.length !== 1).length;
  const missing = [...start.keys()].filter((id) => !where.has(id)).length;
  const misplaced = [...replay].filter(([id, m]) => (where.get(id) ?? [])[0] !== m).length;
  const mirrorsOff = hosts.map((h) => [...where].filter(([id, ms]) => h.where.get(id) !== ms[0]).length);
  const refusedCount = Object.values(refused).reduce((a, b) => a + b, 0);
  console.log(`[faults] conflicting moves: ${MOVES} moves from ${HOSTS} hosts (${PARTICIPANTS} participants, ${ROOMS} rooms + parent, ${all.length} clients): applied ${applied.length}, refused ${refusedCount} ${JSON.stringify(refused)}; version ${v0} -> ${g.version}; all ${all.length} clients on the final version ${convergedAll} ms after the first move (after the last reply: p50 ${converged.p50} ms, max ${converged.max} ms); duplicated ${duplicated}, missing ${missing}, misplaced vs replay ${misplaced}, host mirrors off by ${JSON.stringify(mirrorsOff)}, delta gaps ${all.reduce((a, c) => a + c.gaps, 0)}`);

  assert.equal(applied.length + refusedCount, MOVES, 'every move answered');
  assert.deepEqual(Object.keys(refused), refusedCount ? ['conflict'] : [], 'refusals are conflicts');
  assert.ok(applied.length > 100 && refusedCount > 100, 'the hosts really raced (both outcomes are common)');
  assert.equal(g.version, finalVersion, 'the version rose by one per applied move');
  assert.ok(replayOk, 'the applied moves have consecutive versions and each applied from where the participant was');
  assert.equal(duplicated, 0, 'participants listed in more than one meeting');
  assert.equal(missing, 0, 'participants missing from the group');
  assert.equal(misplaced, 0, 'the durable state equals the replay of the applied moves');
  assert.deepEqual(mirrorsOff, [0, 0, 0], 'every host mirror equals the durable state');
  assert.equal(all.filter((c) => c.version !== g.version).length, 0, 'every client on the final version');
  for (const c of all) c.stop();
  const { exit, reports } = await stopAndCheck(s);
  assert.deepEqual(reports, [], 'no sanitizer report from the server');
  assert.equal(exit.code, 0, `the server exits cleanly on SIGTERM (${JSON.stringify(exit)})`);
});
