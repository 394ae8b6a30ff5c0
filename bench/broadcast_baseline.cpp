// Baseline for bench/load: the cheapest fan-out Boost.Beast can do on this machine. Accepts
// WebSocket connections on 127.0.0.1 (any path) and, when any client sends a text frame
// "bcast:<payload>", writes <payload> to every open connection (the sender included), one
// shared buffer for all, one io_context thread, TCP_NODELAY: the same I/O model as rtk-server
// with no protocol work at all. bench/load/load.mjs measures how long one small frame takes
// to reach N sockets and prints rtk-server's move p99 as a multiple of it.
//
//   bench_broadcast [--port 0]     prints {"event":"listening","port":P} on stdout
#include <utility>  // before Boost: asio/awaitable.hpp uses std::exchange

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <string>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Text = std::shared_ptr<const std::string>;

class Session;
std::set<Session*> g_sessions;

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket s) : ws_(std::move(s)) {}
  ~Session() { g_sessions.erase(this); }

  void start() {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      g_sessions.insert(self.get());
      self->read();
    });
  }

  void send(Text t) {
    queue_.push_back(std::move(t));
    if (!writing_) write();
  }

 private:
  void read() {
    ws_.async_read(buf_, [this, self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return close();
      std::string msg = beast::buffers_to_string(buf_.data());
      buf_.consume(buf_.size());
      if (msg.rfind("bcast:", 0) == 0) {
        auto t = std::make_shared<const std::string>(msg.substr(6));
        for (Session* s : std::set<Session*>(g_sessions)) s->send(t);
      }
      read();
    });
  }

  void write() {
    if (queue_.empty() || closed_) return;
    writing_ = true;
    Text t = queue_.front();
    ws_.text(true);
    ws_.async_write(asio::buffer(*t), [this, t, self = shared_from_this()](beast::error_code ec, std::size_t) {
      writing_ = false;
      queue_.pop_front();
      if (ec) return close();
      write();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    g_sessions.erase(this);  // the pending read/write handlers hold the last references
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buf_;
  std::deque<Text> queue_;
  bool writing_ = false, closed_ = false;
};

int main(int argc, char** argv) {
  unsigned short port = 0;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--port") port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
  asio::io_context ioc{1};
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  acceptor.listen(asio::socket_base::max_listen_connections);
  std::cout << "{\"event\":\"listening\",\"port\":" << acceptor.local_endpoint().port() << "}" << std::endl;
  std::function<void()> accept = [&] {
    acceptor.async_accept([&](beast::error_code ec, tcp::socket s) {
      if (!ec) {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(s))->start();
      }
      accept();
    });
  };
  accept();
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
  ioc.run();
  return 0;
}
