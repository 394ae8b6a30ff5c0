// The REST client of the dashboard: same origin as rtk-server, the API key as the Bearer header.
// The key lives in sessionStorage only (gone when the tab closes), never in a URL, and no
// request or error is logged.
export const KEY_STORAGE = 'openrtk.dashboard.apiKey';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export class Api {
  constructor({ storage = globalThis.sessionStorage, fetchImpl = globalThis.fetch.bind(globalThis), base = '' } = {}) {
    this.storage = storage;
    this.fetch = fetchImpl;
    this.base = base;
    this.onUnauthenticated = null;
  }

  get key() { return this.storage.getItem(KEY_STORAGE); }
  get signedIn() { return !!this.key; }

  // Checks `key` against the server before keeping it. Throws ApiError on a wrong key.
  async signIn(key) {
    const k = String(key ?? '').trim();
    if (!k) throw new ApiError(0, 'invalid_argument', 'Enter the API key.');
    await this.request('GET', '/v2/presets?per_page=1', undefined, k);
    this.storage.setItem(KEY_STORAGE, k);
  }

  signOut() { this.storage.removeItem(KEY_STORAGE); }

  // -> {data, paging} of the server's envelope; throws ApiError with the server's code/message.
  // `raw` {text, type}: a body sent as it is (a CSV upload) instead of JSON.
  async request(method, path, body, key = this.key, raw = null) {
    let res;
    try {
      res = await this.fetch(this.base + path, {
        method,
        headers: {
          authorization: `Bearer ${key ?? ''}`,
          ...(raw ? { 'content-type': raw.type } : body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: raw ? raw.text : body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      throw new ApiError(0, 'unavailable', 'The server cannot be reached. Check that rtk-server is running.');
    }
    let json = null;
    try { json = await res.json(); } catch { /* not JSON */ }
    if (!res.ok || !json || json.success === false) {
      const code = json?.error?.code ?? (res.status === 401 ? 'unauthenticated' : 'unknown');
      let message = json?.error?.message ?? `The server answered ${res.status}.`;
      if (res.status === 401) {
        message = 'The API key was not accepted. Check the key (the --api-key of rtk-server, or the file api_key in its data dir) and try again.';
        if (key === this.key && this.onUnauthenticated) this.onUnauthenticated();
      }
      throw new ApiError(res.status, code, message);
    }
    return { data: json.data, paging: json.paging, recording: json.recording };
  }

  get(path) { return this.request('GET', path).then((r) => r.data); }
  post(path, body = {}) { return this.request('POST', path, body).then((r) => r.data); }
  patch(path, body) { return this.request('PATCH', path, body).then((r) => r.data); }
  put(path, body) { return this.request('PUT', path, body).then((r) => r.data); }
  del(path, body) { return this.request('DELETE', path, body).then((r) => r.data); }
  postText(path, text, type = 'text/csv') { return this.request('POST', path, undefined, this.key, { text, type }).then((r) => r.data); }

  // Every page of a paged list.
  async all(path, perPage = 100) {
    const out = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 1; ; page++) {
      const { data, paging } = await this.request('GET', `${path}${sep}page_no=${page}&per_page=${perPage}`);
      out.push(...data);
      if (!paging || out.length >= paging.total_count || data.length === 0) return out;
    }
  }
}

export const id = (s) => encodeURIComponent(s);
