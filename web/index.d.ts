// @openrtk/client: hand-written typings. Names, arguments and payloads follow Cloudflare
// RealtimeKit 2.0.2 (reference section A); OpenRTK extensions are marked.

/** Calls every listener through a safe emitter: a throwing listener is reported, not fatal. */
export interface TypedEmitter<E extends { [K in keyof E]: (...args: any[]) => void }> {
  on<K extends keyof E>(event: K, listener: E[K]): this;
  addListener<K extends keyof E>(event: K, listener: E[K]): this;
  once<K extends keyof E>(event: K, listener: E[K]): this;
  off<K extends keyof E>(event: K, listener: E[K]): this;
  removeListener<K extends keyof E>(event: K, listener: E[K]): this;
  removeAllListeners<K extends keyof E>(event?: K): this;
  listenerCount<K extends keyof E>(event: K): number;
  /** Wildcard: every event of this emitter, with its name first. */
  on(event: '*', listener: (eventName: string, ...args: any[]) => void): this;
}

/** Stable error codes shared with the server (include/rtk/errors.hpp). */
export type RtkErrorCode =
  | 'unknown'
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'limit_exceeded'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unavailable'
  | 'internal'
  /** A RealtimeKit feature OpenRTK does not have (docs/rtk-compat.md); the message says which and why. */
  | 'not_available'
  /** A newer setDevice() replaced this one. */
  | 'aborted';

/** Every failure: a refused call carries the server's code; bad input never aborts. */
export class RtkError extends Error {
  readonly code: RtkErrorCode;
  /** For `unauthenticated` from init(): token_malformed, token_expired, token_signature, ... */
  readonly reason?: string;
  constructor(code: RtkErrorCode, message?: string, reason?: string);
}

export type LeaveRoomState =
  | 'kicked'
  | 'ended'
  | 'left'
  | 'rejected'
  | 'connected-meeting'
  | 'disconnected'
  | 'failed'
  | 'stageLeft';

export type RoomState = 'init' | 'joined' | 'waitlisted' | LeaveRoomState;

export interface DefaultOptions {
  /** Microphone enabled when joining (default true). */
  audio?: boolean;
  /** Camera enabled when joining (default true). */
  video?: boolean;
}

export interface ClientOptions {
  /** Participant JWT from the Add Participant REST API. */
  authToken: string;
  /** host[:port] of rtk-server (REST at /v2, WebSocket at /v2/ws); default: the page's origin. */
  baseURI?: string;
  defaults?: DefaultOptions;
  /** Reports bad frames, media failures and throwing listeners. */
  onError?: (error: RtkError) => void;
}

/** camelCase preset permissions (`permissions_to_camel_json` in the core). */
export interface PermissionsPreset {
  connectedMeetings: {
    canAlterConnectedMeetings: boolean;
    canSwitchConnectedMeetings: boolean;
    canSwitchToParentMeeting: boolean;
  };
  chat?: Record<string, unknown>;
  polls?: { canCreate: boolean; canVote: boolean; canView: boolean };
  media?: Record<string, unknown>;
  [key: string]: unknown;
}

/** RealtimeKit's produce access for a media kind. */
export type ProduceAccess = 'ALLOWED' | 'NOT_ALLOWED' | 'CAN_REQUEST';
export interface ChatAccess {
  canSend: boolean;
  canReceive?: boolean;
  text: boolean;
  files: boolean;
}

export interface SelfPermissionsEvents {
  /** The session's rules changed (preset changed over REST, or join replaced the pre-join preset). */
  permissionsUpdate: (permissions: PermissionsPreset) => void;
}

/**
 * `self.permissions`: one emitter for the life of the meeting object, updated in place. Its own
 * fields are the core's camelCase view (PermissionsPreset); the getters are RealtimeKit 2.0.2's
 * flat names for the same facts. Features OpenRTK does not have (stage, waiting room,
 * livestream, plugins, transcription, spotlight) read false / 'NOT_ALLOWED'.
 */
export interface RTKPermissionsPreset extends PermissionsPreset, TypedEmitter<SelfPermissionsEvents> {
  readonly canProduceAudio: ProduceAccess;
  readonly canProduceVideo: ProduceAccess;
  readonly canProduceScreenshare: ProduceAccess;
  readonly requestProduceAudio: boolean;
  readonly requestProduceVideo: boolean;
  readonly requestProduceScreenshare: boolean;
  readonly chatPublic: ChatAccess;
  readonly chatPrivate: ChatAccess;
  readonly canDisableParticipantAudio: boolean;
  readonly canDisableParticipantVideo: boolean;
  readonly canAllowParticipantAudio: false;
  readonly canAllowParticipantVideo: false;
  readonly canAllowParticipantScreensharing: false;
  readonly canDisableParticipantScreensharing: false;
  readonly canAlterConnectedMeetings: boolean;
  readonly canSwitchConnectedMeetings: boolean;
  readonly canSwitchToParentMeeting: boolean;
  readonly canLivestream: false;
  readonly canSpotlight: false;
  readonly canChangeParticipantPermissions: false;
  readonly acceptWaitingRequests: false;
  readonly waitingRoomBehaviour: 'SKIP';
  readonly stageEnabled: false;
  readonly stageAccess: 'NOT_ALLOWED';
  readonly acceptStageRequests: false;
  readonly isRecorder: false;
  readonly transcriptionEnabled: false;
  readonly plugins: { canStart: false; canClose: false; canEditConfig: false; config: Record<string, never> };
  readonly mediaRoomType: 'GROUP_CALL';
  /** The plain facts (the core's camelCase view). */
  toJSON(): PermissionsPreset;
}

/** `self.config` (RealtimeKit's RTKThemePreset), from the preset's `config` and `ui.design_tokens`. */
export interface RTKThemePreset {
  viewType: 'GROUP_CALL' | 'WEBINAR' | 'AUDIO_ROOM' | 'LIVESTREAM' | string;
  maxVideoStreams: { mobile: number; desktop: number };
  maxScreenShareCount: number;
  livestreamViewerQualities: string[];
  pipMode: false;
  setupScreen: { isEnabled: boolean };
  waitingRoom: { isEnabled: false };
  controlBar: { isEnabled: boolean; elements: { fullscreen: boolean; screenshare: boolean; chat: boolean; polls: boolean; participants: boolean; plugins: boolean } };
  header: { isEnabled: boolean; elements: { logo: string; timer: boolean; title: boolean; participantCount: boolean; changeLayout: boolean } };
  designTokens: Record<string, unknown>;
}

export type MediaPermission = 'NOT_REQUESTED' | 'ACCEPTED' | 'DENIED' | 'SYSTEM_DENIED' | 'COULD_NOT_START' | 'NO_DEVICES_AVAILABLE' | 'CANCELED';

/** OpenRTK: the core's answers to "may this participant do X?" (from the same checks the server runs). */
export interface AllowedActions {
  sendChat?: boolean;
  createPoll?: boolean;
  votePoll?: boolean;
  viewPolls?: boolean;
  alterConnectedMeetings?: boolean;
  screenshare?: boolean;
  record?: boolean;
}

// ---- self ----

export interface SelfEvents {
  /** After join() succeeded, or after a reconnect into the same room (`reconnected: true`). */
  roomJoined: (p: { reconnected: boolean }) => void;
  /** This meeting object is done: left, kicked, ended, failed, or 'connected-meeting' on a room switch. */
  roomLeft: (p: { state: LeaveRoomState }) => void;
  /** The microphone was enabled or disabled (only on a change). */
  audioUpdate: (p: { audioEnabled: boolean; audioTrack: MediaStreamTrack | undefined }) => void;
  /** The camera was enabled or disabled (only on a change). */
  videoUpdate: (p: { videoEnabled: boolean; videoTrack: MediaStreamTrack | undefined }) => void;
  /** mediaPermissions changed for a kind (message: the new MediaPermission). */
  mediaPermissionUpdate: (p: { kind: 'audio' | 'video'; message: MediaPermission }) => void;
  /** getUserMedia gave no track for a kind (permission denied or no device). */
  mediaPermissionError: (p: { kind: 'audio' | 'video' | 'audiovideo'; message: string }) => void;
  /** OpenRTK: this participant's permissions changed (its preset was changed over REST). */
  permissionsUpdate: (permissions: Record<string, unknown>) => void;
  /** setDevice() switched the microphone, camera or speaker. */
  deviceUpdate: (p: { device: MediaDeviceInfo }) => void;
  /** The browser's device list changed (a headset was plugged in or out). */
  deviceListUpdate: (p: { devices: MediaDeviceInfo[] }) => void;
}

/** getCurrentDevices(): the devices in use (undefined where there is none). */
export interface CurrentDevices {
  audio: MediaDeviceInfo | undefined;
  video: MediaDeviceInfo | undefined;
  speaker: MediaDeviceInfo | undefined;
}

export interface RTKSelf extends TypedEmitter<SelfEvents> {
  readonly id: string;
  readonly peerId: string;
  /** REST participant id: the id moveParticipants takes. */
  readonly userId: string;
  readonly name: string;
  readonly customParticipantId: string;
  readonly presetName: string;
  readonly permissions: RTKPermissionsPreset;
  readonly config: RTKThemePreset;
  readonly mediaPermissions: { audio?: MediaPermission; video?: MediaPermission; screenshare?: MediaPermission };
  readonly device: { isMobile: boolean; osName: string; browserName: string };
  readonly picture: string | undefined;
  /** Always 'ON_STAGE': an OpenRTK room is a group call without a stage. */
  readonly stageStatus: 'ON_STAGE';
  readonly waitlistStatus: 'none';
  readonly isPinned: false;
  readonly hidden: false;
  /** Screen share is not in the runtime yet: false, no tracks. */
  readonly screenShareEnabled: false;
  readonly screenShareTracks: { audio: undefined; video: undefined };
  /** Rejects RtkError not_available (no screen share yet). */
  enableScreenShare(): Promise<void>;
  /** Resolves (there is nothing to stop). */
  disableScreenShare(): Promise<void>;
  /** The same name resolves; another rejects not_available (names are set over REST). */
  setName(name: string): Promise<void>;
  /** not_available: pins, hidden tiles, constraints and middlewares are not in OpenRTK. */
  pin(): Promise<void>;
  unpin(): Promise<void>;
  hide(): Promise<void>;
  show(): Promise<void>;
  updateVideoConstraints(c: MediaTrackConstraints): Promise<void>;
  updateScreenshareConstraints(c: MediaTrackConstraints): Promise<void>;
  addAudioMiddleware(m: unknown): Promise<void>;
  removeAudioMiddleware(m: unknown): Promise<void>;
  removeAllAudioMiddlewares(): Promise<void>;
  addVideoMiddleware(m: unknown): Promise<void>;
  removeVideoMiddleware(m: unknown): Promise<void>;
  removeAllVideoMiddlewares(): Promise<void>;
  setVideoMiddlewareGlobalConfig(c: unknown): Promise<void>;
  /** Plays the remote audio again after the browser blocked autoplay. */
  playAudio(): Promise<void>;
  /** OpenRTK: what the core's permission checks allow this participant (updated with permissionsUpdate). */
  readonly can: AllowedActions;
  readonly audioEnabled: boolean;
  readonly videoEnabled: boolean;
  /** Local tracks: the same objects through every room switch. Camera off stops the video
   *  track (the camera is released; readyState 'ended'); camera on or setDevice() puts a new
   *  track in the same senders (replaceTrack, no renegotiation). */
  readonly audioTrack: MediaStreamTrack | undefined;
  readonly videoTrack: MediaStreamTrack | undefined;
  readonly rawAudioTrack: MediaStreamTrack | undefined;
  readonly rawVideoTrack: MediaStreamTrack | undefined;
  readonly roomJoined: boolean;
  readonly roomState: RoomState;
  enableAudio(): Promise<void>;
  disableAudio(): Promise<void>;
  enableVideo(): Promise<void>;
  disableVideo(): Promise<void>;
  registerVideoElement(el: HTMLVideoElement): void;
  deregisterVideoElement(el?: HTMLVideoElement): void;
  /** enumerateDevices(): microphones, cameras and speakers (labels once media was allowed). */
  getAllDevices(): Promise<MediaDeviceInfo[]>;
  getAudioDevices(): Promise<MediaDeviceInfo[]>;
  getVideoDevices(): Promise<MediaDeviceInfo[]>;
  getSpeakerDevices(): Promise<MediaDeviceInfo[]>;
  getDeviceById(deviceId: string, kind?: 'audio' | 'video' | 'speaker'): Promise<MediaDeviceInfo | undefined>;
  /** Synchronous, as in RealtimeKit (from the last device list; awaiting it works too). */
  getCurrentDevices(): CurrentDevices;
  /** Switches to `device` (from the lists above). Rejects with RtkError: invalid_argument (not a
   *  device), permission_denied (the preset may not send that kind), unavailable (the browser
   *  gave no track, or cannot choose speakers). A camera that is off opens the device when
   *  turned on. */
  setDevice(device: MediaDeviceInfo): Promise<void>;
}

// ---- participants ----

export interface ParticipantEvents {
  /** Remote microphone state or track changed. */
  audioUpdate: (p: { audioEnabled: boolean; audioTrack: MediaStreamTrack | undefined }) => void;
  /** Remote camera state or track changed. */
  videoUpdate: (p: { videoEnabled: boolean; videoTrack: MediaStreamTrack | undefined }) => void;
}

export interface RTKParticipant extends TypedEmitter<ParticipantEvents> {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly customParticipantId: string;
  readonly presetName: string;
  readonly audioEnabled: boolean;
  readonly videoEnabled: boolean;
  readonly audioTrack: MediaStreamTrack | undefined;
  readonly videoTrack: MediaStreamTrack | undefined;
  readonly picture: string | undefined;
  readonly stageStatus: 'ON_STAGE';
  /** SFU mode: pinned for everyone (participant.pin()); emits 'pinned' / 'unpinned'. */
  readonly isPinned: boolean;
  readonly hidden: false;
  readonly screenShareEnabled: false;
  readonly screenShareTracks: { audio: undefined; video: undefined };
  readonly flags: Record<string, never>;
  registerVideoElement(el: HTMLVideoElement): void;
  deregisterVideoElement(el?: HTMLVideoElement): void;
  /**
   * Pins (unpins) this participant for everyone in the meeting: its video takes a video slot of every page first.
   * Needs the preset's pin_participant (permission_denied); SFU mode only (unavailable in mesh).
   */
  pin(): Promise<void>;
  unpin(): Promise<void>;
  /** not_available: these host actions on one participant are not in rtk-server (kick: use REST). */
  disableAudio(): Promise<void>;
  disableVideo(): Promise<void>;
  kick(): Promise<void>;
  hide(): Promise<void>;
  show(): Promise<void>;
  getPermissions(): Promise<never>;
}

export interface ParticipantMapEvents {
  /** A participant connected to this meeting (also fired for each one present at join). */
  participantJoined: (p: RTKParticipant) => void;
  /** A participant left this meeting (disconnected or moved to another room). */
  participantLeft: (p: RTKParticipant) => void;
  /** Name or preset changed. */
  participantUpdated: (p: RTKParticipant) => void;
  audioUpdate: (p: RTKParticipant) => void;
  videoUpdate: (p: RTKParticipant) => void;
}

export interface ParticipantMap extends Map<string, RTKParticipant>, TypedEmitter<ParticipantMapEvents> {
  toArray(): RTKParticipant[];
}

export type ViewMode = 'ACTIVE_GRID' | 'PAGINATED' | 'MANUAL';
export interface Paging {
  viewMode: ViewMode;
  currentPage: number;
  pageCount: number;
}
export interface ParticipantsEvents {
  viewModeChanged: (p: Paging) => void;
  pageChanged: (p: Paging) => void;
  /** SFU mode: someone this page can hear started talking (Janus's audio-level events); volume is not measured. */
  activeSpeaker: (p: { peerId: string; volume: number | undefined }) => void;
}

export interface RTKParticipants extends TypedEmitter<ParticipantsEvents> {
  readonly joined: ParticipantMap;
  /**
   * The grid's set. SFU mode, ACTIVE_GRID: the participants in this page's video slots as rtk-server chose them
   * (at most --video-slots: pinned, then the most recent speakers, then join order); mesh: every joined participant
   * (up to maxActiveParticipantsCount); PAGINATED: the current page.
   */
  readonly active: ParticipantMap;
  /** SFU mode: the participants pinned for everyone (participant.pin()), in pin order; empty in mesh mode. */
  readonly pinned: ParticipantMap;
  /** Always empty (no waiting room). */
  readonly waitlisted: ParticipantMap;
  readonly videoSubscribed: ParticipantMap;
  readonly audioSubscribed: ParticipantMap;
  /** The participants of this room (the same map as joined); other rooms' are in connectedMeetings. */
  readonly all: ParticipantMap;
  readonly count: number;
  readonly viewMode: ViewMode;
  /** 0 in ACTIVE_GRID; 1..pageCount in PAGINATED. */
  readonly currentPage: number;
  readonly pageCount: number;
  /** The page size: self.config.maxVideoStreams.desktop. */
  readonly maxActiveParticipantsCount: number;
  /** SFU mode: the participant id of the most recent speaker this page can hear (itself included). */
  readonly lastActiveSpeaker: string | undefined;
  readonly pip: { isSupported(): false; isActive: false; init(): void; enable(): void; disable(): void };
  setViewMode(viewMode: ViewMode): Promise<void>;
  /** invalid_argument outside PAGINATED or outside 1..pageCount. */
  setPage(page: number): Promise<void>;
  /** Resolves: media arrives without subscribing (mesh: everyone; SFU: chosen by rtk-server). */
  subscribe(peerIds: string[], kinds?: string[]): Promise<void>;
  getAllJoinedPeers(search?: string, limit?: number, offset?: number): Promise<RTKParticipant[]>;
  /** not_available in OpenRTK (docs/rtk-compat.md says why for each). */
  unsubscribe(peerIds: string[], kinds?: string[]): Promise<void>;
  disableAllAudio(allowUnmute?: boolean): Promise<void>;
  disableAllVideo(): Promise<void>;
  kickAll(): Promise<void>;
  acceptWaitingRoomRequest(id: string): Promise<void>;
  acceptAllWaitingRoomRequest(userIds: string[]): Promise<void>;
  rejectWaitingRoomRequest(id: string): Promise<void>;
  broadcastMessage(type: string, payload: Record<string, unknown>, target?: unknown): Promise<void>;
  updatePermissions(participantIds: string[], patch: unknown): Promise<void>;
  getParticipantsInMeetingPreJoin(): Promise<void>;
}

// ---- meta ----

export interface SocketState {
  state: 'connecting' | 'connected' | 'disconnected' | 'reconnecting' | 'failed';
  reconnected: boolean;
}
export interface MetaEvents {
  /** WebSocket state changes; a room switch does not change it (the socket stays open). */
  socketConnectionUpdate: (s: SocketState) => void;
  /** OpenRTK: the server ended this session (`reason` as in meta.endReason). */
  sessionEnded: (p: { reason: string }) => void;
  /** SFU mode: the publisher ('send') or subscriber ('recv') PeerConnection's state;
   * 'reconnecting' while the SFU restarts, then 'connecting' and 'connected' again. */
  mediaConnectionUpdate: (p: { transport: 'send' | 'recv'; state: MediaConnectionState }) => void;
  meetingStartTimeUpdate: (p: { meetingStartedTimestamp: Date }) => void;
  selfTabUpdate: (tab: unknown) => void;
  broadcastTabChangesUpdate: (broadcast: boolean) => void;
}
export type MediaConnectionState =
  | 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed' | 'reconnecting';
export interface RTKMeta extends TypedEmitter<MetaEvents> {
  readonly meetingId: string;
  readonly meetingTitle: string;
  /** Always undefined: rtk-server has no sessions of its own. */
  readonly sessionId: undefined;
  /** OpenRTK: true in the parent meeting. */
  readonly isParent: boolean;
  /** The preset's config.view_type (GROUP_CALL for the default presets). */
  readonly viewType: string;
  /** Differs: when this participant joined this meeting object (the server does not send the session's start). */
  readonly meetingStartedTimestamp: Date;
  readonly selfActiveTab: unknown;
  readonly broadcastTabChanges: boolean;
  /** Local only (there are no tabs to broadcast). */
  setBroadcastTabChanges(broadcast: boolean): void;
  setSelfActiveTab(tab: unknown, source?: unknown): void;
  readonly socketState: SocketState;
  /** SFU mode: the last mediaConnectionUpdate state per transport ({} in mesh mode). */
  readonly mediaState: { send?: MediaConnectionState; recv?: MediaConnectionState };
  /** OpenRTK: the limits the server enforces (from room.joined), so the UI never guesses them. */
  readonly limits: WireLimits;
  /** OpenRTK: why the server ended this session (set before roomLeft), e.g. 'replaced'. */
  readonly endReason?: 'participant_removed' | 'meeting_inactive' | 'replaced' | 'server_shutdown';
}

/** OpenRTK: the server's limits (bytes for texts). */
export interface WireLimits {
  maxMeetings: number;
  maxParticipants: number;
  maxTextBytes: number;
  maxChatTextBytes: number;
  maxPollTextBytes: number;
  maxPollOptions: number;
  maxRoomParticipants: number;
}

// ---- chat and polls ----

export interface TextMessage {
  type: 'text';
  id: string;
  userId: string;
  displayName: string;
  message: string;
  time: Date;
  timeMs: number;
  meetingId: string;
}
export interface ChatEvents {
  /** A message arrived in the current room (own messages included). */
  chatUpdate: (p: { action: 'add'; message: TextMessage; messages: TextMessage[] }) => void;
}
export interface RTKChat extends TypedEmitter<ChatEvents> {
  readonly messages: TextMessage[];
  readonly maxTextLimit: number;
  /** OpenRTK: older messages exist on the server (room.joined carries the newest page only). */
  readonly hasMore: boolean;
  /** RealtimeKit's client-side throttle {period s, maxInvocations}; the server enforces its own rate. */
  readonly rateLimits: { period: number; maxInvocations: number };
  /** To the room; peerIds (private messages) reject not_available. */
  sendTextMessage(text: string, peerIds?: string[]): Promise<void>;
  /** {type: 'text', message}; other types and participantIds reject not_available. */
  sendMessage(payload: { type: 'text'; message: string }, participantIds?: string[]): Promise<void>;
  /** Up to `limit` messages strictly before/after `timestamp` (ms or Date), oldest first; loads older pages as needed. */
  fetchPublicMessages(q: { timestamp?: number | Date; limit?: number; direction?: 'before' | 'after' }): Promise<TextMessage[]>;
  /** Resolves [] (no message is ever pinned). */
  fetchPinnedMessages(q?: unknown): Promise<TextMessage[]>;
  /** not_available: private, custom, image and file messages, edits, deletes and pins are not in rtk-server. */
  fetchPrivateMessages(q: unknown): Promise<never>;
  sendCustomMessage(payload: unknown, peerIds?: string[]): Promise<never>;
  sendImageMessage(file: unknown, peerIds?: string[]): Promise<never>;
  sendFileMessage(file: unknown, peerIds?: string[]): Promise<never>;
  editTextMessage(id: string, text: string): Promise<never>;
  editImageMessage(id: string, file: unknown): Promise<never>;
  editFileMessage(id: string, file: unknown): Promise<never>;
  editMessage(id: string, payload: unknown): Promise<never>;
  deleteMessage(id: string): Promise<never>;
  pin(id: string): Promise<never>;
  unpin(id: string): Promise<never>;
  /** OpenRTK: loads the page before the oldest loaded message (prepended to `messages`). */
  fetchOlder(beforeId?: string, limit?: number): Promise<{ messages: TextMessage[]; hasMore: boolean }>;
}

export interface PollOption {
  text: string;
  votes: { id: string; name: string }[];
  count: number;
}
export interface Poll {
  id: string;
  question: string;
  options: PollOption[];
  anonymous: boolean;
  hideVotes: boolean;
  createdBy: string;
  createdByUserId: string;
  voted: string[];
}
export interface PollsEvents {
  /** A poll of the current room was created or voted. */
  pollsUpdate: (p: { polls: Poll[]; newPoll: boolean }) => void;
}
export interface RTKPolls extends TypedEmitter<PollsEvents> {
  readonly items: Poll[];
  create(question: string, options: string[], anonymous?: boolean, hideVotes?: boolean): Promise<void>;
  vote(id: string, index: number): Promise<void>;
}

// ---- connected meetings ----

export interface ConnectedMeetingParticipant {
  id?: string;
  customParticipantId?: string;
  presetId?: string;
  /** OpenRTK: the preset's name (presetId carries the same value). */
  presetName?: string;
  displayName?: string;
  /** OpenRTK: whether the participant is connected right now. */
  connected?: boolean;
}
export interface ConnectedMeeting {
  id?: string;
  title?: string;
  participants: ConnectedMeetingParticipant[];
  /** OpenRTK: how many participants are in the room (participants is empty in summary scope). */
  participantCount?: number;
  /** OpenRTK, self-selection on: the room capacity (absent: no limit). */
  capacity?: number;
  /** OpenRTK, self-selection on: a self-move into this room is refused as full (decided in C++). */
  full?: boolean;
}
export interface ConnectedMeetingsState {
  meetings: ConnectedMeeting[];
  parentMeeting: ConnectedMeeting;
}

export interface ConnectedMeetingsEvents {
  /**
   * The room switch is done: `meeting` is the NEW meeting object, already joined. Delivered to
   * the newest meeting object that listens, so an app that never re-registers on the new
   * object still hears later switches, and one that re-registers hears each switch once.
   */
  meetingChanged: (meeting: RealtimeKitClient) => void;
  /** The group changed (rooms, titles, who is where); only on an actual change. */
  stateUpdate: (p: ConnectedMeetingsState) => void;
  /** A switch to `meetingId` starts; the old self then emits roomLeft {state:'connected-meeting'}. */
  changingMeeting: (meetingId: string) => void;
  /**
   * OpenRTK: the breakout timer was set, extended, warned, expired or cleared (or is first known
   * on connect: reason 'current'). `timer` is null when none runs.
   */
  timerUpdate: (timer: BreakoutTimer | null, reason: string) => void;
  /** OpenRTK: a host's broadcast reached this room (banner; the message is also in chat). */
  broadcastMessage: (message: { id: string; userId: string; displayName: string; message: string; time: Date; meetingId: string }) => void;
  /** OpenRTK: the help queue as this participant may see it changed (hosts: all requests). */
  helpQueueUpdate: (requests: HelpRequest[]) => void;
  /** OpenRTK: who listens in changed, or which meeting this participant listens to (host listen-in). */
  listenUpdate: (p: ListenState) => void;
  /** OpenRTK: a track of a participant of the listened meeting arrived (listenedParticipants() changed). */
  listenMediaUpdate: (p: { participantId: string }) => void;
  /** OpenRTK: the late-joiner policy or the running plan changed (hosts; also another host's change). */
  planUpdate: (p: { lateJoiners: LateJoinPolicy; planId: string }) => void;
  /** OpenRTK: the server's warning at deadline - grace ("rooms close in 60 s"). */
  timerWarning: (p: { deadlineMs: number; graceMs: number; remainingMs: number }) => void;
}

/** OpenRTK: a host listening in to a meeting of the group (SFU mode, receive-only). */
export interface Listener {
  participantId: string;
  displayName: string;
  meetingId: string;
}
/** OpenRTK: listenUpdate's payload. */
export interface ListenState {
  /** The meeting this participant listens to, or null. */
  listening: string | null;
  /** Who listens in, as this participant may see it (hosts: all; others: their own meeting's). */
  listeners: Listener[];
}
/** OpenRTK: a participant of the listened meeting with its remote tracks (play them). */
export interface ListenedParticipant {
  id: string;
  userId: string;
  name: string;
  audioTrack: MediaStreamTrack | null;
  videoTrack: MediaStreamTrack | null;
}
/** OpenRTK: where a participant who joins while breakout rooms are open goes. */
export type LateJoinPolicy = 'parent' | 'planned' | 'smallest';

/** OpenRTK: a saved pre-assignment plan (stored over REST, JSON or CSV). */
export interface BreakoutPlan {
  id: string;
  name: string;
  rooms: { title: string; customParticipantIds: string[] }[];
  createdMs: number;
}

/** OpenRTK: a participant asked for help from a breakout room. */
export interface HelpRequest {
  participantId: string;
  displayName: string;
  meetingId: string;
  meetingTitle: string;
  timeMs: number;
}

/** OpenRTK: the breakout timer; deadlineMs is server time (see clockOffsetMs, remainingMs()). */
export interface BreakoutTimer {
  deadlineMs: number;
  graceMs: number;
  /** the warning went out */
  warned: boolean;
}

/** OpenRTK extension: atomic start of a breakout (connected_meetings.start). */
export interface StartBreakoutRequest {
  meetings: { title: string }[];
  assignments?: ({ participantId: string; meetingIndex: number } | { participantId: string; meetingId: string })[];
  /** Spread the parent's participants not in `assignments` evenly over the new rooms. */
  shuffle?: boolean;
  seed?: number;
  /** With shuffle: separate pairs who were together in the group's last 10 rounds where possible. */
  avoidRepeats?: boolean;
  /** A timer: the server closes every room durationMs after the start (1000..86400000). */
  durationMs?: number;
  /** With durationMs: the warning this long before the deadline (default 60000). */
  graceMs?: number;
}

export interface RTKConnectedMeetings extends TypedEmitter<ConnectedMeetingsEvents> {
  readonly meetings: ConnectedMeeting[];
  readonly parentMeeting: ConnectedMeeting | null;
  readonly isActive: boolean;
  /** OpenRTK: the meeting ids this participant may switch itself to (decided by the core). */
  readonly switchTargets: string[];
  /** OpenRTK: the server's seeded shuffle (the plan startBreakout {shuffle, seed} applies). */
  planShuffle(participantIds: string[], meetingIds: string[], seed: number): { participantId: string; meetingId: string }[];
  /** OpenRTK: move participants into several existing rooms as one atomic command. */
  assignParticipants(assignments: { participantId: string; meetingId: string }[]): Promise<{ meetings: []; version: number }>;
  /** Emits stateUpdate with the state before it resolves (as RealtimeKit does). */
  getConnectedMeetings(): Promise<ConnectedMeetingsState>;
  createMeetings(req: { title: string }[]): Promise<{ id: string; title: string }[]>;
  /** Renames work (unlike RealtimeKit 2.0.2's no-op). */
  updateMeetings(req: { id: string; title: string }[]): Promise<void>;
  deleteMeetings(meetingIds: string[]): Promise<{ id: string }[]>;
  /** Rejects with RtkError (e.g. code 'permission_denied'); never resolves {success:false}. */
  moveParticipants(
    sourceMeetingId: string,
    destinationMeetingId: string,
    participantIds: string[],
  ): Promise<{ success: true }>;
  moveParticipantsWithCustomPreset(
    sourceMeetingId: string,
    destinationMeetingId: string,
    participants: { id: string; presetId?: string; presetName?: string }[],
  ): Promise<{ success: true }>;
  /** OpenRTK: create rooms and assign participants in one atomic command. */
  startBreakout(req: StartBreakoutRequest): Promise<{ meetings: { id: string; title: string }[]; version: number }>;
  /** OpenRTK: everyone back to the parent and every room deleted, atomically. */
  closeBreakout(): Promise<{ version: number }>;
  /** OpenRTK: the breakout timer (null: none). */
  readonly timer: BreakoutTimer | null;
  /** OpenRTK: server clock minus local clock, measured at the last timer update. */
  readonly clockOffsetMs: number;
  /** OpenRTK: ms until the rooms close on the server's clock, or null without a timer. */
  remainingMs(localNow?: number): number | null;
  /** OpenRTK: set the timer of a running breakout (can_alter_connected_meetings). */
  setTimer(req: { durationMs: number; graceMs?: number }): Promise<{ version: number }>;
  /** OpenRTK: a text to every breakout room, or to the meetings named (can_alter_connected_meetings). */
  broadcastMessage(text: string, meetingIds?: string[]): Promise<{ meetingIds: string[]; timeMs: number }>;
  /** OpenRTK: help requests as this participant may see them. */
  readonly helpRequests: HelpRequest[];
  /** OpenRTK: the meeting this participant listens to (host listen-in), or null. */
  readonly listening: string | null;
  /** OpenRTK: the listeners by meeting id, as this participant may see them. */
  readonly listeners: Record<string, Listener[]>;
  /**
   * OpenRTK: a host (can_alter_connected_meetings) sees and hears meetingId without leaving its
   * own meeting (SFU mode only; receive-only; its participants see that the host is listening).
   * Rejects with permission_denied, unavailable (mesh mode), not_found or invalid_argument.
   */
  listenIn(meetingId: string): Promise<ListenState>;
  /** OpenRTK: stops listening in (idempotent). */
  stopListening(): Promise<ListenState>;
  /** OpenRTK: the participants of the listened meeting with their remote tracks ([] when not listening). */
  listenedParticipants(): ListenedParticipant[];
  /** OpenRTK: ask the hosts for help from the current breakout room. */
  askForHelp(): Promise<{ version: number }>;
  /** OpenRTK: withdraw one's own request, or (a host) dismiss someone's. */
  cancelHelp(participantId?: string): Promise<{ version: number }>;
  /** OpenRTK: move the deadline later (can_alter_connected_meetings). */
  extendTimer(extendMs: number): Promise<{ version: number }>;
  /** OpenRTK: whether participants may choose their breakout room, and its capacity (0: none). */
  readonly selfSelection: { enabled: boolean; capacity: number };
  /** OpenRTK: turn self-selection on or off (can_alter_connected_meetings). */
  setSelfSelection(req: { enabled: boolean; capacity?: number }): Promise<{ version: number }>;
  /** OpenRTK: the server's shuffle plan for a draft (nothing changes), avoiding earlier pairs. */
  requestShufflePlan(req: {
    participantIds: string[];
    meetingIds: string[];
    seed?: number;
    avoidRepeats?: boolean;
  }): Promise<{ assignments: { participantId: string; meetingId: string }[]; repeatedPairs: number }>;
  /** OpenRTK: the saved plans, the late-joiner policy and the running plan ('' none); needs can_alter_connected_meetings. */
  getBreakoutPlans(): Promise<{ plans: BreakoutPlan[]; lateJoiners: LateJoinPolicy; planId: string }>;
  /** OpenRTK: open a saved plan's rooms and seat everyone it names (one command; refused while rooms are open). */
  startBreakoutPlan(
    planId: string,
    opts?: { durationMs?: number; graceMs?: number },
  ): Promise<{ meetings: { id: string; title: string }[]; version: number }>;
  /** OpenRTK: set where late joiners go (can_alter_connected_meetings). */
  setLateJoinPolicy(policy: LateJoinPolicy): Promise<{ version: number }>;
  /** OpenRTK: the late-joiner policy as hosts see it ('parent' for others). */
  readonly lateJoiners: LateJoinPolicy;
  /** OpenRTK: the running plan's id ('' none; hosts only). */
  readonly planId: string;
}

// ---- namespaces for features OpenRTK does not have: present and idle; actions reject not_available ----

export interface EmitterMap<V> extends Map<string, V>, TypedEmitter<Record<string, (...args: any[]) => void>> {
  toArray(): V[];
}
export interface RTKStage extends TypedEmitter<{ stageStatusUpdate: (status: string) => void }> {
  /** Always 'ON_STAGE' (a group call). */
  readonly status: 'ON_STAGE';
  getAccessRequests(): { stageRequests: [] };
  requestAccess(): Promise<never>;
  cancelRequestAccess(): Promise<never>;
  grantAccess(userIds: string[]): Promise<never>;
  denyAccess(userIds: string[]): Promise<never>;
  join(): Promise<never>;
  leave(): Promise<never>;
  kick(userIds: string[]): Promise<never>;
}
export type RecordingState = 'IDLE' | 'STARTING' | 'RECORDING' | 'PAUSED' | 'STOPPING';
/** The current meeting's recording (the parent or a breakout room, each recorded on its own). */
export interface RTKRecording extends TypedEmitter<{ recordingUpdate: (state: RecordingState) => void }> {
  readonly recordingState: RecordingState;
  /** The meeting's newest recordings; `state` is the REST status (UPLOADING while processing). */
  readonly recordings: { id: string; state: string; type: 'COMPOSITE' }[];
  readonly recordingPeerIds: [];
  /** OpenRTK: false when the server cannot record (mesh mode). */
  readonly available: boolean;
  /** Records the current meeting; rejects RtkError permission_denied (no canRecord), unavailable (mesh), conflict. */
  start(opts?: { allowMultiple?: boolean }): Promise<void>;
  stop(id?: string): Promise<void>;
  pause(id?: string): Promise<void>;
  resume(id?: string): Promise<void>;
}
export interface RTKLivestream extends TypedEmitter<{ livestreamUpdate: (state: string) => void; viewerCountUpdate: (n: number) => void }> {
  readonly state: 'IDLE';
  readonly playbackUrl: undefined;
  readonly viewerCount: 0;
  start(opts?: unknown): Promise<never>;
  stop(): Promise<never>;
}
export interface RTKPlugins {
  readonly all: EmitterMap<never>;
  readonly active: EmitterMap<never>;
}
export interface RTKAi extends TypedEmitter<{ transcript: (t: unknown) => void }> {
  readonly transcripts: [];
}
export interface RTKStores {
  create(name: string): Promise<never>;
  get(name: string): undefined;
}

// ---- the meeting object ----

export default class RealtimeKitClient {
  static init(options: ClientOptions): Promise<RealtimeKitClient>;
  /** not_available: media starts inside init() (only what the preset may send). */
  static initMedia(opts?: unknown): Promise<never>;
  static RtkError: typeof RtkError;
  readonly peerId: string;
  readonly self: RTKSelf;
  readonly participants: RTKParticipants;
  readonly meta: RTKMeta;
  readonly chat: RTKChat;
  readonly polls: RTKPolls;
  readonly connectedMeetings: RTKConnectedMeetings;
  readonly stage: RTKStage;
  readonly recording: RTKRecording;
  readonly livestream: RTKLivestream;
  readonly plugins: RTKPlugins;
  readonly ai: RTKAi;
  readonly stores: RTKStores;
  /** RealtimeKit's experimental audio playback: an emitter without events here. */
  readonly audio: TypedEmitter<Record<string, never>>;
  /** OpenRTK diagnostics: the RTCPeerConnection to a peer, and the open peer ids. */
  readonly __internals__: {
    peerConnection(peerId: string): RTCPeerConnection | null;
    peers(): string[];
    media(): { mode: 'mesh' | 'sfu'; active: boolean; feeds: string[]; streams: { mid: string; participantId: string; kind: string; active: boolean }[] } | null;
    /** RealtimeKit's: the token init() was given (Cloudflare's UI kit links it in its troubleshooter). */
    authToken: string;
    /** RealtimeKit's logger the UI kit writes to: warn/error reach the console, info/debug do not. */
    logger: { debug(...a: unknown[]): void; log(...a: unknown[]): void; info(...a: unknown[]): void; warn(...a: unknown[]): void; error(...a: unknown[]): void };
  };
  /** Joins the room; a no-op when already joined. */
  join(): Promise<void>;
  /** Leaves; idempotent. */
  leave(): Promise<void>;
}

export { RealtimeKitClient };
