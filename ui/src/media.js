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
    video { width: 100%; height: 100%; object-fit: contain; display: block; }
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

const GAP = 8;
/**
 * The columns and tile size that show n pictures of the given aspect (width / height) as large
 * as possible in a width x height box: every column count is tried and the one with the largest
 * tile wins, so two people side by side on a desktop and one above the other on a phone.
 */
export function gridLayout(n, width, height, aspect = 4 / 3, gap = GAP) {
  let best = { cols: 1, rows: Math.max(1, n), tileWidth: 0, tileHeight: 0 };
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.ceil(n / cols);
    const w = (width - gap * (cols - 1)) / cols;
    const h = (height - gap * (rows - 1)) / rows;
    const tileWidth = Math.max(0, Math.min(w, h * aspect));
    if (tileWidth > best.tileWidth) best = { cols, rows, tileWidth, tileHeight: tileWidth / aspect };
  }
  return { ...best, tileWidth: Math.floor(best.tileWidth), tileHeight: Math.floor(best.tileHeight) };
}

/** <rtk-grid>: the current room's tiles (self first), each sized to the camera picture's aspect
 *  so nothing is cropped, as large as the grid's box allows. */
export class RtkGrid extends StoreElement {
  static properties = { _box: { state: true } };
  static styles = [tokens, css`
    :host { display: block; min-height: 0; height: 100%; overflow: hidden; }
    .grid { display: grid; gap: ${GAP}px; height: 100%; padding: ${GAP}px; box-sizing: border-box; justify-content: center; align-content: center;
      grid-template-columns: repeat(var(--cols), var(--tw)); grid-auto-rows: var(--th); }
  `];
  connectedCallback() {
    super.connectedCallback();
    this._ro ??= typeof ResizeObserver === 'function' ? new ResizeObserver(([e]) => {
      const { width, height } = e.contentRect;
      if (!this._box || Math.abs(this._box.width - width) > 1 || Math.abs(this._box.height - height) > 1) this._box = { width, height };
    }) : null;
    this._ro?.observe(this);
  }
  disconnectedCallback() {
    super.disconnectedCallback();
    this._ro?.disconnect();
  }
  /** The aspect of the pictures (the first camera that reports one; 4:3 until then). */
  _aspect(people) {
    for (const p of people) {
      const st = p?.videoEnabled && p.videoTrack?.getSettings?.();
      if (st?.width && st?.height) return st.width / st.height;
    }
    return 4 / 3;
  }
  render() {
    const s = this.s;
    if (!s?.meeting) return html``;
    const people = [s.self, ...s.participants];
    const box = this._box ?? { width: this.clientWidth || 800, height: this.clientHeight || 600 };
    const l = gridLayout(people.length, box.width - 2 * GAP, box.height - 2 * GAP, this._aspect(people));
    const rev = s.state.rev;
    return html`<div class="grid" role="list" aria-label=${`Participants in ${s.roomTitle || 'this meeting'}`}
        style=${`--cols:${l.cols};--tw:${l.tileWidth}px;--th:${l.tileHeight}px`}>
      ${people.map((p, i) => html`<rtk-participant-tile role="listitem" .participant=${p} ?is-self=${i === 0} .rev=${rev}></rtk-participant-tile>`)}
    </div>`;
  }
}

const PICKERS = [['audioinput', 'Microphone', 'audio'], ['videoinput', 'Camera', 'video'], ['audiooutput', 'Speaker', 'speaker']];

/** <rtk-setup-screen>: camera preview, name, microphone and camera toggles, device pickers, Join. */
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
    input, select { width: 100%; }
    button.primary { width: 100%; justify-content: center; margin-top: 1em; padding: 0.7em; }
  `];
  constructor() { super(); this._name = null; }
  firstUpdated() { this.s?.loadDevices(); }
  /** A select per kind with a choice to make (two or more devices). */
  _pickers() {
    const d = this.s.state.devices;
    if (!d) return '';
    return PICKERS.map(([kind, label, key]) => {
      // 'default' and 'communications' are aliases of a real device: list each device once
      const list = d.all.filter((x) => x.kind === kind && x.deviceId !== 'default' && x.deviceId !== 'communications');
      if (list.length < 2) return '';
      const cur = d.current?.[key]?.deviceId;
      const groupOfCur = d.current?.[key]?.groupId;
      const selected = list.find((x) => x.deviceId === cur) ?? list.find((x) => groupOfCur && x.groupId === groupOfCur) ?? list[0];
      return html`<label for=${`dev-${key}`}>${label}</label>
        <select id=${`dev-${key}`} @change=${(e) => this.s.setDevice(list.find((x) => x.deviceId === e.target.value))}>
          ${list.map((x, i) => html`<option value=${x.deviceId} ?selected=${x === selected}>${x.label || `${label} ${i + 1}`}</option>`)}
        </select>`;
    });
  }
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
        ${this._pickers()}
        <button class="primary" type="submit" ?disabled=${joining}>${joining ? 'Joining…' : 'Join'}</button>
      </div>
    </form>`;
  }
}
