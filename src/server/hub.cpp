#include "hub.hpp"

namespace rtk::server {

std::shared_ptr<Connection> Hub::attach(const std::string& pid, std::shared_ptr<Connection> conn) {
  auto& slot = conns_[pid];
  std::shared_ptr<Connection> old = std::move(slot);
  slot = std::move(conn);
  return old;
}

bool Hub::detach(const std::string& pid, const Connection* conn) {
  auto it = conns_.find(pid);
  if (it == conns_.end() || it->second.get() != conn) return false;
  conns_.erase(it);
  return true;
}

Connection* Hub::find(const std::string& pid) const {
  auto it = conns_.find(pid);
  return it == conns_.end() ? nullptr : it->second.get();
}

void Hub::send(const std::string& pid, const SharedText& text) {
  if (auto* c = find(pid)) c->send(text);
}

void Hub::send(const std::string& pid, const proto::Envelope& e) {
  if (auto* c = find(pid)) c->send(text(e));
}

void Hub::end_session(const std::string& pid, proto::EndReason reason, std::uint16_t code) {
  // The connection stays registered until its socket has closed: the close then applies
  // `leave` like any other disconnect (WsHandler::on_close).
  auto it = conns_.find(pid);
  if (it == conns_.end()) return;
  auto conn = it->second;
  conn->send(text(proto::event(proto::SessionEnded{reason})));
  conn->close(code);
}

void Hub::end_all(proto::EndReason reason) {
  auto msg = text(proto::event(proto::SessionEnded{reason}));
  auto all = conns_;  // closing never calls back synchronously, but do not iterate what may change
  for (auto& [pid, c] : all) {
    c->send(msg);
    c->close(1001);
  }
}

}  // namespace rtk::server
