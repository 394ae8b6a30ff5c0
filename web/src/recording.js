// `meeting.recording` (RealtimeKit 2.0.2's RTKRecording): the recording of the current meeting
// (the parent or a breakout room; each is recorded on its own). The state is the server's, from
// the C++ session (room.joined, recording.updated); `available` is false when the server cannot
// record (mesh mode). STARTING and STOPPING are shown while start()/stop() are in flight.
import { SafeEmitter } from './emitter.js';
import { soft } from './errors.js';

export class Recording extends SafeEmitter {
  constructor(runtime) {
    super();
    this._runtime = runtime;
    this.recordingState = 'IDLE';
    this.recordings = [];
    this.recordingPeerIds = [];
    this.available = false;
  }
  _set(r) {
    if (!r) return;
    this.recordings = r.recordings;
    if (r.available !== undefined) this.available = r.available;
    this._state(r.recordingState);
  }
  _state(s) {
    if (s === this.recordingState) return;
    this.recordingState = s;
    this.emit('recordingUpdate', s);
  }
  _do(method, args, during) {
    const before = this.recordingState;
    if (during) this._state(during);
    return soft(
      this._runtime.call(method, args).then(
        (r) => this._set(r),
        (e) => {
          if (this.recordingState === during) this._state(before);
          throw e;
        },
      ),
    );
  }
  /** Starts recording the current meeting (needs canRecord and the SFU mode). */
  start() {
    return this._do('startRecording', [], 'STARTING');
  }
  stop(id) {
    return this._do('stopRecording', [id ?? null], 'STOPPING');
  }
  pause(id) {
    return this._do('pauseRecording', [id ?? null]);
  }
  resume(id) {
    return this._do('resumeRecording', [id ?? null]);
  }
}
