import { svg, html } from 'lit';

// Inline stroke icons (no icon font, no network). Decorative: aria-hidden, the button carries the name.
const paths = {
  mic: svg`<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>`,
  micOff: svg`<path d="M3 3l18 18M9 9v2a3 3 0 0 0 5 2.2M15 10V6a3 3 0 0 0-5.7-1.3M5 11a7 7 0 0 0 11.5 5.4M19 11a7 7 0 0 1-.6 2.8M12 18v3"/>`,
  cam: svg`<rect x="3" y="6" width="13" height="12" rx="2"/><path d="M16 10l5-3v10l-5-3z"/>`,
  camOff: svg`<path d="M3 3l18 18M16 16v1a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h2M10 6h5a1 1 0 0 1 1 1v3l5-3v10"/>`,
  people: svg`<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0M16 4.5a3.5 3.5 0 0 1 0 7M18 14a6 6 0 0 1 3.5 6"/>`,
  chat: svg`<path d="M4 5h16v11H8l-4 4z"/>`,
  poll: svg`<path d="M5 20V10M12 20V4M19 20v-7"/>`,
  rooms: svg`<rect x="3" y="3" width="7.5" height="7.5" rx="1.5"/><rect x="13.5" y="3" width="7.5" height="7.5" rx="1.5"/><rect x="3" y="13.5" width="7.5" height="7.5" rx="1.5"/><rect x="13.5" y="13.5" width="7.5" height="7.5" rx="1.5"/>`,
  leave: svg`<path d="M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10"/>`,
  pencil: svg`<path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4"/>`,
  trash: svg`<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13"/>`,
  shuffle: svg`<path d="M3 7h4l10 10h4M3 17h4l3-3M14 10l3-3h4M18 4l3 3-3 3M18 14l3 3-3 3"/>`,
  close: svg`<path d="M6 6l12 12M18 6L6 18"/>`,
  plus: svg`<path d="M12 5v14M5 12h14"/>`,
  back: svg`<path d="M10 6l-6 6 6 6M4 12h16"/>`,
  check: svg`<path d="M5 12l5 5 9-10"/>`,
  record: svg`<circle cx="12" cy="12" r="8"/><circle cx="12" cy="12" r="3.5"/>`,
  next: svg`<path d="M14 6l6 6-6 6M20 12H4"/>`,
};

export const icon = (name) => html`<svg class="i" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${paths[name]}</svg>`;
