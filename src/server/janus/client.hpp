// The real janus::Link: Janus's WebSocket API (sub-protocol "janus-protocol") over Boost.Beast
// on the server's io_context. Creates one session (with api_secret), keeps it alive every
// 20 s (Janus drops a session after 60 s of silence), matches replies to requests by
// transaction and reconnects every second while Janus is unreachable; a lost socket loses the
// session and every handle (on_state(false)).
#pragma once

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>

#include "janus/link.hpp"

namespace rtk::server::janus {

class Client : public Link {
 public:
  virtual void start() = 0;
  virtual void stop() = 0;
};

// url: ws://host:port[/path]
std::unique_ptr<Client> make_client(boost::asio::io_context& ioc, const std::string& url,
                                    const std::string& api_secret);

}  // namespace rtk::server::janus
