// Unit tests of @openrtk/angular (built angular/dist, JIT-linked in node): the generated
// components match @openrtk/ui's element list, with the right selectors, inputs and outputs.
// The browser behaviour is tested against the real stack in tests/e2e/examples/angular.test.mjs.
import './dom-shim.mjs'; // @openrtk/ui defines its classes on import
import '@angular/compiler'; // links the partial declarations in node
import test from 'node:test';
import assert from 'node:assert/strict';
import { readElements } from '../scripts/read-elements.mjs';
import { generate } from '../scripts/generate.mjs';
import { events } from '../scripts/element-types.mjs';

const pkg = await import('../angular/dist/index.js');
const elements = await readElements();
const pascal = (tag) => tag.replace(/(^|-)([a-z0-9])/g, (_m, _d, c) => c.toUpperCase());

test('the committed components.ts is what the generator makes from the element list', async () => {
  const r = await generate();
  assert.equal(r.changed, false, 'src/components.ts was out of date: run npm run build and commit it');
});

test('one standalone component per element, selector = tag, inputs = element properties', () => {
  const tags = Object.keys(elements);
  assert.ok(tags.includes('rtk-meeting') && tags.includes('rtk-breakout-rooms-toggle'));
  assert.equal(pkg.RTK_COMPONENTS.length, tags.length);
  for (const tag of tags) {
    const cls = pkg[pascal(tag)];
    assert.ok(cls, `export ${pascal(tag)}`);
    assert.equal(pkg.RTK_COMPONENT_BY_TAG[tag], cls);
    const def = cls.ɵcmp;
    assert.deepEqual(def.selectors, [[tag]]);
    assert.equal(def.standalone, true);
    assert.deepEqual(Object.keys(def.inputs).sort(), [...elements[tag]].sort(), `${tag} inputs`);
    const outs = Object.keys(def.outputs).sort();
    const want = [...Object.keys(events[tag] ?? {}), ...(elements[tag].includes('meeting') ? ['meetingChange'] : [])].sort();
    assert.deepEqual(outs, want, `${tag} outputs`);
  }
});

test('RealtimeKitComponentsModule exports every component', () => {
  const mod = pkg.RealtimeKitComponentsModule;
  const exported = typeof mod.ɵmod.exports === 'function' ? mod.ɵmod.exports() : mod.ɵmod.exports;
  assert.deepEqual(new Set(exported.flat(Infinity)), new Set(pkg.RTK_COMPONENTS));
});

test('rtk-meeting has the breakout-following output and the RealtimeKit inputs', () => {
  const def = pkg.RtkMeeting.ɵcmp;
  for (const i of ['meeting', 'showSetupScreen', 'mode']) assert.ok(i in def.inputs, i);
  assert.ok('meetingChange' in def.outputs && 'rtkMeetingChanged' in def.outputs);
});

test('a component with a meeting input follows three switches: element property and meetingChange output', async () => {
  const { Injector, ElementRef, NgZone, runInInjectionContext, ɵNoopNgZone: NoopNgZone } = await import('@angular/core');
  const { EventEmitter: NodeEmitter } = await import('node:events');
  const meeting = (id) => ({ id, connectedMeetings: new NodeEmitter() });
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(meeting);
  const el = new EventTarget();
  const injector = Injector.create({ providers: [
    { provide: ElementRef, useValue: new ElementRef(el) },
    { provide: NgZone, useValue: new NoopNgZone() },
  ] });
  const cmp = runInInjectionContext(injector, () => new pkg.RtkMeeting());
  const emitted = [];
  cmp.meetingChange.subscribe((m) => emitted.push(m.id));
  const changed = [];
  cmp.rtkMeetingChanged.subscribe((e) => changed.push(e.detail));

  cmp.meeting = a;
  cmp.showSetupScreen = true;
  assert.equal(el.meeting, a, 'inputs are element properties');
  assert.equal(el.showSetupScreen, true);
  a.connectedMeetings.emit('meetingChanged', b);
  assert.equal(el.meeting, b);
  assert.equal(a.connectedMeetings.listenerCount('meetingChanged'), 0, 'moved off the old object');
  cmp.meeting = b; // [(meeting)] writes the new object back: no second follower
  assert.equal(b.connectedMeetings.listenerCount('meetingChanged'), 1);
  b.connectedMeetings.emit('meetingChanged', c);
  c.connectedMeetings.emit('meetingChanged', d);
  assert.equal(el.meeting, d);
  assert.deepEqual(emitted, ['b', 'c', 'd']);

  el.dispatchEvent(new CustomEvent('rtkMeetingChanged', { detail: 'x' }));
  assert.deepEqual(changed, ['x'], 'outputs come from the element\'s custom events');
  cmp.ngOnDestroy();
  el.dispatchEvent(new CustomEvent('rtkMeetingChanged', { detail: 'y' }));
  assert.deepEqual(changed, ['x']);
  assert.equal(d.connectedMeetings.listenerCount('meetingChanged'), 0, 'destroy stops following');
});
