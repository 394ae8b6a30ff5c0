// Host listen-in in the UI kit (issue 12): <rtk-listen-panel>, which a host opens from the live
// Breakout Rooms dialog ("Listen" on a room card), shows and plays the listened room's video
// (its audio plays through the SDK like every remote participant's) with "Stop listening"; and
// the indicator the participants of a listened room see ("Hana Host is listening"). Every rule
// (who may listen, where, SFU only) is the server's; a refusal shows as the store's error.
import { css, html } from 'lit';
import { StoreElement, tokens } from './base.js';

export const listenStyles = css`
  .listening { display: inline-flex; align-items: center; gap: 0.4em; font-size: 0.8em; font-weight: 600; white-space: nowrap;
    color: var(--_brand); border: 1px solid var(--_brand); border-radius: 1em; padding: 0.15em 0.7em; }
`;

/** The indicator for the participants of a listened room (the listeners of the current meeting but oneself). */
export function listenIndicator(s) {
  const mine = (s.listeners[s.meetingId] ?? []).filter((l) => l.participantId !== s.self?.userId);
  if (!mine.length) return '';
  const names = mine.map((l) => l.displayName || 'A host').join(', ');
  const text = `${names} ${mine.length === 1 ? 'is' : 'are'} listening`;
  return html`<span class="listening" role="status" aria-label=${text} data-listeners=${mine.length}>${text}</span>`;
}

/**
 * <rtk-listen-panel>: while this host listens in (connectedMeetings.listening), the listened
 * room's participants with their video, and "Stop listening". Empty otherwise.
 */
export class RtkListenPanel extends StoreElement {
  static styles = [tokens, css`
    :host { display: block; }
    section { border: 1px solid var(--_brand); border-radius: var(--_radius); padding: 0.6em; margin: 0.4em 0.8em;
      background: var(--_surface-2); }
    header { display: flex; align-items: center; gap: 0.5em; margin-bottom: 0.4em; }
    h3 { margin: 0; font-size: 1em; flex: 1; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(10em, 1fr)); gap: 0.4em; }
    figure { margin: 0; position: relative; background: #000; border-radius: var(--_radius); overflow: hidden; aspect-ratio: 16 / 9; }
    video { width: 100%; height: 100%; object-fit: cover; display: block; }
    figcaption { position: absolute; left: 0.3em; bottom: 0.3em; font-size: 0.8em; color: #fff; background: rgb(0 0 0 / 55%);
      padding: 0 0.4em; border-radius: 0.3em; }
    .empty { color: var(--_muted); font-size: 0.85em; }
  `];
  render() {
    const s = this.s;
    const id = s?.listening;
    if (!id) return html``;
    const room = s.rooms.find((m) => m.id === id) ?? (s.parentMeeting?.id === id ? s.parentMeeting : null);
    const title = room?.title || (room === s.parentMeeting ? 'Main room' : 'a room');
    const people = s.listenedParticipants();
    return html`<section role="region" aria-label=${`Listening to ${title}`}>
      <header><h3>Listening to ${title}</h3>
        <button class="danger" ?disabled=${s.state.busy} @click=${() => s.stopListening()}>Stop listening</button></header>
      ${people.length ? html`<div class="tiles">${people.map((p) => html`<figure data-participant=${p.id}>
          <video autoplay playsinline muted .srcObject=${p.videoTrack ? new MediaStream([p.videoTrack]) : null}
            aria-label=${`Video of ${p.name}`}></video><figcaption>${p.name}</figcaption></figure>`)}</div>`
        : html`<p class="empty">Nobody is in ${title}.</p>`}
    </section>`;
  }
}
