// participants.pin (RealtimeKit's participant.pin() / unpin()): a pinned participant's video
// takes a slot of every subscriber that can see it, before the speakers (rtk/video_slots.hpp).
// The pins of a group live in GroupData::pinned, in memory only like presence; a change re-syncs
// the SFU, which tells each subscriber its pins with sfu.slots.
#include "groups.hpp"
#include "log.hpp"
#include "rtk/video_slots.hpp"
#include "service.hpp"

namespace rtk::server {

Result<proto::PinReply> Groups::pin(const std::string& group_id, const Actor& actor,
                                    const proto::ParticipantsPin& req) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  if (auto st = check_may_pin(g->state, actor, req.participant_id, sfu_); !st) return st.error();
  if (set_pinned(g->pinned, req.participant_id, req.pinned)) {
    log_event(req.pinned ? "pinned" : "unpinned",
              Json{{"participant_id", req.participant_id}, {"by", actor.participant_id}});
    if (pins_changed_) pins_changed_(group_id);
  }
  return proto::PinReply{g->pinned};
}

Result<Json> CommandService::participants_pin(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::ParticipantsPin>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto done = groups_.pin(c.group_id, *a, *r);
  if (!done) return done.error();
  return proto::to_json(*done);
}

}  // namespace rtk::server
