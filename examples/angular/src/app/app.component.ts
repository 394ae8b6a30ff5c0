import { Component, OnInit, effect, signal } from '@angular/core';
import RealtimeKitClient from '@openrtk/client';
import { RealtimeKitComponentsModule } from '@openrtk/angular';

/** Title of the room a meeting object is in (a breakout room or the main meeting). */
function roomTitle(m: RealtimeKitClient): string {
  const id = m.meta.meetingId;
  const cm = m.connectedMeetings;
  const room = cm.meetings.find((r) => r.id === id) ?? (cm.parentMeeting?.id === id ? cm.parentMeeting : null);
  return room?.title || m.meta.meetingTitle;
}

@Component({
  selector: 'app-root',
  imports: [RealtimeKitComponentsModule],
  template: `
    @if (meeting()) {
      <section aria-label="Current room" class="panel">
        <strong>Room: <span data-testid="room-title">{{ title() }}</span></strong>
        <span data-testid="room-count">{{ count() }} participant{{ count() === 1 ? '' : 's' }}</span>
      </section>
      <!-- [(meeting)]: the component follows room switches and writes the new meeting back. -->
      <rtk-meeting [(meeting)]="meeting" [showSetupScreen]="false"></rtk-meeting>
    } @else {
      <p class="status">{{ error() ?? 'Joining…' }}</p>
    }
  `,
  styles: [`
    .panel { display: flex; gap: 1.5em; align-items: baseline; padding: 0.5em 1em; background: #eef1f6; color: #15171c; }
    rtk-meeting { flex: 1; min-height: 0; }
    .status { padding: 2em; }
  `],
})
export class AppComponent implements OnInit {
  /** The current meeting object; <rtk-meeting [(meeting)]> writes each new room's object here. */
  readonly meeting = signal<RealtimeKitClient | undefined>(undefined);
  readonly title = signal('');
  readonly count = signal(0);
  readonly error = signal<string | null>(null);

  constructor() {
    // The panel reads the current meeting and re-reads it on its events.
    effect((onCleanup) => {
      const m = this.meeting();
      if (!m) return;
      const update = () => {
        this.title.set(roomTitle(m));
        this.count.set(m.participants.joined.size + (m.self.roomJoined ? 1 : 0));
      };
      const emitters = [m.self, m.meta, m.participants.joined, m.connectedMeetings] as unknown as {
        on(e: '*', f: () => void): void;
        off(e: '*', f: () => void): void;
      }[];
      for (const em of emitters) em.on('*', update);
      onCleanup(() => {
        for (const em of emitters) em.off('*', update);
      });
      update();
    });
  }

  async ngOnInit(): Promise<void> {
    const params = new URLSearchParams(location.search);
    const authToken = params.get('authToken');
    if (!authToken) {
      this.error.set('Open this page with ?authToken=<participant token> (see the README demo command).');
      return;
    }
    try {
      this.meeting.set(
        await RealtimeKitClient.init({
          authToken,
          defaults: { audio: params.get('audio') !== 'off', video: params.get('video') !== 'off' },
        }),
      );
    } catch (e) {
      const err = e as { code?: string; message?: string };
      this.error.set(`Could not start the meeting: ${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`);
    }
  }
}
