// Host listen-in rules (rtk/listen.hpp): who may listen where, in which order the refusals come,
// when a listen ends, who sees which listeners, and the codecs of its messages.
#include "rtk/listen.hpp"

#include <gtest/gtest.h>

#include "rtk/connected_meetings.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;

namespace {

Permissions perms(bool alter) {
  Permissions p;
  p.connected_meetings = {alter, false, false};
  return p;
}
const Actor kSystem = Actor::system();
const Actor kHost = Actor::participant("host", perms(true));
const Actor kAda = Actor::participant("ada", perms(false));

// host in the parent, ada in Blue (r1), bo in Red (r2)
GroupState rooms() {
  GroupState s = make_group("main", "Main");
  for (const char* id : {"host", "ada", "bo"}) {
    auto r = apply(s, cmd::AddParticipant{Participant{id, "", "x", id}, ""}, kSystem, 0);
    EXPECT_TRUE(r.ok());
    s = r->state;
  }
  auto r = apply(s, cmd::StartBreakout{{{"r1", "Blue"}, {"r2", "Red"}}, {{"ada", "r1"}, {"bo", "r2"}}}, kHost, 0);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r->state;
}

PresenceMap online() {
  return PresenceMap{{"host", Presence{true, true, true, 1}},
                     {"ada", Presence{true, true, true, 1}},
                     {"bo", Presence{true, false, false, 1}}};
}

ErrorCode code_of(const Status& s) { return s ? ErrorCode::unknown : s.error().code; }

}  // namespace

TEST(Listen, HostMayListenToAnotherRoom) {
  const GroupState s = rooms();
  EXPECT_TRUE(check_may_listen(s, kHost, "r1", true));
  EXPECT_TRUE(check_may_listen(s, kHost, "r2", true));
}

TEST(Listen, PermissionIsCheckedFirst) {
  const GroupState s = rooms();
  // without can_alter_connected_meetings: permission_denied even for a room that does not
  // exist and in mesh mode (nothing about the group leaks to a participant)
  EXPECT_EQ(code_of(check_may_listen(s, kAda, "r2", true)), ErrorCode::permission_denied);
  EXPECT_EQ(code_of(check_may_listen(s, kAda, "nope", false)), ErrorCode::permission_denied);
  EXPECT_EQ(code_of(check_may_listen(s, kSystem, "r1", true)), ErrorCode::permission_denied);
}

TEST(Listen, MeshModeIsRefusedNamingSfu) {
  const GroupState s = rooms();
  const Status st = check_may_listen(s, kHost, "r1", false);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_NE(st.error().message.find("--media sfu"), std::string::npos) << st.error().message;
}

TEST(Listen, UnknownRoomIsNotFoundAndOwnRoomIsInvalid) {
  const GroupState s = rooms();
  EXPECT_EQ(code_of(check_may_listen(s, kHost, "nope", true)), ErrorCode::not_found);
  EXPECT_EQ(code_of(check_may_listen(s, kHost, "main", true)), ErrorCode::invalid_argument);
  // a host in a breakout room may listen to the parent
  auto moved = apply(s, cmd::MoveParticipants{"main", "r1", {"host"}, std::nullopt}, kHost, 0);
  ASSERT_TRUE(moved.ok());
  EXPECT_TRUE(check_may_listen(moved->state, kHost, "main", true));
  EXPECT_EQ(code_of(check_may_listen(moved->state, kHost, "r1", true)), ErrorCode::invalid_argument);
}

TEST(Listen, HoldsUntilLeaveReconnectMoveDeleteCloseOrPermissionLoss) {
  const GroupState s = rooms();
  const PresenceMap p = online();
  const Listen l{"r1", 1};
  EXPECT_TRUE(listen_holds(s, p, perms(true), "host", l));
  // the listener leaves, or connects again (a new session)
  PresenceMap gone = p;
  gone["host"].connected = false;
  EXPECT_FALSE(listen_holds(s, gone, perms(true), "host", l));
  PresenceMap again = p;
  again["host"].session = 2;
  EXPECT_FALSE(listen_holds(s, again, perms(true), "host", l));
  // the preset lost the permission
  EXPECT_FALSE(listen_holds(s, p, perms(false), "host", l));
  // the listener moved into the room it listened to
  auto into = apply(s, cmd::MoveParticipants{"main", "r1", {"host"}, std::nullopt}, kHost, 0);
  ASSERT_TRUE(into.ok());
  EXPECT_FALSE(listen_holds(into->state, p, perms(true), "host", l));
  // the room was deleted
  auto del = apply(s, cmd::DeleteMeetings{{"r1"}}, kHost, 0);
  ASSERT_TRUE(del.ok());
  EXPECT_FALSE(listen_holds(del->state, p, perms(true), "host", l));
  EXPECT_TRUE(listen_holds(del->state, p, perms(true), "host", Listen{"r2", 1}));
  // breakout closed: every room is gone
  auto closed = apply(s, cmd::CloseBreakout{}, kHost, 0);
  ASSERT_TRUE(closed.ok());
  EXPECT_FALSE(listen_holds(closed->state, p, perms(true), "host", Listen{"r2", 1}));
}

TEST(Listen, EndedListensNamesOnlyThoseThatEnded) {
  GroupState s = rooms();
  auto r = apply(s, cmd::AddParticipant{Participant{"cohost", "", "x", "Co"}, ""}, kSystem, 0);
  ASSERT_TRUE(r.ok());
  s = r->state;
  PresenceMap p = online();
  p["cohost"] = Presence{true, false, false, 1};
  const ListenMap m{{"host", Listen{"r1", 1}}, {"cohost", Listen{"r2", 1}}, {"ghost", Listen{"r1", 1}}};
  auto del = apply(s, cmd::DeleteMeetings{{"r2"}}, kHost, 0);
  ASSERT_TRUE(del.ok());
  const auto ended = ended_listens(del->state, p, m, [](const std::string&) { return perms(true); });
  EXPECT_EQ(ended, (std::vector<std::string>{"cohost", "ghost"}));
  EXPECT_TRUE(ended_listens(s, p, {{"host", Listen{"r1", 1}}}, [](const std::string&) { return perms(true); }).empty());
}

TEST(Listen, ChangedMeetingsAreTheOldAndTheNew) {
  const ListenMap before{{"host", Listen{"r1", 1}}, {"co", Listen{"r3", 1}}};
  const ListenMap after{{"host", Listen{"r2", 1}}, {"co", Listen{"r3", 1}}};
  EXPECT_EQ(listen_changed_meetings(before, after), (std::vector<std::string>{"r1", "r2"}));
  EXPECT_TRUE(listen_changed_meetings(after, after).empty());
  EXPECT_EQ(listen_changed_meetings({}, after), (std::vector<std::string>{"r2", "r3"}));
}

TEST(Listen, ParticipantsSeeTheListenersOfTheirRoomHostsSeeAll) {
  const GroupState s = rooms();
  const ListenMap m{{"host", Listen{"r1", 1}}};
  const auto ada = proto::listeners_for(s, m, "ada", false);
  ASSERT_EQ(ada.size(), 1u);
  EXPECT_EQ(ada[0], (proto::ListenerItem{"host", "host", "r1"}));
  EXPECT_TRUE(proto::listeners_for(s, m, "bo", false).empty());
  EXPECT_EQ(proto::listeners_for(s, m, "host", true).size(), 1u);
}

TEST(Listen, CodecsRoundTripAndRefuseBadInput) {
  auto l = proto::decode<proto::CmListen>(Json{{"meeting_id", "r1"}});
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->meeting_id, "r1");
  EXPECT_EQ(proto::decode<proto::CmListen>(Json::object()).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(proto::decode<proto::CmListen>(Json{{"meeting_id", ""}}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(proto::decode<proto::CmListen>(Json{{"meeting_id", 7}}).error().code, ErrorCode::invalid_argument);

  EXPECT_EQ(proto::to_json(proto::ListenReply{}), Json({{"meeting_id", nullptr}}));
  auto rep = proto::decode<proto::ListenReply>(Json{{"meeting_id", "r2"}});
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->meeting_id, std::optional<std::string>("r2"));
  EXPECT_FALSE(proto::decode<proto::ListenReply>(Json{{"meeting_id", nullptr}})->meeting_id);

  const proto::CmListeners ev{{{"host", "Hana Host", "r1"}}};
  auto back = proto::decode<proto::CmListeners>(proto::to_json(ev));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, ev);
  EXPECT_FALSE(proto::decode<proto::CmListeners>(Json::object()).ok());
  EXPECT_FALSE(proto::decode<proto::CmListeners>(Json{{"listeners", {{{"participant_id", "x"}}}}}).ok());
  // the message table knows both requests and the event
  ASSERT_NE(proto::find_message("connected_meetings.listen"), nullptr);
  EXPECT_FALSE(proto::find_message("connected_meetings.listen")->check(Json::object()));
  EXPECT_TRUE(proto::find_message("connected_meetings.stop_listening")->check(Json::object()));
}

TEST(Listen, RoomJoinedCarriesTheListeners) {
  proto::RoomJoined rj;
  rj.meeting_id = "r1";
  rj.self.participant.id = "ada";
  rj.listeners = {{"host", "Hana Host", "r1"}};
  auto back = proto::decode<proto::RoomJoined>(proto::to_json(rj));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->listeners, rj.listeners);
}
