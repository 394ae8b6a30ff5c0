// Type test (tests/e2e/examples/types.test.mjs): a small Angular app against @openrtk/angular,
// compiled with `tsc --noEmit` (TypeScript API) and with `ngc` (strictTemplates: the template
// bindings below are type-checked against the generated components' inputs and outputs).
// Each @ts-expect-error line must be an error, or the compile fails.
import { AfterViewInit, Component, NgModule, ViewChild, signal } from '@angular/core';
import { BrowserModule } from '@angular/platform-browser';
import RealtimeKitClient from '@openrtk/client';
import {
  RealtimeKitComponentsModule,
  RtkBreakoutRoomManager,
  RtkBreakoutRoomsToggle,
  RtkMeeting,
  RTK_COMPONENTS,
  type BreakoutRoom,
} from '@openrtk/angular';

// Standalone, importing single components.
@Component({
  selector: 'app-standalone',
  imports: [RtkMeeting, RtkBreakoutRoomsToggle, RtkBreakoutRoomManager],
  template: `
    <rtk-meeting #m [(meeting)]="meeting" [showSetupScreen]="true" mode="fill"
      (rtkMeetingChanged)="onChanged($event.detail)"></rtk-meeting>
    <rtk-meeting [(meeting)]="current"></rtk-meeting>
    <rtk-breakout-rooms-toggle [meeting]="meeting" variant="button"></rtk-breakout-rooms-toggle>
    <rtk-breakout-room-manager [room]="room" mode="edit" (update)="rename($event.detail.id, $event.detail.title)"
      (roomJoin)="join($event.detail)"></rtk-breakout-room-manager>
  `,
})
export class StandaloneApp implements AfterViewInit {
  @ViewChild('m') meetingComponent!: RtkMeeting;
  meeting: RealtimeKitClient | undefined;
  readonly current = signal<RealtimeKitClient | undefined>(undefined); // two-way binding to a signal
  room: BreakoutRoom = { id: 'r1', title: 'Room 1', participants: [{ id: 'p', name: 'Ada' }] };
  async ngAfterViewInit() {
    const meeting = await RealtimeKitClient.init({ authToken: 'token' });
    this.meetingComponent.meeting = meeting; // RealtimeKit's documented ViewChild usage
    this.meetingComponent.meetingChange.subscribe((m: RealtimeKitClient) => m.meta.meetingId);
    // @ts-expect-error showSetupScreen is a boolean
    this.meetingComponent.showSetupScreen = 'yes';
    // @ts-expect-error mode is 'fill' | 'fixed'
    this.meetingComponent.mode = 'full';
  }
  onChanged(m: RealtimeKitClient) { this.meeting = m; }
  rename(id: string, title: string) { return `${id}:${title}`; }
  join(id: string) { return id; }
}

// NgModule style, as in RealtimeKit's Angular README.
@Component({
  selector: 'app-root',
  standalone: false,
  template: `<rtk-meeting [meeting]="meeting"></rtk-meeting>`,
})
export class ModuleApp {
  meeting: RealtimeKitClient | null = null;
}
@NgModule({
  declarations: [ModuleApp],
  imports: [BrowserModule, RealtimeKitComponentsModule],
  bootstrap: [ModuleApp],
})
export class AppModule {}

export const all: readonly unknown[] = RTK_COMPONENTS;
