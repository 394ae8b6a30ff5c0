// A typed-event emitter that never lets a listener break the SDK: a throwing listener is
// caught and reported (to the reporter set with setListenerErrorReporter, console.error by
// default), and the other listeners still run. Every emitter also fires the wildcard '*'
// event with (eventName, ...args), like RealtimeKit's.
let reporter = (error, eventName) => {
  // eslint-disable-next-line no-console
  console.error(`[openrtk] a '${eventName}' listener threw`, error);
};

/** @param {(error: unknown, eventName: string) => void} fn */
export function setListenerErrorReporter(fn) {
  reporter = typeof fn === 'function' ? fn : reporter;
}

function safeCall(fn, thisArg, args, eventName) {
  try {
    fn.apply(thisArg, args);
  } catch (error) {
    try {
      reporter(error, eventName);
    } catch {
      /* a throwing reporter is ignored too */
    }
  }
}

export class SafeEmitter {
  #listeners = new Map();

  on(event, fn) {
    if (typeof fn !== 'function') return this;
    if (!this.#listeners.has(event)) this.#listeners.set(event, []);
    this.#listeners.get(event).push({ fn, once: false });
    return this;
  }
  addListener(event, fn) {
    return this.on(event, fn);
  }
  once(event, fn) {
    if (typeof fn !== 'function') return this;
    if (!this.#listeners.has(event)) this.#listeners.set(event, []);
    this.#listeners.get(event).push({ fn, once: true });
    return this;
  }
  off(event, fn) {
    const list = this.#listeners.get(event);
    if (!list) return this;
    const i = list.findIndex((l) => l.fn === fn);
    if (i >= 0) list.splice(i, 1);
    return this;
  }
  removeListener(event, fn) {
    return this.off(event, fn);
  }
  removeAllListeners(event) {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }
  listenerCount(event) {
    return (this.#listeners.get(event) || []).length;
  }
  emit(event, ...args) {
    const list = this.#listeners.get(event);
    if (list && list.length) {
      for (const l of [...list]) {
        if (l.once) this.off(event, l.fn);
        safeCall(l.fn, this, args, event);
      }
    }
    if (event !== '*') {
      const any = this.#listeners.get('*');
      if (any) for (const l of [...any]) safeCall(l.fn, this, [event, ...args], '*');
    }
    return !!(list && list.length);
  }
}

/** Adds the emitter methods to an object that cannot extend SafeEmitter (e.g. a Map). */
export function mixinEmitter(target) {
  const em = new SafeEmitter();
  for (const m of ['on', 'addListener', 'once', 'off', 'removeListener', 'removeAllListeners', 'listenerCount', 'emit']) {
    Object.defineProperty(target, m, { value: (...a) => {
      const r = em[m](...a);
      return r === em ? target : r;
    }, enumerable: false });
  }
  return target;
}
