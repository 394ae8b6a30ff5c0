// Unit tests of the REST client with a fake fetch and storage: Bearer header, key kept only
// after the server accepts it, errors carry the server's code and message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, ApiError, KEY_STORAGE } from '../src/api.js';

function fakeStorage() {
  const m = new Map();
  return { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), m };
}
function fakeFetch(handler) {
  const calls = [];
  const f = async (url, init) => {
    calls.push({ url, init });
    const { status = 200, body } = handler(url, init);
    return { ok: status < 400, status, json: async () => body };
  };
  f.calls = calls;
  return f;
}

test('signIn keeps the key only when the server accepts it, and never puts it in a URL', async () => {
  const storage = fakeStorage();
  const fetchImpl = fakeFetch((url, init) => init.headers.authorization === 'Bearer good'
    ? { body: { success: true, data: [], paging: { total_count: 0 } } }
    : { status: 401, body: { success: false, error: { code: 'unauthenticated', message: 'this route needs Authorization' } } });
  const api = new Api({ storage, fetchImpl });
  await assert.rejects(api.signIn('bad'), (e) => e instanceof ApiError && e.status === 401 && /not accepted/.test(e.message));
  assert.equal(storage.getItem(KEY_STORAGE), null);
  await assert.rejects(api.signIn('  '), (e) => e.code === 'invalid_argument');
  assert.equal(fetchImpl.calls.length, 1, 'an empty key is not sent');
  await api.signIn(' good ');
  assert.equal(storage.getItem(KEY_STORAGE), 'good');
  assert.ok(fetchImpl.calls.every((c) => !c.url.includes('good') && !c.url.includes('bad')));
  api.signOut();
  assert.equal(api.signedIn, false);
});

test('errors carry the server code and message; a 401 later signs out', async () => {
  const storage = fakeStorage();
  storage.setItem(KEY_STORAGE, 'k');
  let status = 409;
  const fetchImpl = fakeFetch(() => ({ status, body: { success: false, error: { code: status === 409 ? 'conflict' : 'unauthenticated', message: 'preset p is used' } } }));
  const api = new Api({ storage, fetchImpl });
  let signedOut = 0;
  api.onUnauthenticated = () => signedOut++;
  await assert.rejects(api.del('/v2/presets/p'), (e) => e.code === 'conflict' && e.message === 'preset p is used' && e.status === 409);
  assert.equal(fetchImpl.calls[0].init.method, 'DELETE');
  assert.equal(fetchImpl.calls[0].init.headers.authorization, 'Bearer k');
  status = 401;
  await assert.rejects(api.get('/v2/meetings'));
  assert.equal(signedOut, 1);
});

test('all() walks every page', async () => {
  const storage = fakeStorage();
  storage.setItem(KEY_STORAGE, 'k');
  const items = Array.from({ length: 5 }, (_, i) => ({ i }));
  const fetchImpl = fakeFetch((url) => {
    const u = new URL(url, 'http://x');
    const page = Number(u.searchParams.get('page_no')), per = Number(u.searchParams.get('per_page'));
    return { body: { success: true, data: items.slice((page - 1) * per, page * per), paging: { total_count: items.length } } };
  });
  const api = new Api({ storage, fetchImpl });
  assert.deepEqual(await api.all('/v2/presets', 2), items);
  assert.equal(fetchImpl.calls.length, 3);
  assert.match(fetchImpl.calls[0].url, /^\/v2\/presets\?page_no=1&per_page=2$/);
});

test('a network failure is an ApiError with a readable message', async () => {
  const api = new Api({ storage: fakeStorage(), fetchImpl: async () => { throw new TypeError('fetch failed'); } });
  await assert.rejects(api.get('/v2/meetings'), (e) => e.code === 'unavailable' && /cannot be reached/.test(e.message));
});
