// Store tests against the in-memory FAKE meeting (ui/test/fixtures/fake-meeting.js), not the real SDK.
import test from 'node:test';
import assert from 'node:assert/strict';
import { MeetingStore, describeError } from '../src/store.js';
import { FakeServer } from './fixtures/fake-meeting.js';

const waitFor = async (cond, ms = 2000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

async function setup() {
  const server = new FakeServer({ switchMs: 20 });
  server.addParticipant({ id: 'host', name: 'Hana Host', preset: 'host' });
  server.addParticipant({ id: 'p1', name: 'Ada', preset: 'returner' });
  server.addParticipant({ id: 'p2', name: 'Bo', preset: 'participant' });
  for (const id of ['p1', 'p2']) await server.init(id).join();
  const store = new MeetingStore(server.init('host'));
  await store.join();
  return { server, store };
}

test('join moves the store to joined and lists the remote participants', async () => {
  const { store } = await setup();
  assert.equal(store.state.phase, 'joined');
  assert.deepEqual(store.participants.map((p) => p.name).sort(), ['Ada', 'Bo']);
  assert.equal(store.roomTitle, 'Main Room');
  assert.equal(store.inParent, true);
});

test('a failed join keeps the setup screen and shows a readable error', async () => {
  const server = new FakeServer();
  server.addParticipant({ id: 'host', name: 'H', preset: 'host' });
  server.failNext('join', 'unavailable');
  const store = new MeetingStore(server.init('host'));
  store.set({ phase: 'setup', prevPhase: 'setup' });
  await store.join();
  assert.equal(store.state.phase, 'setup');
  assert.match(store.state.errors.at(-1).message, /Could not join the meeting: The meeting server could not be reached/);
});

test('host switching rooms rebinds to the new meeting object, three times in a row', async () => {
  const { server, store } = await setup();
  const r = await store.startBreakout({ meetings: [{ title: 'A' }, { title: 'A' }], assignments: [{ participantId: 'p1', meetingIndex: 0 }] });
  assert.equal(r.ok, true);
  const [a, b] = r.value.meetings.map((m) => m.id);
  const objects = [store.meeting];
  const phases = [];
  store.subscribe((s) => phases.push(s.phase));
  for (const dest of [a, b, server.parent.id]) {
    await store.switchTo(dest);
    await waitFor(() => store.meetingId === dest && store.state.phase === 'joined');
    assert.ok(!objects.includes(store.meeting), 'a NEW meeting object each time');
    objects.push(store.meeting);
  }
  assert.ok(phases.includes('switching'));
  // Old objects have no listeners left from the store.
  for (const old of objects.slice(0, -1)) {
    assert.equal(old.connectedMeetings.listenerCount('meetingChanged'), 0);
    assert.equal(old.self.listenerCount('videoUpdate'), 0);
  }
  assert.equal(store.meeting.connectedMeetings.listenerCount('meetingChanged'), 1);
});

test('the overlay text says where we are going, and clears when the new room is live', async () => {
  const { server, store } = await setup();
  const r = await store.startBreakout({ meetings: [{ title: 'Room 1' }], assignments: [] });
  const room = r.value.meetings[0].id;
  const seen = [];
  store.subscribe((s) => { if (s.switching) seen.push(s.switching.message); });
  await store.switchTo(room);
  await waitFor(() => store.state.phase === 'joined' && store.meetingId === room);
  assert.equal(store.state.switching, null);
  assert.equal(store.roomTitle, 'Room 1');
  await store.switchToParent();
  await waitFor(() => store.state.phase === 'joined' && store.meetingId === server.parent.id);
  assert.ok(seen.includes('Joining breakout room…'));
  assert.ok(seen.includes('Returning to Main Room…'));
});

test('a duplicate meetingChanged for the same object is ignored', async () => {
  const { store } = await setup();
  let changes = 0;
  store.onMeetingChanged(() => changes++);
  const r = await store.startBreakout({ meetings: [{ title: 'R' }], assignments: [] });
  const old = store.meeting;
  await store.switchTo(r.value.meetings[0].id);
  await waitFor(() => store.meeting !== old && store.state.phase === 'joined');
  old.connectedMeetings.emit('meetingChanged', store.meeting); // old emitter no longer bound
  store.meeting.connectedMeetings.emit('meetingChanged', store.meeting); // same object
  assert.equal(changes, 1);
});

test('a refused command becomes a readable error and changes nothing', async () => {
  const server = new FakeServer();
  server.addParticipant({ id: 'host', name: 'H', preset: 'host' });
  server.addParticipant({ id: 'p2', name: 'Bo', preset: 'participant' });
  const m = server.init('p2');
  await m.join();
  const store = new MeetingStore(m);
  const r = await store.startBreakout({ meetings: [{ title: 'x' }], assignments: [] });
  assert.equal(r.ok, false);
  assert.match(store.state.errors.at(-1).message, /Could not start the breakout: You do not have permission/);
  assert.equal(server.rooms.length, 0);
});

test('moveParticipants from several rooms is one atomic command; {success:false} answers are errors too', async () => {
  const { server, store } = await setup();
  const r = await store.startBreakout({ meetings: [{ title: 'A' }, { title: 'B' }], assignments: [{ participantId: 'p1', meetingIndex: 0 }] });
  const [, b] = r.value.meetings.map((m) => m.id);
  await store.moveParticipants(['p1', 'p2'], b);
  assert.equal(server.log.filter((x) => x.method === 'moveParticipants').length, 0);
  assert.equal(server.log.filter((x) => x.method === 'assignParticipants').length, 1, 'one command for both source rooms');
  await waitFor(() => store.rooms.find((m) => m.id === b)?.participants.length === 2);
  store.meeting.connectedMeetings.assignParticipants = async () => ({ success: false, error: 'failed to move participants' });
  const bad = await store.moveParticipants(['p1'], server.parent.id);
  assert.equal(bad.ok, false);
  assert.match(store.state.errors.at(-1).message, /failed to move participants/);
});

test('lost connection and media permission errors reach the state', async () => {
  const { server, store } = await setup();
  server.dropConnection('host');
  assert.equal(store.state.connection, 'disconnected');
  server.restoreConnection('host');
  assert.equal(store.state.connection, 'connected');
  server.denyMedia = { video: true };
  await store.toggleVideo();
  assert.ok(store.state.errors.some((e) => /camera/.test(e.message)), JSON.stringify(store.state.errors));
});

test('describeError prefers the code, then the message', () => {
  assert.equal(describeError('X', { code: 'permission_denied', message: 'raw' }), 'X: You do not have permission to do that.');
  assert.equal(describeError('X', new Error('plain')), 'X: plain');
  assert.equal(describeError('', 'str'), 'str');
  // an action's own sentence for a code wins (a recording conflict is not about rooms)
  assert.equal(describeError('X', { code: 'conflict', message: 'raw' }, { conflict: 'Recording changed.' }), 'X: Recording changed.');
  assert.equal(describeError('X', { code: 'timeout' }, { conflict: 'Recording changed.' }),
    'X: The server did not answer in time. Check your connection and try again.');
});

test('listen-in: the store forwards listenIn/stopListening, follows listenUpdate and shows refusals', async () => {
  const { store } = await setup();
  const cm = store.cm;
  const calls = [];
  const update = (listening) => {
    cm.listening = listening;
    cm.listeners = listening ? { [listening]: [{ participantId: 'host', displayName: 'Hana Host', meetingId: listening }] } : {};
    cm.emit('listenUpdate', { listening, listeners: Object.values(cm.listeners).flat() });
  };
  cm.listenIn = async (id) => {
    calls.push(['listenIn', id]);
    if (id === 'mine') throw Object.assign(new Error('data.meeting_id: you are in meeting mine already'), { code: 'invalid_argument' });
    update(id);
    return { listening: id };
  };
  cm.stopListening = async () => { calls.push(['stopListening']); update(null); return { listening: null }; };
  cm.listenedParticipants = () => (cm.listening ? [{ id: 'p1', name: 'Ada', videoTrack: null, audioTrack: null }] : []);
  let changes = 0;
  store.subscribe(() => { changes += 1; });
  assert.equal(store.listening, null);
  await store.listenIn('r1');
  assert.equal(store.listening, 'r1');
  assert.equal(store.listeners.r1[0].displayName, 'Hana Host');
  assert.deepEqual(store.listenedParticipants().map((p) => p.name), ['Ada']);
  assert.ok(changes > 0, 'listenUpdate re-renders');
  await store.stopListening();
  assert.equal(store.listening, null);
  assert.deepEqual(store.listenedParticipants(), []);
  const r = await store.listenIn('mine');
  assert.equal(r.ok, false);
  assert.match(store.state.errors.at(-1).message, /Could not listen in/);
  assert.deepEqual(calls, [['listenIn', 'r1'], ['stopListening'], ['listenIn', 'mine']]);
  cm.listenIn = async () => { throw Object.assign(new Error('listening in needs --media sfu'), { code: 'unavailable' }); };
  await store.listenIn('r2');
  assert.match(store.state.errors.at(-1).message, /Could not listen in: Listening in needs the SFU media mode/);
});

test('a refused recording says what happened to the recording, not to the rooms', async () => {
  const { store } = await setup();
  store.meeting.recording = {
    recordingState: 'IDLE',
    start: async () => { throw Object.assign(new Error('meeting m is being recorded already'), { code: 'conflict' }); },
  };
  const r = await store.toggleRecording();
  assert.equal(r.ok, false);
  const msg = store.state.errors.at(-1).message;
  assert.match(msg, /^Could not start the recording: The recording changed at the same moment/);
  assert.doesNotMatch(msg, /rooms/);
});
