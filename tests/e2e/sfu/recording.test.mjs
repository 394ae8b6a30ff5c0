// Recording each breakout room separately (issue 11), in real Chromium through real Janus, with
// ffmpeg: three fake-camera pages in two rooms, both rooms recorded over REST; one participant
// moves from room A to room B while recording. The move must cut its Janus recording into one
// segment per room: the test waits for Janus to write the mover's new segment in B's directory
// (its .mjr files growing) rather than for pixels in a time window. After stop: both recordings
// UPLOADED, the mover in both timelines (B's segment after A's), a track file of the mover in
// each, and each composite WebM (ffprobe) with a video and an audio stream and the recording's
// duration; the signed download_url serves the file without the API key.
// Runs inside scripts/netns.sh (with the other SFU tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../client/harness.mjs';
import { decodeExactly, joinSfuPages, startSfuStack } from './harness.mjs';

// Bytes Janus wrote so far for a segment (<participant>-<seq>-{audio,video}-N.mjr[.tmp]).
function segmentBytes(dir, participant, seq, kind = 'video') {
  let n = 0;
  let names = [];
  try { names = readdirSync(dir); } catch { return 0; }
  for (const f of names)
    if (f.startsWith(`${participant}-${seq}-${kind}-`) && /\.mjr(\.tmp)?$/.test(f)) n += statSync(join(dir, f)).size;
  return n;
}

function ffprobe(file) {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file], { encoding: 'utf8' }));
}

test('two breakout rooms recorded separately; a move during recording lands in both rooms\' timelines and files', { timeout: 300000 }, async (t) => {
  const recDir = mkdtempSync(join(tmpdir(), 'rtk-rec-e2e-'));
  t.after(() => { if (!process.env.RTK_KEEP_RECORDINGS) rmSync(recDir, { recursive: true, force: true }); });
  const { janus, server, browser } = await startSfuStack(t, { extraArgs: ['--recordings-dir', recDir, '--recording-min-free-mb', '0'] });

  const names = ['host', 'ann', 'bob'];
  const m = await server.meeting('Recorded', names.map((n, i) => [n, i === 0 ? 'group_call_host' : 'group_call_participant']));
  const [host, ann, bob] = names.map((n) => m.people[n].id);
  const pages = await joinSfuPages(browser, server, m, names);
  const dump = async () => {
    const out = [];
    for (const [i, p] of pages.entries()) out.push({ i, media: await p.page.evaluate(() => window.sfu.media()), logs: p.logs.slice(-6) });
    const rec = server.logs().filter((l) => /^(recording|sfu_record|sfu_error)/.test(l.event)).slice(-20);
    return JSON.stringify({ out, rec }, null, 1).slice(0, 6000) + '\njanus log tail:\n' + janus.log().split('\n').slice(-20).join('\n');
  };
  await decodeExactly(pages, [[ann, bob], [host, bob], [host, ann]], 'everyone decodes everyone in the parent', dump);

  // Room A: host and ann; room B: bob.
  const started = await server.api('POST', `/v2/meetings/${m.id}/connected-meetings/start`, {
    meetings: [{ title: 'A' }, { title: 'B' }],
    assignments: [{ participant_id: host, meeting_index: 0 }, { participant_id: ann, meeting_index: 0 }, { participant_id: bob, meeting_index: 1 }],
  });
  assert.equal(started.status, 201, started.text);
  const [roomA, roomB] = started.json.data.meetings.map((x) => x.id);
  await decodeExactly(pages, [[ann], [host], []], 'each page decodes its room-mates', dump);

  const recA = await server.api('POST', '/v2/recordings', { meeting_id: roomA });
  const recB = await server.api('POST', '/v2/recordings', { meeting_id: roomB });
  assert.equal(recA.status, 201, recA.text);
  assert.equal(recB.status, 201, recB.text);
  assert.equal(recA.json.data.status, 'RECORDING');
  assert.equal(recB.json.data.status, 'RECORDING');
  const dirA = join(recDir, recA.json.data.id);
  const dirB = join(recDir, recB.json.data.id);

  // Janus writes each publisher's first segment in its room's directory.
  await waitFor(() => segmentBytes(dirA, host, 0) > 20000 && segmentBytes(dirA, ann, 0) > 20000 && segmentBytes(dirB, bob, 0) > 20000,
    { timeout: 60000, every: 250, what: 'Janus records host and ann in A, bob in B' }).catch(async (e) => { throw new Error(e.message + '\n' + (await dump())); });

  // ann moves to B while both record.
  const moved = await server.api('POST', `/v2/meetings/${m.id}/connected-meetings/move`, {
    source_meeting_id: roomA, destination_meeting_id: roomB, participant_ids: [ann],
  });
  assert.equal(moved.status, 200, moved.text);
  // Janus's new segment of ann in B grows (her keyframes reach B's file), and A's stops growing.
  await waitFor(() => segmentBytes(dirB, ann, 0) > 20000, { timeout: 60000, every: 250, what: 'ann recorded into room B' })
    .catch(async (e) => { throw new Error(e.message + '\n' + (await dump())); });
  await decodeExactly(pages, [[], [bob], [ann]], 'after the move each page decodes its new room-mates', dump);
  // Janus closed ann's file pair in A (renamed from .mjr.tmp to .mjr: janus.sh sets recordings_tmp_ext).
  const openInA = () => readdirSync(dirA).filter((f) => f.startsWith(`${ann}-0-`) && f.endsWith('.mjr.tmp'));
  await waitFor(() => openInA().length === 0, { timeout: 10000, every: 200, what: 'ann\'s segment in A closed' });
  assert.ok(readdirSync(dirA).some((f) => f.startsWith(`${ann}-0-video-`) && f.endsWith('.mjr')));
  assert.equal(segmentBytes(dirA, ann, 1), 0, 'no second segment of ann in A');

  for (const r of [recA, recB]) {
    const s = await server.api('PUT', `/v2/recordings/${r.json.data.id}`, { action: 'stop' });
    assert.equal(s.status, 200, s.text);
    assert.equal(s.json.data.status, 'UPLOADING');
  }
  const done = {};
  await waitFor(async () => {
    for (const r of [recA, recB]) done[r.json.data.id] = (await server.api('GET', `/v2/recordings/${r.json.data.id}`)).json.data;
    return Object.values(done).every((d) => d.status === 'UPLOADED' || d.status === 'ERRORED');
  }, { timeout: 180000, every: 500, what: 'both recordings processed' });
  const a = done[recA.json.data.id];
  const b = done[recB.json.data.id];
  for (const d of [a, b]) assert.equal(d.status, 'UPLOADED', `${d.meeting_id}: ${d.error}`);

  // The timelines follow the move: ann in both, B's segment starting when A's ended.
  const annA = a.timeline.filter((s) => s.participant_id === ann);
  const annB = b.timeline.filter((s) => s.participant_id === ann);
  assert.equal(annA.length, 1, JSON.stringify(a.timeline));
  assert.equal(annB.length, 1, JSON.stringify(b.timeline));
  assert.ok(Date.parse(annB[0].joined_at) >= Date.parse(annA[0].left_at), `${annA[0].left_at} -> ${annB[0].joined_at}`);
  assert.deepEqual(a.timeline.map((s) => s.participant_id).sort(), [ann, host].sort());
  assert.deepEqual(b.timeline.map((s) => s.participant_id).sort(), [ann, bob].sort());
  assert.ok(b.files.some((f) => f.participant_id === ann && f.kind === 'video'), `ann's video track in B: ${JSON.stringify(b.files)}`);
  assert.ok(a.files.some((f) => f.participant_id === ann && f.kind === 'video'), `ann's video track in A: ${JSON.stringify(a.files)}`);
  assert.ok(!a.files.some((f) => f.participant_id === bob), 'bob was never in A');

  for (const d of [a, b]) {
    const file = join(recDir, d.id, 'composite.webm');
    assert.equal(statSync(file).size, d.file_size);
    const probe = ffprobe(file);
    const kinds = probe.streams.map((s) => s.codec_type).sort();
    assert.deepEqual(kinds, ['audio', 'video'], JSON.stringify(probe.streams.map((s) => s.codec_name)));
    const duration = Number(probe.format.duration);
    const wall = (Date.parse(d.stopped_time) - Date.parse(d.started_time)) / 1000;
    assert.ok(Math.abs(duration - wall) < 1.0, `${d.meeting_id}: composite ${duration} s, recorded ${wall} s`);
    assert.ok(d.recording_duration >= Math.floor(wall) - 1);
    // The signed link serves it without the API key.
    const res = await fetch(server.base + d.download_url);
    assert.equal(res.status, 200);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(body.length, d.file_size);
    assert.ok(body.equals(readFileSync(file)), 'the streamed download is the file, byte for byte');
    assert.equal(res.headers.get('content-type'), 'video/webm');
    assert.equal(Number(res.headers.get('content-length')), d.file_size);
    const flip = (c) => (c === '0' ? '1' : '0');
    const tampered = await fetch(server.base + d.download_url.replace(/.$/, (c) => flip(c)));
    assert.equal(tampered.status, 403);
    console.log(`[recording] ${d.meeting_id === roomA ? 'A' : 'B'}: ${duration.toFixed(2)} s composite of ${wall.toFixed(2)} s recorded, ${d.file_size} bytes, ${d.files.length} track files, processed in ${server.logs().find((l) => l.event === 'recording_processed' && l.recording_id === d.id)?.took_ms} ms`);
  }
  writeFileSync(join(recDir, 'ok'), '');
});
