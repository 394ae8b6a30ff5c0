// RealtimeKit 2.0.2 namespaces for features OpenRTK does not have (docs/rtk-compat.md): they
// exist with their documented members, states and events, so a UI written for RealtimeKit
// (Cloudflare's UI kit reads all of them on mount) renders; every action answers with
// RtkError('not_available', ...), never undefined and never a silent success.
import { SafeEmitter, mixinEmitter } from './emitter.js';
import { notAvailable } from './errors.js';

const NO_MEDIA_SERVER_FEATURE = 'it needs a media server feature OpenRTK does not have yet';

/** A Map with the emitter methods and toArray(), like RealtimeKit's participant/plugin maps. */
export class EmitterMap extends Map {
  constructor() {
    super();
    mixinEmitter(this);
  }
  toArray() {
    return [...this.values()];
  }
}

/** meeting.stage: every participant of an OpenRTK meeting is on stage (a group call). */
export class Stage extends SafeEmitter {
  status = 'ON_STAGE';
  requestAccess() {
    return notAvailable('stage.requestAccess', 'there is no stage; everyone in the room is on it');
  }
  cancelRequestAccess() {
    return notAvailable('stage.cancelRequestAccess', 'there is no stage; everyone in the room is on it');
  }
  grantAccess() {
    return notAvailable('stage.grantAccess', 'there is no stage; everyone in the room is on it');
  }
  denyAccess() {
    return notAvailable('stage.denyAccess', 'there is no stage; everyone in the room is on it');
  }
  getAccessRequests() {
    return { stageRequests: [] };
  }
  join() {
    return notAvailable('stage.join', 'there is no stage; everyone in the room is on it');
  }
  leave() {
    return notAvailable('stage.leave', 'there is no stage; everyone in the room is on it');
  }
  kick() {
    return notAvailable('stage.kick', 'there is no stage; everyone in the room is on it');
  }
}

/** meeting.recording: IDLE until rtk-server records (it needs the SFU mode; see the recording issue). */
export class Recording extends SafeEmitter {
  recordingState = 'IDLE';
  recordings = [];
  recordingPeerIds = [];
  start() {
    return notAvailable('recording.start', 'rtk-server does not record yet');
  }
  stop() {
    return notAvailable('recording.stop', 'rtk-server does not record yet');
  }
  pause() {
    return notAvailable('recording.pause', 'rtk-server does not record yet');
  }
  resume() {
    return notAvailable('recording.resume', 'rtk-server does not record yet');
  }
}

export class Livestream extends SafeEmitter {
  state = 'IDLE';
  playbackUrl = undefined;
  viewerCount = 0;
  start() {
    return notAvailable('livestream.start', NO_MEDIA_SERVER_FEATURE);
  }
  stop() {
    return notAvailable('livestream.stop', NO_MEDIA_SERVER_FEATURE);
  }
}

/** meeting.plugins: none ({all, active} are empty emitter maps). */
export class Plugins {
  all = new EmitterMap();
  active = new EmitterMap();
}

/** meeting.ai: no transcription or summary ('transcript' never fires). */
export class Ai extends SafeEmitter {
  transcripts = [];
}

export class Stores {
  stores = new Map();
  create(name) {
    return notAvailable(`stores.create(${JSON.stringify(name)})`, 'there are no shared key-value stores');
  }
  get(name) {
    return this.stores.get(name);
  }
}

/** participants.pip: picture-in-picture is not offered (isSupported() is false). */
export const pip = Object.freeze({
  isSupported: () => false,
  isActive: false,
  init() {},
  enable() {},
  disable() {},
});
