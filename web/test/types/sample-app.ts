// A sample app written against RealtimeKit 2.0.2's API; `tsc --noEmit` must accept it.
import RealtimeKitClient, { RtkError, type RTKParticipant } from '@openrtk/client';

async function main(token: string): Promise<void> {
  const meeting = await RealtimeKitClient.init({ authToken: token, baseURI: '127.0.0.1:8080', defaults: { audio: true, video: false } });
  meeting.self.on('roomJoined', ({ reconnected }) => console.log('joined', reconnected));
  meeting.self.on('roomLeft', ({ state }) => {
    if (state === 'connected-meeting') console.log('switching rooms');
  });
  meeting.participants.joined.on('participantJoined', (p: RTKParticipant) => {
    const video = document.createElement('video');
    p.registerVideoElement(video);
    p.on('videoUpdate', ({ videoEnabled, videoTrack }) => console.log(videoEnabled, videoTrack?.id));
  });
  meeting.meta.on('socketConnectionUpdate', ({ state }) => console.log(state));
  meeting.chat.on('chatUpdate', ({ message }) => console.log(message.displayName, message.message, message.time.getTime()));
  meeting.polls.on('pollsUpdate', ({ polls, newPoll }) => console.log(polls.length, newPoll));
  await meeting.join();
  await meeting.self.disableVideo();
  await meeting.chat.sendTextMessage('hello');
  await meeting.polls.create('Lunch?', ['yes', 'no']);

  const cm = meeting.connectedMeetings;
  cm.on('stateUpdate', ({ meetings, parentMeeting }) => console.log(meetings.length, parentMeeting.id));
  cm.on('changingMeeting', (id: string) => console.log('to', id));
  const rebind = (m: RealtimeKitClient) => {
    m.connectedMeetings.on('meetingChanged', rebind);
    console.log(m.meta.meetingId, m.self.permissions.connectedMeetings.canSwitchToParentMeeting);
  };
  cm.on('meetingChanged', rebind);
  const state = await cm.getConnectedMeetings();
  const rooms = await cm.createMeetings([{ title: 'Room 1' }, { title: 'Room 2' }]);
  await cm.updateMeetings([{ id: rooms[0].id, title: 'Renamed' }]);
  try {
    await cm.moveParticipants(meeting.meta.meetingId, rooms[0].id, [meeting.self.userId]);
  } catch (e) {
    if (e instanceof RtkError && e.code === 'permission_denied') console.log('not allowed');
  }
  await cm.moveParticipantsWithCustomPreset(state.parentMeeting.id!, rooms[1].id, [{ id: 'p', presetId: 'group_call_host' }]);
  const { plans, lateJoiners } = await cm.getBreakoutPlans();
  cm.on('planUpdate', ({ lateJoiners: now, planId }) => console.log(now, planId, cm.lateJoiners, cm.planId));
  if (plans[0] && lateJoiners !== 'planned') await cm.setLateJoinPolicy('planned');
  if (plans[0]) console.log((await cm.startBreakoutPlan(plans[0].id, { durationMs: 60000 })).meetings[0].title, plans[0].rooms[0].customParticipantIds);
  const started = await cm.startBreakout({ meetings: [{ title: 'A' }], assignments: [{ participantId: 'x', meetingIndex: 0 }], shuffle: true });
  console.log(started.version, cm.isActive);
  await cm.closeBreakout();
  await cm.deleteMeetings(rooms.map((r) => r.id));
  const pc: RTCPeerConnection | null = meeting.__internals__.peerConnection('peer');
  console.log(pc?.connectionState);
  await meeting.leave();
}
void main;
