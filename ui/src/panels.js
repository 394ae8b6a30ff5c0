import { html, css } from 'lit';
import { StoreElement, tokens } from './base.js';
import { icon } from './icons.js';

const panelStyles = css`
  :host { display: flex; flex-direction: column; min-height: 0; height: 100%; }
  h2 { font-size: 1em; margin: 0; padding: 0.9em 3em 0.9em 1em; border-bottom: 1px solid var(--_border); display: flex; justify-content: space-between; align-items: center; }
  .scroll { flex: 1; overflow: auto; padding: 0.6em 1em; }
  ul { list-style: none; margin: 0; padding: 0; }
  form { display: flex; gap: 0.4em; padding: 0.6em; border-top: 1px solid var(--_border); }
  form input { flex: 1; min-width: 0; }
`;

/** A half-typed message or poll belongs to the room it was typed in: clear the panel's forms
 *  when the current meeting changes (the panel element itself survives the switch). */
function resetOnRoomChange(el) {
  const id = el.s?.meetingId ?? null;
  if (el._formsRoom !== undefined && el._formsRoom !== id) {
    for (const f of el.renderRoot.querySelectorAll('form')) f.reset();
    el._onRoomReset?.();
  }
  el._formsRoom = id;
}

/** <rtk-participants>: who is in the current room. */
export class RtkParticipants extends StoreElement {
  static styles = [tokens, panelStyles, css`
    li { display: flex; align-items: center; gap: 0.5em; padding: 0.45em 0; }
    li span.n { flex: 1; overflow: hidden; text-overflow: ellipsis; }
    .st { display: inline-flex; gap: 0.2em; color: var(--_muted); }
  `];
  render() {
    const s = this.s;
    if (!s?.meeting) return html``;
    const people = [s.self, ...s.participants];
    return html`<h2 id="h">Participants (${people.length})</h2>
      <div class="scroll"><ul aria-labelledby="h">${people.map((p, i) => html`<li>
        <span class="n">${p.name}${i === 0 ? ' (you)' : ''}</span>
        <span class="st"><span role="img" aria-label=${p.audioEnabled ? 'Microphone on' : 'Microphone muted'}>${icon(p.audioEnabled ? 'mic' : 'micOff')}</span>
        <span role="img" aria-label=${p.videoEnabled ? 'Camera on' : 'Camera off'}>${icon(p.videoEnabled ? 'cam' : 'camOff')}</span></span>
      </li>`)}</ul></div>`;
  }
}

/** <rtk-chat>: the current room's chat. */
export class RtkChat extends StoreElement {
  static styles = [tokens, panelStyles, css`
    li { padding: 0.4em 0; }
    .who { font-size: 0.8em; color: var(--_muted); }
    .who time { margin-left: 0.4em; }
    .text { white-space: pre-wrap; overflow-wrap: anywhere; }
    .empty { color: var(--_muted); }
    .note { margin: 0; padding: 0.7em 1em; border-top: 1px solid var(--_border); color: var(--_muted); font-size: 0.9em; }
  `];
  async _send(e) {
    e.preventDefault();
    const input = this.renderRoot.querySelector('input');
    const text = input.value.trim();
    if (!text) return;
    const r = await this.s.sendMessage(text);
    if (r.ok) input.value = '';
  }
  updated() {
    resetOnRoomChange(this);
    const sc = this.renderRoot.querySelector('.scroll');
    if (sc) sc.scrollTop = sc.scrollHeight;
  }
  render() {
    const s = this.s;
    if (!s?.meeting) return html``;
    const msgs = s.messages;
    return html`<h2 id="h">Chat</h2>
      <div class="scroll" aria-live="polite">${msgs.length ? html`<ul aria-labelledby="h">${msgs.map((m) => html`<li>
        <div class="who">${m.displayName}${m.time instanceof Date && !Number.isNaN(m.time.getTime())
          ? html` <time datetime=${m.time.toISOString()}>${m.time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>` : ''}</div>
        <div class="text">${m.message ?? m.text ?? ''}</div></li>`)}</ul>`
        : html`<p class="empty">No messages in ${s.roomTitle || 'this room'} yet.</p>`}</div>
      ${s.can.sendChat ? html`<form @submit=${this._send}><input aria-label="Message" maxlength=${s.limits.maxChatTextBytes} placeholder="Message ${s.roomTitle}">
        <button class="primary" type="submit">Send</button></form>`
        : html`<p class="note">You can read the chat; sending messages is not allowed for you in this meeting.</p>`}`;
  }
}

/** <rtk-polls>: the current room's polls. */
export class RtkPolls extends StoreElement {
  static properties = { _options: { state: true } };
  static styles = [tokens, panelStyles, css`
    .poll { background: var(--_bg); border-radius: var(--_radius); padding: 0.6em; margin-bottom: 0.6em; }
    .q { font-weight: 600; margin-bottom: 0.4em; }
    .poll button { width: 100%; justify-content: space-between; margin: 0.2em 0; }
    form.create { flex-direction: column; }
    .empty { color: var(--_muted); }
    .results li { display: flex; justify-content: space-between; padding: 0.3em 0.2em; }
  `];
  constructor() { super(); this._options = 2; }
  updated() { resetOnRoomChange(this); }
  _onRoomReset() { this._options = 2; }
  async _create(e) {
    e.preventDefault();
    const f = e.target;
    const q = f.querySelector('[name=q]').value.trim();
    const opts = [...f.querySelectorAll('[name=o]')].map((i) => i.value.trim()).filter(Boolean);
    if (!q || opts.length < 2) { this.s.pushError('A poll needs a question and at least two options.'); return; }
    const r = await this.s.createPoll(q, opts);
    if (r.ok) { f.reset(); this._options = 2; }
  }
  render() {
    const s = this.s;
    if (!s?.meeting) return html``;
    const me = s.self?.userId;
    const polls = s.polls;
    const can = s.can;
    const votes = (o) => `${o.count} vote${o.count === 1 ? '' : 's'}`;
    return html`<h2 id="h">Polls</h2>
      <div class="scroll">${polls.length ? polls.map((p) => {
        const voted = (p.voted ?? []).includes(me);
        return html`<div class="poll" role="group" aria-label=${p.question}><div class="q">${p.question}</div>
          ${can.votePoll ? p.options.map((o, i) => html`<button ?disabled=${voted} aria-label=${`Vote ${o.text}, ${votes(o)}`}
            @click=${() => s.votePoll(p.id, i)}><span>${o.text}</span><span>${o.count}</span></button>`)
            : html`<ul class="results">${p.options.map((o) => html`<li><span>${o.text}</span><span aria-label=${votes(o)}>${o.count}</span></li>`)}</ul>`}
          <div class="muted">by ${p.createdBy}</div></div>`;
      }) : html`<p class="empty">No polls in ${s.roomTitle || 'this room'} yet.</p>`}</div>
      ${can.createPoll ? this._form() : ''}`;
  }
  _form() {
    return html`<form class="create" @submit=${this._create} aria-label="Create a poll">
        <input name="q" aria-label="Question" placeholder="Question" maxlength=${this.s.limits.maxPollTextBytes}>
        ${Array.from({ length: this._options }, (_, i) => html`<input name="o" aria-label=${`Option ${i + 1}`} placeholder=${`Option ${i + 1}`} maxlength=${this.s.limits.maxPollTextBytes}>`)}
        <div style="display:flex;gap:.4em"><button type="button" @click=${() => { this._options++; }}>${icon('plus')}Add option</button>
        <button class="primary" type="submit">Create poll</button></div>
      </form>`;
  }
}
