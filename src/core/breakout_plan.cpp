#include "rtk/breakout_plan.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "field_reader.hpp"
#include "rtk/connected_meetings.hpp"

namespace rtk {
namespace {

Error invalid(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }
Error too_many(std::string m) { return make_error(ErrorCode::limit_exceeded, std::move(m)); }

constexpr std::pair<LateJoinPolicy, std::string_view> kPolicies[] = {
    {LateJoinPolicy::unknown, "unknown"},
    {LateJoinPolicy::parent, "parent"},
    {LateJoinPolicy::planned, "planned"},
    {LateJoinPolicy::smallest, "smallest"},
};

}  // namespace

std::string_view to_string(LateJoinPolicy p) noexcept {
  for (const auto& [v, s] : kPolicies)
    if (v == p) return s;
  return "unknown";
}

LateJoinPolicy late_join_policy_from_string(std::string_view s) noexcept {
  for (const auto& [v, name] : kPolicies)
    if (name == s) return v;
  return LateJoinPolicy::unknown;
}

Json to_json(const Placement& p) {
  Json j{{"late_joiners", to_string(p.late_joiners)}};
  if (!p.plan_id.empty()) j["plan_id"] = p.plan_id;
  if (!p.seats.empty()) {
    Json a = Json::array();
    for (const auto& s : p.seats)
      a.push_back(Json{{"custom_participant_id", s.custom_participant_id}, {"meeting_id", s.meeting_id}});
    j["seats"] = std::move(a);
  }
  return j;
}

Result<Placement> placement_from_json(const Json& j) {
  FieldReader r(j, "placement");
  Placement p;
  std::string policy;
  r.req("late_joiners", policy);
  r.opt("plan_id", p.plan_id);
  const Json* seats = r.opt_array("seats");
  if (!r.ok()) return r.error();
  p.late_joiners = late_join_policy_from_string(policy);
  if (p.late_joiners == LateJoinPolicy::unknown) return invalid("placement.late_joiners: unknown policy " + policy);
  if (seats)
    for (std::size_t i = 0; i < seats->size(); ++i) {
      FieldReader x((*seats)[i], "placement.seats[" + std::to_string(i) + "]");
      PlanSeat s;
      x.req("custom_participant_id", s.custom_participant_id);
      x.req("meeting_id", s.meeting_id);
      if (!x.ok()) return x.error();
      p.seats.push_back(std::move(s));
    }
  return p;
}

Json to_json(const BreakoutPlan& p) {
  Json rooms = Json::array();
  for (const auto& r : p.rooms)
    rooms.push_back(Json{{"title", r.title}, {"custom_participant_ids", r.custom_participant_ids}});
  return Json{{"id", p.id}, {"name", p.name}, {"rooms", std::move(rooms)}, {"created_ms", p.created_ms}};
}

namespace {
// Reads {name?, rooms:[{title, custom_participant_ids?}]} into `out` (no limits checked).
Status read_plan(const Json& j, const std::string& path, BreakoutPlan& out) {
  FieldReader r(j, path);
  r.opt("name", out.name);
  const Json* rooms = r.req_array("rooms");
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < rooms->size(); ++i) {
    FieldReader x((*rooms)[i], path + ".rooms[" + std::to_string(i) + "]");
    PlanRoom room;
    x.req("title", room.title);
    x.opt("custom_participant_ids", room.custom_participant_ids);
    if (!x.ok()) return x.error();
    out.rooms.push_back(std::move(room));
  }
  return ok_status();
}
}  // namespace

Result<BreakoutPlan> breakout_plan_from_json(const Json& j) {
  BreakoutPlan p;
  FieldReader r(j, "plan");
  r.req("id", p.id);
  r.opt("created_ms", p.created_ms);
  if (!r.ok()) return r.error();
  if (auto st = read_plan(j, "plan", p); !st) return st.error();
  return p;
}

Status validate_plan(const BreakoutPlan& p, const Limits& limits) {
  if (auto st = validate_text("name", p.name, limits.max_text_bytes); !st) return st;
  if (p.rooms.empty()) return invalid("rooms must not be empty");
  if (p.rooms.size() > limits.max_meetings)
    return too_many("a plan has at most " + std::to_string(limits.max_meetings) + " rooms; this one has " +
                    std::to_string(p.rooms.size()));
  std::map<std::string, std::size_t, std::less<>> room_of;
  for (std::size_t i = 0; i < p.rooms.size(); ++i) {
    const std::string field = "rooms[" + std::to_string(i) + "]";
    if (auto st = validate_text(field + ".title", p.rooms[i].title, limits.max_text_bytes); !st) return st;
    const auto& ids = p.rooms[i].custom_participant_ids;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const std::string f = field + ".custom_participant_ids[" + std::to_string(k) + "]";
      if (auto st = validate_text(f, ids[k], limits.max_text_bytes); !st) return st;
      auto [it, fresh] = room_of.emplace(ids[k], i);
      if (!fresh)
        return invalid(f + ": " + ids[k] + " is already planned in rooms[" + std::to_string(it->second) + "]");
      if (room_of.size() > limits.max_participants)
        return too_many("a plan names at most " + std::to_string(limits.max_participants) + " participants");
    }
  }
  return ok_status();
}

Result<BreakoutPlan> parse_plan_json(const Json& body, const Limits& limits) {
  BreakoutPlan p;
  if (auto st = read_plan(body, "body", p); !st) return st.error();
  if (p.name.empty()) p.name = kDefaultPlanName;
  if (auto st = validate_plan(p, limits); !st) return st.error();
  return p;
}

namespace {

struct CsvRecord {
  std::size_t line = 0;  // where the record starts (1-based)
  std::vector<std::string> fields;
  std::vector<bool> quoted;
};

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

// RFC 4180 records; unquoted fields are trimmed of spaces and tabs, quoted ones kept as written.
Result<std::vector<CsvRecord>> read_csv(std::string_view in) {
  if (in.starts_with("\xEF\xBB\xBF")) in.remove_prefix(3);  // a UTF-8 BOM (spreadsheet exports)
  std::vector<CsvRecord> out;
  std::size_t i = 0, line = 1;
  while (i < in.size()) {
    CsvRecord rec;
    rec.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      bool quoted = false;
      // leading blanks before a quote
      std::size_t j = i;
      while (j < in.size() && (in[j] == ' ' || in[j] == '\t')) ++j;
      if (j < in.size() && in[j] == '"') {
        quoted = true;
        i = j + 1;
        const std::size_t opened = line;
        for (;;) {
          if (i >= in.size()) return invalid("line " + std::to_string(opened) + ": unterminated quoted field");
          const char c = in[i];
          if (c == '"') {
            if (i + 1 < in.size() && in[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          field += c;
          ++i;
        }
        while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
        if (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r')
          return invalid("line " + std::to_string(line) + ": unexpected text after a closing quote");
      } else {
        const std::size_t start = i;
        while (i < in.size() && in[i] != ',' && in[i] != '\n' && in[i] != '\r') {
          if (in[i] == '"') return invalid("line " + std::to_string(line) + ": a quote inside an unquoted field");
          ++i;
        }
        field = trim(in.substr(start, i - start));
      }
      rec.fields.push_back(std::move(field));
      rec.quoted.push_back(quoted);
      if (i >= in.size()) {
        end_of_record = true;
      } else if (in[i] == ',') {
        ++i;
      } else {  // \n, \r\n or \r
        if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && rec.fields[0].empty() && !rec.quoted[0];
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_header(const CsvRecord& r) {
  if (r.fields.size() != 2) return false;
  const std::string a = lower(r.fields[0]), b = lower(r.fields[1]);
  return (a == "room" && b == "custom_participant_id") || (a == "pre-assign room name" && b == "email address");
}

}  // namespace

Result<BreakoutPlan> parse_plan_csv(std::string_view csv, std::string name, const Limits& limits) {
  if (csv.size() > kMaxPlanCsvBytes)
    return too_many("a plan CSV has at most " + std::to_string(kMaxPlanCsvBytes) + " bytes; this one has " +
                    std::to_string(csv.size()));
  auto records = read_csv(csv);
  if (!records) return records.error();
  BreakoutPlan p;
  p.name = name.empty() ? std::string(kDefaultPlanName) : std::move(name);
  if (auto st = validate_text("name", p.name, limits.max_text_bytes); !st) return st.error();
  std::map<std::string, std::size_t, std::less<>> room_index;                       // title -> index
  std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> seen_at;  // id -> (room, line)
  std::size_t entries = 0;
  for (std::size_t n = 0; n < records->size(); ++n) {
    const CsvRecord& r = (*records)[n];
    const std::string at = "line " + std::to_string(r.line) + ": ";
    if (n == 0 && is_header(r)) continue;
    if (r.fields.size() != 2)
      return invalid(at + "expected 2 fields (room,custom_participant_id), got " + std::to_string(r.fields.size()));
    const std::string& title = r.fields[0];
    const std::string& cpid = r.fields[1];
    if (auto st = validate_text(at + "room", title, limits.max_text_bytes); !st) return st.error();
    auto [it, fresh] = room_index.emplace(title, p.rooms.size());
    if (fresh) {
      if (p.rooms.size() >= limits.max_meetings)
        return too_many(at + "a plan has at most " + std::to_string(limits.max_meetings) + " rooms");
      p.rooms.push_back(PlanRoom{title, {}});
    }
    if (cpid.empty()) continue;  // declares the room only
    if (auto st = validate_text(at + "custom_participant_id", cpid, limits.max_text_bytes); !st) return st.error();
    auto [seen, first] = seen_at.emplace(cpid, std::make_pair(it->second, r.line));
    if (!first)
      return invalid(at + "custom_participant_id " + cpid + " is already planned in room " +
                     p.rooms[seen->second.first].title + " (line " + std::to_string(seen->second.second) + ")");
    if (++entries > limits.max_participants)
      return too_many(at + "a plan names at most " + std::to_string(limits.max_participants) + " participants");
    p.rooms[it->second].custom_participant_ids.push_back(cpid);
  }
  if (p.rooms.empty()) return invalid("the CSV has no rooms (expected rows room,custom_participant_id)");
  if (auto st = validate_plan(p, limits); !st) return st.error();
  return p;
}

std::vector<PlanSeat> plan_seats(const BreakoutPlan& plan, const std::vector<std::string>& meeting_ids) {
  std::vector<PlanSeat> out;
  for (std::size_t i = 0; i < plan.rooms.size() && i < meeting_ids.size(); ++i)
    for (const auto& id : plan.rooms[i].custom_participant_ids) out.push_back(PlanSeat{id, meeting_ids[i]});
  return out;
}

std::string place_late_joiner(const GroupState& s, const Participant& p) {
  if (s.meetings.empty()) return s.parent.id;
  switch (s.placement.late_joiners) {
    case LateJoinPolicy::planned:
      if (!p.custom_participant_id.empty())
        for (const auto& seat : s.placement.seats)
          if (seat.custom_participant_id == p.custom_participant_id && s.find_meeting(seat.meeting_id))
            return seat.meeting_id;
      return s.parent.id;
    case LateJoinPolicy::smallest: {
      const Meeting* best = &s.meetings.front();
      for (const auto& m : s.meetings)
        if (m.participants.size() < best->participants.size()) best = &m;
      return best->id;
    }
    default: return s.parent.id;
  }
}

}  // namespace rtk
