// What a ClientSession asks its host to do, and the declared list of its API events.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "rtk/json.hpp"

namespace rtk::client {

// Every event between the C++ session and the JS facade, declared once:
//   X(enumerator, target emitter in JS, public event name)
// The session emits by enumerator (a typo does not compile); web/ reads event_table() for
// the target and public name; a unit test pins the public names.
// clang-format off
#define RTK_CLIENT_EVENTS(X)                                     \
  X(localMediaReady, "self", "localMediaReady")                  \
  X(socketConnectionUpdate, "meta", "socketConnectionUpdate")    \
  X(roomJoined, "self", "roomJoined")                            \
  X(roomLeft, "self", "roomLeft")                                \
  X(participantJoined, "participants", "participantJoined")      \
  X(participantLeft, "participants", "participantLeft")          \
  X(participantUpdated, "participants", "participantUpdated")    \
  X(participantAudioUpdate, "participants", "audioUpdate")       \
  X(participantVideoUpdate, "participants", "videoUpdate")       \
  X(selfAudioUpdate, "self", "audioUpdate")                      \
  X(selfVideoUpdate, "self", "videoUpdate")                      \
  X(selfPermissionsUpdate, "self", "permissionsUpdate")          \
  X(stateUpdate, "connectedMeetings", "stateUpdate")             \
  X(changingMeeting, "connectedMeetings", "changingMeeting")     \
  X(meetingChanged, "connectedMeetings", "meetingChanged")       \
  X(breakoutTimerUpdate, "connectedMeetings", "timerUpdate")     \
  X(breakoutTimerWarning, "connectedMeetings", "timerWarning")   \
  X(breakoutBroadcast, "connectedMeetings", "broadcastMessage")  \
  X(helpQueueUpdate, "connectedMeetings", "helpQueueUpdate")     \
  X(listenUpdate, "connectedMeetings", "listenUpdate")           \
  X(breakoutPlanUpdate, "connectedMeetings", "planUpdate")       \
  X(chatUpdate, "chat", "chatUpdate")                            \
  X(pollsUpdate, "polls", "pollsUpdate")                         \
  X(recordingUpdate, "recording", "recordingUpdate")             \
  X(requestResolved, "client", "requestResolved")                \
  X(requestRejected, "client", "requestRejected")                \
  X(peerState, "client", "peerState")                            \
  X(sessionEnded, "client", "sessionEnded")                      \
  X(error, "client", "error")                                    \
  X(meshUpdate, "client", "meshUpdate")                          \
  X(videoSlotsUpdate, "participants", "videoSlotsUpdate")        \
  X(mediaConnectionUpdate, "meta", "mediaConnectionUpdate")
// clang-format on

enum class EventName {
#define RTK_X(e, target, pub) e,
  RTK_CLIENT_EVENTS(RTK_X)
#undef RTK_X
};

struct EventInfo {
  EventName name;
  std::string_view internal;  // the name the session emits (= the enumerator)
  std::string_view target;    // meta | self | participants | connectedMeetings | chat | polls | client
  std::string_view public_name;
};
std::span<const EventInfo> event_table();
std::string_view to_string(EventName e) noexcept;

namespace out {
struct SendFrame {  // send this text frame on the WebSocket
  std::string text;
};
struct OpenSocket {};   // open the WebSocket (the host knows the URL)
struct CloseSocket {};  // close it (after leave or session end)
struct StartTimer {     // call on_timer() after delay_ms (replaces any pending timer)
  std::uint32_t delay_ms = 0;
};
struct OpenPeer {  // create an RTCPeerConnection to `peer`
  std::string peer;
  bool polite = false;
};
struct ClosePeer {
  std::string peer;
};
struct AttachLocalTracks {  // add the local audio/video tracks to the peer connection
  std::string peer;
};
struct CreateOffer {  // pc.setLocalDescription(); report with on_local_description
  std::string peer;
};
struct SetRemoteDescription {  // pc.setRemoteDescription({type, sdp}); for an offer, then
  std::string peer;            // pc.setLocalDescription() and report the answer
  std::string type;            // "offer" | "answer"
  std::string sdp;
};
struct AddIceCandidate {
  std::string peer;
  std::string candidate;
  std::string sdp_mid;
  std::int64_t sdp_m_line_index = 0;
};
struct SetTrackEnabled {  // local track.enabled = enabled (tracks are never stopped)
  std::string kind;       // "audio" | "video"
  bool enabled = false;
};
struct RemapTrack {  // a `switch`: the track of `peer`'s m-line `mid` now carries `to` ("" nobody)
  std::string peer;
  std::string mid;
  std::string kind;
  std::string from;  // who it carried before ("" nobody)
  std::string to;
};
struct Event {  // an API event for the JS facade
  std::string name;
  Json payload;
};
}  // namespace out

using Output = std::variant<out::SendFrame, out::OpenSocket, out::CloseSocket, out::StartTimer, out::OpenPeer,
                            out::ClosePeer, out::AttachLocalTracks, out::CreateOffer, out::SetRemoteDescription,
                            out::AddIceCandidate, out::SetTrackEnabled, out::RemapTrack, out::Event>;

}  // namespace rtk::client
