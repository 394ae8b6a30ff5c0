// @openrtk/angular: Angular components for OpenRTK's UI kit (RealtimeKit's
// @cloudflare/realtimekit-angular-ui names, reference D.4). Importing this package defines the
// custom elements (it imports @openrtk/ui).
// @ts-ignore -- @openrtk/ui ships no typings yet; imported for its side effect only.
import '@openrtk/ui';

export { RtkElementBase } from './base.js';
export { followMeeting } from './follow.js';
export { RealtimeKitComponentsModule } from './module.js';
export * from './components.js';
export type { BreakoutRoom, BreakoutRoomParticipant } from './types.js';
