import { LitElement, html, css } from 'lit';
import { StoreElement, tokens } from './base.js';
import { icon } from './icons.js';
import { BreakoutRoomsManager, participantsPerRoom } from './breakout-manager.js';
import './breakout-plans.js';

const PAGE = 12; // room cards per page in the Assign dialog
const fire = (el, type, detail) => el.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));

/** <rtk-breakout-rooms-toggle>: the "Breakout Rooms" control-bar button. */
export class RtkBreakoutRoomsToggle extends StoreElement {
  static properties = { variant: { type: String } };
  static styles = [tokens, css`
    :host { display: inline-flex; }
    button { flex-direction: column; gap: 0.2em; min-width: 4.8em; font-size: 0.8em; background: transparent; border-color: transparent; }
    button[aria-expanded='true'] { background: var(--_surface-2); }
    svg.i { width: 1.5em; height: 1.5em; }
  `];
  /** Visible to hosts, and to participants who may switch while rooms run (RealtimeKit's rule). */
  static visible(s) {
    if (!s) return false;
    const p = s.permissions;
    // With self-selection on, the core's switchTargets name rooms a participant may join itself.
    return p.canAlter || ((p.canSwitch || p.canSwitchToParent || s.switchTargets.length > 0) && s.breakoutActive);
  }
  render() {
    const s = this.s;
    if (!RtkBreakoutRoomsToggle.visible(s)) return html``;
    const open = !!s.state.ui.breakout;
    return html`<button aria-haspopup="dialog" aria-expanded=${open ? 'true' : 'false'}
      @click=${() => s.setUi({ breakout: !open })}>${icon('rooms')}<span>Breakout Rooms</span></button>`;
  }
}

/** <rtk-breakout-room-participants>: selectable list of participants (toggle buttons). */
export class RtkBreakoutRoomParticipants extends LitElement {
  static properties = {
    participants: { attribute: false }, // [{id, name}]
    selectedParticipantIds: { attribute: false },
    label: { type: String },
  };
  static styles = [tokens, css`
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.3em; }
    button[aria-pressed] { width: 100%; justify-content: flex-start; background: var(--_bg); }
    button[aria-pressed='true'] { border-color: var(--_brand); background: color-mix(in srgb, var(--_brand) 25%, var(--_bg)); }
    .tools { display: flex; gap: 0.4em; margin-bottom: 0.5em; flex-wrap: wrap; }
    .empty { color: var(--_muted); font-size: 0.9em; margin: 0.3em 0; }
  `];
  constructor() { super(); this.participants = []; this.selectedParticipantIds = []; this.label = 'Participants'; }
  _emit(ids) { fire(this, 'selectedParticipantsUpdate', ids); }
  render() {
    const sel = new Set(this.selectedParticipantIds);
    const all = this.participants.map((p) => p.id);
    const allSelected = all.length > 0 && all.every((id) => sel.has(id));
    return html`
      ${all.length ? html`<div class="tools">
        <button class="ghost" @click=${() => { fire(this, 'allParticipantsToggleUpdate', all); this._emit(allSelected ? [...sel].filter((id) => !all.includes(id)) : [...new Set([...sel, ...all])]); }}>
          ${allSelected ? 'Clear selection' : 'Select all'}</button></div>` : ''}
      ${all.length ? '' : html`<p class="empty">Everyone is assigned.</p>`}
      <ul aria-label=${this.label}>${this.participants.map((p) => html`<li>
        <button aria-pressed=${sel.has(p.id) ? 'true' : 'false'}
          @click=${() => this._emit(sel.has(p.id) ? [...sel].filter((x) => x !== p.id) : [...sel, p.id])}>${icon(sel.has(p.id) ? 'check' : 'people')}${p.name}</button></li>`)}</ul>`;
  }
}

/** <rtk-breakout-room-manager>: one room card (draft or live). */
export class RtkBreakoutRoomManager extends LitElement {
  static properties = {
    room: { attribute: false }, // {id, title, participants:[{id,name}], isParent}
    mode: { type: String }, // 'create' | 'edit'
    selectedParticipantIds: { attribute: false },
    assigningParticipants: { type: Boolean },
    allowDelete: { type: Boolean },
    canJoin: { type: Boolean },
    canListen: { type: Boolean }, // a host in the live view: "Listen" (host listen-in, SFU)
    listening: { type: Boolean }, // this host listens to this room now
    current: { type: Boolean },
    maxTitle: { type: Number }, // the server's title limit (session limits.maxTextBytes)
    _editing: { state: true },
  };
  static styles = [tokens, css`
    section { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.7em; background: var(--_bg); }
    header { display: flex; align-items: center; gap: 0.3em; margin-bottom: 0.4em; }
    h3 { margin: 0; font-size: 1em; flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .count { color: var(--_muted); font-size: 0.85em; }
    .here { font-size: 0.75em; background: var(--_success); color: #fff; border-radius: 1em; padding: 0.1em 0.6em; }
    ul { list-style: none; margin: 0 0 0.5em; padding: 0; display: flex; flex-direction: column; gap: 0.25em; }
    li { display: flex; gap: 0.25em; }
    li button[aria-pressed] { flex: 1; justify-content: flex-start; }
    li button[aria-pressed='true'] { border-color: var(--_brand); background: color-mix(in srgb, var(--_brand) 25%, var(--_bg)); }
    .actions { display: flex; gap: 0.4em; flex-wrap: wrap; }
    form { display: flex; gap: 0.3em; flex: 1; }
    form input { flex: 1; min-width: 0; }
    .empty { color: var(--_muted); font-size: 0.85em; margin: 0.2em 0 0.5em; }
  `];
  constructor() {
    super();
    this.mode = 'create'; this.selectedParticipantIds = []; this.allowDelete = true; this._editing = false;
  }
  _save(e) {
    e.preventDefault();
    const title = this.renderRoot.querySelector('input').value.trim();
    if (!title) return;
    this._editing = false;
    if (title !== this.room.title) fire(this, 'update', { id: this.room.id, title });
  }
  async _startEdit() {
    this._editing = true;
    await this.updateComplete;
    const i = this.renderRoot.querySelector('input');
    i.focus(); i.select();
  }
  render() {
    const r = this.room;
    if (!r) return html``;
    const sel = new Set(this.selectedParticipantIds);
    const live = this.mode === 'edit';
    // nothing to do when every selected person is already in this room
    const allHere = sel.size > 0 && [...sel].every((id) => r.participants.some((p) => p.id === id));
    return html`<section role="group" aria-label=${r.title}>
      <header>
        ${this._editing ? html`<form @submit=${this._save}>
            <input aria-label="Room name" maxlength=${this.maxTitle ?? 256} required .value=${r.title}
              @keydown=${(e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); this._editing = false; } }}>
            <button class="primary" type="submit">Save name</button>
            <button type="button" @click=${() => { this._editing = false; }}>Cancel</button></form>`
          : html`<h3 title=${r.title}>${r.title}</h3>
            ${this.current ? html`<span class="here">You are here</span>` : ''}
            <span class="count" role="img" aria-label=${`${r.participants.length} participant${r.participants.length === 1 ? '' : 's'}`}>${r.participants.length}</span>
            ${r.isParent ? '' : html`<button class="ghost icon" aria-label=${`Rename ${r.title}`} @click=${this._startEdit}>${icon('pencil')}</button>`}
            ${r.isParent || !this.allowDelete ? '' : html`<button class="ghost icon" aria-label=${`Delete ${r.title}`} @click=${() => fire(this, 'delete', r.id)}>${icon('trash')}</button>`}`}
      </header>
      ${r.participants.length ? html`<ul aria-label=${`Participants in ${r.title}`}>${r.participants.map((p) => html`<li>
          <button aria-pressed=${sel.has(p.id) ? 'true' : 'false'} @click=${() => fire(this, 'participantToggle', p.id)}>${p.name}</button>
          ${live ? '' : html`<button class="ghost icon" aria-label=${`Unassign ${p.name}`} @click=${() => fire(this, 'participantDelete', { id: p.id })}>${icon('close')}</button>`}
        </li>`)}</ul>` : html`<p class="empty">No participants</p>`}
      <div class="actions">
        <button aria-label=${live ? `Move selected to ${r.title}` : `Assign to ${r.title}`} ?disabled=${!this.assigningParticipants || allHere}
          title=${allHere ? `Everyone selected is already in ${r.title}` : ''}
          @click=${() => fire(this, 'participantsAdd', r.id)}>${icon('plus')}${live ? 'Move here' : 'Assign'}</button>
        ${this.canJoin && !this.current ? html`<button aria-label=${`Join ${r.title}`} @click=${() => fire(this, 'roomJoin', r.id)}>${icon('leave')}Join</button>` : ''}
        ${this.canListen && !this.current ? html`<button aria-label=${this.listening ? `Stop listening to ${r.title}` : `Listen to ${r.title}`}
          aria-pressed=${this.listening ? 'true' : 'false'} @click=${() => fire(this, this.listening ? 'roomStopListening' : 'roomListen', r.id)}>${this.listening ? 'Stop listening' : 'Listen'}</button>` : ''}
      </div>
    </section>`;
  }
}

/**
 * <rtk-breakout-rooms-manager>: the whole breakout flow in dialogs.
 *  host, no rooms: Create Breakout → Assign Participants → confirmation → startBreakout()
 *  host, rooms running: live view of every room (move, join, rename, delete, add, Close Breakout)
 *  participant: room switcher limited by their permissions.
 */
export class RtkBreakoutRoomsManager extends StoreElement {
  static properties = {
    _step: { state: true },
    _count: { state: true },
    _selected: { state: true },
    _confirm: { state: true },
    _page: { state: true },
    _avoidRepeats: { state: true },
    _countText: { state: true },
  };
  static styles = [tokens, css`
    :host { display: block; height: 0; }
    form.broadcast { display: flex; gap: 0.4em; margin: 0 0 0.8em; }
    form.broadcast input { flex: 1; min-width: 0; }
    .counter { display: flex; align-items: center; gap: 0.5em; margin: 0.4em 0 0.8em; }
    .counter input { width: 5em; text-align: center; }
    .cols { display: grid; grid-template-columns: minmax(180px, 1fr) 2fr; gap: 1em; }
    @media (max-width: 640px) { .cols { grid-template-columns: 1fr; } }
    .rooms { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 0.7em; }
    h3 { font-size: 0.95em; margin: 0; }
    .head { display: flex; align-items: center; justify-content: space-between; gap: 0.5em; margin: 0 0 0.5em; }
    footer { display: flex; justify-content: flex-end; gap: 0.5em; margin-top: 1em; flex-wrap: wrap; }
    /* the dialog's actions stay in view however long the content is */
    footer.sticky { position: sticky; bottom: -1.2em; background: var(--_surface); padding: 0.7em 0 1.2em; margin-bottom: -1.2em; border-top: 1px solid var(--_border); z-index: 1; }
    .pager { display: flex; align-items: center; gap: 0.5em; margin: 0 0 0.5em; }
    .small { font-size: 0.85em; }
    .away { margin-top: 1em; }
    .away h3 { margin-bottom: 0.4em; }
    footer .spacer { flex: 1; }
    .alert { background: color-mix(in srgb, var(--_danger) 18%, var(--_surface)); border: 1px solid var(--_danger); border-radius: var(--_radius); padding: 0.5em 0.7em; margin-bottom: 0.8em; }
    .list { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 0.4em; }
    .list li { display: flex; justify-content: space-between; align-items: center; gap: 0.5em; padding: 0.5em 0.6em; background: var(--_bg); border-radius: var(--_radius); }
    p { margin: 0.3em 0; }
  `];

  constructor() {
    super();
    this._step = 'config';
    this._count = 2;
    this._selected = [];
    this._confirm = null;
    this.draft = new BreakoutRoomsManager({ maxTitleBytes: this.s?.limits?.maxTextBytes });
    this.draft.subscribe(() => this.requestUpdate());
    this._poolKey = '';
  }

  /** Parent-meeting participants the host can assign (everyone but the host). */
  _pool() {
    const s = this.s;
    const me = s.self?.userId;
    return (s.parentMeeting?.participants ?? [])
      .filter((p) => p.id !== me && p.connected !== false)
      .map((p) => ({ id: p.id, name: p.displayName || p.id }));
  }
  _syncPool() {
    const pool = this._pool();
    const key = JSON.stringify(pool);
    if (key !== this._poolKey) {
      this._poolKey = key;
      this.draft.setParticipants(pool);
      const ids = new Set(pool.map((p) => p.id));
      if (this._selected.some((id) => !ids.has(id))) this._selected = this._selected.filter((id) => ids.has(id));
    }
  }
  _close() {
    this.s.setUi({ breakout: false });
    this._confirm = null;
    this._selected = [];
  }
  _toggle(id) {
    this._selected = this._selected.includes(id) ? this._selected.filter((x) => x !== id) : [...this._selected, id];
  }
  _errors() {
    const errs = this.s.state.errors.filter((e) => e.kind !== 'info');
    return errs.length ? html`<div class="alert" role="alert">${errs.at(-1).message}
      <button class="ghost" @click=${() => this.s.dismissError(errs.at(-1).id)}>Dismiss</button></div>` : '';
  }

  render() {
    const s = this.s;
    if (!s || !s.state.ui.breakout) return html``;
    const p = s.permissions;
    if (p.canAlter) return s.breakoutActive ? this._renderLive() : this._renderCreate();
    return this._renderSwitcher();
  }

  // ---- host: create ------------------------------------------------------------------------
  _renderCreate() {
    const s = this.s;
    const maxRooms = s.limits.maxMeetings;
    this._syncPool();
    const close = () => this._close();
    if (this._step === 'config') {
      const n = this.draft.participants.length;
      // The number typed is kept as typed (never silently clamped); out of range, Create waits.
      const text = this._countText ?? String(this._count);
      const v = Number(text);
      const valid = /^\d+$/.test(text.trim()) && v >= 1 && v <= maxRooms;
      const { min, max } = participantsPerRoom(n, valid ? v : 1);
      const setCount = (x) => { this._count = x; this._countText = String(x); };
      return html`<rtk-dialog open label="Create Breakout" @close=${close}>
        ${this._errors()}
        <p id="n">Number of rooms</p>
        <div class="counter">
          <button aria-label="Fewer rooms" ?disabled=${!valid || v <= 1} @click=${() => setCount(v - 1)}>−</button>
          <input type="number" min="1" max=${maxRooms} aria-labelledby="n" aria-describedby="lim" aria-invalid=${valid ? 'false' : 'true'}
            .value=${text} @input=${(e) => { this._countText = e.target.value; if (/^\d+$/.test(e.target.value)) this._count = Number(e.target.value); }}>
          <button aria-label="More rooms" ?disabled=${!valid || v >= maxRooms} @click=${() => setCount(v + 1)}>+</button>
        </div>
        ${valid ? html`<p class="muted" aria-live="polite">${n} participant${n === 1 ? '' : 's'} to assign: about ${min === max ? min : `${min}–${max}`} per room.</p>`
          : html`<p class="alert" role="alert">Enter a number of rooms from 1 to ${maxRooms}.</p>`}
        <p class="muted small" id="lim">This server allows up to ${maxRooms} breakout room${maxRooms === 1 ? '' : 's'}.</p>
        <rtk-breakout-plans mode="create" .store=${s} @planStarted=${close}></rtk-breakout-plans>
        <footer><button @click=${close}>Cancel</button>
          <button class="primary" ?disabled=${!valid} @click=${() => { this._count = v; this._countText = null; this.draft.reset(); this.draft.addRooms(v); this._selected = []; this._page = 0; this._step = 'assign'; }}>Create</button></footer>
      </rtk-dialog>`;
    }
    const d = this.draft;
    const nameOf = (id) => d.participant(id)?.name ?? id;
    const rooms = d.rooms;
    const unassigned = d.unassigned;
    const assigned = rooms.reduce((a, r) => a + r.participantIds.length, 0);
    const assign = (roomId) => { d.assign(this._selected, roomId); this._selected = []; };
    return html`<rtk-dialog open wide label="Assign Participants" @close=${close}>
      ${this._errors()}
      <div class="cols">
        <div>
          <div class="head"><h3>Unassigned (${unassigned.length})</h3>
            ${unassigned.length || !assigned
              ? html`<button aria-label="Shuffle" title="Split unassigned participants evenly" ?disabled=${!unassigned.length || !rooms.length}
                  @click=${() => this._shuffle(false)}>${icon('shuffle')}Shuffle</button>`
              : html`<button aria-label="Shuffle everyone again" title="Split everyone evenly again" ?disabled=${!rooms.length}
                  @click=${() => this._shuffle(true)}>${icon('shuffle')}Shuffle again</button>`}
            <label class="small" title="Separate people who were together in earlier rounds of this meeting"><input type="checkbox"
              .checked=${!!this._avoidRepeats} @change=${(e) => { this._avoidRepeats = e.target.checked; }}> Avoid repeat pairs</label></div>
          <rtk-breakout-room-participants label="Unassigned participants" .participants=${unassigned} .selectedParticipantIds=${this._selected}
            @selectedParticipantsUpdate=${(e) => { this._selected = e.detail; }}></rtk-breakout-room-participants>
        </div>
        <div>
          <div class="head"><h3>Rooms (${rooms.length})</h3>
            <button ?disabled=${rooms.length >= maxRooms} aria-describedby="roomlim" @click=${() => { d.addRoom(); this._page = Math.floor((rooms.length) / PAGE); }}>${icon('plus')}Add room</button></div>
          ${rooms.length >= maxRooms ? html`<p class="muted small" id="roomlim">This server allows up to ${maxRooms} breakout rooms.</p>` : ''}
          ${this._pager(rooms.length)}
          <div class="rooms">${this._pageOf(rooms).map((r) => html`<rtk-breakout-room-manager mode="create" .maxTitle=${s.limits.maxTextBytes}
              .room=${{ id: r.id, title: r.title, participants: r.participantIds.map((id) => ({ id, name: nameOf(id) })) }}
              .selectedParticipantIds=${this._selected} ?assigningParticipants=${this._selected.length > 0}
              @participantToggle=${(e) => this._toggle(e.detail)}
              @participantsAdd=${() => assign(r.id)}
              @participantDelete=${(e) => d.unassign([e.detail.id])}
              @update=${(e) => d.renameRoom(e.detail.id, e.detail.title)}
              @delete=${() => d.deleteRoom(r.id)}></rtk-breakout-room-manager>`)}</div>
        </div>
      </div>
      <footer class="sticky">
        <button @click=${() => { this._step = 'config'; }}>${icon('back')}Back</button>
        <button ?disabled=${!assigned} @click=${() => { d.unassignAll(); this._selected = []; }}>Unassign all</button>
        <span class="spacer"></span>
        <button class="primary" ?disabled=${!rooms.length} @click=${() => { this._confirm = 'start'; }}>Start Breakout</button>
      </footer>
      ${this._confirm === 'start' ? html`<rtk-dialog open label="Start breakout rooms?" @close=${() => { this._confirm = null; }}>
        <p>${rooms.length} room${rooms.length === 1 ? '' : 's'} will be created and ${assigned} participant${assigned === 1 ? '' : 's'} moved into them.
          ${unassigned.length ? `${unassigned.length} unassigned participant${unassigned.length === 1 ? '' : 's'} will stay in the main room.` : ''}</p>
        <p><label>Close the rooms automatically after
          <input class="duration" type="number" inputmode="numeric" min="1" step="1" style="width:5em"
            aria-label="Breakout duration in minutes (empty: no timer)"> minutes</label>
          <span style="color:var(--_muted)">(empty: no timer; everyone is warned before the rooms close)</span></p>
        <footer><button @click=${() => { this._confirm = null; }}>Cancel</button>
          <button class="primary" ?disabled=${this.s.state.busy} @click=${() => this._start()}>Yes, start</button></footer>
      </rtk-dialog>` : ''}
    </rtk-dialog>`;
  }

  /** Fills the draft with the core's shuffle (the server's, avoiding earlier pairs, when checked). */
  async _shuffle(everyone) {
    this._selected = [];
    await this.s.shuffleDraft(this.draft, undefined, { everyone, avoidRepeats: !!this._avoidRepeats });
    this.requestUpdate();
  }

  /** Large room counts render one page of cards at a time (a 50-room draft opens fast). */
  _pageOf(rooms) {
    const pages = Math.max(1, Math.ceil(rooms.length / PAGE));
    this._page = Math.min(Math.max(0, this._page ?? 0), pages - 1);
    return rooms.slice(this._page * PAGE, this._page * PAGE + PAGE);
  }
  _pager(n) {
    if (n <= PAGE) return '';
    const pages = Math.ceil(n / PAGE);
    const p = this._page ?? 0;
    const from = p * PAGE + 1;
    const to = Math.min(n, from + PAGE - 1);
    return html`<nav class="pager" aria-label="Room pages">
      <button aria-label="Previous rooms" ?disabled=${p <= 0} @click=${() => { this._page = p - 1; }}>${icon('back')}</button>
      <span aria-live="polite">Rooms ${from}–${to} of ${n}</span>
      <button aria-label="Next rooms" ?disabled=${p >= pages - 1} @click=${() => { this._page = p + 1; }}>${icon('next')}</button></nav>`;
  }

  async _start() {
    let req;
    try { req = this.draft.toStartRequest(); } catch (e) { this.s.pushError(e.message); return; }
    // The duration goes to the server as asked; its range and the grace are the core's rules.
    const minutes = this.renderRoot.querySelector('input.duration')?.value;
    if (minutes) req.durationMs = Math.round(Number(minutes) * 60000);
    const r = await this.s.startBreakout(req);
    this._confirm = null;
    if (!r.ok) return; // the error is shown in the dialog; the draft is kept
    try { this.draft.applyStartResult(r.value); } catch (e) { this.s.pushError(e.message); }
    this._step = 'config';
    this.draft.reset();
    this._close();
  }

  // ---- host: live --------------------------------------------------------------------------
  _renderLive() {
    const s = this.s;
    const here = s.meetingId;
    const parent = s.parentMeeting;
    // People who never connected (or dropped) are listed apart and not counted in a room.
    const away = [];
    const asRoom = (m, isParent) => {
      const title = isParent ? (m.title || 'Main Room') : m.title;
      const participants = [];
      for (const p of m.participants ?? []) {
        const q = { id: p.id, name: p.displayName || p.id };
        if (p.connected === false) away.push({ ...q, room: title }); else participants.push(q);
      }
      return { id: m.id, title, isParent, participants };
    };
    const rooms = [asRoom(parent, true), ...s.rooms.map((m) => asRoom(m, false))];
    const ids = new Set(rooms.flatMap((r) => r.participants.map((p) => p.id)));
    if (this._selected.some((id) => !ids.has(id))) this._selected = this._selected.filter((id) => ids.has(id));
    const move = async (dest) => { const sel = this._selected; this._selected = []; await s.moveParticipants(sel, dest); };
    const c = this._confirm;
    const n = (k) => `${k} participant${k === 1 ? '' : 's'}`;
    const movedNow = rooms.slice(1).reduce((a, r) => a + r.participants.length, 0);
    return html`<rtk-dialog open wide label="Breakout Rooms" @close=${() => this._close()}>
      ${this._errors()}
      <p class="muted">Select participants, then choose <strong>Move here</strong> on a room.</p>
      <rtk-listen-panel .store=${s}></rtk-listen-panel>
      <form class="broadcast" @submit=${(e) => this._broadcast(e)}>
        <input name="text" aria-label="Message to all rooms" placeholder="Message to all rooms" required autocomplete="off">
        <select name="to" aria-label="Send to"><option value="">All breakout rooms</option>
          ${s.rooms.map((m) => html`<option value=${m.id}>${m.title}</option>`)}</select>
        <button class="primary" type="submit" ?disabled=${s.state.busy}>Broadcast</button></form>
      <form class="broadcast" @submit=${(e) => this._setTimer(e)}>
        <label>Close the rooms in <input name="minutes" type="number" inputmode="numeric" min="1" step="1" style="width:5em"
          aria-label="Minutes until the rooms close" required> minutes</label>
        <button type="submit" ?disabled=${s.state.busy}>${s.timer ? 'Change timer' : 'Set timer'}</button></form>
      <form class="broadcast" aria-label="Self-selection" @submit=${(e) => this._setSelfSelection(e)}>
        <label><input name="on" type="checkbox" .checked=${s.selfSelection.enabled}> Let participants choose their room</label>
        <label>Room capacity <input name="capacity" type="number" inputmode="numeric" min="0" step="1" style="width:5em"
          aria-label="Room capacity (empty: no limit)" .value=${s.selfSelection.capacity ? String(s.selfSelection.capacity) : ''}></label>
        <button type="submit" ?disabled=${s.state.busy}>Apply</button></form>
      <rtk-breakout-plans mode="live" .store=${s}></rtk-breakout-plans>
      <div class="rooms">${rooms.map((r) => html`<rtk-breakout-room-manager mode="edit" .room=${r} .maxTitle=${s.limits.maxTextBytes}
          .selectedParticipantIds=${this._selected} ?assigningParticipants=${this._selected.length > 0}
          canJoin ?current=${r.id === here} ?canListen=${s.can.alterConnectedMeetings} ?listening=${s.listening === r.id}
          @roomListen=${() => s.listenIn(r.id)} @roomStopListening=${() => s.stopListening()}
          @participantToggle=${(e) => this._toggle(e.detail)}
          @participantsAdd=${() => move(r.id)}
          @roomJoin=${() => s.switchTo(r.id)}
          @update=${(e) => s.renameRoom(e.detail.id, e.detail.title)}
          @delete=${() => { this._confirm = { kind: 'delete', id: r.id, title: r.title, n: r.participants.length }; }}></rtk-breakout-room-manager>`)}</div>
      ${away.length ? html`<section class="away" aria-labelledby="away-h"><h3 id="away-h">Not connected (${away.length})</h3>
        <ul class="list" aria-label="Not connected">${away.map((p) => html`<li><span>${p.name}</span><span class="muted small">assigned to ${p.room}</span></li>`)}</ul></section>` : ''}
      <footer class="sticky">
        <button ?disabled=${s.state.busy || s.rooms.length >= s.limits.maxMeetings} title=${s.rooms.length >= s.limits.maxMeetings ? `This server allows up to ${s.limits.maxMeetings} breakout rooms` : ''}
          @click=${() => s.addRoom(`Room ${s.rooms.length + 1}`)}>${icon('plus')}Add room</button>
        <span class="spacer"></span>
        <button class="danger" ?disabled=${s.state.busy} @click=${() => { this._confirm = { kind: 'close' }; }}>Close Breakout</button>
      </footer>
      ${c?.kind === 'delete' ? html`<rtk-dialog open label=${`Delete ${c.title}?`} @close=${() => { this._confirm = null; }}>
        <p>${c.n ? `${n(c.n)} in ${c.title} will move to the main room and be told why.` : `${c.title} is empty.`}</p>
        <footer><button @click=${() => { this._confirm = null; }}>Cancel</button>
          <button class="danger" ?disabled=${s.state.busy} @click=${async () => { this._confirm = null; await s.deleteRoom(c.id); }}>Yes, delete</button></footer>
      </rtk-dialog>` : ''}
      ${c?.kind === 'close' ? html`<rtk-dialog open label="Close all breakout rooms?" @close=${() => { this._confirm = null; }}>
        <p>${s.rooms.length} room${s.rooms.length === 1 ? '' : 's'} will close; ${n(movedNow)} will return to the main room and be told why.</p>
        <footer><button @click=${() => { this._confirm = null; }}>Cancel</button>
          <button class="danger" ?disabled=${s.state.busy} @click=${async () => { this._confirm = null; const r = await s.closeBreakout(); if (r.ok) this._close(); }}>Yes, close</button></footer>
      </rtk-dialog>` : ''}
    </rtk-dialog>`;
  }

  /** Sends the text to every breakout room or the one chosen; the length and the permission are
   *  the core's. */
  async _broadcast(e) {
    e.preventDefault();
    const input = e.target.querySelector('input');
    const to = e.target.querySelector('select')?.value;
    const r = await this.s.broadcast(input.value, to ? [to] : undefined);
    if (r.ok) input.value = '';
  }

  /** Self-selection on or off with a capacity (empty: none); the range is the core's rule. */
  async _setSelfSelection(e) {
    e.preventDefault();
    const f = e.target;
    const cap = f.querySelector('input[name=capacity]').value;
    await this.s.setSelfSelection(f.querySelector('input[name=on]').checked, cap ? Math.round(Number(cap)) : 0);
  }

  /** Sets (or replaces) the timer of the running breakout: the range is the core's rule. */
  async _setTimer(e) {
    e.preventDefault();
    const input = e.target.querySelector('input');
    const r = await this.s.setTimer(Math.round(Number(input.value) * 60000));
    if (r.ok) input.value = '';
  }

  // ---- participant: switcher ---------------------------------------------------------------
  _renderSwitcher() {
    const s = this.s;
    const here = s.meetingId;
    // Where this participant may go is the core's decision (session switchTargets), plus "here".
    const allowed = new Set([...s.switchTargets, here]);
    const options = [];
    if (s.parentMeeting && allowed.has(s.parentMeeting.id)) options.push({ id: s.parentMeeting.id, title: s.parentMeeting.title || 'Main Room', parent: true });
    const count = (m) => m.participantCount ?? m.participants?.length ?? 0;
    if (options.length) options[0].n = count(s.parentMeeting);
    // capacity and full come from the session (the core's room_full), never computed here.
    for (const m of s.rooms) if (allowed.has(m.id)) options.push({ id: m.id, title: m.title, n: count(m), capacity: m.capacity, full: m.full === true });
    const people = (n) => `${n} ${n === 1 ? 'person' : 'people'}`;
    const size = (o) => (o.capacity ? `${o.n} of ${o.capacity}` : people(o.n)) + (o.full ? ' · Full' : '');
    return html`<rtk-dialog open label="Breakout Rooms" @close=${() => this._close()}>
      ${this._errors()}
      ${options.length ? html`<ul class="list" aria-label="Rooms">${options.map((o) => html`<li>
          <span>${o.title}${o.parent ? ' (main)' : ''} <span class="muted">${size(o)}</span></span>
          ${o.id === here ? html`<span class="muted">You are here</span>`
            : html`<button class="primary" aria-label=${o.parent ? 'Switch to Parent Meeting' : `Join ${o.title}`} ?disabled=${o.full}
                @click=${() => s.switchTo(o.id)}>${o.parent ? 'Switch' : 'Join'}</button>`}</li>`)}</ul>`
        : html`<p>The host assigns you to a room.</p>`}
    </rtk-dialog>`;
  }
}
