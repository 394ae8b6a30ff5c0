// docs/rtk-compat.md cannot drift from the SDK: every member its tables list (RealtimeKit
// 2.0.2's A.1-A.3 surface) exists on a meeting object built on a fake native runtime, and
// web/index.d.ts declares it; every action listed "not available" rejects with
// RtkError('not_available') (never undefined, never a silent success) and is no unhandled
// rejection when nobody awaits it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import RealtimeKitClient, { setModuleFactory } from '../src/client.js';

const doc = readFileSync(new URL('../../docs/rtk-compat.md', import.meta.url), 'utf8');
const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
const TOKEN = ['eyJhbGciOiJIUzI1NiJ9', Buffer.from(JSON.stringify({ meetingId: 'm0', participantId: 'p1' })).toString('base64url'), 'sig'].join('.');

// rows: | `ns.member` | status | notes |  (event rows name an event: "`self` event `roomJoined`")
const rows = [...doc.matchAll(/^\| `([^`]+)`( event `[^`]+`)? \| (supported|differs|not available) \|/gm)]
  .map((m) => ({ name: m[1], event: !!m[2], status: m[3] }));

const snapshot = (joined) => ({
  meetingId: 'm0', meetingTitle: 'T', isParent: true, roomState: joined ? 'joined' : 'init', socketState: { state: 'connected', reconnected: false },
  self: { id: 'p1', userId: 'p1', name: 'P', customParticipantId: 'c', presetName: 'x', permissions: {}, audioEnabled: true, videoEnabled: true, roomJoined: joined, roomState: joined ? 'joined' : 'init' },
  participants: [{ id: 'p2', userId: 'p2', name: 'Q', customParticipantId: 'c2', presetName: 'x', audioEnabled: true, videoEnabled: false }],
  chat: [], polls: [], connectedMeetings: { parentMeeting: null, meetings: [] },
});
class FakeRuntime {
  constructor(cfg, listener) { this.l = listener; this.n = 0; }
  startMedia() { queueMicrotask(() => this.l('localMediaReady', JSON.stringify({ audio: true, video: true }))); }
  call() { return ++this.n; }
  snapshot() { return JSON.stringify(snapshot(false)); }
  localStream() { return null; }
  delete() {}
}
setModuleFactory(async () => ({ Runtime: FakeRuntime, eventTable: () => JSON.stringify(['localMediaReady'].map((name) => ({ name }))) }));
globalThis.fetch = async () => new Response(JSON.stringify({ success: true, data: {} }), { status: 200 });

test('docs/rtk-compat.md lists RealtimeKit 2.0.2 members, each present on the meeting object and in index.d.ts', async () => {
  assert.ok(rows.length > 200, `rows parsed: ${rows.length}`);
  const meeting = await RealtimeKitClient.init({ authToken: TOKEN });
  const participant = meeting.participants.joined.get('p2');
  assert.ok(participant, 'a participant from the snapshot');
  const rootOf = { RealtimeKitClient, participant, self: meeting.self };
  const missing = [];
  const undeclared = [];
  for (const r of rows.filter((x) => !x.event)) {
    const [head, ...rest] = r.name.split('.');
    let obj = head in rootOf ? rootOf[head] : meeting;
    const path = head in rootOf ? rest : [head, ...rest];
    for (const [i, k] of path.entries()) {
      if (obj == null || !(k in Object(obj))) {
        missing.push(r.name);
        break;
      }
      if (i < path.length - 1) obj = obj[k];
    }
    const last = r.name.split('.').pop();
    if (!new RegExp(`\\b${last.replace(/[$]/g, '\\$&')}\\??[(:<]`).test(dts)) undeclared.push(r.name);
  }
  assert.deepEqual(missing, [], 'members missing on the meeting object');
  assert.deepEqual(undeclared, [], 'members not declared in web/index.d.ts');
});

test('every "not available" action rejects with RtkError not_available and is no unhandled rejection', async () => {
  const meeting = await RealtimeKitClient.init({ authToken: TOKEN });
  const participant = meeting.participants.joined.get('p2');
  const unhandled = [];
  const onUnhandled = (e) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  const rootOf = { RealtimeKitClient, participant, self: meeting.self };
  const fired = [];
  try {
    for (const r of rows.filter((x) => !x.event && x.status === 'not available')) {
      const parts = r.name.split('.');
      const holder = parts.slice(0, -1).reduce((o, k, i) => (i === 0 && k in rootOf ? rootOf[k] : o[k]), meeting);
      const fn = holder[parts.at(-1)];
      if (typeof fn !== 'function') continue; // a state (idle/empty), not an action
      fired.push([r.name, fn.call(holder)]); // fired without awaiting, as Cloudflare's UI kit does
    }
    await new Promise((res) => setTimeout(res, 50)); // an unhandled rejection would be reported by now
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  for (const [name, p] of fired)
    await assert.rejects(p, (e) => e.name === 'RtkError' && e.code === 'not_available' && /not available in OpenRTK/.test(e.message), name);
  const checked = fired;
  assert.ok(checked.length > 40, `actions checked: ${checked.length}`);
  assert.deepEqual(unhandled, []);
});
