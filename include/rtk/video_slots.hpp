// Large rooms (issue 10): a subscriber receives the audio of everyone it should hear but at
// most K videos. Which publishers hold its K video slots is decided here, once: pinned ones
// first (in pin order), then the most recent speakers (most recent first), then a stable fill
// in join order; never the subscriber itself, never twice, never a participant that is not a
// candidate (one whose video the subscriber may receive at all). Pure: the SFU controller keeps
// the speaker history (note_speaker) and feeds it the candidates.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/meeting.hpp"
#include "rtk/permissions.hpp"

namespace rtk {

inline constexpr std::size_t kDefaultVideoSlots = 9;
inline constexpr std::size_t kMaxVideoSlots = 64;  // --video-slots / RTK_VIDEO_SLOTS: 1..64

struct VideoSlotInput {
  std::vector<std::string> candidates;  // whose video may reach the subscriber, in join order
  std::vector<std::string> pinned;      // pinned participants, in pin order
  std::vector<std::string> speakers;    // who spoke, most recent first (note_speaker)
  std::string self;                     // the subscriber: never in its own slots
  std::size_t k = kDefaultVideoSlots;
};

// At most k participant ids, in slot priority order (pinned, speakers, join order).
std::vector<std::string> choose_video_slots(const VideoSlotInput& in);

// `who` started talking: it becomes the most recent speaker (moved to the front); the history
// keeps at most `keep` entries (the oldest fall off).
void note_speaker(std::vector<std::string>& speakers, std::string_view who, std::size_t keep = kMaxVideoSlots);

// participant.pin() / unpin() (RealtimeKit: a host action for the whole meeting): may `actor` pin
// or unpin `target`? In this order: permission_denied without pin_participant (the system, the
// API key, may); unavailable in mesh mode (there are no slots: every peer sends everything);
// not_found for a participant not in the group.
Status check_may_pin(const GroupState& state, const Actor& actor, std::string_view target, bool sfu_mode);
// Pins (appended: pin order) or unpins `who`; true when the list changed.
bool set_pinned(std::vector<std::string>& pinned, std::string_view who, bool pin);

}  // namespace rtk
