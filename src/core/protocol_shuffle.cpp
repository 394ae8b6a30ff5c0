// Codecs of the shuffle and self-selection messages (declared in rtk/protocol.hpp).
#include "field_reader.hpp"
#include "rtk/protocol.hpp"

namespace rtk::proto {

Status from_json(const Json& j, CmSelfSelection& out) {
  FieldReader r(j, "data");
  r.req("enabled", out.enabled);
  r.opt("capacity", out.capacity);
  if (!r.ok()) return r.error();
  return ok_status();
}
Json to_json(const CmSelfSelection& m) {
  Json j{{"enabled", m.enabled}};
  if (m.capacity) j["capacity"] = m.capacity;
  return j;
}

Status from_json(const Json& j, CmShuffle& out) {
  FieldReader r(j, "data");
  r.req("participant_ids", out.participant_ids);
  r.req("meeting_ids", out.meeting_ids);
  r.opt("seed", out.seed);
  r.opt("avoid_repeats", out.avoid_repeats);
  if (!r.ok()) return r.error();
  return ok_status();
}
Json to_json(const CmShuffle& m) {
  Json j{{"participant_ids", m.participant_ids}, {"meeting_ids", m.meeting_ids}, {"seed", m.seed}};
  if (m.avoid_repeats) j["avoid_repeats"] = true;
  return j;
}

Status from_json(const Json& j, CmShuffleReply& out) {
  FieldReader r(j, "data");
  const Json* as = r.req_array("assignments");
  r.opt("repeated_pairs", out.repeated_pairs);
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < as->size(); ++i) {
    FieldReader a((*as)[i], "data.assignments[" + std::to_string(i) + "]");
    Assignment x;
    a.req("participant_id", x.participant_id);
    a.req("meeting_id", x.meeting_id);
    if (!a.ok()) return a.error();
    out.assignments.push_back(std::move(x));
  }
  return ok_status();
}
Json to_json(const CmShuffleReply& m) {
  Json as = Json::array();
  for (const auto& a : m.assignments)
    as.push_back(Json{{"participant_id", a.participant_id}, {"meeting_id", a.meeting_id}});
  return Json{{"assignments", std::move(as)}, {"repeated_pairs", m.repeated_pairs}};
}

}  // namespace rtk::proto
