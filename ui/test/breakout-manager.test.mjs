import test from 'node:test';
import assert from 'node:assert/strict';
import { BreakoutRoomsManager, participantsPerRoom } from '../src/breakout-manager.js';

const people = (n) => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, name: `Person ${i + 1}` }));

// Deterministic PRNG (mulberry32) so shuffles are reproducible.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('participantsPerRoom gives the even split range', () => {
  assert.deepEqual(participantsPerRoom(3, 2), { min: 1, max: 2 });
  assert.deepEqual(participantsPerRoom(4, 2), { min: 2, max: 2 });
  assert.deepEqual(participantsPerRoom(0, 3), { min: 0, max: 0 });
  assert.deepEqual(participantsPerRoom(5, 0), { min: 0, max: 0 });
});

test('addRooms names rooms "Room N" with distinct draft ids and rejects < 1', () => {
  const m = new BreakoutRoomsManager({ participants: people(3) });
  const ids = m.addRooms(2);
  assert.equal(new Set(ids).size, 2);
  assert.deepEqual(m.rooms.map((r) => r.title), ['Room 1', 'Room 2']);
  assert.throws(() => m.addRooms(0), RangeError);
  assert.throws(() => m.addRooms(1.5), RangeError);
  assert.equal(m.rooms.length, 2);
});

test('shuffle splits unassigned participants evenly and keeps manual assignments', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const m = new BreakoutRoomsManager({ participants: people(7), rooms: 3 });
    const [r1] = m.rooms.map((r) => r.id);
    m.assign(['p7'], r1);
    const moved = m.shuffle(rng(seed));
    assert.equal(moved, 6);
    assert.equal(m.unassigned.length, 0);
    const sizes = m.rooms.map((r) => r.participantIds.length).sort();
    assert.deepEqual(sizes, [2, 2, 3], `seed ${seed}`);
    assert.equal(m.roomOf('p7'), r1, 'manual assignment kept');
    const all = m.rooms.flatMap((r) => r.participantIds).sort();
    assert.deepEqual(all, people(7).map((p) => p.id).sort(), 'each participant exactly once');
  }
});

test('shuffle is random: different seeds give different splits', () => {
  const splits = new Set();
  for (let seed = 1; seed <= 20; seed++) {
    const m = new BreakoutRoomsManager({ participants: people(6), rooms: 2 });
    m.shuffle(rng(seed));
    splits.add(JSON.stringify(m.rooms.map((r) => [...r.participantIds].sort())));
  }
  assert.ok(splits.size > 3, `only ${splits.size} distinct splits`);
});

test('shuffle with no rooms assigns nobody', () => {
  const m = new BreakoutRoomsManager({ participants: people(2) });
  assert.equal(m.shuffle(), 0);
  assert.equal(m.unassigned.length, 2);
});

test('assign moves between rooms; unassign and unassignAll release', () => {
  const m = new BreakoutRoomsManager({ participants: people(4), rooms: 2 });
  const [a, b] = m.rooms.map((r) => r.id);
  assert.equal(m.assign(['p1', 'p2', 'nobody'], a), 2, 'unknown ids ignored');
  m.assign(['p2'], b);
  assert.deepEqual(m.room(a).participantIds, ['p1']);
  assert.deepEqual(m.room(b).participantIds, ['p2']);
  m.unassign(['p1']);
  assert.equal(m.roomOf('p1'), null);
  assert.deepEqual(m.unassigned.map((p) => p.id), ['p1', 'p3', 'p4']);
  m.assign(['p3'], a);
  m.unassignAll();
  assert.equal(m.unassigned.length, 4);
  assert.throws(() => m.assign(['p1'], 'draft-999'), RangeError);
});

test('rename validates, delete releases participants', () => {
  const m = new BreakoutRoomsManager({ participants: people(3), rooms: 2 });
  const [a, b] = m.rooms.map((r) => r.id);
  m.renameRoom(a, '  Design  ');
  assert.equal(m.room(a).title, 'Design');
  assert.throws(() => m.renameRoom(a, '   '), RangeError);
  assert.throws(() => m.renameRoom(a, 'x'.repeat(257)), RangeError); // the server's 256-byte default
  assert.throws(() => new BreakoutRoomsManager({ rooms: 1, maxTitleBytes: 4 }).renameRoom(m.rooms[0].id, 'ééé'), RangeError);
  assert.equal(m.room(a).title, 'Design', 'failed rename changes nothing');
  m.assign(['p1', 'p2'], b);
  m.deleteRoom(b);
  assert.equal(m.rooms.length, 1);
  assert.equal(m.unassigned.length, 3);
  assert.throws(() => m.deleteRoom(b), RangeError);
});

test('setParticipants drops assignments of people who left and keeps the rest', () => {
  const m = new BreakoutRoomsManager({ participants: people(3), rooms: 1 });
  const [a] = m.rooms.map((r) => r.id);
  m.assign(['p1', 'p2'], a);
  m.setParticipants([{ id: 'p2', name: 'Renamed' }, { id: 'p4', name: 'New' }, { id: 'p4', name: 'dup' }]);
  assert.deepEqual(m.room(a).participantIds, ['p2']);
  assert.deepEqual(m.unassigned, [{ id: 'p4', name: 'New' }]);
  assert.equal(m.participant('p2').name, 'Renamed');
});

test('toStartRequest lists rooms in order with assignments by index; duplicate titles allowed', () => {
  const m = new BreakoutRoomsManager({ participants: people(3), rooms: 2 });
  const [a, b] = m.rooms.map((r) => r.id);
  m.renameRoom(a, 'Same');
  m.renameRoom(b, 'Same');
  m.assign(['p3'], a);
  m.assign(['p1', 'p2'], b);
  assert.deepEqual(m.toStartRequest(), {
    meetings: [{ title: 'Same' }, { title: 'Same' }],
    assignments: [
      { participantId: 'p3', meetingIndex: 0 },
      { participantId: 'p1', meetingIndex: 1 },
      { participantId: 'p2', meetingIndex: 1 },
    ],
  });
  const map = m.applyStartResult({ meetings: [{ id: 'm-a', title: 'Same' }, { id: 'm-b', title: 'Same' }] });
  assert.equal(map.get(a), 'm-a');
  assert.equal(map.get(b), 'm-b');
  assert.deepEqual(m.room('m-b').participantIds, ['p1', 'p2'], 'matched by index, not title');
});

test('toStartRequest refuses an empty draft; applyStartResult refuses a mismatched answer', () => {
  const m = new BreakoutRoomsManager({ participants: people(1) });
  assert.throws(() => m.toStartRequest(), /at least one room/);
  m.addRooms(2);
  assert.throws(() => m.applyStartResult({ meetings: [{ id: 'x', title: 'Room 1' }] }), /Expected 2/);
  assert.throws(() => m.applyStartResult({ meetings: [{ id: 'x' }, { title: 'no id' }] }), /without an id/);
});

test('subscribers are notified on change and a throwing one does not break others', () => {
  const m = new BreakoutRoomsManager({ participants: people(2) });
  let calls = 0;
  const origError = console.error;
  console.error = () => {};
  try {
    m.subscribe(() => { throw new Error('boom'); });
    const off = m.subscribe(() => { calls++; });
    m.addRooms(1);
    assert.equal(calls, 1);
    off();
    m.addRoom();
    assert.equal(calls, 1);
  } finally {
    console.error = origError;
  }
});
