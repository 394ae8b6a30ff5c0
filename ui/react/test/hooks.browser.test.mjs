// @openrtk/react's provider and hooks in real Chromium with React 19, driven by an in-page
// stand-in meeting (emitters with the SDK's '*' wildcard and delivery of meetingChanged to the
// current object): deterministic checks under the real-stack test in
// tests/e2e/examples/react.test.mjs. No timers: every step is flushSync'ed.
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
        import { createElement, useEffect, useState } from 'react';
        import { flushSync } from 'react-dom';
        import { createRoot } from 'react-dom/client';
        import * as hooks from '../react/dist/index.js';
        window.T = { createElement, useEffect, useState, flushSync, createRoot, hooks };`,
      resolveDir: here,
    },
    bundle: true, write: false, format: 'iife', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'error',
    // useRealtimeKitClient's init goes to window.__init (the stand-in meeting), not the wasm SDK
    plugins: [{
      name: 'stub-sdk',
      setup(b) {
        b.onResolve({ filter: /^@openrtk\/client$/ }, () => ({ path: 'sdk', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { init: (o) => window.__init(o) };', loader: 'js' }));
      },
    }],
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  page = await browser.newPage();
  await page.setContent('<!doctype html><div id="root"></div>');
  await page.addScriptTag({ content: out.outputFiles[0].text });
  await page.evaluate(() => {
    class Em {
      constructor() { this.l = new Map(); }
      on(e, f) { (this.l.get(e) ?? this.l.set(e, []).get(e)).push(f); return this; }
      off(e, f) { const a = this.l.get(e); if (a) { const i = a.indexOf(f); if (i >= 0) a.splice(i, 1); } return this; }
      count(e) { return (this.l.get(e) ?? []).length; }
      emit(e, ...args) { for (const f of [...(this.l.get(e) ?? [])]) f(...args); if (e !== '*') for (const f of [...(this.l.get('*') ?? [])]) f(e, ...args); }
    }
    window.fakeMeeting = (id, title) => {
      const joined = Object.assign(new Map(), {});
      const jem = new Em();
      for (const k of ['on', 'off', 'emit', 'count']) joined[k] = jem[k].bind(jem);
      return {
        id,
        self: Object.assign(new Em(), { roomJoined: true, userId: 'me' }),
        meta: Object.assign(new Em(), { meetingId: id, meetingTitle: title, isParent: false }),
        participants: { joined, all: joined },
        chat: new Em(),
        polls: new Em(),
        connectedMeetings: Object.assign(new Em(), { meetings: [], parentMeeting: null }),
      };
    };
  });
});
after(async () => { await browser?.close(); });

test('provider: three switches, no fallback frame, children never unmounted, selectors follow', { skip }, async () => {
  const r = await page.evaluate(() => {
    const { createElement: h, useEffect, flushSync, createRoot, hooks } = window.T;
    const { RealtimeKitProvider, useRealtimeKitSelector, useRealtimeKitMeeting } = hooks;
    const log = [];
    let mounts = 0;
    let unmounts = 0;
    function Panel() {
      const title = useRealtimeKitSelector((m) => m.meta.meetingTitle);
      const n = useRealtimeKitSelector((m) => m.participants.joined.size);
      const { meeting } = useRealtimeKitMeeting();
      useEffect(() => { mounts++; return () => { unmounts++; }; }, []);
      log.push(`${title}:${n}:${meeting.id}`);
      return h('p', { id: 'panel' }, `${title} (${n})`);
    }
    const A = window.fakeMeeting('a', 'Main Room');
    const B = window.fakeMeeting('b', 'Room 1');
    const C = window.fakeMeeting('c', 'Room 2');
    const D = window.fakeMeeting('d', 'Main Room');
    const root = createRoot(document.getElementById('root'));
    const shown = [];
    const text = () => document.getElementById('root').textContent;
    // the app keeps passing A: the provider follows by itself
    flushSync(() => root.render(h(RealtimeKitProvider, { value: A, fallback: h('i', null, 'FALLBACK') }, h(Panel))));
    shown.push(text());
    const listeners = () => [A, B, C, D].map((m) => m.connectedMeetings.count('meetingChanged'));
    const before = listeners();
    flushSync(() => A.connectedMeetings.emit('meetingChanged', B));
    shown.push(text());
    const afterFirst = listeners();
    flushSync(() => B.connectedMeetings.emit('meetingChanged', C));
    shown.push(text());
    flushSync(() => C.connectedMeetings.emit('meetingChanged', D));
    shown.push(text());
    // the old objects' events no longer reach the panel
    const renders = log.length;
    flushSync(() => { A.participants.joined.set('x', {}); A.participants.joined.emit('participantJoined', {}); });
    const staleRenders = log.length - renders;
    // the current one's do
    flushSync(() => { D.participants.joined.set('y', {}); D.participants.joined.emit('participantJoined', {}); });
    shown.push(text());
    root.unmount();
    return { shown, log, mounts, unmounts, before, afterFirst, staleRenders, fallbackSeen: log.some((l) => l.includes('FALLBACK')) };
  });
  assert.deepEqual(r.shown, ['Main Room (0)', 'Room 1 (0)', 'Room 2 (0)', 'Main Room (0)', 'Main Room (1)']);
  assert.ok(!r.shown.includes('FALLBACK'));
  assert.equal(r.mounts, 1, 'the panel mounted once');
  assert.equal(r.unmounts, 1, 'and unmounted only with the root');
  assert.deepEqual(r.before, [1, 0, 0, 0]);
  assert.deepEqual(r.afterFirst, [0, 1, 0, 0], 'the follower moved to the new object');
  assert.equal(r.staleRenders, 0);
  assert.deepEqual(r.log.map((l) => l.split(':')[2]), ['a', 'b', 'c', 'd', 'd']);
});

test('selector re-renders only when its selected value changes', { skip }, async () => {
  const r = await page.evaluate(() => {
    const { createElement: h, flushSync, createRoot, hooks } = window.T;
    const M = window.fakeMeeting('a', 'Main Room');
    M.connectedMeetings.meetings = [{ id: 'r1', title: 'Room 1', participants: [] }];
    let renders = 0;
    function Rooms() {
      const titles = hooks.useRealtimeKitSelector((m) => m.connectedMeetings.meetings.map((x) => x.title));
      renders++;
      return h('p', null, titles.join(','));
    }
    const root = createRoot(document.getElementById('root'));
    flushSync(() => root.render(h(hooks.RealtimeKitProvider, { value: M }, h(Rooms))));
    const steps = [];
    const step = (name, fn) => { const n = renders; flushSync(fn); steps.push([name, renders - n, document.getElementById('root').textContent]); };
    step('unrelated chat event', () => M.chat.emit('chatUpdate', {}));
    step('same titles, new array', () => { M.connectedMeetings.meetings = [{ id: 'r1', title: 'Room 1', participants: [] }]; M.connectedMeetings.emit('stateUpdate', {}); });
    step('rename', () => { M.connectedMeetings.meetings = [{ id: 'r1', title: 'Design', participants: [] }]; M.connectedMeetings.emit('stateUpdate', {}); });
    step('same length, reordered', () => {
      M.connectedMeetings.meetings = [{ id: 'r1', title: 'Design' }, { id: 'r2', title: 'Ops' }]; M.connectedMeetings.emit('stateUpdate', {});
      M.connectedMeetings.meetings = [{ id: 'r2', title: 'Ops' }, { id: 'r1', title: 'Design' }]; M.connectedMeetings.emit('stateUpdate', {});
    });
    root.unmount();
    return steps;
  });
  assert.deepEqual(r, [
    ['unrelated chat event', 0, 'Room 1'],
    ['same titles, new array', 0, 'Room 1'],
    ['rename', 1, 'Design'],
    ['same length, reordered', 1, 'Ops,Design'],
  ]);
});

test('useRealtimeKitClient follows switches; resetOnLeave ignores connected-meeting and disconnected, drops on left', { skip }, async () => {
  const r = await page.evaluate(async () => {
    const { createElement: h, flushSync, createRoot, hooks } = window.T;
    const A = window.fakeMeeting('a', 'Main Room');
    const B = window.fakeMeeting('b', 'Room 1');
    const seen = [];
    let init;
    function App() {
      const [meeting, initMeeting] = hooks.useRealtimeKitClient({ resetOnLeave: true });
      init = initMeeting;
      seen.push(meeting ? meeting.id : 'none');
      return null;
    }
    const options = [];
    window.__init = async (o) => { options.push(o.authToken); return A; };
    const root = createRoot(document.getElementById('root'));
    flushSync(() => root.render(h(App)));
    const returned = await init({ authToken: 'tok' });
    for (let i = 0; i < 100 && seen.at(-1) !== 'a'; i++) await new Promise((res) => requestAnimationFrame(res));
    flushSync(() => A.connectedMeetings.emit('meetingChanged', B));
    flushSync(() => B.self.emit('roomLeft', { state: 'connected-meeting' }));
    flushSync(() => B.self.emit('roomLeft', { state: 'disconnected' }));
    const beforeLeave = seen.at(-1);
    flushSync(() => B.self.emit('roomLeft', { state: 'left' }));
    root.unmount();
    return { seen: seen.filter((x, i) => x !== seen[i - 1]), returned: returned.id, options, beforeLeave, listenersLeft: [A, B].map((m) => m.self.count('roomLeft')) };
  });
  assert.deepEqual(r.seen, ['none', 'a', 'b', 'none'], 'renders, consecutive repeats collapsed');
  assert.equal(r.returned, 'a');
  assert.deepEqual(r.options, ['tok']);
  assert.equal(r.beforeLeave, 'b', 'a room switch or a network drop does not reset the meeting');
  assert.deepEqual(r.listenersLeft, [0, 0]);
});
