// Type test (tests/e2e/examples/types.test.mjs): a small app against @openrtk/react and
// @openrtk/react-ui, compiled with `tsc --noEmit`. Each @ts-expect-error line must be an
// error, or the compile fails ("Unused '@ts-expect-error' directive"): the typings are not `any`.
import { useEffect, useRef } from 'react';
import {
  RealtimeKitProvider,
  useRealtimeKitClient,
  useRealtimeKitMeeting,
  useRealtimeKitSelector,
  type RTKClient,
} from '@openrtk/react';
import {
  RtkBreakoutRoomManager,
  RtkBreakoutRoomParticipants,
  RtkBreakoutRoomsManager,
  RtkBreakoutRoomsToggle,
  RtkMeeting,
  createComponent,
  components,
} from '@openrtk/react-ui';

function Title() {
  const title: string = useRealtimeKitSelector((m) => m.meta.meetingTitle);
  const count: number = useRealtimeKitSelector((m) => m.participants.joined.size);
  const rooms = useRealtimeKitSelector((m) => m.connectedMeetings.meetings.map((r) => r.title));
  // @ts-expect-error the selector's result type is inferred: string[] is not a number
  const wrong: number = useRealtimeKitSelector((m) => m.connectedMeetings.meetings.map((r) => r.title));
  return (
    <h1>
      {title} {count} {rooms.join(',')} {wrong}
    </h1>
  );
}

function Inner() {
  const { meeting } = useRealtimeKitMeeting();
  const ref = useRef<HTMLElement>(null);
  void meeting.connectedMeetings.moveParticipants(meeting.meta.meetingId, 'room', [meeting.self.userId]);
  return (
    <>
      <RtkMeeting
        ref={ref}
        meeting={meeting}
        showSetupScreen
        mode="fill"
        className="meeting"
        style={{ height: '100%' }}
        onRtkMeetingChanged={(e) => {
          const next: RTKClient = e.detail;
          return next.meta.meetingId;
        }}
      />
      <RtkBreakoutRoomsToggle meeting={meeting} variant="button" />
      <RtkBreakoutRoomsManager meeting={meeting} />
      <RtkBreakoutRoomManager
        room={{ id: 'r1', title: 'Room 1', participants: [{ id: 'p', name: 'Ada' }] }}
        mode="edit"
        onUpdate={(e) => e.detail.title.toUpperCase()}
        onRoomJoin={(e) => e.detail.toUpperCase()}
      />
      <RtkBreakoutRoomParticipants participants={[]} onSelectedParticipantsUpdate={(e) => e.detail.length} />
      {/* @ts-expect-error meeting must be a meeting object */}
      <RtkMeeting meeting={42} />
      {/* @ts-expect-error mode is 'fill' | 'fixed' */}
      <RtkMeeting mode="full" />
      {/* @ts-expect-error the event detail of update is {id, title}, not a string */}
      <RtkBreakoutRoomManager onUpdate={(e: CustomEvent<string>) => e.detail} />
    </>
  );
}

// the generic factory is public, for elements added later
const Custom = createComponent<{ meeting?: RTKClient | null; onRtkThing?: (e: CustomEvent<number>) => void }>('rtk-custom-thing');
const Grid = components['rtk-grid'];

export function App() {
  const [meeting, initMeeting] = useRealtimeKitClient({ resetOnLeave: true });
  useEffect(() => {
    void initMeeting({ authToken: 'token', defaults: { audio: false, video: true } });
    // @ts-expect-error authToken is required
    void initMeeting({ defaults: { audio: false } });
  }, [initMeeting]);
  return (
    <RealtimeKitProvider value={meeting} fallback={<p>Joining…</p>}>
      <Inner />
      <Title />
      <Custom meeting={meeting} onRtkThing={(e) => e.detail + 1} />
      <Grid meeting={meeting} />
    </RealtimeKitProvider>
  );
}

// @ts-expect-error useRealtimeKitMeeting returns { meeting }, not the meeting
export const bad = (): RTKClient => useRealtimeKitMeeting();
