import { html, css } from 'lit';
import { LitElement } from 'lit';
import { tokens } from './base.js';

/**
 * What a failed RealtimeKitClient.init() (or a missing token) means for the person who opened
 * the link: {title, message, retry}. Reads only the SDK's error code and reason.
 */
export function describeJoinError(e) {
  const code = e && typeof e === 'object' ? e.code : undefined;
  const reason = e && typeof e === 'object' ? e.reason : undefined;
  if (reason === 'token_missing') {
    return { title: 'No meeting link', message: 'Open this page with ?authToken=<participant token> (see the README demo command).', retry: false };
  }
  if (reason === 'token_expired') {
    return { title: 'This meeting link has expired', message: 'Ask the host for a new link to join the meeting.', retry: false };
  }
  if (code === 'unauthenticated') {
    return {
      title: 'This is not a meeting link',
      message: 'The link is incomplete or was changed. Check that you copied the whole link, or ask the host for a new one.',
      retry: false,
    };
  }
  if (code === 'not_found') {
    return { title: 'This meeting is not available', message: 'It may have ended or been removed. Ask the host for a new link.', retry: false };
  }
  if (code === 'unavailable' || code === 'timeout' || e instanceof TypeError) {
    return { title: 'Cannot reach the meeting server', message: 'Check your internet connection, then try again.', retry: true };
  }
  return { title: 'Could not open the meeting', message: 'Something went wrong while connecting. Try again in a moment.', retry: true };
}

/**
 * <rtk-error-screen>: a full-size, readable explanation of why the meeting could not open
 * (`error`: the SDK's error or {code, reason}); "Try again" (when it can help) fires `rtkRetry`.
 */
export class RtkErrorScreen extends LitElement {
  static properties = { error: { attribute: false } };
  static styles = [tokens, css`
    :host { display: grid; place-items: center; position: absolute; inset: 0; z-index: 30; background: var(--_bg); padding: 1em; overflow: auto; }
    .card { max-width: 30em; background: var(--_surface); border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.5);
      padding: 1.5em; text-align: center; }
    h1 { font-size: 1.3em; margin: 0 0 0.5em; }
    p { margin: 0 0 1em; line-height: 1.45; }
    details { font-size: 0.8em; color: var(--_muted); text-align: left; }
    button { margin: 0 auto 1em; }
  `];
  render() {
    if (!this.error) return html``;
    const d = describeJoinError(this.error);
    const tech = [this.error.code, this.error.reason, this.error.message].filter(Boolean).join(' · ');
    return html`<div class="card" role="alert" aria-labelledby="t">
      <h1 id="t">${d.title}</h1>
      <p>${d.message}</p>
      ${d.retry ? html`<button class="primary" @click=${() => this.dispatchEvent(new CustomEvent('rtkRetry', { bubbles: true, composed: true }))}>Try again</button>` : ''}
      ${tech && this.error.reason !== 'token_missing' ? html`<details><summary>Details for support</summary>${tech}</details>` : ''}
    </div>`;
  }
}
