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
      <!-- The room's title is in <rtk-meeting>'s header: the panel carries it as data only. -->
      <section aria-label="Current room" class="panel" data-testid="room-panel" [attr.data-room-title]="title()">
        <span data-testid="room-count">{{ count() }} participant{{ count() === 1 ? '' : 's' }}</span>
      </section>
      <!-- [(meeting)]: the component follows room switches and writes the new meeting back.
           The setup screen (camera preview, name, devices) is on, as in RealtimeKit's
           examples; ?setup=off joins at once. -->
      <rtk-meeting [(meeting)]="meeting" [showSetupScreen]="setupScreen"></rtk-meeting>
    } @else if (error()) {
      <!-- readable: expired link, not a meeting link, server unreachable (with Try again) -->
      <rtk-error-screen [error]="error()" (rtkRetry)="start()"></rtk-error-screen>
    } @else {
      <p class="status" role="status">Connecting to the meeting…</p>
    }
  `,
  styles: [`
    .panel { display: flex; gap: 1.5em; align-items: baseline; padding: 0.5em 1em; background: #eef1f6; color: #15171c; }
    rtk-meeting { flex: 1; min-height: 0; }
    rtk-error-screen { position: fixed; inset: 0; }
    .status { padding: 2em; }
  `],
})
export class AppComponent implements OnInit {
  /** The current meeting object; <rtk-meeting [(meeting)]> writes each new room's object here. */
  readonly meeting = signal<RealtimeKitClient | undefined>(undefined);
  readonly title = signal('');
  readonly count = signal(0);
  readonly error = signal<{ code?: string; reason?: string; message?: string } | null>(null);
  readonly setupScreen = new URLSearchParams(location.search).get('setup') !== 'off';

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

  ngOnInit(): void {
    void this.start();
  }

  async start(): Promise<void> {
    const params = new URLSearchParams(location.search);
    const authToken = params.get('authToken');
    if (!authToken) {
      this.error.set({ reason: 'token_missing' });
      return;
    }
    this.error.set(null);
    try {
      this.meeting.set(
        await RealtimeKitClient.init({
          authToken,
          defaults: { audio: params.get('audio') !== 'off', video: params.get('video') !== 'off' },
        }),
      );
    } catch (e) {
      this.error.set(e as { code?: string; reason?: string; message?: string });
    }
  }
}
