// Themes, phone size and keyboard use of every page: the light and dark themes (the system's by
// default, the header toggle, kept across a reload) with readable contrast in both; at 390x844
// every control is inside the screen and reached by Tab, in page order; the join-links, start
// and delete dialogs take focus, keep it, close with Escape and give it back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openDashboard, shot, waitFor } from './harness.mjs';

let server, browser;
const S = {};
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const m = await server.api('POST', '/v2/meetings', { title: 'Chemistry' });
  S.meetingId = m.json.data.id;
  for (const [name, cid] of [['Ada Lovelace', 'ada'], ['Bo Jensen', 'bo']]) {
    const r = await server.api('POST', `/v2/meetings/${S.meetingId}/participants`, { name, custom_participant_id: cid, preset_name: 'group_call_participant' });
    assert.equal(r.status, 201, r.text);
  }
  const start = await server.api('POST', `/v2/meetings/${S.meetingId}/connected-meetings/start`, { meetings: [{ title: 'Room A' }, { title: 'Room B' }] });
  assert.equal(start.status, 201, start.text);
});
after(async () => { await browser?.close(); await server?.stop(); });

// WCAG contrast ratio of two CSS colours (rgb()/hex as the browser computes them).
const CONTRAST = `(a, b) => {
  const rgb = (c) => { const d = document.createElement('div'); d.style.color = c; document.body.append(d);
    const m = getComputedStyle(d).color.match(/\\d+(\\.\\d+)?/g).map(Number); d.remove(); return m; };
  const lum = (c) => { const [r, g, b] = rgb(c).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}`;

async function palette(page) {
  return page.evaluate((contrastSrc) => {
    const contrast = eval(contrastSrc);  // eslint-disable-line no-eval
    const host = document.querySelector('rtk-dashboard');
    const v = (n) => getComputedStyle(host).getPropertyValue(n).trim();
    const pairs = [['--text', '--bg'], ['--text', '--surface'], ['--muted', '--surface'], ['--muted', '--bg'], ['--accent', '--surface'],
      ['--accent-text', '--accent'], ['--danger', '--surface'], ['--ok', '--surface'], ['--ok', '--bg']];
    return { theme: host.getAttribute('theme'), bg: getComputedStyle(document.documentElement).backgroundColor,
      ratios: Object.fromEntries(pairs.map(([f, b]) => [`${f} on ${b}`, Math.round(contrast(v(f), v(b)) * 100) / 100])) };
  }, CONTRAST);
}

test('themes: the system\u2019s by default, the header toggle switches and is kept; text is readable in both', async () => {
  const light = await openDashboard(browser, server, { colorScheme: 'light' });
  let p = await palette(light.page);
  assert.equal(p.theme, 'light');
  const lightBg = p.bg;
  for (const [pair, r] of Object.entries(p.ratios)) assert.ok(r >= 4.5, `light: ${pair} contrast ${r} < 4.5`);
  const toggle = light.page.getByRole('button', { name: 'Dark theme' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  p = await palette(light.page);
  assert.equal(p.theme, 'dark');
  assert.notEqual(p.bg, lightBg, 'the page background changed with the theme');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  for (const [pair, r] of Object.entries(p.ratios)) assert.ok(r >= 4.5, `dark: ${pair} contrast ${r} < 4.5`);
  await light.page.goto(`${server.base}/dashboard/#/meetings/${S.meetingId}`);
  await light.page.reload();
  await light.page.getByRole('heading', { name: 'Chemistry' }).waitFor();
  assert.equal((await palette(light.page)).theme, 'dark', 'the choice is kept across a reload');
  await shot(light.page, 'participants-dark');
  await toggle.click();
  assert.equal((await palette(light.page)).theme, 'light');
  assert.equal((await palette(light.page)).bg, lightBg);
  await light.context.close();

  const dark = await openDashboard(browser, server, { colorScheme: 'dark' });
  assert.equal((await palette(dark.page)).theme, 'dark', 'a dark system gets the dark theme');
  assert.deepEqual([...light.errors, ...dark.errors], []);
  await dark.context.close();
});

// The visible, enabled controls of the page in document order (through shadow roots), each
// marked with data-kbd, and the deep active element.
const CONTROLS = () => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const focusable = el.matches('button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled])');
      if (focusable && !el.closest('dialog:not([open])') && !el.closest('.sr-only')) {
        const r = el.getBoundingClientRect();
        const cs = getComputedStyle(el);
        if (r.width > 0 && r.height > 0 && cs.visibility !== 'hidden') {
          el.dataset.kbd = String(out.length);
          out.push({ kbd: String(out.length), tag: el.tagName, name: el.getAttribute('aria-label') || el.labels?.[0]?.textContent.trim() || el.textContent.trim(),
            left: r.left + scrollX, right: r.right + scrollX });
        }
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
};
const ACTIVE = () => { let a = document.activeElement; while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement; return a?.dataset?.kbd ?? a?.tagName ?? null; };

test('at 390x844 every control of every page is on screen and reached by Tab, in order', async () => {
  const phone = await openDashboard(browser, server, { viewport: { width: 390, height: 844 } });
  const routes = [['#/presets', 'Presets'], ['#/presets/new', 'New preset'], ['#/meetings', 'Meetings'],
    [`#/meetings/${S.meetingId}`, 'Chemistry'], [`#/meetings/${S.meetingId}/live`, 'Chemistry'], [`#/meetings/${S.meetingId}/recordings`, 'Chemistry']];
  for (const [route, heading] of routes) {
    await phone.page.goto(`${server.base}/dashboard/${route}`);
    await phone.page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    if (route.endsWith('/live')) await phone.page.locator('[data-room="Room B"]').waitFor();
    if (route.endsWith('/recordings')) await phone.page.getByText('Recording needs the SFU mode.').waitFor();
    if (route === `#/meetings/${S.meetingId}`) await phone.page.locator('tr[data-participant="bo"]').waitFor();
    await phone.page.waitForTimeout(200);
    const controls = await phone.page.evaluate(CONTROLS);
    assert.ok(controls.length >= 4, `${route}: ${controls.length} controls found`);
    const off = controls.filter((c) => c.left < 0 || c.right > 390 + 0.5);
    assert.deepEqual(off, [], `${route}: controls outside the 390 px screen`);
    // Tab from the top of the document: every control is reached, in document order.
    await phone.page.evaluate(() => {  // nothing focused (the route change focused <main>)
      let a = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      a?.blur();
      window.scrollTo(0, 0);
    });
    const seen = [];
    for (let i = 0; i < controls.length + 6 && seen.length < controls.length; i++) {
      await phone.page.keyboard.press('Tab');
      const a = await phone.page.evaluate(ACTIVE);
      if (a !== null && /^\d+$/.test(a) && !seen.includes(a)) seen.push(a);
    }
    const missed = controls.filter((c) => !seen.includes(c.kbd)).map((c) => `${c.tag} ${c.name}`);
    assert.deepEqual(missed, [], `${route}: not reached by Tab`);
    // In page order, starting where focus was (the route change puts it on <main>) and
    // wrapping round through the browser's own UI back to the header.
    const at = seen.indexOf(controls[0].kbd);
    assert.deepEqual([...seen.slice(at), ...seen.slice(0, at)], controls.map((c) => c.kbd), `${route}: Tab order is not the page order`);
  }
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});

const deepActiveIn = (dialogEl) => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return dialogEl.contains(a);
};
// Where focus is while a modal dialog is open: 'dialog', 'none' (the browser's own UI: a native
// modal dialog lets Tab go there past its last control, never to the inert page) or 'page'.
const focusWhere = (dialogEl) => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  if (dialogEl.contains(a)) return 'dialog';
  return a === null || a === document.body ? 'none' : 'page';
};

async function checkDialog(page, opener, dialog, what) {
  await opener.focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await waitFor(() => dialog.evaluate(deepActiveIn), { what: `${what}: focus in the dialog` });
  const where = [];
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    where.push(await dialog.evaluate(focusWhere));
  }
  assert.ok(!where.includes('page'), `${what}: Tab reached the page behind the dialog: ${where}`);
  assert.ok(where.filter((w) => w === 'dialog').length >= 10, `${what}: Tab did not come back into the dialog: ${where}`);
  // Shift+Tab too, and the dialog ends with focus inside.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
  await waitFor(async () => { if ((await dialog.evaluate(focusWhere)) !== 'dialog') await page.keyboard.press('Tab'); return (await dialog.evaluate(focusWhere)) === 'dialog'; }, { what: `${what}: focus back in the dialog` });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await opener.evaluate((el) => el.getRootNode().activeElement === el), true, `${what}: focus back on the opener`);
}

test('dialogs take focus, keep it on Tab, close with Escape and give it back (phone size, keyboard only)', async () => {
  const phone = await openDashboard(browser, server, { viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
  const { page } = phone;
  await page.goto(`${server.base}/dashboard/#/meetings/${S.meetingId}`);
  const opener = page.getByRole('button', { name: 'Join links for Ada Lovelace' });
  const links = page.getByRole('dialog', { name: 'Join links for Ada Lovelace' });
  await checkDialog(page, opener, links, 'join links');
  // On the phone the dialog fits the screen: nothing sideways, Copy and Close on screen.
  await opener.click();
  await links.waitFor();
  const box = await links.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
  assert.ok(await links.evaluate((d) => d.scrollWidth <= d.clientWidth), 'the dialog scrolls sideways');
  for (const name of ['Copy Script tag link', 'Open Angular link', 'Refresh token', 'Close']) {
    const b = await links.getByRole(name.startsWith('Open') ? 'link' : 'button', { name }).boundingBox();
    assert.ok(b && b.x >= 0 && b.x + b.width <= 390, `${name}: ${JSON.stringify(b)}`);
  }
  await shot(page, 'join-links-phone-dark', { fullPage: false });
  await links.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('link', { name: 'Live' }).click();
  await page.locator('[data-room="Room B"]').waitFor();
  await checkDialog(page, page.getByRole('button', { name: 'Start breakout' }), page.getByRole('dialog', { name: 'Start the breakout?' }), 'start breakout');

  await page.goto(`${server.base}/dashboard/#/presets`);
  await checkDialog(page, page.getByRole('button', { name: 'Delete group_call_host' }), page.getByRole('dialog', { name: 'Delete preset group_call_host?' }), 'delete preset');
  assert.equal((await server.api('GET', '/v2/presets')).json.paging.total_count, 2, 'Escape deleted nothing');
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});

// The deep active element: tag, accessible name (aria-label or label), and the room it is in.
const deepActive = () => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  if (!a) return null;
  const name = a.getAttribute('aria-label') ?? a.labels?.[0]?.textContent.trim() ?? a.textContent.trim().slice(0, 40);
  const room = a.closest('[data-room]')?.dataset.room;
  return `${a.tagName} ${name}${room ? ` in ${room}` : ''}`;
};
// The action's re-render and refocus follow its status message: wait (bounded) for the focus.
async function focusIs(page, want) {
  let got;
  try {
    await waitFor(async () => (got = await page.evaluate(deepActive)) === want, { timeout: 5000, what: want });
  } catch { assert.equal(got, want, 'focus'); }
}

test('live, keyboard only: move a person and delete a room; focus stays on something useful', async () => {
  const { page, context, errors } = await openDashboard(browser, server);
  await page.goto(`${server.base}/dashboard/#/meetings/${S.meetingId}/live`);
  await page.locator('[data-room="Room A"]').waitFor();
  const v0 = (await server.api('GET', `/v2/meetings/${S.meetingId}/connected-meetings`)).json.data;
  const roomOf = (v, cid) => [v.parent_meeting, ...v.meetings].find((m) => m.participants.some((p) => p.custom_participant_id === cid))?.title;
  const from = roomOf(v0, 'ada');
  const select = page.getByLabel('Move Ada Lovelace to');
  await select.focus();
  // Chromium's closed <select> changes its value with the arrow keys; pick the room after Ada's.
  const options = await select.locator('option').allTextContents();
  const to = options[(options.indexOf(from) + 1) % options.length];
  await select.selectOption({ label: to });  // the keyboard equivalent, without opening the popup
  await page.keyboard.press('Tab');
  assert.match(await page.evaluate(deepActive), /^BUTTON Move Ada Lovelace in /);
  await page.keyboard.press('Enter');
  await page.locator(`[data-room="${to}"] [data-person="ada"]`).waitFor();
  assert.equal(roomOf((await server.api('GET', `/v2/meetings/${S.meetingId}/connected-meetings`)).json.data, 'ada'), to);
  await page.getByText(`Ada Lovelace moved to ${to}.`).waitFor();
  // Focus follows the person to their Move control in the new room.
  await focusIs(page, `SELECT Move Ada Lovelace to in ${to}`);

  // Delete a room: focus goes to the next room's Delete button (here the one before it).
  await page.getByRole('button', { name: 'Delete room Room B' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Room B deleted').waitFor();
  await focusIs(page, 'BUTTON Delete room Room A in Room A');
  // Close breakout: its button is then disabled; focus goes to Start breakout.
  await page.getByRole('button', { name: 'Close breakout' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Breakout closed').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Close breakout' }).isDisabled(), true);
  await focusIs(page, 'BUTTON Start breakout');
  // Start again by keyboard: the confirmation, then focus back on Start breakout.
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Start the breakout?' });
  await confirm.waitFor();
  await focusIs(page, 'BUTTON Yes, start');
  await page.keyboard.press('Enter');
  await page.getByText('Breakout started with 2 rooms.').waitFor();
  await focusIs(page, 'BUTTON Start breakout');
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: removing a participant or deleting a preset leaves focus on the next row', async () => {
  const { page, context, errors } = await openDashboard(browser, server);
  for (const [name, cid] of [['Cy Young', 'cy'], ['Di Prince', 'di']]) {
    await server.api('POST', `/v2/meetings/${S.meetingId}/participants`, { name, custom_participant_id: cid, preset_name: 'group_call_participant' });
  }
  await page.goto(`${server.base}/dashboard/#/meetings/${S.meetingId}`);
  await page.locator('tr[data-participant="di"]').waitFor();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Remove Cy Young' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Cy Young removed.').waitFor();
  await focusIs(page, 'BUTTON Remove Di Prince');
  page.once('dialog', (d) => d.accept());
  await page.keyboard.press('Enter');  // the last row: focus goes to the row before it
  await page.getByText('Di Prince removed.').waitFor();
  await focusIs(page, 'BUTTON Remove Bo Jensen');
  assert.deepEqual((await server.api('GET', `/v2/meetings/${S.meetingId}/participants`)).json.data.map((p) => p.custom_participant_id), ['ada', 'bo']);

  for (const name of ['temp_a', 'temp_b']) await server.api('POST', '/v2/presets', { name });
  await page.goto(`${server.base}/dashboard/#/presets`);
  await page.getByRole('cell', { name: 'temp_b', exact: true }).waitFor();
  const names = await page.locator('tr[data-preset]').evaluateAll((rows) => rows.map((r) => r.dataset.preset));
  const next = names[names.indexOf('temp_a') + 1] ?? names[names.indexOf('temp_a') - 1];
  await page.getByRole('button', { name: 'Delete temp_a' }).focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Delete preset temp_a?' });
  await confirm.waitFor();
  await confirm.getByRole('button', { name: 'Delete' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Preset temp_a deleted.').waitFor();
  await focusIs(page, `BUTTON Delete ${next}`);
  assert.deepEqual(errors, []);
  await context.close();
});
