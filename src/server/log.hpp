// One JSON line per request and per significant event, on stdout.
#pragma once

#include "rtk/json.hpp"

namespace rtk::server {

// Writes {"ts":..., "event":event, ...fields} as one line and flushes.
void log_event(std::string_view event, Json fields = Json::object());
// Tests silence the log.
void set_log_enabled(bool on);

}  // namespace rtk::server
