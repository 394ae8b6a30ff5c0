// Unit tests of the JS facade with a fake native runtime (no wasm, no browser): the safe
// emitter, the meetingChanged delivery rule, request settling and init() errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import RealtimeKitClient, { RtkError, setModuleFactory } from '../src/client.js';
import { SafeEmitter, setListenerErrorReporter } from '../src/emitter.js';

const TOKEN = ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify({ meetingId: 'm0', participantId: 'p1' })).toString('base64url'), 'sig'].join('.');

function snapshot(meetingId, roomJoined) {
  return {
    meetingId, meetingTitle: 'T' + meetingId, isParent: meetingId === 'm0', roomState: roomJoined ? 'joined' : 'init',
    socketState: { state: 'connected', reconnected: false },
    self: { id: 'p1', userId: 'p1', name: 'P', customParticipantId: 'c', presetName: 'x', permissions: {}, audioEnabled: true, videoEnabled: true, roomJoined, roomState: roomJoined ? 'joined' : 'init' },
    participants: [], chat: [], polls: [], connectedMeetings: { parentMeeting: null, meetings: [] },
  };
}

let last;
class FakeRuntime {
  constructor(cfg, listener, mediaListener) {
    this.cfg = JSON.parse(cfg);
    this.l = listener;
    this.media = mediaListener;
    this.next = 0;
    this.calls = [];
    last = this;
  }
  emit(name, payload) { this.l(name, JSON.stringify(payload)); }
  startMedia() { queueMicrotask(() => this.emit('localMediaReady', { audio: true, video: true })); }
  call(method, args) {
    const id = ++this.next;
    this.calls.push([method, JSON.parse(args)]);
    if (method === 'join') {
      this.emit('roomJoined', { reconnected: false, meeting: snapshot('m0', true) });
      this.emit('requestResolved', { requestId: id, data: null });
    } else if (method === 'leave') {
      this.emit('roomLeft', { state: 'left' });
      this.emit('requestResolved', { requestId: id, data: null });
    } else if (method === 'createMeetings') {
      this.emit('requestRejected', { requestId: id, code: 'permission_denied', message: 'no' }); // synchronous
    }
    return id;
  }
  snapshot() { return JSON.stringify(snapshot('m0', false)); }
  peerConnection() { return null; }
  delete() { this.deleted = (this.deleted || 0) + 1; }
  peers() { return '[]'; }
  localStream() { return null; }
  // like wasm/runtime.cpp: "" and a "localTrack" notification later, or why not
  setDevice(kind, id) {
    if (this.refuse) return this.refuse;
    this.devices = [...(this.devices ?? []), [kind, id]];
    queueMicrotask(() => this.media('localTrack', '', kind, { kind, id }));
    return '';
  }
}
// The event list the real module declares (rtk/client/outputs.hpp); the fake emits only these.
const EVENTS = ['localMediaReady', 'roomJoined', 'roomLeft', 'requestResolved', 'requestRejected', 'meetingChanged',
  'changingMeeting', 'stateUpdate', 'selfPermissionsUpdate', 'error', 'socketConnectionUpdate', 'participantJoined',
  'breakoutTimerUpdate', 'breakoutTimerWarning', 'selfAudioUpdate', 'selfVideoUpdate'];
const eventTable = () => JSON.stringify(EVENTS.map((name) => ({ name, target: 'client', publicName: name })));
setModuleFactory(async () => ({ Runtime: FakeRuntime, eventTable }));

function mockFetch(impl) {
  globalThis.fetch = impl;
}
const okFetch = async () => new Response(JSON.stringify({ success: true, data: {} }), { status: 200 });

test('a throwing listener is reported and the others still run', () => {
  const reported = [];
  setListenerErrorReporter((e, ev) => reported.push([ev, e.message]));
  const em = new SafeEmitter();
  const got = [];
  em.on('x', () => { throw new Error('boom'); });
  em.on('x', (v) => got.push(v));
  em.on('*', (name, v) => got.push(name + v));
  em.emit('x', 1);
  assert.deepEqual(got, [1, 'x1']);
  assert.deepEqual(reported, [['x', 'boom']]);
});

test('init passes baseURI and defaults to the runtime and joins', async () => {
  mockFetch(okFetch);
  const meeting = await RealtimeKitClient.init({ authToken: TOKEN, baseURI: 'rtk.example:9000', defaults: { audio: false } });
  assert.equal(last.cfg.url, `ws://rtk.example:9000/v2/ws?authToken=${encodeURIComponent(TOKEN)}`);
  assert.equal(last.cfg.audio, false);
  assert.equal(last.cfg.video, true);
  assert.equal(meeting.meta.meetingId, 'm0');
  assert.equal(meeting.self.userId, 'p1');
  let joined = 0;
  meeting.self.on('roomJoined', () => joined++);
  await meeting.join();
  assert.equal(joined, 1);
  assert.equal(meeting.self.roomJoined, true);
});

test('a request rejected synchronously still rejects its promise with the code', async () => {
  mockFetch(okFetch);
  const meeting = await RealtimeKitClient.init({ authToken: TOKEN });
  await meeting.join();
  await assert.rejects(meeting.connectedMeetings.createMeetings([{ title: 'x' }]), (e) => e instanceof RtkError && e.code === 'permission_denied');
});

test('meetingChanged reaches an app that never re-registers, and once an app that does', async () => {
  mockFetch(okFetch);
  const never = await RealtimeKitClient.init({ authToken: TOKEN });
  const rtNever = last;
  await never.join();
  const seenNever = [];
  never.connectedMeetings.on('meetingChanged', (m) => seenNever.push(m.meta.meetingId));

  const rebinding = await RealtimeKitClient.init({ authToken: TOKEN });
  const rtRebind = last;
  await rebinding.join();
  const seenRebind = [];
  const onChange = (m) => {
    seenRebind.push(m.meta.meetingId);
    m.connectedMeetings.on('meetingChanged', (n) => onChange(n)); // a new closure each time
  };
  rebinding.connectedMeetings.on('meetingChanged', onChange);

  for (const rt of [rtNever, rtRebind])
    for (const dest of ['m1', 'm2', 'm0']) {
      rt.emit('changingMeeting', { meetingId: dest });
      rt.emit('roomLeft', { state: 'connected-meeting' });
      rt.emit('meetingChanged', { meeting: snapshot(dest, true) });
    }
  assert.deepEqual(seenNever, ['m1', 'm2', 'm0']);
  assert.deepEqual(seenRebind, ['m1', 'm2', 'm0']);
});

test('the breakout countdown uses the server deadline on the server clock, not the local clock', async () => {
  mockFetch(okFetch);
  const meeting = await RealtimeKitClient.init({ authToken: TOKEN });
  const rt = last;
  await meeting.join();
  const cm = meeting.connectedMeetings;
  assert.equal(cm.timer, null);
  assert.equal(cm.remainingMs(), null);
  const updates = [];
  const warnings = [];
  cm.on('timerUpdate', (t, reason) => updates.push([t, reason]));
  cm.on('timerWarning', (w) => warnings.push(w));
  // The local clock is 10 minutes fast: the server says it is 1,000,000 and the rooms close at
  // 1,300,000, so 300 s remain whatever Date.now() says.
  const realNow = Date.now;
  const local = 1_000_000 + 600_000;
  Date.now = () => local;
  try {
    rt.emit('breakoutTimerUpdate', { timer: { deadlineMs: 1_300_000, graceMs: 60_000, warned: false }, reason: 'set', serverNowMs: 1_000_000 });
    assert.equal(cm.clockOffsetMs, -600_000);
    assert.equal(cm.remainingMs(), 300_000);
    assert.equal(cm.remainingMs(local + 100_000), 200_000);
    assert.equal(cm.remainingMs(local + 400_000), 0);
    assert.deepEqual(updates, [[{ deadlineMs: 1_300_000, graceMs: 60_000, warned: false }, 'set']]);
    rt.emit('breakoutTimerWarning', { deadlineMs: 1_300_000, graceMs: 60_000, serverNowMs: 1_240_000 });
    assert.deepEqual(warnings, [{ deadlineMs: 1_300_000, graceMs: 60_000, remainingMs: 60_000 }]);
    rt.emit('breakoutTimerUpdate', { timer: null, reason: 'expired', serverNowMs: 1_300_000 });
    assert.equal(cm.timer, null);
    assert.equal(updates.at(-1)[1], 'expired');
  } finally {
    Date.now = realNow;
  }
  // the calls go to the C++ session, which validates them
  cm.extendTimer(60_000);
  cm.setTimer({ durationMs: 120_000, graceMs: 10_000 });
  assert.deepEqual(rt.calls.slice(-2), [['extendBreakoutTimer', [60_000]], ['setBreakoutTimer', [{ durationMs: 120_000, graceMs: 10_000 }]]]);
});

test('init with a refused token rejects with the server code and reason', async () => {
  mockFetch(async () => new Response(JSON.stringify({ success: false, error: { code: 'unauthenticated', message: 'expired', reason: 'token_expired' } }), { status: 401 }));
  await assert.rejects(RealtimeKitClient.init({ authToken: TOKEN }), (e) => e.code === 'unauthenticated' && e.reason === 'token_expired');
  await assert.rejects(RealtimeKitClient.init({ authToken: 'garbage' }), (e) => e instanceof RtkError && e.code === 'unauthenticated');
});

test('init against an unreachable server rejects with unavailable after retries', async () => {
  let attempts = 0;
  mockFetch(async () => { attempts++; throw new TypeError('fetch failed'); });
  await assert.rejects(RealtimeKitClient.init({ authToken: TOKEN }), (e) => e.code === 'unavailable');
  assert.equal(attempts, 4);
});

test('leave() is idempotent, disposes the runtime once, and later calls reject', async () => {
  mockFetch(okFetch);
  const meeting = await RealtimeKitClient.init({ authToken: TOKEN });
  const rt = last;
  await meeting.join();
  await meeting.leave();
  await meeting.leave();
  assert.equal(rt.deleted, 1);
  assert.equal(rt.calls.filter(([m]) => m === 'leave').length, 1);
  await assert.rejects(meeting.chat.sendTextMessage('x'), (e) => e.code === 'unavailable');
});

test('a reload keeps the microphone and camera state (sessionStorage per meeting and participant)', async () => {
  mockFetch(okFetch);
  const store = new Map();
  globalThis.sessionStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) };
  try {
    await RealtimeKitClient.init({ authToken: TOKEN, defaults: { audio: true, video: true } });
    assert.deepEqual([last.cfg.audio, last.cfg.video], [true, true]);
    last.emit('selfAudioUpdate', { audioEnabled: false });
    last.emit('selfVideoUpdate', { videoEnabled: false });
    await RealtimeKitClient.init({ authToken: TOKEN, defaults: { audio: true, video: true } }); // "the reload"
    assert.deepEqual([last.cfg.audio, last.cfg.video], [false, false], 'what was remembered wins over defaults');
    const other = ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify({ meetingId: 'm9', participantId: 'p1' })).toString('base64url'), 'sig'].join('.');
    await RealtimeKitClient.init({ authToken: other, defaults: { audio: true, video: true } });
    assert.deepEqual([last.cfg.audio, last.cfg.video], [true, true], 'another meeting starts from its defaults');
  } finally {
    delete globalThis.sessionStorage;
  }
});

test('setDevice: bad input and a refused kind reject with a code; a switch resolves with deviceUpdate', async () => {
  mockFetch(okFetch);
  const meeting = await RealtimeKitClient.init({ authToken: TOKEN });
  await assert.rejects(meeting.self.setDevice({ deviceId: 'x' }), (e) => e instanceof RtkError && e.code === 'invalid_argument');
  await assert.rejects(meeting.self.setDevice(null), (e) => e instanceof RtkError && e.code === 'invalid_argument');
  const updates = [];
  meeting.self.on('deviceUpdate', (u) => updates.push(u.device.deviceId));
  await meeting.self.setDevice({ kind: 'audioinput', deviceId: 'mic-2' });
  assert.deepEqual(last.devices, [['audio', 'mic-2']]);
  assert.deepEqual(updates, ['mic-2']);
  last.refuse = "this participant's preset may not send video";
  await assert.rejects(meeting.self.setDevice({ kind: 'videoinput', deviceId: 'cam-2' }), (e) => e.code === 'permission_denied' && /may not send video/.test(e.message));
  assert.deepEqual(updates, ['mic-2'], 'no deviceUpdate for a refused switch');
});
