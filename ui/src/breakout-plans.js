// <rtk-breakout-plans>: saved pre-assignment plans ("Start plan": one click opens the plan's
// rooms and seats everyone it names) and the late-joiner policy select, for hosts. Used by the
// host's breakout dialog: mode="create" (plans and policy) before rooms open, mode="live"
// (policy only) while they run. The rules are the core's; this shows what the SDK reports.
import { html, css } from 'lit';
import { StoreElement, tokens } from './base.js';

export const LATE_JOIN_OPTIONS = [
  ['parent', 'Stay in the main room'],
  ['planned', 'Go to their planned room'],
  ['smallest', 'Join the smallest room'],
];

export class RtkBreakoutPlans extends StoreElement {
  static properties = {
    mode: { type: String }, // 'create' | 'live'
    _plans: { state: true },
  };
  static styles = [tokens, css`
    :host { display: block; }
    section { display: flex; flex-direction: column; gap: 0.4em; margin: 0.5em 0; }
    h3 { font-size: 0.95em; margin: 0; }
    ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.3em; }
    li { display: flex; align-items: center; justify-content: space-between; gap: 0.5em; padding: 0.4em 0.6em; background: var(--_bg); border-radius: var(--_radius); }
    .muted { color: var(--_muted); font-size: 0.85em; }
    label { display: flex; align-items: center; gap: 0.5em; flex-wrap: wrap; }
  `];

  constructor() {
    super();
    this.mode = 'create';
    this._plans = null; // null: not loaded (or not available: no list shown)
    this._loading = false;
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.mode !== 'live') queueMicrotask(() => this.refresh());
  }

  /** Loads the saved plans. Quietly: a meeting without plans (or a fake one) shows no list. */
  async refresh() {
    const cm = this.s?.cm;
    if (!cm || typeof cm.getBreakoutPlans !== 'function' || !this.s.can.alterConnectedMeetings || this._loading) return;
    this._loading = true;
    try {
      const r = await cm.getBreakoutPlans();
      this._plans = Array.isArray(r?.plans) ? r.plans : null;
    } catch {
      this._plans = null; // a list the host may not read is no error to show here
    } finally {
      this._loading = false;
    }
  }

  get _policy() { return this.s?.cm?.lateJoiners ?? 'parent'; }

  async _startPlan(plan) {
    const s = this.s;
    const r = await s._busy(() => s.run(`Could not start the plan ${plan.name}`, () => s.cm.startBreakoutPlan(plan.id)));
    if (r?.ok) this.dispatchEvent(new CustomEvent('planStarted', { detail: { planId: plan.id, ...r.value }, bubbles: true, composed: true }));
  }

  async _setPolicy(e) {
    const s = this.s;
    const want = e.target.value;
    const r = await s.run('Could not change where late joiners go', () => s.cm.setLateJoinPolicy(want));
    if (!r.ok) e.target.value = this._policy; // the server's value stays shown
    this.requestUpdate();
  }

  render() {
    const s = this.s;
    if (!s || !s.can.alterConnectedMeetings || typeof s.cm?.setLateJoinPolicy !== 'function') return html``;
    const policy = this._policy;
    const plans = this.mode === 'live' ? null : this._plans;
    const people = (p) => p.rooms.reduce((n, r) => n + r.customParticipantIds.length, 0);
    return html`
      ${plans && plans.length ? html`<section aria-label="Saved plans">
        <h3>Saved plans</h3>
        <ul>${plans.map((p) => html`<li>
          <span>${p.name} <span class="muted">${p.rooms.length} room${p.rooms.length === 1 ? '' : 's'}, ${people(p)} planned</span></span>
          <button class="primary" aria-label=${`Start plan ${p.name}`} ?disabled=${s.state.busy || s.breakoutActive}
            @click=${() => this._startPlan(p)}>Start plan</button></li>`)}</ul>
      </section>` : ''}
      <section>
        <label>Late joiners
          <select aria-label="Late joiners" .value=${policy} @change=${(e) => this._setPolicy(e)}>
            ${LATE_JOIN_OPTIONS.map(([v, text]) => html`<option value=${v} ?selected=${v === policy}>${text}</option>`)}
          </select></label>
        <span class="muted">Where someone who joins while breakout rooms are open goes.</span>
      </section>`;
  }
}
