// Presets: the list (edit, duplicate, delete) and the editor (permissions grouped as in
// RealtimeKit's dashboard, Connected Meetings first). The editor loads the whole preset and
// changes only the fields it shows, so unknown fields (config, ui, plugins...) go back as they came.
import { LitElement, html } from 'lit';
import { id } from './api.js';
import { base } from './styles.js';
import { PERMISSION_GROUPS, ACCESS_VALUES, getAt, setAt, presetBody, duplicatePreset, fieldOfError } from './lib.js';

class PresetsPage extends LitElement {
  static properties = { api: { attribute: false }, presets: { state: true }, error: { state: true },
    status: { state: true }, confirming: { state: true } };
  static styles = [base];

  constructor() { super(); this.presets = null; this.error = ''; this.status = ''; this.confirming = null; }
  connectedCallback() { super.connectedCallback(); this.load(); }

  async load() {
    try { this.presets = await this.api.all('/v2/presets'); this.error = ''; }
    catch (e) { this.error = e.message; }
  }

  async duplicate(p) {
    this.error = ''; this.status = '';
    try {
      const full = await this.api.get(`/v2/presets/${id(p.id)}`);
      const created = await this.api.post('/v2/presets', duplicatePreset(full, this.presets.map((x) => x.name)));
      this.status = `Preset ${created.name} created as a copy of ${p.name}.`;
      await this.load();
    } catch (e) { this.error = `Could not duplicate ${p.name}: ${e.message}`; }
  }

  askDelete(p) {
    this.confirming = p;
    this.updateComplete.then(() => this.renderRoot.querySelector('#confirm-delete').showModal());
  }

  async doDelete() {
    const p = this.confirming;
    this.renderRoot.querySelector('#confirm-delete').close();
    this.error = ''; this.status = '';
    // Where focus goes once the row is gone: the next row's Delete (or the previous one's).
    const names = this.presets.map((x) => x.name);
    const i = names.indexOf(p.name);
    let focusName = p.name;
    try {
      await this.api.del(`/v2/presets/${id(p.id)}`);
      focusName = names[i + 1] ?? names[i - 1];
      await this.load();
      this.status = `Preset ${p.name} deleted.`;  // said once the list no longer shows it
    } catch (e) {
      this.error = e.code === 'conflict'
        ? `${p.name} cannot be deleted while participants use it. Move them to another preset or remove them first. (${e.message})`
        : `Could not delete ${p.name}: ${e.message}`;
    }
    await this.updateComplete;
    (focusName && this.renderRoot.querySelector(`[data-preset="${CSS.escape(focusName)}"] .delete`) ||
      this.renderRoot.querySelector('#new-preset'))?.focus();
  }

  render() {
    return html`
      <div class="row"><h1>Presets</h1><span class="spacer"></span>
        <a id="new-preset" class="button primary" href="#/presets/new">New preset</a></div>
      <p class="muted">A preset is a set of permissions given to participants. For breakout rooms, give hosts
        Full Access in Connected Meetings, and participants Switch Connected Meetings and Switch to Parent Meeting.</p>
      <div role="status" class="status">${this.status}</div>
      ${this.error ? html`<div role="alert" class="error">${this.error}</div>` : ''}
      ${this.presets === null ? html`<p>Loading\u2026</p>` : html`
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">Name</th><th scope="col" class="hide-narrow">Updated</th><th scope="col">Actions</th></tr></thead>
          <tbody>${this.presets.map((p) => html`
            <tr data-preset=${p.name}>
              <td>${p.name}</td>
              <td class="hide-narrow muted">${new Date(p.updated_at).toLocaleString()}</td>
              <td><div class="row">
                <a class="button" href="#/presets/${id(p.id)}" aria-label="Edit ${p.name}">Edit</a>
                <button type="button" @click=${() => this.duplicate(p)} aria-label="Duplicate ${p.name}">Duplicate</button>
                <button type="button" class="danger delete" @click=${() => this.askDelete(p)} aria-label="Delete ${p.name}">Delete</button>
              </div></td>
            </tr>`)}</tbody>
        </table></div>`}
      <dialog id="confirm-delete" aria-labelledby="confirm-delete-title">
        <h2 id="confirm-delete-title">Delete preset ${this.confirming?.name}?</h2>
        <p>This cannot be undone. A preset that participants use cannot be deleted.</p>
        <div class="row"><button class="danger" type="button" @click=${this.doDelete}>Delete</button>
          <button type="button" @click=${() => this.renderRoot.querySelector('#confirm-delete').close()}>Cancel</button></div>
      </dialog>`;
  }
}
customElements.define('rtk-presets-page', PresetsPage);

const FIELD_PATHS = ['name', ...PERMISSION_GROUPS.flatMap((g) => g.fields.map((f) => `permissions.${f.path}`))];

class PresetEditor extends LitElement {
  static properties = { api: { attribute: false }, presetId: { attribute: false }, preset: { state: true },
    errors: { state: true }, error: { state: true }, saving: { state: true }, status: { state: true } };
  static styles = [base];

  constructor() { super(); this.preset = null; this.errors = {}; this.error = ''; this.status = ''; }

  willUpdate(changed) {
    if (changed.has('presetId')) this.load();
  }

  async load() {
    this.errors = {}; this.error = ''; this.status = '';
    if (!this.presetId) {
      // A new preset starts from the server's participant defaults (what the core fills in);
      // the form shows once they are in, so no edit is overwritten by a late load.
      this.preset = null;
      let start = { name: '', permissions: {} };
      try {
        const list = await this.api.all('/v2/presets');
        const def = list.find((p) => p.name === 'group_call_participant');
        if (def) start = { ...presetBody(await this.api.get(`/v2/presets/${id(def.id)}`)), name: '' };
      } catch { /* start from the empty preset: the server fills in its defaults */ }
      if (!this.presetId) this.preset = start;
      return;
    }
    this.preset = null;
    const want = this.presetId;
    try {
      const p = await this.api.get(`/v2/presets/${id(want)}`);
      if (this.presetId === want) this.preset = p;
    } catch (e) { this.error = e.message; }
  }

  set(path, value) {
    this.preset = setAt(this.preset, path, value);
    if (this.errors[path]) this.errors = { ...this.errors, [path]: '' };
  }

  async save(e) {
    e.preventDefault();
    this.errors = {}; this.error = ''; this.status = '';
    const name = String(this.preset.name ?? '').trim();
    if (!name) {
      this.errors = { name: 'Give the preset a name.' };
      await this.updateComplete;
      this.renderRoot.querySelector('#preset-name').focus();
      return;
    }
    this.set('name', name);
    this.saving = true;
    try {
      const body = presetBody(this.preset);
      const saved = this.presetId ? await this.api.put(`/v2/presets/${id(this.presetId)}`, body)
        : await this.api.post('/v2/presets', body);
      this.status = `Preset ${saved.name} saved.`;
      if (!this.presetId) { location.hash = '#/presets'; return; }
      this.preset = saved;
    } catch (err) {
      const field = fieldOfError(err.message, FIELD_PATHS);
      if (field) {
        this.errors = { [field]: err.message };
        await this.updateComplete;
        this.renderRoot.querySelector(`[data-field="${field}"]`)?.focus();
      } else {
        this.error = err.message;
      }
    } finally { this.saving = false; }
  }

  fieldError(path) {
    const msg = this.errors[path];
    return msg ? html`<div class="field-error" id="err-${path}">${msg}</div>` : '';
  }

  renderField(f) {
    const path = `permissions.${f.path}`;
    const v = getAt(this.preset, path);
    const invalid = this.errors[path] ? 'true' : 'false';
    const inputId = `f-${f.path.replaceAll('.', '-')}`;
    if (f.kind === 'access') {
      return html`<div class="perm">
        <label for=${inputId}>${f.label}</label>
        <select id=${inputId} data-field=${path} aria-invalid=${invalid} aria-describedby="err-${path}"
                @change=${(e) => this.set(path, e.target.value)}>
          ${ACCESS_VALUES.map((a) => html`<option value=${a} ?selected=${v === a}>${a.replace('_', ' ').toLowerCase()}</option>`)}
        </select>${this.fieldError(path)}</div>`;
    }
    return html`<div class="perm check">
      <input type="checkbox" id=${inputId} data-field=${path} .checked=${v === true} aria-invalid=${invalid}
             aria-describedby="help-${inputId} err-${path}" @change=${(e) => this.set(path, e.target.checked)}>
      <label for=${inputId}>${f.label}</label>
      ${f.help ? html`<div class="muted" id="help-${inputId}">${f.help}</div>` : ''}
      ${this.fieldError(path)}</div>`;
  }

  render() {
    if (this.error && !this.preset) return html`<h1>Preset</h1><div role="alert" class="error">${this.error}</div>`;
    if (!this.preset) return html`<p>Loading\u2026</p>`;
    const known = new Set(['id', 'name', 'permissions', 'created_at', 'updated_at']);
    const others = Object.keys(this.preset).filter((k) => !known.has(k));
    return html`
      <style>
        .perm.check { display: grid; grid-template-columns: auto 1fr; column-gap: 0.5rem; align-items: start; margin: 0.5rem 0; }
        .perm.check label { margin: 0; }
        .perm.check .muted, .perm.check .field-error { grid-column: 2; font-size: 0.9rem; }
        .perm.check input { width: 1.2rem; height: 1.2rem; min-height: 0; margin: 0.1rem 0 0; }
        fieldset { border: 1px solid var(--border); border-radius: 8px; margin: 0 0 1rem; background: var(--surface); }
        legend { font-weight: 700; padding: 0 0.3rem; }
        .groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 0 1rem; }
      </style>
      <a href="#/presets">\u2190 Presets</a>
      <h1>${this.presetId ? `Edit preset ${this.preset.name}` : 'New preset'}</h1>
      <form @submit=${this.save} novalidate aria-label="Preset">
        <div class="card">
          <label for="preset-name">Name</label>
          <input id="preset-name" data-field="name" .value=${this.preset.name ?? ''} required
                 aria-invalid=${this.errors.name ? 'true' : 'false'} aria-describedby="err-name"
                 @input=${(e) => this.set('name', e.target.value)}>
          ${this.fieldError('name')}
        </div>
        <div class="groups">
          ${PERMISSION_GROUPS.map((g) => html`
            <fieldset data-group=${g.id}>
              <legend>${g.title}</legend>
              ${g.help ? html`<p class="muted">${g.help}</p>` : ''}
              ${g.fields.map((f) => this.renderField(f))}
            </fieldset>`)}
        </div>
        ${others.length ? html`<p class="muted">Other settings of this preset (${others.join(', ')}) are kept as they are.</p>` : ''}
        ${this.error ? html`<div role="alert" class="error">${this.error}</div>` : ''}
        <div role="status" class="status">${this.status}</div>
        <div class="row"><button class="primary" type="submit" ?disabled=${this.saving}>Save</button>
          <a class="button" href="#/presets">Cancel</a></div>
      </form>`;
  }
}
customElements.define('rtk-preset-editor', PresetEditor);
