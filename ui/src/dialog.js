import { LitElement, html, css } from 'lit';
import { tokens, deepActiveElement, firstFocusable } from './base.js';
import { icon } from './icons.js';

/**
 * <rtk-dialog label="…" open>: a modal built on the native <dialog> (top layer, inert
 * background); the host element is role="dialog" + aria-modal, named by `label`. On open it moves focus to
 * the first control of its content; on close it gives focus back to where it was. Escape and
 * the Close button fire `close`; the owner decides (the dialog never closes itself).
 */
export class RtkDialog extends LitElement {
  static properties = {
    label: { type: String },
    open: { type: Boolean, reflect: true },
    closable: { type: Boolean },
    wide: { type: Boolean, reflect: true },
  };
  static styles = [tokens, css`
    /* The host gets a box (so it counts as visible) without covering anything; the native
       dialog itself lives in the top layer. */
    :host([open]) { position: fixed; inset: 0; pointer-events: none; z-index: 20; }
    dialog { pointer-events: auto;
      background: var(--_surface); color: var(--_text); border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) * 1.4); padding: 0; width: min(92vw, 440px); max-height: 88vh;
      box-shadow: 0 20px 60px rgb(0 0 0 / 0.45);
    }
    :host([wide]) dialog { width: min(96vw, 820px); }
    dialog::backdrop { background: rgb(0 0 0 / 0.55); }
    header { display: flex; align-items: center; justify-content: space-between; gap: 1em; padding: 1em 1.2em 0.4em; }
    h2 { font-size: 1.15em; margin: 0; }
    .body { padding: 0.6em 1.2em 1.2em; overflow: auto; max-height: calc(88vh - 4em); }
  `];

  constructor() {
    super();
    this.closable = true;
    this._returnTo = null;
  }

  updated(changed) {
    // The host carries the dialog role, so the slotted content (light DOM) is inside the
    // dialog in the accessibility tree too; the native <dialog> only provides the modality.
    if (this.open) {
      this.setAttribute('role', 'dialog');
      this.setAttribute('aria-modal', 'true');
      this.setAttribute('aria-label', this.label || '');
    } else {
      for (const a of ['role', 'aria-modal', 'aria-label']) this.removeAttribute(a);
    }
    if (!changed.has('open')) return;
    const d = this.renderRoot.querySelector('dialog');
    if (this.open && !d.open) {
      this._returnTo = deepActiveElement();
      d.showModal();
      this.focusFirst();
    } else if (!this.open && d.open) {
      d.close();
    }
  }
  /** Moves focus to the first control of the content (after it rendered). */
  focusFirst() {
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const slot = this.renderRoot.querySelector('slot');
      const target = firstFocusable(slot) || this.renderRoot.querySelector('header button');
      target?.focus();
    }));
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    this._restore();
  }
  _restore() {
    const t = this._returnTo;
    this._returnTo = null;
    if (t && t.isConnected) queueMicrotask(() => t.focus());
  }
  _onClose() {
    // native close (after .close()): give focus back
    this._restore();
  }
  _cancel(e) {
    e.preventDefault();
    if (this.closable) this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }));
  }
  render() {
    return html`<dialog role="none" @cancel=${this._cancel} @close=${this._onClose}>
      <header>
        <h2>${this.label}</h2>
        ${this.closable ? html`<button class="ghost icon" aria-label="Close dialog" @click=${this._cancel}>${icon('close')}</button>` : ''}
      </header>
      <div class="body"><slot></slot></div>
    </dialog>`;
  }
}
