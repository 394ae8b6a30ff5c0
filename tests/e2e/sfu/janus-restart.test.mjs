// Janus killed (kill -9) mid-meeting and started again: rtk-server reconnects to it, tells the
// clients (sfu.reset), they publish again on new PeerConnections and every page decodes every
// other page again, with no page reload and no new OpenRTK WebSocket. The SDK reports it as
// meta.mediaConnectionUpdate ('reconnecting', then the PeerConnections' own states). A recording
// running through the restart keeps what was recorded before it: each participant's segment has
// a piece from each Janus (the second Janus must not overwrite the first one's files).
// Runs inside scripts/netns.sh (scripts/test.sh stage "browser e2e sfu").
import { test } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { waitFor } from '../client/harness.mjs';
import { decodeExactly, openSfuPage, startSfuStack } from './harness.mjs';

test('Janus killed and restarted mid-meeting: media is back without a reload or a new WebSocket', { timeout: 240000 }, async (t) => {
  const recDir = mkdtempSync(join(tmpdir(), 'rtk-restart-rec-'));
  const { janus, server, browser } = await startSfuStack(t, { extraArgs: ['--recordings-dir', recDir, '--recording-min-free-mb', '0'] });

  const names = ['h', 'p1', 'p2'];
  const m = await server.meeting('Restart', names.map((n, i) => [n, i === 0 ? 'group_call_host' : 'group_call_participant']));
  const ids = names.map((n) => m.people[n].id);
  const pages = [];
  for (const n of names) {
    const p = await openSfuPage(browser, server);
    pages.push(p);
    await p.page.evaluate(async (tok) => {
      await window.T.init(tok);
      window.__loadId = Math.random();
      window.__mediaEvents = [];
      window.__socketEvents = [];
      window.T.meeting.meta.on('mediaConnectionUpdate', (e) => window.__mediaEvents.push(e));
      window.T.meeting.meta.on('socketConnectionUpdate', (e) => window.__socketEvents.push(e.state));
    }, m.people[n].token);
  }
  const dump = async () => {
    const out = [];
    for (const [i, p] of pages.entries())
      out.push({ i, media: await p.page.evaluate(() => window.sfu.media()), pcs: await p.page.evaluate(() => window.sfu.pcs()),
        events: await p.page.evaluate(() => window.__mediaEvents), logs: p.logs.slice(-8) });
    return JSON.stringify(out, null, 1).slice(0, 6000) + '\nserver sfu log:\n' +
      server.logs().filter((l) => String(l.event).startsWith('sfu_')).slice(-20).map((l) => JSON.stringify(l)).join('\n');
  };
  const everyoneElse = ids.map((id) => ids.filter((x) => x !== id));
  await decodeExactly(pages, everyoneElse, 'every page decodes every other page', dump);
  const loadIds = [];
  for (const p of pages) loadIds.push(await p.page.evaluate(() => window.__loadId));
  const rec = await server.api('POST', '/v2/recordings', { meeting_id: m.id });
  assert.equal(rec.status, 201, rec.text);
  await new Promise((r) => setTimeout(r, 2500));  // media reaches the first Janus's files

  await janus.kill9();
  await waitFor(async () => {
    for (const p of pages) {
      const ev = await p.page.evaluate(() => window.__mediaEvents);
      if (!ev.some((e) => e.transport === 'send' && e.state === 'reconnecting')) return false;
    }
    return true;
  }, { timeout: 30000, every: 200, what: "every page's mediaConnectionUpdate 'reconnecting'" });
  await janus.start();
  await decodeExactly(pages, everyoneElse, 'every page decodes every other page again after the Janus restart', dump);

  for (const [i, p] of pages.entries()) {
    assert.equal(await p.page.evaluate(() => window.__loadId), loadIds[i], `page ${i} was not reloaded`);
    assert.deepEqual(await p.page.evaluate(() => window.__socketEvents), [], `page ${i}: the WebSocket never changed state`);
    const pcs = await p.page.evaluate(() => window.sfu.pcs());
    // the two of the dead Janus session, closed, and a new publisher and subscriber, connected
    assert.equal(pcs.length, 4, `page ${i}: ${JSON.stringify(pcs)}`);
    assert.deepEqual(pcs.slice(0, 2).map((x) => x.state), ['closed', 'closed'], `page ${i}: ${JSON.stringify(pcs)}`);
    assert.deepEqual(pcs.slice(2).map((x) => x.state), ['connected', 'connected'], `page ${i}: ${JSON.stringify(pcs)}`);
    const ev = await p.page.evaluate(() => window.__mediaEvents);
    assert.ok(ev.some((e) => e.transport === 'send' && e.state === 'connected'), `page ${i}: ${JSON.stringify(ev)}`);
    assert.ok(ev.some((e) => e.transport === 'recv' && e.state === 'connected'), `page ${i}: ${JSON.stringify(ev)}`);
  }
  await new Promise((r) => setTimeout(r, 2500));  // and the second one's
  const stop = await server.api('PUT', `/v2/recordings/${rec.json.data.id}`, { action: 'stop' });
  assert.equal(stop.status, 200, stop.text);
  let done;
  await waitFor(async () => {
    done = (await server.api('GET', `/v2/recordings/${rec.json.data.id}`)).json.data;
    return done.status === 'UPLOADED' || done.status === 'ERRORED';
  }, { timeout: 120000, every: 500, what: 'the recording processed' });
  assert.equal(done.status, 'UPLOADED', done.error);
  assert.equal(done.timeline.length, 3, `one segment each, the restart cut none: ${JSON.stringify(done.timeline)}`);
  for (const id of ids) {
    const video = done.files.filter((f) => f.participant_id === id && f.kind === 'video');
    assert.equal(video.length, 2, `${id}: a video piece from each Janus: ${JSON.stringify(done.files)}`);
    assert.notEqual(video[0].file, video[1].file);
    assert.ok(video[1].offset_ms - video[0].offset_ms >= 2000, `the second piece starts after the restart: ${JSON.stringify(video)}`);
  }

  const links = server.logs().filter((l) => l.event === 'sfu_link').map((l) => l.up);
  assert.deepEqual(links.slice(-2), [false, true], `rtk-server lost Janus and got it back: ${JSON.stringify(links)}`);
});
