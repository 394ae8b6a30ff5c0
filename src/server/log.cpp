#include "log.hpp"

#include <cstdio>

#include "util.hpp"

namespace rtk::server {
namespace {
bool g_enabled = true;
}

void set_log_enabled(bool on) { g_enabled = on; }

void log_event(std::string_view event, Json fields) {
  if (!g_enabled) return;
  Json j = Json::object();
  j["ts"] = iso_time(system_clock()());
  j["event"] = event;
  if (fields.is_object())
    for (auto& [k, v] : fields.items()) j[k] = v;
  const std::string line = j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

}  // namespace rtk::server
