// The breakout timer on the client: mirrors connected_meetings.timer_update. The session has no
// clock: it passes the server's deadline and the server's now of the frame, and the JS facade
// turns them into a countdown with the clock offset it measured at receipt (web/src/client.js).
#include "rtk/client/session.hpp"

namespace rtk::client {

// {timer: {deadlineMs, graceMs, warned} | null, reason, serverNowMs}
Json ClientSession::timer_json() const {
  if (!timer_) return Json{{"timer", nullptr}, {"reason", "cleared"}, {"serverNowMs", nullptr}};
  Json t = nullptr;
  if (timer_->timer)
    t = Json{{"deadlineMs", timer_->timer->deadline_ms},
             {"graceMs", timer_->timer->grace_ms},
             {"warned", timer_->timer->warned}};
  return Json{{"timer", std::move(t)}, {"reason", to_string(timer_->reason)}, {"serverNowMs", timer_->now_ms}};
}

void ClientSession::on_timer_update(const proto::CmTimerUpdate& u) {
  // A `current` that repeats what we hold changes nothing: no event.
  if (timer_ && u.reason == TimerReason::current && timer_->timer == u.timer) return;
  timer_ = u;
  // timerUpdate: the timer changed (or is first known); payload timer_json().
  emit(EventName::breakoutTimerUpdate, timer_json());
  // timerWarning: the server's warning, deadline - grace: {deadlineMs, graceMs, serverNowMs}.
  if (u.reason == TimerReason::warning && u.timer)
    emit(EventName::breakoutTimerWarning,
         Json{{"deadlineMs", u.timer->deadline_ms}, {"graceMs", u.timer->grace_ms}, {"serverNowMs", u.now_ms}});
}

// A timer only lives while rooms exist (the core's invariant): a view without rooms (the
// breakout closed while this client was away) ends the timer it held.
void ClientSession::clear_timer_if_rooms_gone() {
  if (!timer_ || !timer_->timer || !mirror_.has_group() || !mirror_.group().meetings.empty()) return;
  timer_ = proto::CmTimerUpdate{std::nullopt, TimerReason::cleared, timer_->now_ms};
  emit(EventName::breakoutTimerUpdate, timer_json());
}

// broadcastMessage: a host's broadcast landed in this meeting (the banner); the same message is
// also in the chat (chatUpdate). Payload: the chat message in chatUpdate's shape.
void ClientSession::on_broadcast(const proto::CmBroadcastMessage& b) {
  if (b.message.meeting_id != mirror_.meeting_id()) return;  // sent to a room we just left
  emit(EventName::breakoutBroadcast, Json{{"message", chat_json(b.message)}});
}

// [{participantId, displayName, meetingId, meetingTitle, timeMs}], oldest first.
Json ClientSession::help_json() const {
  Json a = Json::array();
  for (const auto& r : help_.requests)
    a.push_back(Json{{"participantId", r.participant_id},
                     {"displayName", r.display_name},
                     {"meetingId", r.meeting_id},
                     {"meetingTitle", r.meeting_title},
                     {"timeMs", r.time_ms}});
  return a;
}

// helpQueueUpdate: the help queue as this participant may see it changed: {requests: help_json()}.
void ClientSession::on_help_queue(const proto::CmHelpQueue& q) {
  if (q == help_) return;
  help_ = q;
  emit(EventName::helpQueueUpdate, Json{{"requests", help_json()}});
}

}  // namespace rtk::client
