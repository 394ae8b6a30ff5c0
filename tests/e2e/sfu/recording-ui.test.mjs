// Recording from the UI kit (issue 11) in real Chromium through real Janus: the host of breakout
// room A presses <rtk-meeting>'s record button; everyone in A sees the "Recording" indicator,
// room B does not; a participant moved into A sees it at once (its room.joined carries the
// state); a participant without can_record has no record button; the host stops, and REST shows
// the recording processed (UPLOADED, with the host in its timeline). Runs inside scripts/netns.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../client/harness.mjs';
import { roomHeading } from '../ui/harness.mjs';
import { startSfuStack, uiKitPage } from './harness.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PAGE = uiKitPage('OpenRTK recording e2e');

test('a host records its breakout room from the UI; the indicator shows in that room only and follows a move', { timeout: 120000 }, async (t) => {
  const recDir = mkdtempSync(join(tmpdir(), 'rtk-rec-ui-e2e-'));
  t.after(() => rmSync(recDir, { recursive: true, force: true }));
  const { server, browser } = await startSfuStack(t, {
    extraArgs: ['--recordings-dir', recDir, '--recording-min-free-mb', '0'],
    staticFiles: { ui: join(repo, 'ui/dist'), 'rec.html': { text: PAGE } },
  });
  const names = ['host', 'ann', 'bob'];
  const m = await server.meeting('Main Room', names.map((n, i) => [n, i === 0 ? 'group_call_host' : 'group_call_participant']));
  const [host, ann, bob] = names.map((n) => m.people[n].id);
  const started = await server.api('POST', `/v2/meetings/${m.id}/connected-meetings/start`, {
    meetings: [{ title: 'Room A' }, { title: 'Room B' }],
    assignments: [{ participant_id: host, meeting_index: 0 }, { participant_id: ann, meeting_index: 0 }, { participant_id: bob, meeting_index: 1 }],
  });
  assert.equal(started.status, 201, started.text);
  const [roomA, roomB] = started.json.data.meetings.map((x) => x.id);

  const pages = {};
  for (const n of names) {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await ctx.newPage();
    page.setDefaultTimeout(30000);
    await page.goto(`${server.base}/rec.html#token=${encodeURIComponent(m.people[n].token)}`);
    pages[n] = page;
  }
  const problem = async (n) => `${n}: ${await pages[n].evaluate(() => window.initError ?? JSON.stringify(document.getElementById('m')?.s?.state.errors))}`;
  for (const [n, room] of [['host', 'Room A'], ['ann', 'Room A'], ['bob', 'Room B']])
    await roomHeading(pages[n], room).waitFor().catch(async (e) => { throw new Error(`${e.message}\n${await problem(n)}`); });

  const indicator = (n) => pages[n].getByRole('status', { name: /This meeting is being recorded/ });
  const recordBtn = (n) => pages[n].getByRole('button', { name: 'Start recording' });
  await recordBtn('host').waitFor();
  assert.equal(await recordBtn('ann').count(), 0, 'no record button without can_record');
  assert.equal(await indicator('ann').count(), 0);

  await recordBtn('host').click();
  await indicator('host').waitFor();
  await indicator('ann').waitFor();
  assert.equal(await indicator('ann').textContent(), 'Recording');
  assert.equal(await pages.ann.evaluate(() => window.meeting.recording.recordingState), 'RECORDING');
  assert.equal(await indicator('bob').count(), 0, 'room B is not recorded');
  assert.equal(await pages.bob.evaluate(() => window.meeting.recording.recordingState), 'IDLE');
  const active = await server.api('GET', `/v2/recordings/active-recording/${roomA}`);
  assert.equal(active.status, 200, active.text);
  const id = active.json.data.id;
  assert.equal((await server.api('GET', `/v2/recordings/active-recording/${roomB}`)).status, 404);

  // bob moves into the recorded room: the indicator shows as soon as he is there.
  const moved = await server.api('POST', `/v2/meetings/${m.id}/connected-meetings/move`,
    { source_meeting_id: roomB, destination_meeting_id: roomA, participant_ids: [bob] });
  assert.equal(moved.status, 200, moved.text);
  await roomHeading(pages.bob, 'Room A').waitFor();
  await indicator('bob').waitFor();

  // Janus wrote media for the room before the host stops (the composite needs some).
  await waitFor(async () => (await server.api('GET', `/v2/recordings/${id}`)).json.data.timeline.length >= 3,
    { timeout: 20000, what: 'host, ann and bob in the timeline' });
  await pages.host.getByRole('button', { name: 'Stop recording' }).click();
  for (const n of names) await indicator(n).waitFor({ state: 'detached' });
  await recordBtn('host').waitFor();
  let rec;
  await waitFor(async () => {
    rec = (await server.api('GET', `/v2/recordings/${id}`)).json.data;
    return rec.status === 'UPLOADED' || rec.status === 'ERRORED';
  }, { timeout: 60000, every: 250, what: 'the recording processed' });
  assert.equal(rec.status, 'UPLOADED', JSON.stringify(rec));
  assert.equal(rec.meeting_id, roomA);
  assert.equal(rec.stop_reason.reason, 'API_CALL');
  assert.ok(rec.file_size > 0);
  assert.deepEqual([...new Set(rec.timeline.map((s) => s.participant_id))].sort(), [host, ann, bob].sort());
  assert.equal(await pages.ann.evaluate(() => window.meeting.recording.recordings[0].state), 'UPLOADED');
});
