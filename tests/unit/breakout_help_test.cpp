// Ask for help in the reducer: who may ask and cancel, the host entering resolves, stale requests
// are dropped, every refusal leaves the state untouched.
#include <gtest/gtest.h>

#include "rtk/connected_meetings.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;

namespace {

Permissions perms(bool alter) {
  Permissions p;
  p.connected_meetings = {alter, true, true};
  return p;
}
const Actor kSystem = Actor::system();
const Actor kHost = Actor::participant("host", perms(true));
const Actor kCohost = Actor::participant("co", perms(true));
const Actor kAda = Actor::participant("ada", perms(false));
const Actor kBo = Actor::participant("bo", perms(false));

GroupState rooms() {
  GroupState s = make_group("main", "Main");
  for (const char* id : {"host", "co", "ada", "bo", "cy"}) {
    auto r = apply(s, cmd::AddParticipant{Participant{id, "", "x", id}, ""}, kSystem, 0);
    EXPECT_TRUE(r.ok());
    s = r->state;
  }
  auto r = apply(s, cmd::StartBreakout{{{"r1", "A"}, {"r2", "B"}}, {{"ada", "r1"}, {"bo", "r2"}}}, kHost, 0);
  EXPECT_TRUE(r.ok());
  return r->state;
}

GroupState ok(const Result<Applied>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->state : GroupState{};
}

void refused(const GroupState& s, const Command& c, const Actor& a, ErrorCode code) {
  auto r = apply(s, c, a, 10);
  ASSERT_FALSE(r.ok()) << command_name(c);
  EXPECT_EQ(r.error().code, code) << r.error().message;
}

bool has_help_event(const Applied& a) {
  for (const auto& e : a.events)
    if (std::holds_alternative<ev::HelpChanged>(e)) return true;
  return false;
}

}  // namespace

TEST(Help, AskFromARoomIsQueuedWithRoomAndTime) {
  auto s = rooms();
  auto r = apply(s, cmd::RequestHelp{"ada"}, kAda, 1234);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_help_event(*r));
  EXPECT_EQ(r->state.version, s.version + 1);
  ASSERT_EQ(r->state.help.size(), 1u);
  EXPECT_EQ(r->state.help[0], (HelpRequest{"ada", "r1", 1234}));
  EXPECT_FALSE(check_invariants(r->state));
  // durable: in the state's JSON
  auto back = group_state_from_json(to_json(r->state));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->help, r->state.help);
}

TEST(Help, RefusalsHaveStableCodesAndChangeNothing) {
  auto s = ok(apply(rooms(), cmd::RequestHelp{"ada"}, kAda, 5));
  refused(s, cmd::RequestHelp{"ada"}, kAda, ErrorCode::conflict);             // already pending
  refused(s, cmd::RequestHelp{"cy"}, Actor::participant("cy", perms(false)),  // from the parent
          ErrorCode::conflict);
  refused(s, cmd::RequestHelp{"bo"}, kAda, ErrorCode::permission_denied);  // for someone else
  refused(s, cmd::RequestHelp{"ghost"}, kSystem, ErrorCode::not_found);
  refused(s, cmd::CancelHelp{"ada"}, kBo, ErrorCode::permission_denied);  // not a host, not its own
  refused(s, cmd::CancelHelp{"bo"}, kBo, ErrorCode::not_found);           // none pending
  refused(s, cmd::CancelHelp{"ghost"}, kHost, ErrorCode::not_found);
}

TEST(Help, TheParticipantCancelsOrAHostDismisses) {
  auto s = ok(apply(rooms(), cmd::RequestHelp{"ada"}, kAda, 5));
  EXPECT_TRUE(ok(apply(s, cmd::CancelHelp{"ada"}, kAda, 6)).help.empty());
  EXPECT_TRUE(ok(apply(s, cmd::CancelHelp{"ada"}, kCohost, 6)).help.empty());
  EXPECT_TRUE(ok(apply(s, cmd::CancelHelp{"ada"}, kSystem, 6)).help.empty());
}

TEST(Help, AHostEnteringTheRoomResolvesItsRequests) {
  auto s = ok(apply(rooms(), cmd::RequestHelp{"ada"}, kAda, 5));
  s = ok(apply(s, cmd::RequestHelp{"bo"}, kBo, 6));
  // The host joins room A (one click: a self-move): ada's request is answered, bo's stays.
  auto r = apply(s, cmd::MoveParticipants{"main", "r1", {"host"}, std::nullopt}, kHost, 7);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(has_help_event(*r));
  ASSERT_EQ(r->state.help.size(), 1u);
  EXPECT_EQ(r->state.help[0].participant_id, "bo");
  // A participant (no alter permission) moving into B does not resolve bo's request.
  auto cy = Actor::participant("cy", perms(false));
  auto r2 = apply(r->state, cmd::MoveParticipants{"main", "r2", {"cy"}, std::nullopt}, cy, 8);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2->state.help.size(), 1u);
  EXPECT_FALSE(has_help_event(*r2));
  // A host moving someone else into B does not either (the host is not there).
  auto r3 = apply(r->state, cmd::MoveParticipants{"main", "r2", {"cy"}, std::nullopt}, kCohost, 8);
  ASSERT_TRUE(r3.ok());
  EXPECT_EQ(r3->state.help.size(), 1u);
}

TEST(Help, StaleRequestsAreDropped) {
  auto s = ok(apply(rooms(), cmd::RequestHelp{"ada"}, kAda, 5));
  s = ok(apply(s, cmd::RequestHelp{"bo"}, kBo, 6));
  // ada moved to another room by a host: her request (about room A) is dropped
  auto moved = ok(apply(s, cmd::MoveParticipants{"r1", "r2", {"ada"}, std::nullopt}, kHost, 7));
  ASSERT_EQ(moved.help.size(), 1u);
  EXPECT_EQ(moved.help[0].participant_id, "bo");
  // room B deleted: bo's goes too
  auto deleted = ok(apply(s, cmd::DeleteMeetings{{"r2"}}, kHost, 7));
  ASSERT_EQ(deleted.help.size(), 1u);
  EXPECT_EQ(deleted.help[0].participant_id, "ada");
  // the breakout closes: all go; the participant is removed: its own goes
  EXPECT_TRUE(ok(apply(s, cmd::CloseBreakout{}, kHost, 7)).help.empty());
  EXPECT_EQ(ok(apply(s, cmd::RemoveParticipant{"ada"}, kSystem, 7)).help.size(), 1u);
  EXPECT_FALSE(check_invariants(deleted));
}

TEST(Help, QueueViewAndCodecs) {
  auto s = ok(apply(rooms(), cmd::RequestHelp{"ada"}, kAda, 5));
  s = ok(apply(s, cmd::RequestHelp{"bo"}, kBo, 6));
  auto host = proto::help_queue_for(s, "host", true);
  ASSERT_EQ(host.requests.size(), 2u);
  EXPECT_EQ(host.requests[0], (proto::HelpQueueItem{"ada", "ada", "r1", "A", 5}));
  auto own = proto::help_queue_for(s, "bo", false);
  ASSERT_EQ(own.requests.size(), 1u);
  EXPECT_EQ(own.requests[0].participant_id, "bo");
  EXPECT_TRUE(proto::help_queue_for(s, "cy", false).requests.empty());
  EXPECT_EQ(proto::decode<proto::CmHelpQueue>(proto::to_json(host)).value(), host);
  proto::CmHelp named{std::string("ada")};
  EXPECT_EQ(proto::decode<proto::CmHelp>(proto::to_json(named)).value(), named);
  EXPECT_EQ(proto::decode<proto::CmHelp>(Json::object()).value(), proto::CmHelp{});
  EXPECT_FALSE(proto::decode<proto::CmHelp>(Json{{"participant_id", 5}}).ok());
  EXPECT_FALSE(
      proto::decode<proto::CmHelpQueue>(Json{{"requests", Json::array({Json{{"participant_id", "x"}}})}}).ok());
}
