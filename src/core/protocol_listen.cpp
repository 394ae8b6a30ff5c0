// Codecs of the listen-in messages (rtk/listen.hpp); the types are declared in rtk/protocol.hpp
// and listed in all_messages() with the rest.
#include "field_reader.hpp"
#include "rtk/listen.hpp"

namespace rtk::proto {
namespace {
Error err(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }
}  // namespace

std::vector<ListenerItem> listeners_for(const GroupState& state, const ListenMap& listens, std::string_view viewer,
                                        bool viewer_is_host) {
  std::vector<ListenerItem> out;
  const Meeting* mine = state.meeting_of(viewer);
  for (const auto& [pid, l] : listens) {
    if (!viewer_is_host && (!mine || mine->id != l.meeting_id)) continue;
    const Participant* who = state.find_participant(pid);
    out.push_back(ListenerItem{pid, who ? who->name : std::string(), l.meeting_id});
  }
  return out;
}

Status from_json(const Json& j, CmListen& out) {
  FieldReader r(j, "data");
  r.req("meeting_id", out.meeting_id);
  if (!r.ok()) return r.error();
  if (out.meeting_id.empty()) return err("data.meeting_id: must not be empty");
  return ok_status();
}
Json to_json(const CmListen& m) { return Json{{"meeting_id", m.meeting_id}}; }

Status from_json(const Json& j, ListenReply& out) {
  if (!j.is_object()) return err("data: expected object");
  FieldReader r(j, "data");
  r.opt("meeting_id", out.meeting_id);
  return r.ok() ? ok_status() : r.error();
}
Json to_json(const ListenReply& m) { return Json{{"meeting_id", m.meeting_id ? Json(*m.meeting_id) : Json(nullptr)}}; }

Status read_listeners(const Json* arr, const std::string& path, std::vector<ListenerItem>& out) {
  if (!arr) return ok_status();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    FieldReader x((*arr)[i], path + "[" + std::to_string(i) + "]");
    ListenerItem item;
    x.req("participant_id", item.participant_id);
    x.opt("display_name", item.display_name);
    x.req("meeting_id", item.meeting_id);
    if (!x.ok()) return x.error();
    out.push_back(std::move(item));
  }
  return ok_status();
}

Json listeners_json(const std::vector<ListenerItem>& v) {
  Json a = Json::array();
  for (const auto& l : v)
    a.push_back(
        Json{{"participant_id", l.participant_id}, {"display_name", l.display_name}, {"meeting_id", l.meeting_id}});
  return a;
}

Status from_json(const Json& j, CmListeners& out) {
  FieldReader r(j, "data");
  const Json* arr = r.req_array("listeners");
  if (!r.ok()) return r.error();
  return read_listeners(arr, "data.listeners", out.listeners);
}
Json to_json(const CmListeners& m) { return Json{{"listeners", listeners_json(m.listeners)}}; }

}  // namespace rtk::proto
