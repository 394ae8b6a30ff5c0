// `meeting.self.permissions`: RealtimeKit 2.0.2's PermissionPreset, one long-lived emitter per
// meeting object, updated in place (and 'permissionsUpdate' emitted on it) when the C++ session
// reports new rules. It keeps the core's camelCase view as its own fields (connectedMeetings,
// chat, polls, media, canEditDisplayName, kickParticipant, ...) and adds RealtimeKit's flat
// getters as plain renames of those facts. Nothing here decides a permission: the values come
// from the session (rules.permissions, the same checks the server runs) or, before join, from
// the preset the server handed over in participant-details (renamed snake_case -> camelCase).
import { SafeEmitter } from './emitter.js';

const NO_CHAT = Object.freeze({ canSend: false, canReceive: false, text: false, files: false });
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** snake_case preset permissions (REST/participant-details) -> the core's camelCase shape. */
export function camelPermissions(p) {
  if (!p || typeof p !== 'object' || Array.isArray(p)) return p;
  const out = {};
  for (const [k, v] of Object.entries(p)) out[camel(k)] = camelPermissions(v);
  return out;
}

export class SelfPermissions extends SafeEmitter {
  #keys = [];

  /** Replaces the facts in place; emits 'permissionsUpdate' (RealtimeKit's event) on a change. */
  _set(perms, emit = true) {
    if (!perms || typeof perms !== 'object') return false;
    const before = JSON.stringify(this.toJSON());
    for (const k of this.#keys) if (!(k in perms)) delete this[k];
    // RealtimeKit's getters below stay getters (a preset field of the same name is not a fact
    // the session decides: e.g. stage_enabled without a stage).
    this.#keys = Object.keys(perms).filter((k) => !RESERVED.has(k));
    for (const k of this.#keys) this[k] = perms[k];
    const changed = before !== JSON.stringify(this.toJSON());
    if (changed && emit) this.emit('permissionsUpdate', this.toJSON());
    return changed;
  }
  /** The plain facts (the core's camelCase view). */
  toJSON() {
    const o = {};
    for (const k of this.#keys) o[k] = this[k];
    return o;
  }

  // ---- RealtimeKit's flat getters: renames of the facts above ----
  get canProduceAudio() {
    return this.media?.audio?.canProduce ?? 'NOT_ALLOWED';
  }
  get canProduceVideo() {
    return this.media?.video?.canProduce ?? 'NOT_ALLOWED';
  }
  get canProduceScreenshare() {
    return this.media?.screenshare?.canProduce ?? 'NOT_ALLOWED';
  }
  get requestProduceAudio() {
    return this.canProduceAudio === 'CAN_REQUEST';
  }
  get requestProduceVideo() {
    return this.canProduceVideo === 'CAN_REQUEST';
  }
  get requestProduceScreenshare() {
    return this.canProduceScreenshare === 'CAN_REQUEST';
  }
  get chatPublic() {
    return { ...NO_CHAT, ...this.chat?.public };
  }
  get chatPrivate() {
    return { ...NO_CHAT, ...this.chat?.private };
  }
  get canDisableParticipantAudio() {
    return !!this.disableParticipantAudio;
  }
  get canDisableParticipantVideo() {
    return !!this.disableParticipantVideo;
  }
  get canAlterConnectedMeetings() {
    return !!this.connectedMeetings?.canAlterConnectedMeetings;
  }
  get canSwitchConnectedMeetings() {
    return !!this.connectedMeetings?.canSwitchConnectedMeetings;
  }
  get canSwitchToParentMeeting() {
    return !!this.connectedMeetings?.canSwitchToParentMeeting;
  }
  // Features OpenRTK does not have (stage, waiting room, livestream, plugins, transcription,
  // spotlight, remote unmute, recorder bots, live preset changes): no preset grants them here.
  get canAllowParticipantAudio() {
    return false;
  }
  get canAllowParticipantVideo() {
    return false;
  }
  get canAllowParticipantScreensharing() {
    return false;
  }
  get canDisableParticipantScreensharing() {
    return false;
  }
  get canLivestream() {
    return false;
  }
  get canSpotlight() {
    return false;
  }
  get canChangeParticipantPermissions() {
    return false;
  }
  get acceptWaitingRequests() {
    return false;
  }
  get waitingRoomBehaviour() {
    return 'SKIP';
  }
  get stageEnabled() {
    return false;
  }
  get stageAccess() {
    return 'NOT_ALLOWED';
  }
  get acceptStageRequests() {
    return false;
  }
  get isRecorder() {
    return false;
  }
  get transcriptionEnabled() {
    return false;
  }
  get plugins() {
    return { canStart: false, canClose: false, canEditConfig: false, config: {} };
  }
  get mediaRoomType() {
    return 'GROUP_CALL';
  }
}

const RESERVED = new Set(Object.getOwnPropertyNames(SelfPermissions.prototype));
