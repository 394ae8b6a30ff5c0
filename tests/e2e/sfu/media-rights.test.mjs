// The preset decides what goes through Janus: a participant whose preset may not produce video
// asks getUserMedia for audio only, and when the page adds a camera track to its publisher
// PeerConnection anyway, rtk-server makes that section inactive before Janus sees the offer:
// nobody receives video from it and its browser sends none. Its audio still flows.
// Runs inside scripts/netns.sh (scripts/test.sh stage "browser e2e sfu").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../client/harness.mjs';
import { openSfuPage, startSfuStack } from './harness.mjs';

test('a preset without video publishes no video through the SFU, even if the page tries', { timeout: 180000 }, async (t) => {
  const { server, browser } = await startSfuStack(t);
  const created = await server.api('POST', '/v2/presets', {
    name: 'audio_only',
    permissions: { media: { video: { can_produce: 'NOT_ALLOWED' } } },
  });
  assert.equal(created.status, 201, created.text);
  const m = await server.meeting('Rights', [['host', 'group_call_host'], ['listener', 'audio_only']]);
  const host = await openSfuPage(browser, server);
  const listener = await openSfuPage(browser, server);
  await host.page.evaluate((tok) => window.T.init(tok), m.people.host.token);
  await listener.page.evaluate((tok) => window.T.init(tok), m.people.listener.token);
  const hostId = m.people.host.id;
  const listenerId = m.people.listener.id;

  // getUserMedia asked for audio only
  const local = await listener.page.evaluate(() => ({
    video: !!window.T.meeting.self.videoTrack,
    audio: !!window.T.meeting.self.audioTrack,
  }));
  assert.deepEqual(local, { video: false, audio: true }, 'the audio-only preset gets no camera');
  // the listener receives the host's video; the host receives the listener's audio only
  const streamsOf = (p, pid) => p.page.evaluate((id) => window.sfu.media().streams.filter((s) => s.active && s.participantId === id).map((s) => s.kind).sort(), pid);
  // On a timeout: what the listener's SDK and the server's SFU controller hold (two CI runs
  // timed out here while every local run passed).
  const dump = async () => JSON.stringify({ media: await listener.page.evaluate(() => window.sfu.media()),
    frames: await listener.page.evaluate(() => window.sfu.frames()), logs: listener.logs.slice(-10) }).slice(0, 4000) +
    '\nserver sfu log:\n' + server.logs().filter((l) => /^sfu_/.test(String(l.event))).slice(-30).map((l) => JSON.stringify(l)).join('\n');
  await waitFor(async () => (await listener.page.evaluate(() => window.sfu.frames()))[hostId] > 5,
    { timeout: 60000, every: 500, what: "the listener decodes the host's video" })
    .catch(async (e) => { throw new Error(e.message + '\n' + (await dump())); });
  await waitFor(async () => JSON.stringify(await streamsOf(host, listenerId)) === '["audio"]',
    { timeout: 60000, every: 500, what: "the host subscribes to the listener's audio only" });

  // The page tries: a canvas video track added to the publisher PeerConnection (renegotiates).
  await listener.page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 160;
    c.height = 120;
    const ctx = c.getContext('2d');
    setInterval(() => { ctx.fillStyle = `hsl(${Date.now() % 360},80%,50%)`; ctx.fillRect(0, 0, 160, 120); }, 50);
    const track = c.captureStream(15).getVideoTracks()[0];
    window.T.meeting.__internals__.peerConnection('~publisher').addTrack(track);
  });
  await waitFor(() => server.logs().some((l) => l.event === 'sfu_media_refused' && l.participant_id === listenerId),
    { timeout: 30000, every: 200, what: 'rtk-server refusing the video section of the new offer' });
  // Janus 1.1.2 answers the inactive video section rejected (port 0): the transceiver stops.
  await waitFor(async () => listener.page.evaluate(async () => {
    const pc = window.T.meeting.__internals__.peerConnection('~publisher');
    if (pc.signalingState !== 'stable' || !pc.remoteDescription) return false;
    const video = pc.remoteDescription.sdp.split('\r\nm=').slice(1).filter((s) => s.startsWith('video'));
    const refused = video.length > 0 && video.every((s) => s.startsWith('video 0 ') || /\r\na=(inactive|recvonly)/.test(s));
    const sending = pc.getTransceivers().some((x) => x.sender.track && x.sender.track.kind === 'video' &&
      !x.stopped && (x.currentDirection === 'sendonly' || x.currentDirection === 'sendrecv'));
    return refused && !sending;
  }), { timeout: 30000, every: 200, what: "Janus's answer refusing the video section, and no video transceiver sending" }).catch(async (e) => {
    const tr = await listener.page.evaluate(() => {
      const pc = window.T.meeting.__internals__.peerConnection('~publisher');
      return { signaling: pc.signalingState, remote: pc.remoteDescription && pc.remoteDescription.sdp,
        transceivers: pc.getTransceivers().map((x) => ({ mid: x.mid, dir: x.direction, cur: x.currentDirection, kind: x.sender.track && x.sender.track.kind })) };
    });
    throw new Error(`${e.message}\n${JSON.stringify(tr, null, 1)}\n${listener.logs.slice(-10).join('\n')}\n` +
      server.logs().filter((l) => String(l.event).startsWith('sfu_')).slice(-12).map((l) => JSON.stringify(l)).join('\n'));
  });
  await new Promise((r) => setTimeout(r, 3000));
  const sent = await listener.page.evaluate(async () => {
    const stats = await window.T.meeting.__internals__.peerConnection('~publisher').getStats();
    let video = 0;
    let audio = 0;
    stats.forEach((r) => {
      if (r.type === 'outbound-rtp' && r.kind === 'video') video += r.bytesSent || 0;
      if (r.type === 'outbound-rtp' && r.kind === 'audio') audio += r.bytesSent || 0;
    });
    return { video, audio };
  });
  assert.equal(sent.video, 0, `the listener's browser sent no video bytes: ${JSON.stringify(sent)}`);
  assert.ok(sent.audio > 0, `its audio still flows: ${JSON.stringify(sent)}`);
  assert.deepEqual(await streamsOf(host, listenerId), ['audio'], 'the host still gets no video stream from the listener');
  assert.equal((await host.page.evaluate(() => window.sfu.frames()))[listenerId], undefined, 'and decodes no video from it');
});
