import { LitElement, html, css } from 'lit';
import { StoreElement, tokens } from './base.js';
import { icon } from './icons.js';

/** Puts `track` into `video` (only when it changed, so playback is not restarted). */
export function attachTrack(video, track) {
  if (!video) return;
  const current = video.srcObject?.getVideoTracks?.()[0] ?? null;
  if (current === (track ?? null)) return;
  video.srcObject = track ? new MediaStream([track]) : null;
  if (track) video.play?.().catch(() => {});
}

const initials = (name) => (name || '?').trim().split(/\s+/).slice(0, 2).map((w) => w[0]?.toUpperCase() ?? '').join('') || '?';

/** <rtk-participant-tile>: video or camera-off placeholder, name, muted-microphone badge. */
export class RtkParticipantTile extends LitElement {
  static properties = {
    participant: { attribute: false },
    isSelf: { type: Boolean, attribute: 'is-self' },
    rev: { type: Number }, // bumped by the parent when media state changes
  };
  static styles = [tokens, css`
    :host { display: block; position: relative; border-radius: var(--_radius); overflow: hidden; background: var(--_video-bg); min-height: 0; }
    .tile { position: absolute; inset: 0; }
    video { width: 100%; height: 100%; object-fit: cover; display: block; }
    video.self { transform: scaleX(-1); }
    .off { position: absolute; inset: 0; display: grid; place-items: center; }
    .avatar { width: clamp(48px, 28%, 120px); aspect-ratio: 1; border-radius: 50%; background: var(--_brand); color: var(--_on-brand);
      display: grid; place-items: center; font-size: clamp(16px, 3vw, 36px); font-weight: 600; }
    .name { position: absolute; left: 8px; bottom: 8px; display: flex; align-items: center; gap: 0.35em; max-width: calc(100% - 16px);
      background: rgb(0 0 0 / 0.6); color: #fff; padding: 0.2em 0.6em; border-radius: 0.5em; font-size: 0.85em; }
    .name span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .badge { color: #ff8a8a; display: inline-flex; }
  `];
  updated() {
    const p = this.participant;
    attachTrack(this.renderRoot.querySelector('video'), p?.videoEnabled ? p.videoTrack : null);
  }
  render() {
    const p = this.participant;
    if (!p) return html``;
    const name = p.name || 'Participant';
    const label = `${name}${this.isSelf ? ' (you)' : ''}${p.audioEnabled ? '' : ', microphone muted'}${p.videoEnabled ? '' : ', camera off'}`;
    const video = p.videoEnabled && p.videoTrack;
    return html`<div class="tile" role="group" aria-label=${label}>
      ${video ? html`<video class=${this.isSelf ? 'self' : ''} autoplay playsinline muted aria-hidden="true"></video>`
        : html`<div class="off"><div class="avatar" aria-hidden="true">${initials(name)}</div><span class="sr-only">Camera off</span></div>`}
      <div class="name">${p.audioEnabled ? '' : html`<span class="badge" role="img" aria-label="Microphone muted">${icon('micOff')}</span>`}
        <span>${name}${this.isSelf ? ' (you)' : ''}</span></div>
    </div>`;
  }
}

/** <rtk-grid>: responsive grid of the current room's tiles (self first). */
export class RtkGrid extends StoreElement {
  static styles = [tokens, css`
    :host { display: block; min-height: 0; height: 100%; }
    .grid { display: grid; gap: 8px; height: 100%; padding: 8px; grid-template-columns: repeat(var(--cols), 1fr); grid-auto-rows: 1fr; }
    @media (max-width: 600px) { .grid { grid-template-columns: repeat(min(var(--cols), 2), 1fr); } }
  `];
  render() {
    const s = this.s;
    if (!s?.meeting) return html``;
    const people = [s.self, ...s.participants];
    const cols = Math.ceil(Math.sqrt(people.length));
    const rev = s.state.rev;
    return html`<div class="grid" role="list" aria-label=${`Participants in ${s.roomTitle || 'this meeting'}`} style=${`--cols:${cols}`}>
      ${people.map((p, i) => html`<rtk-participant-tile role="listitem" .participant=${p} ?is-self=${i === 0} .rev=${rev}></rtk-participant-tile>`)}
    </div>`;
  }
}

/** <rtk-setup-screen>: camera preview, name, microphone and camera toggles, Join. */
export class RtkSetupScreen extends StoreElement {
  static properties = { _name: { state: true } };
  static styles = [tokens, css`
    :host { display: grid; place-items: center; height: 100%; padding: 1em; overflow: auto; }
    .card { display: grid; grid-template-columns: minmax(240px, 480px) minmax(220px, 300px); gap: 1.5em; align-items: center;
      background: var(--_surface); border: 1px solid var(--_border); padding: 1.5em; border-radius: calc(var(--_radius) * 1.5); }
    @media (max-width: 700px) { .card { grid-template-columns: 1fr; } }
    rtk-participant-tile { aspect-ratio: 16 / 10; }
    .toggles { display: flex; gap: 0.5em; margin-top: 0.8em; justify-content: center; }
    .toggles button[aria-pressed='false'] { background: var(--_danger); border-color: var(--_danger); color: #fff; }
    h1 { font-size: 1.3em; margin: 0 0 0.2em; }
    label { display: block; margin: 1em 0 0.3em; font-size: 0.9em; color: var(--_muted); }
    input { width: 100%; }
    button.primary { width: 100%; justify-content: center; margin-top: 1em; padding: 0.7em; }
  `];
  constructor() { super(); this._name = null; }
  async _join(e) {
    e.preventDefault();
    const s = this.s;
    const name = (this._name ?? s.self?.name ?? '').trim();
    if (name && name !== s.self?.name && typeof s.self?.setName === 'function') {
      try { await s.self.setName(name); } catch (err) { s.pushError(`Could not set your name: ${err.message}`); }
    }
    s.state.prevPhase = 'setup';
    await s.join();
  }
  render() {
    const s = this.s;
    const self = s?.self;
    if (!self) return html``;
    const joining = s.state.phase === 'joining';
    return html`<form class="card" @submit=${this._join} aria-label="Join meeting">
      <div>
        <rtk-participant-tile is-self .participant=${{ name: this._name ?? self.name, audioEnabled: self.audioEnabled, videoEnabled: self.videoEnabled, videoTrack: self.videoTrack }} .rev=${s.state.rev}></rtk-participant-tile>
        <div class="toggles">
          <button type="button" aria-pressed=${self.audioEnabled ? 'true' : 'false'} @click=${() => s.toggleAudio()}>${icon(self.audioEnabled ? 'mic' : 'micOff')}Microphone</button>
          <button type="button" aria-pressed=${self.videoEnabled ? 'true' : 'false'} @click=${() => s.toggleVideo()}>${icon(self.videoEnabled ? 'cam' : 'camOff')}Camera</button>
        </div>
      </div>
      <div>
        <h1>${s.roomTitle || 'Meeting'}</h1>
        <p class="muted">Check your camera and microphone before you join.</p>
        <label for="name">Your name</label>
        <input id="name" autocomplete="name" maxlength=${s.limits.maxTextBytes} ?readonly=${typeof self.setName !== 'function'}
          .value=${this._name ?? self.name ?? ''} @input=${(e) => { this._name = e.target.value; }}>
        <button class="primary" type="submit" ?disabled=${joining}>${joining ? 'Joining…' : 'Join'}</button>
      </div>
    </form>`;
  }
}
