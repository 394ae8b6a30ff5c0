#include "rtk/chat.hpp"

#include <algorithm>

#include "field_reader.hpp"

namespace rtk {

Json to_json(const ChatMessage& m) {
  return Json{{"id", m.id},
              {"meeting_id", m.meeting_id},
              {"participant_id", m.participant_id},
              {"display_name", m.display_name},
              {"text", m.text},
              {"time_ms", m.time_ms}};
}

Result<ChatMessage> chat_message_from_json(const Json& j) {
  FieldReader r(j, "message");
  ChatMessage m;
  r.req("id", m.id);
  r.opt("meeting_id", m.meeting_id);
  r.opt("participant_id", m.participant_id);
  r.opt("display_name", m.display_name);
  r.req("text", m.text);
  r.opt("time_ms", m.time_ms);
  if (!r.ok()) return r.error();
  return m;
}

Status validate_chat_text(std::string_view text) { return validate_text("text", text, kMaxChatTextBytes); }

bool Poll::has_voted(std::string_view participant_id) const {
  for (const auto& o : options)
    if (std::find(o.votes.begin(), o.votes.end(), participant_id) != o.votes.end()) return true;
  return false;
}

Status validate_poll(const std::string& question, const std::vector<std::string>& options) {
  if (auto st = validate_text("question", question, kMaxPollTextBytes); !st) return st;
  if (options.size() < 2 || options.size() > kMaxPollOptions)
    return make_error(ErrorCode::invalid_argument, "a poll needs 2 to " + std::to_string(kMaxPollOptions) + " options");
  for (std::size_t i = 0; i < options.size(); ++i)
    if (auto st = validate_text("options[" + std::to_string(i) + "]", options[i], kMaxPollTextBytes); !st) return st;
  return ok_status();
}

Result<Poll> vote(const Poll& poll, const std::string& participant_id, std::size_t option_index) {
  if (option_index >= poll.options.size())
    return make_error(ErrorCode::invalid_argument, "option index " + std::to_string(option_index) +
                                                       " is out of range (poll has " +
                                                       std::to_string(poll.options.size()) + " options)");
  if (poll.has_voted(participant_id)) return make_error(ErrorCode::conflict, "already voted in this poll");
  Poll out = poll;
  out.options[option_index].votes.push_back(participant_id);
  return out;
}

namespace {
Json poll_json(const Poll& p, bool show_voters, std::string_view viewer) {
  Json opts = Json::array();
  for (const auto& o : p.options) {
    Json votes = Json::array();
    for (const auto& v : o.votes)
      if (show_voters || v == viewer) votes.push_back(v);
    opts.push_back(Json{{"text", o.text}, {"votes", std::move(votes)}, {"count", o.votes.size()}});
  }
  return Json{{"id", p.id},
              {"meeting_id", p.meeting_id},
              {"question", p.question},
              {"options", std::move(opts)},
              {"anonymous", p.anonymous},
              {"hide_votes", p.hide_votes},
              {"created_by", p.created_by},
              {"created_by_participant_id", p.created_by_participant_id},
              {"time_ms", p.time_ms}};
}
}  // namespace

Json to_json(const Poll& p) { return poll_json(p, true, ""); }
Json poll_view_json(const Poll& p, std::string_view viewer) { return poll_json(p, !p.anonymous, viewer); }

Result<Poll> poll_from_json(const Json& j) {
  FieldReader r(j, "poll");
  Poll p;
  r.req("id", p.id);
  r.opt("meeting_id", p.meeting_id);
  r.req("question", p.question);
  const Json* opts = r.req_array("options");
  r.opt("anonymous", p.anonymous);
  r.opt("hide_votes", p.hide_votes);
  r.opt("created_by", p.created_by);
  r.opt("created_by_participant_id", p.created_by_participant_id);
  r.opt("time_ms", p.time_ms);
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < opts->size(); ++i) {
    FieldReader o((*opts)[i], "poll.options[" + std::to_string(i) + "]");
    PollOption po;
    o.req("text", po.text);
    o.opt("votes", po.votes);
    if (!o.ok()) return o.error();
    p.options.push_back(std::move(po));
  }
  return p;
}

}  // namespace rtk
