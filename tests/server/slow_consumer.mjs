// The use-after-free of issue 9, as a reproduction against the real server (ctest runs it
// against each preset's rtk-server, so under native-asan an invalid read aborts the server and
// this script fails): a client that stops reading while large frames are queued and in flight,
// then a client that closes abruptly in the middle of a large room.joined. The server must cut
// the slow client off at its queue cap, keep serving everyone else and exit cleanly on SIGTERM.
// Usage: RTK_SERVER_BIN=path node tests/server/slow_consumer.mjs
import assert from 'node:assert/strict';
import { startServer, setupMeeting, Client } from './harness.mjs';

const s = await startServer({ args: ['--rate-limit', '100000', '--rate-burst', '100000'] });
let failed = false;
try {
  const people = [{ name: 'writer', preset: 'group_call_host' }, { name: 'slow' }, { name: 'calm' }, { name: 'abrupt' }];
  for (let i = 0; i < 150; i++) people.push({ name: `n${i}-${'x'.repeat(240)}`.slice(0, 250), custom: `n${i}` });
  const M = await setupMeeting(s, { participants: people });
  const writer = await Client.open(s.wsUrl(M.people.writer.token));
  // a chat full of the longest messages: every chat.history reply is ~200 KB
  for (let i = 0; i < 120; i++) writer.send({ v: 1, id: `c${i}`, type: 'chat.send', data: { text: 'y'.repeat(4000) } });
  await writer.next((m) => m.id === 'c119', 20000, 'last chat reply');

  // 1. A consumer that stops reading: ~400 requests whose replies total ~80 MB (> the 64 MB cap).
  const slow = await Client.open(s.wsUrl(M.people.slow.token));
  const calm = await Client.open(s.wsUrl(M.people.calm.token));
  slow.ws._socket.pause();
  for (let i = 0; i < 400; i++) slow.send({ v: 1, id: `h${i}`, type: 'chat.history', data: { limit: 50 } });
  const cut = await s.waitForLine((l) => l.event === 'ws_slow_consumer', 30000);
  console.log(`slow consumer cut off with ${cut.queued_bytes} bytes queued`);
  // reading again lets the frame that was in flight finish: it must still be alive
  slow.ws._socket.resume();
  const closed = await slow.closed;
  assert.equal(closed.code, 1008, 'cut off with policy violation after the in-flight frame');
  // others are unaffected
  for (let i = 0; i < 5; i++) assert.ok((await calm.request('session.ping')).data.time_ms > 0);

  // 2. Clients that vanish (TCP reset) while their large room.joined is being written.
  for (let round = 0; round < 20; round++) {
    const c = new Client(s.wsUrl(M.people.abrupt.token));
    await new Promise((res) => c.ws.once('open', res));
    c.ws._socket.destroy();
  }
  // 3. And clients that stop reading and then reset.
  for (let round = 0; round < 5; round++) {
    const c = await Client.open(s.wsUrl(M.people.abrupt.token));
    c.ws._socket.pause();
    for (let i = 0; i < 50; i++) c.send({ v: 1, id: `a${i}`, type: 'chat.history', data: { limit: 50 } });
    await new Promise((r) => setTimeout(r, 50));
    c.ws._socket.destroy();
  }
  assert.ok((await calm.request('session.ping')).data.time_ms > 0);
  const st = (await s.api('GET', `/v2/meetings/${M.meetingId}/active-session`)).json.data;
  assert.equal(st.live_participants, 2, 'writer and calm remain; the cut-off and vanished clients left');
  await Promise.all([writer.close(), calm.close()]);
} catch (e) {
  failed = true;
  console.error(e);
}
const exit = await s.stop();
if (exit.code !== 0) {
  failed = true;
  console.error(`rtk-server exited ${JSON.stringify(exit)}\n${s.stderr().slice(-4000)}`);
}
s.cleanup();
console.log(failed ? 'slow consumer: FAILED' : 'slow consumer: passed');
process.exit(failed ? 1 : 0);
