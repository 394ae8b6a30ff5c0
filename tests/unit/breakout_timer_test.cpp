// The breakout timer in the reducer: time is an input (now_ms), so deadline, warning, extend and
// expiry are exercised without a clock.
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
const Actor kGuest = Actor::participant("p0", perms(false));

GroupState group() {
  GroupState s = make_group("main", "Main");
  for (const char* id : {"host", "p0", "p1"}) {
    auto r = apply(s, cmd::AddParticipant{Participant{id, "", "x", id}, ""}, kSystem, 0);
    EXPECT_TRUE(r.ok());
    s = r->state;
  }
  return s;
}

// Started at t=1000 with 10 min and the default 60 s grace.
GroupState started(std::optional<TimerSpec> t = TimerSpec{600'000, kDefaultGraceMs}) {
  cmd::StartBreakout start{{{"r1", "A"}, {"r2", "B"}}, {{"p0", "r1"}, {"p1", "r2"}}, t};
  auto r = apply(group(), start, kHost, 1000);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->state : GroupState{};
}

std::vector<ev::TimerChanged> timer_events(const Applied& a) {
  std::vector<ev::TimerChanged> out;
  for (const auto& e : a.events)
    if (auto* x = std::get_if<ev::TimerChanged>(&e)) out.push_back(*x);
  return out;
}

void expect_refused(const GroupState& s, const Command& c, const Actor& a, std::int64_t now, ErrorCode code) {
  auto r = apply(s, c, a, now);
  ASSERT_FALSE(r.ok()) << command_name(c);
  EXPECT_EQ(r.error().code, code) << r.error().message;
}

}  // namespace

TEST(BreakoutTimer, StartStoresTheAbsoluteDeadline) {
  auto s = started();
  ASSERT_TRUE(s.timer);
  EXPECT_EQ(s.timer->deadline_ms, 601'000);
  EXPECT_EQ(s.timer->grace_ms, 60'000);
  EXPECT_FALSE(s.timer->warned);
  EXPECT_EQ(next_tick_ms(s), 541'000);
  EXPECT_FALSE(started(std::nullopt).timer);
  EXPECT_FALSE(next_tick_ms(started(std::nullopt)));
  // The timer is part of the durable state and its JSON.
  auto back = group_state_from_json(to_json(s));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, s);
}

TEST(BreakoutTimer, DefaultGraceFitsShortTimers) {
  EXPECT_EQ(default_grace_ms(600'000), 60'000);
  EXPECT_EQ(default_grace_ms(120'000), 60'000);
  EXPECT_EQ(default_grace_ms(60'000), 30'000);
  EXPECT_EQ(default_grace_ms(1'000), 500);
  for (std::int64_t d : std::initializer_list<std::int64_t>{1'000, 60'000, 120'000, 600'000, kMaxTimerMs})
    EXPECT_TRUE(validate_timer_spec(TimerSpec{d, default_grace_ms(d)}).ok()) << d;
}

TEST(BreakoutTimer, BadSpecsAreRefusedWithoutChange) {
  auto s = group();
  for (auto spec : {TimerSpec{0, 0}, TimerSpec{999, 0}, TimerSpec{kMaxTimerMs + 1, 0}, TimerSpec{60'000, 60'000},
                    TimerSpec{60'000, -1}}) {
    cmd::StartBreakout start{{{"r1", "A"}}, {{"p0", "r1"}}, spec};
    expect_refused(s, start, kHost, 0, ErrorCode::invalid_argument);
  }
  auto running = started(std::nullopt);
  expect_refused(running, cmd::SetBreakoutTimer{TimerSpec{500, 0}}, kHost, 0, ErrorCode::invalid_argument);
}

TEST(BreakoutTimer, TickWarnsAtDeadlineMinusGraceThenCloses) {
  auto s = started();
  // Not yet due: refused, nothing changes, no version.
  expect_refused(s, cmd::BreakoutTick{}, kSystem, 540'999, ErrorCode::conflict);
  auto w = apply(s, cmd::BreakoutTick{}, kSystem, 541'000);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->state.version, s.version + 1);
  ASSERT_EQ(timer_events(*w).size(), 1u);
  EXPECT_EQ(timer_events(*w)[0].reason, TimerReason::warning);
  EXPECT_TRUE(w->state.timer->warned);
  EXPECT_EQ(w->state.meetings.size(), 2u);
  EXPECT_EQ(next_tick_ms(w->state), 601'000);
  // The warning goes out once.
  expect_refused(w->state, cmd::BreakoutTick{}, kSystem, 600'999, ErrorCode::conflict);
  auto c = apply(w->state, cmd::BreakoutTick{}, kSystem, 601'000);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->state.meetings.empty());
  EXPECT_FALSE(c->state.timer);
  EXPECT_EQ(c->state.parent.participants.size(), 3u);
  ASSERT_EQ(timer_events(*c).size(), 1u);
  EXPECT_EQ(timer_events(*c)[0].reason, TimerReason::expired);
  EXPECT_FALSE(check_invariants(c->state));
  expect_refused(c->state, cmd::BreakoutTick{}, kSystem, 700'000, ErrorCode::conflict);
}

TEST(BreakoutTimer, APassedDeadlineClosesOnTheFirstTick) {
  // A server that was down through warning and deadline closes at once (no warning first).
  auto s = started();
  auto c = apply(s, cmd::BreakoutTick{}, kSystem, 10'000'000);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->state.meetings.empty());
  EXPECT_EQ(timer_events(*c).at(0).reason, TimerReason::expired);
}

TEST(BreakoutTimer, TickIsTheSystemsOnly) {
  auto s = started();
  expect_refused(s, cmd::BreakoutTick{}, kHost, 601'000, ErrorCode::permission_denied);
}

TEST(BreakoutTimer, ExtendMovesTheDeadlineAndReArmsTheWarning) {
  auto s = started();
  auto w = apply(s, cmd::BreakoutTick{}, kSystem, 541'000);
  ASSERT_TRUE(w.ok());
  auto e = apply(w->state, cmd::ExtendBreakoutTimer{300'000}, kHost, 550'000);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->state.timer->deadline_ms, 901'000);
  EXPECT_FALSE(e->state.timer->warned);
  EXPECT_EQ(timer_events(*e).at(0).reason, TimerReason::extended);
  EXPECT_EQ(next_tick_ms(e->state), 841'000);
  // A short extension inside the grace keeps the warning as sent.
  auto short_ext = apply(w->state, cmd::ExtendBreakoutTimer{5'000}, kHost, 550'000);
  ASSERT_TRUE(short_ext.ok());
  EXPECT_TRUE(short_ext->state.timer->warned);
}

TEST(BreakoutTimer, ExtendAndSetAreRefusedWithStableCodes) {
  auto s = started();
  expect_refused(s, cmd::ExtendBreakoutTimer{60'000}, kGuest, 2000, ErrorCode::permission_denied);
  expect_refused(s, cmd::SetBreakoutTimer{TimerSpec{60'000, 0}}, kGuest, 2000, ErrorCode::permission_denied);
  expect_refused(s, cmd::ExtendBreakoutTimer{0}, kHost, 2000, ErrorCode::invalid_argument);
  expect_refused(s, cmd::ExtendBreakoutTimer{-5}, kHost, 2000, ErrorCode::invalid_argument);
  expect_refused(s, cmd::ExtendBreakoutTimer{kMaxTimerMs}, kHost, 2000, ErrorCode::limit_exceeded);
  expect_refused(started(std::nullopt), cmd::ExtendBreakoutTimer{60'000}, kHost, 2000, ErrorCode::conflict);
  expect_refused(group(), cmd::SetBreakoutTimer{TimerSpec{60'000, 0}}, kHost, 2000, ErrorCode::conflict);
  // Permission first: a guest learns nothing about whether a timer runs.
  expect_refused(group(), cmd::ExtendBreakoutTimer{60'000}, kGuest, 2000, ErrorCode::permission_denied);
}

TEST(BreakoutTimer, SetReplacesTheTimerOfARunningBreakout) {
  auto s = started(std::nullopt);
  auto r = apply(s, cmd::SetBreakoutTimer{TimerSpec{120'000, 30'000}}, kHost, 5000);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.timer, (BreakoutTimer{125'000, 30'000, false}));
  EXPECT_EQ(timer_events(*r).at(0).reason, TimerReason::set);
}

TEST(BreakoutTimer, ClosingEarlyOrDeletingTheLastRoomClearsIt) {
  auto s = started();
  auto c = apply(s, cmd::CloseBreakout{}, kHost, 2000);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->state.timer);
  EXPECT_EQ(timer_events(*c).at(0).reason, TimerReason::cleared);
  auto d1 = apply(s, cmd::DeleteMeetings{{"r1"}}, kHost, 2000);
  ASSERT_TRUE(d1.ok());
  EXPECT_TRUE(d1->state.timer);
  EXPECT_TRUE(timer_events(*d1).empty());
  auto d2 = apply(d1->state, cmd::DeleteMeetings{{"r2"}}, kHost, 2000);
  ASSERT_TRUE(d2.ok());
  EXPECT_FALSE(d2->state.timer);
  EXPECT_FALSE(check_invariants(d2->state));
}

TEST(BreakoutTimer, DeltaFlagsTheTimer) {
  auto s = started();
  auto w = apply(s, cmd::BreakoutTick{}, kSystem, 541'000);
  ASSERT_TRUE(w.ok());
  const GroupDelta d = delta_of(w->events, s.version);
  EXPECT_TRUE(d.timer_changed);
  EXPECT_EQ(d.version, s.version + 1);
}

TEST(BreakoutTimer, WireCodecs) {
  proto::CmTimer set{60'000, std::nullopt, 10'000};
  EXPECT_EQ(proto::decode<proto::CmTimer>(proto::to_json(set)).value(), set);
  proto::CmTimer ext{std::nullopt, 30'000, std::nullopt};
  EXPECT_EQ(proto::decode<proto::CmTimer>(proto::to_json(ext)).value(), ext);
  for (const char* bad : {R"({})", R"({"duration_ms":1,"extend_ms":2})", R"({"extend_ms":2,"grace_ms":1})",
                          R"({"duration_ms":"x"})", R"([])"}) {
    auto r = proto::decode<proto::CmTimer>(Json::parse(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  }
  proto::CmTimerUpdate u{BreakoutTimer{5000, 1000, true}, TimerReason::warning, 4000};
  EXPECT_EQ(proto::decode<proto::CmTimerUpdate>(proto::to_json(u)).value(), u);
  proto::CmTimerUpdate none{std::nullopt, TimerReason::expired, 9000};
  EXPECT_EQ(proto::to_json(none)["timer"], nullptr);
  EXPECT_EQ(proto::decode<proto::CmTimerUpdate>(proto::to_json(none)).value(), none);
  proto::CmStart st;
  st.titles = {"A"};
  st.duration_ms = 60'000;
  st.grace_ms = 5'000;
  EXPECT_EQ(proto::decode<proto::CmStart>(proto::to_json(st)).value(), st);
  EXPECT_FALSE(proto::decode<proto::CmStart>(Json::parse(R"({"grace_ms":5})")).ok());
}
