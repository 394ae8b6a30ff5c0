/** A participant as the breakout room components list them. */
export interface BreakoutRoomParticipant {
  id: string;
  name: string;
}
/** A room card's data (<rtk-breakout-room-manager room>). */
export interface BreakoutRoom {
  id: string;
  title: string;
  participants: BreakoutRoomParticipant[];
  isParent?: boolean;
}
