// @openrtk/react-ui's generic factory in real Chromium (React 19 + the real @openrtk/ui
// elements, bundled with esbuild): which props become element properties, attributes or
// event listeners, and that changed/removed handlers and properties are updated.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;
let browser;
let page;

before(async () => {
  if (skip) return;
  const out = await build({
    stdin: {
      contents: `
        import { createElement } from 'react';
        import { flushSync } from 'react-dom';
        import { createRoot } from 'react-dom/client';
        import { createComponent, RtkBreakoutRoomParticipants } from '../react-ui/dist/index.js';
        window.T = { createElement, flushSync, createRoot, createComponent, RtkBreakoutRoomParticipants };`,
      resolveDir: here,
    },
    bundle: true, write: false, format: 'iife', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><div id="root"></div>');
  await page.addScriptTag({ content: out.outputFiles[0].text });
  assert.deepEqual(errors, []);
});
after(async () => { await browser?.close(); });

test('props: declared properties are set as properties, others as attributes, on<Event> as listeners', { skip }, async () => {
  const r = await page.evaluate(() => {
    const { createElement: h, flushSync, createRoot, createComponent } = window.T;
    class XProbe extends HTMLElement {
      get data() { return this._data; }
      set data(v) { this._data = v; }
    }
    customElements.define('x-probe', XProbe);
    const Probe = createComponent('x-probe', XProbe);
    const root = createRoot(document.getElementById('root'));
    const calls = [];
    const obj = { big: 'object' };
    const render = (props) => flushSync(() => root.render(h(Probe, props)));
    const el = () => document.querySelector('x-probe');
    const out = {};
    render({ data: obj, label: 'hello', className: 'c', onPing: (e) => calls.push(['h1', e.detail]) });
    out.first = { sameObject: el().data === obj, dataAttr: el().hasAttribute('data'), label: el().getAttribute('label'), cls: el().getAttribute('class') };
    el().dispatchEvent(new CustomEvent('ping', { detail: 1 }));
    render({ data: obj, onPing: (e) => calls.push(['h2', e.detail]) });
    const node = el();
    el().dispatchEvent(new CustomEvent('ping', { detail: 2 }));
    render({});
    el().dispatchEvent(new CustomEvent('ping', { detail: 3 }));
    out.after = { sameNode: node === el(), data: el().data === undefined, label: el().hasAttribute('label') };
    out.calls = calls;
    root.unmount();
    return out;
  });
  assert.deepEqual(r.first, { sameObject: true, dataAttr: false, label: 'hello', cls: 'c' });
  assert.deepEqual(r.calls, [['h1', 1], ['h2', 2]], 'the latest handler runs; a removed one does not');
  assert.deepEqual(r.after, { sameNode: true, data: true, label: false });
});

test('a real @openrtk/ui element: array property in, custom event out', { skip }, async () => {
  const r = await page.evaluate(async () => {
    const { createElement: h, flushSync, createRoot, RtkBreakoutRoomParticipants } = window.T;
    const root = createRoot(document.getElementById('root'));
    const got = [];
    flushSync(() => root.render(h(RtkBreakoutRoomParticipants, {
      participants: [{ id: 'p1', name: 'Ada' }, { id: 'p2', name: 'Bo' }],
      selectedParticipantIds: ['p2'],
      onSelectedParticipantsUpdate: (e) => got.push(e.detail),
    })));
    const el = document.querySelector('rtk-breakout-room-participants');
    await el.updateComplete;
    const buttons = [...el.shadowRoot.querySelectorAll('button[aria-pressed]')];
    const pressed = buttons.map((b) => [b.textContent.trim(), b.getAttribute('aria-pressed')]);
    buttons[0].click();
    root.unmount();
    return { pressed, got };
  });
  assert.deepEqual(r.pressed, [['Ada', 'false'], ['Bo', 'true']]);
  assert.deepEqual(r.got, [['p2', 'p1']]);
});
