// <rtk-dashboard>: sign-in, header with navigation and theme, and the page of the hash route.
import { LitElement, html, css } from 'lit';
import { Api } from './api.js';
import { parseRoute } from './lib.js';
import { theme, base } from './styles.js';
import './presets.js';
import './meetings.js';
import './meeting.js';

const THEME_KEY = 'openrtk.dashboard.theme';

class RtkDashboard extends LitElement {
  static properties = {
    theme: { type: String, reflect: true },
    route: { state: true },
    signedIn: { state: true },
    signInError: { state: true },
    busy: { state: true },
  };

  static styles = [theme, base, css`
    :host { min-height: 100vh; background: var(--bg); }
    header { background: var(--surface); border-bottom: 1px solid var(--border); padding: 0.5rem 1rem; }
    header .brand { font-weight: 700; margin-right: 1rem; }
    nav a { padding: 0.4rem 0.6rem; border-radius: 6px; text-decoration: none; color: var(--text); }
    nav a[aria-current='page'] { background: var(--accent); color: var(--accent-text); }
    main:focus { outline: none; }
    main { padding: 1rem; max-width: 72rem; margin: 0 auto; }
    .signin { max-width: 26rem; margin: 3rem auto; }
    .signin input { width: 100%; }
  `];

  constructor() {
    super();
    this.api = new Api();
    this.api.onUnauthenticated = () => this.signOut('Your API key is no longer accepted. Sign in again.');
    this.theme = localStorage.getItem(THEME_KEY) || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    this.route = parseRoute(location.hash);
    this.signedIn = this.api.signedIn;
    this.signInError = '';
    this.onHash = () => {
      this.route = parseRoute(location.hash);
      this.updateComplete.then(() => this.renderRoot.querySelector('main')?.focus({ preventScroll: true }));
    };
  }

  connectedCallback() { super.connectedCallback(); addEventListener('hashchange', this.onHash); }
  disconnectedCallback() { removeEventListener('hashchange', this.onHash); super.disconnectedCallback(); }

  updated() {
    document.documentElement.style.background = getComputedStyle(this).getPropertyValue('--bg');
    document.documentElement.style.colorScheme = this.theme;
    const titles = { presets: 'Presets', 'preset-edit': 'Preset', meetings: 'Meetings', meeting: 'Meeting' };
    document.title = `${this.signedIn ? titles[this.route.page] : 'Sign in'} \u2013 OpenRTK dashboard`;
  }

  toggleTheme() {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(THEME_KEY, this.theme);
  }

  async signIn(e) {
    e.preventDefault();
    const input = this.renderRoot.querySelector('#api-key');
    this.busy = true;
    this.signInError = '';
    try {
      await this.api.signIn(input.value);
      input.value = '';
      this.signedIn = true;
    } catch (err) {
      this.signInError = err.message;
      await this.updateComplete;
      input.focus();
    } finally {
      this.busy = false;
    }
  }

  signOut(message = '') {
    this.api.signOut();
    this.signedIn = false;
    this.signInError = message;
  }

  renderSignIn() {
    return html`
      <main>
        <form class="card signin" @submit=${this.signIn} aria-labelledby="signin-title">
          <h1 id="signin-title">OpenRTK dashboard</h1>
          <p class="muted">Sign in with the server's API key. It is kept in this tab only and sent to this server alone.</p>
          <label for="api-key">API key</label>
          <input id="api-key" name="api-key" type="password" autocomplete="current-password" required
                 aria-invalid=${this.signInError ? 'true' : 'false'} aria-describedby="signin-error">
          <div id="signin-error" class="field-error" role="alert">${this.signInError}</div>
          <div class="row" style="margin-top:0.75rem">
            <button class="primary" type="submit" ?disabled=${this.busy}>Sign in</button>
            <span class="spacer"></span>
            <button type="button" @click=${this.toggleTheme} aria-pressed=${this.theme === 'dark'}>Dark theme</button>
          </div>
        </form>
      </main>`;
  }

  renderPage() {
    const r = this.route;
    switch (r.page) {
      case 'preset-edit': return html`<rtk-preset-editor .api=${this.api} .presetId=${r.id}></rtk-preset-editor>`;
      case 'meetings': return html`<rtk-meetings-page .api=${this.api}></rtk-meetings-page>`;
      case 'meeting': return html`<rtk-meeting-page .api=${this.api} .meetingId=${r.id} .tab=${r.tab}></rtk-meeting-page>`;
      default: return html`<rtk-presets-page .api=${this.api}></rtk-presets-page>`;
    }
  }

  render() {
    if (!this.signedIn) return this.renderSignIn();
    const section = this.route.page.startsWith('preset') ? 'presets' : 'meetings';
    return html`
      <header class="row">
        <span class="brand">OpenRTK</span>
        <nav aria-label="Main" class="row">
          <a href="#/presets" aria-current=${section === 'presets' ? 'page' : 'false'}>Presets</a>
          <a href="#/meetings" aria-current=${section === 'meetings' ? 'page' : 'false'}>Meetings</a>
        </nav>
        <span class="spacer"></span>
        <button type="button" @click=${this.toggleTheme} aria-pressed=${this.theme === 'dark'}>Dark theme</button>
        <button type="button" @click=${() => this.signOut()}>Sign out</button>
      </header>
      <main tabindex="-1">${this.renderPage()}</main>`;
  }
}
customElements.define('rtk-dashboard', RtkDashboard);
