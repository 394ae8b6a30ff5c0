// @openrtk/ui: web components for OpenRTK meetings and breakout rooms.
import { RtkDialog } from './dialog.js';
import { RtkParticipantTile, RtkGrid, RtkSetupScreen } from './media.js';
import { RtkParticipants, RtkChat, RtkPolls } from './panels.js';
import {
  RtkBreakoutRoomsToggle, RtkBreakoutRoomsManager, RtkBreakoutRoomManager, RtkBreakoutRoomParticipants,
} from './breakout.js';
import {
  RtkBreakoutTimer, RtkBroadcastBanner, RtkHelpQueue, RtkAskForHelp, formatRemaining,
} from './breakout-notices.js';
import { RtkBreakoutPlans, LATE_JOIN_OPTIONS } from './breakout-plans.js';
import { RtkMeeting, RtkControlbar, RtkLeaveMeeting, RtkNotifications } from './meeting.js';
import { RtkErrorScreen, describeJoinError } from './screens.js';
import { RtkListenPanel, listenIndicator } from './listen.js';

export { MeetingStore, describeError } from './store.js';
export { RtkBreakoutTimer, RtkBroadcastBanner, RtkHelpQueue, RtkAskForHelp, formatRemaining };
export { RtkListenPanel, listenIndicator };
export { RtkBreakoutPlans, LATE_JOIN_OPTIONS };
export { BreakoutRoomsManager, participantsPerRoom, MAX_TITLE_LENGTH } from './breakout-manager.js';
export {
  RtkDialog, RtkParticipantTile, RtkGrid, RtkSetupScreen, RtkParticipants, RtkChat, RtkPolls,
  RtkBreakoutRoomsToggle, RtkBreakoutRoomsManager, RtkBreakoutRoomManager, RtkBreakoutRoomParticipants,
  RtkMeeting, RtkControlbar, RtkLeaveMeeting, RtkNotifications, RtkErrorScreen, describeJoinError,
};

/** Tag name → class, for wrappers (React/Angular factories) and for defineCustomElements(). */
export const elements = {
  'rtk-meeting': RtkMeeting,
  'rtk-setup-screen': RtkSetupScreen,
  'rtk-grid': RtkGrid,
  'rtk-participant-tile': RtkParticipantTile,
  'rtk-controlbar': RtkControlbar,
  'rtk-leave-meeting': RtkLeaveMeeting,
  'rtk-notifications': RtkNotifications,
  'rtk-participants': RtkParticipants,
  'rtk-chat': RtkChat,
  'rtk-polls': RtkPolls,
  'rtk-dialog': RtkDialog,
  'rtk-error-screen': RtkErrorScreen,
  'rtk-breakout-rooms-toggle': RtkBreakoutRoomsToggle,
  'rtk-breakout-rooms-manager': RtkBreakoutRoomsManager,
  'rtk-breakout-room-manager': RtkBreakoutRoomManager,
  'rtk-breakout-room-participants': RtkBreakoutRoomParticipants,
  'rtk-breakout-timer': RtkBreakoutTimer,
  'rtk-broadcast-banner': RtkBroadcastBanner,
  'rtk-help-queue': RtkHelpQueue,
  'rtk-ask-for-help': RtkAskForHelp,
  'rtk-listen-panel': RtkListenPanel,
  'rtk-breakout-plans': RtkBreakoutPlans,
};

/** Defines every element (idempotent). Called on import. */
export function defineCustomElements() {
  if (typeof customElements === 'undefined') return;
  for (const [tag, cls] of Object.entries(elements)) if (!customElements.get(tag)) customElements.define(tag, cls);
}

defineCustomElements();
