// Embind bindings of the OpenRTK wasm runtime (module factory `createOpenRtk`).
//   new Module.Runtime(configJson, listener(name, payloadJson), mediaListener(type, peerId, kind, track))
//   runtime.startMedia(); runtime.call(method, argsJson) -> request id; runtime.snapshot() -> JSON;
//   runtime.peerConnection(peerId) -> RTCPeerConnection | null; runtime.localStream(); runtime.peers();
//   runtime.delete() closes everything.
// The rtk_* free functions are the asynchronous callbacks of the browser adapters (runtime.cpp);
// they take the runtime id, never a pointer, so a late callback after delete() is a no-op.
#include <emscripten/bind.h>

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
std::string rtk_version() { return "0.1.0"; }
}  // namespace

EMSCRIPTEN_BINDINGS(openrtk) {
  emscripten::function("rtk_ws", &rtk_ws);
  emscripten::function("rtk_timer", &rtk_timer);
  emscripten::function("rtk_media", &rtk_media);
  emscripten::function("rtk_pc", &rtk_pc);
  emscripten::function("version", &rtk_version);
  emscripten::class_<Runtime>("Runtime")
      .constructor<const std::string&, val, val>()
      .function("id", &Runtime::id)
      .function("startMedia", &Runtime::start_media)
      .function("call", &Runtime::call)
      .function("snapshot", &Runtime::snapshot)
      .function("peerConnection", &Runtime::peer_connection)
      .function("localStream", &Runtime::local_stream)
      .function("peers", &Runtime::peers);
}
