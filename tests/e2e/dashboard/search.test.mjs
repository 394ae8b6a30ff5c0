// GET /v2/meetings?search=: a case-insensitive substring of the title; paging counts the matches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('search filters meetings by title, case-insensitively, and pages over the matches', async () => {
  for (const title of ['Math 101', 'History', 'Applied MATH', 'math club', 'Art']) {
    assert.equal((await server.api('POST', '/v2/meetings', { title })).status, 201);
  }
  await server.api('POST', '/v2/meetings', {});  // untitled: never matches a search
  const all = await server.api('GET', '/v2/meetings');
  assert.equal(all.json.paging.total_count, 6);
  const r = await server.api('GET', '/v2/meetings?search=MaTh');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.data.map((m) => m.title), ['Math 101', 'Applied MATH', 'math club']);
  assert.deepEqual(r.json.paging, { start_offset: 0, end_offset: 2, total_count: 3 });
  const p2 = await server.api('GET', '/v2/meetings?search=math&per_page=2&page_no=2');
  assert.deepEqual(p2.json.data.map((m) => m.title), ['math club']);
  assert.deepEqual(p2.json.paging, { start_offset: 2, end_offset: 2, total_count: 3 });
  const spaced = await server.api('GET', '/v2/meetings?search=math+club');
  assert.deepEqual(spaced.json.data.map((m) => m.title), ['math club']);
  const none = await server.api('GET', '/v2/meetings?search=zzz');
  assert.deepEqual(none.json.data, []);
  assert.equal(none.json.paging.total_count, 0);
  const empty = await server.api('GET', '/v2/meetings?search=');
  assert.equal(empty.json.paging.total_count, 6);
});

test('a bad search is invalid_argument and changes nothing', async () => {
  const long = await server.api('GET', `/v2/meetings?search=${'a'.repeat(257)}`);
  assert.equal(long.status, 400);
  assert.equal(long.json.error.code, 'invalid_argument');
  assert.match(long.json.error.message, /^search/);
  const badUtf8 = await server.api('GET', '/v2/meetings?search=%FF');
  assert.equal(badUtf8.status, 400);
  assert.equal(badUtf8.json.error.code, 'invalid_argument');
  const unauth = await server.api('GET', '/v2/meetings?search=math', undefined, 'wrong');
  assert.equal(unauth.status, 401);
});
