// rtk-server: see --help.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app.hpp"
#include "config.hpp"
#include "log.hpp"
#include "net.hpp"

int main(int argc, char** argv) {
  using namespace rtk::server;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto cfg = parse_config(args, [](const char* k) { return std::getenv(k); });
  if (!cfg) {
    std::fprintf(stderr, "rtk-server: %s\n\n%s", cfg.error().message.c_str(), usage().c_str());
    return 2;
  }
  if (cfg->help) {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  auto net = make_net(static_cast<int>(cfg->coalesce_ms));
  auto app = App::create(*cfg, system_clock(), &scheduler_of(*net));
  if (!app) {
    log_event("fatal", rtk::Json{{"message", app.error().message}});
    return 1;
  }
  return run_server(**app, *net);
}
