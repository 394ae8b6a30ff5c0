import { css, html } from 'lit';
import { StoreElement, tokens } from './base.js';

/** m:ss (or h:mm:ss) of a non-negative millisecond count, rounded up to the second. */
export function formatRemaining(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const EXTEND_MS = 5 * 60 * 1000;

/**
 * <rtk-breakout-timer>: the breakout countdown, in every room of the group while a timer runs.
 * The time comes from the server's deadline on the server's clock (connectedMeetings.remainingMs(),
 * which applies the clock offset the SDK measured); after the server's warning it turns into an
 * alert ("Rooms close in 0:59"). Hosts (self.can.alterConnectedMeetings, the core's decision)
 * also get "Add 5 minutes" and "End now".
 */
export class RtkBreakoutTimer extends StoreElement {
  static styles = [tokens, css`
    :host { display: inline-flex; }
    .timer { display: inline-flex; align-items: center; gap: 0.4em; font-size: 0.85em; border-radius: 1em;
      padding: 0.15em 0.4em 0.15em 0.7em; background: var(--_surface-2); white-space: nowrap; }
    .timer.warn { background: var(--_danger); color: #fff; }
    .time { font-variant-numeric: tabular-nums; font-weight: 600; }
    button { font-size: 0.9em; padding: 0.1em 0.6em; }
  `];
  connectedCallback() {
    super.connectedCallback();
    this._tick = setInterval(() => this.requestUpdate(), 500);
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this._tick);
  }
  render() {
    const s = this.s;
    const t = s?.timer;
    if (!t) return html``;
    const left = s.timerRemainingMs() ?? 0;
    const warn = t.warned || s.state.timerWarning;
    const host = s.can.alterConnectedMeetings;
    return html`<div class="timer ${warn ? 'warn' : ''}" role=${warn ? 'alert' : 'timer'}
        aria-label=${warn ? `Rooms close in ${formatRemaining(left)}` : 'Breakout time remaining'}>
      <span>${warn ? 'Rooms close in' : 'Breakout ends in'}</span><span class="time">${formatRemaining(left)}</span>
      ${host ? html`<button ?disabled=${s.state.busy} @click=${() => s.extendTimer(EXTEND_MS)}>Add 5 minutes</button>
        <button class="danger" ?disabled=${s.state.busy} @click=${() => s.closeBreakout()}>End now</button>` : ''}
    </div>`;
  }
}

/**
 * <rtk-broadcast-banner>: the host's latest broadcast to this room ("Message from Hana: …"),
 * until dismissed or replaced; the same message is in the room's chat.
 */
export class RtkBroadcastBanner extends StoreElement {
  static styles = [tokens, css`
    :host { display: block; }
    .banner { display: flex; align-items: center; gap: 0.6em; margin: 0.4em 0.8em; padding: 0.5em 0.8em;
      border-radius: var(--_radius); background: var(--_brand); color: var(--_on-brand); }
    .text { flex: 1; overflow-wrap: anywhere; }
    button { color: inherit; background: transparent; border-color: currentColor; }
  `];
  render() {
    const b = this.s?.state.broadcast;
    if (!b) return html``;
    return html`<div class="banner" role="status" aria-label="Message from the host">
      <span class="text"><strong>Message from ${b.displayName || 'the host'}:</strong> ${b.message}</span>
      <button @click=${() => this.s.set({ broadcast: null })}>Dismiss</button></div>`;
  }
}
