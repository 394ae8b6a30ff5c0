// Media through Janus in real Chromium (fake camera): N pages (RTK_SFU_PAGES, default 6) in
// the parent decode each other's video through the SFU with exactly one publisher and one
// subscriber RTCPeerConnection each; a breakout into two rooms keeps those PC objects, kept
// feeds keep decoding and no feed of the other room arrives (checked in the page and in the
// server's subscriptions); closing the breakout brings everyone back without a new PC.
// Runs inside scripts/netns.sh (scripts/test.sh stage "browser e2e sfu").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeExactly, joinSfuPages, startSfuStack } from './harness.mjs';

const N = Number(process.env.RTK_SFU_PAGES || 6);
const sorted = (a) => [...a].sort();

test(`${N} pages through Janus: one publisher + one subscriber PC each, kept through a breakout and back`, { timeout: 300000 }, async (t) => {
  const { janus, server, browser } = await startSfuStack(t);

  const names = Array.from({ length: N }, (_, i) => `p${i}`);
  const m = await server.meeting('SFU', names.map((n, i) => [n, i === 0 ? 'group_call_host' : 'group_call_participant']));
  const ids = names.map((n) => m.people[n].id);
  const pages = await joinSfuPages(browser, server, m, names);
  const dump = async () => {
    const out = [];
    for (const [i, p] of pages.entries())
      out.push({ i, media: await p.page.evaluate(() => window.sfu.media()), pcs: await p.page.evaluate(() => window.sfu.pcs()), logs: p.logs.slice(-8) });
    return JSON.stringify(out, null, 1).slice(0, 6000) + '\njanus log tail:\n' + janus.log().split('\n').slice(-30).join('\n');
  };
  const serverFeeds = () => {
    const last = {};
    for (const l of server.logs()) if (l.event === 'sfu_subscribed') last[l.participant_id] = sorted(l.feeds);
    return last;
  };
  const decodesExactly = (want, what) => decodeExactly(pages, want, what, dump);
  const pcIdentity = async () => {
    const out = [];
    for (const p of pages) out.push(await p.page.evaluate(() => window.sfu.pcs()));
    return out;
  };

  // ---- everyone in the parent ----
  const everyoneElse = ids.map((id) => ids.filter((x) => x !== id));
  await decodesExactly(everyoneElse, 'every page decodes every other page');
  const pcsBefore = await pcIdentity();
  for (const [i, pcs] of pcsBefore.entries()) {
    assert.equal(pcs.length, 2, `page ${i}: one publisher and one subscriber RTCPeerConnection, got ${JSON.stringify(pcs)}`);
    for (const pc of pcs) assert.equal(pc.state, 'connected', `page ${i}: ${JSON.stringify(pcs)}`);
  }
  const ice = await pages[0].page.evaluate(() => window.sfu.iceServers());
  assert.deepEqual(ice.map((s) => s.urls).flat(), ['stun:127.0.0.2:3478'], '--ice-servers reach the RTCPeerConnection');
  const sf = serverFeeds();
  for (const [i, id] of ids.entries()) assert.deepEqual(sf[id], sorted(everyoneElse[i]), `server subscriptions of page ${i}`);

  // ---- breakout: two rooms ----
  const half = Math.floor(N / 2);
  const roomOf = (i) => (i < half ? 0 : 1);
  const mates = ids.map((id, i) => ids.filter((x, j) => j !== i && roomOf(j) === roomOf(i)));
  // a kept pair, sampled through the switch
  const framesBefore = [];
  for (const p of pages) framesBefore.push(await p.page.evaluate(() => window.sfu.frames()));
  const updatesBefore = server.logs().filter((l) => l.event === 'sfu_update').length;
  const started = await server.api('POST', `/v2/meetings/${m.id}/connected-meetings/start`, {
    meetings: [{ title: 'A' }, { title: 'B' }],
    assignments: ids.map((id, i) => ({ participant_id: id, meeting_index: roomOf(i) })),
  });
  assert.equal(started.status, 201, started.text);
  await decodesExactly(mates, 'each page decodes only its room-mates');
  for (const [i, p] of pages.entries()) {
    const f = await p.page.evaluate(() => window.sfu.frames());
    for (const pid of mates[i]) assert.ok(f[pid] > framesBefore[i][pid], `page ${i}: kept feed ${pid} kept decoding (${framesBefore[i][pid]} -> ${f[pid]})`);
  }
  const updates = server.logs().filter((l) => l.event === 'sfu_update').slice(updatesBefore);
  assert.equal(updates.length, N, `one Janus update per subscriber: ${JSON.stringify(updates)}`);
  for (const u of updates) assert.equal(u.subscribe.length, 0, 'a breakout from the parent only unsubscribes');
  const sf2 = serverFeeds();
  for (const [i, id] of ids.entries()) assert.deepEqual(sf2[id], sorted(mates[i]), `server subscriptions of page ${i} in its room`);
  // the other room's feeds are not decoded any more: their frame counts stand still
  const still1 = [];
  for (const p of pages) still1.push(await p.page.evaluate(() => window.sfu.frames()));
  await new Promise((r) => setTimeout(r, 1500));
  for (const [i, p] of pages.entries()) {
    const f = await p.page.evaluate(() => window.sfu.frames());
    assert.deepEqual(sorted(Object.keys(f)), sorted(mates[i]), `page ${i} decodes only its room-mates`);
    for (const pid of mates[i]) assert.ok(f[pid] > still1[i][pid], `page ${i}: ${pid} still rising`);
  }
  assert.deepEqual(await pcIdentity(), pcsBefore, 'the same two PeerConnections on every page, still connected');

  // ---- close: everyone again ----
  const closed = await server.api('POST', `/v2/meetings/${m.id}/connected-meetings/close`, {});
  assert.equal(closed.status, 200, closed.text);
  await decodesExactly(everyoneElse, 'after close every page decodes every other page again');
  assert.deepEqual(await pcIdentity(), pcsBefore, 'no new PeerConnection after closing the breakout');
  const sf3 = serverFeeds();
  for (const [i, id] of ids.entries()) assert.deepEqual(sf3[id], sorted(everyoneElse[i]), `server subscriptions of page ${i} after close`);
});
