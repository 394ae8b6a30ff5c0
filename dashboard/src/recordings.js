// Recordings of a meeting. Recording needs the SFU mode (Janus, docs: ARCHITECTURE "Media");
// this server may have no recordings route yet. The page asks GET /v2/recordings?meeting_id=
// (RealtimeKit's shape) and shows the list when the server has one, or says honestly that
// recording is not available.
import { LitElement, html } from 'lit';
import { base } from './styles.js';
import { formatBytes, formatDuration } from './lib.js';

class Recordings extends LitElement {
  static properties = { api: { attribute: false }, meetingId: { attribute: false }, items: { state: true },
    unavailable: { state: true }, error: { state: true } };
  static styles = [base];

  constructor() { super(); this.items = null; this.unavailable = false; this.error = ''; }
  willUpdate(changed) { if (changed.has('meetingId')) this.load(); }

  async load() {
    try {
      const path = `/v2/recordings?meeting_id=${encodeURIComponent(this.meetingId)}`;
      // A server in mesh mode says so next to the list (recording: {available: false}).
      const first = await this.api.request('GET', `${path}&per_page=1`);
      this.items = await this.api.all(path);
      this.unavailable = first.recording?.available === false && this.items.length === 0;
    } catch (e) {
      // No such route on this server (404 not_found "no route ..."): recording is not there yet.
      if (e.status === 404 && /^no route/.test(e.message)) this.unavailable = true;
      else this.error = e.message;
    }
  }

  render() {
    if (this.error) return html`<h2>Recordings</h2><div role="alert" class="error">${this.error}</div>`;
    if (this.unavailable) {
      return html`<h2>Recordings</h2>
        <div class="notice" data-empty="unavailable">
          <p><strong>Recording needs the SFU mode.</strong></p>
          <p>Each breakout room is recorded like any meeting when rtk-server runs in the SFU mode
            (<code>--media sfu</code>, Janus), where media passes through the server; this server runs in mesh
            mode, where media goes directly between participants. It has no recordings.</p>
        </div>`;
    }
    if (this.items === null) return html`<h2>Recordings</h2><p>Loading\u2026</p>`;
    if (this.items.length === 0) return html`<h2>Recordings</h2><p class="muted" data-empty="none">No recordings of this meeting yet.</p>`;
    return html`<h2>Recordings</h2>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Size</th><th scope="col">Download</th></tr></thead>
        <tbody>${this.items.map((r) => html`<tr>
          <td>${r.started_time ? new Date(r.started_time).toLocaleString() : '\u2014'}</td>
          <td>${r.status}</td>
          <td>${formatDuration(r.recording_duration ?? r.duration)}</td>
          <td>${formatBytes(r.file_size ?? r.size)}</td>
          <td>${r.download_url ? html`<a href=${r.download_url} download aria-label="Download recording ${r.output_file_name ?? r.id}">Download</a>` : '\u2014'}</td>
        </tr>`)}</tbody>
      </table></div>`;
  }
}
customElements.define('rtk-recordings', Recordings);
