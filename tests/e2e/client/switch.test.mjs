// @openrtk/client in real Chromium against the real rtk-server: the mesh, the room switch
// that keeps media flowing, permissions, closing the breakout, and reload into a room.
// Run: node --test tests/e2e/client/   (needs web/dist built and RTK_SERVER_BIN or a built server)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { launchBrowser, openPage, startServer, waitFor } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const info = (p) => p.page.evaluate(() => T.info());
const call = (p, path, ...args) => p.page.evaluate(([path, args]) => T.call(path, ...args), [path, args]);
const events = (p) => p.page.evaluate(() => T.events);
const rising = (p, peers) => p.page.evaluate((peers) => T.waitFramesRising(peers, 30000), peers);

describe('init and errors', () => {
  test('a malformed or unknown token is an RtkError with a code, not an abort', async () => {
    const p = await openPage(browser, server);
    const r = await p.page.evaluate(async () => {
      const out = [];
      for (const authToken of ['nope', 'eyJhbGciOiJIUzI1NiJ9.eyJtZWV0aW5nSWQiOiJ4In0.c2ln']) {
        try {
          await RealtimeKitClient.init({ authToken });
          out.push('resolved');
        } catch (e) {
          out.push([e.name, e.code]);
        }
      }
      return out;
    });
    assert.deepEqual(r, [['RtkError', 'unauthenticated'], ['RtkError', 'unauthenticated']]);
    await p.context.close();
  });

  test('a call before join() rejects with RtkError unavailable', async () => {
    const m = await server.meeting('Early', [['Solo', 'group_call_participant']]);
    const p = await openPage(browser, server);
    await p.page.evaluate((t) => T.init(t, { join: false }), m.people.Solo.token);
    const r = await call(p, 'connectedMeetings.getConnectedMeetings');
    assert.equal(r.ok, false);
    assert.equal(r.code, 'unavailable');
    await p.context.close();
  });
});

describe('ESM build', () => {
  test('the ES module from a nested path finds its wasm and joins', async () => {
    const m = await server.meeting('Esm', [['E', 'group_call_participant']]);
    const p = await openPage(browser, server);
    const r = await p.page.evaluate(async (token) => {
      const mod = await import('/vendor/openrtk/v1/index.js');
      const meeting = await mod.default.init({ authToken: token, defaults: { audio: false, video: true } });
      await meeting.join();
      const out = { joined: meeting.self.roomJoined, meetingId: meeting.meta.meetingId, audio: meeting.self.audioEnabled, video: meeting.self.videoEnabled, isError: new mod.RtkError('x') instanceof Error };
      await meeting.leave();
      await meeting.leave(); // idempotent
      out.after = meeting.self.roomState;
      out.released = !meeting.self.videoTrack;
      return out;
    }, m.people.E.token);
    assert.deepEqual(r, { joined: true, meetingId: m.id, audio: false, video: true, isError: true, after: 'left', released: true });
    await p.context.close();
  });
});

describe('mesh and room switch', () => {
  let m;
  let A;
  let B;
  let C;
  let rooms;

  before(async () => {
    m = await server.meeting('Group', [
      ['A', 'group_call_host'],
      ['B', 'group_call_participant'],
      ['C', 'group_call_participant'],
    ]);
    [A, B, C] = await Promise.all([openPage(browser, server), openPage(browser, server), openPage(browser, server)]);
    // A re-registers meetingChanged on each new meeting object; B never does.
    await A.page.evaluate((t) => T.init(t, { rebind: true }), m.people.A.token);
    await B.page.evaluate((t) => T.init(t, { rebind: false }), m.people.B.token);
    await C.page.evaluate((t) => T.init(t, { rebind: true }), m.people.C.token);
  });
  after(async () => {
    for (const p of [A, B, C]) await p?.context.close();
  });

  test('three participants in the parent: every pair decodes remote video', async () => {
    const ids = { A: m.people.A.id, B: m.people.B.id, C: m.people.C.id };
    for (const [p, me] of [[A, 'A'], [B, 'B'], [C, 'C']]) {
      const others = Object.entries(ids).filter(([k]) => k !== me).map(([, v]) => v);
      await waitFor(async () => (await info(p)).peers.length === 2, { what: `${me} has two peers` });
      const r = await rising(p, others);
      assert.ok(r.ok, `${me} decodes frames from both peers: ${JSON.stringify(r)}`);
      const i = await info(p);
      assert.deepEqual(i.participants, others.slice().sort());
      assert.equal(i.meetingId, m.id);
    }
  });

  test('host moves A,B to room 1 and C to room 2: the A–B connection is kept and keeps decoding', async () => {
    const { A: a, B: b, C: c } = { A: m.people.A.id, B: m.people.B.id, C: m.people.C.id };
    // C turns its camera off before the switch; everyone's microphone stays on.
    assert.equal((await call(C, 'self.disableVideo')).ok, true);
    const before = { A: await info(A), B: await info(B), C: await info(C) };
    assert.equal(before.C.videoEnabled, false);

    const created = await call(A, 'connectedMeetings.createMeetings', [{ title: 'Room 1' }, { title: 'Room 2' }]);
    assert.equal(created.ok, true, JSON.stringify(created));
    rooms = created.value;
    assert.equal(rooms.length, 2);

    await B.page.evaluate((a) => T.startSampling(a), a);
    await A.page.evaluate((b) => { T.keptBefore = T.meeting.__internals__.peerConnection(b); }, b);
    const moved = await call(A, 'connectedMeetings.moveParticipants', m.id, rooms[0].id, [a, b]);
    assert.deepEqual(moved, { ok: true, value: { success: true } });
    const movedC = await call(A, 'connectedMeetings.moveParticipants', m.id, rooms[1].id, [c]);
    assert.equal(movedC.ok, true);

    for (const [p, dest] of [[A, rooms[0].id], [B, rooms[0].id], [C, rooms[1].id]])
      await waitFor(async () => (await info(p)).meetingId === dest, { what: `arrival in ${dest}` });

    // A and B each saw changingMeeting then meetingChanged, exactly once.
    for (const p of [A, B]) {
      const ev = (await events(p)).filter((e) => e[0] !== 'roomLeft');
      assert.deepEqual(ev, [['changingMeeting', rooms[0].id], ['meetingChanged', rooms[0].id]]);
      assert.ok((await events(p)).some((e) => e[0] === 'roomLeft' && e[1] === 'connected-meeting'));
    }
    // The A–B RTCPeerConnection is the same object, and B's decoded frames from A kept rising.
    const same = await A.page.evaluate((b) => T.keptBefore === T.meeting.__internals__.peerConnection(b), b);
    assert.equal(same, true, 'A–B peer connection is the same object');
    const sameB = await B.page.evaluate((a) => T.keptPc === T.meeting.__internals__.peerConnection(a), a);
    assert.equal(sameB, true);
    await B.page.evaluate(() => new Promise((r) => setTimeout(r, 1500)));
    const samples = await B.page.evaluate(() => T.stopSampling());
    assert.ok(samples.length > 3);
    assert.ok(samples.every((s) => s[2] === 'connected'), 'kept connection stayed connected');
    assert.ok(samples[samples.length - 1][1] > samples[0][1], `frames rose: ${samples[0][1]} -> ${samples.at(-1)[1]}`);

    // Nobody sees anyone from another room; C is alone.
    const ia = await info(A);
    const ib = await info(B);
    const ic = await info(C);
    assert.deepEqual(ia.participants, [b]);
    assert.deepEqual(ia.peers, [b]);
    assert.deepEqual(ib.participants, [a]);
    assert.deepEqual(ib.peers, [a]);
    assert.deepEqual(ic.participants, []);
    assert.deepEqual(ic.peers, []);
    assert.equal(ic.isParent, false);

    // Video off stays off (the camera stays released: the same stopped track), microphone on
    // stays on with the same live track: a switch never changes the devices' state.
    assert.equal(ic.videoEnabled, false);
    assert.equal(ic.audioEnabled, true);
    assert.equal(ic.videoTrack.id, before.C.videoTrack.id);
    assert.equal(ic.videoTrack.state, 'ended');
    assert.equal(ic.audioTrack.id, before.C.audioTrack.id);
    assert.equal(ic.audioTrack.enabled, true);
    for (const [x, bx] of [[ia, before.A], [ib, before.B]]) {
      assert.equal(x.audioEnabled, true);
      assert.equal(x.videoEnabled, true);
      assert.equal(x.videoTrack.id, bx.videoTrack.id);
      assert.equal(x.videoTrack.state, 'live');
    }
    const r = await rising(A, [b]);
    assert.ok(r.ok, JSON.stringify(r));
  });

  test('a participant preset gets permission_denied for createMeetings and for moving someone else', async () => {
    const a = m.people.A.id;
    const c = m.people.C.id;
    const r1 = await call(C, 'connectedMeetings.createMeetings', [{ title: 'Mine' }]);
    assert.equal(r1.ok, false);
    assert.equal(r1.name, 'RtkError');
    assert.equal(r1.code, 'permission_denied');
    const r2 = await call(C, 'connectedMeetings.moveParticipants', rooms[0].id, rooms[1].id, [a]);
    assert.equal(r2.ok, false);
    assert.equal(r2.code, 'permission_denied');
    assert.equal((await info(A)).meetingId, rooms[0].id, 'A was not moved');
    // ...but it may move itself back to the parent.
    const r3 = await call(C, 'connectedMeetings.moveParticipants', rooms[1].id, m.id, [c]);
    assert.equal(r3.ok, true, JSON.stringify(r3));
    await waitFor(async () => (await info(C)).meetingId === m.id, { what: 'C back in the parent' });
    assert.equal((await info(C)).isParent, true);
  });

  test('closing the breakout returns everyone to the parent with media between all pairs', async () => {
    const ids = { A: m.people.A.id, B: m.people.B.id, C: m.people.C.id };
    assert.equal((await call(C, 'self.enableVideo')).ok, true);
    const closed = await call(A, 'connectedMeetings.closeBreakout');
    assert.equal(closed.ok, true, JSON.stringify(closed));
    for (const [p, me] of [[A, 'A'], [B, 'B'], [C, 'C']]) {
      const others = Object.entries(ids).filter(([k]) => k !== me).map(([, v]) => v).sort();
      await waitFor(async () => {
        const i = await info(p);
        return i.meetingId === m.id && i.peers.length === 2 && i.rooms.length === 0;
      }, { what: `${me} back in the parent with two peers` });
      assert.deepEqual((await info(p)).participants, others);
      const r = await rising(p, others);
      assert.ok(r.ok, `${me}: ${JSON.stringify(r)}`);
    }
    // B never re-registered meetingChanged, A did: each heard every switch exactly once.
    const countA = (await events(A)).filter((e) => e[0] === 'meetingChanged').length;
    const countB = (await events(B)).filter((e) => e[0] === 'meetingChanged').length;
    assert.equal(countA, 2);
    assert.equal(countB, 2);
  });
});

describe('reload', () => {
  test('a page reloaded while in a room lands back in that room', async () => {
    const m = await server.meeting('Reload', [['H', 'group_call_host'], ['P', 'group_call_participant']]);
    const H = await openPage(browser, server);
    const P = await openPage(browser, server);
    await H.page.evaluate((t) => T.init(t), m.people.H.token);
    await P.page.evaluate((t) => T.init(t), m.people.P.token);
    const created = await call(H, 'connectedMeetings.createMeetings', [{ title: 'Side room' }]);
    assert.equal(created.ok, true);
    const room = created.value[0].id;
    assert.equal((await call(H, 'connectedMeetings.moveParticipants', m.id, room, [m.people.P.id])).ok, true);
    await waitFor(async () => (await info(P)).meetingId === room, { what: 'P in the room' });
    await P.page.reload();
    await P.page.waitForFunction(() => typeof window.RealtimeKitClient === 'function' && window.T);
    const i = await P.page.evaluate((t) => T.init(t), m.people.P.token);
    assert.equal(i.meetingId, room);
    assert.equal(i.isParent, false);
    assert.equal(i.roomJoined, true);
    // H sees P in the room in the group state.
    await waitFor(async () => {
      const h = await info(H);
      const r = h.rooms.find((x) => x.id === room);
      return r && r.participants.includes(m.people.P.id);
    }, { what: 'group state shows P in the room' });
    await H.context.close();
    await P.context.close();
  });
});

describe('reconnect', () => {
  test('after a server restart the client reconnects into its assigned room and media flows again', async () => {
    const m = await server.meeting('Restart', [['H', 'group_call_host'], ['P', 'group_call_participant'], ['Q', 'group_call_participant']]);
    const [H, P, Q] = [await openPage(browser, server), await openPage(browser, server), await openPage(browser, server)];
    for (const [p, n] of [[H, 'H'], [P, 'P'], [Q, 'Q']]) await p.page.evaluate((t) => T.init(t), m.people[n].token);
    const created = await call(H, 'connectedMeetings.createMeetings', [{ title: 'Kept room' }]);
    const room = created.value[0].id;
    assert.equal((await call(H, 'connectedMeetings.moveParticipants', m.id, room, [m.people.P.id, m.people.Q.id])).ok, true);
    await waitFor(async () => (await info(P)).meetingId === room && (await info(P)).peers.length === 1, { what: 'P in the room with Q' });
    await P.page.evaluate(() => {
      T.sockets = [];
      T.meeting.meta.on('socketConnectionUpdate', (s) => T.sockets.push(s.state));
    });
    await server.restart(300);
    await waitFor(async () => (await P.page.evaluate(() => T.sockets)).includes('connected'), { timeout: 30000, what: 'P reconnected' });
    const states = await P.page.evaluate(() => T.sockets);
    assert.ok(states.includes('reconnecting'), JSON.stringify(states));
    await waitFor(async () => (await info(P)).peers.length === 1, { timeout: 30000, what: 'P has its peer again' });
    const i = await info(P);
    assert.equal(i.meetingId, room);
    assert.deepEqual(i.participants, [m.people.Q.id]);
    const r = await rising(P, [m.people.Q.id]);
    assert.ok(r.ok, JSON.stringify(r));
    for (const p of [H, P, Q]) await p.context.close();
  });
});
