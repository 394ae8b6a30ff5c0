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
