#include "rtk/video_slots.hpp"

#include <algorithm>

namespace rtk {

std::vector<std::string> choose_video_slots(const VideoSlotInput& in) {
  std::vector<std::string> out;
  const auto is_candidate = [&](const std::string& id) {
    return std::find(in.candidates.begin(), in.candidates.end(), id) != in.candidates.end();
  };
  const auto take = [&](const std::vector<std::string>& from) {
    for (const auto& id : from) {
      if (out.size() >= in.k) return;
      if (id == in.self || !is_candidate(id) || std::find(out.begin(), out.end(), id) != out.end()) continue;
      out.push_back(id);
    }
  };
  take(in.pinned);
  take(in.speakers);
  take(in.candidates);
  return out;
}

void note_speaker(std::vector<std::string>& speakers, std::string_view who, std::size_t keep) {
  if (who.empty()) return;
  speakers.erase(std::remove(speakers.begin(), speakers.end(), who), speakers.end());
  speakers.insert(speakers.begin(), std::string(who));
  if (speakers.size() > keep) speakers.resize(keep);
}

Status check_may_pin(const GroupState& state, const Actor& actor, std::string_view target, bool sfu_mode) {
  if (!actor.permissions.pin_participant)
    return make_error(ErrorCode::permission_denied, "pinning a participant needs pin_participant in your preset");
  if (!sfu_mode)
    return make_error(ErrorCode::unavailable,
                      "pinning needs the SFU media mode (video slots): this server runs --media mesh, where every "
                      "peer receives every video (start rtk-server with --media sfu and Janus)");
  if (!state.find_participant(target))
    return make_error(ErrorCode::not_found,
                      "data.participant_id: no participant " + std::string(target) + " in this meeting");
  return ok_status();
}

bool set_pinned(std::vector<std::string>& pinned, std::string_view who, bool pin) {
  auto it = std::find(pinned.begin(), pinned.end(), who);
  if (pin == (it != pinned.end())) return false;
  if (pin)
    pinned.emplace_back(who);
  else
    pinned.erase(it);
  return true;
}

}  // namespace rtk
