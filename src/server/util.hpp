// Small helpers shared by the server: ids, base64url, time formatting, secrets on disk.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "rtk/errors.hpp"

namespace rtk::server {

// Wall clock in milliseconds since the epoch; injected so tests control time.
using Clock = std::function<std::int64_t()>;
Clock system_clock();

// Random UUID v4 from OpenSSL's CSPRNG.
std::string random_uuid();
// n random bytes as lowercase hex (2n chars).
std::string random_hex(std::size_t n_bytes);

std::string base64url_encode(std::string_view bytes);
// Strict: only the URL-safe alphabet, no padding, no whitespace; nullopt otherwise.
std::optional<std::string> base64url_decode(std::string_view text);

// RFC 3339 UTC with milliseconds, e.g. 2026-01-02T03:04:05.678Z.
std::string iso_time(std::int64_t ms_since_epoch);

// Constant-time equality (length is not secret).
bool constant_time_equals(std::string_view a, std::string_view b);

// Reads a secret from `path`; when missing, generates one (32 random bytes, hex), writes it
// with mode 0600 and sets *created. Errors are `internal` with the path in the message.
Result<std::string> load_or_create_secret(const std::string& path, bool* created);

}  // namespace rtk::server
