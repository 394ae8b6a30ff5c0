// Host listen-in from the UI kit (issue 12) in real Chromium through real Janus: the host stays
// in the main room, opens the live Breakout Rooms dialog and clicks "Listen" on Room A; its
// subscriber then decodes the video of Room A's participants (not Room B's), Room A's
// participants see "Hana Host is listening" (Room B's do not), the host is still in the main room
// and still publishing there; "Stop listening" removes the feeds and the indicator. A participant
// preset that tries to listen gets permission_denied. Runs inside scripts/netns.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../client/harness.mjs';
import { roomHeading } from '../ui/harness.mjs';
import { startSfuStack, uiKitPage } from './harness.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PAGE = uiKitPage('OpenRTK listen-in e2e');

// framesDecoded per participant on the subscriber PC (m-line -> participant from the SDK).
const frames = (page) => page.evaluate(async () => {
  const m = window.meeting.__internals__.media();
  const pc = window.meeting.__internals__.peerConnection('~subscriber');
  const out = {};
  if (!pc || !m) return out;
  const byMid = {};
  for (const s of m.streams) if (s.kind === 'video') byMid[s.mid] = s.active ? s.participantId : null;
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video' && byMid[r.mid]) out[byMid[r.mid]] = (out[byMid[r.mid]] || 0) + (r.framesDecoded || 0);
  });
  return out;
});
const feeds = (page) => page.evaluate(() => window.meeting.__internals__.media()?.feeds ?? []);

test('a host listens in to a breakout room from the UI without leaving the main room', { timeout: 150000 }, async (t) => {
  const { server, browser } = await startSfuStack(t, { staticFiles: { ui: join(repo, 'ui/dist'), 'listen.html': { text: PAGE } } });
  const names = ['Hana Host', 'ann', 'bob', 'cy'];
  const m = await server.meeting('Main Room', names.map((n, i) => [n, i === 0 ? 'group_call_host' : 'group_call_participant']));
  const [host, ann, bob, cy] = names.map((n) => m.people[n].id);
  const started = await server.api('POST', `/v2/meetings/${m.id}/connected-meetings/start`, {
    meetings: [{ title: 'Room A' }, { title: 'Room B' }],
    assignments: [{ participant_id: ann, meeting_index: 0 }, { participant_id: bob, meeting_index: 0 }, { participant_id: cy, meeting_index: 1 }],
  });
  assert.equal(started.status, 201, started.text);
  const [roomA] = started.json.data.meetings.map((x) => x.id);

  const pages = {};
  for (const n of names) {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    const page = await ctx.newPage();
    page.setDefaultTimeout(30000);
    await page.goto(`${server.base}/listen.html#token=${encodeURIComponent(m.people[n].token)}`);
    pages[n] = page;
  }
  const problem = async (n) => `${n}: ${await pages[n].evaluate(() => window.initError ?? JSON.stringify(document.getElementById('m')?.s?.state.errors))}`;
  for (const [n, room] of [['Hana Host', 'Main Room'], ['ann', 'Room A'], ['bob', 'Room A'], ['cy', 'Room B']])
    await roomHeading(pages[n], room).waitFor().catch(async (e) => { throw new Error(`${e.message}\n${await problem(n)}`); });
  // everyone publishes before the host listens (Janus offers only publishers whose media is up)
  await waitFor(async () => ((await frames(pages.ann))[bob] ?? 0) > 10 && ((await frames(pages.bob))[ann] ?? 0) > 10,
    { timeout: 30000, what: 'ann and bob see each other' });
  assert.deepEqual(await feeds(pages['Hana Host']), [], 'alone in the main room: no feeds');

  // A participant may not listen: the core's refusal reaches the SDK with its code.
  const refused = await pages.cy.evaluate(async (id) => {
    try { await window.meeting.connectedMeetings.listenIn(id); return 'resolved'; } catch (e) { return e.code; }
  }, roomA);
  assert.equal(refused, 'permission_denied');

  const hp = pages['Hana Host'];
  await hp.getByRole('button', { name: 'Breakout Rooms' }).click();
  const live = hp.getByRole('dialog', { name: 'Breakout Rooms' });
  await live.getByRole('button', { name: 'Listen to Room A' }).click();
  const panel = hp.getByRole('region', { name: 'Listening to Room A' });
  await panel.waitFor();
  const indicator = (n) => pages[n].getByRole('status', { name: 'Hana Host is listening' });
  await indicator('ann').waitFor();
  await indicator('bob').waitFor();
  assert.equal(await indicator('cy').count(), 0, 'Room B is not listened to');
  assert.equal(await indicator('Hana Host').count(), 0);

  // the host's subscriber decodes Room A's video, not Room B's
  await waitFor(async () => {
    const f = await frames(hp);
    return (f[ann] ?? 0) > 10 && (f[bob] ?? 0) > 10;
  }, { timeout: 30000, what: 'the host decodes ann and bob' });
  assert.deepEqual((await feeds(hp)).sort(), [ann, bob].sort());
  assert.equal(((await frames(hp))[cy] ?? 0), 0);
  // the panel plays them: two videos with frames
  await waitFor(() => hp.evaluate(() => {
    const m = document.getElementById('m');
    const dlg = m.shadowRoot.querySelector('rtk-breakout-rooms-manager');
    const p = dlg?.shadowRoot.querySelector('rtk-listen-panel');
    return [...(p?.shadowRoot.querySelectorAll('video') ?? [])].filter((v) => v.videoWidth > 0).length === 2;
  }), { timeout: 20000, what: 'two playing videos in the listen panel' });
  // receive-only: nobody in Room A receives the host
  assert.ok(!(await feeds(pages.ann)).includes(host));
  assert.ok(!(await feeds(pages.bob)).includes(host));
  // the host's own meeting is unchanged: still in the main room, still publishing there
  assert.equal(await hp.evaluate(() => window.meeting.meta.meetingId), m.id);
  const sent = () => hp.evaluate(async () => {
    let n = 0;
    (await window.meeting.__internals__.peerConnection('~publisher').getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'video') n += r.framesEncoded || 0;
    });
    return n;
  });
  const before = await sent();
  await waitFor(async () => (await sent()) > before + 10, { timeout: 15000, what: 'the host keeps publishing' });
  assert.equal(await hp.evaluate(() => window.meeting.connectedMeetings.listening), roomA);

  // Stop listening: the feeds go, the panel and the indicators too.
  await panel.getByRole('button', { name: 'Stop listening' }).click();
  await panel.waitFor({ state: 'detached' });
  await indicator('ann').waitFor({ state: 'detached' });
  await indicator('bob').waitFor({ state: 'detached' });
  await waitFor(async () => (await feeds(hp)).length === 0, { timeout: 20000, what: 'the host unsubscribed' });
  assert.equal(await hp.evaluate(() => window.meeting.connectedMeetings.listening), null);
  assert.equal(await hp.evaluate(() => window.meeting.meta.meetingId), m.id);
});
