// meeting.self: this participant (RealtimeKit 2.0.2's RTKSelf): identity, permissions, local
// media and devices (devices.js), with the members we do not have answering not_available.
import { SafeEmitter } from './emitter.js';
import { notAvailable } from './errors.js';
import { selfDeviceMethods } from './devices.js';
import { attachVideo } from './participants.js';
import { SelfPermissions } from './permissions.js';
import { stubs } from './features.js';
import { themeFromPreset } from './theme.js';

const ua = typeof navigator !== 'undefined' ? navigator.userAgent || '' : '';
const DEVICE = Object.freeze({
  isMobile: /Mobi|Android/i.test(ua),
  osName: /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /Linux/.test(ua) ? 'Linux' : 'unknown',
  browserName: /Edg\//.test(ua) ? 'Edge' : /Chrom/.test(ua) ? 'Chrome' : /Firefox/.test(ua) ? 'Firefox' : /Safari/.test(ua) ? 'Safari' : 'unknown',
});
// RealtimeKit's __internals__.browserSpecs (Cloudflare's UI kit asks isFirefox() for speakers)
export const BROWSER = Object.freeze({
  isFirefox: () => DEVICE.browserName === 'Firefox',
  isChrome: () => DEVICE.browserName === 'Chrome',
  isSafari: () => DEVICE.browserName === 'Safari',
  isMobile: () => DEVICE.isMobile,
});
const NO_SCREEN = Object.freeze({ audio: undefined, video: undefined });
const NO_SCREENSHARE = 'screen share is not in the OpenRTK runtime yet';

export class Self extends SafeEmitter {
  constructor(runtime, meeting) {
    super();
    this._runtime = runtime;
    this._meeting = meeting;
    this._els = new Set();
    /** RealtimeKit's PermissionPreset: one emitter for the life of this meeting object. */
    this.permissions = new SelfPermissions();
    this.config = themeFromPreset(null);
    this.mediaPermissions = { audio: 'NOT_REQUESTED', video: 'NOT_REQUESTED', screenshare: 'NOT_REQUESTED' };
    this.device = DEVICE;
    this.picture = undefined;
    this.stageStatus = 'ON_STAGE';
    this.waitlistStatus = 'none';
    this.isPinned = false;
    this.hidden = false;
    this.screenShareEnabled = false;
    this.screenShareTracks = NO_SCREEN;
  }
  _update(d) {
    this.id = d.id;
    this.peerId = d.id;
    this.userId = d.userId;
    this.name = d.name;
    this.customParticipantId = d.customParticipantId;
    this.presetName = d.presetName;
    if (d.permissions && Object.keys(d.permissions).length) this.permissions._set(d.permissions);
    this.audioEnabled = d.audioEnabled;
    this.videoEnabled = d.videoEnabled;
    this.roomJoined = d.roomJoined;
    this.roomState = d.roomState;
  }
  /** What getUserMedia gave: ACCEPTED, DENIED (a kind the preset allows gave no track) or NOT_REQUESTED. */
  _setMediaPermissions(got) {
    for (const kind of ['audio', 'video']) {
      const asked = this.permissions[kind === 'audio' ? 'canProduceAudio' : 'canProduceVideo'] === 'ALLOWED';
      const state = got[kind] ? 'ACCEPTED' : asked ? 'DENIED' : 'NOT_REQUESTED';
      if (this.mediaPermissions[kind] === state) continue;
      this.mediaPermissions = { ...this.mediaPermissions, [kind]: state };
      this.emit('mediaPermissionUpdate', { kind, message: state });
    }
  }
  get audioTrack() {
    return this._runtime.localTrack('audio');
  }
  get videoTrack() {
    return this._runtime.localTrack('video');
  }
  get rawAudioTrack() {
    return this.audioTrack;
  }
  get rawVideoTrack() {
    return this.videoTrack;
  }
  enableAudio() {
    return this._runtime.call('enableAudio');
  }
  disableAudio() {
    return this._runtime.call('disableAudio');
  }
  enableVideo() {
    return this._runtime.call('enableVideo');
  }
  disableVideo() {
    return this._runtime.call('disableVideo');
  }
  enableScreenShare() {
    return notAvailable('self.enableScreenShare', NO_SCREENSHARE);
  }
  /** Resolves: there is never a screen share to stop. */
  disableScreenShare() {
    return Promise.resolve();
  }
  /** The display name is the participant's REST name: the same name resolves, another is refused. */
  setName(name) {
    if (name === this.name) return Promise.resolve();
    return notAvailable('self.setName', 'the display name is set over REST (PATCH /v2/meetings/{id}/participants/{pid} {name})');
  }
  /** Starts the remote audio elements again (after the browser blocked autoplay). */
  playAudio() {
    return Promise.all([...this._runtime.audioEls.values()].map((el) => el.play?.().catch(() => {}))).then(() => undefined);
  }
  registerVideoElement(el) {
    this._els.add(el);
    attachVideo(el, this.videoTrack);
  }
  deregisterVideoElement(el) {
    if (el) this._els.delete(el);
    else this._els.clear();
  }
}
stubs(Self.prototype, 'self', 'media middlewares are not in OpenRTK',
  'addAudioMiddleware removeAudioMiddleware removeAllAudioMiddlewares addVideoMiddleware removeVideoMiddleware removeAllVideoMiddlewares setVideoMiddlewareGlobalConfig');
stubs(Self.prototype, 'self', 'pinned and hidden tiles are not in rtk-server', 'pin unpin hide show');
stubs(Self.prototype, 'self', 'use setDevice() to change the camera', 'updateVideoConstraints');
stubs(Self.prototype, 'self', NO_SCREENSHARE, 'updateScreenshareConstraints');

Object.assign(Self.prototype, selfDeviceMethods);
