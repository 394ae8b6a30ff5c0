// Unit tests of @openrtk/react and @openrtk/react-ui in node (built dist/). The browser
// behaviour (provider following real room switches, no unmount) is tested against the real
// stack in tests/e2e/examples/react.test.mjs.
import './dom-shim.mjs';
import test from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import {
  followMeeting, shallowEqual, subscribeMeeting, meetingEmitters,
  RealtimeKitProvider, useRealtimeKitMeeting, useRealtimeKitSelector,
} from '../react/dist/index.js';
import * as reactUi from '../react-ui/dist/index.js';
import { elements } from '@openrtk/ui';

/** A stand-in meeting object with the emitters the hooks use (node's EventEmitter: on/off/emit). */
function fakeMeeting(id, title = id) {
  const em = () => new EventEmitter();
  const joined = Object.assign(new Map(), { on: () => {}, off: () => {} });
  const jem = em();
  joined.on = jem.on.bind(jem); joined.off = jem.off.bind(jem); joined.emit = jem.emit.bind(jem);
  joined.listenerCount = jem.listenerCount.bind(jem);
  return {
    id,
    self: Object.assign(em(), { roomJoined: true, userId: 'u' }),
    meta: Object.assign(em(), { meetingId: id, meetingTitle: title, isParent: true }),
    participants: { joined, all: joined },
    chat: em(),
    polls: em(),
    connectedMeetings: Object.assign(em(), { meetings: [], parentMeeting: null }),
  };
}

test('followMeeting moves its listener to each new meeting inside the event, and stops', () => {
  const a = fakeMeeting('a'); const b = fakeMeeting('b'); const c = fakeMeeting('c');
  const seen = [];
  const stop = followMeeting(a, (m) => seen.push(m.id));
  assert.equal(a.connectedMeetings.listenerCount('meetingChanged'), 1);
  a.connectedMeetings.emit('meetingChanged', b);
  assert.equal(a.connectedMeetings.listenerCount('meetingChanged'), 0, 'left the old object');
  assert.equal(b.connectedMeetings.listenerCount('meetingChanged'), 1, 'on the new object before onChange returned');
  b.connectedMeetings.emit('meetingChanged', c);
  a.connectedMeetings.emit('meetingChanged', b); // a stale object's event is not followed
  assert.deepEqual(seen, ['b', 'c']);
  stop();
  assert.equal(c.connectedMeetings.listenerCount('meetingChanged'), 0);
  c.connectedMeetings.emit('meetingChanged', a);
  assert.deepEqual(seen, ['b', 'c']);
});

test('shallowEqual: arrays item by item, plain objects key by key, nothing deeper', () => {
  const x = {};
  assert.ok(shallowEqual(1, 1));
  assert.ok(shallowEqual(NaN, NaN));
  assert.ok(shallowEqual([1, 'a', x], [1, 'a', x]));
  assert.ok(!shallowEqual([1, 2], [2, 1]), 'same length, different items: RealtimeKit only compares length');
  assert.ok(!shallowEqual([1], [1, 2]));
  assert.ok(shallowEqual({ a: 1, b: x }, { b: x, a: 1 }));
  assert.ok(!shallowEqual({ a: 1 }, { a: 1, b: undefined }));
  assert.ok(!shallowEqual({ a: {} }, { a: {} }));
  assert.ok(!shallowEqual(new Map(), new Map()), 'class instances compare by identity');
});

test('subscribeMeeting listens to every event of each distinct emitter once', () => {
  const m = fakeMeeting('a');
  assert.equal(meetingEmitters(m).length, 6, 'joined and all are the same map here');
  let n = 0;
  const off = subscribeMeeting(m, () => n++);
  m.self.emit('audioUpdate', {}); // node's EventEmitter has no wildcard: emit '*' like the SDK does
  m.self.emit('*', 'audioUpdate');
  m.participants.joined.emit('*', 'participantJoined');
  m.connectedMeetings.emit('*', 'stateUpdate');
  assert.equal(n, 3);
  off();
  m.meta.emit('*', 'x');
  assert.equal(n, 3);
  for (const em of meetingEmitters(m)) assert.equal(em.listenerCount('*'), 0);
});

test('RealtimeKitProvider renders fallback without a meeting and children with one', () => {
  const Show = () => createElement('span', null, useRealtimeKitSelector((m) => m.meta.meetingTitle));
  assert.equal(renderToString(createElement(RealtimeKitProvider, { value: undefined, fallback: 'wait' }, createElement(Show))), 'wait');
  assert.equal(renderToString(createElement(RealtimeKitProvider, { value: fakeMeeting('a', 'Main Room') }, createElement(Show))), '<span>Main Room</span>');
});

test('useRealtimeKitMeeting throws outside a provider', () => {
  const Bad = () => { useRealtimeKitMeeting(); return null; };
  assert.throws(() => renderToString(createElement(Bad)), /inside <RealtimeKitProvider>/);
});

test('@openrtk/react-ui has one component per element of @openrtk/ui, named like RealtimeKit', () => {
  const tags = Object.keys(elements);
  assert.ok(tags.includes('rtk-meeting') && tags.includes('rtk-breakout-rooms-manager'));
  assert.deepEqual(Object.keys(reactUi.components).sort(), [...tags].sort());
  for (const tag of tags) {
    const name = reactUi.componentName(tag);
    assert.equal(reactUi[name], reactUi.components[tag], `named export ${name} for <${tag}>`);
    assert.equal(reactUi[name].displayName, name);
  }
  assert.equal(reactUi.componentName('rtk-breakout-rooms-toggle'), 'RtkBreakoutRoomsToggle');
});

test('eventName maps on<Event> props to DOM event names', () => {
  assert.equal(reactUi.eventName('onRtkMeetingChanged'), 'rtkMeetingChanged');
  assert.equal(reactUi.eventName('onDelete'), 'delete');
  assert.equal(reactUi.eventName('onselect'), null);
  assert.equal(reactUi.eventName('meeting'), null);
});

test('server rendering of a wrapper gives the bare custom element (properties are set after mount)', () => {
  const html = renderToString(createElement(reactUi.RtkMeeting, { meeting: fakeMeeting('a'), className: 'm', id: 'x', onRtkMeetingChanged: () => {} }));
  assert.equal(html, '<rtk-meeting id="x" class="m"></rtk-meeting>');
});
