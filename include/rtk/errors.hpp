// Stable error codes shared by the core, the server, the wire protocol and the JS SDK.
// Converted once at each boundary: HTTP status + {success:false,error:{code,message}},
// a WebSocket error reply, a JS RtkError with .code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace rtk {

enum class ErrorCode {
  unknown = 0,  // first entry: unknown strings decode to it
  invalid_argument,
  unauthenticated,
  permission_denied,
  not_found,
  conflict,
  limit_exceeded,
  rate_limited,
  payload_too_large,
  unavailable,
  internal,
};

std::string_view to_string(ErrorCode code) noexcept;
ErrorCode error_code_from_string(std::string_view s) noexcept;
int http_status(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::unknown;
  std::string message;

  friend bool operator==(const Error&, const Error&) = default;
};

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

// A value or an Error. Small on purpose: no exceptions cross a public core boundary.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const& { return std::get<1>(v_); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace rtk
