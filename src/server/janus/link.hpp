// The Janus API as the SFU controller sees it: one Janus session, handles attached to the
// VideoRoom plugin, messages answered once (a synchronous `success` or the asynchronous
// `event` of the same transaction), and Janus's own events on a handle. Beast-free: the real
// client (client.hpp) speaks the WebSocket API; tests use a fake.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "rtk/json.hpp"

namespace rtk::server::janus {

using Handle = std::uint64_t;

struct Reply {
  bool ok = false;
  std::string kind;            // Janus's "janus" field: success, event, webrtcup, hangup, ...
  Json data = Json::object();  // plugindata.data of a message, `data` of attach ({id})
  Json jsep;                   // null when absent
  std::string error;           // when !ok: Janus's or the plugin's reason
};
using ReplyFn = std::function<void(const Reply&)>;

class Link {
 public:
  virtual ~Link() = default;
  // The session exists (created, kept alive); requests made before fail with !ok.
  virtual bool ready() const = 0;
  virtual void attach(ReplyFn done) = 0;  // a VideoRoom handle: data {"id": handle}
  virtual void message(Handle h, Json body, Json jsep, ReplyFn done) = 0;
  // {candidate, sdpMid, sdpMLineIndex} or {completed: true}
  virtual void trickle(Handle h, Json candidate) = 0;
  virtual void detach(Handle h) = 0;

  // An event Janus sent on a handle outside any transaction of ours (a renegotiation it
  // started, a hangup), and the session going up (true) or down (false).
  std::function<void(Handle, const Reply&)> on_event;
  std::function<void(bool up)> on_state;
};

}  // namespace rtk::server::janus
