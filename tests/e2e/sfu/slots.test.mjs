// Large rooms (issue 10) in real Chromium through real Janus: 12 participants in one meeting,
// each page publishing a tiny synthetic stream (a 64x48 canvas at 5 fps and a WebAudio
// oscillator whose gain is 0 until the test makes that page "speak"), rtk-server with
// --video-slots 4. Every page decodes at most 4 videos (rising inbound-rtp video) and the audio
// of all 11 others; when a page speaks, Janus's audio-level events make rtk-server `switch` a
// video m-line of every other subscriber to it (no new sfu.offer), and its video is decoded there
// within a bounded wait; the SDK's participants.active and lastActiveSpeaker follow.
// Runs inside scripts/netns.sh (with the other SFU tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, waitFor } from '../client/harness.mjs';
import { SFU_INIT, startJanus, startSfuServer } from './harness.mjs';

const K = 4;
const N = 12;

// getUserMedia answers with the synthetic stream; window.__speak(on) turns the tone up or down.
const SYNTH = () => {
  const tiny = async () => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 48;
    const g = c.getContext('2d');
    let n = 0;
    setInterval(() => { g.fillStyle = `hsl(${(n += 37) % 360},80%,50%)`; g.fillRect(0, 0, 64, 48); }, 200);
    const ac = new AudioContext();
    await ac.resume().catch(() => {});
    const osc = ac.createOscillator();
    osc.frequency.value = 440;
    const gain = ac.createGain();
    gain.gain.value = 0;
    const dest = ac.createMediaStreamDestination();
    osc.connect(gain).connect(dest);
    osc.start();
    window.__speak = (on) => { gain.gain.value = on ? 0.8 : 0; return ac.state; };
    return new MediaStream([...dest.stream.getAudioTracks(), ...c.captureStream(5).getVideoTracks()]);
  };
  let stream = null;
  navigator.mediaDevices.getUserMedia = async (want) => {
    stream = stream || (await tiny());
    const tracks = [];
    if (want?.audio) tracks.push(...stream.getAudioTracks());
    if (want?.video) tracks.push(...stream.getVideoTracks());
    return new MediaStream(tracks);
  };
};

// Per page: {video: {participant: framesDecoded}, audio: {participant: packetsReceived}} of the
// subscriber PC (m-line mid -> participant from the SDK's view of the streams).
const RECEIVED = async () => {
  const m = window.T.meeting.__internals__.media();
  const pc = window.T.meeting.__internals__.peerConnection('~subscriber');
  const out = { video: {}, audio: {} };
  if (!pc || !m) return out;
  const byMid = {};
  for (const s of m.streams) if (s.active) byMid[s.mid] = s.participantId;
  (await pc.getStats()).forEach((r) => {
    if (r.type !== 'inbound-rtp' || !byMid[r.mid]) return;
    if (r.kind === 'video') out.video[byMid[r.mid]] = (out.video[byMid[r.mid]] || 0) + (r.framesDecoded || 0);
    else out.audio[byMid[r.mid]] = (out.audio[byMid[r.mid]] || 0) + (r.packetsReceived || 0);
  });
  const p = window.T.meeting.participants;
  out.active = p.active.toArray().map((x) => x.id).sort();
  out.lastActiveSpeaker = p.lastActiveSpeaker ?? null;
  out.pinned = p.pinned.toArray().map((x) => x.id);
  return out;
};

test(`${N} participants through Janus: at most ${K} videos each, every audio, the slots follow the speaker`, { timeout: 240000 }, async (t) => {
  const janus = await startJanus();
  t.after(() => janus.stop());
  const server = await startSfuServer(janus, ['--video-slots', String(K)]);
  t.after(() => server.stop());
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] });
  t.after(() => browser.close());

  const names = Array.from({ length: N }, (_, i) => `p${String(i).padStart(2, '0')}`);
  const m = await server.meeting('Large', names.map((n, i) => [n, i === 0 ? 'group_call_host' : 'group_call_participant']));
  const ids = names.map((n) => m.people[n].id);
  const pages = [];
  for (const n of names) {
    const context = await browser.newContext();
    await context.addInitScript(SFU_INIT);
    await context.addInitScript(SYNTH);
    const page = await context.newPage();
    const logs = [];
    page.on('pageerror', (e) => logs.push('pageerror: ' + e.message));
    await page.goto(server.base + '/index.html');
    await page.waitForFunction(() => typeof window.RealtimeKitClient === 'function' && window.T);
    await page.evaluate((tok) => window.T.init(tok), m.people[n].token);
    pages.push({ page, logs });
  }
  const received = () => Promise.all(pages.map((p) => p.page.evaluate(RECEIVED)));
  const dump = async () => JSON.stringify({
    rx: (await received()).map((r, i) => ({ i, video: Object.keys(r.video).map((id) => ids.indexOf(id) + ':' + r.video[id]), audio: Object.keys(r.audio).length, active: r.active.map((id) => ids.indexOf(id)) })),
    logs: server.logs().filter((l) => /^sfu_(error|speaker|switch)/.test(l.event)).slice(-12),
  }).slice(0, 6000);
  const fail = async (e) => { throw new Error(e.message + '\n' + (await dump())); };

  // Every page: K rising videos, never more, and the audio of all 11 others.
  const rising = async (what, want) => {
    const first = await received();
    await waitFor(async () => {
      const now = await received();
      return now.every((r, i) => {
        const videos = Object.keys(r.video).filter((id) => r.video[id] > (first[i].video[id] || 0) + 2);
        const audios = Object.keys(r.audio).filter((id) => r.audio[id] > (first[i].audio[id] || 0) + 10);
        return Object.keys(r.video).length <= K && videos.length === K && audios.length === N - 1 && !r.video[ids[i]] && want(r, i, videos);
      });
    }, { timeout: 90000, every: 1000, what }).catch(fail);
  };
  await rising(`every page decodes ${K} videos and ${N - 1} audios`, () => true);
  const initial = await received();
  for (const [i, r] of initial.entries()) {
    assert.ok(Object.keys(r.video).length <= K, `page ${i} receives at most ${K} videos`);
    assert.equal(r.active.length, K, `page ${i}: participants.active holds its ${K} video slots`);
  }
  const offers = server.logs().filter((l) => l.event === 'sfu_update').length;

  // The last joiner (in nobody's slots: they fill in join order) speaks.
  const speak = async (s) => {
    const t0 = Date.now();
    const state = await pages[s].page.evaluate(() => window.__speak(true));
    assert.equal(state, 'running', 'the AudioContext runs');
    await rising(`page ${s}'s video enters everyone else's slots`, (r, i, videos) => i === s || (videos.includes(ids[s]) && r.active.includes(ids[s]) && r.lastActiveSpeaker === ids[s]));
    const ms = Date.now() - t0;
    await pages[s].page.evaluate(() => window.__speak(false));
    return ms;
  };
  const s1 = N - 1;
  assert.ok(initial.every((r, i) => i === s1 || !r.video[ids[s1]]), `page ${s1} starts in nobody's slots`);
  const ms1 = await speak(s1);
  // The switch moved no uplink and renegotiated nothing: no subscriber update, only switches.
  assert.equal(server.logs().filter((l) => l.event === 'sfu_update').length, offers, 'no Janus update (renegotiation) for a speaker change');
  const switches = server.logs().filter((l) => l.event === 'sfu_switch').length;
  assert.ok(switches >= N - 1, `a switch per other subscriber (${switches})`);

  // A second speaker: it enters too, the first one keeps its slot (the most recent speakers).
  const s2 = N - 2;
  const ms2 = await speak(s2);
  const after = await received();
  for (const [i, r] of after.entries())
    if (i !== s1 && i !== s2) assert.ok(r.video[ids[s1]] !== undefined && r.video[ids[s2]] !== undefined, `page ${i} keeps both speakers`);

  // The host pins a page that is in nobody's slots any more: it takes a slot on every page.
  const pin = 5;
  assert.ok(after.every((r, i) => i === pin || !r.video[ids[pin]]), `page ${pin} is in nobody's slots now`);
  const refused = await pages[1].page.evaluate((id) => window.T.meeting.participants.joined.get(id).pin().then(() => 'ok', (e) => e.code), ids[pin]);
  assert.equal(refused, 'permission_denied', 'a participant preset may not pin');
  const p0 = Date.now();
  await pages[0].page.evaluate((id) => window.T.meeting.participants.joined.get(id).pin(), ids[pin]);
  await rising(`the pinned page ${pin}'s video enters everyone's slots`, (r, i, videos) => i === pin || (videos.includes(ids[pin]) && r.pinned.includes(ids[pin])));
  const msPin = Date.now() - p0;
  console.log(`# speaker -> its video decoded on all ${N - 1} other pages: ${ms1} ms, then ${ms2} ms; pin -> decoded everywhere: ${msPin} ms ` +
    `(audio-level window 0.5 s, Janus switches ${server.logs().filter((l) => l.event === 'sfu_switch').length}, updates after the start ${server.logs().filter((l) => l.event === 'sfu_update').length - offers})`);
});
