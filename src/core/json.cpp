#include "rtk/json.hpp"

namespace rtk {

namespace {
// Deepest nesting of arrays/objects in text, counting only brackets outside strings.
// nlohmann copies and serialises recursively, so very deep input must be refused before it
// is parsed (a 20,000-deep array overflows the stack on copy, natively and in wasm).
std::size_t nesting_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > limit) return max_depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}
}  // namespace

Result<Json> parse_json(std::string_view text) {
  if (nesting_depth(text, kMaxJsonDepth) > kMaxJsonDepth)
    return make_error(ErrorCode::invalid_argument,
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(ErrorCode::invalid_argument, "malformed JSON");
  return j;
}

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Status validate_text(std::string_view field, std::string_view value, std::size_t max_bytes) {
  if (value.empty()) return make_error(ErrorCode::invalid_argument, std::string(field) + " must not be empty");
  if (value.size() > max_bytes)
    return make_error(ErrorCode::invalid_argument, std::string(field) + " is " + std::to_string(value.size()) +
                                                       " bytes; at most " + std::to_string(max_bytes) + " are allowed");
  if (!is_valid_utf8(value)) return make_error(ErrorCode::invalid_argument, std::string(field) + " is not valid UTF-8");
  return ok_status();
}

}  // namespace rtk
