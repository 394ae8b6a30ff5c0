// Live view of a meeting group: polls GET /v2/meetings/{id}/connected-meetings about once a
// second (the API key's view is the full scope: every room, its participants, who is
// connected) and offers the host actions the REST API has: start a breakout (rooms +
// assignment in one step), add and delete rooms, move people, close the breakout.
import { LitElement, html } from 'lit';
import { id } from './api.js';
import { base } from './styles.js';
import { liveRooms, roomTitles } from './lib.js';

export const POLL_MS = 1000;

class LiveView extends LitElement {
  static properties = { api: { attribute: false }, meetingId: { attribute: false }, state: { state: true },
    error: { state: true }, status: { state: true }, updatedAt: { state: true }, busy: { state: true } };
  static styles = [base];

  constructor() { super(); this.state = null; this.error = ''; this.status = ''; this.updatedAt = null; }

  connectedCallback() { super.connectedCallback(); this.running = true; this.poll(); }
  disconnectedCallback() { this.running = false; clearTimeout(this.timer); super.disconnectedCallback(); }

  async poll() {
    clearTimeout(this.timer);
    try {
      this.state = await this.api.get(`/v2/meetings/${id(this.meetingId)}/connected-meetings`);
      this.updatedAt = new Date();
      if (this.error.startsWith('Live updates')) this.error = '';
    } catch (e) {
      this.error = `Live updates paused: ${e.message} Retrying\u2026`;
    }
    if (this.running) this.timer = setTimeout(() => this.poll(), POLL_MS);
  }

  // Runs a host action; then, since the control used may be gone or disabled (a deleted room,
  // a person shown in another room, Close breakout with no breakout left), puts the keyboard
  // focus on `focusAfter()` (a CSS selector in this view), or the first enabled one listed.
  async act(what, fn, focusAfter = []) {
    this.busy = true; this.error = ''; this.status = '';
    try { await fn(); this.status = what; await this.poll(); }
    catch (e) { this.error = `${what.replace(/\.$/, '')} failed: ${e.message}`; }
    finally { this.busy = false; }
    await this.updateComplete;
    for (const sel of focusAfter) {
      const el = this.renderRoot.querySelector(sel);
      if (el && !el.disabled) { el.focus(); break; }
    }
  }

  path(suffix = '') { return `/v2/meetings/${id(this.meetingId)}/connected-meetings${suffix}`; }

  existingTitles() { return (this.state?.meetings ?? []).map((m) => m.title); }

  roomCount() {
    const n = Number(this.renderRoot.querySelector('#room-count').value);
    return Number.isInteger(n) && n >= 1 ? n : 0;
  }

  askStart() {
    if (!this.roomCount()) { this.error = 'Enter how many rooms to create (1 or more).'; return; }
    this.renderRoot.querySelector('#start-dialog').showModal();
  }

  start() {
    this.renderRoot.querySelector('#start-dialog').close();
    const n = this.roomCount();
    const shuffle = this.renderRoot.querySelector('#shuffle').checked;
    const meetings = roomTitles(n, this.existingTitles()).map((title) => ({ title }));
    return this.act(`Breakout started with ${n} room${n === 1 ? '' : 's'}.`, () => this.api.post(this.path('/start'), { meetings, shuffle }),
      ['#start']);
  }

  addRooms() {
    const n = this.roomCount();
    if (!n) { this.error = 'Enter how many rooms to create (1 or more).'; return; }
    const meetings = roomTitles(n, this.existingTitles()).map((title) => ({ title }));
    return this.act(`${n} room${n === 1 ? '' : 's'} added.`, () => this.api.post(this.path(), { meetings }), ['#add-rooms']);
  }

  close() {
    return this.act('Breakout closed: everyone is back in the main meeting.', () => this.api.post(this.path('/close'), {}),
      ['#close-breakout', '#start']);
  }

  deleteRoom(room) {
    // Focus goes to the Delete button of the room after it (or before it), else Add rooms.
    const ids = liveRooms(this.state).filter((r) => !r.isParent).map((r) => r.id);
    const i = ids.indexOf(room.id);
    const near = [ids[i + 1], ids[i - 1]].filter(Boolean).map((rid) => `[data-room-id="${CSS.escape(rid)}"] .delete-room`);
    return this.act(`${room.title} deleted; its participants are back in the main meeting.`,
      () => this.api.del(this.path(), { meeting_ids: [room.id] }), [...near, '#add-rooms']);
  }

  move(p, from, select) {
    const to = select.value;
    if (!to || to === from.id) return undefined;
    const dest = liveRooms(this.state).find((r) => r.id === to);
    // The person is then listed under the destination: focus follows them to their new Move control.
    return this.act(`${p.display_name ?? p.name} moved to ${dest?.title ?? 'another room'}.`, () => this.api.post(this.path('/move'),
      { source_meeting_id: from.id, destination_meeting_id: to, participant_ids: [p.id] }), [`#move-${CSS.escape(p.id)}`]);
  }

  renderRoom(room, rooms) {
    return html`
      <section class="card room" data-room=${room.isParent ? 'parent' : room.title} data-room-id=${room.id} aria-labelledby="room-${room.id}">
        <div class="row"><h2 id="room-${room.id}" style="margin:0">${room.title}</h2>
          <span class="badge">${room.isParent ? 'main' : 'breakout'}</span>
          <span class="muted">${room.connected} of ${room.participants.length} connected</span>
          <span class="spacer"></span>
          ${room.isParent ? '' : html`<button type="button" class="danger delete-room" ?disabled=${this.busy} @click=${() => this.deleteRoom(room)} aria-label="Delete room ${room.title}">Delete room</button>`}
        </div>
        ${room.participants.length === 0 ? html`<p class="muted">Nobody is assigned here.</p>` : html`
          <ul class="people">${room.participants.map((p) => {
            const name = p.display_name ?? p.name ?? p.custom_participant_id;
            return html`<li data-person=${p.custom_participant_id}>
              <span class="dot ${p.connected ? 'on' : ''}" aria-hidden="true"></span>
              <span class="who">${name} <span class="sr-only">${p.connected ? '(connected)' : '(not connected)'}</span>
                <span class="muted hide-narrow">${p.preset_name}</span></span>
              <label class="sr-only" for="move-${p.id}">Move ${name} to</label>
              <select id="move-${p.id}" ?disabled=${this.busy}>
                ${rooms.map((r) => html`<option value=${r.id} ?selected=${r.id === room.id}>${r.title}</option>`)}
              </select>
              <button type="button" ?disabled=${this.busy} @click=${(e) => this.move(p, room, e.target.previousElementSibling)} aria-label="Move ${name}">Move</button>
            </li>`;
          })}</ul>`}
      </section>`;
  }

  render() {
    const rooms = liveRooms(this.state);
    const connected = rooms.reduce((n, r) => n + r.connected, 0);
    const inBreakout = rooms.length > 1;
    return html`
      <style>
        .people { list-style: none; padding: 0; margin: 0.5rem 0 0; }
        .people li { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; padding: 0.35rem 0; border-top: 1px solid var(--border); }
        .who { flex: 1; min-width: 8rem; }
        .dot { width: 0.7rem; height: 0.7rem; border-radius: 50%; border: 2px solid var(--muted); flex: none; }
        .dot.on { background: var(--ok); border-color: var(--ok); }
        .rooms { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 1rem; }
        @media (max-width: 600px) { .rooms { grid-template-columns: 1fr; } }
      </style>
      <div class="card">
        <h2 style="margin-top:0">Breakout rooms</h2>
        <div class="row">
          <label for="room-count" style="margin:0">Rooms</label>
          <input id="room-count" type="number" min="1" max="100" value="2" style="width:5rem">
          <input id="shuffle" type="checkbox" checked style="min-height:0"><label for="shuffle" style="margin:0;font-weight:400">Spread the main meeting's participants over the new rooms</label>
        </div>
        <div class="row" style="margin-top:0.5rem">
          <button id="start" class="primary" type="button" ?disabled=${this.busy} @click=${this.askStart}>Start breakout</button>
          <button id="add-rooms" type="button" ?disabled=${this.busy} @click=${this.addRooms}>Add rooms</button>
          <button id="close-breakout" type="button" ?disabled=${this.busy || !inBreakout} @click=${this.close}>Close breakout</button>
        </div>
      </div>
      <div role="status" class="status">${this.status}</div>
      ${this.error ? html`<div role="alert" class="error">${this.error}</div>` : ''}
      <p class="muted"><span aria-live="polite">${this.state ? `${connected} connected, ${rooms.length - 1} breakout room${rooms.length === 2 ? '' : 's'}` : 'Loading\u2026'}</span>
        <span class="hide-narrow">${this.updatedAt ? ` \u00b7 updated ${this.updatedAt.toLocaleTimeString()}` : ''}</span></p>
      <div class="rooms">${rooms.map((r) => this.renderRoom(r, rooms))}</div>
      <dialog id="start-dialog" aria-labelledby="start-title">
        <h2 id="start-title">Start the breakout?</h2>
        <p>Connected participants who are moved switch rooms right away.</p>
        <div class="row"><button class="primary" type="button" @click=${this.start}>Yes, start</button>
          <button type="button" @click=${() => this.renderRoot.querySelector('#start-dialog').close()}>Cancel</button></div>
      </dialog>`;
  }
}
customElements.define('rtk-live-view', LiveView);
