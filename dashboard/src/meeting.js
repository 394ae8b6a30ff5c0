// One meeting: its participants (add one or many, join links, token refresh, remove), and the
// Live and Recordings tabs.
import { LitElement, html } from 'lit';
import { id } from './api.js';
import { base } from './styles.js';
import { parseParticipants, joinLinks, fieldOfError } from './lib.js';
import './live.js';
import './recordings.js';
import './plans.js';

class MeetingPage extends LitElement {
  static properties = { api: { attribute: false }, meetingId: { attribute: false }, tab: { attribute: false },
    meeting: { state: true }, error: { state: true } };
  static styles = [base];

  constructor() { super(); this.meeting = null; this.error = ''; }
  willUpdate(changed) { if (changed.has('meetingId')) this.load(); }

  async load() {
    try { this.meeting = await this.api.get(`/v2/meetings/${id(this.meetingId)}`); this.error = ''; }
    catch (e) { this.error = e.message; }
  }

  render() {
    if (this.error) return html`<a href="#/meetings">\u2190 Meetings</a><h1>Meeting</h1><div role="alert" class="error">${this.error}</div>`;
    if (!this.meeting) return html`<p>Loading\u2026</p>`;
    const m = this.meeting;
    const tabs = [['participants', 'Participants', ''], ['live', 'Live', '/live'], ['recordings', 'Recordings', '/recordings'], ['plans', 'Breakout plans', '/plans']];
    return html`
      <style>
        .tabs { border-bottom: 1px solid var(--border); margin: 0 0 1rem; gap: 0.25rem; }
        .tabs a { padding: 0.5rem 0.8rem; text-decoration: none; color: var(--text); border-bottom: 3px solid transparent; }
        .tabs a[aria-current='page'] { border-bottom-color: var(--accent); font-weight: 600; }
      </style>
      <a href="#/meetings">\u2190 Meetings</a>
      <div class="row"><h1>${m.title ?? '(untitled)'}</h1>
        <span class="badge ${m.status === 'ACTIVE' ? 'on' : ''}">${m.status}</span></div>
      <nav class="row tabs" aria-label="Meeting">
        ${tabs.map(([t, label, suffix]) => html`<a href="#/meetings/${id(m.id)}${suffix}" aria-current=${this.tab === t ? 'page' : 'false'}>${label}</a>`)}
      </nav>
      ${this.tab === 'live' ? html`<rtk-live-view .api=${this.api} .meetingId=${m.id}></rtk-live-view>`
        : this.tab === 'recordings' ? html`<rtk-recordings .api=${this.api} .meetingId=${m.id}></rtk-recordings>`
        : this.tab === 'plans' ? html`<rtk-breakout-plans-page .api=${this.api} .meetingId=${m.id}></rtk-breakout-plans-page>`
        : html`<rtk-participants .api=${this.api} .meetingId=${m.id}></rtk-participants>`}`;
  }
}
customElements.define('rtk-meeting-page', MeetingPage);

class Participants extends LitElement {
  static properties = { api: { attribute: false }, meetingId: { attribute: false }, participants: { state: true },
    presets: { state: true }, error: { state: true }, status: { state: true }, addErrors: { state: true },
    linksFor: { state: true }, adding: { state: true }, singleError: { state: true } };
  static styles = [base];

  constructor() {
    super();
    this.participants = null; this.presets = []; this.error = ''; this.status = ''; this.addErrors = [];
    this.linksFor = null; this.singleError = {};
    this.tokens = new Map();  // participant id -> token, in memory only
  }
  willUpdate(changed) { if (changed.has('meetingId')) this.load(); }

  async load() {
    try {
      const [ps, presets] = await Promise.all([
        this.api.all(`/v2/meetings/${id(this.meetingId)}/participants`), this.api.all('/v2/presets')]);
      this.participants = ps; this.presets = presets; this.error = '';
    } catch (e) { this.error = e.message; }
  }

  get defaultPreset() { return this.renderRoot.querySelector('#bulk-preset')?.value ?? ''; }

  async addOne(e) {
    e.preventDefault();
    const f = e.target;
    const body = { name: f.elements['one-name'].value.trim(), custom_participant_id: f.elements['one-id'].value.trim(),
      preset_name: f.elements['one-preset'].value };
    this.singleError = {};
    if (!body.name) { this.singleError = { name: 'Enter a name.' }; return; }
    if (!body.custom_participant_id) { this.singleError = { custom_participant_id: 'Enter a custom id (your own id for this person).' }; return; }
    try {
      const p = await this.api.post(`/v2/meetings/${id(this.meetingId)}/participants`, body);
      this.tokens.set(p.id, p.token);
      this.status = `${p.name} added.`;
      f.reset();
      await this.load();
    } catch (err) {
      const field = fieldOfError(err.message, ['name', 'custom_participant_id', 'preset_name']);
      this.singleError = { [field ?? 'form']: err.message };
    }
  }

  async addMany(e) {
    e.preventDefault();
    const box = this.renderRoot.querySelector('#bulk');
    const text = box.value;
    const { rows, errors } = parseParticipants(text, this.defaultPreset, (this.participants ?? []).map((p) => p.custom_participant_id));
    this.addErrors = errors;
    if (rows.length === 0) {
      if (!errors.length) this.addErrors = [{ line: 0, message: 'Paste at least one name or CSV line.' }];
      return;
    }
    this.adding = true;
    const failed = [...errors];
    let added = 0;
    for (const r of rows) {
      try {
        const p = await this.api.post(`/v2/meetings/${id(this.meetingId)}/participants`,
          { name: r.name, custom_participant_id: r.custom_participant_id, preset_name: r.preset_name });
        this.tokens.set(p.id, p.token);
        added++;
      } catch (err) { failed.push({ line: r.line, message: `line ${r.line} (${r.name}): ${err.message}` }); }
    }
    this.adding = false;
    failed.sort((a, b) => a.line - b.line);
    this.addErrors = failed;
    // Only the lines not added stay in the box, so fixing them and adding again adds nobody twice.
    const lines = text.split(/\r?\n/);
    box.value = failed.map((f) => lines[f.line - 1]).join('\n');
    this.status = `${added} participant${added === 1 ? '' : 's'} added${failed.length
      ? `, ${failed.length} line${failed.length === 1 ? '' : 's'} not added: ${failed.length === 1 ? 'it is' : 'they are'} left in the box to fix` : ''}.`;
    await this.load();
  }

  async refresh(p, announce = true) {
    const r = await this.api.post(`/v2/meetings/${id(this.meetingId)}/participants/${id(p.id)}/token`);
    this.tokens.set(p.id, r.token);
    if (announce) this.status = `New token for ${p.name}; earlier links keep working until they expire.`;
    return r.token;
  }

  async showLinks(p) {
    try {
      if (!this.tokens.has(p.id)) await this.refresh(p, false);
      this.linksFor = p;
      await this.updateComplete;
      this.renderRoot.querySelector('#links-dialog').showModal();
    } catch (e) { this.error = e.message; }
  }

  async refreshInDialog() {
    await this.refresh(this.linksFor);
    this.requestUpdate();
  }

  async copy(url, label) {
    try { await navigator.clipboard.writeText(url); this.linkStatus = `${label} link copied.`; }
    catch { this.linkStatus = `Copying is blocked here: select the ${label} link and copy it.`; }
    this.requestUpdate();
  }

  async removeParticipant(p) {
    if (!confirm(`Remove ${p.name} from this meeting? Their links stop working.`)) return;
    // Where focus goes once the row is gone: the next row's Remove (or the previous one's), else
    // the Add many box.
    const ids = this.participants.map((x) => x.id);
    const i = ids.indexOf(p.id);
    let focusId = p.id;
    try {
      await this.api.del(`/v2/meetings/${id(this.meetingId)}/participants/${id(p.id)}`);
      this.tokens.delete(p.id);
      focusId = ids[i + 1] ?? ids[i - 1];
      await this.load();
      this.status = `${p.name} removed.`;  // said once the list no longer shows them
    } catch (e) { this.error = e.message; }
    await this.updateComplete;
    (focusId && this.renderRoot.querySelector(`tr[data-id="${CSS.escape(focusId)}"] .remove`) ||
      this.renderRoot.querySelector('#bulk'))?.focus();
  }

  render() {
    const presetOptions = (sel) => this.presets.map((p) => html`<option value=${p.name} ?selected=${p.name === sel}>${p.name}</option>`);
    const token = this.linksFor ? this.tokens.get(this.linksFor.id) : null;
    return html`
      <div role="status" class="status">${this.status}</div>
      ${this.error ? html`<div role="alert" class="error">${this.error}</div>` : ''}
      <h2>Participants</h2>
      ${this.participants === null ? html`<p>Loading\u2026</p>` : this.participants.length === 0
        ? html`<p class="muted">No participants yet.</p>` : html`
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">Name</th><th scope="col" class="hide-narrow">Custom id</th><th scope="col">Preset</th><th scope="col">Actions</th></tr></thead>
          <tbody>${this.participants.map((p) => html`
            <tr data-participant=${p.custom_participant_id} data-id=${p.id}>
              <td>${p.name}</td><td class="hide-narrow">${p.custom_participant_id}</td><td>${p.preset_name}</td>
              <td><div class="row">
                <button type="button" @click=${() => this.showLinks(p)} aria-label="Join links for ${p.name}">Join links</button>
                <button type="button" class="danger remove" @click=${() => this.removeParticipant(p)} aria-label="Remove ${p.name}">Remove</button>
              </div></td>
            </tr>`)}</tbody>
        </table></div>`}

      <h2>Add participants</h2>
      <form class="card" @submit=${this.addMany} aria-labelledby="bulk-title">
        <h3 id="bulk-title" style="margin:0">Add many</h3>
        <label for="bulk">Names, one per line, or CSV lines: name, custom id, preset</label>
        <textarea id="bulk" aria-describedby="bulk-help bulk-errors" placeholder="Ada Lovelace\nGrace Hopper,grace,group_call_host"></textarea>
        <p id="bulk-help" class="muted">A missing custom id is made from the name; a missing preset is the default below. A first line "name,custom id,preset" is skipped.</p>
        <label for="bulk-preset">Default preset</label>
        <select id="bulk-preset">${presetOptions('group_call_participant')}</select>
        <div id="bulk-errors" role="alert">${this.addErrors.map((e) => html`<div class="field-error">${e.message}</div>`)}</div>
        <div class="row" style="margin-top:0.75rem"><button class="primary" type="submit" ?disabled=${this.adding}>Add participants</button></div>
      </form>
      <form class="card" @submit=${this.addOne} aria-labelledby="one-title" novalidate>
        <h3 id="one-title" style="margin:0">Add one</h3>
        <label for="one-name">Name</label>
        <input id="one-name" name="one-name" aria-invalid=${this.singleError.name ? 'true' : 'false'} aria-describedby="one-name-err">
        <div class="field-error" id="one-name-err">${this.singleError.name ?? ''}</div>
        <label for="one-id">Custom id</label>
        <input id="one-id" name="one-id" aria-invalid=${this.singleError.custom_participant_id ? 'true' : 'false'} aria-describedby="one-id-err">
        <div class="field-error" id="one-id-err">${this.singleError.custom_participant_id ?? ''}</div>
        <label for="one-preset">Preset</label>
        <select id="one-preset" name="one-preset" aria-describedby="one-preset-err">${presetOptions('group_call_participant')}</select>
        <div class="field-error" id="one-preset-err">${this.singleError.preset_name ?? ''}</div>
        <div class="field-error" role="alert">${this.singleError.form ?? ''}</div>
        <div class="row"><button class="primary" type="submit">Add participant</button></div>
      </form>

      <dialog id="links-dialog" aria-labelledby="links-title" @close=${() => { this.linksFor = null; this.linkStatus = ''; }}>
        <h2 id="links-title">Join links for ${this.linksFor?.name}</h2>
        <p class="muted">Each link carries this participant's own token. Send it to them only.</p>
        ${token ? joinLinks(location.origin, token).map((l) => html`
          <div class="link" data-example=${l.id}>
            <label for="link-${l.id}">${l.label}</label>
            <div class="row"><input id="link-${l.id}" readonly .value=${l.url} style="flex:1" @focus=${(e) => e.target.select()}>
              <button type="button" @click=${() => this.copy(l.url, l.label)} aria-label="Copy ${l.label} link">Copy</button>
              <a class="button" href=${l.url} target="_blank" rel="noopener noreferrer" aria-label="Open ${l.label} link">Open</a></div>
          </div>`) : ''}
        <div role="status" class="status">${this.linkStatus ?? ''}</div>
        <div class="row"><button type="button" @click=${this.refreshInDialog}>Refresh token</button>
          <span class="spacer"></span>
          <button type="button" @click=${() => this.renderRoot.querySelector('#links-dialog').close()}>Close</button></div>
      </dialog>`;
  }
}
customElements.define('rtk-participants', Participants);
