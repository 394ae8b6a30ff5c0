#include "rtk/errors.hpp"

#include <array>

namespace rtk {
namespace {
struct CodeInfo {
  ErrorCode code;
  std::string_view name;
  int http;
};
constexpr std::array<CodeInfo, 11> kCodes{{
    {ErrorCode::unknown, "unknown", 500},
    {ErrorCode::invalid_argument, "invalid_argument", 400},
    {ErrorCode::unauthenticated, "unauthenticated", 401},
    {ErrorCode::permission_denied, "permission_denied", 403},
    {ErrorCode::not_found, "not_found", 404},
    {ErrorCode::conflict, "conflict", 409},
    {ErrorCode::limit_exceeded, "limit_exceeded", 422},
    {ErrorCode::rate_limited, "rate_limited", 429},
    {ErrorCode::payload_too_large, "payload_too_large", 413},
    {ErrorCode::unavailable, "unavailable", 503},
    {ErrorCode::internal, "internal", 500},
}};
}  // namespace

std::string_view to_string(ErrorCode code) noexcept {
  for (const auto& c : kCodes)
    if (c.code == code) return c.name;
  return "unknown";
}

ErrorCode error_code_from_string(std::string_view s) noexcept {
  for (const auto& c : kCodes)
    if (c.name == s) return c.code;
  return ErrorCode::unknown;
}

int http_status(ErrorCode code) noexcept {
  for (const auto& c : kCodes)
    if (c.code == code) return c.http;
  return 500;
}

}  // namespace rtk
