// Internal: reads fields of a JSON object with type checks, collecting the first error with
// its field path. Never throws; used by every decoder of outside input in the core.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

class FieldReader {
 public:
  FieldReader(const Json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j_.is_object()) fail(path_ + ": expected object");
  }

  bool ok() const { return !error_; }
  Error error() const { return *error_; }
  void fail(std::string message) {
    if (!error_) error_ = Error{ErrorCode::invalid_argument, std::move(message)};
  }

  template <class T>
  bool req(const char* key, T& out) {
    if (!ok()) return false;
    auto it = j_.find(key);
    if (it == j_.end()) {
      fail(name(key) + ": is required");
      return false;
    }
    return read(*it, key, out);
  }

  template <class T>
  bool opt(const char* key, T& out) {
    if (!ok()) return false;
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return false;
    return read(*it, key, out);
  }

  template <class T>
  bool opt(const char* key, std::optional<T>& out) {
    T v{};
    if (!opt(key, v)) return false;
    out = std::move(v);
    return true;
  }

  bool has(const char* key) const { return j_.is_object() && j_.contains(key) && !j_[key].is_null(); }

  const Json* req_object(const char* key) { return node(key, true, &Json::is_object, "object"); }
  const Json* opt_object(const char* key) { return node(key, false, &Json::is_object, "object"); }
  const Json* req_array(const char* key) { return node(key, true, &Json::is_array, "array"); }
  const Json* opt_array(const char* key) { return node(key, false, &Json::is_array, "array"); }

  std::string name(const std::string& key) const { return path_ + "." + key; }

 private:
  const Json* node(const char* key, bool required, bool (Json::*pred)() const noexcept, const char* what) {
    if (!ok()) return nullptr;
    auto it = j_.find(key);
    if (it == j_.end() || (!required && it->is_null())) {
      if (required) fail(name(key) + ": is required");
      return nullptr;
    }
    if (!((*it).*pred)()) {
      fail(name(key) + ": expected " + what);
      return nullptr;
    }
    return &*it;
  }

  bool read(const Json& v, const char* key, std::string& out) {
    if (!v.is_string()) return type_error(key, "string");
    out = v.get<std::string>();
    return true;
  }
  bool read(const Json& v, const char* key, bool& out) {
    if (!v.is_boolean()) return type_error(key, "boolean");
    out = v.get<bool>();
    return true;
  }
  template <class I>
  std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, bool> read(const Json& v, const char* key,
                                                                                 I& out) {
    if (!v.is_number_integer()) return type_error(key, "integer");
    if constexpr (std::is_unsigned_v<I>) {
      if (v.is_number_unsigned()) {
        out = static_cast<I>(v.get<std::uint64_t>());
        return true;
      }
      const auto s = v.get<std::int64_t>();
      if (s < 0) return type_error(key, "non-negative integer");
      out = static_cast<I>(s);
    } else {
      out = static_cast<I>(v.get<std::int64_t>());
    }
    return true;
  }
  bool read(const Json& v, const char* key, std::vector<std::string>& out) {
    if (!v.is_array()) return type_error(key, "array of strings");
    out.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        fail(name(key) + "[" + std::to_string(i) + "]: expected string");
        return false;
      }
      out.push_back(v[i].get<std::string>());
    }
    return true;
  }
  bool read(const Json& v, const char*, Json& out) {
    out = v;
    return true;
  }
  bool type_error(const char* key, const char* what) {
    fail(name(key) + ": expected " + what);
    return false;
  }

  const Json& j_;
  std::string path_;
  std::optional<Error> error_;
};

}  // namespace rtk
