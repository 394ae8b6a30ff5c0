// Host listen-in on the client (rtk/listen.hpp): mirrors who listens in (connected_meetings.
// listeners, room.joined's listeners) and which meeting this participant listens to (the same
// list: a host sees every listen; the listen/stop replies). The rules are the server's; the
// feeds of the listened meeting arrive on the SFU subscriber like any other (sfu.offer's
// streams name their participants), so the page gets their tracks with no extra step.
#include "rtk/client/session.hpp"

namespace rtk::client {

// {listening: meetingId | null, listeners: [{participantId, displayName, meetingId}]}
Json ClientSession::listen_json() const {
  Json ls = Json::array();
  for (const auto& l : listeners_.listeners)
    ls.push_back(
        Json{{"participantId", l.participant_id}, {"displayName", l.display_name}, {"meetingId", l.meeting_id}});
  return Json{{"listening", listening_ ? Json(*listening_) : Json(nullptr)}, {"listeners", std::move(ls)}};
}

// listenUpdate: who listens in changed, or which meeting this participant listens to; payload
// listen_json(). Nothing is emitted when neither changed.
void ClientSession::set_listen(proto::CmListeners listeners, std::optional<std::string> listening) {
  if (listeners == listeners_ && listening == listening_) return;
  listeners_ = std::move(listeners);
  listening_ = std::move(listening);
  emit(EventName::listenUpdate, listen_json());
}

void ClientSession::on_listeners(const proto::CmListeners& l) {
  // This participant's own listen is in the list when it has one (only hosts listen, and hosts
  // see every listen of the group).
  std::optional<std::string> mine;
  for (const auto& x : l.listeners)
    if (x.participant_id == self_id()) mine = x.meeting_id;
  set_listen(l, mine);
}

// The reply of listen and stop_listening: the meeting this participant now listens to (or none).
// Usually the listeners event came first and this changes nothing; it also settles a stop whose
// event this participant did not get (e.g. it lost the host role meanwhile).
void ClientSession::on_listen_reply(const proto::ListenReply& r) {
  proto::CmListeners l = listeners_;
  if (!r.meeting_id)
    std::erase_if(l.listeners, [&](const proto::ListenerItem& x) { return x.participant_id == self_id(); });
  set_listen(std::move(l), r.meeting_id);
}

}  // namespace rtk::client
