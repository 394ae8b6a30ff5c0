// REST API: happy and sad paths of every route, against the real server.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, statSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, tempDir, BIN, decodeJwtPayload } from './harness.mjs';

const staticDir = tempDir('rtk-static-');
mkdirSync(join(staticDir, 'sub'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>root</title>');
writeFileSync(join(staticDir, 'sub', 'index.html'), '<p>sub</p>');
writeFileSync(join(staticDir, 'app.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
writeFileSync(join(staticDir, 'mod.mjs'), 'export const x = 1;');
writeFileSync(join(staticDir, 'style.css'), 'body{}');
const outside = tempDir('rtk-outside-');
writeFileSync(join(outside, 'secret.txt'), 'top secret');

let s;
before(async () => { s = await startServer({ args: ['--static-dir', staticDir] }); });
after(async () => { await s.stop(); s.cleanup(); rmSync(staticDir, { recursive: true, force: true }); rmSync(outside, { recursive: true, force: true }); });

describe('meetings', () => {
  test('create, get, list with paging, patch', async () => {
    const c = await s.api('POST', '/v2/meetings', { title: 'Weekly', record_on_start: false });
    assert.equal(c.status, 201);
    assert.equal(c.json.success, true);
    const m = c.json.data;
    assert.match(m.id, /^[0-9a-f-]{36}$/);
    assert.equal(m.title, 'Weekly');
    assert.equal(m.status, 'ACTIVE');
    assert.ok(Date.parse(m.created_at) > 0);

    const g = await s.api('GET', `/v2/meetings/${m.id}`);
    assert.equal(g.status, 200);
    assert.deepEqual(g.json.data, m);

    for (let i = 0; i < 3; i++) assert.equal((await s.api('POST', '/v2/meetings', { title: `m${i}` })).status, 201);
    const all = await s.api('GET', '/v2/meetings?per_page=100');
    const total = all.json.paging.total_count;
    assert.ok(total >= 4);
    const p2 = await s.api('GET', '/v2/meetings?page_no=2&per_page=2');
    assert.equal(p2.status, 200);
    assert.equal(p2.json.data.length, 2);
    assert.deepEqual(p2.json.paging, { start_offset: 2, end_offset: 3, total_count: total });
    assert.deepEqual(p2.json.data.map((x) => x.id), all.json.data.slice(2, 4).map((x) => x.id));

    const u = await s.api('PATCH', `/v2/meetings/${m.id}`, { title: 'Renamed', persist_chat: true });
    assert.equal(u.status, 200);
    assert.equal(u.json.data.title, 'Renamed');
    assert.equal(u.json.data.persist_chat, true);
    const cm = await s.api('GET', `/v2/meetings/${m.id}/connected-meetings`);
    assert.equal(cm.json.data.parent_meeting.title, 'Renamed');
    const i = await s.api('PATCH', `/v2/meetings/${m.id}`, { status: 'INACTIVE' });
    assert.equal(i.json.data.status, 'INACTIVE');
  });

  test('sad paths', async () => {
    assert.equal((await s.api('GET', '/v2/meetings/nope')).status, 404);
    assert.equal((await s.api('GET', '/v2/meetings/nope')).json.error.code, 'not_found');
    assert.equal((await s.api('PATCH', '/v2/meetings/nope', { title: 'x' })).status, 404);
    const bad = await s.api('POST', '/v2/meetings', undefined, { raw: '{"title": ' });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.json), ['error', 'success']);
    assert.equal(bad.json.success, false);
    assert.equal(bad.json.error.code, 'invalid_argument');
    assert.equal((await s.api('POST', '/v2/meetings', { title: 42 })).json.error.code, 'invalid_argument');
    assert.equal((await s.api('POST', '/v2/meetings', [])).status, 400);
    assert.equal((await s.api('GET', '/v2/meetings?page_no=0')).status, 400);
    assert.equal((await s.api('GET', '/v2/meetings?per_page=abc')).status, 400);
    const m = (await s.api('POST', '/v2/meetings', { title: 'x' })).json.data;
    assert.equal((await s.api('PATCH', `/v2/meetings/${m.id}`, { status: 'PAUSED' })).status, 400);
  });

  test('API key required', async () => {
    const none = await s.api('GET', '/v2/meetings', undefined, { auth: null });
    assert.equal(none.status, 401);
    assert.equal(none.json.error.code, 'unauthenticated');
    assert.equal((await s.api('GET', '/v2/meetings', undefined, { auth: 'Bearer wrong' })).status, 401);
    assert.equal((await s.api('GET', '/v2/meetings', undefined, { auth: `Basic ${s.apiKey}` })).status, 401);
  });

  test('body over 1 MiB is 413, unknown route 404, wrong method 405', async () => {
    const big = JSON.stringify({ title: 'x'.repeat(1100 * 1024) });
    const r = await s.api('POST', '/v2/meetings', undefined, { raw: big });
    assert.equal(r.status, 413);
    assert.equal(r.json.error.code, 'payload_too_large');
    const u = await s.api('GET', '/v2/nothing-here');
    assert.equal(u.status, 404);
    assert.equal(u.json.error.code, 'not_found');
    assert.equal((await s.api('DELETE', '/v2/meetings')).status, 405);
  });

  test('CORS: preflight and allow-origin', async () => {
    const pre = await fetch(`${s.base}/v2/meetings`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.match(pre.headers.get('access-control-allow-headers'), /Authorization/i);
    assert.match(pre.headers.get('access-control-allow-methods'), /PATCH/);
    const g = await s.api('GET', '/v2/meetings');
    assert.equal(g.headers.get('access-control-allow-origin'), '*');
    const e = await s.api('GET', '/v2/meetings', undefined, { auth: null });
    assert.equal(e.headers.get('access-control-allow-origin'), '*');
  });
});

describe('participants', () => {
  test('add, list, get, patch, token refresh, delete', async () => {
    const m = (await s.api('POST', '/v2/meetings', { title: 'P' })).json.data;
    const base = `/v2/meetings/${m.id}/participants`;
    const a = await s.api('POST', base, { name: 'Alex', preset_name: 'group_call_host', custom_participant_id: 'u-1', picture: 'https://x/a.png' });
    assert.equal(a.status, 201);
    const p = a.json.data;
    assert.match(p.id, /^[0-9a-f-]{36}$/);
    assert.equal(p.name, 'Alex');
    assert.equal(p.preset_name, 'group_call_host');
    assert.equal(p.custom_participant_id, 'u-1');
    assert.equal(p.picture, 'https://x/a.png');
    const claims = decodeJwtPayload(p.token);
    assert.equal(claims.meetingId, m.id);
    assert.equal(claims.participantId, p.id);
    assert.equal(claims.orgId, 'openrtk');
    assert.ok(claims.exp > claims.iat);

    const b = await s.api('POST', base, { preset_name: 'group_call_participant', custom_participant_id: 'u-2' });
    assert.equal(b.status, 201);
    assert.equal(b.json.data.name, 'u-2');

    const list = await s.api('GET', base);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.data.map((x) => x.id), [p.id, b.json.data.id]);
    assert.equal(list.json.paging.total_count, 2);
    assert.equal(list.json.data[0].token, undefined);

    const one = await s.api('GET', `${base}/${p.id}`);
    assert.equal(one.json.data.name, 'Alex');

    const up = await s.api('PATCH', `${base}/${p.id}`, { name: 'Alexandra', preset_name: 'group_call_participant', picture: null });
    assert.equal(up.status, 200);
    assert.equal(up.json.data.name, 'Alexandra');
    assert.equal(up.json.data.preset_name, 'group_call_participant');
    assert.equal(up.json.data.picture, null);
    const cm = await s.api('GET', `/v2/meetings/${m.id}/connected-meetings`);
    assert.equal(cm.json.data.parent_meeting.participants[0].display_name, 'Alexandra');

    const t = await s.api('POST', `${base}/${p.id}/token`);
    assert.equal(t.status, 200);
    assert.equal(decodeJwtPayload(t.json.data.token).participantId, p.id);

    const d = await s.api('DELETE', `${base}/${p.id}`);
    assert.equal(d.status, 200);
    assert.equal((await s.api('GET', `${base}/${p.id}`)).status, 404);
    assert.equal((await s.api('GET', base)).json.data.length, 1);
  });

  test('sad paths', async () => {
    const m = (await s.api('POST', '/v2/meetings', { title: 'P2' })).json.data;
    const other = (await s.api('POST', '/v2/meetings', { title: 'P3' })).json.data;
    const base = `/v2/meetings/${m.id}/participants`;
    assert.equal((await s.api('POST', '/v2/meetings/nope/participants', { preset_name: 'group_call_host', custom_participant_id: 'x' })).status, 404);
    assert.equal((await s.api('POST', base, { preset_name: 'group_call_host' })).status, 400);
    assert.equal((await s.api('POST', base, { custom_participant_id: 'x' })).status, 400);
    assert.equal((await s.api('POST', base, { custom_participant_id: 'x', preset_name: 'no-such-preset' })).status, 404);
    assert.equal((await s.api('POST', base, { custom_participant_id: 'x', preset_name: 'group_call_host', name: 7 })).status, 400);
    assert.equal((await s.api('POST', base, undefined, { raw: 'nope' })).status, 400);
    const p = (await s.api('POST', base, { custom_participant_id: 'x', preset_name: 'group_call_host' })).json.data;
    // a participant of meeting A is not found under meeting B
    assert.equal((await s.api('GET', `/v2/meetings/${other.id}/participants/${p.id}`)).status, 404);
    assert.equal((await s.api('DELETE', `/v2/meetings/${other.id}/participants/${p.id}`)).status, 404);
    assert.equal((await s.api('GET', `${base}/nope`)).status, 404);
    assert.equal((await s.api('PATCH', `${base}/nope`, { name: 'y' })).status, 404);
    assert.equal((await s.api('PATCH', `${base}/${p.id}`, { preset_name: 'no-such' })).status, 404);
    assert.equal((await s.api('PATCH', `${base}/${p.id}`, { name: '' })).status, 400);
    assert.equal((await s.api('DELETE', `${base}/nope`)).status, 404);
    assert.equal((await s.api('POST', `${base}/nope/token`)).status, 404);
    assert.equal((await s.api('GET', `/v2/meetings/nope/participants`)).status, 404);
  });
});

describe('presets', () => {
  test('defaults exist; create, get, patch, put, delete', async () => {
    const list = await s.api('GET', '/v2/presets');
    assert.equal(list.status, 200);
    const names = list.json.data.map((p) => p.name);
    assert.ok(names.includes('group_call_host') && names.includes('group_call_participant'));
    assert.deepEqual(Object.keys(list.json.data[0]).sort(), ['created_at', 'id', 'name', 'updated_at']);

    const body = {
      name: 'breakout-viewer',
      config: { view_type: 'GROUP_CALL' },
      permissions: { connected_meetings: { can_alter_connected_meetings: false, can_switch_connected_meetings: false, can_switch_to_parent_meeting: true } },
      ui: { design_tokens: { theme: 'dark' } },
    };
    const c = await s.api('POST', '/v2/presets', body);
    assert.equal(c.status, 201);
    const id = c.json.data.id;
    assert.equal(c.json.data.name, 'breakout-viewer');
    assert.equal(c.json.data.ui.design_tokens.theme, 'dark');
    assert.equal(c.json.data.permissions.connected_meetings.can_switch_to_parent_meeting, true);

    const g = await s.api('GET', `/v2/presets/${id}`);
    assert.equal(g.json.data.config.view_type, 'GROUP_CALL');

    const pa = await s.api('PATCH', `/v2/presets/${id}`, { permissions: { connected_meetings: { can_switch_connected_meetings: true } } });
    assert.equal(pa.status, 200);
    assert.equal(pa.json.data.permissions.connected_meetings.can_switch_connected_meetings, true);
    assert.equal(pa.json.data.permissions.connected_meetings.can_switch_to_parent_meeting, true);

    const pu = await s.api('PUT', `/v2/presets/${id}`, { ...body, name: 'breakout-viewer-2' });
    assert.equal(pu.status, 200);
    assert.equal(pu.json.data.name, 'breakout-viewer-2');
    assert.equal(pu.json.data.id, id);

    assert.equal((await s.api('DELETE', `/v2/presets/${id}`)).status, 200);
    assert.equal((await s.api('GET', `/v2/presets/${id}`)).status, 404);
  });

  test('sad paths: duplicate name, bad types, in use, unknown', async () => {
    const dup = await s.api('POST', '/v2/presets', { name: 'group_call_host', permissions: {} });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.error.code, 'conflict');
    const bad = await s.api('POST', '/v2/presets', { name: 'x', permissions: { connected_meetings: { can_alter_connected_meetings: 'yes' } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_argument');
    assert.equal((await s.api('POST', '/v2/presets', undefined, { raw: '{' })).status, 400);
    assert.equal((await s.api('GET', '/v2/presets/nope')).status, 404);
    assert.equal((await s.api('PATCH', '/v2/presets/nope', {})).status, 404);
    assert.equal((await s.api('PUT', '/v2/presets/nope', { name: 'a' })).status, 404);
    assert.equal((await s.api('DELETE', '/v2/presets/nope')).status, 404);

    const created = (await s.api('POST', '/v2/presets', { name: 'in-use', permissions: {} })).json.data;
    const m = (await s.api('POST', '/v2/meetings', { title: 'x' })).json.data;
    await s.api('POST', `/v2/meetings/${m.id}/participants`, { custom_participant_id: 'a', preset_name: 'in-use' });
    const del = await s.api('DELETE', `/v2/presets/${created.id}`);
    assert.equal(del.status, 409);
    assert.equal(del.json.error.code, 'conflict');
    assert.equal((await s.api('PATCH', `/v2/presets/${created.id}`, { name: 'renamed' })).status, 409);
    assert.equal((await s.api('GET', `/v2/presets/${created.id}`)).status, 200);
  });
});

describe('connected meetings and active session over REST', () => {
  test('create, rename, move (pre-assignment), delete, close all', async () => {
    const m = (await s.api('POST', '/v2/meetings', { title: 'Parent' })).json.data;
    const base = `/v2/meetings/${m.id}/connected-meetings`;
    const a = (await s.api('POST', `/v2/meetings/${m.id}/participants`, { custom_participant_id: 'a', preset_name: 'group_call_participant' })).json.data;
    const b = (await s.api('POST', `/v2/meetings/${m.id}/participants`, { custom_participant_id: 'b', preset_name: 'group_call_participant' })).json.data;

    const g0 = await s.api('GET', base);
    assert.equal(g0.status, 200);
    assert.equal(g0.json.data.parent_meeting.id, m.id);
    assert.deepEqual(g0.json.data.meetings, []);
    const v0 = g0.json.data.version;

    const c = await s.api('POST', base, { meetings: [{ title: 'Room 1' }, { title: 'Room 2' }] });
    assert.equal(c.status, 201);
    const [r1, r2] = c.json.data.meetings;
    assert.equal(r1.title, 'Room 1');
    assert.equal(c.json.data.version, v0 + 1);

    const u = await s.api('PATCH', base, { meetings: [{ id: r1.id, title: 'Room One' }] });
    assert.equal(u.status, 200);

    const mv = await s.api('POST', `${base}/move`, { source_meeting_id: m.id, destination_meeting_id: r2.id, participant_ids: [a.id, b.id] });
    assert.equal(mv.status, 200);
    assert.equal(mv.json.data.version, v0 + 3);

    const g = (await s.api('GET', base)).json.data;
    assert.equal(g.meetings.find((x) => x.id === r1.id).title, 'Room One');
    assert.deepEqual(g.meetings.find((x) => x.id === r2.id).participants.map((p) => p.id), [a.id, b.id]);
    assert.equal(g.meetings[1].participants[0].connected, false);

    const as = await s.api('GET', `/v2/meetings/${m.id}/active-session`);
    assert.equal(as.status, 200);
    assert.equal(as.json.data.live_participants, 0);
    assert.equal(as.json.data.connected_meetings.meetings.length, 2);

    const d = await s.api('DELETE', base, { meeting_ids: [r2.id] });
    assert.equal(d.status, 200);
    const g2 = (await s.api('GET', base)).json.data;
    assert.deepEqual(g2.meetings.map((x) => x.id), [r1.id]);
    assert.deepEqual(g2.parent_meeting.participants.map((p) => p.id), [a.id, b.id]);

    // an empty delete is refused as over the WebSocket; close is its own route
    const empty = await s.api('DELETE', base);
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error.code, 'invalid_argument');
    assert.equal((await s.api('DELETE', base, { meeting_ids: [] })).status, 400);
    assert.deepEqual((await s.api('GET', base)).json.data.meetings.map((x) => x.id), [r1.id]);
    const cl = await s.api('POST', `${base}/close`);
    assert.equal(cl.status, 200);
    assert.ok(cl.json.data.version > v0 + 3);
    assert.deepEqual((await s.api('GET', base)).json.data.meetings, []);

    // start: rooms, assignments and a seeded shuffle in one command; the same shape as over WS
    const st = await s.api('POST', `${base}/start`, { meetings: [{ title: 'A' }, { title: 'B' }], assignments: [{ participant_id: a.id, meeting_index: 1 }], shuffle: true, seed: 3 });
    assert.equal(st.status, 201);
    assert.deepEqual(Object.keys(st.json.data).sort(), ['meetings', 'version']);
    const gs = (await s.api('GET', base)).json.data;
    assert.equal(gs.version, st.json.data.version);
    assert.deepEqual(gs.meetings.find((x) => x.title === 'B').participants.map((p) => p.id).includes(a.id), true);
    assert.equal(gs.parent_meeting.participants.length, 0);
    assert.equal(gs.meetings.reduce((n, x) => n + x.participants.length, 0), 2);
  });

  test('sad paths', async () => {
    const m = (await s.api('POST', '/v2/meetings', { title: 'Parent' })).json.data;
    const base = `/v2/meetings/${m.id}/connected-meetings`;
    assert.equal((await s.api('GET', '/v2/meetings/nope/connected-meetings')).status, 404);
    assert.equal((await s.api('POST', '/v2/meetings/nope/connected-meetings', { meetings: [{ title: 'x' }] })).status, 404);
    assert.equal((await s.api('GET', '/v2/meetings/nope/active-session')).status, 404);
    assert.equal((await s.api('POST', base, { meetings: [{ title: '' }] })).status, 400);
    assert.equal((await s.api('POST', base, { meetings: 'x' })).status, 400);
    assert.equal((await s.api('POST', base, undefined, { raw: '{"meetings":[' })).status, 400);
    assert.equal((await s.api('PATCH', base, { meetings: [{ id: 'nope', title: 'x' }] })).status, 404);
    assert.equal((await s.api('DELETE', base, { meeting_ids: ['nope'] })).status, 404);
    assert.equal((await s.api('DELETE', base)).status, 400); // no rooms named
    assert.equal((await s.api('POST', `${base}/close`)).status, 409); // nothing open
    assert.equal((await s.api('POST', `${base}/start`, { meetings: [], shuffle: true })).status, 400);
    assert.equal((await s.api('POST', `${base}/start`, { meetings: [{ title: 'x' }], assignments: [{ participant_id: 'nope', meeting_index: 0 }] })).status, 404);
    assert.equal((await s.api('POST', `${base}/start`, { meetings: [{ title: 'x' }], assignments: [{ participant_id: 'nope', meeting_index: 5 }] })).status, 400);
    assert.equal((await s.api('POST', `${base}/move`, { source_meeting_id: m.id, destination_meeting_id: 'nope', participant_ids: ['x'] })).status, 404);
    assert.equal((await s.api('POST', `${base}/move`, { source_meeting_id: m.id })).status, 400);
    const before = (await s.api('GET', base)).json.data;
    assert.equal(before.version, (await s.api('GET', base)).json.data.version);
  });
});

describe('participant-details', () => {
  test('returns participant, meeting and preset for a participant token', async () => {
    const m = (await s.api('POST', '/v2/meetings', { title: 'D' })).json.data;
    const p = (await s.api('POST', `/v2/meetings/${m.id}/participants`, { name: 'Dee', custom_participant_id: 'd', preset_name: 'group_call_host' })).json.data;
    const r = await s.api('GET', '/v2/internals/participant-details', undefined, { auth: `Bearer ${p.token}` });
    assert.equal(r.status, 200);
    assert.equal(r.json.data.participant.id, p.id);
    assert.equal(r.json.data.meeting.id, m.id);
    assert.equal(r.json.data.preset.name, 'group_call_host');
    assert.equal(r.json.data.assigned_meeting_id, m.id);
    assert.equal(r.json.data.assigned_meeting_title, m.title);
    const k = await s.api('GET', '/v2/internals/participant-details');
    assert.equal(k.status, 401); // the API key is not a participant token
    assert.equal(k.json.error.reason, 'token_malformed');
  });
});

describe('static files', () => {
  test('MIME types, index.html, traversal refused', async () => {
    const root = await fetch(`${s.base}/`);
    assert.equal(root.status, 200);
    assert.match(root.headers.get('content-type'), /text\/html/);
    assert.match(await root.text(), /root/);
    const sub = await fetch(`${s.base}/sub/`);
    assert.equal(await sub.text(), '<p>sub</p>');
    const w = await fetch(`${s.base}/app.wasm`);
    assert.equal(w.headers.get('content-type'), 'application/wasm');
    assert.equal((await w.arrayBuffer()).byteLength, 8);
    assert.match((await fetch(`${s.base}/mod.mjs`)).headers.get('content-type'), /javascript/);
    assert.match((await fetch(`${s.base}/style.css`)).headers.get('content-type'), /text\/css/);
    assert.equal((await fetch(`${s.base}/missing.js`)).status, 404);
    // traversal: raw sockets so that fetch does not normalise the path
    const { connect } = await import('node:net');
    const rel = outside.split('/').pop();
    for (const target of [`/../${rel}/secret.txt`, `/%2e%2e/${rel}/secret.txt`, `/sub/..%2f..%2f${rel}/secret.txt`]) {
      const resp = await new Promise((res) => {
        const sock = connect(s.port, '127.0.0.1', () => sock.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        let d = '';
        sock.on('data', (x) => { d += x; });
        sock.on('end', () => res(d));
      });
      assert.match(resp, /^HTTP\/1\.1 404/, target);
      assert.doesNotMatch(resp, /top secret/);
    }
  });
});

describe('process', () => {
  test('--help documents every flag with its environment variable', () => {
    const r = spawnSync(BIN, ['--help'], { encoding: 'utf8' });
    assert.equal(r.status, 0);
    for (const f of ['--port', '--host', '--data-dir', '--static-dir', '--api-key', '--token-ttl', 'RTK_PORT', 'RTK_DATA_DIR', 'RTK_STATIC_DIR', 'RTK_API_KEY', 'RTK_TOKEN_TTL'])
      assert.ok(r.stdout.includes(f), f);
    const bad = spawnSync(BIN, ['--no-such-flag'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
  });

  test('generates api_key (0600) and signing_secret once, reuses them, env vars work', async () => {
    const dir = tempDir();
    const s1 = await startServer({ dataDir: dir, apiKey: null });
    const gen = s1.lines.filter((l) => l.event === 'api_key_generated');
    assert.equal(gen.length, 1);
    assert.equal(gen[0].path, join(dir, 'api_key'));
    const key = readFileSync(join(dir, 'api_key'), 'utf8').trim();
    assert.ok(key.length >= 32, key);
    assert.equal(statSync(join(dir, 'api_key')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'signing_secret')).mode & 0o777, 0o600);
    assert.notEqual(readFileSync(join(dir, 'signing_secret'), 'utf8').trim(), key);
    assert.equal((await s1.api('GET', '/v2/meetings', undefined, { auth: `Bearer ${key}` })).status, 200);
    await s1.stop();
    const s2 = await startServer({ dataDir: dir, apiKey: null });
    assert.equal(s2.lines.filter((l) => l.event === 'api_key_generated').length, 0);
    assert.equal((await s2.api('GET', '/v2/meetings', undefined, { auth: `Bearer ${key}` })).status, 200);
    assert.equal(s2.lines.filter((l) => l.event === 'listening').length, 1);
    const logged = await s2.waitForLine((l) => l.event === 'request' && l.path === '/v2/meetings' && l.status === 200);
    assert.equal(logged.method, 'GET');
    await s2.stop();
    // The generated key (sent as the Bearer header above) appears in no log line of either run.
    const leaked = [...s1.lines, ...s2.lines].filter((l) => JSON.stringify(l).includes(key));
    assert.deepEqual(leaked, [], 'the API key appeared in a log line');
    // RTK_API_KEY from the environment
    const s3 = await startServer({ dataDir: dir, apiKey: null, env: { RTK_API_KEY: 'from-env-key' } });
    assert.equal((await s3.api('GET', '/v2/meetings', undefined, { auth: 'Bearer from-env-key' })).status, 200);
    assert.equal((await s3.api('GET', '/v2/meetings', undefined, { auth: `Bearer ${key}` })).status, 401);
    const ex = await s3.stop();
    assert.equal(ex.code, 0);
    s3.cleanup();
  });
});
