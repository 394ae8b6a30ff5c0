// The server's in-memory view of everything durable: meetings, participants' REST records,
// presets, and per group the connected-meetings state plus chat and polls. Plain data with
// lookups; the Store persists it and the services mutate it only after a commit.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "rtk/chat.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/listen.hpp"
#include "rtk/presence.hpp"
#include "rtk/preset.hpp"

namespace rtk::server {

struct MeetingRecord {
  std::string id;
  std::string title;  // may be empty
  bool active = true;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  Json options = Json::object();  // record_on_start, persist_chat, ... as given
};

// The REST-only fields of a participant; name, preset_name and custom_participant_id live in
// the group state (one source of truth).
struct ParticipantRecord {
  std::string id;
  std::string meeting_id;  // the parent meeting (group)
  Json picture = nullptr;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

struct PresetRecord {
  Preset preset;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

struct GroupData {
  GroupState state;
  PresenceMap presence;                                  // in memory only: empty after a start
  ListenMap listening;                                   // host listen-in, in memory only (rtk/listen.hpp)
  std::vector<std::string> pinned;                       // pinned participants (video slots), in memory only
  std::map<std::string, std::vector<ChatMessage>> chat;  // by meeting id, oldest first
  std::map<std::string, std::vector<Poll>> polls;        // by meeting id, creation order
  std::vector<BreakoutPlan> plans;                       // saved pre-assignment plans, creation order
};

struct Registry {
  std::vector<std::string> meeting_order;  // creation order
  std::unordered_map<std::string, MeetingRecord> meetings;
  std::unordered_map<std::string, ParticipantRecord> participants;
  std::map<std::string, PresetRecord> presets;        // by id
  std::unordered_map<std::string, GroupData> groups;  // by parent meeting id

  const PresetRecord* preset_by_name(std::string_view name) const;
  const PresetRecord* preset_by_id_or_name(std::string_view id_or_name) const;
  bool preset_in_use(std::string_view name) const;
  GroupData* group(std::string_view meeting_id);
  const GroupData* group(std::string_view meeting_id) const;

  // The permissions a participant acts with: its current preset's (looked up by name at
  // command time); a participant whose preset is gone gets no permissions beyond defaults.
  Permissions permissions_of(const GroupState& state, std::string_view participant_id) const;
  Permissions permissions_of(const Participant& p) const;  // no lookup of the participant
  Json preset_json(std::string_view name) const;
};

// JSON shapes of REST records.
Json meeting_json(const MeetingRecord& m);
Json participant_json(const ParticipantRecord& r, const Participant& p);
Json preset_full_json(const PresetRecord& p);
Json preset_summary_json(const PresetRecord& p);

}  // namespace rtk::server
