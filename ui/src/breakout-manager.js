// Headless draft editor for breakout rooms (the "Create Breakout" / "Assign Participants" steps).
//
// It only edits a local draft: which rooms will exist, their titles, and who goes where. It knows
// no server rule beyond what a draft editor needs (a room needs a non-empty title; a participant
// is in at most one room). Permissions, limits and the atomic start are the server's business;
// `toStartRequest()` produces the body of `connectedMeetings.startBreakout()` and
// `applyStartResult()` maps the created rooms back to the drafts BY INDEX (never by title), so
// duplicate titles are fine.
//
// Pure: no DOM, no meeting object, no clock; randomness is injected (`shuffle(random)`).

/** @typedef {{id: string, name: string}} DraftParticipant */
/** @typedef {{id: string, title: string, participantIds: string[]}} DraftRoom */

/** Fallback only: the session's limits.maxTextBytes (the server's, from room.joined) is passed in. */
export const MAX_TITLE_LENGTH = 256;

/** "About how many per room": {min, max} when `count` people are split over `rooms` rooms. */
export function participantsPerRoom(count, rooms) {
  if (!(rooms >= 1)) return { min: 0, max: 0 };
  const min = Math.floor(count / rooms);
  return { min, max: count % rooms === 0 ? min : min + 1 };
}

export class BreakoutRoomsManager {
  /**
   * @param {{participants?: DraftParticipant[], rooms?: number, titlePrefix?: string, maxTitleBytes?: number}} [opts]
   */
  constructor(opts = {}) {
    this.titlePrefix = opts.titlePrefix || 'Room';
    /** The server's limit for titles, in UTF-8 bytes (session limits.maxTextBytes). */
    this.maxTitleBytes = opts.maxTitleBytes || MAX_TITLE_LENGTH;
    /** @type {DraftParticipant[]} */
    this._participants = [];
    /** @type {DraftRoom[]} */
    this._rooms = [];
    this._nextDraft = 1;
    this._listeners = new Set();
    if (opts.participants) this.setParticipants(opts.participants);
    if (opts.rooms) this.addRooms(opts.rooms);
  }

  // ---- observation -------------------------------------------------------------------------
  /** Called with no arguments after every change. Returns an unsubscribe function. */
  subscribe(fn) {
    this._listeners.add(fn);
    return () => this._listeners.delete(fn);
  }
  _changed() {
    for (const fn of [...this._listeners]) {
      try { fn(); } catch (e) { console.error('[rtk-ui] BreakoutRoomsManager listener threw', e); }
    }
  }

  /** @returns {DraftParticipant[]} the pool, in the order given */
  get participants() { return this._participants.map((p) => ({ ...p })); }
  /** @returns {DraftRoom[]} copies of the rooms, in order */
  get rooms() { return this._rooms.map((r) => ({ ...r, participantIds: [...r.participantIds] })); }
  /** @returns {DraftParticipant[]} participants not assigned to any room */
  get unassigned() {
    const taken = new Set(this._rooms.flatMap((r) => r.participantIds));
    return this._participants.filter((p) => !taken.has(p.id)).map((p) => ({ ...p }));
  }
  room(roomId) {
    const r = this._rooms.find((x) => x.id === roomId);
    return r ? { ...r, participantIds: [...r.participantIds] } : undefined;
  }
  /** Id of the room the participant is drafted into, or null. */
  roomOf(participantId) {
    const r = this._rooms.find((x) => x.participantIds.includes(participantId));
    return r ? r.id : null;
  }
  participant(id) {
    const p = this._participants.find((x) => x.id === id);
    return p ? { ...p } : undefined;
  }

  // ---- pool --------------------------------------------------------------------------------
  /**
   * Replace the pool (e.g. when people join or leave while the host edits). Assignments of
   * participants who are gone are dropped; names are refreshed; everything else is kept.
   */
  setParticipants(list) {
    const seen = new Set();
    this._participants = [];
    for (const p of list || []) {
      if (!p || typeof p.id !== 'string' || !p.id || seen.has(p.id)) continue;
      seen.add(p.id);
      this._participants.push({ id: p.id, name: String(p.name ?? p.id) });
    }
    for (const r of this._rooms) r.participantIds = r.participantIds.filter((id) => seen.has(id));
    this._changed();
  }

  // ---- rooms -------------------------------------------------------------------------------
  /** Adds a draft room and returns its draft id ("draft-N"). */
  addRoom(title) {
    const id = `draft-${this._nextDraft++}`;
    const t = title === undefined ? `${this.titlePrefix} ${this._rooms.length + 1}` : checkTitle(title, this.maxTitleBytes);
    this._rooms.push({ id, title: t, participantIds: [] });
    this._changed();
    return id;
  }
  addRooms(n) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('The number of rooms must be a whole number of at least 1');
    const ids = [];
    for (let i = 0; i < n; i++) ids.push(this.addRoom());
    return ids;
  }
  /** Deletes a draft room; its participants become unassigned. */
  deleteRoom(roomId) {
    const i = this._rooms.findIndex((r) => r.id === roomId);
    if (i < 0) throw new RangeError(`No room ${roomId}`);
    this._rooms.splice(i, 1);
    this._changed();
  }
  renameRoom(roomId, title) {
    const r = this._rooms.find((x) => x.id === roomId);
    if (!r) throw new RangeError(`No room ${roomId}`);
    r.title = checkTitle(title, this.maxTitleBytes);
    this._changed();
  }

  // ---- assignment --------------------------------------------------------------------------
  /** Puts the participants into the room (moving them out of any other room). */
  assign(participantIds, roomId) {
    const r = this._rooms.find((x) => x.id === roomId);
    if (!r) throw new RangeError(`No room ${roomId}`);
    const known = new Set(this._participants.map((p) => p.id));
    const ids = [...new Set(participantIds)].filter((id) => known.has(id));
    for (const other of this._rooms) other.participantIds = other.participantIds.filter((id) => !ids.includes(id));
    r.participantIds.push(...ids);
    this._changed();
    return ids.length;
  }
  unassign(participantIds) {
    const ids = new Set(participantIds);
    for (const r of this._rooms) r.participantIds = r.participantIds.filter((id) => !ids.has(id));
    this._changed();
  }
  unassignAll() {
    for (const r of this._rooms) r.participantIds = [];
    this._changed();
  }
  /**
   * Spreads the UNASSIGNED participants over the rooms so that room sizes end up as even as
   * possible: each participant, in random order, goes to the currently smallest room (earliest
   * room on ties). Already assigned participants stay where they are.
   * @param {() => number} [random] returns a number in [0, 1)
   * @returns {number} how many participants were assigned
   */
  shuffle(random = Math.random) {
    if (this._rooms.length === 0) return 0;
    const pool = this.unassigned.map((p) => p.id);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.min(i, Math.floor(random() * (i + 1)));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    for (const id of pool) {
      let best = this._rooms[0];
      for (const r of this._rooms) if (r.participantIds.length < best.participantIds.length) best = r;
      best.participantIds.push(id);
    }
    this._changed();
    return pool.length;
  }

  // ---- start -------------------------------------------------------------------------------
  /** Problems that keep the draft from being started (empty list = ready). */
  validate() {
    const problems = [];
    if (this._rooms.length === 0) problems.push('Add at least one room.');
    return problems;
  }
  /** Body for `connectedMeetings.startBreakout()`: rooms in draft order, assignments by index. */
  toStartRequest() {
    const problems = this.validate();
    if (problems.length) throw new RangeError(problems.join(' '));
    return {
      meetings: this._rooms.map((r) => ({ title: r.title })),
      assignments: this._rooms.flatMap((r, meetingIndex) =>
        r.participantIds.map((participantId) => ({ participantId, meetingIndex }))),
    };
  }
  /**
   * Maps the server's answer back onto the drafts, by index (ids come back in request order).
   * @param {{meetings: {id: string, title: string}[]}} result
   * @returns {Map<string, string>} draft id → real meeting id
   */
  applyStartResult(result) {
    const created = result && Array.isArray(result.meetings) ? result.meetings : null;
    if (!created || created.length !== this._rooms.length) {
      throw new Error(`Expected ${this._rooms.length} rooms back from the server, got ${created ? created.length : 'none'}`);
    }
    const map = new Map();
    this._rooms.forEach((r, i) => {
      const real = created[i];
      if (!real || typeof real.id !== 'string') throw new Error(`Room ${i + 1} came back without an id`);
      map.set(r.id, real.id);
      r.id = real.id;
    });
    this._changed();
    return map;
  }
  /** Back to an empty draft (keeps the pool). */
  reset() {
    this._rooms = [];
    this._changed();
  }
}

function checkTitle(title, maxBytes) {
  const t = String(title ?? '').trim();
  if (!t) throw new RangeError('A room needs a name');
  if (new TextEncoder().encode(t).length > maxBytes) throw new RangeError(`A room name can have at most ${maxBytes} bytes`);
  return t;
}
