// Network layer (the only Boost.Beast code): listener, HTTP sessions, WebSocket sessions,
// signals. Single-threaded io_context: every handler of the App runs on one thread.
#pragma once

namespace rtk::server {
class App;
// Listens on config().host:port, prints the "listening" line, serves until SIGTERM/SIGINT.
int run_server(App& app);
}  // namespace rtk::server
