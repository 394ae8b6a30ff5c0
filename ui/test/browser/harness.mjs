// Shared browser-test plumbing: a static file server on 127.0.0.1 and Debian's Chromium.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png' };

/** Serves files under `root` (no directory listing, no escaping the root). */
export async function serveStatic(root) {
  const base = resolve(root);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://x');
      const file = normalize(join(base, decodeURIComponent(url.pathname)));
      if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection'];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** Fails the test on any page error or console error, and on any request that leaves 127.0.0.1. */
export function guardPage(page, problems) {
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('request', (r) => { const u = new URL(r.url()); if (!['127.0.0.1', ''].includes(u.hostname) && u.protocol !== 'data:' && u.protocol !== 'blob:') problems.push(`external request: ${r.url()}`); });
}

/**
 * Reads `read()` until `check(value)` stops throwing (an assertion), or rethrows the last
 * failure after `timeout` ms. For state the UI reaches asynchronously (Lit renders after the
 * event that changed it): the check is the assertion itself, so a state never reached fails.
 */
export async function eventually(read, check, { timeout = 10000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (e) {
      if (Date.now() > end) throw e;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Opens the fake-meeting fixture page (ui/test/fixtures/page.html) under `baseUrl`, guarded by
 * guardPage, and sets up the scenario `opts` (after `beforeSetup`, evaluated in the page, if given).
 */
export async function openScenario(browser, baseUrl, opts, { viewport = { width: 1280, height: 760 }, beforeSetup = null } = {}) {
  const page = await browser.newPage({ viewport, colorScheme: opts.colorScheme ?? 'light' });
  const problems = [];
  guardPage(page, problems);
  await page.route('**/favicon.ico', (r) => r.fulfill({ status: 204 }));
  await page.goto(`${baseUrl}/test/fixtures/page.html`);
  await page.waitForFunction(() => window.scenarioReady);
  if (beforeSetup) await page.evaluate(beforeSetup);
  await page.evaluate((o) => window.setupScenario(o), opts);
  return { page, problems };
}
