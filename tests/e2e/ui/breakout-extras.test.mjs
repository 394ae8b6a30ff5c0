// End-to-end, the REAL stack (issue 12): the breakout timer, broadcast and ask-for-help through
// the UI kit. rtk-server serves the real SDK (web/dist) and UI kit (ui/dist); four Chromium
// contexts (host + three participants) click by accessible name. The timer's expiry is driven
// by the server's own clock (the REST call only shortens the deadline).
//
// Run: node --test --test-concurrency=1 tests/e2e/ui/
import test from 'node:test';
import assert from 'node:assert/strict';
import { useRealStack, skip, api, setupGroup, roomHeading, expectRoom, roomsSeenByHost, closeAll } from './harness.mjs';

useRealStack();


const timerText = (page) => page.getByRole('timer', { name: 'Breakout time remaining' }).or(page.getByRole('alert', { name: /^Rooms close in/ })).first().innerText();
const seconds = (t) => { const m = /(\d+):(\d\d)(?::(\d\d))?\s*$/.exec(t.replace(/\n/g, ' ').replace(/Add 5 minutes.*$/, '').trim()); if (!m) return NaN; return m[3] ? (+m[1]) * 3600 + (+m[2]) * 60 + (+m[3]) : (+m[1]) * 60 + (+m[2]); };

test('timer, broadcast and ask for help through the UI, host and participants', { skip, timeout: 600000 }, async () => {
  const { meetingId, pages, problems } = await setupGroup();
  try {
    const host = pages['Hana Host'];
    await expectRoom(host, 'Main Room', ['Hana Host', 'Ada', 'Bo', 'Cy']);

    // the host starts two rooms with a 1-minute timer from the start dialog
    await host.bringToFront();
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const create = host.getByRole('dialog', { name: 'Create Breakout' });
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    const assign = host.getByRole('dialog', { name: 'Assign Participants' });
    await assign.getByRole('button', { name: 'Shuffle' }).click();
    await assign.getByText('Everyone is assigned.').waitFor();
    await assign.getByRole('button', { name: 'Start Breakout' }).click();
    const confirm = host.getByRole('dialog', { name: 'Start breakout rooms?' });
    await confirm.getByRole('spinbutton', { name: /Breakout duration in minutes/ }).fill('1');
    await confirm.getByRole('button', { name: 'Yes, start' }).click();
    await assign.waitFor({ state: 'detached' });
    await host.waitForFunction(() => document.getElementById('m').s.rooms.length === 2);
    const rooms = await roomsSeenByHost(host);
    for (const [title, who] of rooms.slice(1)) for (const n of who) await expectRoom(pages[n], title, who);
    const adaRoom = rooms.slice(1).find(([, who]) => who.includes('Ada'))[0];

    // every page counts down from the server's deadline (1:00 at most, and running)
    for (const name of ['Hana Host', 'Ada', 'Bo', 'Cy']) {
      const t = await timerText(pages[name]);
      const left = seconds(t);
      assert.ok(left > 30 && left <= 60, `${name} shows ${t}`);
    }
    const ada = pages.Ada;
    const a0 = seconds(await timerText(ada));
    await ada.waitForTimeout(2200);
    assert.ok(seconds(await timerText(ada)) < a0, 'the countdown runs');
    // only the host gets the controls (self.can.alterConnectedMeetings from the core)
    assert.equal(await ada.getByRole('button', { name: 'Add 5 minutes' }).count(), 0);
    await host.getByRole('button', { name: 'Add 5 minutes' }).click();
    await ada.waitForFunction(() => document.getElementById('m').s.timerRemainingMs() > 5 * 60 * 1000);
    assert.ok(seconds(await timerText(ada)) > 300, 'extended for the participants too');

    // broadcast from the live dialog: a banner in each room and a line in its chat
    await host.getByRole('button', { name: 'Breakout Rooms' }).click();
    const live = host.getByRole('dialog', { name: 'Breakout Rooms' });
    // the host sets a new timer of 10 minutes on the running breakout
    // Typed and submitted on the same element (Enter), after checking it holds the value: a CI run
    // once found the field empty after fill + click on the button (the timer unchanged), which did
    // not happen again in 10 local runs.
    const minutes = live.getByRole('spinbutton', { name: 'Minutes until the rooms close' });
    await minutes.fill('10');
    assert.equal(await minutes.inputValue(), '10');
    assert.equal(await live.getByRole('button', { name: 'Change timer' }).count(), 1);
    await minutes.press('Enter');
    await ada.waitForFunction(() => { const t = document.getElementById('m').s.timerRemainingMs(); return t > 9 * 60000 && t <= 10 * 60000; });
    await live.getByRole('textbox', { name: 'Message to all rooms' }).fill('Two minutes to wrap up');
    await live.getByRole('button', { name: 'Broadcast' }).click();
    for (const name of ['Ada', 'Bo', 'Cy']) {
      const banner = pages[name].getByRole('status', { name: 'Message from the host' });
      await banner.getByText('Two minutes to wrap up').waitFor();
      await banner.getByText('Message from Hana Host:').waitFor();
      await pages[name].waitForFunction(() => document.getElementById('m').s.messages.some((m) => m.message === 'Two minutes to wrap up'));
    }
    assert.equal(await host.getByRole('status', { name: 'Message from the host' }).count(), 0, 'the host in the main room is not a target');
    // to one chosen room only: its members get it, the other room's do not
    const [otherRoom, otherWho] = rooms.slice(1).find(([, who]) => !who.includes('Ada'));
    await live.getByRole('combobox', { name: 'Send to' }).selectOption({ label: adaRoom });
    await live.getByRole('textbox', { name: 'Message to all rooms' }).fill('Only for you');
    await live.getByRole('button', { name: 'Broadcast' }).click();
    await ada.getByRole('status', { name: 'Message from the host' }).getByText('Only for you').waitFor();
    await ada.waitForTimeout(1000);
    for (const n of otherWho) {
      const texts = await pages[n].evaluate(() => document.getElementById('m').s.messages.map((m) => m.message));
      assert.ok(!texts.includes('Only for you'), `${n} in ${otherRoom} did not get the message for ${adaRoom}`);
    }
    await live.getByRole('button', { name: 'Close dialog' }).click();

    // Ada asks for help; the host sees it with the room and joins in one click
    await ada.bringToFront();
    await ada.getByRole('button', { name: 'Ask for help' }).click();
    await ada.getByRole('button', { name: 'Cancel help request' }).waitFor();
    const queue = host.getByRole('region', { name: 'Help requests' }).or(host.locator('rtk-help-queue section')).first();
    await queue.getByText(`in ${adaRoom}`).waitFor();
    assert.equal(await pages.Bo.getByRole('button', { name: /^Join .* to help/ }).count(), 0, 'participants see no queue');
    await host.bringToFront();
    await queue.getByRole('button', { name: `Join ${adaRoom} to help Ada` }).click();
    await roomHeading(host, adaRoom).waitFor();
    await host.waitForFunction(() => document.getElementById('m').s.helpRequests.length === 0);
    await ada.getByRole('button', { name: 'Ask for help' }).waitFor(); // resolved: the button is back
    assert.equal(await host.locator('rtk-help-queue section').count(), 0);

    // the deadline comes closer (REST, the API key); the server warns every room, then closes
    const r = await api('POST', `/v2/meetings/${meetingId}/connected-meetings/timer`, { duration_ms: 8000, grace_ms: 5000 });
    assert.ok(r.version > 0);
    for (const name of ['Hana Host', 'Ada', 'Bo', 'Cy']) await pages[name].getByRole('alert', { name: /^Rooms close in 0:0[0-5]/ }).waitFor();
    for (const name of ['Hana Host', 'Ada', 'Bo', 'Cy']) await roomHeading(pages[name], 'Main Room').waitFor();
    await expectRoom(host, 'Main Room', ['Hana Host', 'Ada', 'Bo', 'Cy']);
    for (const name of ['Hana Host', 'Ada']) {
      assert.equal(await pages[name].getByRole('timer').count(), 0, `${name}: no timer after the close`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await closeAll(pages);
  }
});
