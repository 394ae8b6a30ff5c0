// Link: the WebSocket's life as one enum state machine with jittered exponential backoff.
//
//   idle --start--> connecting --opened--> open --closed--> waiting --timer--> connecting ...
//   after max_attempts failed attempts in a row: failed; stop() from anywhere: idle;
//   end() (session.ended that must not reconnect): ended.
// From failed and ended, start() begins again at attempt 0 (a new join). Each input returns
// what the host must do (open the socket, close it, start the timer); pure, no I/O: the random
// numbers of the jitter come from an injected source, so tests are deterministic.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace rtk::client {

// Uniformly distributed 32-bit numbers for the backoff jitter.
using RandomSource = std::function<std::uint32_t()>;
// A source seeded from std::random_device (the default of Link and of the client session).
RandomSource default_random_source();

// Reconnect schedule: the ceiling ceiling_ms(n) = min(base << n, cap) for attempt n =
// 0..max_attempts-1, and the delay drawn from [ceiling * (100 - jitter_pct) / 100, ceiling] with
// one random number: clients that lost the same server at the same moment (a restart) spread
// their redials over the window instead of dialling in lockstep. After max_attempts failed
// attempts the link is `failed`. jitter_pct 0: deterministic.
struct BackoffPolicy {
  std::uint32_t base_ms = 250;
  std::uint32_t cap_ms = 5000;
  std::uint32_t max_attempts = 8;
  std::uint32_t jitter_pct = 50;  // 0..100
  std::uint32_t ceiling_ms(std::uint32_t attempt) const;
  // random = 0 gives the ceiling, random = 2^32-1 (almost) the floor.
  std::uint32_t delay_ms(std::uint32_t attempt, std::uint32_t random) const;
};

enum class LinkState { idle, connecting, open, waiting, failed, ended };
std::string_view to_string(LinkState s) noexcept;

struct LinkAction {
  bool open_socket = false;
  bool close_socket = false;
  std::optional<std::uint32_t> start_timer_ms;
  bool gave_up = false;  // this input moved the link to failed
};

class Link {
 public:
  explicit Link(BackoffPolicy policy = {}, RandomSource random = {})
      : policy_(policy), random_(random ? std::move(random) : default_random_source()) {}

  LinkState state() const { return state_; }
  bool is_open() const { return state_ == LinkState::open; }
  // The session wants to be connected (connecting, open or waiting for the timer).
  bool active() const {
    return state_ == LinkState::connecting || state_ == LinkState::open || state_ == LinkState::waiting;
  }
  std::uint32_t attempt() const { return attempt_; }

  LinkAction start();              // join(): from idle, failed or ended
  LinkAction opened();             // the socket opened
  LinkAction closed();             // the socket closed or failed to open
  LinkAction timer();              // the backoff timer fired
  LinkAction stop();               // leave(): close, never reconnect
  LinkAction end();                // the server ended the session: close, never reconnect
  void joined() { attempt_ = 0; }  // the server accepted us (room.joined): the backoff restarts

 private:
  BackoffPolicy policy_;
  RandomSource random_;
  LinkState state_ = LinkState::idle;
  std::uint32_t attempt_ = 0;
};

}  // namespace rtk::client
