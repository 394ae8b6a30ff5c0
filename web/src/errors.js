// RealtimeKit's error type: every rejected promise of the SDK rejects with one (a stable `code`
// from the server or the C++ session, a readable `message`, sometimes a `reason`).
export class RtkError extends Error {
  /** @param {string} code  @param {string} message  @param {string=} reason */
  constructor(code, message, reason) {
    super(message || code);
    this.name = 'RtkError';
    this.code = code;
    if (reason !== undefined) this.reason = reason;
  }
}
