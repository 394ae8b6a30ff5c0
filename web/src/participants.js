// `meeting.participants` (RealtimeKit 2.0.2's RTKParticipants): an emitter with the maps
// joined / active / pinned / waitlisted / videoSubscribed / audioSubscribed, paging (viewMode,
// currentPage, pageCount, setViewMode, setPage) and the remote Participant objects. Who is in
// the room is the C++ session's (participantJoined/Left); this file only files them into maps.
import { SafeEmitter } from './emitter.js';
import { RtkError, softReject } from './errors.js';
import { EmitterMap, pip, stubs } from './features.js';

/** Shows `track` in a <video> (muted: audio plays through the runtime's own elements). */
export function attachVideo(el, track) {
  if (!el) return;
  const cur = el.srcObject && el.srcObject.getVideoTracks ? el.srcObject.getVideoTracks()[0] : null;
  if (cur === track) return;
  el.srcObject = track ? new MediaStream([track]) : null;
  el.autoplay = true;
  el.playsInline = true;
  el.muted = true;
  if (track) el.play?.().catch(() => {});
}

const NO_SCREEN = Object.freeze({ audio: undefined, video: undefined });

export class Participant extends SafeEmitter {
  constructor(runtime, data) {
    super();
    this._runtime = runtime;
    this._els = new Set();
    this.stageStatus = 'ON_STAGE';
    this.isPinned = false;
    this.hidden = false;
    this.screenShareEnabled = false;
    this.screenShareTracks = NO_SCREEN;
    this.flags = {};
    this.picture = undefined;
    this._update(data);
  }
  _update(d) {
    this.id = d.id;
    this.userId = d.userId;
    this.name = d.name;
    this.customParticipantId = d.customParticipantId;
    this.presetName = d.presetName;
    this.audioEnabled = d.audioEnabled;
    this.videoEnabled = d.videoEnabled;
  }
  get audioTrack() {
    return this._runtime.tracks.get(this.id)?.audio ?? undefined;
  }
  get videoTrack() {
    return this._runtime.tracks.get(this.id)?.video ?? undefined;
  }
  registerVideoElement(el) {
    this._els.add(el);
    attachVideo(el, this.videoTrack);
  }
  deregisterVideoElement(el) {
    if (el) {
      this._els.delete(el);
      el.srcObject = null;
    } else {
      for (const e of this._els) e.srcObject = null;
      this._els.clear();
    }
  }
  /** Pins this participant for everyone (SFU: its video takes a slot first); needs pin_participant. */
  pin() {
    return this._runtime.call('pinParticipant', [this.id, true]).then(() => undefined);
  }
  unpin() {
    return this._runtime.call('pinParticipant', [this.id, false]).then(() => undefined);
  }
  _refreshTracks() {
    for (const el of this._els) attachVideo(el, this.videoTrack);
  }
}
stubs(Participant.prototype, 'participant', 'host actions on one participant (mute, kick, hide) are not in rtk-server; remove someone over REST',
  'disableAudio disableVideo kick hide show');
stubs(Participant.prototype, 'participant', 'other participants\' presets are not sent to clients', 'getPermissions');

export class ParticipantMap extends EmitterMap {}

const VIEW_MODES = ['ACTIVE_GRID', 'PAGINATED', 'MANUAL'];

export class Participants extends SafeEmitter {
  constructor(pageSize = () => 9) {
    super();
    this._pageSize = pageSize; // the preset's max_video_streams.desktop (self.config.maxVideoStreams)
    this.joined = new ParticipantMap();
    this.active = new ParticipantMap();
    this.pinned = new ParticipantMap();
    this.waitlisted = new ParticipantMap();
    this.videoSubscribed = new ParticipantMap();
    this.audioSubscribed = new ParticipantMap();
    // RealtimeKit's `all` is every participant of the meeting, joined or not; the room's
    // connected participants are what the session knows (connectedMeetings has the others).
    this.all = this.joined;
    this.viewMode = 'ACTIVE_GRID';
    this.currentPage = 0;
    this.pageCount = 0;
    this.lastActiveSpeaker = undefined;
    this.pip = pip;
    this._slots = null; // SFU: who holds this page's video slots (sfu.slots), in slot order
  }
  get count() {
    return this.joined.size;
  }
  get maxActiveParticipantsCount() {
    return this._pageSize();
  }

  /** Re-files `active` (the grid's set) after joined changed or the page moved. */
  _sync() {
    const all = this.joined.toArray();
    const size = Math.max(1, this._pageSize());
    if (this.viewMode === 'PAGINATED') {
      this.pageCount = Math.max(1, Math.ceil(all.length / size));
      this.currentPage = Math.min(Math.max(1, this.currentPage), this.pageCount);
    } else {
      this.pageCount = 0;
      this.currentPage = 0;
    }
    // SFU: the grid is the video slots rtk-server chose (pinned, recent speakers, join order).
    const slotted = this._slots && this.viewMode === 'ACTIVE_GRID' ? this._slots.map((id) => this.joined.get(id)).filter(Boolean) : null;
    const want = slotted ?? (this.viewMode === 'PAGINATED' ? all.slice((this.currentPage - 1) * size, this.currentPage * size) : all.slice(0, size));
    const ids = new Set(want.map((p) => p.id));
    for (const p of this.active.toArray()) {
      if (!ids.has(p.id)) {
        this.active.delete(p.id);
        this.active.emit('participantLeft', p);
      }
    }
    for (const p of want) {
      if (!this.active.has(p.id)) {
        this.active.set(p.id, p);
        this.active.emit('participantJoined', p);
      }
    }
  }
  /** Events of the C++ session aimed at participants: videoSlotsUpdate {video, activeSpeaker}. */
  _onEvent(name, p) {
    if (name !== 'videoSlotsUpdate') return;
    this._slots = p.video;
    this._sync();
    const pins = new Set(p.pinned);
    for (const part of this.pinned.toArray()) {
      if (pins.has(part.id)) continue;
      part.isPinned = false;
      this.pinned.delete(part.id);
      this.pinned.emit('participantLeft', part);
      part.emit('unpinned', part);
    }
    for (const id of pins) {
      const part = this.joined.get(id);
      if (!part || this.pinned.has(id)) continue;
      part.isPinned = true;
      this.pinned.set(id, part);
      this.pinned.emit('participantJoined', part);
      part.emit('pinned', part);
    }
    if (p.activeSpeaker && p.activeSpeaker !== this.lastActiveSpeaker) {
      this.lastActiveSpeaker = p.activeSpeaker;
      this.emit('activeSpeaker', { peerId: p.activeSpeaker, volume: undefined });
    }
  }
  _paging() {
    return { viewMode: this.viewMode, currentPage: this.currentPage, pageCount: this.pageCount };
  }
  setViewMode(viewMode) {
    if (!VIEW_MODES.includes(viewMode)) return softReject(new RtkError('invalid_argument', `viewMode must be one of ${VIEW_MODES.join(', ')}`));
    this.viewMode = viewMode;
    if (viewMode === 'PAGINATED') this.currentPage = 1;
    this._sync();
    this.emit('viewModeChanged', this._paging());
    return Promise.resolve();
  }
  setPage(page) {
    if (this.viewMode !== 'PAGINATED') return softReject(new RtkError('invalid_argument', 'setPage needs viewMode PAGINATED'));
    if (!Number.isInteger(page) || page < 1 || page > this.pageCount)
      return softReject(new RtkError('invalid_argument', `page must be 1..${this.pageCount}`));
    this.currentPage = page;
    this._sync();
    this.emit('pageChanged', this._paging());
    return Promise.resolve();
  }
  /** Everyone's media arrives (mesh) or the server chooses the feeds (SFU); nothing to subscribe. */
  subscribe() {
    return Promise.resolve();
  }
  getAllJoinedPeers() {
    return Promise.resolve(this.joined.toArray());
  }
}
stubs(Participants.prototype, 'participants', 'the media plan is the runtime\'s (mesh: everyone; SFU: chosen by rtk-server)', 'unsubscribe');
stubs(Participants.prototype, 'participants', 'host actions on everyone are not in rtk-server (end the meeting over REST)', 'disableAllAudio disableAllVideo kickAll');
stubs(Participants.prototype, 'participants', 'there is no waiting room', 'acceptWaitingRoomRequest acceptAllWaitingRoomRequest rejectWaitingRoomRequest');
stubs(Participants.prototype, 'participants', 'use connectedMeetings.broadcastMessage(text, meetingIds) for rooms', 'broadcastMessage');
stubs(Participants.prototype, 'participants', 'change the participant\'s preset over REST', 'updatePermissions');
stubs(Participants.prototype, 'participants', 'the room\'s participants are known after join', 'getParticipantsInMeetingPreJoin');
