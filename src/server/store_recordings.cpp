// The recordings' rows: each recording (status, times, reasons, outputs) and its timeline of who
// was in the recorded meeting when; written by the Recorder, read back at start.
#include <sqlite3.h>

#include "store.hpp"
#include "store_sql.hpp"

namespace rtk::server {

namespace {
Json pauses_json(const std::vector<Pause>& ps) {
  Json a = Json::array();
  for (const auto& p : ps) a.push_back(Json{{"from", p.from_ms}, {"to", p.to_ms ? Json(*p.to_ms) : Json(nullptr)}});
  return a;
}
}  // namespace

Status Store::put_recording(const Recording& r, std::int64_t now_ms) {
  Stmt st;
  const char* sql =
      "INSERT INTO recordings(id,meeting_id,group_id,status,invoked_time,started_time,stopped_time,"
      "recording_duration,file_size,start_reason,stop_reason,error,pauses,outputs,caller) "
      "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15) ON CONFLICT(id) DO UPDATE SET "
      "status=excluded.status, started_time=excluded.started_time, stopped_time=excluded.stopped_time, "
      "recording_duration=excluded.recording_duration, file_size=excluded.file_size, "
      "stop_reason=excluded.stop_reason, error=excluded.error, pauses=excluded.pauses, outputs=excluded.outputs";
  if (sqlite3_prepare_v2(db_, sql, -1, &st.s, nullptr) != SQLITE_OK) return db_error(db_, "prepare");
  const std::string texts[] = {r.id,
                               r.meeting_id,
                               r.group_id,
                               std::string(to_string(r.status)),
                               r.start_reason,
                               std::string(to_string(r.stop_reason)),
                               r.error,
                               dump(pauses_json(r.pauses)),
                               dump(r.outputs),
                               dump(r.caller)};
  auto text = [&](int i, const std::string& v) {
    sqlite3_bind_text(st.s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  };
  text(1, texts[0]);
  text(2, texts[1]);
  text(3, texts[2]);
  text(4, texts[3]);
  sqlite3_bind_int64(st.s, 5, r.invoked_ms);
  sqlite3_bind_int64(st.s, 6, r.started_ms);
  sqlite3_bind_int64(st.s, 7, r.stopped_ms);
  sqlite3_bind_int64(st.s, 8, r.duration_ms(now_ms));
  sqlite3_bind_int64(st.s, 9, r.file_size);
  text(10, texts[4]);
  text(11, texts[5]);
  text(12, texts[6]);
  text(13, texts[7]);
  text(14, texts[8]);
  text(15, texts[9]);
  if (sqlite3_step(st.s) != SQLITE_DONE) return db_error(db_, "write recording");
  return ok_status();
}

Status Store::put_segment(const std::string& recording_id, const RecordingSegment& seg) {
  Stmt st;
  const char* sql =
      "INSERT INTO recording_timeline(recording_id,participant_id,seq,session,joined_at,left_at) "
      "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(recording_id,participant_id,seq) DO UPDATE SET left_at=excluded.left_at";
  if (sqlite3_prepare_v2(db_, sql, -1, &st.s, nullptr) != SQLITE_OK) return db_error(db_, "prepare");
  sqlite3_bind_text(st.s, 1, recording_id.data(), static_cast<int>(recording_id.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(st.s, 2, seg.participant_id.data(), static_cast<int>(seg.participant_id.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(st.s, 3, seg.seq);
  sqlite3_bind_int64(st.s, 4, seg.session);
  sqlite3_bind_int64(st.s, 5, seg.joined_ms);
  if (seg.left_ms)
    sqlite3_bind_int64(st.s, 6, *seg.left_ms);
  else
    sqlite3_bind_null(st.s, 6);
  if (sqlite3_step(st.s) != SQLITE_DONE) return db_error(db_, "write timeline");
  return ok_status();
}

Status Store::load_recordings(std::vector<Recording>& out) {
  auto col = [](sqlite3_stmt* s, int i) {
    const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return std::string(t ? t : "");
  };
  auto corrupt = [](const std::string& what) { return make_error(ErrorCode::internal, "corrupt store: " + what); };
  std::map<std::string, std::size_t> index;
  {
    Stmt st;
    if (sqlite3_prepare_v2(db_,
                           "SELECT id,meeting_id,group_id,status,invoked_time,started_time,stopped_time,file_size,"
                           "start_reason,stop_reason,error,pauses,outputs,caller FROM recordings ORDER BY rowid",
                           -1, &st.s, nullptr) != SQLITE_OK)
      return db_error(db_, "prepare");
    int rc;
    while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
      Recording r;
      r.id = col(st.s, 0);
      r.meeting_id = col(st.s, 1);
      r.group_id = col(st.s, 2);
      r.status = recording_status_from(col(st.s, 3));
      if (r.status == RecordingStatus::unknown) return corrupt("recording " + r.id + " status");
      r.invoked_ms = sqlite3_column_int64(st.s, 4);
      r.started_ms = sqlite3_column_int64(st.s, 5);
      r.stopped_ms = sqlite3_column_int64(st.s, 6);
      r.file_size = sqlite3_column_int64(st.s, 7);
      r.start_reason = col(st.s, 8);
      r.stop_reason = stop_reason_from(col(st.s, 9));
      r.error = col(st.s, 10);
      auto pauses = parse_json(col(st.s, 11));
      auto outputs = parse_json(col(st.s, 12));
      auto caller = parse_json(col(st.s, 13));
      if (!pauses || !pauses->is_array() || !outputs || !outputs->is_object() || !caller || !caller->is_object())
        return corrupt("recording " + r.id + " pauses/outputs/caller");
      r.caller = std::move(*caller);
      for (const auto& p : *pauses) {
        if (!p.is_object() || !p.contains("from") || !p["from"].is_number_integer())
          return corrupt("recording " + r.id + " pause");
        Pause x{p["from"].get<std::int64_t>(), std::nullopt};
        if (p.contains("to") && p["to"].is_number_integer()) x.to_ms = p["to"].get<std::int64_t>();
        r.pauses.push_back(x);
      }
      r.outputs = std::move(outputs).value();
      index[r.id] = out.size();
      out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return db_error(db_, "read");
  }
  Stmt st;
  if (sqlite3_prepare_v2(db_,
                         "SELECT recording_id,participant_id,seq,session,joined_at,left_at FROM recording_timeline "
                         "ORDER BY rowid",
                         -1, &st.s, nullptr) != SQLITE_OK)
    return db_error(db_, "prepare");
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    auto it = index.find(col(st.s, 0));
    if (it == index.end()) return corrupt("timeline row of an unknown recording");
    RecordingSegment seg{col(st.s, 1), static_cast<int>(sqlite3_column_int64(st.s, 2)),
                         static_cast<std::uint32_t>(sqlite3_column_int64(st.s, 3)), sqlite3_column_int64(st.s, 4),
                         std::nullopt};
    if (sqlite3_column_type(st.s, 5) != SQLITE_NULL) seg.left_ms = sqlite3_column_int64(st.s, 5);
    out[it->second].timeline.push_back(std::move(seg));
  }
  if (rc != SQLITE_DONE) return db_error(db_, "read");
  return ok_status();
}

}  // namespace rtk::server
