// Same helper as @openrtk/react's follow.ts (the two packages share no runtime code).
import type RealtimeKitClient from '@openrtk/client';

/**
 * Follows a meeting through room switches: listens for `meetingChanged` on the current meeting
 * object and, inside that same event, moves its listener to the new object before telling
 * `onChange`. Moving synchronously matters: the SDK delivers connected-meetings events to the
 * newest meeting object that has listeners, so a listener left on the old object (waiting for
 * a React effect to move it) could miss the next switch.
 *
 * Returns a function that stops following.
 */
export function followMeeting(
  initial: RealtimeKitClient,
  onChange: (meeting: RealtimeKitClient) => void,
): () => void {
  let current: RealtimeKitClient | null = initial;
  const handler = (next: RealtimeKitClient) => {
    if (!current || !next || next === current) return;
    current.connectedMeetings.off('meetingChanged', handler);
    current = next;
    next.connectedMeetings.on('meetingChanged', handler);
    onChange(next);
  };
  initial.connectedMeetings?.on('meetingChanged', handler);
  return () => {
    current?.connectedMeetings?.off('meetingChanged', handler);
    current = null;
  };
}
