// Codecs of sfu.slots and participants.pin (large rooms, rtk/video_slots.hpp); the type is declared in
// rtk/protocol.hpp and listed in all_messages() with the rest.
#include "field_reader.hpp"
#include "rtk/protocol.hpp"
#include "sfu_streams.hpp"

namespace rtk::proto {

Status from_json(const Json& j, SfuSlots& out) {
  FieldReader r(j, "data");
  r.req("video", out.video);
  r.opt("active_speaker", out.active_speaker);
  r.opt("pinned", out.pinned);
  const Json* streams = r.req_array("streams");
  if (!r.ok()) return r.error();
  return sfu_streams_from_json(*streams, out.streams);
}

Json to_json(const SfuSlots& m) {
  return Json{{"video", m.video},
              {"active_speaker", m.active_speaker},
              {"streams", sfu_streams_json(m.streams)},
              {"pinned", m.pinned}};
}

Status from_json(const Json& j, ParticipantsPin& out) {
  FieldReader r(j, "data");
  r.req("participant_id", out.participant_id);
  r.opt("pinned", out.pinned);
  if (!r.ok()) return r.error();
  if (out.participant_id.empty())
    return make_error(ErrorCode::invalid_argument, "data.participant_id: must not be empty");
  return ok_status();
}
Json to_json(const ParticipantsPin& m) { return Json{{"participant_id", m.participant_id}, {"pinned", m.pinned}}; }

Status from_json(const Json& j, PinReply& out) {
  FieldReader r(j, "data");
  r.req("pinned", out.pinned);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const PinReply& m) { return Json{{"pinned", m.pinned}}; }

}  // namespace rtk::proto
