// Recordings (issue 11): the pure state machine and timeline (recordings.hpp), signed download
// links, the store's rows, and the Recorder in the App against the fake Janus: a move cuts the
// mover's Janus recording into per-meeting segments, written with the move's own commit.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "fake_janus.hpp"
#include "recording_job.hpp"
#include "recordings.hpp"
#include "server_fixture.hpp"
#include "store.hpp"

namespace rtk::server::testing {
namespace {

GroupState two_rooms() {
  GroupState s = make_group("parent", "P");
  s.meetings.push_back(Meeting{"r1", "Room 1", {}});
  s.meetings.push_back(Meeting{"r2", "Room 2", {}});
  s.parent.participants.push_back(Participant{"a", "a", "group_call_host", "A"});
  s.meetings[0].participants.push_back(Participant{"b", "b", "group_call_participant", "B"});
  s.meetings[0].participants.push_back(Participant{"c", "c", "group_call_participant", "C"});
  return s;
}

PresenceMap connected(std::initializer_list<const char*> ids) {
  PresenceMap m;
  for (const char* id : ids) m[id] = Presence{true, true, true, 1};
  return m;
}

void move(GroupState& s, const std::string& pid, const std::string& to) {
  auto a = apply(s, cmd::MoveParticipants{s.meeting_of(pid)->id, to, {pid}, std::nullopt}, Actor::system(), 0);
  ASSERT_TRUE(a.ok()) << a.error().message;
  s = a->state;
}

TEST(RecordingModel, InvokedWaitsForSomeoneThenSegmentsFollowMovesAndReconnects) {
  GroupState s = two_rooms();
  Recording r;
  r.id = "rec";
  r.meeting_id = "r2";
  r.group_id = "parent";
  r.invoked_ms = 1000;
  auto p = connected({"a", "b", "c"});
  EXPECT_TRUE(reconcile(r, s, p, 1000).empty()) << "nobody in r2: still INVOKED, nothing written";
  EXPECT_EQ(r.status, RecordingStatus::invoked);

  move(s, "b", "r2");
  RecordingChange ch = reconcile(r, s, p, 2000);
  EXPECT_TRUE(ch.row);
  EXPECT_EQ(r.status, RecordingStatus::recording);
  EXPECT_EQ(r.started_ms, 2000);
  ASSERT_EQ(r.timeline.size(), 1U);
  EXPECT_EQ(r.timeline[0], (RecordingSegment{"b", 0, 1, 2000, std::nullopt}));

  move(s, "c", "r2");
  ch = reconcile(r, s, p, 3000);
  EXPECT_EQ(ch.segments, std::vector<std::size_t>{1});
  EXPECT_FALSE(ch.row);
  EXPECT_TRUE(reconcile(r, s, p, 3500).empty()) << "nothing changed, nothing written";

  // b leaves r2 and comes back: two segments, the second with seq 1.
  move(s, "b", "r1");
  reconcile(r, s, p, 4000);
  EXPECT_EQ(r.timeline[0].left_ms, 4000);
  move(s, "b", "r2");
  reconcile(r, s, p, 5000);
  ASSERT_EQ(r.timeline.size(), 3U);
  EXPECT_EQ(r.timeline[2], (RecordingSegment{"b", 1, 1, 5000, std::nullopt}));

  // A reconnect (new session) is a new publisher: a new segment.
  p["c"].session = 2;
  ch = reconcile(r, s, p, 6000);
  EXPECT_EQ(r.timeline[1].left_ms, 6000);
  EXPECT_EQ(r.timeline.back(), (RecordingSegment{"c", 1, 2, 6000, std::nullopt}));

  // Everyone disconnects: ALL_PEERS_LEFT.
  p["b"].connected = false;
  p["c"].connected = false;
  ch = reconcile(r, s, p, 7000);
  EXPECT_EQ(r.status, RecordingStatus::uploading);
  EXPECT_EQ(r.stop_reason, StopReason::all_peers_left);
  EXPECT_EQ(r.stopped_ms, 7000);
  for (const auto& seg : r.timeline) EXPECT_TRUE(seg.left_ms.has_value());
  EXPECT_EQ(r.duration_ms(99999), 5000);
}

TEST(RecordingModel, PauseResumeStopAndInvalidTransitions) {
  GroupState s = two_rooms();
  auto p = connected({"a"});
  Recording r;
  r.meeting_id = "parent";
  reconcile(r, s, p, 1000);
  ASSERT_EQ(r.status, RecordingStatus::recording);

  auto bad = apply_action(r, RecordingAction::resume, 1500);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::conflict);
  EXPECT_EQ(apply_action(r, RecordingAction::unknown, 1500).error().code, ErrorCode::invalid_argument);

  ASSERT_TRUE(apply_action(r, RecordingAction::pause, 2000).ok());
  EXPECT_EQ(r.status, RecordingStatus::paused);
  EXPECT_EQ(r.timeline[0].left_ms, 2000) << "pause closes the segments (record off for all)";
  EXPECT_TRUE(reconcile(r, s, p, 2500).empty()) << "no segment opens while paused";
  EXPECT_EQ(apply_action(r, RecordingAction::pause, 2600).error().code, ErrorCode::conflict);

  ASSERT_TRUE(apply_action(r, RecordingAction::resume, 4000).ok());
  reconcile(r, s, p, 4000);
  ASSERT_EQ(r.timeline.size(), 2U);
  EXPECT_EQ(r.timeline[1].seq, 1);
  EXPECT_EQ(r.offset_ms(4000), 1000) << "the pause is cut out of the recording's time";

  ASSERT_TRUE(apply_action(r, RecordingAction::stop, 5000).ok());
  EXPECT_EQ(r.status, RecordingStatus::uploading);
  EXPECT_EQ(r.stop_reason, StopReason::api_call);
  EXPECT_EQ(r.duration_ms(5000), 2000);
  const Recording before = r;
  for (auto a : {RecordingAction::stop, RecordingAction::pause, RecordingAction::resume}) {
    auto x = apply_action(r, a, 6000);
    ASSERT_FALSE(x.ok());
    EXPECT_EQ(x.error().code, ErrorCode::conflict);
  }
  EXPECT_EQ(r, before) << "a refused action changes nothing";
}

TEST(RecordingModel, ADeletedRoomStopsItsRecording) {
  GroupState s = two_rooms();
  auto p = connected({"a", "b", "c"});
  Recording r;
  r.meeting_id = "r1";
  reconcile(r, s, p, 1000);
  ASSERT_EQ(r.timeline.size(), 2U);
  auto a = apply(s, cmd::DeleteMeetings{{"r1"}}, Actor::system(), 0);
  ASSERT_TRUE(a.ok());
  reconcile(r, a->state, p, 2000);
  EXPECT_EQ(r.status, RecordingStatus::uploading);
  EXPECT_EQ(r.stop_reason, StopReason::all_peers_left);
}

TEST(RecordingDownload, SignedLinksCheckIdFileAndExpiry) {
  const std::string sig = download_signature("secret", "rec1", "composite.webm", 2000);
  EXPECT_TRUE(check_download_signature("secret", "rec1", "composite.webm", "2000", sig, 1999).ok());
  auto expired = check_download_signature("secret", "rec1", "composite.webm", "2000", sig, 2001);
  EXPECT_EQ(expired.error().code, ErrorCode::unauthenticated);
  EXPECT_EQ(check_download_signature("secret", "rec1", "composite.webm", "2999", sig, 1999).error().code,
            ErrorCode::permission_denied)
      << "a later expiry with the old signature";
  EXPECT_EQ(check_download_signature("secret", "rec2", "composite.webm", "2000", sig, 1999).error().code,
            ErrorCode::permission_denied);
  EXPECT_EQ(check_download_signature("secret", "rec1", "x-0-video-1.webm", "2000", sig, 1999).error().code,
            ErrorCode::permission_denied);
  EXPECT_EQ(check_download_signature("other", "rec1", "composite.webm", "2000", sig, 1999).error().code,
            ErrorCode::permission_denied);
  EXPECT_EQ(check_download_signature("secret", "rec1", "composite.webm", "2e3", sig, 1999).error().code,
            ErrorCode::permission_denied);
}

TEST(RecordingStore, RoundTripsRecordingsAndTimeline) {
  TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  Recording r;
  r.id = "rec1";
  r.meeting_id = "r1";
  r.group_id = "parent";
  r.status = RecordingStatus::paused;
  r.invoked_ms = 1;
  r.started_ms = 2;
  r.pauses = {Pause{5, 6}, Pause{8, std::nullopt}};
  r.outputs = Json{{"composite", "composite.webm"}};
  r.timeline = {RecordingSegment{"a", 0, 3, 2, 5}, RecordingSegment{"b", 0, 1, 3, std::nullopt}};
  r.caller = Json{{"type", "PARTICIPANT"}, {"participant_id", "h"}, {"name", "Hana"}};
  {
    auto st = Store::open(db);
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE((*st)
                    ->transaction([&]() -> Status {
                      if (auto s = (*st)->put_recording(r, 10); !s) return s;
                      for (const auto& seg : r.timeline)
                        if (auto s = (*st)->put_segment(r.id, seg); !s) return s;
                      return ok_status();
                    })
                    .ok());
  }
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  std::vector<Recording> out;
  ASSERT_TRUE((*st)->load_recordings(out).ok());
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0], r);
}

TEST(RecordingCompose, OneCellPerParticipantAndSilenceUnderneath) {
  std::vector<TrackInput> t{{"a", 0, true, "/x/a-0-video-1.webm", 0},
                            {"a", 0, false, "/x/a-0-audio-0.opus", 0},
                            {"b", 0, true, "/x/b-0-video-1.webm", 1500},
                            {"a", 1, true, "/x/a-1-video-1.webm", 4000}};
  auto argv = compose_command(t, 6000, "/x/composite.webm");
  std::string filter;
  for (std::size_t i = 0; i + 1 < argv.size(); ++i)
    if (argv[i] == "-filter_complex") filter = argv[i + 1];
  EXPECT_NE(filter.find("s=640x240"), std::string::npos) << filter;           // two cells: a and b
  EXPECT_NE(filter.find("setpts=PTS-STARTPTS+1.500/TB"), std::string::npos);  // b at 1.5 s
  EXPECT_NE(filter.find("[3:v]"), std::string::npos);
  EXPECT_NE(filter.find("overlay=x=0:y=0:eof_action=pass:repeatlast=0[base3]"), std::string::npos)
      << "a's second segment in a's cell: " << filter;
  EXPECT_NE(filter.find("amix=inputs=2"), std::string::npos);
  EXPECT_NE(filter.find("[base3]format=yuv420p[vout]"), std::string::npos) << "libvpx refuses alpha";
  EXPECT_EQ(argv.back(), "/x/composite.webm");
}

// ---- the Recorder in the App ----

struct MeshRecordingTest : ServerFixture {};

TEST(RecordingStore, ADataDirFromBeforeTheCallerColumnIsMigratedAndSaysApiKey) {
  TempDir dir;
  const std::string db = (dir.path / "old.sqlite3").string();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  const char* old_schema =
      "CREATE TABLE recordings (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, group_id TEXT NOT NULL,"
      " status TEXT NOT NULL, invoked_time INTEGER NOT NULL, started_time INTEGER NOT NULL, stopped_time INTEGER NOT "
      "NULL, recording_duration INTEGER NOT NULL, file_size INTEGER NOT NULL, start_reason TEXT NOT NULL,"
      " stop_reason TEXT NOT NULL, error TEXT NOT NULL, pauses TEXT NOT NULL, outputs TEXT NOT NULL);"
      "INSERT INTO recordings VALUES('rec0','m','m','UPLOADED',1,2,3,1,10,'API_CALL','API_CALL','','[]','{}');";
  ASSERT_EQ(sqlite3_exec(raw, old_schema, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok()) << st.error().message;
  std::vector<Recording> out;
  ASSERT_TRUE((*st)->load_recordings(out).ok());
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].caller, (Json{{"type", "API_KEY"}}));
  Recording r = out[0];
  r.caller = Json{{"type", "SYSTEM"}};  // and the migrated table takes new rows
  ASSERT_TRUE((*st)->transaction([&] { return (*st)->put_recording(r, 10); }).ok());
}

TEST_F(MeshRecordingTest, StartingAnswersUnavailableAndSaysItNeedsTheSfu) {
  auto mid = meeting();
  auto r = http("POST", "/v2/recordings", {{"meeting_id", mid}}, 503);
  EXPECT_EQ(r["error"]["code"], "unavailable");
  EXPECT_NE(r["error"]["message"].get<std::string>().find("--media sfu"), std::string::npos);
  EXPECT_EQ(http("GET", "/v2/recordings", nullptr, 200)["data"].size(), 0U);
}

TEST_F(MeshRecordingTest, OverTheWebSocketMeshIsUnavailableAndNoCanRecordIsDenied) {
  auto mid = meeting();
  auto host = open(add(mid, "h", "group_call_host"));
  auto guest = open(add(mid, "g"));
  const Json* joined = host.last("room.joined");
  ASSERT_NE(joined, nullptr);
  EXPECT_EQ((*joined)["data"]["recording"]["state"], "IDLE");
  auto denied = request(guest, "recording.start", Json::object());
  EXPECT_EQ(denied["error"]["code"], "permission_denied") << denied.dump();
  auto off = request(host, "recording.start", Json::object());
  EXPECT_EQ(off["error"]["code"], "unavailable");
  EXPECT_NE(off["error"]["message"].get<std::string>().find("SFU"), std::string::npos);
  EXPECT_EQ(request(host, "recording.stop", Json::object())["error"]["code"], "unavailable");
  EXPECT_EQ(request(host, "recording.stop", {{"recording_id", 5}})["error"]["code"], "invalid_argument");
  EXPECT_EQ(host.count("recording.updated"), 0U);
  EXPECT_EQ(http("GET", "/v2/recordings", nullptr, 200)["data"].size(), 0U) << "no state change";
}

struct RecordingTest : SfuTest {
  std::vector<Peer> peers;
  std::vector<Added> added;
  std::string mid, room;
  void configure(Config& c) override {
    SfuTest::configure(c);
    c.recording_min_free_mb = 0;
  }
  void start_people(std::initializer_list<const char*> names) {
    mid = meeting();
    for (const char* n : names) added.push_back(add(mid, n));
    for (const auto& a : added) peers.push_back(open(a));
    for (auto& p : peers) send(p, "sfu.publish", {{"sdp", "offer-" + p.id}}, "pub");
    settle(all());
    room = http("POST", "/v2/meetings/" + mid + "/connected-meetings", {{"meetings", {{{"title", "R"}}}}},
                201)["data"]["meetings"][0]["id"];
  }
  std::vector<Peer*> all() {
    std::vector<Peer*> out;
    for (auto& p : peers) out.push_back(&p);
    return out;
  }
  // The record configures Janus got for a publisher, in order: the filename or "off".
  std::vector<std::string> records_of(const std::string& pid) {
    std::vector<std::string> out;
    janus::Handle pub = 0;
    for (const auto& s : janus.requests("joinandconfigure"))
      if (s.body["id"] == pid) pub = s.handle;
    for (const auto& s : janus.requests("configure"))
      if (s.handle == pub && s.body.contains("record"))
        out.push_back(s.body["record"].get<bool>() ? s.body["filename"].get<std::string>() : "off");
    return out;
  }
  void wait_processed() {
    for (int i = 0; i < 400 && app->recorder().processing() > 0; ++i) {
      app->tick();
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    app->tick();
  }
};

TEST_F(RecordingTest, AMoveCutsTheMoversRecordingIntoSegmentsOfEachRecordedMeeting) {
  start_people({"a", "b"});
  const std::string a = peers[0].id, b = peers[1].id;
  now += 1000;
  auto parent_rec = http("POST", "/v2/recordings", {{"meeting_id", mid}}, 201)["data"];
  EXPECT_EQ(parent_rec["status"], "RECORDING");
  auto room_rec = http("POST", "/v2/recordings", {{"meeting_id", room}}, 201)["data"];
  EXPECT_EQ(room_rec["status"], "INVOKED") << "nobody in the room yet";
  EXPECT_EQ(parent_rec["start_reason"]["caller"], (Json{{"type", "API_KEY"}}));
  auto again = http("POST", "/v2/recordings", {{"meeting_id", mid}}, 409);
  EXPECT_EQ(again["error"]["code"], "conflict");
  janus.pump();
  const std::string dir = app->recorder().options().dir;
  const std::string pr = parent_rec["id"], rr = room_rec["id"];
  EXPECT_EQ(records_of(b), std::vector<std::string>{dir + "/" + pr + "/" + b + "-0"});

  now += 2000;
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/move",
       {{"source_meeting_id", mid}, {"destination_meeting_id", room}, {"participant_ids", {b}}}, 200);
  settle(all());
  EXPECT_EQ(records_of(b),
            (std::vector<std::string>{dir + "/" + pr + "/" + b + "-0", "off", dir + "/" + rr + "/" + b + "-0"}));
  EXPECT_EQ(records_of(a), std::vector<std::string>{dir + "/" + pr + "/" + a + "-0"}) << "a stays";

  // The timeline of both recordings, and it is what the store has (committed with the move).
  auto p = http("GET", "/v2/recordings/" + pr, nullptr, 200)["data"];
  ASSERT_EQ(p["timeline"].size(), 2U);
  auto r = http("GET", "/v2/recordings/" + rr, nullptr, 200)["data"];
  EXPECT_EQ(r["status"], "RECORDING");
  ASSERT_EQ(r["timeline"].size(), 1U);
  EXPECT_EQ(r["timeline"][0]["participant_id"], b);
  const std::int64_t moved_at = now;

  // Pause: record off for everyone; resume: new segments.
  auto paused = http("PUT", "/v2/recordings/" + pr, {{"action", "pause"}}, 200)["data"];
  EXPECT_EQ(paused["status"], "PAUSED");
  EXPECT_EQ(records_of(a).back(), "off");
  EXPECT_EQ(http("PUT", "/v2/recordings/" + pr, {{"action", "pause"}}, 409)["error"]["code"], "conflict");
  EXPECT_EQ(http("PUT", "/v2/recordings/" + pr, {{"action", "jump"}}, 400)["error"]["code"], "invalid_argument");
  http("PUT", "/v2/recordings/" + pr, {{"action", "resume"}}, 200);
  EXPECT_EQ(records_of(a).back(), dir + "/" + pr + "/" + a + "-1");

  // The last one leaves the room: ALL_PEERS_LEFT (nothing reached Janus here: ERRORED).
  app->ws().on_close(*peers[1].peer);
  flush();
  auto left = http("GET", "/v2/recordings/" + rr, nullptr, 200)["data"];
  EXPECT_EQ(left["status"], "UPLOADING");
  EXPECT_EQ(left["stop_reason"]["reason"], "ALL_PEERS_LEFT");
  EXPECT_EQ(http("GET", "/v2/recordings/active-recording/" + room, nullptr, 404)["error"]["code"], "not_found");
  EXPECT_EQ(http("GET", "/v2/recordings/active-recording/" + mid, nullptr, 200)["data"]["id"], pr);
  http("PUT", "/v2/recordings/" + pr, {{"action", "stop"}}, 200);
  wait_processed();
  auto done = http("GET", "/v2/recordings/" + rr, nullptr, 200)["data"];
  EXPECT_EQ(done["status"], "ERRORED");
  EXPECT_NE(done["error"].get<std::string>().find("nothing was recorded"), std::string::npos);
  EXPECT_EQ(http("GET", "/v2/recordings?meeting_id=" + mid, nullptr, 200)["paging"]["total_count"], 1);

  // What the store file has: the store holds its database in EXCLUSIVE locking mode, so it is
  // read once the App (and its store) is gone. The mover's segment of the parent's recording
  // closed at the move's commit (nothing later touches it).
  app->sfu()->set_link(nullptr);
  peers.clear();
  app.reset();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir + "/../rtk.sqlite3").c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db,
                       ("SELECT m.meeting_id, t.left_at FROM group_members m JOIN recording_timeline t ON "
                        "t.participant_id=m.participant_id WHERE t.recording_id='" +
                        pr + "' AND m.participant_id='" + b + "'")
                           .c_str(),
                       -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))), room);
    EXPECT_EQ(sqlite3_column_int64(st, 1), moved_at) << "the segment closed at the move's commit";
    sqlite3_finalize(st);
    sqlite3_close(db);
  }
}

TEST_F(RecordingTest, AJanusRestartMidSegmentRecordsANewPieceInsteadOfOverwritingTheFile) {
  start_people({"a", "b"});
  const std::string a = peers[0].id;
  now += 1000;
  const std::string rec = http("POST", "/v2/recordings", {{"meeting_id", mid}}, 201)["data"]["id"];
  janus.pump();
  const std::string prefix = app->recorder().options().dir + "/" + rec + "/" + a + "-0";
  EXPECT_EQ(records_of(a), std::vector<std::string>{prefix});

  janus.up = false;  // Janus dies: its files of this segment stay on disk
  janus.on_state(false);
  flush();
  janus.up = true;
  janus.rooms.clear();
  janus.published.clear();
  janus.on_state(true);
  flush();
  for (auto& p : peers) send(p, "sfu.publish", {{"sdp", "again"}}, "pub2");
  settle(all());
  // The same segment (the participant never left), on the new publisher: its own piece.
  EXPECT_EQ(records_of(a), std::vector<std::string>{prefix + ".1"});
  EXPECT_EQ(http("GET", "/v2/recordings/" + rec, nullptr, 200)["data"]["timeline"].size(), 2U);
}

TEST(RecordingPieces, APieceBelongsToItsSegment) {
  EXPECT_EQ(segment_key("p-1-0"), "p-1-0");
  EXPECT_EQ(segment_key("p-1-0.1"), "p-1-0");
  EXPECT_EQ(segment_key("p-1-3.12"), "p-1-3");
  EXPECT_EQ(segment_key("p.x-0"), "p.x-0");  // a dot that is not a piece suffix
  EXPECT_EQ(segment_key("p-0."), "p-0.");
}

TEST_F(RecordingTest, AfterACrashARecordingThatWasTakingMediaStopsWithInternalError) {
  start_people({"a"});
  const std::string id = http("POST", "/v2/recordings", {{"meeting_id", mid}}, 201)["data"]["id"];
  // "kill -9": the App goes without stopping anything; a new one opens the same data dir.
  app->sfu()->set_link(nullptr);
  peers.clear();
  app.reset();
  Config c;
  c.data_dir = dir.path.string();
  c.api_key = "key";
  configure(c);
  auto a = App::create(
      c, [this] { return now; }, &scheduler);
  ASSERT_TRUE(a.ok()) << a.error().message;
  app = std::move(a).value();
  auto r = http("GET", "/v2/recordings/" + id, nullptr, 200)["data"];
  EXPECT_EQ(r["stop_reason"]["reason"], "INTERNAL_ERROR");
  EXPECT_EQ(r["status"], "UPLOADING");
  wait_processed();
  EXPECT_EQ(http("GET", "/v2/recordings/" + id, nullptr, 200)["data"]["status"], "ERRORED")
      << "no media reached Janus in this test: processed, never stuck";
}

}  // namespace
}  // namespace rtk::server::testing

namespace rtk::server::testing {
namespace {

TEST_F(RecordingTest, OverTheWebSocketARoomIsRecordedAndOnlyItsParticipantsAreTold) {
  start_people({"a", "b"});
  auto host = open(add(mid, "h", "group_call_host"));
  const std::string a = peers[0].id, b = peers[1].id;
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/move",
       {{"source_meeting_id", mid}, {"destination_meeting_id", room}, {"participant_ids", {b, host.id}}}, 200);
  flush();
  EXPECT_EQ(request(peers[0], "recording.start", Json::object())["error"]["code"], "permission_denied");
  for (auto* p : std::vector<Peer*>{&peers[0], &peers[1]}) p->conn->clear();

  auto started = request(host, "recording.start", Json::object());
  ASSERT_FALSE(started.contains("error")) << started.dump();
  EXPECT_EQ(started["data"]["meeting_id"], room);
  EXPECT_EQ(started["data"]["state"], "RECORDING");
  const std::string rec = started["data"]["recordings"][0]["id"];
  // The host started it, not the API key (the store keeps it: RecordingStore tests).
  const Json want_caller{{"type", "PARTICIPANT"}, {"participant_id", host.id}, {"name", "h"}};
  EXPECT_EQ(http("GET", "/v2/recordings/" + rec, nullptr, 200)["data"]["start_reason"]["caller"], want_caller);
  const Json* seen = peers[1].last("recording.updated");
  ASSERT_NE(seen, nullptr) << "b is in the recorded room";
  EXPECT_EQ((*seen)["data"]["state"], "RECORDING");
  EXPECT_EQ(peers[0].count("recording.updated"), 0U) << "a is in the parent, which is not recorded";
  EXPECT_EQ(request(host, "recording.start", Json::object())["error"]["code"], "conflict");

  // a moves in: its room.joined says RECORDING at once.
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/move",
       {{"source_meeting_id", mid}, {"destination_meeting_id", room}, {"participant_ids", {a}}}, 200);
  flush();
  const Json* joined = peers[0].last("room.joined");
  ASSERT_NE(joined, nullptr);
  EXPECT_EQ((*joined)["data"]["meeting_id"], room);
  EXPECT_EQ((*joined)["data"]["recording"]["state"], "RECORDING");

  EXPECT_EQ(request(host, "recording.pause", Json::object())["data"]["state"], "PAUSED");
  EXPECT_EQ(peers[0].last("recording.updated")->at("data")["state"], "PAUSED");
  EXPECT_EQ(request(host, "recording.resume", {{"recording_id", "nope"}})["error"]["code"], "not_found");
  EXPECT_EQ(request(host, "recording.resume", {{"recording_id", rec}})["data"]["state"], "RECORDING");

  // Stopped over REST: the room hears it too (IDLE, the recording UPLOADING), then processed.
  peers[0].conn->clear();
  http("PUT", "/v2/recordings/" + rec, {{"action", "stop"}}, 200);
  flush();
  const Json* stopped = peers[0].last("recording.updated");
  ASSERT_NE(stopped, nullptr);
  EXPECT_EQ((*stopped)["data"]["state"], "IDLE");
  EXPECT_EQ((*stopped)["data"]["recordings"][0]["status"], "UPLOADING");
  wait_processed();
  flush();
  EXPECT_NE(peers[0].last("recording.updated")->at("data")["recordings"][0]["status"], "UPLOADING")
      << "processing ended: told again";
  EXPECT_EQ(request(host, "recording.stop", Json::object())["error"]["code"], "conflict");
}

TEST_F(RecordingTest, RecordOnStartAndRecordBreakoutRoomsStartTheirOwnRecordings) {
  const std::string m1 =
      http("POST", "/v2/meetings", {{"title", "Auto"}, {"record_on_start", true}, {"record_breakout_rooms", true}},
           201)["data"]["id"];
  auto a = add(m1, "a");
  auto b = add(m1, "b");
  EXPECT_EQ(http("GET", "/v2/recordings", nullptr, 200)["data"].size(), 0U) << "nobody connected yet";
  auto pa = open(a);
  auto list = http("GET", "/v2/recordings", nullptr, 200)["data"];
  ASSERT_EQ(list.size(), 1U) << "the first connection starts the parent's recording";
  EXPECT_EQ(list[0]["meeting_id"], m1);
  EXPECT_EQ(list[0]["status"], "RECORDING");
  EXPECT_EQ(list[0]["start_reason"]["reason"], "RECORD_ON_START");
  EXPECT_EQ(list[0]["start_reason"]["caller"], (Json{{"type", "SYSTEM"}}));
  EXPECT_EQ(pa.last("room.joined")->at("data")["recording"]["state"], "RECORDING");
  auto pb = open(b);
  EXPECT_EQ(http("GET", "/v2/recordings", nullptr, 200)["data"].size(), 1U) << "the second does not";

  // A breakout starts: each room gets its own recording.
  auto rooms = http("POST", "/v2/meetings/" + m1 + "/connected-meetings/start",
                    {{"meetings", {{{"title", "R1"}}, {{"title", "R2"}}}},
                     {"assignments", {{{"participant_id", a.id}, {"meeting_index", 0}}}}},
                    201)["data"]["meetings"];
  flush();
  for (const auto& r : rooms) {
    auto rec = http("GET", "/v2/recordings/active-recording/" + r["id"].get<std::string>(), nullptr, 200)["data"];
    EXPECT_EQ(rec["start_reason"]["reason"], "RECORD_ON_START");
    EXPECT_EQ(rec["status"], r["title"] == "R1" ? "RECORDING" : "INVOKED") << r.dump();
  }
  EXPECT_EQ(pa.last("room.joined")->at("data")["recording"]["state"], "RECORDING") << "a's room R1 records";
  // A meeting without the options records nothing by itself.
  const std::string m2 = meeting("Plain");
  auto pc = open(add(m2, "c"));
  EXPECT_EQ(http("GET", "/v2/recordings?meeting_id=" + m2, nullptr, 200)["data"].size(), 0U);
  // The last one leaves: ALL_PEERS_LEFT.
  app->ws().on_close(*pa.peer);
  app->ws().on_close(*pb.peer);
  flush();
  EXPECT_EQ(http("GET", "/v2/recordings?meeting_id=" + m1, nullptr, 200)["data"][0]["stop_reason"]["reason"],
            "ALL_PEERS_LEFT");
}

}  // namespace
}  // namespace rtk::server::testing
