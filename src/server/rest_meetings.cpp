// /v2/meetings, its participants and its active session.
#include "rest.hpp"

#include <cctype>

namespace rtk::server::handlers {
namespace {

// record_breakout_rooms (OpenRTK, beyond RealtimeKit): every breakout room of the meeting is
// recorded on its own from its creation (the Recorder's auto_start).
constexpr const char* kBoolOptions[] = {"record_on_start", "record_breakout_rooms", "live_stream_on_start",
                                        "persist_chat",    "summarize_on_end",      "transcribe_on_end"};
constexpr const char* kObjectOptions[] = {"ai_config", "recording_config"};

// Reads the optional meeting fields of a POST/PATCH body into `m`.
Status read_meeting_fields(const Json& b, MeetingRecord& m, bool allow_status) {
  if (auto it = b.find("title"); it != b.end()) {
    if (it->is_null()) {
      m.title.clear();
    } else if (!it->is_string()) {
      return make_error(ErrorCode::invalid_argument, "title: expected string");
    } else {
      std::string t = it->get<std::string>();
      if (auto st = validate_text("title", t, 256); !st) return st;
      m.title = std::move(t);
    }
  }
  for (const char* k : kBoolOptions)
    if (auto it = b.find(k); it != b.end()) {
      if (!it->is_boolean()) return make_error(ErrorCode::invalid_argument, std::string(k) + ": expected boolean");
      m.options[k] = *it;
    }
  for (const char* k : kObjectOptions)
    if (auto it = b.find(k); it != b.end()) {
      if (!it->is_object() && !it->is_null())
        return make_error(ErrorCode::invalid_argument, std::string(k) + ": expected object");
      m.options[k] = *it;
    }
  if (auto it = b.find("session_keep_alive_time_in_secs"); it != b.end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
      return make_error(ErrorCode::invalid_argument,
                        "session_keep_alive_time_in_secs: expected a non-negative integer");
    m.options["session_keep_alive_time_in_secs"] = *it;
  }
  if (auto it = b.find("status"); it != b.end()) {
    if (!allow_status) return make_error(ErrorCode::invalid_argument, "status: set it with PATCH");
    if (!it->is_string() || (*it != "ACTIVE" && *it != "INACTIVE"))
      return make_error(ErrorCode::invalid_argument, "status: expected ACTIVE or INACTIVE");
    m.active = *it == "ACTIVE";
  }
  return ok_status();
}

const MeetingRecord* find_meeting(RestContext& ctx, const Call& c) {
  auto it = ctx.registry.meetings.find(c.params.at("meeting_id"));
  return it == ctx.registry.meetings.end() ? nullptr : &it->second;
}

HttpResponse no_meeting(const Call& c) { return fail(ErrorCode::not_found, "no meeting " + c.params.at("meeting_id")); }

// The participant of the URL, checked to belong to the URL's meeting.
const ParticipantRecord* find_participant(RestContext& ctx, const Call& c) {
  auto it = ctx.registry.participants.find(c.params.at("participant_id"));
  if (it == ctx.registry.participants.end() || it->second.meeting_id != c.params.at("meeting_id")) return nullptr;
  return &it->second;
}

Status read_picture(const Json& b, Json& out) {
  auto it = b.find("picture");
  if (it == b.end()) return ok_status();
  if (!it->is_null() && !it->is_string()) return make_error(ErrorCode::invalid_argument, "picture: expected string");
  if (it->is_string() && it->get_ref<const std::string&>().size() > 2048)
    return make_error(ErrorCode::invalid_argument, "picture: at most 2048 bytes");
  out = *it;
  return ok_status();
}

Json record_json(RestContext& ctx, const ParticipantRecord& r) {
  const GroupData* g = ctx.registry.group(r.meeting_id);
  const Participant* p = g ? g->state.find_participant(r.id) : nullptr;
  return participant_json(r, p ? *p : Participant{r.id});
}

}  // namespace

HttpResponse create_meeting(RestContext& ctx, const Call& c) {
  auto b = body_json(c, true);
  if (!b) return fail(b.error());
  MeetingRecord m;
  m.id = random_uuid();
  m.created_ms = m.updated_ms = ctx.clock();
  if (auto st = read_meeting_fields(*b, m, false); !st) return fail(st.error());
  Status st = ctx.groups.create_group(m.id, m.title,
                                      TxHooks{[&] { return ctx.store.put_meeting(m); },
                                              [&] {
                                                ctx.registry.meeting_order.push_back(m.id);
                                                ctx.registry.meetings[m.id] = m;
                                              }});
  if (!st) return fail(st.error());
  return ok(meeting_json(m), 201);
}

HttpResponse list_meetings(RestContext& ctx, const Call& c) {
  auto pg = paging(c);
  if (!pg) return fail(pg.error());
  const auto [page, per] = *pg;
  // search: a case-insensitive (ASCII) substring of the title; paging counts the matches.
  std::string search;
  if (auto it = c.query.find("search"); it != c.query.end()) search = it->second;
  if (auto st = validate_text("search", search, 256); !search.empty() && !st) return fail(st.error());
  auto lower = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  const std::string needle = lower(search);
  std::vector<const MeetingRecord*> matches;
  for (const auto& id : ctx.registry.meeting_order) {
    const MeetingRecord& m = ctx.registry.meetings.at(id);
    if (needle.empty() || lower(m.title).find(needle) != std::string::npos) matches.push_back(&m);
  }
  Json arr = Json::array();
  const std::size_t start = (page - 1) * per;
  for (std::size_t i = start; i < matches.size() && i < start + per; ++i) arr.push_back(meeting_json(*matches[i]));
  const std::size_t n = arr.size();
  return ok_paged(std::move(arr), start, n, matches.size());
}

HttpResponse get_meeting(RestContext& ctx, const Call& c) {
  const MeetingRecord* m = find_meeting(ctx, c);
  if (!m) return no_meeting(c);
  return ok(meeting_json(*m));
}

HttpResponse patch_meeting(RestContext& ctx, const Call& c) {
  const MeetingRecord* cur = find_meeting(ctx, c);
  if (!cur) return no_meeting(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  MeetingRecord m = *cur;
  if (auto st = read_meeting_fields(*b, m, true); !st) return fail(st.error());
  m.updated_ms = ctx.clock();
  const bool deactivated = cur->active && !m.active;
  const bool retitled = m.title != cur->title;
  auto commit = [&] { ctx.registry.meetings[m.id] = m; };
  if (retitled && !m.title.empty()) {
    // The parent's title is part of the group state: rename it through the reducer.
    auto r = ctx.groups.run(m.id, cmd::UpdateMeetings{{MeetingSpec{m.id, m.title}}}, Actor::system(),
                            TxHooks{[&] { return ctx.store.put_meeting(m); }, commit});
    if (!r) return fail(r.error());
  } else {
    if (auto st = ctx.store.transaction([&] { return ctx.store.put_meeting(m); }); !st) return fail(st.error());
    commit();
  }
  if (deactivated) {
    // INACTIVE blocks joins: connected participants are told and disconnected.
    if (const GroupData* g = ctx.registry.group(m.id)) {
      std::vector<std::string> ids;
      auto collect = [&](const Meeting& mt) {
        for (const auto& p : mt.participants)
          if (ctx.hub.find(p.id)) ids.push_back(p.id);
      };
      collect(g->state.parent);
      for (const auto& mt : g->state.meetings) collect(mt);
      for (const auto& id : ids) ctx.fanout.end_session(m.id, id, proto::EndReason::meeting_inactive);
    }
  }
  return ok(meeting_json(ctx.registry.meetings.at(m.id)));
}

HttpResponse active_session(RestContext& ctx, const Call& c) {
  const MeetingRecord* m = find_meeting(ctx, c);
  if (!m) return no_meeting(c);
  const GroupData* g = ctx.registry.group(m->id);
  Json connected = Json::array();
  auto collect = [&](const Meeting& mt) {
    for (const auto& p : mt.participants) {
      const Presence& pr = presence_of(g->presence, p.id);
      if (!pr.connected) continue;
      Json j = proto::to_json(proto::RoomMember{p, pr.audio_enabled, pr.video_enabled});
      j["meeting_id"] = mt.id;
      connected.push_back(std::move(j));
    }
  };
  collect(g->state.parent);
  for (const auto& mt : g->state.meetings) collect(mt);
  const std::size_t live = connected.size();
  return ok(Json{{"meeting_id", m->id},
                 {"title", m->title},
                 {"status", m->active ? "ACTIVE" : "INACTIVE"},
                 {"live_participants", live},
                 {"participants", std::move(connected)},
                 {"connected_meetings", to_json(make_view(g->state, g->presence, GroupScope::full))}});
}

HttpResponse add_participant(RestContext& ctx, const Call& c) {
  const MeetingRecord* m = find_meeting(ctx, c);
  if (!m) return no_meeting(c);
  auto b = body_json(c);
  if (!b) return fail(b.error());
  Participant p;
  p.id = random_uuid();
  auto str = [&](const char* k, std::string& out, bool required) -> Status {
    auto it = b->find(k);
    if (it == b->end() || it->is_null()) {
      if (required) return make_error(ErrorCode::invalid_argument, std::string(k) + ": is required");
      return ok_status();
    }
    if (!it->is_string()) return make_error(ErrorCode::invalid_argument, std::string(k) + ": expected string");
    out = it->get<std::string>();
    return ok_status();
  };
  Status st = str("custom_participant_id", p.custom_participant_id, true);
  if (st) st = str("preset_name", p.preset_name, true);
  if (st) st = str("name", p.name, false);
  ParticipantRecord rec{p.id, m->id, nullptr, ctx.clock(), ctx.clock()};
  if (st) st = read_picture(*b, rec.picture);
  if (!st) return fail(st.error());
  if (!ctx.registry.preset_by_name(p.preset_name))
    return fail(ErrorCode::not_found, "preset_name: no preset named " + p.preset_name);
  if (p.name.empty()) p.name = p.custom_participant_id.empty() ? "Participant" : p.custom_participant_id;
  auto r = ctx.groups.run(
      m->id, cmd::AddParticipant{p, ""}, Actor::system(),
      TxHooks{[&] { return ctx.store.put_participant(rec); }, [&] { ctx.registry.participants[rec.id] = rec; }});
  if (!r) return fail(r.error());
  Json j = record_json(ctx, rec);
  j["token"] = issue_token(ctx.secrets, m->id, p.id, ctx.clock() / 1000, ctx.token_ttl_s);
  return ok(std::move(j), 201);
}

HttpResponse list_participants(RestContext& ctx, const Call& c) {
  const MeetingRecord* m = find_meeting(ctx, c);
  if (!m) return no_meeting(c);
  auto pg = paging(c);
  if (!pg) return fail(pg.error());
  const auto [page, per] = *pg;
  std::vector<const ParticipantRecord*> all;
  for (const auto& [id, r] : ctx.registry.participants)
    if (r.meeting_id == m->id) all.push_back(&r);
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) {
    return a->created_ms != b->created_ms ? a->created_ms < b->created_ms : a->id < b->id;
  });
  Json arr = Json::array();
  const std::size_t start = (page - 1) * per;
  for (std::size_t i = start; i < all.size() && i < start + per; ++i) arr.push_back(record_json(ctx, *all[i]));
  const std::size_t n = arr.size();
  return ok_paged(std::move(arr), start, n, all.size());
}

HttpResponse get_participant(RestContext& ctx, const Call& c) {
  if (!find_meeting(ctx, c)) return no_meeting(c);
  const ParticipantRecord* r = find_participant(ctx, c);
  if (!r) return fail(ErrorCode::not_found, "no participant " + c.params.at("participant_id") + " in this meeting");
  return ok(record_json(ctx, *r));
}

HttpResponse patch_participant(RestContext& ctx, const Call& c) {
  if (!find_meeting(ctx, c)) return no_meeting(c);
  const ParticipantRecord* cur = find_participant(ctx, c);
  if (!cur) return fail(ErrorCode::not_found, "no participant " + c.params.at("participant_id") + " in this meeting");
  auto b = body_json(c);
  if (!b) return fail(b.error());
  ParticipantRecord rec = *cur;
  cmd::UpdateParticipant u{rec.id, std::nullopt, std::nullopt, std::nullopt};
  for (const char* k : {"name", "preset_name"}) {
    auto it = b->find(k);
    if (it == b->end()) continue;
    if (!it->is_string()) return fail(ErrorCode::invalid_argument, std::string(k) + ": expected string");
    (std::string_view(k) == "name" ? u.name : u.preset_name) = it->get<std::string>();
  }
  if (auto st = read_picture(*b, rec.picture); !st) return fail(st.error());
  if (u.preset_name && !ctx.registry.preset_by_name(*u.preset_name))
    return fail(ErrorCode::not_found, "preset_name: no preset named " + *u.preset_name);
  rec.updated_ms = ctx.clock();
  TxHooks hooks{[&] { return ctx.store.put_participant(rec); }, [&] { ctx.registry.participants[rec.id] = rec; }};
  if (u.name || u.preset_name) {
    auto r = ctx.groups.run(rec.meeting_id, u, Actor::system(), hooks);
    if (!r) return fail(r.error());
  } else {
    if (auto st = ctx.store.transaction(hooks.write); !st) return fail(st.error());
    hooks.on_commit();
  }
  return ok(record_json(ctx, ctx.registry.participants.at(rec.id)));
}

HttpResponse delete_participant(RestContext& ctx, const Call& c) {
  if (!find_meeting(ctx, c)) return no_meeting(c);
  const ParticipantRecord* cur = find_participant(ctx, c);
  if (!cur) return fail(ErrorCode::not_found, "no participant " + c.params.at("participant_id") + " in this meeting");
  const ParticipantRecord rec = *cur;
  Json before = record_json(ctx, rec);
  auto r = ctx.groups.run(
      rec.meeting_id, cmd::RemoveParticipant{rec.id}, Actor::system(),
      TxHooks{[&] { return ctx.store.delete_participant(rec.id); }, [&] { ctx.registry.participants.erase(rec.id); }});
  if (!r) return fail(r.error());
  return ok(std::move(before));
}

HttpResponse refresh_token(RestContext& ctx, const Call& c) {
  const MeetingRecord* m = find_meeting(ctx, c);
  if (!m) return no_meeting(c);
  const ParticipantRecord* r = find_participant(ctx, c);
  if (!r) return fail(ErrorCode::not_found, "no participant " + c.params.at("participant_id") + " in this meeting");
  return ok(Json{{"token", issue_token(ctx.secrets, m->id, r->id, ctx.clock() / 1000, ctx.token_ttl_s)}});
}

}  // namespace rtk::server::handlers
