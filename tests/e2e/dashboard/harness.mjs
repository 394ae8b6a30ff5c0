// Harness of the dashboard browser tests: the real rtk-server (RTK_SERVER_BIN or
// build/native) serving the built dashboard (dashboard/dist, or RTK_DASHBOARD_DIST) with
// --dashboard-dir, a small static dir with the script-tag example page (for join links), and
// Debian's Chromium through playwright-core.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../../..');
export const API_KEY = 'dashboard-e2e-api-key-5f3a9c';
export const SCREENSHOTS = join(root, 'docs/screenshots');

export function serverBin() {
  for (const c of [process.env.RTK_SERVER_BIN, 'build/native/src/server/rtk-server'])
    if (c && existsSync(resolve(root, c))) return resolve(root, c);
  throw new Error('rtk-server not found: build it (cmake --build build/native --target rtk-server) or set RTK_SERVER_BIN');
}

export function dashboardDir() {
  const d = resolve(root, process.env.RTK_DASHBOARD_DIST || 'dashboard/dist');
  if (!existsSync(join(d, 'index.html')) || !existsSync(join(d, 'dashboard.js')))
    throw new Error(`${d} has no index.html/dashboard.js: run "npm run build --prefix dashboard" first`);
  return d;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
];

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// The staged site of scripts/build.sh (RTK_STATIC_DIR, default build/static): the SDK, the UI
// kit and the built examples, for tests that join a meeting from a dashboard link. Everything
// is built before the browser tests run (scripts/test.sh), so a missing part is a failure.
export function builtSite() {
  const d = resolve(root, process.env.RTK_STATIC_DIR || 'build/static');
  const missing = ['sdk/browser.js', 'ui/browser.js', 'script-tag/index.html', 'react/index.html', 'angular/index.html', 'index.html']
    .filter((f) => !existsSync(join(d, f)));
  if (missing.length) throw new Error(`${d} lacks ${missing.join(', ')}: run scripts/build.sh or set RTK_STATIC_DIR`);
  return d;
}

// `site: 'built'` serves the staged site (builtSite()); by default a small static dir with the
// script-tag example's source only (its page loads, nothing joins from it).
// `apiKey: null` lets the server generate its key (read back from <data dir>/api_key).
export async function startServer({ site = 'source', apiKey = API_KEY } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'rtk-dashboard-e2e-'));
  let staticDir = join(work, 'static');
  if (site === 'built') {
    staticDir = builtSite();
  } else {
    mkdirSync(join(staticDir, 'script-tag'), { recursive: true });
    cpSync(join(root, 'examples/script-tag'), join(staticDir, 'script-tag'), { recursive: true });
  }
  const args = ['--port', '0', '--data-dir', join(work, 'data'), '--static-dir', staticDir,
    '--dashboard-dir', dashboardDir(), ...(apiKey === null ? [] : ['--api-key', apiKey])];
  const proc = spawn(serverBin(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => proc.on('exit', (code, signal) => r({ code, signal })));
  const port = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('rtk-server did not start: ' + stderr)), 20000);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /"event":"listening"[^\n]*"port":(\d+)|"port":(\d+)[^\n]*"event":"listening"/.exec(stdout);
      if (m) { clearTimeout(timer); res(Number(m[1] ?? m[2])); }
    });
    exited.then((e) => rej(new Error(`rtk-server exited ${JSON.stringify(e)}: ${stderr}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const key = apiKey ?? readFileSync(join(work, 'data', 'api_key'), 'utf8').trim();
  const server = {
    port, base, apiKey: key,
    log: () => stdout + stderr,
    async api(method, path, body, auth = key) {
      const res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, json, text };
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
      rmSync(work, { recursive: true, force: true });
    },
  };
  return server;
}

// A fresh context on the dashboard; `signIn` types the key into the sign-in form.
export async function openDashboard(browser, server, { key = server.apiKey, signIn = true, viewport = { width: 1280, height: 860 }, colorScheme = 'light', permissions = [] } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, permissions });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message + ' ' + e.stack));
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.base + '/dashboard');
  if (signIn) {
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  }
  return { page, context, errors, requests };
}

export async function shot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${name}.png`), fullPage });
}

export async function waitFor(fn, { timeout = 15000, every = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}
