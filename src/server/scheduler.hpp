// When the fan-out runs: the server coalesces every change of one burst (the same turn of the
// event loop, or a short window) into one frame per recipient. The network layer schedules on
// its io_context; tests use ManualScheduler (step it) or ImmediateScheduler (run at once).
#pragma once

#include <deque>
#include <functional>

namespace rtk::server {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // Runs fn later, after the current burst; never synchronously from inside defer().
  virtual void defer(std::function<void()> fn) = 0;
};

// Runs nothing until run_pending(): deterministic tests decide when a burst ends.
class ManualScheduler : public Scheduler {
 public:
  void defer(std::function<void()> fn) override { q_.push_back(std::move(fn)); }
  // Runs what is queued (and what that queues) until nothing is left; returns how many ran.
  std::size_t run_pending() {
    std::size_t n = 0;
    while (!q_.empty()) {
      auto fn = std::move(q_.front());
      q_.pop_front();
      fn();
      ++n;
    }
    return n;
  }
  std::size_t pending() const { return q_.size(); }

 private:
  std::deque<std::function<void()>> q_;
};

// Runs deferred work at the end of the outermost defer() chain: every call that records a
// change flushes before it returns. For unit tests that do not look at coalescing.
class ImmediateScheduler : public Scheduler {
 public:
  void defer(std::function<void()> fn) override {
    q_.push_back(std::move(fn));
    if (running_) return;
    running_ = true;
    while (!q_.empty()) {
      auto f = std::move(q_.front());
      q_.pop_front();
      f();
    }
    running_ = false;
  }

 private:
  std::deque<std::function<void()>> q_;
  bool running_ = false;
};

}  // namespace rtk::server
