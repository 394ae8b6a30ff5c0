// Issue 14, the points that need a real device and a phone-sized window, run in every example
// (script tag, React, Angular) against the real rtk-server:
//   - the setup screen offers device selection (the fake microphones) and the switch takes effect;
//   - at 390x844 the room title is visible, the chat panel closes by its button and by Escape,
//     and a breakout dialog keeps its actions in view;
//   - camera off releases the camera (the track is stopped, no frames are sent), camera on opens
//     it again in the same sender (frames flow again, no new PeerConnection);
//   - a reload inside a breakout room keeps the microphone on, the camera off and the room's chat.
import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { joinFromSetup, openOne, panelTitleOf } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PHONE = { width: 390, height: 844 };

/** Polls fn() (in the page) until it returns a truthy value; fails with `what` and the last value. */
async function until(page, fn, arg, what, timeout = 30000) {
  const t0 = Date.now();
  let last;
  while (Date.now() - t0 < timeout) {
    last = await page.evaluate(fn, arg).catch((e) => `(error: ${e.message})`);
    if (last && !String(last).startsWith('(error')) return last;
    await page.waitForTimeout(200);
  }
  assert.fail(`${what} (last: ${JSON.stringify(last)})`);
}

/** Video frames this page has sent so far, over every PeerConnection (outbound-rtp). */
function framesSent(page) {
  return page.evaluate(async () => {
    const m = document.querySelector('rtk-meeting').meeting;
    let n = 0;
    for (const peer of m.__internals__.peers()) {
      const pc = m.__internals__.peerConnection(peer);
      if (!pc) continue;
      (await pc.getStats()).forEach((r) => { if (r.type === 'outbound-rtp' && r.kind === 'video') n += r.framesSent ?? 0; });
    }
    return n;
  });
}

export async function phoneMediaScenario(server, browser, example, { screenshot } = {}) {
  const problems = [];
  const host = await openOne(server, browser, example, { name: 'Hana', preset: 'group_call_host' });
  const eveP = await server.api('POST', `/v2/meetings/${host.meetingId}/participants`, { name: 'Eve', preset_name: 'group_call_host', custom_participant_id: 'c-Eve' });
  const ctx = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(30000);
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.base}/${example}/?authToken=${encodeURIComponent(eveP.token)}&audio=off`);

  // ---- the setup screen: name, the server's meeting title, a microphone picker that works
  const form = page.getByRole('form', { name: 'Join meeting' });
  await form.getByRole('heading', { name: 'Main Room' }).waitFor();
  assert.equal(await form.getByLabel('Your name').inputValue(), 'Eve', `${example}: the setup screen knows the name`);
  const mic = form.getByRole('combobox', { name: 'Microphone' });
  await mic.waitFor();
  const options = await mic.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(options.length >= 2, `${example}: the microphone picker lists the devices (${options.length})`);
  const chosen = options[options.length - 1];
  await mic.selectOption(chosen);
  await until(page, ([id]) => {
    const t = document.querySelector('rtk-meeting').meeting.self.audioTrack;
    return t && t.readyState === 'live' && t.getSettings().deviceId === id;
  }, [chosen], `${example}: the microphone is the chosen device`);
  const current = await page.evaluate(async () => (await document.querySelector('rtk-meeting').meeting.self.getCurrentDevices()).audio?.deviceId);
  assert.equal(current, chosen, `${example}: getCurrentDevices() names the chosen microphone`);
  if (screenshot) await page.screenshot({ path: resolve(ROOT, screenshot) });
  await joinFromSetup(page);

  // ---- phone layout: the title is visible, chat closes by button and Escape, dialogs fit
  const h1 = page.locator('rtk-meeting header h1');
  await h1.filter({ hasText: 'Main Room' }).waitFor();
  assert.ok((await h1.boundingBox()).width > 40, `${example}: the room title has room on a phone`);
  const chatBtn = page.getByRole('button', { name: /^Chat/ });
  await chatBtn.click();
  const close = page.getByRole('button', { name: 'Close chat' });
  await close.click();
  await close.waitFor({ state: 'detached' });
  await chatBtn.click();
  await page.getByLabel('Message').press('Escape');
  await close.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Breakout Rooms' }).click();
  const create = page.getByRole('dialog', { name: 'Create Breakout' });
  const createBtn = create.getByRole('button', { name: 'Create', exact: true });
  const box = await createBtn.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= PHONE.height && box.x + box.width <= PHONE.width, `${example}: Create is in view on a phone (${JSON.stringify(box)})`);
  await create.getByRole('button', { name: 'Cancel' }).click();

  // ---- camera off releases the camera; on opens it again in the same sender
  await until(page, () => {
    const t = document.querySelector('rtk-meeting').meeting.self.videoTrack;
    return t && t.readyState === 'live';
  }, undefined, `${example}: the camera is live`);
  const f0 = await framesSent(page);
  await page.waitForTimeout(1500);
  assert.ok((await framesSent(page)) > f0, `${example}: video frames are sent while the camera is on`);
  const pcsBefore = await page.evaluate(() => document.querySelector('rtk-meeting').meeting.__internals__.peers().join());
  await page.getByRole('button', { name: 'Turn off camera' }).click();
  await until(page, () => document.querySelector('rtk-meeting').meeting.self.videoTrack?.readyState === 'ended', undefined,
    `${example}: camera off stops the camera's track (the light goes out)`);
  // The encoder may still count the frame it had in flight when the track ended, and getStats
  // reports with a delay: start from the count once it has settled (two reads 500 ms apart).
  let f1 = await framesSent(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(500);
    const f = await framesSent(page);
    if (f === f1) break;
    f1 = f;
  }
  await page.waitForTimeout(1500);
  assert.equal(await framesSent(page), f1, `${example}: no frames are sent while the camera is off`);
  await page.getByRole('button', { name: 'Turn on camera' }).click();
  await until(page, () => document.querySelector('rtk-meeting').meeting.self.videoTrack?.readyState === 'live', undefined,
    `${example}: camera on opens the camera again`);
  const f2 = await framesSent(page);
  await until(page, ([n]) => (async () => {
    const m = document.querySelector('rtk-meeting').meeting;
    let sent = 0;
    for (const peer of m.__internals__.peers()) {
      const st = await m.__internals__.peerConnection(peer)?.getStats();
      st?.forEach((r) => { if (r.type === 'outbound-rtp' && r.kind === 'video') sent += r.framesSent ?? 0; });
    }
    return sent > n + 10;
  })(), [f2], `${example}: frames flow again after camera on`);
  assert.equal(await page.evaluate(() => document.querySelector('rtk-meeting').meeting.__internals__.peers().join()), pcsBefore,
    `${example}: the same PeerConnections (replaceTrack, no new connection)`);

  // ---- reload inside a breakout room: microphone on, camera off and the chat stay
  const base = `/v2/meetings/${host.meetingId}/connected-meetings`;
  await server.api('POST', `${base}/start`, { meetings: [{ title: 'Room 1' }], assignments: [{ participant_id: eveP.id, meeting_index: 0 }] });
  await h1.filter({ hasText: 'Room 1' }).waitFor();
  await page.getByRole('button', { name: 'Unmute microphone' }).click();
  await page.getByRole('button', { name: 'Turn off camera' }).click();
  await page.getByRole('button', { name: 'Mute microphone' }).waitFor();
  await page.getByRole('button', { name: /^Chat/ }).click();
  await page.getByLabel('Message').fill('hello from room 1');
  await page.getByLabel('Message').press('Enter');
  await page.getByText('hello from room 1').waitFor();
  await page.reload();
  const form2 = page.getByRole('form', { name: 'Join meeting' });
  await form2.getByRole('heading', { name: 'Room 1' }).waitFor(); // the setup screen names the room
  await form2.getByRole('button', { name: 'Microphone', pressed: true }).waitFor();
  await form2.getByRole('button', { name: 'Camera', pressed: false }).waitFor();
  await joinFromSetup(page);
  await h1.filter({ hasText: 'Room 1' }).waitFor();
  const after = await until(page, () => {
    const m = document.querySelector('rtk-meeting').meeting;
    return m.self.roomJoined && { audio: m.self.audioEnabled, video: m.self.videoEnabled, track: m.self.videoTrack?.readyState ?? 'none' };
  }, undefined, `${example}: joined after the reload`);
  assert.deepEqual({ audio: after.audio, video: after.video }, { audio: true, video: false }, `${example}: microphone on, camera off after the reload`);
  assert.notEqual(after.track, 'live', `${example}: the camera stays released after the reload`);
  await page.getByRole('button', { name: 'Mute microphone' }).waitFor();
  await page.getByRole('button', { name: /^Chat/ }).click();
  await page.getByText('hello from room 1').waitFor();
  if (panelTitleOf[example]) assert.equal(await panelTitleOf[example](page), 'Room 1', `${example}: the app's panel is in Room 1`);
  assert.deepEqual(problems, []);
  await ctx.close();
  await host.ctx.close();
}
