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

const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * <rtk-help-queue>: for hosts (self.can.alterConnectedMeetings), who asked for help, in which
 * room and when, with a one-click Join (the request resolves when the host is in the room) and
 * Dismiss. The server sends hosts the whole queue and everyone else only their own request.
 */
export class RtkHelpQueue extends StoreElement {
  static styles = [tokens, css`
    :host { display: block; }
    section { margin: 0.4em 0.8em; padding: 0.5em 0.8em; border: 1px solid var(--_danger); border-radius: var(--_radius); }
    h2 { font-size: 0.95em; margin: 0 0 0.3em; }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.3em; }
    li { display: flex; align-items: center; gap: 0.5em; flex-wrap: wrap; }
    li span { flex: 1; }
  `];
  render() {
    const s = this.s;
    const list = s?.helpRequests ?? [];
    if (!s || !s.can.alterConnectedMeetings || !list.length) return html``;
    return html`<section aria-label="Help requests"><h2>Asking for help (${list.length})</h2>
      <ul>${list.map((r) => html`<li>
        <span><strong>${r.displayName || r.participantId}</strong> in ${r.meetingTitle || 'a room'} · ${clock(r.timeMs)}</span>
        ${r.meetingId === s.meetingId ? html`<span>You are here</span>`
          : html`<button class="primary" aria-label=${`Join ${r.meetingTitle} to help ${r.displayName}`} @click=${() => s.switchTo(r.meetingId)}>Join</button>`}
        <button aria-label=${`Dismiss the help request of ${r.displayName}`} @click=${() => s.cancelHelp(r.participantId)}>Dismiss</button>
      </li>`)}</ul></section>`;
  }
}

/** <rtk-ask-for-help>: in a breakout room, "Ask for help" (or "Cancel help request" while one is pending). */
export class RtkAskForHelp extends StoreElement {
  static styles = [tokens, css`:host { display: inline-flex; } button { font-size: 0.85em; }`];
  render() {
    const s = this.s;
    if (!s || s.inParent || !s.breakoutActive || s.can.alterConnectedMeetings) return html``;
    const mine = s.myHelpRequest;
    return mine
      ? html`<button aria-pressed="true" ?disabled=${s.state.busy} @click=${() => s.cancelHelp()}>Cancel help request</button>`
      : html`<button ?disabled=${s.state.busy} @click=${() => s.askForHelp()}>Ask for help</button>`;
  }
}
