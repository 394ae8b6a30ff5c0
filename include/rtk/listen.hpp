// Host listen-in (issue 12): a host (a preset with can_alter_connected_meetings) sees and hears
// one other meeting of its group without leaving its own, receive-only, in SFU mode only. The
// participants of the listened meeting are told who listens. Listening is presence-like: kept
// in memory, never stored, it does not raise the group version and ends when the listener
// disconnects (or reconnects: a new session), moves into that meeting, loses the permission, or
// the meeting is deleted (breakout closed). The rules are pure and live here; the server keeps
// the map and prunes it after every change (listen_holds). Messages are declared in
// protocol.hpp (type names, all_messages()); their payloads and codecs are below.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/meeting.hpp"
#include "rtk/permissions.hpp"
#include "rtk/presence.hpp"

namespace rtk {

struct Listen {
  std::string meeting_id;     // the meeting listened to
  std::uint32_t session = 0;  // the listener's presence session when it started
  friend bool operator==(const Listen&, const Listen&) = default;
};
// By listener (participant id); at most one listened meeting per participant.
using ListenMap = std::map<std::string, Listen>;

// May `actor` listen to `meeting_id` now? In this order: permission_denied without
// can_alter_connected_meetings (or for the system: the API key has no media); unavailable in
// mesh media mode (no server sees the media); not_found for a meeting not in the group;
// invalid_argument for the listener's own current meeting.
Status check_may_listen(const GroupState& state, const Actor& actor, std::string_view meeting_id, bool sfu_mode);

// Does a listen still hold: the listener is in the group, connected with the same session, has
// the permission, and the meeting exists and is not the listener's current meeting.
bool listen_holds(const GroupState& state, const PresenceMap& presence, const Permissions& listener_permissions,
                  const std::string& listener_id, const Listen& listen);

// The listens that no longer hold (listener ids, sorted), to be removed by the caller.
std::vector<std::string> ended_listens(const GroupState& state, const PresenceMap& presence, const ListenMap& listens,
                                       const std::function<Permissions(const std::string&)>& permissions_of);

// The meetings whose listeners differ between two maps (old and new meeting of each change).
std::vector<std::string> listen_changed_meetings(const ListenMap& before, const ListenMap& after);

}  // namespace rtk

namespace rtk::proto {

// connected_meetings.listen {meeting_id}
struct CmListen {
  std::string meeting_id;
  friend bool operator==(const CmListen&, const CmListen&) = default;
};
// The reply of listen and stop_listening: the meeting the caller now listens to, or null.
struct ListenReply {
  std::optional<std::string> meeting_id;
  friend bool operator==(const ListenReply&, const ListenReply&) = default;
};
struct ListenerItem {  // {participant_id, display_name, meeting_id}
  std::string participant_id;
  std::string display_name;
  std::string meeting_id;
  friend bool operator==(const ListenerItem&, const ListenerItem&) = default;
};
// connected_meetings.listeners and room.joined's `listeners`: who listens, as the receiver may
// see it (a host: every listen of the group; anyone else: the listens of its own meeting).
struct CmListeners {  // {listeners:[{participant_id, display_name, meeting_id}]}
  std::vector<ListenerItem> listeners;
  friend bool operator==(const CmListeners&, const CmListeners&) = default;
};

// The listeners `viewer` may see (in listener id order).
std::vector<ListenerItem> listeners_for(const GroupState& state, const ListenMap& listens, std::string_view viewer,
                                        bool viewer_is_host);

Status from_json(const Json& j, CmListen& out);
Json to_json(const CmListen& m);
Status from_json(const Json& j, ListenReply& out);
Json to_json(const ListenReply& m);
Status from_json(const Json& j, CmListeners& out);
Json to_json(const CmListeners& m);
// The list alone (room.joined's `listeners`); a null `arr` is an empty list.
Json listeners_json(const std::vector<ListenerItem>& v);
Status read_listeners(const Json* arr, const std::string& path, std::vector<ListenerItem>& out);

}  // namespace rtk::proto
