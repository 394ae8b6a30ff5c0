#include "net.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <malloc.h>

#include <chrono>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app.hpp"
#include "janus/client.hpp"
#include "log.hpp"
#include "rtk/protocol.hpp"
#include "static_files.hpp"

namespace rtk::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxBodyBytes = 1 << 20;
constexpr std::size_t kMaxQueuedBytes = 64u << 20;  // a client that reads nothing is cut off
// One async_read_some of a frame. Small, because the buffer it prepares stays allocated while
// the connection waits for its next frame (an idle connection should cost a few KB, not 64).
constexpr std::size_t kReadChunkBytes = 4u << 10;
constexpr std::size_t kKeptReadBufferBytes = 16u << 10;  // more is released after a big frame
bool g_shutting_down = false;
// Bytes written to WebSockets (the heap trim in run_server watches it).
std::size_t g_written = 0;
constexpr std::size_t kTrimAfterBytes = 8u << 20;    // since the last trim
constexpr std::size_t kQuietBytesPerS = 256u << 10;  // and the last second was this quiet

std::int64_t mono_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

class WsSession : public Connection, public std::enable_shared_from_this<WsSession> {
 public:
  WsSession(tcp::socket&& socket, App& app) : ws_(std::move(socket)), app_(app) {}

  void start(http::request<http::string_body> req, std::string pid, std::string gid) {
    pid_ = std::move(pid);
    gid_ = std::move(gid);
    // Beast's keep-alive: after half the idle timeout without a byte from the client it sends a
    // ping; with still nothing after the other half the read fails with timeout (a half-open
    // or frozen peer is reaped and its presence ends in finish()).
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.idle_timeout = std::chrono::seconds(app_.config().ws_idle_timeout_s);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    // The 1 MiB frame cap is enforced in on_read, not with Beast's read_message_max: when Beast
    // fails a too-big frame it tears the socket down after one 2 KiB drain read (Boost 1.74's
    // teardown), so a client still writing the frame gets a reset and sees 1006, not 1009.
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "openrtk"); }));
    ws_.async_accept(req, [self = shared_from_this()](beast::error_code ec) { self->on_accept(ec); });
  }

  void send(SharedText text) override {
    if (close_requested_ || finished_) return;
    queued_bytes_ += text->size();
    queue_.push_back(std::move(text));
    if (queued_bytes_ > kMaxQueuedBytes) {
      log_event("ws_slow_consumer", Json{{"participant_id", pid_}, {"queued_bytes", queued_bytes_}});
      // Drop what is not yet being written; the frame in flight stays alive in in_flight_
      // (and in its write handler) until the write completes.
      queue_.clear();
      queued_bytes_ = 0;
      close(1008);
      return;
    }
    do_write();
  }

  void close(std::uint16_t code) override {
    if (close_requested_ || finished_) return;
    close_requested_ = true;
    close_code_ = code;
    do_write();
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;
    peer_ = std::make_unique<WsPeer>(pid_, gid_, shared_from_this(), app_.config().rate);
    log_event("ws_open", Json{{"participant_id", pid_}, {"meeting_id", gid_}});
    if (!app_.ws().on_open(*peer_)) close(1008);
    do_read();
  }

  void do_read() {
    reading_ = true;
    ws_.async_read_some(buf_, kReadChunkBytes, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->reading_ = false;
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    note_timeout(ec);
    if (ec) return finish();
    if (buf_.size() > proto::kMaxFrameBytes) {
      // Stop reading: the close handshake (async_close in do_write) drains the rest of the
      // frame and waits for the client's close, so the client reads 1009.
      log_event("ws_frame_too_big", Json{{"participant_id", pid_}});
      buf_.consume(buf_.size());
      close(1009);
      return;
    }
    if (!ws_.is_message_done()) return do_read();
    if (!close_requested_ && ws_.got_text()) {
      const std::string text = beast::buffers_to_string(buf_.data());
      app_.ws().on_frame(*peer_, text);
    } else if (!close_requested_) {
      auto err = proto::make_error_reply("", proto::type::error,
                                         make_error(ErrorCode::invalid_argument, "binary frames are not supported"));
      send(Hub::text(err));
    }
    buf_.consume(buf_.size());
    if (buf_.capacity() > kKeptReadBufferBytes) buf_.shrink_to_fit();
    do_read();
  }

  void do_write() {
    if (finished_ || writing_) return;
    if (queue_.empty()) {
      if (close_requested_ && !close_sent_) {
        close_sent_ = true;
        writing_ = true;
        ws_.async_close(websocket::close_reason(close_code_), [self = shared_from_this()](beast::error_code ec) {
          self->note_timeout(ec);
          self->writing_ = false;
          if (!self->reading_) self->finish();  // no read is left to report the end
        });
      }
      return;
    }
    // The frame leaves the queue before its write starts: clearing the queue (slow consumer,
    // finish) can never free a buffer that async_write is still reading.
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= in_flight_->size();
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*in_flight_),
                    [self = shared_from_this(), keep = in_flight_](beast::error_code ec, std::size_t n) {
                      g_written += n;
                      self->on_write(ec);
                    });
  }

  void on_write(beast::error_code ec) {
    note_timeout(ec);
    writing_ = false;
    in_flight_.reset();
    if (ec) return finish();
    do_write();
  }

  // Beast delivers an idle timeout to the first operation that checks the stream after it,
  // which is the read only when no write (a frame queued for this peer, the close) started
  // since: the others see operation_aborted. Every completion handler reports here, so each
  // reap is logged once whichever operation got it.
  void note_timeout(beast::error_code ec) {
    if (ec == beast::error::timeout) log_event("ws_idle_timeout", Json{{"participant_id", pid_}});
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    queue_.clear();
    if (peer_) {
      log_event("ws_close", Json{{"participant_id", pid_}});
      app_.ws().on_close(*peer_);
      peer_->conn.reset();  // break the session <-> peer cycle
    }
  }

  websocket::stream<beast::tcp_stream> ws_;
  App& app_;
  std::string pid_, gid_;
  std::unique_ptr<WsPeer> peer_;
  beast::flat_buffer buf_;
  std::deque<SharedText> queue_;
  SharedText in_flight_;
  std::size_t queued_bytes_ = 0;
  bool reading_ = false, writing_ = false, close_requested_ = false, close_sent_ = false, finished_ = false;
  std::uint16_t close_code_ = 1000;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, App& app) : stream_(std::move(socket)), app_(app) {}
  void start() { do_read(); }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(kMaxBodyBytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buf_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      HttpResponse r = rtk::server::fail(ErrorCode::payload_too_large, "the request body exceeds 1 MiB");
      r.headers.emplace_back("Access-Control-Allow-Origin", "*");
      const auto& h = parser_->get();
      return write(r, std::string(h.method_string()), std::string(h.target()), false, true);
    }
    if (ec) {
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      return;
    }
    started_ = mono_ms();
    auto req = parser_->release();
    const std::string method(req.method_string()), target(req.target());
    const std::string path = target.substr(0, target.find('?'));

    if (websocket::is_upgrade(req)) {
      if (path != "/v2/ws")
        return write(rtk::server::fail(ErrorCode::not_found, "no WebSocket at " + path), method, target, false);
      if (g_shutting_down)
        return write(rtk::server::fail(ErrorCode::unavailable, "shutting down"), method, target, false);
      ParticipantAuth a = app_.authorize_ws(target);
      if (!a.ok) {
        HttpResponse r;
        r.status = 401;
        r.body = unauthenticated_body(a).dump();
        log_event("ws_refused", Json{{"reason", a.reason}});
        return write(r, method, target, false);
      }
      log_event("request", Json{{"method", method}, {"path", path}, {"status", 101}});
      std::make_shared<WsSession>(stream_.release_socket(), app_)
          ->start(std::move(req), a.claims.participant_id, a.claims.meeting_id);
      return;
    }

    const bool keep_alive = req.keep_alive();
    if (path == "/v2" || path.rfind("/v2/", 0) == 0) {
      HttpRequest hr{method, target, std::string(req[http::field::authorization]), std::move(req.body())};
      return write(app_.handle_http(hr), method, target, keep_alive);
    }
    if (req.method() != http::verb::get && req.method() != http::verb::head)
      return write(rtk::server::fail(ErrorCode::not_found, "no route " + method + " " + path), method, target,
                   keep_alive);
    auto file = app_.static_file(target);
    std::string content;
    if (file) {
      std::ifstream in(*file, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (in)
        content = ss.str();
      else
        file.reset();
    }
    if (!file) return write(rtk::server::fail(ErrorCode::not_found, "not found: " + path), method, target, keep_alive);
    HttpResponse r;
    r.content_type = std::string(mime_type(*file));
    r.body = req.method() == http::verb::head ? std::string() : std::move(content);
    r.headers.emplace_back("Cache-Control", "no-cache");
    write(r, method, target, keep_alive);
  }

  // Status, headers and body of one response (string or file body), its length prepared.
  template <class Body>
  static std::shared_ptr<http::response<Body>> response_of(const HttpResponse& r, typename Body::value_type body,
                                                           bool keep_alive) {
    auto res = std::make_shared<http::response<Body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->set(http::field::server, "openrtk");
    if (!r.content_type.empty()) res->set(http::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    res->body() = std::move(body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    return res;
  }

  void write(const HttpResponse& r, const std::string& method, const std::string& target, bool keep_alive,
             bool linger = false) {
    if (!r.file.empty()) return write_file(r, method, target, keep_alive);
    auto res = response_of<http::string_body>(r, r.body, keep_alive);
    log_event("request", Json{{"method", method},
                              {"path", target.substr(0, target.find('?'))},
                              {"status", r.status},
                              {"ms", started_ ? mono_ms() - started_ : 0}});
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, keep_alive, linger](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (linger) return self->drain();
                        if (!keep_alive) {
                          self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
                          return;
                        }
                        self->do_read();
                      });
  }

  // A file body (a recording's download): Beast's file_body reads and sends it in chunks. The
  // socket timeout is a minute per chunk the client does not take, not the whole file.
  void write_file(const HttpResponse& r, const std::string& method, const std::string& target, bool keep_alive) {
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(r.file.c_str(), beast::file_mode::scan, ec);
    if (ec)
      return write(rtk::server::fail(ErrorCode::not_found, "the file is gone: " + ec.message()), method, target,
                   keep_alive);
    auto res = response_of<http::file_body>(r, std::move(body), keep_alive);
    log_event("request", Json{{"method", method},
                              {"path", target.substr(0, target.find('?'))},
                              {"status", r.status},
                              {"bytes", res->payload_size() ? *res->payload_size() : 0},
                              {"ms", started_ ? mono_ms() - started_ : 0}});
    auto sr = std::make_shared<http::response_serializer<http::file_body>>(*res);
    write_chunks(res, sr, keep_alive);
  }
  void write_chunks(std::shared_ptr<http::response<http::file_body>> res,
                    std::shared_ptr<http::response_serializer<http::file_body>> sr, bool keep_alive) {
    stream_.expires_after(std::chrono::seconds(60));
    http::async_write_some(stream_, *sr,
                           [self = shared_from_this(), res, sr, keep_alive](beast::error_code ec, std::size_t) {
                             if (ec) return;
                             if (!sr->is_done()) return self->write_chunks(res, sr, keep_alive);
                             if (!keep_alive) {
                               self->stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
                               return;
                             }
                             self->do_read();
                           });
  }

  // After an early 413: stop sending, read and discard what the client still sends (so it
  // sees the response instead of a reset), then close.
  void drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    drain_buf_.resize(64 * 1024);
    stream_.async_read_some(asio::buffer(drain_buf_), [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (e) {
        beast::error_code ignored;
        self->stream_.socket().close(ignored);
        return;
      }
      self->drain_more();
    });
  }
  void drain_more() {
    stream_.async_read_some(asio::buffer(drain_buf_), [self = shared_from_this()](beast::error_code e, std::size_t) {
      if (e) {
        beast::error_code ignored;
        self->stream_.socket().close(ignored);
        return;
      }
      self->drain_more();
    });
  }

  beast::tcp_stream stream_;
  App& app_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::vector<char> drain_buf_;
  std::int64_t started_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, App& app) : ioc_(ioc), acceptor_(ioc), app_(app) {}

  bool open(const std::string& host, unsigned short port, std::string& error) {
    beast::error_code ec;
    auto addr = asio::ip::make_address(host, ec);
    if (ec) {
      error = "bad --host " + host + ": " + ec.message();
      return false;
    }
    tcp::endpoint ep(addr, port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
      return false;
    }
    return true;
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void accept() {
    acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<HttpSession>(std::move(s), self->app_)->start();
      }
      self->accept();
    });
  }
  void close() {
    beast::error_code ec;
    acceptor_.close(ec);
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor acceptor_;
  App& app_;
};

// Runs the fan-out of a burst after the handlers already queued on the io_context (the same
// turn of the event loop), or after a short window when coalesce_ms > 0.
class IoScheduler : public Scheduler {
 public:
  IoScheduler(asio::io_context& ioc, int coalesce_ms) : ioc_(ioc), ms_(coalesce_ms) {}
  void defer(std::function<void()> fn) override {
    if (ms_ <= 0) {
      asio::post(ioc_, std::move(fn));
      return;
    }
    auto t = std::make_shared<asio::steady_timer>(ioc_, std::chrono::milliseconds(ms_));
    t->async_wait([t, fn = std::move(fn)](beast::error_code) { fn(); });
  }

 private:
  asio::io_context& ioc_;
  int ms_;
};

}  // namespace

struct Net {
  asio::io_context ioc{1};
  IoScheduler scheduler;
  explicit Net(int coalesce_ms) : scheduler(ioc, coalesce_ms) {}
};

std::unique_ptr<Net, void (*)(Net*)> make_net(int coalesce_ms) {
  return {new Net(coalesce_ms), [](Net* n) { delete n; }};
}
Scheduler& scheduler_of(Net& net) { return net.scheduler; }

int run_server(App& app, Net& net) {
  asio::io_context& ioc = net.ioc;
  auto listener = std::make_shared<Listener>(ioc, app);
  std::string error;
  if (!listener->open(app.config().host, static_cast<unsigned short>(app.config().port), error)) {
    log_event("fatal", Json{{"message", error}});
    return 1;
  }
  listener->accept();
  std::unique_ptr<janus::Client> janus_client;
  if (app.sfu()) {
    janus_client = janus::make_client(ioc, app.config().janus_url, app.config().janus_api_secret);
    app.sfu()->set_link(janus_client.get());
    janus_client->start();
  }
  log_event("listening", Json{{"host", app.config().host},
                              {"port", listener->port()},
                              {"data_dir", app.config().data_dir},
                              {"static_dir", app.config().static_dir}});

  // Breakout timers: the reducer decides (BreakoutTick with now); this only asks it often enough
  // (every 250 ms) to warn and close within a quarter second of the stored times.
  asio::steady_timer breakout_timer(ioc);
  std::function<void()> tick_breakouts = [&] {
    breakout_timer.expires_after(std::chrono::milliseconds(250));
    breakout_timer.async_wait([&](beast::error_code ec) {
      if (ec || g_shutting_down) return;
      app.tick();
      tick_breakouts();
    });
  };
  tick_breakouts();

  // A burst (a connect storm, a breakout start or close at 1,000) queues and frees hundreds of
  // MB of frames, and glibc keeps the freed pages. Once a burst is over (at least 8 MiB written
  // since the last trim, and less than 256 KiB in the last second) the free pages go back to
  // the OS, so an idle server's RSS is what its connections hold. A trim takes 1-33 ms at 1,000
  // participants; waiting for a quiet second keeps it out of the bursts (docs/decisions.md,
  // "Returning freed frame memory").
  asio::steady_timer trim_timer(ioc);
  std::size_t written_at_trim = 0, written_a_second_ago = 0;
  std::function<void()> trim_heap = [&] {
    trim_timer.expires_after(std::chrono::seconds(1));
    trim_timer.async_wait([&](beast::error_code ec) {
      if (ec || g_shutting_down) return;
      const bool quiet = g_written - written_a_second_ago < kQuietBytesPerS;
      written_a_second_ago = g_written;
      if (quiet && g_written - written_at_trim >= kTrimAfterBytes) {
        written_at_trim = g_written;
        malloc_trim(0);
      }
      trim_heap();
    });
  };
  trim_heap();

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  asio::steady_timer timer(ioc);
  int waited_ms = 0;
  std::function<void()> wait_for_sockets = [&] {
    timer.expires_after(std::chrono::milliseconds(20));
    timer.async_wait([&](beast::error_code) {
      waited_ms += 20;
      if (app.hub().size() == 0 || waited_ms >= 2000) {
        log_event("stopped", Json{{"open_sockets", app.hub().size()}});
        ioc.stop();
      } else {
        wait_for_sockets();
      }
    });
  };
  signals.async_wait([&](beast::error_code ec, int sig) {
    if (ec) return;
    g_shutting_down = true;
    log_event("shutdown", Json{{"signal", sig}, {"open_sockets", app.hub().size()}});
    listener->close();
    breakout_timer.cancel();
    trim_timer.cancel();
    app.hub().end_all(proto::EndReason::server_shutdown);
    wait_for_sockets();
  });
  ioc.run();
  if (app.sfu()) app.sfu()->set_link(nullptr);
  return 0;
}

}  // namespace rtk::server
