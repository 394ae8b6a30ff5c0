// Codec of sfu.slots (large rooms, rtk/video_slots.hpp); the type is declared in
// rtk/protocol.hpp and listed in all_messages() with the rest.
#include "field_reader.hpp"
#include "rtk/protocol.hpp"

namespace rtk::proto {

Status from_json(const Json& j, SfuSlots& out) {
  FieldReader r(j, "data");
  r.req("video", out.video);
  r.opt("active_speaker", out.active_speaker);
  const Json* streams = r.req_array("streams");
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < streams->size(); ++i) {
    FieldReader s((*streams)[i], "data.streams[" + std::to_string(i) + "]");
    SfuStream st;
    s.req("mid", st.mid);
    s.opt("participant_id", st.participant_id);
    s.req("kind", st.kind);
    s.opt("active", st.active);
    if (!s.ok()) return s.error();
    out.streams.push_back(std::move(st));
  }
  return ok_status();
}

Json to_json(const SfuSlots& m) {
  Json streams = Json::array();
  for (const auto& s : m.streams)
    streams.push_back(
        Json{{"mid", s.mid}, {"participant_id", s.participant_id}, {"kind", s.kind}, {"active", s.active}});
  return Json{{"video", m.video}, {"active_speaker", m.active_speaker}, {"streams", std::move(streams)}};
}

}  // namespace rtk::proto
