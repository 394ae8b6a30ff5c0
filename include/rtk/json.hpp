// rtk::Json plus the few helpers the core uses to read outside input without throwing across
// a public boundary. rtk::Json is nlohmann::json natively and, in the wasm build
// (RTK_SMALL_JSON, docs/decisions.md "Size budgets"), rtk::SmallJson: the same API surface the
// core/client/wasm code uses, a fraction of the code size.
#pragma once

#ifdef RTK_SMALL_JSON
#include "rtk/small_json.hpp"
#else
#include <nlohmann/json.hpp>
#endif

#include <string>
#include <string_view>

#include "rtk/errors.hpp"

namespace rtk {

#ifdef RTK_SMALL_JSON
using Json = SmallJson;
#else
using Json = nlohmann::json;
#endif

inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses text; malformed JSON or nesting deeper than kMaxJsonDepth is an invalid_argument
// error, never an exception or abort.
Result<Json> parse_json(std::string_view text);

// True when s is valid UTF-8 (no overlongs, no surrogates, max U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

// Validates a user-visible name or title: 1..max_bytes bytes of valid UTF-8.
Status validate_text(std::string_view field, std::string_view value, std::size_t max_bytes);

}  // namespace rtk
