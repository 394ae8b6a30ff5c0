// @openrtk/react-ui: React components for the custom elements of @openrtk/ui (RealtimeKit's
// @cloudflare/realtimekit-react-ui names, reference D.2). Every component is made by the one
// generic factory in create-component.ts from the element list that @openrtk/ui exports;
// nothing is written by hand per element except its prop types below.
//
// Importing this module defines the custom elements (importing @openrtk/ui does).
import type RealtimeKitClient from '@openrtk/client';
// @ts-ignore -- @openrtk/ui ships no typings yet; only its `elements` list is read here.
import * as ui from '@openrtk/ui';
import { createComponent, componentName } from './create-component.js';
import type { WrapperComponent } from './create-component.js';

export { createComponent, componentName, eventName } from './create-component.js';
export type { BaseProps, WrapperComponent } from './create-component.js';

/** Tag name -> element class, as exported by @openrtk/ui. */
export const elements: Record<string, CustomElementConstructor> =
  (ui as { elements?: Record<string, CustomElementConstructor> }).elements ?? {};

// ---- prop types (element properties and on<Event> props) -------------------------------

/** Props of the components that read the meeting (directly or through a parent's store). */
export interface MeetingProps {
  /** The SDK's meeting object. <rtk-meeting> follows room switches by itself. */
  meeting?: RealtimeKitClient | null;
  /** A shared UI store (set by a parent <rtk-meeting>; rarely set by apps). */
  store?: unknown;
}

export interface RtkMeetingProps extends MeetingProps {
  showSetupScreen?: boolean;
  mode?: 'fill' | 'fixed';
  theme?: 'light' | 'dark';
  /** When set: a full-size, readable error screen instead of the meeting. */
  error?: RtkJoinError | null;
  /** After each room switch; `detail` is the new meeting object (already joined). */
  onRtkMeetingChanged?: (e: CustomEvent<RealtimeKitClient>) => void;
  /** "Try again" on the error screen. */
  onRtkRetry?: (e: CustomEvent<void>) => void;
  /** "Use the meeting here" after another tab took over (cancelable; not cancelled: reload). */
  onRtkRejoin?: (e: CustomEvent<void>) => void;
}
/** What RealtimeKitClient.init() rejected with, or {reason: 'token_missing'}. */
export interface RtkJoinError {
  code?: string;
  reason?: string;
  message?: string;
}
export interface RtkErrorScreenProps {
  error?: RtkJoinError | null;
  /** "Try again" pressed (shown when retrying can help, e.g. the server was unreachable). */
  onRtkRetry?: (e: CustomEvent<void>) => void;
}
export interface RtkBreakoutRoomsToggleProps extends MeetingProps {
  variant?: 'button' | 'horizontal';
}
export interface BreakoutRoomParticipant {
  id: string;
  name: string;
}
export interface BreakoutRoom {
  id: string;
  title: string;
  participants: BreakoutRoomParticipant[];
  isParent?: boolean;
}
export interface RtkBreakoutRoomManagerProps {
  room?: BreakoutRoom;
  mode?: 'create' | 'edit';
  selectedParticipantIds?: string[];
  assigningParticipants?: boolean;
  allowDelete?: boolean;
  canJoin?: boolean;
  current?: boolean;
  /** Delete pressed; detail: the room id. */
  onDelete?: (e: CustomEvent<string>) => void;
  /** Rename saved; detail: {id, title}. */
  onUpdate?: (e: CustomEvent<{ id: string; title: string }>) => void;
  /** Unassign pressed on a participant; detail: {id}. */
  onParticipantDelete?: (e: CustomEvent<{ id: string }>) => void;
  /** Assign / Move here pressed; detail: the room id. */
  onParticipantsAdd?: (e: CustomEvent<string>) => void;
  /** Join pressed; detail: the room id. */
  onRoomJoin?: (e: CustomEvent<string>) => void;
  /** A participant in the room was (de)selected; detail: the participant id. */
  onParticipantToggle?: (e: CustomEvent<string>) => void;
}
export interface RtkBreakoutRoomParticipantsProps {
  participants?: BreakoutRoomParticipant[];
  selectedParticipantIds?: string[];
  label?: string;
  /** Detail: the new selection. */
  onSelectedParticipantsUpdate?: (e: CustomEvent<string[]>) => void;
  /** Select all / clear pressed; detail: every id in the list. */
  onAllParticipantsToggleUpdate?: (e: CustomEvent<string[]>) => void;
}
export interface RtkDialogProps {
  label?: string;
  open?: boolean;
  closable?: boolean;
  wide?: boolean;
  onClose?: (e: CustomEvent<void>) => void;
}
export interface RtkBreakoutPlansProps extends MeetingProps {
  mode?: 'create' | 'live';
  onPlanStarted?: (e: CustomEvent<{ planId: string; meetings: { id: string; title: string }[]; version: number }>) => void;
}
export interface RtkParticipantTileProps {
  participant?: unknown;
  isSelf?: boolean;
  rev?: number;
}

/** Props type of each element, by tag name. */
export interface RtkElementProps {
  'rtk-meeting': RtkMeetingProps;
  'rtk-setup-screen': MeetingProps;
  'rtk-grid': MeetingProps;
  'rtk-participant-tile': RtkParticipantTileProps;
  'rtk-controlbar': MeetingProps;
  'rtk-leave-meeting': MeetingProps;
  'rtk-notifications': MeetingProps;
  'rtk-participants': MeetingProps;
  'rtk-chat': MeetingProps;
  'rtk-polls': MeetingProps;
  'rtk-dialog': RtkDialogProps;
  'rtk-error-screen': RtkErrorScreenProps;
  'rtk-breakout-rooms-toggle': RtkBreakoutRoomsToggleProps;
  'rtk-breakout-rooms-manager': MeetingProps;
  'rtk-breakout-room-manager': RtkBreakoutRoomManagerProps;
  'rtk-breakout-room-participants': RtkBreakoutRoomParticipantsProps;
  'rtk-breakout-timer': MeetingProps;
  'rtk-broadcast-banner': MeetingProps;
  'rtk-help-queue': MeetingProps;
  'rtk-ask-for-help': MeetingProps;
  'rtk-listen-panel': MeetingProps;
  'rtk-breakout-plans': RtkBreakoutPlansProps;
}
export type RtkTagName = keyof RtkElementProps;

type Components = { [T in RtkTagName]: WrapperComponent<RtkElementProps[T], HTMLElement> };

/** Every wrapper, by tag name: one factory call per element of @openrtk/ui's list. */
export const components = Object.fromEntries(
  Object.entries(elements).map(([tag, cls]) => [tag, createComponent(tag, cls, componentName(tag))]),
) as Components & Record<string, WrapperComponent<Record<string, unknown>, HTMLElement>>;

export const RtkMeeting = components['rtk-meeting'];
export const RtkSetupScreen = components['rtk-setup-screen'];
export const RtkGrid = components['rtk-grid'];
export const RtkParticipantTile = components['rtk-participant-tile'];
export const RtkControlbar = components['rtk-controlbar'];
export const RtkLeaveMeeting = components['rtk-leave-meeting'];
export const RtkNotifications = components['rtk-notifications'];
export const RtkParticipants = components['rtk-participants'];
export const RtkChat = components['rtk-chat'];
export const RtkPolls = components['rtk-polls'];
export const RtkDialog = components['rtk-dialog'];
export const RtkErrorScreen = components['rtk-error-screen'];
export const RtkBreakoutRoomsToggle = components['rtk-breakout-rooms-toggle'];
export const RtkBreakoutRoomsManager = components['rtk-breakout-rooms-manager'];
export const RtkBreakoutRoomManager = components['rtk-breakout-room-manager'];
export const RtkBreakoutRoomParticipants = components['rtk-breakout-room-participants'];
export const RtkBreakoutTimer = components['rtk-breakout-timer'];
export const RtkBroadcastBanner = components['rtk-broadcast-banner'];
export const RtkHelpQueue = components['rtk-help-queue'];
export const RtkAskForHelp = components['rtk-ask-for-help'];
export const RtkListenPanel = components['rtk-listen-panel'];
export const RtkBreakoutPlans = components['rtk-breakout-plans'];
