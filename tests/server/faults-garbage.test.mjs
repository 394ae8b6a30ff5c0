// Fault under load (issue 16): a flood of garbage from many sockets at once. The real
// rtk-server on loopback; 40 authenticated WebSockets send malformed frames (bad JSON, wrong
// types, unknown types, deep nesting, binary frames, server-only types), 20 raw TCP sockets
// send bytes that are not HTTP, 20 more send broken upgrade requests, and one socket sends an
// oversized frame. Each malformed frame gets an error reply with a stable code, nothing
// crashes, and a well-behaved participant's pings keep being answered during and after the
// flood. Prints the counts and the good client's ping round trips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { startServer, setupMeeting, Client } from './harness.mjs';

let s;
before(async () => { s = await startServer({ args: ['--rate-limit', '100000', '--rate-burst', '100000'] }); });
after(async () => { await s.stop(); s.cleanup(); });

const SOCKETS = 40;
const FRAMES_PER_SOCKET = 200;

function garbage(i) {
  switch (i % 10) {
    case 0: return randomBytes(1 + (i % 300)).toString('latin1');
    case 1: return '{"v":1,"type":"chat.send","data":{"text":';
    case 2: return JSON.stringify({ v: 1, id: `g${i}`, type: 'no.such.type', data: {} });
    case 3: return JSON.stringify({ v: 1, id: `g${i}`, type: 'connected_meetings.move', data: { source_meeting_id: 7 } });
    case 4: return '['.repeat(5000) + ']'.repeat(5000);
    case 5: return JSON.stringify({ v: 2, type: 'session.ping' });
    case 6: return JSON.stringify({ v: 1, id: `g${i}`, type: 'room.joined', data: {} });
    case 7: return JSON.stringify({ v: 1, id: 'x'.repeat(4096), type: 'session.ping', data: {} });
    case 8: return Buffer.from(randomBytes(64)); // a binary frame
    default: return JSON.stringify({ v: 1, id: `g${i}`, type: 'chat.send', data: { text: 5 } });
  }
}

// Sends bytes, half-closes after 50 ms and resolves when the server has closed its side too;
// 'timeout' (with what arrived and when the socket connected) when it did not within 10 s.
function rawSocket(port, bytes) {
  const t0 = Date.now();
  return new Promise((res) => {
    let data = '';
    let connectedAt = -1;
    const c = connect(port, '127.0.0.1', () => {
      connectedAt = Date.now() - t0;
      c.write(bytes);
      setTimeout(() => c.end(), 50);
    });
    c.on('data', (d) => { data += d.toString('latin1'); });
    c.on('error', () => res('error'));
    c.on('close', () => res('closed'));
    c.setTimeout(10000, () => {
      c.destroy();
      res(`timeout (connected after ${connectedAt} ms, got ${JSON.stringify(data.slice(0, 60))})`);
    });
  });
}

test('garbage frames from many sockets: error replies, no crash, others unaffected', async () => {
  const names = Array.from({ length: SOCKETS }, (_, i) => ({ name: `g${i}` }));
  const M = await setupMeeting(s, { participants: [{ name: 'good' }, { name: 'quiet' }, ...names] });
  const good = await Client.open(s.wsUrl(M.people.good.token));
  const bad = await Promise.all(names.map((p) => Client.open(s.wsUrl(M.people[p.name].token))));

  const pings = [];
  let flooding = true;
  const pinger = (async () => {
    while (flooding || pings.length < 10) {
      const t0 = Date.now();
      const r = await good.request('session.ping', {}, 10000);
      assert.ok(r.data, JSON.stringify(r));
      pings.push(Date.now() - t0);
      await new Promise((res) => setTimeout(res, 20));
    }
  })();

  let sent = 0;
  for (let k = 0; k < FRAMES_PER_SOCKET; ++k) {
    for (const c of bad) { c.send(garbage(k * SOCKETS + bad.indexOf(c))); ++sent; }
    if (k % 10 === 9) await new Promise((res) => setTimeout(res, 1));
  }
  const raw = [];
  for (let i = 0; i < 20; ++i) raw.push(rawSocket(s.port, randomBytes(200 + i * 37)));
  for (let i = 0; i < 20; ++i) {
    raw.push(rawSocket(s.port, `GET /v2/ws?authToken=${'%zz'.repeat(i)} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${'A'.repeat(i)}\r\n\r\n`));
  }
  const rawResults = await Promise.all(raw);

  // An oversized frame (over the 1 MiB limit) closes only its own socket, and the server logs
  // ws_frame_too_big. The close code should be 1009, but the client gets 1006 (no close frame)
  // in about one run in five, on a quiet socket as on a flooded one. Likely cause: net.cpp
  // closes the TCP connection with the rest of the oversized frame unread, the kernel answers
  // with a reset and the close frame is lost. A server bug (reported with issue 16); until it is
  // fixed this test checks the containment, prints the codes, and does not claim 1009.
  const quiet = await Client.open(s.wsUrl(M.people.quiet.token));
  quiet.send('x'.repeat(1024 * 1024 + 10));
  const quietClosed = await quiet.closed;
  const big = bad[0];
  big.send('x'.repeat(1024 * 1024 + 10));
  const bigClosed = await big.closed;
  for (const who of ['quiet', 'g0'])
    await s.waitForLine((l) => l.event === 'ws_frame_too_big' && l.participant_id === M.people[who].id);

  // Every garbage frame on the other sockets is answered with a stable error code.
  const codes = {};
  for (const c of bad.slice(1)) {
    await c.request('session.ping', {}, 20000); // all earlier replies arrived before this one
    for (const m of c.messages) if (m.error) codes[m.error.code] = (codes[m.error.code] ?? 0) + 1;
  }
  flooding = false;
  await pinger;

  const errors = Object.values(codes).reduce((a, b) => a + b, 0);
  const sorted = [...pings].sort((a, b) => a - b);
  console.log(`[faults] garbage flood: ${sent} frames from ${SOCKETS} sockets + ${raw.length} raw TCP sockets; error replies ${JSON.stringify(codes)}; oversized frame closed ${quietClosed.code} (quiet socket), ${bigClosed.code} (flooded socket); good client ping p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms over ${pings.length}`);
  for (const c of [quietClosed, bigClosed]) assert.ok([1009, 1006].includes(c.code), `closed with ${c.code}`);
  assert.equal(errors, FRAMES_PER_SOCKET * (SOCKETS - 1), 'one error reply per garbage frame');
  assert.deepEqual(Object.keys(codes).sort(), ['invalid_argument']);
  assert.ok(rawResults.every((r) => !r.startsWith('timeout')), `raw sockets: ${rawResults.join('; ')}`);
  assert.equal(s.proc.exitCode, null, 'server still running');
  // Still fully working after the flood.
  const r = await good.request('chat.send', { text: 'after the flood' });
  assert.ok(r.data, JSON.stringify(r));
  for (const c of bad.slice(1)) c.close();
  good.close();
});
