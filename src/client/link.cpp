#include "rtk/client/link.hpp"

#include <algorithm>
#include <memory>
#include <random>

namespace rtk::client {

std::uint32_t BackoffPolicy::ceiling_ms(std::uint32_t attempt) const {
  std::uint64_t d = base_ms;
  for (std::uint32_t i = 0; i < attempt && d < cap_ms; ++i) d <<= 1;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(d, cap_ms));
}

std::uint32_t BackoffPolicy::delay_ms(std::uint32_t attempt, std::uint32_t random) const {
  const std::uint64_t ceiling = ceiling_ms(attempt);
  const std::uint64_t span = ceiling * std::min<std::uint32_t>(jitter_pct, 100) / 100;
  return static_cast<std::uint32_t>(ceiling - ((span * random) >> 32));
}

RandomSource default_random_source() {
  auto gen = std::make_shared<std::mt19937>(std::random_device{}());
  return [gen] { return static_cast<std::uint32_t>((*gen)()); };
}

std::string_view to_string(LinkState s) noexcept {
  switch (s) {
    case LinkState::idle: return "idle";
    case LinkState::connecting: return "connecting";
    case LinkState::open: return "open";
    case LinkState::waiting: return "waiting";
    case LinkState::failed: return "failed";
    case LinkState::ended: return "ended";
  }
  return "idle";
}

LinkAction Link::start() {
  LinkAction a;
  if (active()) return a;  // already on its way
  state_ = LinkState::connecting;
  attempt_ = 0;
  a.open_socket = true;
  return a;
}

LinkAction Link::opened() {
  LinkAction a;
  if (state_ == LinkState::connecting) {
    state_ = LinkState::open;
  } else {
    a.close_socket = true;  // opened after stop()/end(): close it again
  }
  return a;
}

LinkAction Link::closed() {
  LinkAction a;
  if (state_ != LinkState::connecting && state_ != LinkState::open) return a;
  if (attempt_ >= policy_.max_attempts) {
    state_ = LinkState::failed;
    a.gave_up = true;
    return a;
  }
  state_ = LinkState::waiting;
  a.start_timer_ms = policy_.delay_ms(attempt_, random_());
  ++attempt_;
  return a;
}

LinkAction Link::timer() {
  LinkAction a;
  if (state_ != LinkState::waiting) return a;
  state_ = LinkState::connecting;
  a.open_socket = true;
  return a;
}

LinkAction Link::stop() {
  LinkAction a;
  a.close_socket = state_ == LinkState::connecting || state_ == LinkState::open;
  state_ = LinkState::idle;
  return a;
}

LinkAction Link::end() {
  LinkAction a;
  a.close_socket = state_ == LinkState::connecting || state_ == LinkState::open;
  state_ = LinkState::ended;
  return a;
}

}  // namespace rtk::client
