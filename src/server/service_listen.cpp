// connected_meetings.listen and .stop_listening: a host sees and hears another meeting of its
// group without leaving its own (SFU mode). The rules are the core's (rtk::check_may_listen);
// Groups keeps the listens and fans them out.
#include "service.hpp"

namespace rtk::server {

Result<Json> CommandService::cm_listen(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmListen>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto done = groups_.listen(c.group_id, *a, r->meeting_id);
  if (!done) return done.error();
  return proto::to_json(*done);
}

Result<Json> CommandService::cm_stop_listening(const Caller& c, const Json& data) {
  if (auto r = proto::decode<proto::Empty>(data); !r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto done = groups_.stop_listening(c.group_id, *a);
  if (!done) return done.error();
  return proto::to_json(*done);
}

}  // namespace rtk::server
