import { html, css } from 'lit';
import { StoreElement, tokens } from './base.js';
import { icon } from './icons.js';
import { MeetingStore } from './store.js';
import { recordButton, recordingIndicator, recordingStyles } from './recording.js';
import { listenIndicator, listenStyles } from './listen.js';
import './screens.js';

const barButton = css`
  .bar button { flex-direction: column; gap: 0.2em; min-width: 4.8em; font-size: 0.8em; background: transparent; border-color: transparent; }
  .bar button[aria-pressed='true'], .bar button[aria-expanded='true'] { background: var(--_surface-2); }
  .bar button.off { color: var(--_danger); }
  .bar svg.i { width: 1.5em; height: 1.5em; }
  .bar button { position: relative; }
  .bar .badge { position: absolute; top: 0.1em; right: 0.9em; min-width: 1.5em; padding: 0 0.35em; border-radius: 1em; font-size: 0.85em;
    background: var(--_danger); color: #fff; line-height: 1.5em; }
`;

/** <rtk-leave-meeting>: Leave button with a menu (Leave; Switch to Parent Meeting in a breakout room). */
export class RtkLeaveMeeting extends StoreElement {
  static styles = [tokens, barButton, css`
    :host { display: inline-flex; }
    .bar button.leave { color: #fff; background: var(--_danger); border-color: var(--_danger); }
    .menu { display: flex; flex-direction: column; gap: 0.5em; }
    .menu button { justify-content: center; padding: 0.7em; }
  `];
  render() {
    const s = this.s;
    if (!s?.meeting) return html``;
    const open = s.state.ui.leaveMenu;
    const canReturn = !s.inParent && s.permissions.canSwitchToParent;
    const close = () => s.setUi({ leaveMenu: false });
    return html`<span class="bar"><button class="leave" aria-haspopup="dialog" aria-expanded=${open ? 'true' : 'false'}
        @click=${() => s.setUi({ leaveMenu: !open })}>${icon('leave')}<span>Leave</span></button></span>
      ${open ? html`<rtk-dialog open label="Leave meeting?" @close=${close}>
        <div class="menu">
          ${canReturn ? html`<button class="primary" @click=${() => { close(); s.switchToParent(); }}>Switch to Parent Meeting</button>` : ''}
          <button class="danger" @click=${() => { close(); s.leave(); }}>Leave meeting</button>
          <button @click=${close}>Cancel</button>
        </div></rtk-dialog>` : ''}`;
  }
}

/** <rtk-controlbar>: microphone, camera, participants, chat, polls, Breakout Rooms, leave. */
export class RtkControlbar extends StoreElement {
  static styles = [tokens, barButton, recordingStyles, css`
    :host { display: block; }
    .bar { display: flex; justify-content: center; gap: 0.3em; padding: 0.5em; flex-wrap: wrap; background: var(--_surface); border-top: 1px solid var(--_border); }
    .sep { flex: 0 0 1em; }
  `];
  render() {
    const s = this.s;
    if (!s?.meeting) return html``;
    const self = s.self;
    const panel = s.state.ui.panel;
    const panelBtn = (id, label, ic, badge = 0) => html`<button aria-pressed=${panel === id ? 'true' : 'false'}
      aria-label=${badge ? `${label}, ${badge} unread` : label}
      @click=${() => s.setUi({ panel: panel === id ? null : id })}>${icon(ic)}<span>${label}</span>${badge ? html`<span class="badge" aria-hidden="true">${badge > 99 ? '99+' : badge}</span>` : ''}</button>`;
    return html`<div class="bar" role="toolbar" aria-label="Meeting controls">
      <button class=${self.audioEnabled ? '' : 'off'} aria-label=${self.audioEnabled ? 'Mute microphone' : 'Unmute microphone'}
        @click=${() => s.toggleAudio()}>${icon(self.audioEnabled ? 'mic' : 'micOff')}<span>${self.audioEnabled ? 'Mic on' : 'Mic off'}</span></button>
      <button class=${self.videoEnabled ? '' : 'off'} aria-label=${self.videoEnabled ? 'Turn off camera' : 'Turn on camera'}
        @click=${() => s.toggleVideo()}>${icon(self.videoEnabled ? 'cam' : 'camOff')}<span>${self.videoEnabled ? 'Camera on' : 'Camera off'}</span></button>
      <span class="sep"></span>
      ${panelBtn('participants', 'Participants', 'people')}
      ${panelBtn('chat', 'Chat', 'chat', s.state.unread ?? 0)}
      ${s.can.viewPolls ? panelBtn('polls', 'Polls', 'poll') : ''}
      <rtk-breakout-rooms-toggle .store=${s}></rtk-breakout-rooms-toggle>
      ${recordButton(s)}
      <span class="sep"></span>
      <rtk-leave-meeting .store=${s}></rtk-leave-meeting>
    </div>`;
  }
}

/** <rtk-notifications>: errors as readable toasts (they time out, and stay while hovered or
 *  focused), plus the connection banner, in one live region that screen readers announce. It
 *  fills the box it is placed in (<rtk-meeting> puts it between the header and the control bar). */
export class RtkNotifications extends StoreElement {
  static styles = [tokens, css`
    :host { position: absolute; top: 0.6em; right: 0.6em; z-index: 5; width: min(420px, calc(100% - 1.2em)); max-height: calc(100% - 1.2em);
      display: flex; pointer-events: none; }
    .stack { display: flex; flex-direction: column; gap: 0.5em; width: 100%; max-height: 100%; overflow: auto; }
    .n { pointer-events: auto; background: var(--_surface); border: 1px solid var(--_danger); border-left-width: 4px; border-radius: var(--_radius); padding: 0.6em 0.8em;
      display: flex; gap: 0.6em; align-items: flex-start; box-shadow: 0 6px 24px rgb(0 0 0 / 0.3); }
    .n.warn { border-color: #f5a524; }
    .n.info { border-color: var(--_brand); }
    .n p { margin: 0; flex: 1; overflow-wrap: anywhere; }
  `];
  _hold(kind, on) {
    this._held = { ...this._held, [kind]: on };
    this.s?.pauseToasts(!!(this._held.hover || this._held.focus));
  }
  render() {
    const s = this.s;
    if (!s) return html``;
    const c = s.state.connection;
    // only in a meeting: before joining the setup screen and the join itself say what happens
    const banner = c && c !== 'connected' && s.state.phase === 'joined';
    return html`<div class="stack" role="region" aria-label="Notifications" aria-live="assertive" aria-relevant="additions text"
        @mouseenter=${() => this._hold('hover', true)} @mouseleave=${() => this._hold('hover', false)}
        @focusin=${() => this._hold('focus', true)}
        @focusout=${(e) => { if (!this.renderRoot.contains(e.relatedTarget)) this._hold('focus', false); }}>
      ${banner ? html`<div class="n warn" role="status"><p>${c === 'failed'
        ? 'Connection to the meeting was lost.' : 'Connection lost. Reconnecting…'}</p></div>` : ''}
      ${s.state.errors.map((e) => html`<div class=${e.kind === 'info' ? 'n info' : 'n'} role=${e.kind === 'info' ? 'status' : 'alert'}><p>${e.message}</p>
        <button class="ghost icon" aria-label="Dismiss" @click=${() => s.dismissError(e.id)}>${icon('close')}</button></div>`)}
    </div>`;
  }
}

/**
 * <rtk-meeting>: the whole meeting UI. `meeting` (the SDK's meeting object), `showSetupScreen`
 * (attribute `show-setup-screen`), `mode` ('fill' | 'fixed'). Follows room switches itself.
 * Fires `rtkMeetingChanged` (detail: the new meeting object) after each switch.
 */
export class RtkMeeting extends StoreElement {
  static properties = {
    showSetupScreen: { type: Boolean, attribute: 'show-setup-screen' },
    mode: { type: String, reflect: true },
    theme: { type: String, reflect: true },
    error: { attribute: false },
  };
  static styles = [tokens, recordingStyles, listenStyles, css`
    :host { display: block; position: relative; background: var(--_bg); overflow: hidden; height: 100%; min-height: 360px; }
    :host([mode='fill']) { position: fixed; inset: 0; z-index: 1; }
    :host([theme='light']) {
      --rtk-bg: #f4f5f8; --rtk-surface: #ffffff; --rtk-surface-2: #e9ebf0; --rtk-text: #15171c; --rtk-text-muted: #5b6270;
      --rtk-border: #d3d7df; --rtk-video-bg: #1b1d22; --rtk-focus: #1f5ed8;
    }
    @media (prefers-color-scheme: light) {
      :host(:not([theme])) {
        --rtk-bg: #f4f5f8; --rtk-surface: #ffffff; --rtk-surface-2: #e9ebf0; --rtk-text: #15171c; --rtk-text-muted: #5b6270;
        --rtk-border: #d3d7df; --rtk-video-bg: #1b1d22; --rtk-focus: #1f5ed8;
      }
    }
    .layout { display: grid; grid-template-rows: auto auto auto 1fr auto; height: 100%; }
    /* One fixed header height in the main meeting and in a room (no layout jump on a switch). */
    header { display: flex; align-items: center; gap: 0.6em; padding: 0 1em; background: var(--_surface); border-bottom: 1px solid var(--_border); height: 3.2em; }
    header h1 { font-size: 1em; margin: 0; flex: 1 1 6em; min-width: 6em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    header button { padding: 0.3em 0.7em; white-space: nowrap; }
    .pill { font-size: 0.75em; background: var(--_brand); color: var(--_on-brand); border-radius: 1em; padding: 0.15em 0.7em; white-space: nowrap; }
    main { display: grid; grid-template-columns: 1fr auto; min-height: 0; position: relative; }
    aside { width: min(340px, 90vw); border-left: 1px solid var(--_border); background: var(--_surface); min-height: 0; position: relative; }
    aside > button.close { position: absolute; top: 0.45em; right: 0.5em; z-index: 1; }
    @media (max-width: 700px) { main { grid-template-columns: 1fr; } aside { position: absolute; inset: 0; width: auto; z-index: 6; border-left: 0; } }
    @media (max-width: 520px) { header { padding: 0 0.6em; } header .pill { display: none; }
      header button.back .label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; } }
    .overlay { position: absolute; inset: 0; z-index: 10; display: grid; place-items: center; background: rgb(10 11 14 / 0.82); color: #fff; text-align: center; }
    .spinner { width: 48px; height: 48px; border-radius: 50%; border: 4px solid rgb(255 255 255 / 0.25); border-top-color: #fff; margin: 0 auto 1em; animation: spin 0.9s linear infinite; }
    @keyframes spin { to { transform: rotate(360deg); } }
    @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
    .overlay p { font-size: 1.2em; margin: 0; }
    .center { display: grid; place-items: center; height: 100%; text-align: center; padding: 1em; }
    .center .spinner { border-color: color-mix(in srgb, var(--_text) 20%, transparent); border-top-color: var(--_text); }
    .center h1 { font-size: 1.4em; }
  `];

  constructor() {
    super();
    this.showSetupScreen = false;
    this.mode = 'fixed';
    this._store = new MeetingStore();
    this._store.onMeetingChanged((m) => {
      this._switched = m;
      this.meeting = m; // the public prop follows the current room
      this.dispatchEvent(new CustomEvent('rtkMeetingChanged', { detail: m, bubbles: true, composed: true }));
    });
  }
  /** The element's store (exposed for custom layouts and tests). */
  get s() { return this._store; }

  willUpdate(changed) {
    super.willUpdate(changed);
    if (changed.has('meeting') && this.meeting !== this._store.meeting) {
      this._store.bind(this.meeting ?? null);
      if (this.meeting) this._start();
    }
  }
  _start() {
    const s = this._store;
    if (s.self?.roomJoined) { s.set({ phase: 'joined' }); return; }
    if (this.showSetupScreen) s.set({ phase: 'setup' });
    else { s.state.prevPhase = 'idle'; s.join(); }
  }
  disconnectedCallback() {
    super.disconnectedCallback();
  }

  render() {
    const s = this._store;
    if (this.error) return html`<rtk-error-screen .error=${this.error}></rtk-error-screen>`;
    if (!s.meeting) return this._wait('Connecting to the meeting…');
    const phase = s.state.phase;
    if (phase === 'setup' || (phase === 'joining' && s.state.prevPhase === 'setup')) {
      return html`<rtk-setup-screen .store=${s}></rtk-setup-screen><rtk-notifications .store=${s}></rtk-notifications>`;
    }
    // Joining without a setup screen (or before it is decided): one calm status, no half card.
    if (phase === 'joining' || phase === 'idle') return html`${this._wait('Joining the meeting…')}<rtk-notifications .store=${s}></rtk-notifications>`;
    if (phase === 'left') return this._left();
    const panel = s.state.ui.panel === 'polls' && !s.can.viewPolls ? null : s.state.ui.panel;
    const sw = s.state.switching;
    const canReturn = !s.inParent && s.permissions.canSwitchToParent;
    const closePanel = () => s.setUi({ panel: null });
    const title = s.roomTitle;
    return html`<div class="layout" ?inert=${!!sw}>
        <header>
          <h1 title=${title}>${title}</h1>
          ${s.inParent ? (s.breakoutActive ? html`<span class="pill">${s.rooms.length} breakout room${s.rooms.length === 1 ? '' : 's'} open</span>` : '')
            : html`<span class="pill">Breakout room</span>`}
          ${recordingIndicator(s)}
          ${listenIndicator(s)}
          <rtk-breakout-timer .store=${s}></rtk-breakout-timer>
          <rtk-ask-for-help .store=${s}></rtk-ask-for-help>
          ${canReturn ? html`<button class="back" @click=${() => s.switchToParent()}>${icon('back')}<span class="label">Switch to Parent Meeting</span></button>` : ''}
        </header>
        <rtk-broadcast-banner .store=${s}></rtk-broadcast-banner>
        <rtk-help-queue .store=${s}></rtk-help-queue>
        <main>
          <rtk-grid .store=${s}></rtk-grid>
          ${panel ? html`<aside aria-label=${panel[0].toUpperCase() + panel.slice(1)}
              @keydown=${(e) => { if (e.key === 'Escape') { e.stopPropagation(); closePanel(); } }}>
            <button class="ghost icon close" aria-label=${`Close ${panel}`} @click=${closePanel}>${icon('close')}</button>
            ${panel === 'participants' ? html`<rtk-participants .store=${s}></rtk-participants>`
              : panel === 'chat' ? html`<rtk-chat .store=${s}></rtk-chat>` : html`<rtk-polls .store=${s}></rtk-polls>`}
          </aside>` : ''}
          <rtk-notifications .store=${s}></rtk-notifications>
        </main>
        <rtk-controlbar .store=${s}></rtk-controlbar>
      </div>
      <rtk-breakout-rooms-manager .store=${s}></rtk-breakout-rooms-manager>
      ${sw ? html`<div class="overlay" role="status" aria-live="assertive"><div><div class="spinner" aria-hidden="true"></div>
        <p>${sw.message}</p>${sw.title ? html`<p class="muted" style="font-size:.95em;margin-top:.4em">${sw.title}</p>` : ''}</div></div>` : ''}`;
  }
  _wait(text) {
    return html`<div class="center" role="status"><div><div class="spinner" aria-hidden="true"></div><p>${text}</p></div></div>`;
  }
  _left() {
    const s = this._store;
    if (s.state.endReason === 'replaced') {
      const takeBack = () => {
        const ev = new CustomEvent('rtkRejoin', { bubbles: true, composed: true, cancelable: true });
        if (this.dispatchEvent(ev)) location.reload();
      };
      return html`<div class="center" role="alert"><div>
        <h1>You joined from another tab or device</h1>
        <p class="muted">This meeting is open somewhere else now, so it was closed here.</p>
        <button class="primary" @click=${takeBack}>Use the meeting here</button></div></div>`;
    }
    const why = s.state.endReason === 'participant_removed' ? 'You were removed from the meeting'
      : s.state.endReason === 'meeting_inactive' ? 'The meeting has ended' : 'You left the meeting';
    return html`<div class="center" role="status"><div><h1>${why}</h1></div></div><rtk-notifications .store=${s}></rtk-notifications>`;
  }
}
