// Breakout plans of a meeting (issue 12, pre-assignment): upload one as JSON or CSV (ours:
// room,custom_participant_id; Zoom's: Pre-assign Room Name,Email Address), list the saved
// plans, delete one. Hosts start a plan from the meeting (UI kit "Start plan") or over REST.
import { LitElement, html } from 'lit';
import { id } from './api.js';
import { base } from './styles.js';
import { planUpload } from './lib.js';

class BreakoutPlansPage extends LitElement {
  static properties = { api: { attribute: false }, meetingId: { attribute: false }, plans: { state: true },
    error: { state: true }, uploadError: { state: true }, status: { state: true }, busy: { state: true } };
  static styles = [base];

  constructor() { super(); this.plans = null; this.error = ''; this.uploadError = ''; this.status = ''; this.busy = false; }
  willUpdate(changed) { if (changed.has('meetingId')) this.load(); }
  get path() { return `/v2/meetings/${id(this.meetingId)}/breakout-plans`; }

  async load() {
    try { this.plans = await this.api.get(this.path); this.error = ''; } catch (e) { this.error = e.message; }
  }

  async upload(e) {
    e.preventDefault();
    const f = e.target;
    const file = f.elements['plan-file'].files?.[0];
    const text = file ? await file.text() : f.elements['plan-text'].value;
    this.uploadError = '';
    let up;
    try { up = planUpload(text, { fileName: file?.name ?? '', name: f.elements['plan-name'].value.trim() }); } catch (err) { this.uploadError = err.message; return; }
    this.busy = true;
    try {
      const p = up.kind === 'json' ? await this.api.post(this.path, up.body) : await this.api.postText(this.path + up.path, up.body);
      this.status = `Plan ${p.name} saved: ${p.rooms.length} room${p.rooms.length === 1 ? '' : 's'}.`;
      f.reset();
      await this.load();
    } catch (err) {
      this.uploadError = err.message;
    } finally { this.busy = false; }
  }

  async remove(p) {
    try {
      await this.api.del(`${this.path}/${id(p.id)}`);
      this.status = `Plan ${p.name} deleted.`;
      await this.load();
    } catch (e) { this.error = e.message; }
  }

  render() {
    const people = (p) => p.rooms.reduce((n, r) => n + r.custom_participant_ids.length, 0);
    return html`
      <div role="status" class="status">${this.status}</div>
      ${this.error ? html`<div role="alert" class="error">${this.error}</div>` : ''}
      <h2>Breakout plans</h2>
      <p class="muted">A plan says which participant (by custom id) goes to which breakout room. Hosts start a saved plan from the
        meeting with one click ("Start plan" in Breakout Rooms); a plan can be started again in later rounds.</p>
      ${this.plans === null ? html`<p>Loading\u2026</p>` : this.plans.length === 0
        ? html`<p class="muted" data-empty="none">No saved plans for this meeting.</p>` : html`
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">Name</th><th scope="col">Rooms</th><th scope="col">Planned</th><th scope="col">Saved</th><th scope="col">Actions</th></tr></thead>
          <tbody>${this.plans.map((p) => html`<tr data-plan=${p.id}>
            <td>${p.name}</td>
            <td>${p.rooms.map((r) => `${r.title} (${r.custom_participant_ids.length})`).join(', ')}</td>
            <td>${people(p)}</td>
            <td>${p.created_ms ? new Date(p.created_ms).toLocaleString() : '\u2014'}</td>
            <td><button type="button" class="danger" @click=${() => this.remove(p)} aria-label="Delete plan ${p.name}">Delete</button></td>
          </tr>`)}</tbody>
        </table></div>`}
      <h2>Upload a plan</h2>
      <form class="card" @submit=${this.upload} aria-labelledby="plan-title">
        <h3 id="plan-title" style="margin:0">New plan</h3>
        <label for="plan-name">Plan name (optional)</label>
        <input id="plan-name" autocomplete="off">
        <label for="plan-file">Plan file (CSV or JSON)</label>
        <input id="plan-file" type="file" accept=".csv,.json,text/csv,application/json">
        <label for="plan-text">Or paste the plan</label>
        <textarea id="plan-text" aria-describedby="plan-help" placeholder="room,custom_participant_id\nRed,ada@example.com\nBlue,grace@example.com"></textarea>
        <p id="plan-help" class="muted">CSV: one row per person, <code>room,custom_participant_id</code> (a header row is optional;
          Zoom's <code>Pre-assign Room Name,Email Address</code> works when the custom ids are the emails); a row with an empty
          second field declares an empty room. JSON: <code>{"name": "...", "rooms": [{"title": "Red", "custom_participant_ids": ["ada"]}]}</code>.</p>
        <div role="alert">${this.uploadError ? html`<div class="field-error">${this.uploadError}</div>` : ''}</div>
        <div class="row" style="margin-top:0.75rem"><button class="primary" type="submit" ?disabled=${this.busy}>Upload plan</button></div>
      </form>`;
  }
}
customElements.define('rtk-breakout-plans-page', BreakoutPlansPage);
