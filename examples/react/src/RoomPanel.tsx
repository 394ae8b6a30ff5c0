import { useRealtimeKitSelector } from '@openrtk/react';
import type { RTKClient } from '@openrtk/react';

/** Title of the room this meeting object is in (a breakout room or the main meeting). */
function roomTitle(m: RTKClient): string {
  const id = m.meta.meetingId;
  const cm = m.connectedMeetings;
  const room = cm.meetings.find((r) => r.id === id) ?? (cm.parentMeeting?.id === id ? cm.parentMeeting : null);
  return room?.title || m.meta.meetingTitle;
}

/** A custom panel built only from selectors: re-renders when the room, its title or its people change. */
export function RoomPanel() {
  const title = useRealtimeKitSelector(roomTitle);
  const count = useRealtimeKitSelector((m) => m.participants.joined.size + (m.self.roomJoined ? 1 : 0));
  const inBreakout = useRealtimeKitSelector((m) => !m.meta.isParent);
  const rooms = useRealtimeKitSelector((m) => m.connectedMeetings.meetings.length);

  return (
    // The room's title is in <rtk-meeting>'s header already: the panel carries it as data only
    // (data-room-title), so a person sees it once.
    <section aria-label="Current room" data-testid="room-panel" data-room-title={title} style={{ display: 'flex', gap: '1.5em', alignItems: 'baseline', padding: '0.5em 1em', background: '#eef1f6', color: '#15171c' }}>
      <span data-testid="room-count">
        {count} participant{count === 1 ? '' : 's'}
      </span>
      <span data-testid="room-kind">{inBreakout ? 'breakout room' : rooms ? `main room, ${rooms} breakout rooms open` : 'main room'}</span>
    </section>
  );
}
