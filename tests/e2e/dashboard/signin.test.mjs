// Sign-in: a wrong key gets a clear message and is not kept; the right key is kept in
// sessionStorage only (not localStorage, not the URL), sent as the Bearer header, survives a
// reload of the tab, and never shows up in the server's log; sign-out forgets it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, openDashboard, shot, API_KEY } from './harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('a wrong key is refused with a clear message and not stored', async () => {
  const { page, context, errors } = await openDashboard(browser, server, { signIn: false });
  await page.getByLabel('API key').fill('not-the-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.locator('#signin-error');
  await alert.getByText('The API key was not accepted').waitFor();
  assert.equal(await page.getByLabel('API key').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).count(), 0);
  await shot(page, 'sign-in');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the right key signs in, is kept in sessionStorage only and sent as Bearer', async () => {
  const { page, context, errors, requests } = await openDashboard(browser, server, { signIn: false });
  const auth = [];
  page.on('request', (r) => { if (r.url().includes('/v2/')) auth.push(r.headers().authorization); });
  await page.getByLabel('API key').fill(API_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Presets' }).waitFor();
  await page.getByRole('cell', { name: 'group_call_host', exact: true }).waitFor();
  assert.ok(auth.length > 0 && auth.every((a) => a === `Bearer ${API_KEY}`), JSON.stringify(auth));
  const stored = await page.evaluate(() => ({ s: Object.values(sessionStorage), l: Object.keys(localStorage).map((k) => localStorage.getItem(k)) }));
  assert.deepEqual(stored.s, [API_KEY]);
  assert.ok(!stored.l.includes(API_KEY));
  // Reload: still signed in (same tab); the key is in no URL the page requested.
  await page.reload();
  await page.getByRole('cell', { name: 'group_call_participant', exact: true }).waitFor();
  assert.ok(requests.every((u) => !u.includes(API_KEY)), 'the key appeared in a URL');
  assert.ok(!page.url().includes(API_KEY));
  // Sign out forgets the key.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  // A new tab (new session) must sign in again.
  const page2 = await context.newPage();
  await page2.goto(server.base + '/dashboard/');
  await page2.getByLabel('API key').waitFor();
  assert.ok(!server.log().includes(API_KEY), 'the API key appeared in the server log');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the dashboard is served at /dashboard and /dashboard/ from --dashboard-dir, with no external fetches', async () => {
  for (const p of ['/dashboard', '/dashboard/', '/dashboard/index.html']) {
    const r = await fetch(server.base + p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers.get('content-type'), /text\/html/);
  }
  assert.equal((await fetch(server.base + '/dashboard/dashboard.js')).status, 200);
  assert.equal((await fetch(server.base + '/dashboard/../dashboard/x')).status, 404);
  assert.equal((await fetch(server.base + '/dashboardx')).status, 404);
  const { page, context, requests } = await openDashboard(browser, server);
  await page.getByRole('cell', { name: 'group_call_host', exact: true }).waitFor();
  const origin = new URL(server.base).origin;
  assert.ok(requests.every((u) => new URL(u).origin === origin), JSON.stringify(requests.filter((u) => !u.startsWith(origin))));
  await context.close();
});

test('keyboard only: sign in with Enter; a dialog takes focus, Escape closes it and focus returns', async () => {
  const { page, context, errors } = await openDashboard(browser, server, { signIn: false });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.querySelector('rtk-dashboard').shadowRoot.activeElement?.id), 'api-key');
  await page.keyboard.type(API_KEY);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByRole('link', { name: 'Meetings' }).focus();
  await page.keyboard.press('Enter');
  const newMeeting = page.getByRole('button', { name: 'New meeting' });
  await newMeeting.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New meeting' });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel('Title').evaluate((el) => el.getRootNode().activeElement === el), true);
  await page.keyboard.type('Typed meeting');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await newMeeting.evaluate((el) => el.getRootNode().activeElement === el), true);
  const list = await server.api('GET', '/v2/meetings?search=typed');
  assert.equal(list.json.paging.total_count, 0, 'Escape created nothing');
  // Enter in the dialog submits.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.type('Typed meeting');
  await page.keyboard.press('Enter');
  await page.getByText('Meeting Typed meeting created.').waitFor();
  assert.equal((await server.api('GET', '/v2/meetings?search=typed')).json.paging.total_count, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a key the server generated (no --api-key) signs in, and is in no log line of the server', async () => {
  const own = await startServer({ apiKey: null });
  try {
    assert.ok(own.apiKey.length >= 32 && own.apiKey !== API_KEY);
    const { page, context, errors } = await openDashboard(browser, own);
    await page.getByRole('cell', { name: 'group_call_host', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Meetings' }).click();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    const lines = own.log().split('\n').filter(Boolean);
    // The server said it generated a key, and where it is; it logged the dashboard's requests.
    assert.ok(lines.some((l) => l.includes('"event":"api_key_generated"') && l.includes('/api_key')), 'no api_key_generated line');
    assert.ok(lines.some((l) => l.includes('"path":"/v2/meetings"')), 'no request line for /v2/meetings');
    assert.deepEqual(lines.filter((l) => l.includes(own.apiKey)), [], 'the generated API key appeared in the server log');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await own.stop();
  }
});

test('a key that stops being accepted mid-session signs the tab out with a message', async () => {
  const { page, context, errors } = await openDashboard(browser, server);
  await page.getByRole('cell', { name: 'group_call_host', exact: true }).waitFor();
  // As if the server had been restarted with another --api-key: the kept key is now refused.
  await page.evaluate(() => sessionStorage.setItem('openrtk.dashboard.apiKey', 'rotated-away'));
  await page.getByRole('link', { name: 'Meetings' }).click();
  await page.locator('#signin-error').getByText('Your API key is no longer accepted. Sign in again.').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the refused key is forgotten');
  await page.getByLabel('API key').fill(API_KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Meetings' }).waitFor();
  assert.ok(!server.log().includes('rotated-away'));
  assert.deepEqual(errors, []);
  await context.close();
});
