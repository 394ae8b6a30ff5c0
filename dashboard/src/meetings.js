// Meetings: paged list with a title search (GET /v2/meetings?search=), create, rename, and
// ACTIVE/INACTIVE.
import { LitElement, html } from 'lit';
import { id } from './api.js';
import { base } from './styles.js';
import { fieldOfError } from './lib.js';

const PER_PAGE = 20;

class MeetingsPage extends LitElement {
  static properties = { api: { attribute: false }, meetings: { state: true }, paging: { state: true },
    page: { state: true }, search: { state: true }, error: { state: true }, status: { state: true },
    dialog: { state: true }, dialogError: { state: true } };
  static styles = [base];

  constructor() {
    super();
    this.meetings = null; this.paging = null; this.page = 1; this.search = ''; this.error = ''; this.status = '';
    this.dialog = null; this.dialogError = '';
  }
  connectedCallback() { super.connectedCallback(); this.load(); }

  async load() {
    const q = new URLSearchParams({ page_no: String(this.page), per_page: String(PER_PAGE) });
    if (this.search) q.set('search', this.search);
    try {
      const { data, paging } = await this.api.request('GET', `/v2/meetings?${q}`);
      this.meetings = data; this.paging = paging; this.error = '';
    } catch (e) { this.error = e.message; }
  }

  onSearch(e) {
    clearTimeout(this.searchTimer);
    const v = e.target.value.trim();
    this.searchTimer = setTimeout(() => { this.search = v; this.page = 1; this.load(); }, 250);
  }

  go(delta) { this.page += delta; this.load(); }

  open(kind, meeting = null) {
    this.dialog = { kind, meeting };
    this.dialogError = '';
    this.updateComplete.then(() => {
      const d = this.renderRoot.querySelector('#meeting-dialog');
      d.showModal();
      const input = d.querySelector('input');
      input.value = meeting?.title ?? '';
      input.focus();
    });
  }
  close() { this.renderRoot.querySelector('#meeting-dialog').close(); }
  onDialogClose() {
    const m = this.dialog?.meeting;
    this.dialog = null;
    const again = m ? this.renderRoot.querySelector(`[data-meeting="${CSS.escape(m.id)}"] .rename`)
      : this.renderRoot.querySelector('#new-meeting');
    again?.focus();
  }

  async submit(e) {
    e.preventDefault();
    const title = this.renderRoot.querySelector('#meeting-title').value.trim();
    if (!title) { this.dialogError = 'Give the meeting a title.'; return; }
    try {
      if (this.dialog.kind === 'create') {
        const m = await this.api.post('/v2/meetings', { title });
        this.status = `Meeting ${m.title} created.`;
      } else {
        const m = await this.api.patch(`/v2/meetings/${id(this.dialog.meeting.id)}`, { title });
        this.status = `Meeting renamed to ${m.title}.`;
      }
      this.close();
      await this.load();
    } catch (err) {
      this.dialogError = fieldOfError(err.message, ['title']) ? err.message : `Could not save: ${err.message}`;
    }
  }

  async toggle(m) {
    const status = m.status === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE';
    try {
      await this.api.patch(`/v2/meetings/${id(m.id)}`, { status });
      this.status = `${m.title ?? 'Meeting'} is now ${status}.`;
      await this.load();
    } catch (e) { this.error = e.message; }
  }

  render() {
    const total = this.paging?.total_count ?? 0;
    const pages = Math.max(1, Math.ceil(total / PER_PAGE));
    return html`
      <div class="row"><h1>Meetings</h1><span class="spacer"></span>
        <button id="new-meeting" class="primary" type="button" @click=${() => this.open('create')}>New meeting</button></div>
      <div class="row" role="search">
        <label for="search" class="sr-only">Search meetings by title</label>
        <input id="search" type="search" placeholder="Search by title" @input=${this.onSearch} style="flex:1; min-width: 12rem">
      </div>
      <div role="status" class="status">${this.status}</div>
      ${this.error ? html`<div role="alert" class="error">${this.error}</div>` : ''}
      ${this.meetings === null ? html`<p>Loading\u2026</p>` : this.meetings.length === 0
        ? html`<p class="muted">${this.search ? `No meeting title contains \u201c${this.search}\u201d.` : 'No meetings yet. Create one to add participants.'}</p>`
        : html`
        <div class="table-wrap"><table>
          <thead><tr><th scope="col">Title</th><th scope="col">Status</th><th scope="col" class="hide-narrow">Created</th><th scope="col">Actions</th></tr></thead>
          <tbody>${this.meetings.map((m) => html`
            <tr data-meeting=${m.id}>
              <td><a href="#/meetings/${id(m.id)}">${m.title ?? '(untitled)'}</a></td>
              <td><span class="badge ${m.status === 'ACTIVE' ? 'on' : ''}">${m.status}</span></td>
              <td class="hide-narrow muted">${new Date(m.created_at).toLocaleString()}</td>
              <td><div class="row">
                <button type="button" class="rename" @click=${() => this.open('rename', m)} aria-label="Rename ${m.title ?? 'meeting'}">Rename</button>
                <button type="button" @click=${() => this.toggle(m)} aria-label="${m.status === 'ACTIVE' ? 'Deactivate' : 'Activate'} ${m.title ?? 'meeting'}">
                  ${m.status === 'ACTIVE' ? 'Set INACTIVE' : 'Set ACTIVE'}</button>
              </div></td>
            </tr>`)}</tbody>
        </table></div>
        <nav class="row" aria-label="Pages" style="margin-top:0.75rem">
          <button type="button" ?disabled=${this.page <= 1} @click=${() => this.go(-1)}>Previous page</button>
          <span>Page ${this.page} of ${pages} (${total} meeting${total === 1 ? '' : 's'})</span>
          <button type="button" ?disabled=${this.page >= pages} @click=${() => this.go(1)}>Next page</button>
        </nav>`}
      <dialog id="meeting-dialog" aria-labelledby="meeting-dialog-title" @close=${this.onDialogClose}>
        <form @submit=${this.submit} novalidate>
          <h2 id="meeting-dialog-title">${this.dialog?.kind === 'rename' ? 'Rename meeting' : 'New meeting'}</h2>
          <label for="meeting-title">Title</label>
          <input id="meeting-title" style="width:100%" aria-invalid=${this.dialogError ? 'true' : 'false'}
                 aria-describedby="meeting-title-error">
          <div id="meeting-title-error" class="field-error" role="alert">${this.dialogError}</div>
          <div class="row" style="margin-top:0.75rem"><button class="primary" type="submit">${this.dialog?.kind === 'rename' ? 'Rename' : 'Create'}</button>
            <button type="button" @click=${this.close}>Cancel</button></div>
        </form>
      </dialog>`;
  }
}
customElements.define('rtk-meetings-page', MeetingsPage);
