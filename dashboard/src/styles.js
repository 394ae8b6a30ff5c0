// Shared styles. Colours are custom properties on :host of the shell, set from the theme
// (light, dark, or the system's), and inherit into every page's shadow root.
import { css } from 'lit';

export const theme = css`
  :host {
    --bg: #f6f7f9; --surface: #ffffff; --text: #14171c; --muted: #5a6270; --border: #d5d9e0;
    --accent: #1f5fd1; --accent-text: #ffffff; --danger: #b3261e; --ok: #1b7a3a; --focus: #1f5fd1;
    --warn-bg: #fff4d6;
  }
  :host([theme='dark']) {
    --bg: #111418; --surface: #1b1f25; --text: #e8ebf0; --muted: #a4adbb; --border: #343b46;
    --accent: #7aa7ff; --accent-text: #0b1020; --danger: #ff8a80; --ok: #6fdc8c; --focus: #9dbfff;
    --warn-bg: #3a3117;
  }
`;

export const base = css`
  :host { display: block; color: var(--text); }
  * { box-sizing: border-box; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  h2 { font-size: 1.1rem; margin: 1.25rem 0 0.5rem; }
  p { margin: 0.4rem 0; }
  a { color: var(--accent); }
  .muted { color: var(--muted); }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  .spacer { flex: 1; }
  button, .button {
    font: inherit; border-radius: 6px; border: 1px solid var(--border); background: var(--surface);
    color: var(--text); padding: 0.45rem 0.8rem; cursor: pointer; text-decoration: none; min-height: 2.25rem;
    display: inline-flex; align-items: center; gap: 0.3rem;
  }
  button.primary, .button.primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
  button.danger { color: var(--danger); border-color: var(--danger); }
  button:disabled { opacity: 0.55; cursor: not-allowed; }
  button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--focus); outline-offset: 2px;
  }
  input, select, textarea {
    font: inherit; color: var(--text); background: var(--surface); border: 1px solid var(--border);
    border-radius: 6px; padding: 0.45rem 0.6rem; min-height: 2.25rem; max-width: 100%;
  }
  textarea { width: 100%; min-height: 8rem; font-family: ui-monospace, monospace; }
  label { display: block; font-weight: 600; margin: 0.6rem 0 0.25rem; }
  .field-error { color: var(--danger); margin: 0.25rem 0; font-size: 0.92rem; }
  [aria-invalid='true'] { border-color: var(--danger); }
  .error { color: var(--danger); background: transparent; border: 1px solid var(--danger); border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
  .notice { border: 1px solid var(--border); background: var(--warn-bg); border-radius: 6px; padding: 0.75rem; margin: 0.5rem 0; }
  .status { color: var(--ok); min-height: 1.2em; }
  .card { background: var(--surface); border: 1px solid var(--border); border-radius: 8px; padding: 1rem; margin: 0 0 1rem; }
  table { width: 100%; border-collapse: collapse; background: var(--surface); }
  th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
  th { font-weight: 600; color: var(--muted); font-size: 0.9rem; }
  .table-wrap { overflow-x: auto; border: 1px solid var(--border); border-radius: 8px; }
  .badge { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 999px; border: 1px solid var(--border); font-size: 0.85rem; }
  .badge.on { color: var(--ok); border-color: var(--ok); }
  dialog { color: var(--text); background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 1.25rem; width: min(32rem, 94vw); }
  dialog::backdrop { background: rgb(0 0 0 / 0.45); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  @media (max-width: 600px) {
    .hide-narrow { display: none; }
    .link .row input { flex-basis: 100% !important; }  /* the link on its own line, Copy and Open under it */
    th, td { padding: 0.4rem 0.3rem; }
  }
`;
