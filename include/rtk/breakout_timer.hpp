// The breakout timer: a deadline (absolute milliseconds, server time) stored in the durable
// group state, a grace period before it (the warning), and the rules that validate a new timer
// or an extension. The reducer (rtk/connected_meetings.hpp) takes `now` as an input and decides
// everything: the warning at deadline - grace, the close at the deadline.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

inline constexpr std::int64_t kDefaultGraceMs = 60'000;
inline constexpr std::int64_t kMinTimerMs = 1'000;
inline constexpr std::int64_t kMaxTimerMs = 24LL * 3600 * 1000;  // a deadline at most a day ahead

struct BreakoutTimer {
  std::int64_t deadline_ms = 0;  // server time (ms since the epoch)
  std::int64_t grace_ms = 0;     // the warning goes out at deadline_ms - grace_ms
  bool warned = false;           // the warning went out (durable: not repeated after a restart)
  friend bool operator==(const BreakoutTimer&, const BreakoutTimer&) = default;
};

// A timer as requested: `duration_ms` from now, the warning `grace_ms` before its end.
struct TimerSpec {
  std::int64_t duration_ms = 0;
  std::int64_t grace_ms = kDefaultGraceMs;
  friend bool operator==(const TimerSpec&, const TimerSpec&) = default;
};

// The grace when none is asked for: 60 s, or half the duration for timers of 2 minutes or less.
std::int64_t default_grace_ms(std::int64_t duration_ms) noexcept;
// duration in [kMinTimerMs, kMaxTimerMs]; grace in [0, duration). invalid_argument otherwise.
Status validate_timer_spec(const TimerSpec& spec);
BreakoutTimer make_timer(const TimerSpec& spec, std::int64_t now_ms);
// The timer after an extension by `extend_ms` (in [kMinTimerMs, kMaxTimerMs]); the new deadline
// may lie at most kMaxTimerMs after now (limit_exceeded). The warning is due again when the new
// deadline minus grace lies in the future.
Result<BreakoutTimer> extend_timer(const BreakoutTimer& t, std::int64_t extend_ms, std::int64_t now_ms);

// Why the timer changed (the wire's connected_meetings.timer_update reason).
// `current`: no change, the value on connect.
enum class TimerReason { unknown = 0, set, extended, warning, expired, cleared, current };
std::string_view to_string(TimerReason r) noexcept;
TimerReason timer_reason_from_string(std::string_view s) noexcept;

// The next time the reducer has something to do with `t` (its warning, else its deadline).
std::int64_t next_due_ms(const BreakoutTimer& t) noexcept;

Json to_json(const BreakoutTimer& t);
Result<BreakoutTimer> breakout_timer_from_json(const Json& j);

}  // namespace rtk
