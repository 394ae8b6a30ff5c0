// RealtimeKit 2.0.2 namespaces for features OpenRTK does not have (docs/rtk-compat.md): they
// exist with their documented members, states and events, so a UI written for RealtimeKit
// (Cloudflare's UI kit reads all of them on mount) renders; every action answers with
// RtkError('not_available', ...), never undefined and never a silent success.
import { SafeEmitter, mixinEmitter } from './emitter.js';
import { notAvailable } from './errors.js';

/** Adds methods `names` (space-separated) to `proto`, each rejecting not_available with `why`. */
export function stubs(proto, ns, why, names) {
  for (const m of names.split(' ')) proto[m] = () => notAvailable(`${ns}.${m}`, why);
}

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
  getAccessRequests() {
    return { stageRequests: [] };
  }
}
stubs(Stage.prototype, 'stage', 'there is no stage; everyone in the room is on it', 'requestAccess cancelRequestAccess grantAccess denyAccess join leave kick');

export class Livestream extends SafeEmitter {
  state = 'IDLE';
  playbackUrl = undefined;
  viewerCount = 0;
}
stubs(Livestream.prototype, 'livestream', 'there is no livestreaming in rtk-server', 'start stop');

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
  get() {
    return undefined;
  }
}
stubs(Stores.prototype, 'stores', 'there are no shared key-value stores', 'create');

/** participants.pip: picture-in-picture is not offered (isSupported() is false). */
export const pip = Object.freeze({
  isSupported: () => false,
  isActive: false,
  init() {},
  enable() {},
  disable() {},
});
