#include "ws_handler.hpp"

#include "log.hpp"

namespace rtk::server {

namespace t = proto::type;

bool WsHandler::on_open(WsPeer& p) {
  auto old = hub_.attach(p.participant_id, p.conn);
  if (old) {
    old->send(Hub::text(proto::event(proto::SessionEnded{proto::EndReason::replaced})));
    old->close(1000);
  }
  const bool reconnected = old != nullptr || joined_before_.count(p.participant_id) > 0;
  fanout_.forget(p.participant_id);
  auto r = service_.join(Caller{p.group_id, p.participant_id}, reconnected);
  if (!r) {
    hub_.detach(p.participant_id, p.conn.get());
    p.conn->send(Hub::text(proto::make_error_reply("", t::error, r.error())));
    return false;
  }
  p.joined = true;
  joined_before_.insert(p.participant_id);
  return true;
}

void WsHandler::on_close(WsPeer& p) {
  if (!hub_.detach(p.participant_id, p.conn.get()) || !p.joined) return;
  fanout_.forget(p.participant_id);
  service_.leave(Caller{p.group_id, p.participant_id});
}

void WsHandler::reply_error(WsPeer& p, const std::string& id, std::string_view type, const Error& e) {
  p.conn->send(Hub::text(proto::make_error_reply(id, type, e)));
}

void WsHandler::on_frame(WsPeer& p, std::string_view text) {
  std::string id;
  auto env = proto::decode_envelope(text, &id);
  if (!env) return reply_error(p, id, t::error, env.error());
  const proto::MessageSpec* spec = proto::find_message(env->type);
  if (!spec || spec->direction == proto::Direction::server_to_client)
    return reply_error(p, env->id, t::error,
                       make_error(ErrorCode::invalid_argument, "frame.type: " + env->type + " is not a request"));
  const bool is_relay = spec->direction == proto::Direction::both;
  const bool is_sfu = env->type.rfind("sfu.", 0) == 0;
  if (!(is_relay || env->type == t::sfu_trickle ? p.relay : p.commands).take(clock_()))
    return reply_error(p, env->id, env->type,
                       make_error(ErrorCode::rate_limited, "too many requests on this connection; slow down"));
  if (is_relay) return relay(p, *env);
  if (is_sfu) {
    if (!sfu_)
      return reply_error(p, env->id, env->type,
                         make_error(ErrorCode::invalid_argument,
                                    env->type + " needs SFU media: this rtk-server runs --media mesh (use rtc.*)"));
    return sfu_->handle(p.group_id, p.participant_id, *env);
  }
  auto r = service_.handle(Caller{p.group_id, p.participant_id}, env->type, env->data);
  if (!r) return reply_error(p, env->id, env->type, r.error());
  // The reply goes out with the burst's fan-out, after the frames its command caused.
  fanout_.direct(p.group_id, p.participant_id,
                 Hub::text(proto::Envelope{env->id, env->type, std::move(r).value(), std::nullopt}));
  if (env->type == t::session_leave) {
    fanout_.flush();
    p.conn->close(1000);
  }
}

void WsHandler::relay(WsPeer& p, const proto::Envelope& req) {
  const GroupData* g = registry_.group(p.group_id);
  const std::string& type = req.type;
  std::string to;
  Json out;
  if (type == t::rtc_candidate) {
    proto::RtcCandidate c;
    if (auto st = proto::from_json(req.data, c, "to"); !st) return reply_error(p, req.id, type, st.error());
    to = c.peer;
    c.peer = p.participant_id;
    out = proto::to_json(c, "from");
  } else {
    proto::RtcDescription d;
    if (auto st = proto::from_json(req.data, d, "to"); !st) return reply_error(p, req.id, type, st.error());
    to = d.peer;
    d.peer = p.participant_id;
    out = proto::to_json(d, "from");
  }
  const Meeting* mine = g ? g->state.meeting_of(p.participant_id) : nullptr;
  const Meeting* theirs = g ? g->state.meeting_of(to) : nullptr;
  if (!mine || !theirs || mine != theirs || to == p.participant_id || !hub_.find(to))
    return reply_error(p, req.id, type,
                       make_error(ErrorCode::not_found, "no connected participant " + to + " in your meeting"));
  hub_.send(to, proto::Envelope{"", type, std::move(out), std::nullopt});
}

}  // namespace rtk::server
