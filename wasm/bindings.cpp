// Embind bindings of the OpenRTK wasm runtime (module factory `createOpenRtk`).
//   new Module.Runtime(configJson, listener(name, payloadJson), mediaListener(type, peerId, kind, track))
//   runtime.startMedia(); runtime.call(method, argsJson) -> request id; runtime.snapshot() -> JSON;
//   runtime.peerConnection(peerId) -> RTCPeerConnection | null; runtime.localStream(); runtime.peers();
//   runtime.setDevice(kind, deviceId) -> "" or why not (the new track arrives as a "localTrack"
//   media notification, a failure as "localTrackError"); runtime.delete() closes everything.
// The rtk_* free functions are the asynchronous callbacks of the browser adapters (runtime.cpp);
// they take the runtime id, never a pointer, so a late callback after delete() is a no-op.
#include <emscripten/bind.h>

#include "rtk/client/session.hpp"
#include "runtime.hpp"

using emscripten::val;
using rtk::wasm::Runtime;

namespace {
void rtk_ws(int rt, int gen, std::string what, val ev) {
  if (Runtime* r = Runtime::find(rt)) r->on_ws(gen, what, ev);
}
void rtk_timer(int rt, int gen) {
  if (Runtime* r = Runtime::find(rt)) r->on_timer(gen);
}
void rtk_media(int rt, std::string what, val v) {
  if (Runtime* r = Runtime::find(rt)) r->on_media(what, v);
}
void rtk_pc(int rt, std::string peer, int epoch, std::string what, val ev) {
  if (Runtime* r = Runtime::find(rt)) r->on_pc(peer, epoch, what, ev);
}
void rtk_acquired(int rt, std::string kind, int gen, std::string what, val v) {
  if (Runtime* r = Runtime::find(rt)) r->on_acquired(kind, gen, what, v);
}
std::string rtk_version() { return "0.1.0"; }
// The declared event list: [{name, target, publicName}] (rtk/client/outputs.hpp).
std::string rtk_event_table() {
  rtk::Json t = rtk::Json::array();
  for (const auto& e : rtk::client::event_table())
    t.push_back(rtk::Json{{"name", e.internal}, {"target", e.target}, {"publicName", e.public_name}});
  return t.dump();
}
// The server's seeded shuffle: {participantIds, meetingIds, seed} -> [{participantId, meetingId}].
std::string rtk_plan_shuffle(std::string args) { return rtk::client::ClientSession::plan_shuffle(args).dump(); }
}  // namespace

EMSCRIPTEN_BINDINGS(openrtk) {
  emscripten::function("rtk_ws", &rtk_ws);
  emscripten::function("rtk_timer", &rtk_timer);
  emscripten::function("rtk_media", &rtk_media);
  emscripten::function("rtk_pc", &rtk_pc);
  emscripten::function("rtk_acquired", &rtk_acquired);
  emscripten::function("version", &rtk_version);
  emscripten::function("eventTable", &rtk_event_table);
  emscripten::function("planShuffle", &rtk_plan_shuffle);
  emscripten::class_<Runtime>("Runtime")
      .constructor<const std::string&, val, val>()
      .function("id", &Runtime::id)
      .function("startMedia", &Runtime::start_media)
      .function("call", &Runtime::call)
      .function("snapshot", &Runtime::snapshot)
      .function("peerConnection", &Runtime::peer_connection)
      .function("localStream", &Runtime::local_stream)
      .function("peers", &Runtime::peers)
      .function("media", &Runtime::media)
      .function("setDevice", &Runtime::set_device);
}
