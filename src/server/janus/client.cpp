#include "janus/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <deque>
#include <map>

#include "log.hpp"

namespace rtk::server::janus {
namespace {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

constexpr auto kKeepalive = std::chrono::seconds(20);
constexpr auto kRetry = std::chrono::seconds(1);

Reply reply_of(const Json& m) {
  Reply r;
  const std::string kind = m.value("janus", "");
  r.kind = kind;
  if (m.contains("jsep")) r.jsep = m["jsep"];
  if (kind == "error") {
    r.error = m.contains("error") ? m["error"].value("reason", "error") : "error";
    return r;
  }
  if (m.contains("plugindata") && m["plugindata"].is_object() && m["plugindata"].contains("data")) {
    r.data = m["plugindata"]["data"];
    if (r.data.is_object() && r.data.contains("error_code")) {
      r.error = r.data.value("error", "plugin error");
      return r;
    }
  } else if (m.contains("data")) {
    r.data = m["data"];
  }
  r.ok = true;
  return r;
}

class WsClient : public Client, public std::enable_shared_from_this<WsClient> {
 public:
  WsClient(asio::io_context& ioc, std::string host, std::string port, std::string path, std::string secret)
      : ioc_(ioc),
        resolver_(ioc),
        timer_(ioc),
        keepalive_(ioc),
        host_(std::move(host)),
        port_(std::move(port)),
        path_(std::move(path)),
        secret_(std::move(secret)) {}

  bool ready() const override { return session_ != 0; }
  void start() override { connect(); }
  void stop() override {
    stopped_ = true;
    timer_.cancel();
    keepalive_.cancel();
    if (ws_) {
      beast::error_code ec;
      beast::get_lowest_layer(*ws_).socket().close(ec);
    }
  }

  void attach(ReplyFn done) override {
    request(Json{{"janus", "attach"}, {"plugin", "janus.plugin.videoroom"}}, std::move(done));
  }
  void message(Handle h, Json body, Json jsep, ReplyFn done) override {
    Json m{{"janus", "message"}, {"handle_id", h}, {"body", std::move(body)}};
    if (!jsep.is_null()) m["jsep"] = std::move(jsep);
    request(std::move(m), std::move(done));
  }
  void trickle(Handle h, Json candidate) override {
    request(Json{{"janus", "trickle"}, {"handle_id", h}, {"candidate", std::move(candidate)}}, nullptr);
  }
  void detach(Handle h) override {
    if (h) request(Json{{"janus", "detach"}, {"handle_id", h}}, nullptr);
  }

 private:
  void request(Json m, ReplyFn done) {
    if (!ready()) {
      if (done) done(Reply{false, "error", Json::object(), Json(), "no Janus session"});
      return;
    }
    m["session_id"] = session_;
    send(std::move(m), std::move(done));
  }
  void send(Json m, ReplyFn done) {
    const std::string tx = "t" + std::to_string(++next_tx_);
    m["transaction"] = tx;
    if (!secret_.empty()) m["apisecret"] = secret_;
    if (done) pending_[tx] = std::move(done);
    out_.push_back(m.dump());
    if (out_.size() == 1) write();
  }
  void write() {
    if (!ws_ || out_.empty()) return;
    ws_->async_write(asio::buffer(out_.front()),
                     [self = shared_from_this(), gen = gen_](beast::error_code ec, std::size_t) {
                       if (gen != self->gen_) return;
                       if (ec) return self->lost(ec.message());
                       self->out_.pop_front();
                       self->write();
                     });
  }

  void connect() {
    if (stopped_) return;
    const int gen = ++gen_;
    ws_ = std::make_unique<websocket::stream<beast::tcp_stream>>(ioc_);
    resolver_.async_resolve(
        host_, port_, [self = shared_from_this(), gen](beast::error_code ec, tcp::resolver::results_type r) {
          if (gen != self->gen_) return;
          if (ec) return self->retry(ec.message());
          beast::get_lowest_layer(*self->ws_).expires_after(std::chrono::seconds(5));
          beast::get_lowest_layer(*self->ws_).async_connect(r, [self, gen](beast::error_code ec2, tcp::endpoint) {
            if (gen != self->gen_) return;
            if (ec2) return self->retry(ec2.message());
            beast::get_lowest_layer(*self->ws_).expires_never();
            self->ws_->set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
              req.set(beast::http::field::sec_websocket_protocol, "janus-protocol");
            }));
            self->ws_->read_message_max(8u << 20);
            self->ws_->async_handshake(self->host_ + ":" + self->port_, self->path_,
                                       [self, gen](beast::error_code ec3) {
                                         if (gen != self->gen_) return;
                                         if (ec3) return self->retry(ec3.message());
                                         self->read();
                                         self->create_session();
                                       });
          });
        });
  }

  void create_session() {
    send(Json{{"janus", "create"}}, [self = shared_from_this()](const Reply& r) {
      if (!r.ok) return self->lost("create session: " + r.error);
      self->session_ = r.data.value("id", Handle{0});
      log_event("janus_connected", Json{{"session_id", self->session_}});
      self->keepalive();
      if (self->on_state) self->on_state(true);
    });
  }

  void keepalive() {
    keepalive_.expires_after(kKeepalive);
    keepalive_.async_wait([self = shared_from_this(), gen = gen_](beast::error_code ec) {
      if (ec || gen != self->gen_ || !self->ready()) return;
      self->request(Json{{"janus", "keepalive"}}, nullptr);
      self->keepalive();
    });
  }

  void read() {
    ws_->async_read(buf_, [self = shared_from_this(), gen = gen_](beast::error_code ec, std::size_t) {
      if (gen != self->gen_) return;
      if (ec) return self->lost(ec.message());
      const std::string text = beast::buffers_to_string(self->buf_.data());
      self->buf_.consume(self->buf_.size());
      self->on_message(text);
      self->read();
    });
  }

  void on_message(const std::string& text) {
    Json m = Json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.is_object()) return;
    const std::string kind = m.value("janus", "");
    if (kind == "ack" || kind == "keepalive") return;  // the event with the result follows
    const std::string tx =
        m.contains("transaction") && m["transaction"].is_string() ? m["transaction"].get<std::string>() : "";
    if (!tx.empty()) {
      auto it = pending_.find(tx);
      if (it != pending_.end()) {
        ReplyFn fn = std::move(it->second);
        pending_.erase(it);
        fn(reply_of(m));
        return;
      }
    }
    if (m.contains("sender") && on_event) on_event(m["sender"].get<Handle>(), reply_of(m));
  }

  void retry(const std::string& why) {
    if (stopped_) return;
    if (!warned_) log_event("janus_unreachable", Json{{"host", host_}, {"port", port_}, {"message", why}});
    warned_ = true;
    ws_.reset();
    timer_.expires_after(kRetry);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->connect();
    });
  }

  void lost(const std::string& why) {
    const bool was_up = session_ != 0;
    ++gen_;
    session_ = 0;
    out_.clear();
    auto pending = std::move(pending_);
    pending_.clear();
    keepalive_.cancel();
    log_event("janus_lost", Json{{"message", why}});
    for (auto& [tx, fn] : pending) fn(Reply{false, "error", Json::object(), Json(), "the Janus connection was lost"});
    if (was_up && on_state) on_state(false);
    warned_ = false;
    retry(why);
  }

  asio::io_context& ioc_;
  tcp::resolver resolver_;
  asio::steady_timer timer_;
  asio::steady_timer keepalive_;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws_;
  beast::flat_buffer buf_;
  std::deque<std::string> out_;
  std::map<std::string, ReplyFn> pending_;
  std::string host_, port_, path_, secret_;
  Handle session_ = 0;
  std::uint64_t next_tx_ = 0;
  int gen_ = 0;
  bool stopped_ = false;
  bool warned_ = false;
};

// A unique_ptr owner around the shared object (the async handlers keep it alive).
class Owner : public Client {
 public:
  explicit Owner(std::shared_ptr<WsClient> c) : c_(std::move(c)) {
    c_->on_event = [this](Handle h, const Reply& r) {
      if (on_event) on_event(h, r);
    };
    c_->on_state = [this](bool up) {
      if (on_state) on_state(up);
    };
  }
  ~Owner() override {
    c_->on_event = nullptr;
    c_->on_state = nullptr;
    c_->stop();
  }
  Owner(const Owner&) = delete;
  Owner& operator=(const Owner&) = delete;
  bool ready() const override { return c_->ready(); }
  void start() override { c_->start(); }
  void stop() override { c_->stop(); }
  void attach(ReplyFn done) override { c_->attach(std::move(done)); }
  void message(Handle h, Json body, Json jsep, ReplyFn done) override {
    c_->message(h, std::move(body), std::move(jsep), std::move(done));
  }
  void trickle(Handle h, Json candidate) override { c_->trickle(h, std::move(candidate)); }
  void detach(Handle h) override { c_->detach(h); }

 private:
  std::shared_ptr<WsClient> c_;
};

}  // namespace

std::unique_ptr<Client> make_client(asio::io_context& ioc, const std::string& url, const std::string& api_secret) {
  // ws://host:port/path
  std::string rest = url.substr(url.find("://") + 3);
  std::string path = "/";
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    path = rest.substr(slash);
    rest = rest.substr(0, slash);
  }
  std::string host = rest, port = "80";
  if (auto colon = rest.rfind(':'); colon != std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  return std::make_unique<Owner>(std::make_shared<WsClient>(ioc, host, port, path, api_secret));
}

}  // namespace rtk::server::janus
