// Fault under load (issue 16): a client that stops reading. The real rtk-server on loopback;
// one participant (slow) pauses its socket while a peer relays 160 MiB of rtc.offer frames to
// it. The server must cut the slow one off (close 1008, log ws_slow_consumer) once its queue
// passes the 64 MiB cap, without its resident memory growing much past that cap, and another
// participant in the same meeting must keep getting answers meanwhile and afterwards.
// Prints the peak RSS growth and the observer's ping round trips.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, setupMeeting, Client } from './harness.mjs';

const CAP = 64 * 1024 * 1024; // net.cpp kMaxQueuedBytes
const SLACK = 48 * 1024 * 1024; // frames in flight, the allocator, the kernel's share
const FRAME_SDP = 'a'.repeat(512 * 1024);
const FRAMES = 320; // 160 MiB: well past cap + slack, so an uncapped queue fails the bound
// Under AddressSanitizer (scripts/test.sh sets RTK_SERVER_SANITIZED for the native-asan server)
// the server is several times slower, and its quarantine keeps freed frames resident: the cut
// and the others' service are checked, the memory bound is printed but not asserted.
const SANITIZED = !!process.env.RTK_SERVER_SANITIZED;
const SLOW = SANITIZED ? 4 : 1;

let s;
before(async () => { s = await startServer(); });
// A failed check must not leave the pinger and the sockets holding the process open.
const cleanup = [];
after(async () => { for (const f of cleanup) f(); await s.stop(); s.cleanup(); });

const rssBytes = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m[1]) * 1024;
};

test('a client that stops reading is cut off at the cap; others are unaffected', async () => {
  const M = await setupMeeting(s, { participants: [{ name: 'slow' }, { name: 'talker' }, { name: 'observer' }] });
  const slow = await Client.open(s.wsUrl(M.people.slow.token));
  const talker = await Client.open(s.wsUrl(M.people.talker.token));
  const observer = await Client.open(s.wsUrl(M.people.observer.token));
  await observer.request('session.ping');
  const baseline = rssBytes(s.proc.pid);
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, rssBytes(s.proc.pid)); }, 20);
  let done = false;
  cleanup.push(() => { done = true; clearInterval(sampler); for (const c of [slow, talker, observer]) c.ws.terminate(); });

  slow.ws._socket.pause(); // stops reading: the kernel buffers fill, then the server's queue
  const pings = [];
  const pinger = (async () => {
    for (let i = 0; i < 40 && !done; ++i) {
      const t0 = Date.now();
      const r = await observer.request('session.ping', {}, 10000 * SLOW);
      assert.ok(r.data, `observer ping ${i}: ${JSON.stringify(r)}`);
      pings.push(Date.now() - t0);
      await new Promise((res) => setTimeout(res, 25));
    }
  })();
  for (let i = 0; i < FRAMES; ++i) {
    talker.send({ v: 1, type: 'rtc.offer', data: { to: M.people.slow.id, sdp: FRAME_SDP } });
    // Let the talker's own socket drain now and then so this loop measures the server, not ws.
    if (i % 16 === 15) await new Promise((res) => setTimeout(res, 1));
  }
  const cut = await s.waitForLine((l) => l.event === 'ws_slow_consumer' && l.participant_id === M.people.slow.id, 30000 * SLOW);
  await pinger;
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(s.proc.pid));

  slow.ws._socket.resume();
  const closed = await slow.closed;
  assert.equal(closed.code, 1008, 'the slow consumer is closed with 1008 (policy violation)');
  assert.ok(cut.queued_bytes > CAP, `cut off above the cap (${cut.queued_bytes})`);

  // Everyone else still works: the talker's and the observer's sockets are open and answer.
  // (The talker's own frames are still queued behind its 160 MiB of offers under ASan.)
  const chat = await talker.request('chat.send', { text: 'still here' }, 5000 * SLOW);
  assert.ok(chat.data, JSON.stringify(chat));
  const got = await observer.next((m) => m.type === 'chat.message' && m.data.message.text === 'still here', 5000 * SLOW);
  assert.equal(got.data.message.participant_id, M.people.talker.id);

  const growth = peak - baseline;
  const sorted = [...pings].sort((a, b) => a - b);
  console.log(`[faults] slow consumer: cut at ${cut.queued_bytes} queued bytes; server RSS ${Math.round(baseline / 1048576)} MiB -> peak ${Math.round(peak / 1048576)} MiB (growth ${Math.round(growth / 1048576)} MiB, bound ${Math.round((CAP + SLACK) / 1048576)} MiB); observer ping p50 ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted[sorted.length - 1]} ms over ${pings.length}`);
  if (SANITIZED) console.log('[faults] slow consumer: the RSS bound is not asserted under AddressSanitizer (its quarantine holds freed memory)');
  else assert.ok(growth < CAP + SLACK, `server RSS grew ${growth} bytes, more than the cap plus slack`);
  talker.close();
  observer.close();
});
