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

/** A rejected promise that cannot become an 'unhandledrejection' (Cloudflare's UI kit fires some
 *  calls without awaiting them); a caller that awaits it still gets the RtkError. */
export function softReject(error) {
  return soft(Promise.reject(error));
}
/** The same promise, marked handled (see softReject). */
export function soft(p) {
  p.catch(() => {});
  return p;
}

/** RtkError('not_available'): a RealtimeKit feature OpenRTK does not have (docs/rtk-compat.md). */
export const notAvailable = (what, why) => softReject(new RtkError('not_available', `${what} is not available in OpenRTK: ${why}`));
