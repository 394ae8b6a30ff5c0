// meeting.connectedMeetings: breakout rooms (RealtimeKit 2.0.2) plus OpenRTK's atomic start and
// close, timer, broadcast and help requests. Every rule is the C++ session's; this forwards.
import { SafeEmitter } from './emitter.js';
import { RtkError, soft } from './errors.js';

export class ConnectedMeetings extends SafeEmitter {
  constructor(runtime) {
    super();
    this._runtime = runtime;
    this.meetings = [];
    this.parentMeeting = null;
    this.switchTargets = []; // meeting ids this participant may switch itself to (decided in C++)
    /** OpenRTK: the breakout timer {deadlineMs (server time), graceMs, warned} or null. */
    this.timer = null;
    /** OpenRTK: help requests as this participant may see them (hosts: all; others: their own). */
    this.helpRequests = [];
    /** OpenRTK: {enabled, capacity} - may participants choose their breakout room (capacity 0: no limit).
     *  Each meeting then carries `full` (decided in C++) and, with a capacity, `capacity`. */
    this.selfSelection = { enabled: false, capacity: 0 };
    /** OpenRTK: the meeting this participant listens to (host listen-in), or null. */
    this.listening = null;
    /** OpenRTK: listeners by meeting id [{participantId, displayName, meetingId}], as this participant may see them. */
    this.listeners = {};
    this._lateJoiners = 'parent';
    /** OpenRTK: the id of the pre-assignment plan whose rooms are open ('' none; hosts only). */
    this.planId = '';
  }
  _setListen(p) {
    this.listening = p.listening ?? null;
    const by = {};
    for (const l of p.listeners ?? []) (by[l.meetingId] ||= []).push(l);
    this.listeners = by;
  }
  /** A host sees and hears meetingId without leaving its own meeting (SFU mode; receive-only).
   *  The rules (host only, SFU only, another existing room) are the server's. */
  listenIn(meetingId) {
    return this._runtime.call('listenIn', [meetingId]);
  }
  /** Stops listening in (idempotent). */
  stopListening() {
    return this._runtime.call('stopListening');
  }
  /** The participants of the listened meeting with their remote tracks ([] when not listening). */
  listenedParticipants() {
    if (!this.listening) return [];
    const room = [this.parentMeeting, ...this.meetings].find((m) => m && m.id === this.listening);
    return (room?.participants ?? []).filter((p) => p.connected !== false).map((p) => {
      const t = this._runtime.tracks.get(p.id) || {};
      const id = p.id;
      return { id, userId: id, name: p.displayName ?? p.name ?? '', audioTrack: t.audio ?? null, videoTrack: t.video ?? null };
    });
  }
  /** OpenRTK: where participants who join while rooms are open go: 'parent' | 'planned' |
   *  'smallest' (as hosts see it; others always see 'parent'). */
  get lateJoiners() {
    return this._lateJoiners;
  }
  _setPlacement(p) {
    if (p.lateJoiners) this._lateJoiners = p.lateJoiners;
    if (typeof p.planId === 'string') this.planId = p.planId;
  }
  /** OpenRTK: the saved pre-assignment plans of this meeting (stored over REST), the late-joiner
   *  policy and the running plan: {plans: [{id, name, rooms: [{title, customParticipantIds}],
   *  createdMs}], lateJoiners, planId}. Needs can_alter_connected_meetings. */
  getBreakoutPlans() {
    return this._runtime.call('getBreakoutPlans');
  }
  /** OpenRTK: opens a saved plan's rooms and seats everyone it names, in one command; optionally
   *  with a timer {durationMs, graceMs}. Resolves {meetings, version}. */
  startBreakoutPlan(planId, { durationMs, graceMs } = {}) {
    const opts = {};
    if (durationMs !== undefined) opts.durationMs = durationMs;
    if (graceMs !== undefined) opts.graceMs = graceMs;
    return this._runtime.call('startBreakoutPlan', [planId, opts]);
  }
  /** OpenRTK: sets the late-joiner policy ('parent' | 'planned' | 'smallest'). */
  setLateJoinPolicy(policy) {
    return this._runtime.call('setLateJoinPolicy', [policy]);
  }
  _setTimer(t) {
    this.timer = t && t.timer ? { ...t.timer } : null;
  }
  /** The server clock minus the local clock, measured when the last timer update arrived. */
  get clockOffsetMs() {
    return this._runtime.clockOffsetMs ?? 0;
  }
  /** Milliseconds until the server closes the rooms (server clock), or null without a timer. */
  remainingMs(localNow = Date.now()) {
    if (!this.timer) return null;
    return Math.max(0, this.timer.deadlineMs - (localNow + this.clockOffsetMs));
  }
  /** Sets the timer of a running breakout: the rooms close durationMs from now (server time). */
  setTimer({ durationMs, graceMs } = {}) {
    const arg = { durationMs };
    if (graceMs !== undefined) arg.graceMs = graceMs;
    return this._runtime.call('setBreakoutTimer', [arg]);
  }
  /** Sends a text to every breakout room (or to the meetings named); each shows it as a banner
   *  and keeps it in its chat. Permission and length are checked by the core. */
  broadcastMessage(text, meetingIds) {
    const args = [text];
    if (meetingIds !== undefined) args.push(meetingIds);
    return this._runtime.call('broadcastMessage', args);
  }
  /** Asks the hosts for help from the breakout room this participant is in. */
  askForHelp() {
    return this._runtime.call('askForHelp');
  }
  /** Withdraws one's own help request, or (a host) dismisses participantId's. */
  cancelHelp(participantId) {
    return this._runtime.call('cancelHelp', participantId === undefined ? [] : [participantId]);
  }
  /** Moves the deadline later by extendMs. End early with closeBreakout(). */
  extendTimer(extendMs) {
    return this._runtime.call('extendBreakoutTimer', [extendMs]);
  }
  _setState(s) {
    if (!s) return;
    this.meetings = s.meetings;
    this.parentMeeting = s.parentMeeting;
    this.switchTargets = s.switchTargets ?? [];
    if (s.selfSelection) this.selfSelection = s.selfSelection;
    this._setPlacement(s);
  }
  /** A host lets participants move themselves into a breakout room, optionally with a room capacity. */
  setSelfSelection({ enabled, capacity } = {}) {
    const arg = { enabled: !!enabled };
    if (capacity !== undefined) arg.capacity = capacity;
    return this._runtime.call('setSelfSelection', [arg]);
  }
  /** The server's shuffle plan for a draft, separating pairs of the group's earlier rounds when
   *  avoidRepeats: resolves {assignments: [{participantId, meetingId}], repeatedPairs}. */
  requestShufflePlan({ participantIds, meetingIds, seed = 0, avoidRepeats = true } = {}) {
    return this._runtime.call('requestShufflePlan', [{ participantIds, meetingIds, seed, avoidRepeats }]);
  }
  /** The server's seeded shuffle: [{participantId, meetingId}] (same plan as startBreakout with shuffle). */
  planShuffle(participantIds, meetingIds, seed) {
    const r = JSON.parse(this._runtime.mod.planShuffle(JSON.stringify({ participantIds, meetingIds, seed })));
    if (!Array.isArray(r)) throw new RtkError('invalid_argument', r.error);
    return r;
  }
  /** Moves participants into several existing rooms at once, as one atomic command. */
  assignParticipants(assignments) {
    return this._runtime.call('assignParticipants', [assignments]);
  }
  get isActive() {
    return this.meetings.length !== 0;
  }
  /** The group state; like RealtimeKit, 'stateUpdate' is emitted with it before this resolves. */
  getConnectedMeetings() {
    return soft(this._runtime.call('getConnectedMeetings').then((st) => {
      for (const g of this._runtime.generations) g.connectedMeetings._setState(st);
      const state = { meetings: this.meetings, parentMeeting: this.parentMeeting };
      this.emit('stateUpdate', state);
      return state;
    }));
  }
  createMeetings(req) {
    return this._runtime.call('createMeetings', [req]);
  }
  updateMeetings(req) {
    return soft(this._runtime.call('updateMeetings', [req]).then(() => undefined));
  }
  deleteMeetings(meetingIds) {
    return this._runtime.call('deleteMeetings', [meetingIds]);
  }
  moveParticipants(sourceMeetingId, destinationMeetingId, participantIds) {
    return this._runtime.call('moveParticipants', [sourceMeetingId, destinationMeetingId, participantIds]);
  }
  moveParticipantsWithCustomPreset(sourceMeetingId, destinationMeetingId, participants) {
    return this._runtime.call('moveParticipantsWithCustomPreset', [sourceMeetingId, destinationMeetingId, participants]);
  }
  // OpenRTK extensions (atomic; the UI kit uses them)
  startBreakout({ meetings, assignments = [], shuffle = false, seed, avoidRepeats, durationMs, graceMs } = {}) {
    const arg = { meetings, assignments, shuffle };
    if (seed !== undefined) arg.seed = seed;
    if (avoidRepeats !== undefined) arg.avoidRepeats = !!avoidRepeats;
    if (durationMs !== undefined) arg.durationMs = durationMs;
    if (graceMs !== undefined) arg.graceMs = graceMs;
    return this._runtime.call('startBreakout', [arg]);
  }
  closeBreakout() {
    return this._runtime.call('closeBreakout');
  }
}

// What Cloudflare's UI kit logs through meeting.__internals__.logger: its warnings and errors
// reach the console, its info and debug lines do not.
/* eslint-disable no-console */
