// Link: the WebSocket's life as one enum state machine with deterministic backoff.
//
//   idle --start--> connecting --opened--> open --closed--> waiting --timer--> connecting ...
//   after max_attempts failed attempts in a row: failed; stop() from anywhere: idle;
//   end() (session.ended that must not reconnect): ended.
// From failed and ended, start() begins again at attempt 0 (a new join). Each input returns
// what the host must do (open the socket, close it, start the timer); pure, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace rtk::client {

// Reconnect schedule: delay(n) = min(base << n, cap) for attempt n = 0..max_attempts-1; after
// max_attempts failed attempts the link is `failed`. Deterministic (no jitter).
struct BackoffPolicy {
  std::uint32_t base_ms = 250;
  std::uint32_t cap_ms = 5000;
  std::uint32_t max_attempts = 8;
  std::uint32_t delay_ms(std::uint32_t attempt) const;
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
  explicit Link(BackoffPolicy policy = {}) : policy_(policy) {}

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
  LinkState state_ = LinkState::idle;
  std::uint32_t attempt_ = 0;
};

}  // namespace rtk::client
