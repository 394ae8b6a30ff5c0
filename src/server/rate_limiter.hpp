// Token bucket, clock passed in (sans-IO): `rate` tokens per second up to `burst`.
#pragma once

#include <algorithm>
#include <cstdint>

namespace rtk::server {

class TokenBucket {
 public:
  TokenBucket(double rate_per_s, double burst) : rate_(rate_per_s), burst_(burst), tokens_(burst) {}

  // Takes one token at time now_ms; false when the bucket is empty (the request is refused).
  bool take(std::int64_t now_ms) {
    if (last_ms_ >= 0 && now_ms > last_ms_) tokens_ = std::min(burst_, tokens_ + (now_ms - last_ms_) * rate_ / 1000.0);
    if (last_ms_ < 0 || now_ms > last_ms_) last_ms_ = now_ms;
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }
  double tokens() const { return tokens_; }

 private:
  double rate_;
  double burst_;
  double tokens_;
  std::int64_t last_ms_ = -1;
};

}  // namespace rtk::server
