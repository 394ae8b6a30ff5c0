// nlohmann/json plus the few helpers the core uses to read outside input without throwing
// across a public boundary.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "rtk/errors.hpp"

namespace rtk {

using Json = nlohmann::json;

inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses text; malformed JSON or nesting deeper than kMaxJsonDepth is an invalid_argument
// error, never an exception or abort.
Result<Json> parse_json(std::string_view text);

// True when s is valid UTF-8 (no overlongs, no surrogates, max U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

// Validates a user-visible name or title: 1..max_bytes bytes of valid UTF-8.
Status validate_text(std::string_view field, std::string_view value, std::size_t max_bytes);

}  // namespace rtk
