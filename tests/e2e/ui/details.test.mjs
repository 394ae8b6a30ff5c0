// End-to-end, the REAL stack (issue 14, "wrong or surprising"): the details a new user hit in
// the UI kit, each read by accessible name from real pages on the real rtk-server:
//   - two people: each tile has the camera picture's aspect and shows all of it (no crop);
//   - the Assign dialog: "Assign to X" is off for someone already in X; once everyone is
//     assigned, "Shuffle everyone again" makes a new plan for all;
//   - a half-typed poll stays in the room it was typed in;
//   - the participant's room switcher shows head counts.
//
// Run: node --test --test-concurrency=1 tests/e2e/ui/
import test from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack, skip, setupGroup, roomHeading, expectRoom, closeAll } from './harness.mjs';

useRealStack();

/** Each tile's box and how much of its camera picture is hidden (0 = all of it shows). */
const tiles = (page) => page.evaluate(() => {
  const grid = document.getElementById('m').shadowRoot.querySelector('rtk-grid');
  return [...grid.shadowRoot.querySelectorAll('rtk-participant-tile')].map((t) => {
    const v = t.shadowRoot.querySelector('video');
    const r = t.getBoundingClientRect();
    if (!v || !v.videoWidth) return { w: r.width, h: r.height, video: false };
    const picture = v.videoWidth / v.videoHeight;
    const box = v.clientWidth / v.clientHeight;
    const fit = getComputedStyle(v).objectFit;
    // object-fit cover scales the picture up to fill the box and cuts off what sticks out
    const crop = fit === 'cover' ? 1 - Math.min(picture, box) / Math.max(picture, box) : 0;
    return { w: r.width, h: r.height, video: true, picture, tile: r.width / r.height, crop, fit };
  });
});

test('two people: tiles have the picture\'s aspect and show all of it', { skip, timeout: 300000 }, async () => {
  const { pages, problems } = await setupGroup({ people: [{ name: 'Hana Host', preset: 'group_call_host' }, { name: 'Ada', preset: 'group_call_participant' }] });
  try {
    for (const [name, page] of Object.entries(pages)) {
      await expectRoom(page, 'Main Room', ['Hana Host', 'Ada']);
      await page.waitForFunction(() => {
        const grid = document.getElementById('m').shadowRoot.querySelector('rtk-grid');
        return [...grid.shadowRoot.querySelectorAll('rtk-participant-tile')].every((t) => t.shadowRoot.querySelector('video')?.videoWidth > 0);
      });
      const ts = await tiles(page);
      assert.equal(ts.length, 2);
      for (const t of ts) {
        assert.ok(t.crop < 0.02, `${name}: a tile hides ${(t.crop * 100).toFixed(0)} % of the picture (${JSON.stringify(t)})`);
        assert.ok(Math.abs(t.tile - t.picture) / t.picture < 0.08, `${name}: tile aspect ${t.tile.toFixed(2)} vs picture ${t.picture.toFixed(2)}`);
      }
      // side by side on this 1100x700 window, and as large as the grid allows
      assert.ok(Math.abs(ts[0].h - ts[1].h) < 2 && ts[0].w > 400, `${name}: two large tiles (${JSON.stringify(ts)})`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await closeAll(pages);
  }
});

test('Assign dialog, a poll typed in a room, the switcher\'s head counts', { skip, timeout: 400000 }, async () => {
  const { pages, problems } = await setupGroup();
  try {
    const host = pages['Hana Host'];
    await host.bringToFront();
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    await host.getByRole('dialog', { name: 'Create Breakout' }).getByRole('button', { name: 'Create', exact: true }).click();
    const assign = host.getByRole('dialog', { name: 'Assign Participants' });
    const pool = assign.getByRole('list', { name: 'Unassigned participants' });
    await pool.getByRole('button', { name: 'Ada', exact: true }).click();
    await assign.getByRole('button', { name: 'Assign to Room 1' }).click();
    // select Ada again, now in Room 1: assigning her to Room 1 again means nothing
    await assign.getByRole('list', { name: 'Participants in Room 1' }).getByRole('button', { name: 'Ada', exact: true }).click();
    assert.equal(await assign.getByRole('button', { name: 'Assign to Room 1' }).isDisabled(), true, 'Assign to Room 1 is off for someone in Room 1');
    assert.equal(await assign.getByRole('button', { name: 'Assign to Room 2' }).isDisabled(), false, 'Assign to Room 2 is on');
    await assign.getByRole('button', { name: 'Assign to Room 2' }).click();
    await assign.getByRole('list', { name: 'Participants in Room 2' }).getByRole('button', { name: 'Ada', exact: true }).waitFor();
    // shuffle the rest, then once everyone is assigned shuffle everyone again
    await assign.getByRole('button', { name: 'Shuffle', exact: true }).click();
    await assign.getByText('Everyone is assigned.').waitFor();
    const again = assign.getByRole('button', { name: 'Shuffle everyone again' });
    assert.equal(await again.isDisabled(), false, 'shuffle is still offered once everyone is assigned');
    const sizes = async () => [await assign.getByRole('list', { name: 'Participants in Room 1' }).getByRole('listitem').count(),
      await assign.getByRole('list', { name: 'Participants in Room 2' }).getByRole('listitem').count()];
    for (let i = 0; i < 3; i++) {
      await again.click();
      await assign.getByText('Everyone is assigned.').waitFor();
      const [a, b] = await sizes();
      assert.equal(a + b, 3, 'everyone (the host stays out of the pool) is in a room after shuffling again');
      assert.ok(Math.abs(a - b) <= 1, `sizes differ by at most one (${a}, ${b})`);
    }
    await assign.getByRole('button', { name: 'Start Breakout' }).click();
    await host.getByRole('dialog', { name: 'Start breakout rooms?' }).getByRole('button', { name: 'Yes, start' }).click();
    await assign.waitFor({ state: 'detached' });
    const rooms = await host.evaluate(() => document.getElementById('m').s.rooms.map((r) => [r.title, r.participants.map((p) => p.displayName)]));
    const [adaRoom] = rooms.find(([, who]) => who.includes('Ada'));
    const ada = pages.Ada;
    await roomHeading(ada, adaRoom).waitFor();

    // the host types half a poll question in the main room, then joins a room
    await host.getByRole('button', { name: 'Polls' }).click();
    await host.getByLabel('Question').fill('Half typed in the main room');
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const live = host.getByRole('dialog', { name: 'Breakout Rooms' });
    await live.getByRole('button', { name: `Join ${adaRoom}` }).click();
    await roomHeading(host, adaRoom).waitFor();
    if (!(await host.getByLabel('Question').isVisible())) await host.getByRole('button', { name: 'Polls' }).click();
    assert.equal(await host.getByLabel('Question').inputValue(), '', 'the poll draft of the main room is not carried into the room');

    // the participant's switcher: every room with its head count
    await ada.getByRole('button', { name: 'Breakout Rooms' }).click();
    const sw = ada.getByRole('dialog', { name: 'Breakout Rooms' }).getByRole('list', { name: 'Rooms' });
    const items = await sw.getByRole('listitem').allInnerTexts();
    const counts = await host.evaluate(() => {
      const s = document.getElementById('m').s;
      return Object.fromEntries([s.parentMeeting, ...s.rooms].map((m) => [m.title, m.participants.length]));
    });
    for (const [title, n] of Object.entries(counts)) {
      const line = items.find((t) => t.startsWith(title));
      assert.ok(line, `${title} is in the switcher (${JSON.stringify(items)})`);
      assert.match(line, new RegExp(`\\b${n} ${n === 1 ? 'person' : 'people'}\\b`), `${title} shows ${n} (${line})`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await closeAll(pages);
  }
});
