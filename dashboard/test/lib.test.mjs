// Unit tests of the dashboard's pure helpers (node --test, no browser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PERMISSION_GROUPS, getAt, setAt, presetBody, duplicatePreset, fieldOfError, csvCells, slug,
  parseParticipants, joinLinks, liveRooms, roomTitles, formatBytes, formatDuration, parseRoute, planUpload,
} from '../src/lib.js';

test('Connected Meetings is the first group, with the product page\u2019s three permissions', () => {
  assert.equal(PERMISSION_GROUPS[0].title, 'Connected Meetings');
  assert.deepEqual(PERMISSION_GROUPS[0].fields.map((f) => [f.label, f.path]), [
    ['Full Access', 'connected_meetings.can_alter_connected_meetings'],
    ['Switch Connected Meetings', 'connected_meetings.can_switch_connected_meetings'],
    ['Switch to Parent Meeting', 'connected_meetings.can_switch_to_parent_meeting'],
  ]);
  const paths = PERMISSION_GROUPS.flatMap((g) => g.fields.map((f) => f.path));
  assert.equal(new Set(paths).size, paths.length, 'no field twice');
  // Every typed field of include/rtk/preset.hpp (24) has a control.
  assert.equal(paths.length, 24);
});

test('setAt changes one path and keeps everything else, including unknown fields', () => {
  const p = { name: 'x', x_custom: { a: [1, 2] }, permissions: { chat: { public: { text: true } }, extra: 'keep' } };
  const q = setAt(p, 'permissions.chat.public.files', true);
  assert.deepEqual(q, { name: 'x', x_custom: { a: [1, 2] }, permissions: { chat: { public: { text: true, files: true } }, extra: 'keep' } });
  assert.equal(p.permissions.chat.public.files, undefined, 'the input is not changed');
  assert.equal(getAt(q, 'permissions.chat.public.files'), true);
  assert.equal(getAt(q, 'permissions.nope.deeper'), undefined);
  assert.deepEqual(setAt({ permissions: 'bad' }, 'permissions.polls.can_vote', false), { permissions: { polls: { can_vote: false } } });
});

test('presetBody drops server-made fields; duplicatePreset picks a free name', () => {
  const p = { id: '1', name: 'host', created_at: 't', updated_at: 't', ui: { a: 1 }, permissions: {} };
  assert.deepEqual(presetBody(p), { name: 'host', ui: { a: 1 }, permissions: {} });
  assert.equal(duplicatePreset(p, ['host']).name, 'host copy');
  assert.equal(duplicatePreset(p, ['host', 'host copy', 'host copy 2']).name, 'host copy 3');
  assert.equal(duplicatePreset(p, []).id, undefined);
});

test('fieldOfError maps the server\u2019s messages to form fields', () => {
  assert.equal(fieldOfError('permissions.connected_meetings.can_alter_connected_meetings: expected boolean'),
    'permissions.connected_meetings.can_alter_connected_meetings');
  assert.equal(fieldOfError('name must not be empty'), 'name');
  assert.equal(fieldOfError('name is 300 bytes; at most 256 are allowed'), 'name');
  assert.equal(fieldOfError('a preset named host already exists', ['name']), 'name');
  assert.equal(fieldOfError('title: expected string', ['name']), null, 'only listed fields');
  assert.equal(fieldOfError('preset p is in use; it cannot be renamed', ['name']), 'name');
  assert.equal(fieldOfError('malformed JSON body'), null);
  assert.equal(fieldOfError(undefined), null);
});

test('csvCells handles quotes, escaped quotes and spaces', () => {
  assert.deepEqual(csvCells('a, b ,c'), ['a', 'b', 'c']);
  assert.deepEqual(csvCells('"Hopper, Grace",,host'), ['Hopper, Grace', '', 'host']);
  assert.deepEqual(csvCells('"say ""hi""",x'), ['say "hi"', 'x']);
  assert.deepEqual(csvCells(''), ['']);
});

test('parseParticipants: names, CSV, header, defaults, unique ids, errors by line', () => {
  const text = 'name,custom id,preset\nAda Lovelace\nAda Lovelace\nGrace,g1,host\n\n,x\nBob,g1\na,b,c,d\n';
  const { rows, errors } = parseParticipants(text, 'participant');
  assert.deepEqual(rows, [
    { line: 2, name: 'Ada Lovelace', custom_participant_id: 'ada-lovelace', preset_name: 'participant' },
    { line: 3, name: 'Ada Lovelace', custom_participant_id: 'ada-lovelace-2', preset_name: 'participant' },
    { line: 4, name: 'Grace', custom_participant_id: 'g1', preset_name: 'host' },
  ]);
  assert.deepEqual(errors.map((e) => e.line), [6, 7, 8]);
  assert.match(errors[0].message, /name is empty/);
  assert.match(errors[1].message, /g1 appears twice/);
  assert.match(errors[2].message, /at most 3 columns/);
  assert.deepEqual(parseParticipants('Ada', '').errors.map((e) => e.line), [1], 'no preset at all');
  assert.deepEqual(parseParticipants('', 'p'), { rows: [], errors: [] });
  assert.equal(parseParticipants('Ada\r\nBo\r\n', 'p').rows.length, 2);
  // Made ids skip the meeting's existing custom ids; a given id is used as given.
  assert.deepEqual(parseParticipants('Ada\nAda\nBo,ada,p', 'p', ['ada', 'ada-2']).rows.map((r) => r.custom_participant_id),
    ['ada-3', 'ada-4', 'ada']);
  assert.equal(slug('  Élodie  Dupré! '), 'elodie-dupre');
  assert.equal(slug('!!!'), 'participant');
});

test('joinLinks: one per example, token URL-encoded as ?authToken=', () => {
  const links = joinLinks('http://127.0.0.1:8080', 'a.b+c/d');
  assert.deepEqual(links.map((l) => l.url), [
    'http://127.0.0.1:8080/script-tag/?authToken=a.b%2Bc%2Fd',
    'http://127.0.0.1:8080/react/?authToken=a.b%2Bc%2Fd',
    'http://127.0.0.1:8080/angular/?authToken=a.b%2Bc%2Fd',
    'http://127.0.0.1:8080/?authToken=a.b%2Bc%2Fd',
  ]);
});

test('liveRooms: parent first, connected first, counts', () => {
  const state = {
    parent_meeting: { id: 'p', title: 'Class', participants: [
      { id: '1', display_name: 'Zed', connected: false }, { id: '2', display_name: 'Amy', connected: true }] },
    meetings: [{ id: 'r1', title: '', participants: [] }],
  };
  const rooms = liveRooms(state);
  assert.deepEqual(rooms.map((r) => [r.id, r.title, r.isParent, r.connected]), [['p', 'Class', true, 1], ['r1', 'Untitled room', false, 0]]);
  assert.deepEqual(rooms[0].participants.map((p) => p.display_name), ['Amy', 'Zed']);
  assert.deepEqual(liveRooms(null), []);
});

test('roomTitles skips titles in use', () => {
  assert.deepEqual(roomTitles(3), ['Room 1', 'Room 2', 'Room 3']);
  assert.deepEqual(roomTitles(2, ['Room 1', 'Room 3']), ['Room 2', 'Room 4']);
});

test('formatting and routes', () => {
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1_500_000), '1.5 MB');
  assert.equal(formatBytes(undefined), '\u2014');
  assert.equal(formatDuration(65), '1:05');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(-1), '\u2014');
  assert.deepEqual(parseRoute(''), { page: 'presets' });
  assert.deepEqual(parseRoute('#/presets/new'), { page: 'preset-edit', id: null });
  assert.deepEqual(parseRoute('#/presets/a%20b'), { page: 'preset-edit', id: 'a b' });
  assert.deepEqual(parseRoute('#/meetings'), { page: 'meetings' });
  assert.deepEqual(parseRoute('#/meetings/m1'), { page: 'meeting', id: 'm1', tab: 'participants' });
  assert.deepEqual(parseRoute('#/meetings/m1/live'), { page: 'meeting', id: 'm1', tab: 'live' });
  assert.deepEqual(parseRoute('#/meetings/m1/plans'), { page: 'meeting', id: 'm1', tab: 'plans' });
  assert.deepEqual(parseRoute('#/meetings/m1/bogus'), { page: 'meeting', id: 'm1', tab: 'participants' });
  assert.deepEqual(parseRoute('#/nowhere'), { page: 'presets' });
});

test('planUpload: JSON by file name or a leading brace (the name field wins), CSV otherwise', () => {
  const j = planUpload(' {"name":"A","rooms":[{"title":"Red","custom_participant_ids":["ada"]}]}', { name: 'Round 2' });
  assert.equal(j.kind, 'json');
  assert.equal(j.body.name, 'Round 2');
  assert.deepEqual(j.body.rooms, [{ title: 'Red', custom_participant_ids: ['ada'] }]);
  assert.equal(planUpload('{"rooms":[]}', { fileName: 'p.JSON' }).body.name, undefined);
  const c = planUpload('Pre-assign Room Name,Email Address\nRed,ada@x\n', { fileName: 'zoom.csv', name: 'Zoom round' });
  assert.deepEqual(c, { kind: 'csv', path: '/csv?name=Zoom%20round', body: 'Pre-assign Room Name,Email Address\nRed,ada@x\n' });
  assert.equal(planUpload('{ not json', { fileName: 'x.csv' }).kind, 'csv'); // the file name decides
  assert.throws(() => planUpload('{ not json'), /not valid JSON/);
  assert.throws(() => planUpload('[1]', { fileName: 'a.json' }), /is an object/);
  assert.throws(() => planUpload('  '), /Choose a plan file/);
});
