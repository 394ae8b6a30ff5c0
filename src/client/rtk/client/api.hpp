// The API table: every method the JS facade may call(), with how its JS arguments (a JSON
// array, camelCase) become a protocol request. Arguments are decoded with the protocol codecs
// before anything is sent; bad arguments reject with invalid_argument.
#pragma once

#include <span>
#include <string_view>

#include "rtk/json.hpp"

namespace rtk::client {

class ClientSession;
using RequestId = std::uint32_t;

struct ApiMethod {
  std::string_view name;
  RequestId (*invoke)(ClientSession& s, const Json& args);
};
std::span<const ApiMethod> api_methods();
const ApiMethod* find_api_method(std::string_view name);

}  // namespace rtk::client
