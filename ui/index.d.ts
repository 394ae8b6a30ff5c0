// Type declarations for @openrtk/ui (hand-written).
import { LitElement } from 'lit';

/** The RealtimeKit-shaped meeting object from @openrtk/client (only what the UI kit reads). */
export interface RtkMeetingLike {
  self: any;
  participants: { joined: Map<string, any> & { on(ev: string, fn: (...a: any[]) => void): unknown } };
  meta: { meetingId?: string; meetingTitle?: string; socketState?: { state: string } };
  chat: { messages: any[]; sendTextMessage(text: string): Promise<unknown> };
  polls: { items: any[]; create(q: string, options: string[]): Promise<unknown>; vote(id: string, index: number): Promise<unknown> };
  connectedMeetings: {
    meetings: ConnectedMeeting[];
    parentMeeting: ConnectedMeeting | null;
    readonly isActive: boolean;
    createMeetings(req: { title: string }[]): Promise<{ id: string; title: string }[]>;
    updateMeetings(req: { id: string; title: string }[]): Promise<unknown>;
    deleteMeetings(ids: string[]): Promise<unknown>;
    moveParticipants(source: string, destination: string, participantIds: string[]): Promise<unknown>;
    startBreakout(req: StartBreakoutRequest): Promise<{ meetings: { id: string; title: string }[] }>;
    closeBreakout(): Promise<unknown>;
    on(ev: string, fn: (...a: any[]) => void): unknown;
    off(ev: string, fn: (...a: any[]) => void): unknown;
  };
  join(): Promise<void>;
  leave(): Promise<void>;
}

export interface ConnectedMeetingParticipant {
  id: string;
  customParticipantId?: string;
  presetName?: string;
  displayName?: string;
  connected?: boolean;
}
export interface ConnectedMeeting { id: string; title: string; participants: ConnectedMeetingParticipant[] }

export interface StartBreakoutRequest {
  meetings: { title: string }[];
  assignments: ({ participantId: string; meetingIndex: number } | { participantId: string; meetingId: string })[];
  shuffle?: boolean;
}

// ---- headless draft editor ------------------------------------------------------------------
export interface DraftParticipant { id: string; name: string }
export interface DraftRoom { id: string; title: string; participantIds: string[] }

export declare const MAX_TITLE_LENGTH: number;
export declare function participantsPerRoom(count: number, rooms: number): { min: number; max: number };

export declare class BreakoutRoomsManager {
  constructor(opts?: { participants?: DraftParticipant[]; rooms?: number; titlePrefix?: string });
  titlePrefix: string;
  subscribe(fn: () => void): () => void;
  readonly participants: DraftParticipant[];
  readonly rooms: DraftRoom[];
  readonly unassigned: DraftParticipant[];
  room(roomId: string): DraftRoom | undefined;
  roomOf(participantId: string): string | null;
  participant(id: string): DraftParticipant | undefined;
  setParticipants(list: DraftParticipant[]): void;
  addRoom(title?: string): string;
  addRooms(n: number): string[];
  deleteRoom(roomId: string): void;
  renameRoom(roomId: string, title: string): void;
  assign(participantIds: string[], roomId: string): number;
  unassign(participantIds: string[]): void;
  unassignAll(): void;
  shuffle(random?: () => number): number;
  validate(): string[];
  toStartRequest(): { meetings: { title: string }[]; assignments: { participantId: string; meetingIndex: number }[] };
  applyStartResult(result: { meetings: { id: string; title: string }[] }): Map<string, string>;
  reset(): void;
}

// ---- store ----------------------------------------------------------------------------------
export type Phase = 'idle' | 'setup' | 'joining' | 'joined' | 'switching' | 'left';
export interface StoreState {
  phase: Phase;
  switching: null | { to: string; toParent: boolean; title?: string; message: string };
  connection: string;
  errors: { id: number; message: string }[];
  ui: { panel: null | 'participants' | 'chat' | 'polls'; breakout: boolean; leaveMenu: boolean };
  busy: boolean;
  rev: number;
}
export type RunResult<T = unknown> = { ok: true; value: T } | { ok: false; error: unknown };

export declare function describeError(action: string, e: unknown): string;

export declare class MeetingStore {
  constructor(meeting?: RtkMeetingLike);
  meeting: RtkMeetingLike | null;
  state: StoreState;
  subscribe(fn: (s: StoreState) => void): () => void;
  onMeetingChanged(fn: (m: RtkMeetingLike) => void): () => void;
  bind(meeting: RtkMeetingLike | null): void;
  destroy(): void;
  set(patch: Partial<StoreState>): void;
  setUi(patch: Partial<StoreState['ui']>): void;
  readonly self: any;
  readonly permissions: { canAlter: boolean; canSwitch: boolean; canSwitchToParent: boolean };
  readonly meetingId: string | null;
  readonly roomTitle: string;
  readonly parentMeeting: ConnectedMeeting | null;
  readonly rooms: ConnectedMeeting[];
  readonly breakoutActive: boolean;
  readonly inParent: boolean;
  readonly participants: any[];
  readonly messages: any[];
  readonly polls: any[];
  readonly groupParticipants: (ConnectedMeetingParticipant & { meetingId: string })[];
  pushError(message: string): number;
  dismissError(id: number): void;
  run<T>(action: string, fn: () => Promise<T>): Promise<RunResult<T>>;
  join(): Promise<void>;
  leave(): Promise<void>;
  toggleAudio(): Promise<RunResult> | undefined;
  toggleVideo(): Promise<RunResult> | undefined;
  sendMessage(text: string): Promise<RunResult>;
  createPoll(question: string, options: string[]): Promise<RunResult>;
  votePoll(id: string, index: number): Promise<RunResult>;
  startBreakout(req: StartBreakoutRequest): Promise<RunResult<{ meetings: { id: string; title: string }[] }>>;
  closeBreakout(): Promise<RunResult>;
  addRoom(title: string): Promise<RunResult>;
  renameRoom(id: string, title: string): Promise<RunResult>;
  deleteRoom(id: string): Promise<RunResult>;
  moveParticipants(ids: string[], destId: string): Promise<RunResult | { ok: true }>;
  switchTo(destId: string): Promise<RunResult>;
  switchToParent(): Promise<RunResult>;
}

// ---- elements -------------------------------------------------------------------------------
/** Base: give either `store` (shared) or `meeting` (the element builds its own store). */
export declare class StoreElementBase extends LitElement {
  store?: MeetingStore;
  meeting?: RtkMeetingLike;
}
export declare class RtkMeeting extends StoreElementBase {
  showSetupScreen: boolean;
  mode: 'fill' | 'fixed';
  theme?: 'light' | 'dark';
  /** When set: a full-size error screen instead of the meeting (see describeJoinError). */
  error?: JoinError | null;
  /** The element's store. */
  readonly s: MeetingStore;
}
export declare class RtkSetupScreen extends StoreElementBase {}
export declare class RtkGrid extends StoreElementBase {}
export declare class RtkParticipantTile extends LitElement { participant: any; isSelf: boolean }
export declare class RtkControlbar extends StoreElementBase {}
export declare class RtkLeaveMeeting extends StoreElementBase {}
export declare class RtkNotifications extends StoreElementBase {}
/** What RealtimeKitClient.init() rejected with, or {reason: 'token_missing'} for a page opened without a token. */
export interface JoinError { code?: string; reason?: string; message?: string }
export declare function describeJoinError(e: JoinError | unknown): { title: string; message: string; retry: boolean };
/** Readable error screen; "Try again" (when it can help) fires `rtkRetry`. */
export declare class RtkErrorScreen extends LitElement { error?: JoinError | null }
export declare class RtkParticipants extends StoreElementBase {}
export declare class RtkChat extends StoreElementBase {}
export declare class RtkPolls extends StoreElementBase {}
export declare class RtkDialog extends LitElement { label: string; open: boolean; closable: boolean; wide: boolean; focusFirst(): void }
export declare class RtkBreakoutRoomsToggle extends StoreElementBase { variant?: string }
export declare class RtkBreakoutRoomsManager extends StoreElementBase { draft: BreakoutRoomsManager }
export declare class RtkBreakoutRoomManager extends LitElement {
  room: { id: string; title: string; participants: { id: string; name: string }[]; isParent?: boolean };
  mode: 'create' | 'edit';
  selectedParticipantIds: string[];
  assigningParticipants: boolean;
  allowDelete: boolean;
  canJoin: boolean;
  current: boolean;
}
export declare class RtkBreakoutRoomParticipants extends LitElement {
  participants: { id: string; name: string }[];
  selectedParticipantIds: string[];
  label: string;
}

export declare const elements: Record<string, CustomElementConstructor>;
export declare function defineCustomElements(): void;

declare global {
  interface HTMLElementTagNameMap {
    'rtk-meeting': RtkMeeting;
    'rtk-setup-screen': RtkSetupScreen;
    'rtk-grid': RtkGrid;
    'rtk-participant-tile': RtkParticipantTile;
    'rtk-controlbar': RtkControlbar;
    'rtk-leave-meeting': RtkLeaveMeeting;
    'rtk-notifications': RtkNotifications;
    'rtk-participants': RtkParticipants;
    'rtk-chat': RtkChat;
    'rtk-polls': RtkPolls;
    'rtk-dialog': RtkDialog;
    'rtk-error-screen': RtkErrorScreen;
    'rtk-breakout-rooms-toggle': RtkBreakoutRoomsToggle;
    'rtk-breakout-rooms-manager': RtkBreakoutRoomsManager;
    'rtk-breakout-room-manager': RtkBreakoutRoomManager;
    'rtk-breakout-room-participants': RtkBreakoutRoomParticipants;
  }
  interface HTMLElementEventMap {
    /** Fired by <rtk-meeting> after each room switch; detail is the new meeting object. */
    rtkMeetingChanged: CustomEvent<RtkMeetingLike>;
    /** Fired by <rtk-error-screen> (and <rtk-meeting> showing one) on "Try again". */
    rtkRetry: CustomEvent<void>;
    /** Fired (cancelable) by <rtk-meeting> on "Use the meeting here" after another tab took over; not cancelled: the page reloads. */
    rtkRejoin: CustomEvent<void>;
  }
}
