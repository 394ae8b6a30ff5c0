#include "sfu.hpp"

#include "janus/sdp.hpp"
#include "log.hpp"
#include "rtk/presence.hpp"

namespace rtk::server {

namespace t = proto::type;
using janus::Reply;

namespace {
Json jsep_of(std::string_view type, std::string sdp) { return Json{{"type", type}, {"sdp", std::move(sdp)}}; }
bool has_sdp(const Json& jsep) { return jsep.is_object() && jsep.contains("sdp") && jsep["sdp"].is_string(); }
Error unavailable(const std::string& why) {
  return make_error(ErrorCode::unavailable, "the SFU (Janus) refused or is not reachable: " + why);
}
}  // namespace

void SfuController::set_link(janus::Link* link) {
  link_ = link;
  if (!link_) return;
  link_->on_event = [this](janus::Handle h, const Reply& r) { on_event(h, r); };
  link_->on_state = [this](bool up) { on_link_state(up); };
}

void SfuController::on_link_state(bool up) {
  log_event("sfu_link", Json{{"up", up}});
  if (up) {
    // A new Janus session: everyone whose media died with the old one publishes again.
    const std::set<std::string> told = std::move(orphans_);
    orphans_.clear();
    for (const auto& pid : told)
      if (hub_.find(pid)) hub_.send(pid, proto::event(proto::SfuReset{true, "the SFU (Janus) is back: publish again"}));
    return;
  }
  // Janus's session died with its socket: every handle and room is gone.
  for (const auto& [pid, p] : peers_) {
    orphans_.insert(pid);
    hub_.send(pid, proto::event(proto::SfuReset{false, "the SFU (Janus) connection was lost"}));
  }
  control_ = 0;
  control_attaching_ = false;
  zombies_.clear();
  speech_.clear();
  for (auto& [gid, room] : rooms_)
    for (auto& w : room.waiters) w(false, "the Janus session was lost");
  rooms_.clear();
  peers_.clear();
}

// ---- requests ----

void SfuController::handle(const std::string& group_id, const std::string& pid, const proto::Envelope& req) {
  if (!link_ || !link_->ready()) {
    if (link_) orphans_.insert(pid);  // told to publish again when a Janus session is up
    return reply_error(pid, req, unavailable("no Janus session"));
  }
  if (!ensure_peer(group_id, pid))
    return reply_error(pid, req, make_error(ErrorCode::conflict, "you are not connected to this meeting"));
  if (req.type == t::sfu_trickle) return trickle(pid, req);
  auto body = proto::decode<proto::SfuSdp>(req.data);
  if (!body) return reply_error(pid, req, body.error());
  if (req.type == t::sfu_publish) return publish(pid, req, body->sdp);
  if (req.type == t::sfu_answer) return answer(pid, req, std::move(body->sdp));
  reply_error(pid, req, make_error(ErrorCode::invalid_argument, "frame.type: " + req.type + " is not a request"));
}

void SfuController::publish(const std::string& pid, const proto::Envelope& req, const std::string& offer) {
  Peer* p = &peers_[pid];
  if (p->pub_busy)
    return reply_error(pid, req, make_error(ErrorCode::conflict, "a publish of this participant is in progress"));
  p->pub_busy = true;
  const std::uint64_t gen = p->gen;
  const std::string gid = p->group_id;
  // What the preset may not produce is made inactive before Janus sees it (janus/sdp.hpp).
  ProduceRights may;
  if (const GroupData* g = registry_.group(gid))
    if (const Participant* who = g->state.find_participant(pid))
      if (const PresetRecord* preset = registry_.preset_by_name(who->preset_name))
        may = produce_rights(preset->preset.permissions.media);
  janus::RestrictedOffer restricted = janus::restrict_offer(offer, may.audio, may.video);
  if (!restricted.disabled.empty())
    log_event("sfu_media_refused", Json{{"participant_id", pid}, {"sections", restricted.disabled}});
  const std::string sdp = std::move(restricted.sdp);
  auto send_offer = [this, pid, gen, gid, req, sdp]() {
    Peer* q = peer(pid, gen);
    if (!q) return;
    const Participant* who = nullptr;
    if (const GroupData* g = registry_.group(gid)) who = g->state.find_participant(pid);
    Json body = q->published ? Json{{"request", "configure"}}
                             : Json{{"request", "joinandconfigure"},
                                    {"ptype", "publisher"},
                                    {"room", gid},
                                    {"id", pid},
                                    {"display", who ? who->name : pid}};
    link_->message(q->pub, std::move(body), jsep_of("offer", sdp), [this, pid, gen, gid, req, sdp](const Reply& r) {
      Peer* x = peer(pid, gen);
      if (!x) return;
      x->pub_busy = false;
      if (!r.ok || !has_sdp(r.jsep)) return reply_error(pid, req, unavailable(r.ok ? "no SDP answer" : r.error));
      x->published = true;
      auto sections = janus::sending_sections(sdp);
      const bool changed = x->media_up && sections != x->sections;
      x->sections = std::move(sections);
      log_event("sfu_published", Json{{"participant_id", pid}, {"group_id", gid}});
      // the others of its meeting subscribe to it once Janus reports its media up (webrtcup)
      reply(pid, req, proto::to_json(proto::SfuSdp{r.jsep["sdp"].get<std::string>()}));
      if (changed) resync(gid);
    });
    // Candidates that arrived before the handle existed follow the offer.
    if (Peer* y = peer(pid, gen)) {
      auto cands = std::move(y->pub_candidates);
      y->pub_candidates.clear();
      for (auto& c : cands) link_->trickle(y->pub, std::move(c));
    }
  };
  ensure_room(gid, [this, pid, gen, req, send_offer](bool ok, const std::string& error) {
    Peer* q = peer(pid, gen);
    if (!q) return;
    if (!ok) {
      q->pub_busy = false;
      return reply_error(pid, req, unavailable(error));
    }
    if (q->pub) return send_offer();
    link_->attach([this, pid, gen, req, send_offer](const Reply& r) {
      Peer* x = peer(pid, gen);
      if (!x) {
        if (r.ok) link_->detach(r.data.value("id", janus::Handle{0}));
        return;
      }
      if (!r.ok) {
        x->pub_busy = false;
        return reply_error(pid, req, unavailable(r.error));
      }
      x->pub = r.data.value("id", janus::Handle{0});
      send_offer();
    });
  });
}

void SfuController::answer(const std::string& pid, const proto::Envelope& req, std::string sdp) {
  Peer* p = &peers_[pid];
  if (p->sub_state != Sub::offered || !p->sub)
    return reply_error(pid, req, make_error(ErrorCode::conflict, "no sfu.offer is waiting for an answer"));
  p->sub_state = Sub::starting;
  const std::uint64_t gen = p->gen;
  link_->message(p->sub, Json{{"request", "start"}}, jsep_of("answer", std::move(sdp)),
                 [this, pid, gen, req](const Reply& r) {
                   Peer* x = peer(pid, gen);
                   if (!x) return;
                   x->sub_state = Sub::idle;
                   if (!r.ok)
                     reply_error(pid, req, unavailable(r.error));
                   else
                     reply(pid, req, Json::object());
                   if (x->dirty) {
                     x->dirty = false;
                     sync_subscriber(pid);
                   }
                 });
}

void SfuController::trickle(const std::string& pid, const proto::Envelope& req) {
  auto c = proto::decode<proto::SfuTrickle>(req.data);
  if (!c) return reply_error(pid, req, c.error());
  Json cand = c->completed
                  ? Json{{"completed", true}}
                  : Json{{"candidate", c->candidate}, {"sdpMid", c->sdp_mid}, {"sdpMLineIndex", c->sdp_m_line_index}};
  Peer& p = peers_[pid];
  if (c->target == "publisher") {
    if (!p.pub) return p.pub_candidates.push_back(std::move(cand));
    return link_->trickle(p.pub, std::move(cand));
  }
  if (!p.sub)
    return reply_error(pid, req, make_error(ErrorCode::conflict, "no subscriber PeerConnection was offered yet"));
  link_->trickle(p.sub, std::move(cand));
}

// ---- subscriptions ----

void SfuController::resync(const std::string& group_id) {
  if (!link_ || !link_->ready()) return;
  const GroupData* g = registry_.group(group_id);
  std::vector<std::string> gone;
  std::vector<std::string> here;
  for (const auto& [pid, p] : peers_) {
    if (p.group_id != group_id) continue;
    const Presence& pr = g ? presence_of(g->presence, pid) : Presence{};
    if (!g || !g->state.find_participant(pid) || !pr.connected || pr.session != p.session)
      gone.push_back(pid);
    else
      here.push_back(pid);
  }
  for (const auto& pid : gone) teardown(pid);
  // Every connected participant subscribes, whether it publishes or not (no camera, no mic).
  if (g)
    for (const auto& [pid, pr] : g->presence)
      if (pr.connected && !peers_.count(pid) && hub_.find(pid) && ensure_peer(group_id, pid)) here.push_back(pid);
  for (const auto& pid : here) sync_subscriber(pid);
  reap();
}

void SfuController::reap() {
  std::vector<Zombie> keep;
  for (auto& z : zombies_) {
    bool still = false;
    for (const auto& [pid, p] : peers_)
      if (p.group_id == z.group_id && p.subscribed.count(z.participant_id)) still = true;
    if (still && link_ && link_->ready())
      keep.push_back(std::move(z));
    else if (link_)
      link_->detach(z.handle);
  }
  zombies_ = std::move(keep);
}

void SfuController::sync_subscriber(const std::string& pid) {
  auto it = peers_.find(pid);
  if (it == peers_.end()) return;
  Peer& p = it->second;
  const GroupData* g = registry_.group(p.group_id);
  if (!g) return;
  const janus::StreamSet wanted = wanted_streams(pid);
  const std::uint64_t gen = p.gen;
  switch (p.sub_state) {
    case Sub::attaching:
    case Sub::negotiating:
    case Sub::offered:
    case Sub::starting: p.dirty = true; return;
    case Sub::none: {
      if (wanted.empty()) return;
      p.sub_state = Sub::attaching;
      const std::string gid = p.group_id;
      link_->attach([this, pid, gen, gid](const Reply& r) {
        Peer* x = peer(pid, gen);
        if (!x) {
          if (r.ok) link_->detach(r.data.value("id", janus::Handle{0}));
          return;
        }
        if (!r.ok) {
          x->sub_state = Sub::none;
          return log_event("sfu_error", Json{{"participant_id", pid}, {"what", "attach"}, {"message", r.error}});
        }
        x->sub = r.data.value("id", janus::Handle{0});
        x->dirty = false;
        if (!registry_.group(gid)) return;
        const janus::StreamSet w = wanted_streams(pid);
        x->sub_state = Sub::negotiating;
        ++updates_sent_;
        link_->message(x->sub, janus::join_subscriber_body(gid, w), Json(),
                       [this, pid, gen](const Reply& r2) { on_subscriber_reply(pid, gen, r2); });
      });
      return;
    }
    case Sub::idle: {
      const janus::StreamDiff d = janus::diff(p.carried, wanted);
      if (d.empty()) return tell_slots(pid);
      p.sub_state = Sub::negotiating;
      p.dirty = d.deferred;  // the held-back subscriptions follow in the next update
      // A swap of video slots re-points existing m-lines (`switch`, no renegotiation).
      Json body = p.no_switch ? Json() : janus::switch_body(d, publishers(p.group_id), p.streams, p.feed_mids);
      const bool is_switch = !body.is_null();
      if (is_switch)
        ++switches_sent_;
      else
        body = janus::update_body(d);
      ++updates_sent_;
      if (is_switch)
        log_event("sfu_switch", Json{{"participant_id", pid}, {"streams", body["streams"]}});
      else
        log_event("sfu_update", Json{{"participant_id", pid},
                                     {"subscribe", body.value("subscribe", Json::array())},
                                     {"unsubscribe", body.value("unsubscribe", Json::array())}});
      link_->message(p.sub, body, Json(), [this, pid, gen, sw = is_switch ? body : Json()](const Reply& r) {
        on_subscriber_reply(pid, gen, r, sw);
      });
      return;
    }
  }
}

void SfuController::on_subscriber_reply(const std::string& pid, std::uint64_t gen, const Reply& r,
                                        const Json& switched) {
  Peer* x = peer(pid, gen);
  if (!x) return;
  if (!r.ok) {
    log_event(
        "sfu_error",
        Json{{"participant_id", pid}, {"what", switched.is_object() ? "switch" : "subscribe"}, {"message", r.error}});
    x->dirty = false;  // retried at the next change, never in a loop
    if (switched.is_object() && !x->no_switch) {
      x->no_switch = true;  // once: the same change again as an update
      x->sub_state = Sub::idle;
      return sync_subscriber(pid);
    }
    if (x->subscribed.empty() && x->streams.empty()) {
      link_->detach(x->sub);
      x->sub = 0;
      x->sub_state = Sub::none;
    } else {
      x->sub_state = Sub::idle;
    }
    return;
  }
  if (switched.is_object()) {
    // Janus re-pointed the m-lines; its reply may list them, else they are as we asked.
    for (const auto& st : switched["streams"])
      for (auto& m : x->streams)
        if (m.mid == st["sub_mid"]) {
          m.participant_id = st["feed"].get<std::string>();
          m.active = true;
          x->feed_mids[m.mid] = st["mid"].get<std::string>();
        }
    x->subscribed = janus::active_feeds(x->streams);
    x->carried = janus::carried_streams(x->streams, x->feed_mids, publishers(x->group_id));
  }
  if (r.data.contains("streams")) {
    set_streams(*x, r.data);
    log_event("sfu_subscribed", Json{{"participant_id", pid}, {"feeds", x->subscribed}});
    if (!zombies_.empty()) reap();
    x = peer(pid, gen);
    if (!x) return;
  }
  if (has_sdp(r.jsep)) {
    x->sub_state = Sub::offered;
    hub_.send(pid, proto::event(proto::SfuOffer{r.jsep["sdp"].get<std::string>(), x->streams}));
    return tell_slots(pid);
  }
  x->sub_state = Sub::idle;
  if (x->dirty) {
    x->dirty = false;
    sync_subscriber(pid);
  }
  tell_slots(pid);
}

void SfuController::on_event(janus::Handle h, const Reply& r) {
  if (on_speech(r)) return;
  for (auto& [pid, p] : peers_) {
    if (p.pub == h && h && r.kind == "webrtcup" && !p.media_up) {
      // Janus refuses subscriptions to a publisher whose PeerConnection is not up ("No such feed").
      p.media_up = true;
      const std::string gid = p.group_id;
      log_event("sfu_publisher_up", Json{{"participant_id", pid}});
      const std::string who = pid;
      resync(gid);
      return apply_recording(who);
    }
    if (p.sub != h || !h) continue;
    // Janus renegotiated on its own (a publisher it sent us went away).
    if (r.data.contains("streams")) set_streams(p, r.data);
    if (has_sdp(r.jsep) && (p.sub_state == Sub::idle || p.sub_state == Sub::offered)) {
      p.sub_state = Sub::offered;
      hub_.send(pid, proto::event(proto::SfuOffer{r.jsep["sdp"].get<std::string>(), p.streams}));
    }
    return;
  }
}

Json SfuController::subscriptions(const std::string& group_id) const {
  Json out = Json::object();
  for (const auto& [pid, p] : peers_)
    if (p.group_id == group_id) {
      std::set<std::string> video;
      for (const auto& st : p.streams)
        if (st.active && st.kind == "video" && !st.participant_id.empty()) video.insert(st.participant_id);
      out[pid] = Json{{"published", p.published}, {"feeds", p.subscribed}, {"video", video}};
    }
  return out;
}

// ---- peers and rooms ----

janus::FeedSet SfuController::publishing(const std::string& group_id) const {
  janus::FeedSet out;
  for (const auto& [pid, p] : peers_)
    if (p.group_id == group_id && p.published && p.media_up) out.insert(pid);
  return out;
}

SfuController::Peer* SfuController::peer(const std::string& pid, std::uint64_t gen) {
  auto it = peers_.find(pid);
  return it == peers_.end() || it->second.gen != gen ? nullptr : &it->second;
}

SfuController::Peer* SfuController::ensure_peer(const std::string& group_id, const std::string& pid) {
  const GroupData* g = registry_.group(group_id);
  if (!g || !g->state.find_participant(pid)) return nullptr;
  const Presence& pr = presence_of(g->presence, pid);
  if (!pr.connected) return nullptr;
  auto it = peers_.find(pid);
  if (it != peers_.end() && (it->second.session != pr.session || it->second.group_id != group_id)) {
    teardown(pid);
    it = peers_.end();
  }
  if (it == peers_.end()) {
    Peer p;
    p.group_id = group_id;
    p.session = pr.session;
    p.gen = ++next_gen_;
    it = peers_.emplace(pid, std::move(p)).first;
  }
  return &it->second;
}

void SfuController::teardown(const std::string& pid) {
  auto it = peers_.find(pid);
  if (it == peers_.end()) return;
  const Peer p = std::move(it->second);
  peers_.erase(it);
  log_event("sfu_teardown", Json{{"participant_id", pid}});
  // The subscribers' own updates (resync) drop its feed; then reap() detaches (unpublishes) it.
  if (link_ && p.sub) link_->detach(p.sub);
  if (link_ && p.pub) zombies_.push_back(Zombie{p.group_id, pid, p.pub});
}

void SfuController::ensure_room(const std::string& group_id,
                                std::function<void(bool ok, const std::string& error)> then) {
  Room& room = rooms_[group_id];
  if (room.ready) return then(true, "");
  room.waiters.push_back(std::move(then));
  if (room.creating) return;
  room.creating = true;
  if (control_) return create_room(group_id);
  if (control_attaching_) return;
  control_attaching_ = true;
  link_->attach([this](const Reply& r) {
    control_attaching_ = false;
    std::vector<std::string> waiting;
    for (auto& [gid, rm] : rooms_)
      if (rm.creating && !rm.ready) waiting.push_back(gid);
    if (!r.ok) {
      for (const auto& gid : waiting) {
        auto ws = std::move(rooms_[gid].waiters);
        rooms_.erase(gid);
        for (auto& w : ws) w(false, r.error);
      }
      return;
    }
    control_ = r.data.value("id", janus::Handle{0});
    for (const auto& gid : waiting) create_room(gid);
  });
}

void SfuController::create_room(const std::string& group_id) {
  // audiolevel_event: Janus reports who talks (talking / stopped-talking on the publishers'
  // handles): the video slots follow the speaker (sfu_slots.cpp). 25 packets = 0.5 s of Opus.
  Json body{{"request", "create"},        {"room", group_id},         {"publishers", 256},  {"is_private", true},
            {"audiocodec", "opus"},       {"videocodec", "vp8"},      {"permanent", false}, {"audiolevel_event", true},
            {"audio_active_packets", 25}, {"audio_level_average", 40}};
  if (!admin_key_.empty()) body["admin_key"] = admin_key_;
  link_->message(control_, std::move(body), Json(), [this, group_id](const Reply& r) {
    auto it = rooms_.find(group_id);
    if (it == rooms_.end()) return;
    const bool exists = r.data.is_object() && r.data.value("error_code", 0) == 427;  // already exists
    auto ws = std::move(it->second.waiters);
    it->second.waiters.clear();
    it->second.creating = false;
    if (r.ok || exists) {
      it->second.ready = true;
      log_event("sfu_room", Json{{"group_id", group_id}});
    } else {
      rooms_.erase(it);
      log_event("sfu_error", Json{{"group_id", group_id}, {"what", "create room"}, {"message", r.error}});
    }
    for (auto& w : ws) w(r.ok || exists, r.error);
  });
}

void SfuController::set_recording(const std::string& pid, const std::string& prefix) {
  if (auto old = rec_want_.find(pid); old != rec_want_.end() && old->second != prefix)
    rec_pieces_.erase(old->second);  // a segment's prefix is never wanted again once left
  if (prefix.empty())
    rec_want_.erase(pid);
  else
    rec_want_[pid] = prefix;
  apply_recording(pid);
}

void SfuController::apply_recording(const std::string& pid) {
  if (!link_ || !link_->ready()) return;
  auto it = peers_.find(pid);
  if (it == peers_.end() || !it->second.pub || !it->second.media_up) return;
  Peer& p = it->second;
  auto w = rec_want_.find(pid);
  const std::string want = w == rec_want_.end() ? std::string() : w->second;
  if (p.rec_file == want) return;
  auto check = [pid](const Reply& r) {
    if (!r.ok) log_event("sfu_error", Json{{"participant_id", pid}, {"what", "record"}, {"message", r.error}});
  };
  // Janus closes the current file pair on record:false and opens a new one on record:true with
  // a new filename (the notes: toggling is how a recording is cut into segments).
  if (!p.rec_file.empty()) link_->message(p.pub, Json{{"request", "configure"}, {"record", false}}, Json(), check);
  std::string filename = want;
  if (!want.empty()) {
    // Janus truncates an existing file of the same name: a second publisher on this segment
    // (after a Janus restart) gets its own piece, which processing places by its first packet.
    if (const int n = rec_pieces_[want]++; n > 0) filename += "." + std::to_string(n);
    link_->message(p.pub, Json{{"request", "configure"}, {"record", true}, {"filename", filename}}, Json(), check);
  }
  log_event("sfu_record", Json{{"participant_id", pid}, {"from", p.rec_file}, {"to", filename}});
  p.rec_file = want;
}

void SfuController::reply(const std::string& pid, const proto::Envelope& req, Json data) {
  hub_.send(pid, proto::Envelope{req.id, req.type, std::move(data), std::nullopt});
}

void SfuController::reply_error(const std::string& pid, const proto::Envelope& req, Error e) {
  hub_.send(pid, proto::make_error_reply(req.id, req.type, std::move(e)));
}

}  // namespace rtk::server
