// Network layer (the only Boost.Beast code): listener, HTTP sessions, WebSocket sessions,
// signals, and the scheduler of the fan-out. Single-threaded io_context: every handler of the
// App runs on one thread.
#pragma once

#include <memory>

#include "scheduler.hpp"

namespace rtk::server {
class App;
struct Net;  // the io_context and its scheduler
std::unique_ptr<Net, void (*)(Net*)> make_net(int coalesce_ms);
Scheduler& scheduler_of(Net& net);
// Listens on config().host:port, prints the "listening" line, serves until SIGTERM/SIGINT.
int run_server(App& app, Net& net);
}  // namespace rtk::server
