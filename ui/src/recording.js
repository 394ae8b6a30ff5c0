// Recording in the UI kit (templates inside <rtk-controlbar> and the <rtk-meeting> header, not
// elements of their own): the record button for those the core lets record (store.can.record,
// and only when the server can record), and the indicator everyone in a recorded meeting sees.
// Both read the current meeting's state from the store, so they follow every room switch.
import { html, css } from 'lit';
import { icon } from './icons.js';

const ACTIVE = ['STARTING', 'RECORDING', 'PAUSED', 'STOPPING'];

export const recordingStyles = css`
  .rec { display: inline-flex; align-items: center; gap: 0.4em; font-size: 0.8em; font-weight: 600; white-space: nowrap;
    color: var(--_danger); border: 1px solid var(--_danger); border-radius: 1em; padding: 0.15em 0.7em; }
  .rec .dot, button .dot { width: 0.7em; height: 0.7em; border-radius: 50%; background: var(--_danger); display: inline-block; }
  .rec.paused { color: var(--_text-muted); border-color: var(--_border); }
  .rec.paused .dot { background: var(--_text-muted); }
`;

/** The indicator: shown to everyone while the current meeting is being recorded. */
export function recordingIndicator(s) {
  const st = s.recordingState;
  if (!ACTIVE.includes(st)) return '';
  const paused = st === 'PAUSED';
  const label = paused ? 'Recording paused' : st === 'STARTING' ? 'Recording starting' : 'Recording';
  return html`<span class=${paused ? 'rec paused' : 'rec'} role="status" aria-label=${`This meeting is being recorded: ${label}`}
    data-recording-state=${st}><span class="dot" aria-hidden="true"></span>${label}</span>`;
}

/** The control bar's record button (start / stop); absent for those who may not record. */
export function recordButton(s) {
  if (!s.can.record || !s.meeting?.recording?.available) return '';
  const st = s.recordingState;
  const on = ACTIVE.includes(st);
  const busy = st === 'STARTING' || st === 'STOPPING';
  return html`<button class=${on ? 'off rec-toggle' : 'rec-toggle'} aria-pressed=${on ? 'true' : 'false'} ?disabled=${busy}
    aria-label=${on ? 'Stop recording' : 'Start recording'} @click=${() => s.toggleRecording()}>
    ${on ? html`<span class="dot" aria-hidden="true"></span>` : icon('record')}<span>${on ? 'Stop rec' : 'Record'}</span></button>`;
}
