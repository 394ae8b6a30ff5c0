// @openrtk/client: the RealtimeKit-shaped JS face of the OpenRTK wasm runtime.
//
// Thin on purpose: the C++ ClientSession (src/client) owns every rule (mesh, room switch,
// reconnect, permissions views, event payloads); this file turns its events into objects with
// RealtimeKit 2.0.2's names. Event maps are documented in index.d.ts next to each declaration.
import { SafeEmitter, setListenerErrorReporter } from './emitter.js';
import { RtkError, notAvailable, soft, softReject } from './errors.js';
import { mediaMemory, refreshDevices, watchDeviceList } from './devices.js';
import { Participant, Participants, attachVideo } from './participants.js';
import { camelPermissions } from './permissions.js';
import { Ai, Livestream, Plugins, Stage, Stores } from './features.js';
import { Recording } from './recording.js';
import { Chat, withTime } from './chat.js';
import { BROWSER, Self } from './self.js';
import { ConnectedMeetings } from './connected-meetings.js';
import { themeFromPreset } from './theme.js';

export { RtkError };

let scriptUrl = typeof location !== 'undefined' ? location.href : '';
let moduleFactory = null;
let modulePromise = null;

/** Where the wasm file is: next to the script that loaded the SDK. Set by the entry files. */
export function setScriptUrl(url) {
  if (url) scriptUrl = url;
}
/** The Emscripten module factory (createOpenRtk); set by the entry files, or by tests. */
export function setModuleFactory(factory) {
  moduleFactory = factory;
  modulePromise = null;
}

function loadModule() {
  if (!modulePromise) {
    modulePromise = moduleFactory({
      locateFile: (path) => new URL(path, scriptUrl).href,
    });
  }
  return modulePromise;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function decodeTokenPayload(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
  } catch {
    return null;
  }
}

function endpoints(baseURI) {
  const page = typeof location !== 'undefined' ? location : { protocol: 'http:', host: '127.0.0.1' };
  let http;
  if (!baseURI) http = `${page.protocol}//${page.host}`;
  else if (/^https?:\/\//i.test(baseURI)) http = baseURI.replace(/\/+$/, '');
  else http = `${page.protocol === 'https:' ? 'https:' : 'http:'}//${baseURI.replace(/\/+$/, '')}`;
  const ws = http.replace(/^http/i, 'ws');
  return { http, ws };
}

// ------------------------------------------------------------------------------------------
// Runtime: one per init(); owns the native runtime, the request table and the media tracks,
// and outlives the meeting objects of each room switch.

class Runtime {
  constructor(mod, { url, audio, video, onError, memory }) {
    this.memory = memory; // {meetingId, participantId}: where the microphone/camera state is remembered
    this.localTrackWaits = new Map(); // 'audio' | 'video' -> {resolve, reject} of a setDevice
    this.pending = new Map(); // request id -> {resolve, reject}
    this.early = new Map(); // settled during native.call, before the promise existed
    this.tracks = new Map(); // peer id -> {audio, video}
    this.audioEls = new Map(); // peer id -> HTMLAudioElement playing its audio
    this.generations = []; // meeting objects, oldest first
    this.onError = onError;
    this.mediaReady = new Promise((r) => (this.resolveMedia = r));
    this.mod = mod;
    // The declared event list of the C++ session (name -> {target, publicName}).
    this.events = new Map(JSON.parse(mod.eventTable()).map((e) => [e.name, e]));
    this.native = new mod.Runtime(
      JSON.stringify({ url, audio, video }),
      (name, json) => this.onEvent(name, JSON.parse(json)),
      (type, peer, kind, track) => this.onMedia(type, peer, kind, track),
    );
    this.unwatchDevices = watchDeviceList((devices) => this.current?.self.emit('deviceListUpdate', { devices }));
  }

  /** Resolves with the next new local track of kind (a setDevice or camera on), rejects on its failure. */
  waitLocalTrack(kind) {
    this.localTrackWaits.get(kind)?.reject(new RtkError('aborted', `a newer ${kind} device was chosen`));
    return new Promise((resolve, reject) => this.localTrackWaits.set(kind, { resolve, reject }));
  }
  dropLocalTrackWait(kind) {
    this.localTrackWaits.delete(kind);
  }

  /** Plays every remote participant's audio on the speaker deviceId (HTMLMediaElement.setSinkId). */
  async setSpeaker(deviceId) {
    const probe = typeof Audio !== 'undefined' ? new Audio() : null;
    if (!probe || typeof probe.setSinkId !== 'function') throw new RtkError('unavailable', 'this browser cannot choose the speaker');
    this.speakerId = deviceId;
    try {
      await Promise.all([...this.audioEls.values()].map((el) => el.setSinkId(deviceId)));
    } catch (e) {
      throw new RtkError('unavailable', `could not use that speaker: ${e && e.message ? e.message : e}`);
    }
  }

  remember(patch) {
    if (this.memory) mediaMemory.write(this.memory.meetingId, this.memory.participantId, patch);
  }

  get current() {
    return this.generations[this.generations.length - 1];
  }

  // Every refusal rejects with an RtkError for callers that await; the promise is marked handled
  // so a call fired without awaiting it (Cloudflare's UI kit does that) is no unhandledrejection.
  call(method, args = []) {
    if (this.disposed) {
      return method === 'leave'
        ? Promise.resolve(undefined)
        : softReject(new RtkError('unavailable', 'the meeting was left'));
    }
    let id;
    try {
      id = this.native.call(method, JSON.stringify(args));
    } catch (e) {
      return softReject(new RtkError('internal', String(e && e.message ? e.message : e)));
    }
    const p = new Promise((resolve, reject) => {
      const early = this.early.get(id);
      if (early) {
        this.early.delete(id);
        early.ok ? resolve(early.value) : reject(early.value);
      } else {
        this.pending.set(id, { resolve, reject });
      }
    });
    p.catch(() => {});
    return p;
  }

  // After leave(): closes the socket and peer connections and stops the local tracks (a room
  // switch never does this; only leaving does).
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    this.unwatchDevices?.();
    for (const w of this.localTrackWaits.values()) w.reject(new RtkError('unavailable', 'the meeting was left'));
    this.localTrackWaits.clear();
    for (const el of this.audioEls.values()) el.srcObject = null;
    this.audioEls.clear();
    try {
      this.native.delete();
    } catch {
      /* already deleted */
    }
    for (const p of this.pending.values()) p.reject(new RtkError('unavailable', 'the meeting was left'));
    this.pending.clear();
  }

  settle(id, ok, value) {
    const p = this.pending.get(id);
    if (!p) {
      this.early.set(id, { ok, value });
      return;
    }
    this.pending.delete(id);
    ok ? p.resolve(value) : p.reject(value);
  }

  // Delivers a connectedMeetings event to the newest meeting object that listens for it
  // (the current one first). An app that never re-registers on the new object still hears
  // every switch; one that re-registers hears each switch once.
  emitConnected(event, ...args) {
    for (let i = this.generations.length - 1; i >= 0; i--) {
      const cm = this.generations[i].connectedMeetings;
      if (cm.listenerCount(event) > 0 || cm.listenerCount('*') > 0) {
        cm.emit(event, ...args);
        return;
      }
    }
  }

  onEvent(name, p) {
    const m = this.current;
    if (!this.events.has(name)) {
      this.onEvent('error', { code: 'internal', message: `undeclared event ${name}` });
      return;
    }
    switch (name) {
      case 'localMediaReady':
        this.resolveMedia(p);
        if (m && (!p.audio || !p.video)) {
          // RealtimeKit's self 'mediaPermissionError': a requested device gave no track.
          const kind = !p.audio && !p.video ? 'audiovideo' : !p.audio ? 'audio' : 'video';
          m.self.emit('mediaPermissionError', { kind, message: 'the browser gave no track (permission denied or no device)' });
        }
        return;
      case 'requestResolved':
        return this.settle(p.requestId, true, p.data === null ? undefined : p.data);
      case 'requestRejected':
        return this.settle(p.requestId, false, new RtkError(p.code, p.message));
      case 'error':
        if (this.onError) {
          try {
            this.onError(new RtkError(p.code, p.message));
          } catch {
            /* reported, not fatal */
          }
        }
        return;
      case 'meetingChanged': {
        const next = new Meeting(this, p.meeting);
        this.generations.push(next);
        this.emitConnected('meetingChanged', next);
        return;
      }
      case 'changingMeeting':
        return this.emitConnected('changingMeeting', p.meetingId);
      case 'selfPermissionsUpdate':
        if (m) m._setRules(p);
        return;
      case 'breakoutTimerUpdate': {
        // The server's clock at sending minus ours at receipt: the countdown uses the server's
        // deadline on the server's clock, never the local clock alone.
        if (p.serverNowMs != null) this.clockOffsetMs = p.serverNowMs - Date.now();
        for (const g of this.generations) g.connectedMeetings._setTimer(p);
        return this.emitConnected('timerUpdate', this.current?.connectedMeetings.timer ?? null, p.reason);
      }
      case 'breakoutBroadcast':
        // A host's broadcast in this room: the banner (the same message also arrives in chat).
        return this.emitConnected('broadcastMessage', withTime(p.message));
      case 'listenUpdate':
        for (const g of this.generations) g.connectedMeetings._setListen(p);
        return this.emitConnected('listenUpdate', p);
      case 'helpQueueUpdate':
        for (const g of this.generations) g.connectedMeetings.helpRequests = p.requests;
        return this.emitConnected('helpQueueUpdate', p.requests);
      case 'breakoutPlanUpdate':
        // A host (this one or another) changed the late-joiner policy, or a plan started or ended.
        for (const g of this.generations) g.connectedMeetings._setPlacement(p);
        return this.emitConnected('planUpdate', { lateJoiners: p.lateJoiners, planId: p.planId });
      case 'breakoutTimerWarning':
        return this.emitConnected('timerWarning', {
          deadlineMs: p.deadlineMs,
          graceMs: p.graceMs,
          remainingMs: Math.max(0, p.deadlineMs - p.serverNowMs),
        });
      case 'stateUpdate':
        for (const g of this.generations) g.connectedMeetings._setState(p);
        return this.emitConnected('stateUpdate', { meetings: p.meetings, parentMeeting: p.parentMeeting });
      default:
        if (m) m._onEvent(name, p);
    }
  }

  onMedia(type, peer, kind, track) {
    if (type === 'localTrack' || type === 'localTrackError') return this.onLocalTrack(type, kind, track);
    if (type === 'track') {
      const t = this.tracks.get(peer) || { audio: null, video: null };
      t[kind] = track;
      this.tracks.set(peer, t);
      if (kind === 'audio' && typeof Audio !== 'undefined') {
        let el = this.audioEls.get(peer);
        if (!el) {
          el = new Audio();
          el.autoplay = true;
          this.audioEls.set(peer, el);
        }
        el.srcObject = new MediaStream([track]);
        if (this.speakerId && typeof el.setSinkId === 'function') el.setSinkId(this.speakerId).catch(() => {});
        el.play?.().catch(() => {});
      }
    } else if (type === 'peerClosed') {
      this.tracks.delete(peer);
      const el = this.audioEls.get(peer);
      if (el) {
        el.srcObject = null;
        this.audioEls.delete(peer);
      }
    }
    const m = this.current;
    if (m) m._onTrack(peer);
    // A track of the listened meeting (host listen-in): the listen panel plays it.
    if (type === 'track' && m?.connectedMeetings.listening) this.emitConnected('listenMediaUpdate', { participantId: peer });
  }

  // A new local track (device switched, or the camera turned on again after it was released),
  // or why the browser gave none. The track is already in every sender (replaceTrack).
  onLocalTrack(type, kind, value) {
    const wait = this.localTrackWaits.get(kind);
    this.localTrackWaits.delete(kind);
    const self = this.current?.self;
    if (type === 'localTrackError') {
      const message = typeof value === 'string' ? value : 'the browser gave no track';
      if (wait) wait.reject(new RtkError('unavailable', message));
      if (self) self.emit('mediaPermissionError', { kind, message });
      // The camera could not be opened again: say so in the state instead of a dark "on" camera.
      if (kind === 'video' && self?.videoEnabled && !wait) self.disableVideo().catch(() => {});
      return;
    }
    if (wait) wait.resolve(value);
    if (!self) return;
    if (kind === 'video') {
      for (const el of self._els) attachVideo(el, value);
      self.emit('videoUpdate', { videoEnabled: self.videoEnabled, videoTrack: value });
    } else {
      self.emit('audioUpdate', { audioEnabled: self.audioEnabled, audioTrack: value });
    }
  }

  localTrack(kind) {
    if (this.disposed) return undefined;
    const s = this.native.localStream();
    if (!s) return undefined;
    const list = kind === 'audio' ? s.getAudioTracks() : s.getVideoTracks();
    return list[0];
  }
}

// ------------------------------------------------------------------------------------------
// Meeting objects


class Meta extends SafeEmitter {
  constructor() {
    super();
    this.viewType = 'GROUP_CALL';
    this.mediaState = {};
    /** OpenRTK: when this participant joined this meeting (the server does not send the session's start). */
    this.meetingStartedTimestamp = new Date();
    this.selfActiveTab = undefined;
    this.broadcastTabChanges = false;
    this.sessionId = undefined; // RealtimeKit's session id: rtk-server has no sessions of its own

  }
  setBroadcastTabChanges(b) {
    this.broadcastTabChanges = !!b;
    this.emit('broadcastTabChangesUpdate', this.broadcastTabChanges);
  }
  setSelfActiveTab(tab) {
    this.selfActiveTab = tab;
    this.emit('selfTabUpdate', tab);
  }
}

class Polls extends SafeEmitter {
  constructor(runtime) {
    super();
    this._runtime = runtime;
    this.items = [];
  }
  create(question, options, anonymous = false, hideVotes = false) {
    return soft(this._runtime.call('createPoll', [question, options, anonymous, hideVotes]).then(() => undefined));
  }
  vote(id, index) {
    return soft(this._runtime.call('vote', [id, index]).then(() => undefined));
  }
}

const LOGGER = Object.freeze({
  debug() {},
  log() {},
  info() {},
  warn: (...a) => console.warn('[ui]', ...a),
  error: (...a) => console.error('[ui]', ...a),
});
/* eslint-enable no-console */

class Meeting {
  constructor(runtime, snapshot) {
    this._runtime = runtime;
    this.self = new Self(runtime, this);
    if (runtime.theme) this.self.config = runtime.theme;
    this.participants = new Participants(() => this.self.config.maxVideoStreams.desktop);
    this.meta = new Meta();
    this.meta.viewType = this.self.config.viewType;
    this.chat = new Chat(runtime);
    this.polls = new Polls(runtime);
    this.connectedMeetings = new ConnectedMeetings(runtime);
    // RealtimeKit's namespaces for features OpenRTK does not have: present, idle, RtkError('not_available') on use
    this.stage = new Stage();
    this.recording = new Recording(runtime);
    this.livestream = new Livestream();
    this.plugins = new Plugins();
    this.ai = new Ai();
    this.stores = new Stores();
    this.audio = new SafeEmitter();
    this.__internals__ = {
      peerConnection: (peerId) => (runtime.disposed ? null : runtime.native.peerConnection(peerId)),
      peers: () => (runtime.disposed ? [] : JSON.parse(runtime.native.peers())),
      // {mode: 'mesh'|'sfu', active, feeds, streams: [{mid, participantId, kind, active}]}
      media: () => (runtime.disposed ? null : JSON.parse(runtime.native.media())),
      runtime,
      authToken: runtime.authToken,
      logger: LOGGER,
      browserSpecs: BROWSER,
    };
    this._apply(snapshot, false);
  }

  get peerId() {
    return this.self.id;
  }

  _setRules(r) {
    if (!r) return;
    const changed = this.rules && JSON.stringify(this.rules.permissions) !== JSON.stringify(r.permissions);
    this.rules = r;
    this.meta.limits = r.limits;
    if (r.limits?.maxChatTextBytes) this.chat.maxTextLimit = r.limits.maxChatTextBytes;
    this.self.permissions._set(r.permissions);
    // OpenRTK: what the core's permission checks allow (the UI offers only these controls)
    this.self.can = r.can ?? {};
    this.connectedMeetings.switchTargets = r.switchTargets ?? [];
    if (changed) this.self.emit('permissionsUpdate', r.permissions);
  }

  _apply(s, emitJoins) {
    this._setRules(s.rules);
    this.meta.meetingId = s.meetingId || this.meta.meetingId;
    this.meta.meetingTitle = s.meetingTitle || this.meta.meetingTitle;
    this.meta.isParent = s.isParent;
    this.meta.socketState = s.socketState;
    this.self._update(s.self);
    const seen = new Set();
    for (const pd of s.participants) {
      seen.add(pd.id);
      const ex = this.participants.joined.get(pd.id);
      if (ex) ex._update(pd);
      else {
        const p = new Participant(this._runtime, pd);
        this.participants.joined.set(pd.id, p);
        if (emitJoins) this.participants.joined.emit('participantJoined', p);
      }
    }
    this.participants._sync();
    this.chat.messages = s.chat.map(withTime);
    this.chat.hasMore = !!s.chatHasMore;
    this.polls.items = s.polls;
    this.connectedMeetings._setState(s.connectedMeetings);
    if (s.breakoutTimer) this.connectedMeetings._setTimer(s.breakoutTimer);
    if (s.helpRequests) this.connectedMeetings.helpRequests = s.helpRequests;
    if (s.listen) this.connectedMeetings._setListen(s.listen);
    this.recording._set(s.recording);
  }

  _onEvent(name, p) {
    const joined = this.participants.joined;
    switch (name) {
      case 'socketConnectionUpdate':
        this.meta.socketState = { state: p.state, reconnected: p.reconnected };
        this.meta.emit('socketConnectionUpdate', this.meta.socketState);
        return;
      case 'roomJoined':
        this._apply(p.meeting, true);
        if (!p.reconnected) {
          this.meta.meetingStartedTimestamp = new Date();
          this.meta.emit('meetingStartTimeUpdate', { meetingStartedTimestamp: this.meta.meetingStartedTimestamp });
        }
        this.self.emit('roomJoined', { reconnected: p.reconnected });
        return;
      case 'roomLeft':
        this.self.roomJoined = false;
        this.self.roomState = p.state;
        this.self.emit('roomLeft', { state: p.state });
        return;
      case 'participantJoined': {
        const ex = joined.get(p.participant.id);
        if (ex) ex._update(p.participant);
        const part = ex || new Participant(this._runtime, p.participant);
        joined.set(part.id, part);
        joined.emit('participantJoined', part);
        this.participants._sync();
        return;
      }
      case 'participantLeft': {
        const part = joined.get(p.participant.id);
        if (!part) return;
        joined.delete(part.id);
        joined.emit('participantLeft', part);
        this.participants._sync();
        return;
      }
      case 'participantUpdated': {
        const part = joined.get(p.participant.id);
        if (part) {
          part._update(p.participant);
          joined.emit('participantUpdated', part);
        }
        return;
      }
      case 'participantAudioUpdate': {
        const part = joined.get(p.id);
        if (!part) return;
        part.audioEnabled = p.audioEnabled;
        part.emit('audioUpdate', { audioEnabled: part.audioEnabled, audioTrack: part.audioTrack });
        joined.emit('audioUpdate', part);
        return;
      }
      case 'participantVideoUpdate': {
        const part = joined.get(p.id);
        if (!part) return;
        part.videoEnabled = p.videoEnabled;
        part.emit('videoUpdate', { videoEnabled: part.videoEnabled, videoTrack: part.videoTrack });
        joined.emit('videoUpdate', part);
        return;
      }
      case 'selfAudioUpdate':
        this._runtime.remember({ audio: p.audioEnabled });
        this.self.audioEnabled = p.audioEnabled;
        this.self.emit('audioUpdate', { audioEnabled: p.audioEnabled, audioTrack: this.self.audioTrack });
        return;
      case 'selfVideoUpdate':
        this._runtime.remember({ video: p.videoEnabled });
        this.self.videoEnabled = p.videoEnabled;
        this.self.emit('videoUpdate', { videoEnabled: p.videoEnabled, videoTrack: this.self.videoTrack });
        return;
      case 'chatUpdate': {
        const message = withTime(p.message);
        this.chat.messages.push(message);
        this.chat.emit('chatUpdate', { action: p.action, message, messages: this.chat.messages });
        return;
      }
      case 'recordingUpdate':
        this.recording._set(p);
        return;
      case 'pollsUpdate':
        this.polls.items = p.polls;
        this.polls.emit('pollsUpdate', { polls: p.polls, newPoll: p.newPoll });
        return;
      case 'mediaConnectionUpdate':
        // SFU mode: the publisher ('send') and subscriber ('recv') PeerConnections; 'reconnecting'
        // while Janus is away (sfu.reset), then their own states.
        this.meta.mediaState = { ...this.meta.mediaState, [p.transport]: p.state };
        this.meta.emit('mediaConnectionUpdate', { transport: p.transport, state: p.state });
        return;
      case 'sessionEnded':
        // OpenRTK: why the server ended this session ('replaced': the same participant joined
        // from another tab or device); set before the roomLeft that follows.
        this.meta.endReason = p.reason;
        this.meta.emit('sessionEnded', { reason: p.reason });
        return;
      default: this.participants._onEvent(name, p); // videoSlotsUpdate (SFU large rooms)
    }
  }

  _onTrack(peer) {
    const part = this.participants.joined.get(peer);
    if (!part) return;
    part._refreshTracks();
    part.emit('videoUpdate', { videoEnabled: part.videoEnabled, videoTrack: part.videoTrack });
    part.emit('audioUpdate', { audioEnabled: part.audioEnabled, audioTrack: part.audioTrack });
  }

  join() {
    return soft(this._runtime.call('join').then(() => undefined));
  }
  /** Leaves the meeting, closes the connection and releases camera and microphone; idempotent. */
  async leave() {
    await this._runtime.call('leave');
    this._runtime.dispose();
  }
}


// ------------------------------------------------------------------------------------------

async function fetchDetails(http, authToken) {
  let lastError;
  for (let attempt = 0; attempt < 4; attempt++) {
    let res;
    try {
      res = await fetch(`${http}/v2/internals/participant-details`, {
        headers: { Authorization: `Bearer ${authToken}` },
      });
    } catch (e) {
      lastError = e;
      await sleep(250 * 2 ** attempt);
      continue;
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (res.ok) return body;
    const err = body && body.error ? body.error : {};
    if (res.status >= 500) {
      lastError = new RtkError(err.code || 'unavailable', err.message || `HTTP ${res.status}`);
      await sleep(250 * 2 ** attempt);
      continue;
    }
    throw new RtkError(err.code || 'unauthenticated', err.message || `HTTP ${res.status}`, err.reason);
  }
  throw new RtkError('unavailable', `cannot reach ${http}: ${lastError && lastError.message ? lastError.message : lastError}`);
}

export default class RealtimeKitClient {
  /** RealtimeKit's pre-join media: here media starts inside init() (only what the preset may send). */
  static initMedia() {
    return notAvailable('RealtimeKitClient.initMedia', 'media starts inside init(), asking only for what the preset may send');
  }

  /**
   * @param {{authToken: string, baseURI?: string, defaults?: {audio?: boolean, video?: boolean},
   *          onError?: (e: RtkError) => void}} options
   */
  static async init(options = {}) {
    const { authToken, baseURI, defaults = {}, onError } = options;
    if (typeof authToken !== 'string' || authToken.split('.').length !== 3)
      throw new RtkError('unauthenticated', 'authToken must be a participant JWT', 'token_malformed');
    const payload = decodeTokenPayload(authToken);
    if (!payload || !payload.meetingId)
      throw new RtkError('unauthenticated', 'authToken payload has no meetingId', 'token_malformed');
    if (onError) setListenerErrorReporter((e, ev) => onError(new RtkError('internal', `'${ev}' listener threw: ${e}`)));
    const { http, ws } = endpoints(baseURI);
    const details = await fetchDetails(http, authToken);
    if (!moduleFactory) throw new RtkError('internal', 'the wasm module is not set');
    const mod = await loadModule();
    // A reload of this tab keeps the microphone and camera as they were (muted stays muted).
    const memory = { meetingId: payload.meetingId, participantId: payload.participantId };
    const remembered = mediaMemory.read(memory.meetingId, memory.participantId);
    const runtime = new Runtime(mod, {
      url: `${ws}/v2/ws?authToken=${encodeURIComponent(authToken)}`,
      audio: typeof remembered.audio === 'boolean' ? remembered.audio : defaults.audio !== false,
      video: typeof remembered.video === 'boolean' ? remembered.video : defaults.video !== false,
      onError,
      memory,
    });
    const d = details?.data;
    runtime.authToken = authToken;
    runtime.theme = themeFromPreset(d?.preset); // self.config of every meeting object of this init()
    const initial = JSON.parse(runtime.native.snapshot());
    if (payload.participantId) initial.self = { ...initial.self, id: payload.participantId, userId: payload.participantId };
    const meeting = new Meeting(runtime, initial);
    meeting.meta.meetingId = payload.meetingId;
    // Before join the session knows neither the name nor the room: a setup screen shows the
    // server's (the breakout room's title after a reload inside one).
    if (d) {
      // Until join hands over the session's rules: the preset the server sent, renamed to camelCase.
      if (d.preset?.permissions) meeting.self.permissions._set(camelPermissions(d.preset.permissions), false);
      if (!meeting.self.name && d.participant?.name) meeting.self.name = d.participant.name;
      meeting.meta.meetingTitle = d.assigned_meeting_title || d.meeting?.title || meeting.meta.meetingTitle;
    }
    // RealtimeKit's socket is up after init(); ours opens on join (the C++ link decides). init()
    // has just reached the server (participant-details), so before the first join the meeting
    // reads 'connected' (Cloudflare's setup screen enables Join only then); the WebSocket's own
    // states follow from join on (docs/rtk-compat.md, meta.socketState).
    if (meeting.meta.socketState?.state === 'disconnected') meeting.meta.socketState = { state: 'connected', reconnected: false };
    runtime.generations.push(meeting);
    // getUserMedia asks only for what this participant's preset may produce (decided in C++).
    runtime.native.startMedia(JSON.stringify(details?.data?.preset ?? null));
    meeting.self._setMediaPermissions(await runtime.mediaReady);
    await refreshDevices(); // getCurrentDevices() is synchronous: it answers from this list
    const after = JSON.parse(runtime.native.snapshot()).self;
    meeting.self.audioEnabled = after.audioEnabled;
    meeting.self.videoEnabled = after.videoEnabled;
    return meeting;
  }
}

RealtimeKitClient.RtkError = RtkError;
export { RealtimeKitClient };
