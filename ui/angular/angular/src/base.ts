// The one generic piece behind every Angular component of @openrtk/angular. The components in
// components.ts are generated from @openrtk/ui's element list (scripts/generate.mjs); each
// only declares its selector, inputs and outputs and hands them to this base class.
//
// - Inputs are set as element PROPERTIES outside the Angular zone: the element's render and
//   the SDK listeners it attaches then never trigger change detection of the app.
// - Outputs come from the element's custom events, re-entered into the zone so handlers in
//   the app update its view.
// - Components with a `meeting` input follow room switches: on `meetingChanged` they hand the
//   new meeting object to the element and emit `meetingChange`, so `[(meeting)]="meeting"`
//   keeps the app's own field on the current room without any code in the app.
import { Directive, ElementRef, EventEmitter, NgZone, inject } from '@angular/core';
import type { OnDestroy } from '@angular/core';
import type RealtimeKitClient from '@openrtk/client';
import { followMeeting } from './follow.js';

@Directive()
export abstract class RtkElementBase implements OnDestroy {
  protected readonly el: HTMLElement = inject(ElementRef).nativeElement as HTMLElement;
  protected readonly zone: NgZone = inject(NgZone);
  /** Emits the new meeting object after each room switch (for `[(meeting)]`). */
  readonly meetingChange = new EventEmitter<RealtimeKitClient>();
  private readonly offs: (() => void)[] = [];
  private unfollow: (() => void) | null = null;
  private followed: unknown = undefined;

  /** Wires `outputs` (event name -> emitter) to the element's DOM events. */
  protected wireOutputs(outputs: Record<string, EventEmitter<unknown>>): void {
    this.zone.runOutsideAngular(() => {
      for (const [event, emitter] of Object.entries(outputs)) {
        const handler = (e: Event) => this.zone.run(() => emitter.emit(e));
        this.el.addEventListener(event, handler);
        this.offs.push(() => this.el.removeEventListener(event, handler));
      }
    });
  }

  /** Reads an element property. */
  protected getProp(name: string): any {
    return (this.el as unknown as Record<string, unknown>)[name];
  }

  /** Sets an element property outside the zone; `meeting` also starts following switches. */
  protected setProp(name: string, value: unknown): void {
    this.zone.runOutsideAngular(() => {
      (this.el as unknown as Record<string, unknown>)[name] = value;
      if (name === 'meeting') this.follow(value as RealtimeKitClient | null | undefined);
    });
  }

  private follow(meeting: RealtimeKitClient | null | undefined): void {
    if (meeting === this.followed) return;
    this.unfollow?.();
    this.unfollow = null;
    this.followed = meeting;
    if (!meeting || typeof (meeting as { connectedMeetings?: unknown }).connectedMeetings !== 'object') return;
    this.unfollow = followMeeting(meeting, (next) => {
      this.followed = next;
      const el = this.el as unknown as Record<string, unknown>;
      if (el['meeting'] !== next) el['meeting'] = next;
      this.zone.run(() => this.meetingChange.emit(next));
    });
  }

  ngOnDestroy(): void {
    for (const off of this.offs.splice(0)) off();
    this.unfollow?.();
    this.unfollow = null;
  }
}
