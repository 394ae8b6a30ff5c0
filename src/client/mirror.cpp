#include "rtk/client/mirror.hpp"

#include <algorithm>

#include "rtk/permissions.hpp"

namespace rtk::client {

std::vector<proto::RoomMember> Mirror::enter(proto::RoomJoined rj) {
  std::vector<proto::RoomMember> before = std::move(roster_);
  meeting_id_ = rj.meeting_id;
  meeting_title_ = rj.meeting_title;
  is_parent_ = rj.is_parent;
  self_ = rj.self;
  set_preset(rj.preset);
  roster_.clear();
  for (auto& m : rj.participants)
    if (m.participant.id != self_.participant.id) roster_.push_back(std::move(m));
  chat_ = std::move(rj.chat);
  chat_has_more_ = rj.chat_has_more;
  polls_.clear();
  if (rj.polls.is_array())
    for (const auto& p : rj.polls) polls_.push_back(p);
  limits_ = rj.limits;
  return before;
}

std::vector<RoomChange> Mirror::apply(const proto::RoomUpdate& u) {
  std::vector<RoomChange> changes;
  if (u.meeting_id != meeting_id_) return changes;
  for (const auto& e : u.events) {
    const std::string& id = e.member.participant.id;
    if (id == self_.participant.id) {
      if (e.kind == proto::RoomEvent::Kind::updated) self_.participant = e.member.participant;
      continue;
    }
    auto it = std::find_if(roster_.begin(), roster_.end(),
                           [&](const proto::RoomMember& m) { return m.participant.id == id; });
    switch (e.kind) {
      case proto::RoomEvent::Kind::joined:
        if (it != roster_.end()) {  // already here: a new session of the same participant
          *it = e.member;
          changes.push_back({RoomChange::Kind::rejoined, e.member});
        } else {
          roster_.push_back(e.member);
          changes.push_back({RoomChange::Kind::joined, e.member});
        }
        break;
      case proto::RoomEvent::Kind::left:
        if (it != roster_.end()) {
          RoomChange c{RoomChange::Kind::left, *it};
          roster_.erase(it);
          changes.push_back(std::move(c));
        }
        break;
      case proto::RoomEvent::Kind::updated:
        if (it != roster_.end() && !(it->participant == e.member.participant)) {
          it->participant = e.member.participant;
          changes.push_back({RoomChange::Kind::updated, *it});
        }
        break;
      case proto::RoomEvent::Kind::media:
        if (it != roster_.end()) {
          if (it->audio_enabled != e.member.audio_enabled) {
            it->audio_enabled = e.member.audio_enabled;
            changes.push_back({RoomChange::Kind::audio, *it});
          }
          if (it->video_enabled != e.member.video_enabled) {
            it->video_enabled = e.member.video_enabled;
            changes.push_back({RoomChange::Kind::video, *it});
          }
        }
        break;
      case proto::RoomEvent::Kind::unknown: break;
    }
  }
  return changes;
}

bool Mirror::add_chat(const ChatMessage& m) {
  if (m.meeting_id != meeting_id_) return false;
  for (const auto& c : chat_)
    if (c.id == m.id) return false;
  chat_.push_back(m);
  return true;
}

bool Mirror::upsert_poll(const Json& poll) {
  if (!poll.is_object() || !poll.contains("id") || !poll["id"].is_string()) return false;
  for (auto& p : polls_)
    if (p.value("id", std::string()) == poll["id"].get<std::string>()) {
      p = poll;
      return false;
    }
  polls_.push_back(poll);
  return true;
}

bool Mirror::set_preset(const Json& preset) {
  auto p = preset_from_json(preset);
  if (!p) return false;
  if (permissions_ && *permissions_ == p->permissions) return false;
  permissions_ = p->permissions;
  return true;
}

std::vector<std::string> Mirror::roster_ids() const {
  std::vector<std::string> v;
  for (const auto& m : roster_) v.push_back(m.participant.id);
  return v;
}

bool Mirror::in_room(std::string_view id) const {
  return std::any_of(roster_.begin(), roster_.end(),
                     [&](const proto::RoomMember& m) { return m.participant.id == id; });
}

std::string Mirror::name_of(std::string_view id) const {
  if (id == self_.participant.id) return self_.participant.name;
  for (const auto& m : roster_)
    if (m.participant.id == id) return m.participant.name;
  if (const MemberView* m = group_.find_member(id)) return m->participant.name;
  return "";
}

GroupResult Mirror::on_state(proto::CmState part) {
  auto done = state_parts_.add(std::move(part));
  if (!done) return GroupResult::partial;
  if (!*done) return GroupResult::invalid;
  GroupView v = std::move((*done)->view);
  if (has_group_ && v.version < group_.version) return GroupResult::unchanged;  // stale
  if (has_group_ && v == group_) return GroupResult::unchanged;
  group_ = std::move(v);
  has_group_ = true;
  delta_parts_.reset();
  return GroupResult::changed;
}

GroupResult Mirror::on_delta(proto::CmDelta part) {
  auto done = delta_parts_.add(std::move(part));
  if (!done) return GroupResult::partial;
  if (!*done) return GroupResult::invalid;
  if (!has_group_) return GroupResult::gap;
  switch (apply_delta(group_, (*done)->delta)) {
    case DeltaResult::applied: return GroupResult::changed;
    case DeltaResult::stale: return GroupResult::unchanged;
    case DeltaResult::gap: return GroupResult::gap;
  }
  return GroupResult::invalid;
}

GroupResult Mirror::on_presence(const proto::CmPresence& p) {
  if (!has_group_) return GroupResult::unchanged;
  GroupView before = group_;
  apply_presence(group_, p.participants);
  return before == group_ ? GroupResult::unchanged : GroupResult::changed;
}

std::vector<std::string> Mirror::switch_targets() const {
  if (!permissions_ || !has_group_) return {};
  // The core decides (check_move); it needs only ids and where self is.
  GroupState s;
  s.version = group_.version;
  s.parent.id = group_.parent.id;
  s.self_selection = group_.self_selection;
  for (const auto& m : group_.meetings) s.meetings.push_back(Meeting{m.id, m.title, {}});
  Meeting* cur = s.find_meeting(meeting_id_);
  if (!cur) return {};
  cur->participants.push_back(self_.participant);
  return switchable_meetings(Actor::participant(self_.participant.id, *permissions_), s);
}

void Mirror::reset_parts() {
  joined_parts_.reset();
  state_parts_.reset();
  delta_parts_.reset();
}

}  // namespace rtk::client
