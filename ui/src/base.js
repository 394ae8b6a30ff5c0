import { LitElement, css, html, svg } from 'lit';
import { MeetingStore } from './store.js';

export { html, css, svg };

/**
 * Base of every component: receives the shared MeetingStore (`.store`) from its parent, or,
 * when used alone, builds its own from `.meeting`. Re-renders on every store change.
 */
export class StoreElement extends LitElement {
  static properties = {
    store: { attribute: false },
    meeting: { attribute: false },
  };

  constructor() {
    super();
    this._unsub = null;
    this._subscribed = null;
  }

  /** The store in use: the one given, or one owned by this element for `.meeting`. */
  get s() {
    if (this.store) return this.store;
    if (this.meeting) {
      if (!this._own) { this._own = new MeetingStore(this.meeting); this._ownFor = this.meeting; }
      else if (this._ownFor !== this.meeting) { this._ownFor = this.meeting; this._own.bind(this.meeting); }
      return this._own;
    }
    return null;
  }

  connectedCallback() {
    super.connectedCallback();
    this._resubscribe();
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    this._unsub?.();
    this._unsub = null;
    this._subscribed = null;
  }
  willUpdate(changed) {
    if (changed.has('store') || changed.has('meeting')) this._resubscribe();
  }
  _resubscribe() {
    const s = this.s;
    if (s === this._subscribed) return;
    this._unsub?.();
    this._subscribed = s;
    this._unsub = s ? s.subscribe(() => this.requestUpdate()) : null;
  }
}

/** Design tokens: public --rtk-* custom properties with dark defaults. */
export const tokens = css`
  :host {
    --_bg: var(--rtk-bg, #121317);
    --_surface: var(--rtk-surface, #1e2027);
    --_surface-2: var(--rtk-surface-2, #2a2d36);
    --_text: var(--rtk-text, #eef0f4);
    --_muted: var(--rtk-text-muted, #a9afbd);
    --_border: var(--rtk-border, #3a3e4a);
    --_brand: var(--rtk-brand, #3e7bfa);
    --_on-brand: var(--rtk-on-brand, #ffffff);
    --_danger: var(--rtk-danger, #e5484d);
    --_success: var(--rtk-success, #30a46c);
    --_video-bg: var(--rtk-video-bg, #0b0c0f);
    --_radius: var(--rtk-radius, 10px);
    --_font: var(--rtk-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_focus: var(--rtk-focus, #8ab4ff);
    font-family: var(--_font);
    color: var(--_text);
    box-sizing: border-box;
  }
  *, *::before, *::after { box-sizing: inherit; }
  button {
    font: inherit; color: inherit; cursor: pointer;
    background: var(--_surface-2); border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 0.8);
    padding: 0.45em 0.9em; display: inline-flex; align-items: center; gap: 0.4em; line-height: 1.2;
  }
  button:hover:not(:disabled) { filter: brightness(1.15); }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid var(--_focus); outline-offset: 2px; }
  button.primary { background: var(--_brand); border-color: var(--_brand); color: var(--_on-brand); }
  button.danger { background: var(--_danger); border-color: var(--_danger); color: #fff; }
  button.ghost { background: transparent; border-color: transparent; }
  button.icon { padding: 0.4em; }
  input, textarea {
    font: inherit; color: inherit; background: var(--_bg); border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6); padding: 0.45em 0.6em;
  }
  svg.i { width: 1.15em; height: 1.15em; flex: none; fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .muted { color: var(--_muted); }
`;

/** Deep active element (through shadow roots). */
export function deepActiveElement() {
  let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/** First focusable element under `root`, looking into open shadow roots and slots. */
export function firstFocusable(root) {
  const walk = (node) => {
    if (!node) return null;
    if (node.nodeType === 1) {
      if (node.matches(FOCUSABLE) && !node.closest('[hidden]')) return node;
      if (node.localName === 'slot') {
        for (const n of node.assignedElements({ flatten: true })) { const f = walk(n); if (f) return f; }
        return null;
      }
      if (node.shadowRoot) { const f = walk(node.shadowRoot); if (f) return f; }
    }
    for (const c of node.children ?? []) { const f = walk(c); if (f) return f; }
    return null;
  };
  return walk(root);
}
