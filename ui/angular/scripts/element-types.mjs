// TypeScript types of the inputs and the custom events of @openrtk/ui's elements: the only
// per-element knowledge the generator needs besides the element list itself (events are not
// declared on Lit classes). An input missing here is still generated, typed `unknown`.
export const inputTypes = {
  '*': {
    meeting: 'RealtimeKitClient | null | undefined',
    store: 'unknown',
  },
  'rtk-meeting': { showSetupScreen: 'boolean', mode: "'fill' | 'fixed'", theme: "'light' | 'dark' | undefined", error: 'unknown' },
  'rtk-error-screen': { error: 'unknown' },
  'rtk-participant-tile': { participant: 'unknown', isSelf: 'boolean', rev: 'number' },
  'rtk-dialog': { label: 'string', open: 'boolean', closable: 'boolean', wide: 'boolean' },
  'rtk-breakout-rooms-toggle': { variant: "'button' | 'horizontal' | undefined" },
  'rtk-breakout-room-manager': {
    room: 'BreakoutRoom | undefined', mode: "'create' | 'edit'", selectedParticipantIds: 'string[]',
    assigningParticipants: 'boolean', allowDelete: 'boolean', canJoin: 'boolean', current: 'boolean',
  },
  'rtk-breakout-room-participants': { participants: 'BreakoutRoomParticipant[]', selectedParticipantIds: 'string[]', label: 'string' },
  'rtk-breakout-plans': { mode: "'create' | 'live'" },
};

/** tag -> DOM event name -> detail type (documented in ui/src). */
export const events = {
  'rtk-meeting': { rtkMeetingChanged: 'RealtimeKitClient', rtkRetry: 'void', rtkRejoin: 'void' },
  'rtk-error-screen': { rtkRetry: 'void' },
  'rtk-dialog': { close: 'void' },
  'rtk-breakout-room-manager': {
    delete: 'string', update: '{ id: string; title: string }', participantDelete: '{ id: string }',
    participantsAdd: 'string', roomJoin: 'string', participantToggle: 'string',
  },
  'rtk-breakout-room-participants': { selectedParticipantsUpdate: 'string[]', allParticipantsToggleUpdate: 'string[]' },
  'rtk-breakout-plans': { planStarted: '{ planId: string; meetings: { id: string; title: string }[]; version: number }' },
};
