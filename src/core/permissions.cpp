#include "rtk/permissions.hpp"

#include "rtk/meeting.hpp"

namespace rtk {

Status check_alter_connected_meetings(const Actor& actor, std::string_view what) {
  if (actor.permissions.connected_meetings.can_alter_connected_meetings) return ok_status();
  return make_error(ErrorCode::permission_denied,
                    std::string(what) + " needs can_alter_connected_meetings in the participant's preset");
}

Status check_move(const Actor& actor, const GroupState& state, std::string_view destination_meeting_id,
                  const std::vector<std::string>& participant_ids, bool custom_preset) {
  const auto& cm = actor.permissions.connected_meetings;
  if (cm.can_alter_connected_meetings) return ok_status();
  if (custom_preset)
    return make_error(ErrorCode::permission_denied, "moving with a custom preset needs can_alter_connected_meetings");
  for (const auto& id : participant_ids) {
    if (actor.is_system() || id != actor.participant_id)
      return make_error(ErrorCode::permission_denied, "moving other participants needs can_alter_connected_meetings");
  }
  if (state.is_parent(destination_meeting_id)) {
    if (!cm.can_switch_to_parent_meeting)
      return make_error(ErrorCode::permission_denied,
                        "switching to the parent meeting needs can_switch_to_parent_meeting");
  } else if (!cm.can_switch_connected_meetings && !state.self_selection.enabled) {
    return make_error(ErrorCode::permission_denied,
                      "switching connected meetings needs can_switch_connected_meetings (or self-selection on)");
  }
  return ok_status();
}

Status check_self(const Actor& actor, std::string_view participant_id, std::string_view what) {
  if (actor.is_system() || actor.participant_id == participant_id) return ok_status();
  return make_error(ErrorCode::permission_denied, std::string(what) + " may only be done by the participant itself");
}

Status check_system(const Actor& actor, std::string_view what) {
  if (actor.is_system()) return ok_status();
  return make_error(ErrorCode::permission_denied, std::string(what) + " is only available through the REST API");
}

Status check_chat_send(const Permissions& p) {
  if (p.chat.public_can_send && p.chat.public_text) return ok_status();
  return make_error(ErrorCode::permission_denied, "this preset may not send public text messages");
}

Status check_poll_create(const Permissions& p) {
  if (p.polls.can_create) return ok_status();
  return make_error(ErrorCode::permission_denied, "this preset may not create polls");
}

Status check_poll_vote(const Permissions& p) {
  if (p.polls.can_vote) return ok_status();
  return make_error(ErrorCode::permission_denied, "this preset may not vote in polls");
}

Status check_record(const Permissions& p) {
  if (p.can_record) return ok_status();
  return make_error(ErrorCode::permission_denied, "this preset may not record (can_record is false)");
}

std::vector<std::string> switchable_meetings(const Actor& actor, const GroupState& state) {
  std::vector<std::string> out;
  const Meeting* current = state.meeting_of(actor.participant_id);
  auto allowed = [&](const std::string& id) {
    if (current && current->id == id) return false;
    return check_move(actor, state, id, {actor.participant_id}, false).ok();
  };
  if (allowed(state.parent.id)) out.push_back(state.parent.id);
  for (const auto& m : state.meetings)
    if (allowed(m.id)) out.push_back(m.id);
  return out;
}

}  // namespace rtk
