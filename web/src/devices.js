// Device listing and switching of `meeting.self` (RealtimeKit 2.0.2: getAllDevices,
// getAudioDevices, getVideoDevices, getSpeakerDevices, getDeviceById, getCurrentDevices,
// setDevice; events 'deviceUpdate' and 'deviceListUpdate'), and the memory of the microphone
// and camera state across a reload of the same tab.
//
// The switch itself is the wasm runtime's (runtime.setDevice: one getUserMedia, then
// replaceTrack in every sender, no renegotiation); whether this participant may send a kind
// at all is the C++ core's decision (the runtime refuses, this file only reports it).
import { RtkError } from './errors.js';

const mediaDevices = () => (typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined);
const KINDS = { audioinput: 'audio', videoinput: 'video', audiooutput: 'speaker' };

// The last list the browser gave: getCurrentDevices() is synchronous in RealtimeKit (Cloudflare's
// UI kit reads it without awaiting), so it answers from this list.
let known = [];
async function enumerate() {
  const md = mediaDevices();
  if (!md || typeof md.enumerateDevices !== 'function') return [];
  known = [...(await md.enumerateDevices())];
  return known;
}
/** Refreshes the device list getCurrentDevices() answers from (after media was allowed: labels). */
export const refreshDevices = () => enumerate().catch(() => []);

// A track's device as a MediaDeviceInfo-like object, for a device not in the last list.
const fromTrack = (track, kind, deviceId) => ({ deviceId, kind, label: track?.label || '', groupId: '' });

const trackDeviceId = (track) => (track && typeof track.getSettings === 'function' ? track.getSettings().deviceId : undefined);

/** Methods mixed into Self's prototype; `this` is the Self, `this._runtime` the Runtime. */
export const selfDeviceMethods = {
  getAllDevices() {
    return enumerate();
  },
  async getAudioDevices() {
    return (await enumerate()).filter((d) => d.kind === 'audioinput');
  },
  async getVideoDevices() {
    return (await enumerate()).filter((d) => d.kind === 'videoinput');
  },
  async getSpeakerDevices() {
    return (await enumerate()).filter((d) => d.kind === 'audiooutput');
  },
  /** @param {string} deviceId  @param {'audio'|'video'|'speaker'} kind */
  async getDeviceById(deviceId, kind) {
    return (await enumerate()).find((d) => d.deviceId === deviceId && (!kind || KINDS[d.kind] === kind));
  },
  /** {audio, video, speaker}: the devices in use (undefined where there is none). Synchronous, as
   *  in RealtimeKit (awaiting it works too). */
  getCurrentDevices() {
    const rt = this._runtime;
    const pick = (kind, track, id = trackDeviceId(track)) =>
      id === undefined ? undefined : (known.find((d) => d.kind === kind && d.deviceId === id) ?? fromTrack(track, kind, id));
    const speakerId = rt.speakerId ?? 'default';
    const video = rt.localTrack('video');
    return {
      audio: pick('audioinput', rt.localTrack('audio')),
      video: pick('videoinput', video, rt.videoDeviceId ?? trackDeviceId(video)),
      speaker: known.find((d) => d.kind === 'audiooutput' && d.deviceId === speakerId) ?? known.find((d) => d.kind === 'audiooutput'),
    };
  },
  /** Switches the microphone, camera or speaker to `device` (a MediaDeviceInfo from the lists above). */
  async setDevice(device) {
    const kind = device && KINDS[device.kind];
    if (!kind || typeof device.deviceId !== 'string')
      throw new RtkError('invalid_argument', 'setDevice needs a device from getAllDevices() (audioinput, videoinput or audiooutput)');
    const rt = this._runtime;
    if (rt.disposed) throw new RtkError('unavailable', 'the meeting was left');
    if (kind === 'speaker') {
      await rt.setSpeaker(device.deviceId);
    } else {
      const settled = kind === 'video' && !this.videoEnabled ? null : rt.waitLocalTrack(kind);
      const why = rt.native.setDevice(kind, device.deviceId);
      if (why) {
        rt.dropLocalTrackWait(kind);
        throw new RtkError('permission_denied', why);
      }
      if (kind === 'video') rt.videoDeviceId = device.deviceId; // a camera that is off opens it when turned on
      if (settled) await settled;
    }
    this.emit('deviceUpdate', { device });
  },
};

/** Calls onChange(devices) whenever the browser's device list changes; returns the unsubscribe. */
export function watchDeviceList(onChange) {
  const md = mediaDevices();
  if (!md || typeof md.addEventListener !== 'function') return () => {};
  const handler = () => enumerate().then(onChange, () => {});
  md.addEventListener('devicechange', handler);
  return () => md.removeEventListener('devicechange', handler);
}

// ---- microphone and camera state across a reload (same tab: sessionStorage) ----

const storage = () => {
  try {
    return typeof sessionStorage !== 'undefined' ? sessionStorage : null;
  } catch {
    return null; // storage disabled by the browser
  }
};
const memoryKey = (meetingId, participantId) => `openrtk:media:${meetingId}:${participantId}`;

export const mediaMemory = {
  /** {audio?, video?} remembered for this participant of this meeting in this tab, or {}. */
  read(meetingId, participantId) {
    try {
      const v = JSON.parse(storage()?.getItem(memoryKey(meetingId, participantId)) ?? '{}');
      return v && typeof v === 'object' ? v : {};
    } catch {
      return {};
    }
  },
  write(meetingId, participantId, patch) {
    const s = storage();
    if (!s || !meetingId || !participantId) return;
    try {
      s.setItem(memoryKey(meetingId, participantId), JSON.stringify({ ...this.read(meetingId, participantId), ...patch }));
    } catch {
      /* full or disabled: the state is simply not remembered */
    }
  },
};
