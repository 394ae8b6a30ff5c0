// Lines the typings must refuse; each is marked so that tsc fails if it is accepted.
import RealtimeKitClient from '@openrtk/client';

declare const meeting: RealtimeKitClient;
// @ts-expect-error: unknown event name
meeting.connectedMeetings.on('meetingChangd', () => {});
// @ts-expect-error: changingMeeting gets a string, not an object
meeting.connectedMeetings.on('changingMeeting', (p: { id: string }) => p);
// @ts-expect-error: moveParticipants needs three arguments
void meeting.connectedMeetings.moveParticipants('a', 'b');
// @ts-expect-error: authToken is required
void RealtimeKitClient.init({ baseURI: 'x' });
