// MeetingStore: the one place that subscribes to the meeting object.
//
// Components never attach listeners to the SDK themselves; they read `store.state` and call the
// store's actions. On `meetingChanged(newMeeting)` the store detaches every listener from the old
// meeting object and attaches to the new one, so the whole UI rebinds without a reload (and a
// second or third switch works, because the listener is re-attached on every new object).

const ERROR_TEXT = {
  permission_denied: 'You do not have permission to do that.',
  unauthenticated: 'Your session is no longer valid. Please rejoin the meeting.',
  not_found: 'That room or participant no longer exists.',
  invalid_argument: 'The request was not valid.',
  conflict: 'Someone else changed the rooms at the same time. Please try again.',
  limit_exceeded: 'A limit was reached.',
  rate_limited: 'Too many requests. Please wait a moment and try again.',
  unavailable: 'The meeting server could not be reached. Check your connection and try again.',
  timeout: 'The server did not answer in time. Check your connection and try again.',
};

// Where the general sentence of a code would mislead (conflict says "the rooms changed"), an
// action names its own: its texts win over ERROR_TEXT.
const RECORDING_TEXT = {
  conflict: 'The recording changed at the same moment (someone else started or stopped it). Please try again.',
  unavailable: 'This server cannot record: recording needs the SFU media mode.',
};
const LISTEN_TEXT = {
  unavailable: 'Listening in needs the SFU media mode, which this server does not run.',
};

/** Turns a rejected call into a sentence for people; `texts` overrides the sentence per code. */
export function describeError(action, e, texts = {}) {
  const code = e && typeof e === 'object' ? e.code : undefined;
  let base = (code && (texts[code] || ERROR_TEXT[code])) || (e && e.message) || String(e);
  // a limit names its number (the server's message says which limit, e.g. "at most 100 …")
  if (code === 'limit_exceeded' && e.message) base = `${base.replace(/\.$/, '')} (${e.message}).`;
  return action ? `${action}: ${base}` : base;
}

function on(em, ev, fn, subs) {
  if (!em || typeof em.on !== 'function') return;
  em.on(ev, fn);
  subs.push(() => (em.off ? em.off(ev, fn) : em.removeListener?.(ev, fn)));
}

const SWITCH_TIMEOUT_MS = 20000;

// Used only until the session has joined and handed over the server's limits (meta.limits).
const FALLBACK_LIMITS = {
  maxMeetings: 100, maxParticipants: 1000, maxTextBytes: 256, maxChatTextBytes: 4000,
  maxPollTextBytes: 1000, maxPollOptions: 20, maxRoomParticipants: 0,
};

function randomSeed() {
  const a = new Uint32Array(1);
  globalThis.crypto.getRandomValues(a);
  return a[0];
}

export class MeetingStore {
  constructor(meeting) {
    this._listeners = new Set();
    this._subs = [];
    this._pSubs = new Map(); // participant -> unsubscribers
    this._errSeq = 0;
    /** How long a toast stays (ms); 0 keeps toasts until dismissed. */
    this.toastMs = 8000;
    this.meeting = null;
    this.state = {
      phase: 'idle', // idle | setup | joining | joined | switching | left
      switching: null, // {to, toParent, message}
      connection: 'connected',
      errors: [],
      ui: { panel: null, breakout: false, leaveMenu: false },
      busy: false,
      rev: 0,
    };
    if (meeting) this.bind(meeting);
  }

  // ---- observation -------------------------------------------------------------------------
  subscribe(fn) { this._listeners.add(fn); return () => this._listeners.delete(fn); }
  _changed() {
    this.state = { ...this.state, rev: this.state.rev + 1 };
    for (const fn of [...this._listeners]) {
      try { fn(this.state); } catch (e) { console.error('[rtk-ui] store listener threw', e); }
    }
  }
  set(patch) { Object.assign(this.state, patch); this._changed(); }
  setUi(patch) {
    this.state.ui = { ...this.state.ui, ...patch };
    if (this.state.ui.panel === 'chat') this.state.unread = 0;
    this._changed();
  }

  // ---- derived views of the current meeting ------------------------------------------------
  get self() { return this.meeting?.self ?? null; }
  get cm() { return this.meeting?.connectedMeetings ?? null; }
  get permissions() {
    const c = this.self?.permissions?.connectedMeetings ?? {};
    return {
      canAlter: !!c.canAlterConnectedMeetings,
      canSwitch: !!c.canSwitchConnectedMeetings,
      canSwitchToParent: !!c.canSwitchToParentMeeting,
    };
  }
  /** What this participant may do: the core's decisions as the SDK hands them over
   *  (self.can), never re-derived here. Unknown (no `can` yet) means not offered. */
  get can() {
    const c = this.self?.can ?? {};
    return {
      sendChat: c.sendChat === true, createPoll: c.createPoll === true, votePoll: c.votePoll === true,
      viewPolls: c.viewPolls === true, screenshare: c.screenshare === true, record: c.record === true,
      alterConnectedMeetings: c.alterConnectedMeetings === true,
    };
  }
  /** The meeting ids this participant may switch itself to: the core's decision, from the session. */
  get switchTargets() { return this.cm?.switchTargets ?? []; }
  /** Self-selection {enabled, capacity} as the session hands it (each room carries `full`). */
  get selfSelection() { return this.cm?.selfSelection ?? { enabled: false, capacity: 0 }; }
  /** The server's limits (from room.joined); the UI never decides its own. */
  get limits() { return { ...FALLBACK_LIMITS, ...(this.meeting?.meta?.limits ?? {}) }; }
  get meetingId() { return this.meeting?.meta?.meetingId ?? null; }
  get roomTitle() {
    const id = this.meetingId;
    const cm = this.cm;
    const room = cm?.meetings?.find((m) => m.id === id) ?? (cm?.parentMeeting?.id === id ? cm.parentMeeting : null);
    return room?.title || this.meeting?.meta?.meetingTitle || '';
  }
  get parentMeeting() { return this.cm?.parentMeeting ?? null; }
  get rooms() { return this.cm?.meetings ?? []; }
  get breakoutActive() { return this.rooms.length > 0; }
  /** The breakout timer {deadlineMs (server time), graceMs, warned} or null (from the SDK). */
  get timer() { return this.cm?.timer ?? null; }
  /** Help requests as the server lets this participant see them (hosts: all; others: their own). */
  get helpRequests() { return this.cm?.helpRequests ?? []; }
  /** Host listen-in: the meeting this participant listens to (or null) and the listeners by meeting id. */
  get listening() { return this.cm?.listening ?? null; }
  get listeners() { return this.cm?.listeners ?? {}; }
  listenedParticipants() { return this.cm?.listenedParticipants ? this.cm.listenedParticipants() : []; }
  get myHelpRequest() { return this.helpRequests.find((r) => r.participantId === this.self?.userId) ?? null; }
  /** Milliseconds left on the server's clock (the SDK applies its measured clock offset). */
  timerRemainingMs() { return this.cm?.remainingMs ? this.cm.remainingMs() : null; }
  /** True when the current meeting is the parent (or no group info is known yet). */
  get inParent() {
    const p = this.parentMeeting;
    return !p || !p.id || p.id === this.meetingId;
  }
  /** Remote participants currently in this room. */
  get participants() {
    const j = this.meeting?.participants?.joined;
    if (!j) return [];
    return typeof j.toArray === 'function' ? j.toArray() : [...j.values()];
  }
  get messages() { return this.meeting?.chat?.messages ?? []; }
  get polls() { return this.meeting?.polls?.items ?? []; }
  /** Everyone in the meeting group, as connected-meeting participants with their room id. */
  get groupParticipants() {
    const out = [];
    const add = (m) => { for (const p of m?.participants ?? []) out.push({ ...p, meetingId: m.id }); };
    add(this.parentMeeting);
    for (const m of this.rooms) add(m);
    return out;
  }

  // ---- binding -----------------------------------------------------------------------------
  bind(meeting) {
    if (meeting === this.meeting) return;
    this._unbind();
    this.meeting = meeting;
    this.state.unread = 0; // each room has its own chat
    if (!meeting) { this._changed(); return; }
    const s = this._subs;
    const self = meeting.self;
    const upd = () => this._changed();
    on(self, 'audioUpdate', upd, s);
    on(self, 'videoUpdate', upd, s);
    on(self, 'roomJoined', () => {
      for (const p of this.participants) this._watchParticipant(p);
      if (this.state.phase !== 'left') this.state.phase = 'joined';
      this.state.switching = null;
      this._changed();
    }, s);
    on(self, 'roomLeft', ({ state } = {}) => {
      if (state === 'connected-meeting') return; // a switch, handled by changingMeeting/meetingChanged
      this.state.phase = 'left';
      this.state.leftState = state;
      this.state.endReason = meeting.meta?.endReason ?? this.state.endReason ?? null;
      this._changed();
    }, s);
    on(self, 'mediaPermissionError', (e) => {
      const what = e?.kind === 'audio' ? 'microphone' : e?.kind === 'video' ? 'camera' : 'camera or microphone';
      this.pushError(`Could not use your ${what}: ${e?.message || 'permission was denied'}. Check the browser's site permissions.`);
    }, s);
    on(self, 'permissionsUpdate', upd, s);
    on(self, 'deviceListUpdate', () => this.loadDevices(), s);
    const joined = meeting.participants?.joined;
    on(joined, 'participantJoined', (p) => { this._watchParticipant(p); upd(); }, s);
    on(joined, 'participantLeft', (p) => { this._unwatchParticipant(p); upd(); }, s);
    for (const p of this.participants) this._watchParticipant(p);
    on(meeting.meta, 'socketConnectionUpdate', ({ state } = {}) => {
      this.state.connection = state || 'connected';
      this._changed();
    }, s);
    on(meeting.meta, 'sessionEnded', ({ reason } = {}) => { this.state.endReason = reason ?? null; upd(); }, s);
    on(meeting.chat, 'chatUpdate', ({ action, message } = {}) => {
      // unread: messages from others while the chat panel is closed
      if ((action ?? 'add') === 'add' && this.state.ui.panel !== 'chat' && message?.userId !== self?.userId) this.state.unread = (this.state.unread ?? 0) + 1;
      upd();
    }, s);
    on(meeting.polls, 'pollsUpdate', upd, s);
    on(meeting.recording, 'recordingUpdate', upd, s);
    const cm = meeting.connectedMeetings;
    let wasActive = this.breakoutActive;
    on(cm, 'stateUpdate', () => {
      // The breakout ended (possibly by this host's own close, whose reply follows the fan-out):
      // the live manager has nothing left to manage.
      if (wasActive && !this.breakoutActive && this.state.ui.breakout) this.state.ui = { ...this.state.ui, breakout: false };
      wasActive = this.breakoutActive;
      upd();
    }, s);
    on(cm, 'timerUpdate', (t) => {
      if (!t || !t.warned) this.state.timerWarning = null;
      upd();
    }, s);
    on(cm, 'timerWarning', (w) => { this.state.timerWarning = w; upd(); }, s);
    on(cm, 'broadcastMessage', (m) => { this.state.broadcast = m; upd(); }, s);
    on(cm, 'helpQueueUpdate', upd, s);
    on(cm, 'listenUpdate', upd, s);
    on(cm, 'listenMediaUpdate', upd, s);
    on(cm, 'planUpdate', upd, s); // the late-joiner policy or the running plan (also another host's)
    on(cm, 'changingMeeting', (destId) => this._onChanging(destId), s);
    on(cm, 'meetingChanged', (next) => this._onChanged(next), s);

    this.state.connection = meeting.meta?.socketState?.state || 'connected';
    if (self?.roomJoined) {
      this.state.phase = 'joined';
      this.state.switching = null;
    }
    this._changed();
  }

  _watchParticipant(p) {
    if (!p || this._pSubs.has(p)) return;
    const subs = [];
    const upd = () => this._changed();
    for (const ev of ['audioUpdate', 'videoUpdate']) on(p, ev, upd, subs);
    this._pSubs.set(p, subs);
  }
  _unwatchParticipant(p) {
    for (const off of this._pSubs.get(p) ?? []) off();
    this._pSubs.delete(p);
  }
  _unwatchAll() { for (const p of [...this._pSubs.keys()]) this._unwatchParticipant(p); }

  _unbind() {
    for (const off of this._subs.splice(0)) off();
    this._unwatchAll();
    clearTimeout(this._switchTimer);
  }

  _onChanging(destId) {
    const toParent = !!destId && destId === this.parentMeeting?.id;
    const room = this.rooms.find((m) => m.id === destId);
    this.state.phase = 'switching';
    this.state.switching = {
      to: destId,
      toParent,
      title: toParent ? this.parentMeeting?.title : room?.title,
      message: toParent ? 'Returning to Main Room…' : 'Joining breakout room…',
    };
    this.state.ui = { ...this.state.ui, breakout: false, leaveMenu: false };
    clearTimeout(this._switchTimer);
    this._switchTimer = setTimeout(() => {
      if (this.state.phase !== 'switching') return;
      this.state.phase = this.self?.roomJoined ? 'joined' : this.state.phase;
      this.pushError('Switching rooms is taking too long. Check your connection; you will be moved when it is back.');
    }, SWITCH_TIMEOUT_MS);
    this._changed();
  }

  _onChanged(next) {
    if (!next || next === this.meeting) return; // also guards against a duplicate event
    clearTimeout(this._switchTimer);
    const from = { id: this.meetingId, title: this.roomTitle, inRoom: !this.inParent };
    const own = this._ownSwitch === next.meta?.meetingId;
    this._ownSwitch = null;
    this.bind(next);
    if (from.inRoom && this.inParent && !own) this._explainReturn(from);
    // The SDK hands over an already joined meeting; if it is not live yet, the overlay stays up
    // until its self emits roomJoined (handled in bind()).
    if (!next.self?.roomJoined) this.state.phase = 'switching';
    this._changed();
    for (const fn of this._meetingListeners ?? []) {
      try { fn(next); } catch (e) { console.error('[rtk-ui] meetingChanged listener threw', e); }
    }
  }

  /** Moved back to the main room by someone else: say why (room closed, breakout ended, or the
   *  host moved you). The group state may arrive just after the new meeting object. */
  _explainReturn(from) {
    clearTimeout(this._whyTimer);
    let done = false;
    const say = (fallback) => {
      if (done) return true;
      done = true;
      if (!this.breakoutActive) this.pushError('The host closed the breakout rooms, so you are back in the main room.', 'info');
      else if (!this.rooms.some((r) => r.id === from.id)) this.pushError(`The host closed ${from.title || 'your room'}, so you are back in the main room.`, 'info');
      else if (fallback) this.pushError('The host moved you back to the main room.', 'info');
      else done = false;
      return done;
    };
    if (say(false)) return;
    const off = this.subscribe(() => { if (say(false)) { off(); clearTimeout(this._whyTimer); } });
    this._whyTimer = setTimeout(() => { off(); say(true); }, 1500);
  }

  /** Lets the host page learn about the new meeting object after a switch. */
  onMeetingChanged(fn) {
    (this._meetingListeners ??= new Set()).add(fn);
    return () => this._meetingListeners.delete(fn);
  }

  destroy() { this._unbind(); this._listeners.clear(); this.meeting = null; }

  // ---- errors ------------------------------------------------------------------------------
  /** Shows `message` as a toast; it goes away after `toastMs` (kept while hovered or focused:
   *  see pauseToasts) or when dismissed. */
  pushError(message, kind = 'error') {
    const id = ++this._errSeq;
    this.state.errors = [...this.state.errors, { id, message, kind }].slice(-4);
    this._armToast(id);
    this._changed();
    return id;
  }
  dismissError(id) {
    clearTimeout(this._toastTimers?.get(id));
    this._toastTimers?.delete(id);
    this.state.errors = this.state.errors.filter((e) => e.id !== id);
    this._changed();
  }
  _armToast(id) {
    this._toastTimers ??= new Map();
    clearTimeout(this._toastTimers.get(id));
    if (this._toastsPaused || !(this.toastMs > 0)) return;
    this._toastTimers.set(id, setTimeout(() => { this._toastTimers.delete(id); this.dismissError(id); }, this.toastMs));
  }
  /** While the pointer or focus is on the toasts they stay; on resume each gets a full timeout again. */
  pauseToasts(paused) {
    if (this._toastsPaused === paused) return;
    this._toastsPaused = paused;
    if (paused) { for (const t of this._toastTimers?.values() ?? []) clearTimeout(t); this._toastTimers?.clear(); }
    else for (const e of this.state.errors) this._armToast(e.id);
  }
  /** Runs an SDK call; a rejection or a {success:false} answer becomes a readable error. */
  async run(action, fn, texts) {
    try {
      const r = await fn();
      if (r && typeof r === 'object' && r.success === false) {
        const e = typeof r.error === 'object' ? r.error : { message: String(r.error || 'the server refused') };
        throw e;
      }
      return { ok: true, value: r };
    } catch (e) {
      this.pushError(describeError(action, e, texts));
      return { ok: false, error: e };
    }
  }

  // ---- actions -----------------------------------------------------------------------------
  async join() {
    if (!this.meeting || this.self?.roomJoined) { if (this.self?.roomJoined) this.set({ phase: 'joined' }); return; }
    this.set({ phase: 'joining' });
    const r = await this.run('Could not join the meeting', () => this.meeting.join());
    // a failed join offers the setup screen's Join again (with the error shown)
    if (!r.ok) { this.state.prevPhase = 'setup'; this.set({ phase: 'setup' }); }
    else if (this.self?.roomJoined || this.state.phase === 'joining') this.set({ phase: 'joined' });
  }
  async leave() {
    await this.run('Could not leave the meeting', () => this.meeting.leave());
    this.set({ phase: 'left' });
  }
  toggleAudio() {
    const s = this.self;
    if (!s) return;
    return this.run(s.audioEnabled ? 'Could not mute the microphone' : 'Could not turn on the microphone',
      () => (s.audioEnabled ? s.disableAudio() : s.enableAudio())).finally(() => this._changed());
  }
  toggleVideo() {
    const s = this.self;
    if (!s) return;
    return this.run(s.videoEnabled ? 'Could not turn off the camera' : 'Could not turn on the camera',
      () => (s.videoEnabled ? s.disableVideo() : s.enableVideo())).finally(() => this._changed());
  }
  /** The browser's microphones, cameras and speakers and the ones in use: state.devices
   *  {all, current} for the pickers (left unset when the SDK cannot list devices). */
  async loadDevices() {
    const s = this.self;
    if (typeof s?.getAllDevices !== 'function') return;
    try {
      const [all, current] = await Promise.all([s.getAllDevices(), s.getCurrentDevices()]);
      this.state.devices = { all, current };
      this._changed();
    } catch { /* no list: the pickers stay hidden */ }
  }
  async setDevice(device) {
    const label = { audioinput: 'microphone', videoinput: 'camera', audiooutput: 'speaker' }[device?.kind] ?? 'device';
    const r = await this.run(`Could not switch the ${label}`, () => this.self.setDevice(device));
    await this.loadDevices();
    return r;
  }
  sendMessage(text) { return this.run('Could not send the message', () => this.meeting.chat.sendTextMessage(text)); }
  createPoll(question, options) { return this.run('Could not create the poll', () => this.meeting.polls.create(question, options)); }
  votePoll(id, index) { return this.run('Could not vote', () => this.meeting.polls.vote(id, index)); }

  // breakout
  async _busy(fn) {
    this.set({ busy: true });
    try { return await fn(); } finally { this.set({ busy: false }); }
  }
  startBreakout(request) {
    return this._busy(() => this.run('Could not start the breakout', () => this.cm.startBreakout(request)));
  }
  closeBreakout() {
    return this._busy(() => this.run('Could not close the breakout', () => this.cm.closeBreakout()));
  }
  broadcast(text, meetingIds) {
    return this._busy(() => this.run('Could not send the message to the rooms', () => this.cm.broadcastMessage(text, meetingIds)));
  }
  /** The current meeting's recording state (RealtimeKit's recordingState; IDLE when unknown). */
  get recordingState() { return this.meeting?.recording?.recordingState ?? 'IDLE'; }
  /** Start or stop recording the current meeting (offered only with can.record). */
  toggleRecording() {
    const r = this.meeting?.recording;
    if (!r) return undefined;
    const on = ['RECORDING', 'PAUSED', 'STARTING'].includes(r.recordingState);
    return this._busy(() => on ? this.run('Could not stop the recording', () => r.stop(), RECORDING_TEXT)
      : this.run('Could not start the recording', () => r.start(), RECORDING_TEXT));
  }
  listenIn(meetingId) {
    return this._busy(() => this.run('Could not listen in', () => this.cm.listenIn(meetingId), LISTEN_TEXT));
  }
  stopListening() {
    return this._busy(() => this.run('Could not stop listening', () => this.cm.stopListening()));
  }
  askForHelp() {
    return this._busy(() => this.run('Could not ask for help', () => this.cm.askForHelp()));
  }
  cancelHelp(participantId) {
    return this._busy(() => this.run('Could not cancel the help request', () => this.cm.cancelHelp(participantId)));
  }
  setTimer(durationMs) {
    return this._busy(() => this.run('Could not set the breakout timer', () => this.cm.setTimer({ durationMs })));
  }
  extendTimer(ms) {
    return this._busy(() => this.run('Could not extend the breakout', () => this.cm.extendTimer(ms)));
  }
  addRoom(title) {
    return this._busy(() => this.run('Could not add a room', () => this.cm.createMeetings([{ title }])));
  }
  renameRoom(id, title) {
    return this.run('Could not rename the room', () => this.cm.updateMeetings([{ id, title }]));
  }
  deleteRoom(id) {
    return this._busy(() => this.run('Could not delete the room', () => this.cm.deleteMeetings([id])));
  }
  /** Moves participants (connected-meeting participant ids) from wherever they are to destId,
   *  in one atomic command (all move or none). */
  async moveParticipants(ids, destId) {
    const where = new Map(this.groupParticipants.map((p) => [p.id, p.meetingId]));
    const assignments = ids.filter((id) => where.has(id) && where.get(id) !== destId)
      .map((participantId) => ({ participantId, meetingId: destId }));
    if (!assignments.length) return { ok: true };
    return this.run('Could not move the participant', () => this.cm.assignParticipants(assignments));
  }
  /** Fills a breakout draft's unassigned participants with the server's seeded shuffle (the same
   *  plan the core makes for startBreakout {shuffle, seed}); returns how many were assigned. */
  shuffleDraft(draft, seed = randomSeed(), { everyone = false, avoidRepeats = false } = {}) {
    const rooms = draft.rooms.map((r) => r.id);
    // "Shuffle again": everyone back to unassigned first, then one new plan for all
    if (everyone) draft.unassign(draft.rooms.flatMap((r) => r.participantIds));
    const ids = draft.unassigned.map((p) => p.id);
    if (!rooms.length || !ids.length || !this.cm?.planShuffle) return 0;
    // Avoiding repeats needs the group's history of rounds, which only the server holds.
    if (avoidRepeats) return this._shuffleOnServer(draft, ids, rooms, seed);
    this._fillDraft(draft, this.cm.planShuffle(ids, rooms, seed));
    return ids.length;
  }
  /** The server's plan separating pairs of earlier rounds; resolves how many were assigned. */
  async _shuffleOnServer(draft, ids, rooms, seed) {
    const r = await this.run('Could not shuffle', () => this.cm.requestShufflePlan({ participantIds: ids, meetingIds: rooms, seed, avoidRepeats: true }));
    if (!r.ok) return 0;
    this._fillDraft(draft, r.value.assignments);
    this._changed();
    return ids.length;
  }
  _fillDraft(draft, plan) {
    const byRoom = new Map();
    for (const a of plan) {
      if (!byRoom.has(a.meetingId)) byRoom.set(a.meetingId, []);
      byRoom.get(a.meetingId).push(a.participantId);
    }
    for (const [room, list] of byRoom) draft.assign(list, room);
  }
  /** Host: let participants choose their room (capacity 0: no limit); the rules are the core's. */
  setSelfSelection(enabled, capacity = 0) {
    return this._busy(() => this.run('Could not change self-selection', () => this.cm.setSelfSelection({ enabled, capacity })));
  }
  /** Moves yourself to another room of the group (room switcher / Switch to Parent Meeting). */
  switchTo(destId) {
    const me = this.self?.userId;
    this._ownSwitch = destId;
    const action = destId === this.parentMeeting?.id ? 'Could not switch to the parent meeting' : 'Could not switch rooms';
    return this.run(action, () => this.cm.moveParticipants(this.meetingId, destId, [me]));
  }
  switchToParent() { return this.switchTo(this.parentMeeting?.id); }
}
