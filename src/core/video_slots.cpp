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

}  // namespace rtk
