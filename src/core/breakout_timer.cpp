#include "rtk/breakout_timer.hpp"

#include <array>
#include <string>

#include "field_reader.hpp"

namespace rtk {

namespace {
Error invalid(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }
constexpr std::array<std::string_view, 7> kReasons{"unknown", "set",     "extended", "warning",
                                                   "expired", "cleared", "current"};
}  // namespace

Status validate_timer_spec(const TimerSpec& spec) {
  if (spec.duration_ms < kMinTimerMs || spec.duration_ms > kMaxTimerMs)
    return invalid("duration_ms must lie in [" + std::to_string(kMinTimerMs) + ", " + std::to_string(kMaxTimerMs) +
                   "]; got " + std::to_string(spec.duration_ms));
  if (spec.grace_ms < 0 || spec.grace_ms >= spec.duration_ms)
    return invalid("grace_ms must lie in [0, duration_ms); got " + std::to_string(spec.grace_ms));
  return ok_status();
}

std::int64_t default_grace_ms(std::int64_t duration_ms) noexcept {
  return duration_ms / 2 < kDefaultGraceMs ? (duration_ms > 0 ? duration_ms / 2 : 0) : kDefaultGraceMs;
}

BreakoutTimer make_timer(const TimerSpec& spec, std::int64_t now_ms) {
  return BreakoutTimer{now_ms + spec.duration_ms, spec.grace_ms, false};
}

Result<BreakoutTimer> extend_timer(const BreakoutTimer& t, std::int64_t extend_ms, std::int64_t now_ms) {
  if (extend_ms < kMinTimerMs || extend_ms > kMaxTimerMs)
    return invalid("extend_ms must lie in [" + std::to_string(kMinTimerMs) + ", " + std::to_string(kMaxTimerMs) +
                   "]; got " + std::to_string(extend_ms));
  BreakoutTimer out = t;
  out.deadline_ms = t.deadline_ms + extend_ms;
  if (out.deadline_ms - now_ms > kMaxTimerMs)
    return make_error(ErrorCode::limit_exceeded,
                      "the deadline may lie at most " + std::to_string(kMaxTimerMs) + " ms ahead");
  out.warned = t.warned && now_ms >= out.deadline_ms - out.grace_ms;
  return out;
}

std::string_view to_string(TimerReason r) noexcept {
  const auto i = static_cast<std::size_t>(r);
  return i < kReasons.size() ? kReasons[i] : kReasons[0];
}

TimerReason timer_reason_from_string(std::string_view s) noexcept {
  for (std::size_t i = 0; i < kReasons.size(); ++i)
    if (kReasons[i] == s) return static_cast<TimerReason>(i);
  return TimerReason::unknown;
}

std::int64_t next_due_ms(const BreakoutTimer& t) noexcept {
  return t.warned ? t.deadline_ms : t.deadline_ms - t.grace_ms;
}

Json to_json(const BreakoutTimer& t) {
  return Json{{"deadline_ms", t.deadline_ms}, {"grace_ms", t.grace_ms}, {"warned", t.warned}};
}

Result<BreakoutTimer> breakout_timer_from_json(const Json& j) {
  FieldReader r(j, "timer");
  BreakoutTimer t;
  r.req("deadline_ms", t.deadline_ms);
  r.req("grace_ms", t.grace_ms);
  r.opt("warned", t.warned);
  if (!r.ok()) return r.error();
  if (t.grace_ms < 0) return invalid("timer.grace_ms: must not be negative");
  return t;
}

}  // namespace rtk
