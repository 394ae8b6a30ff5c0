// The browser host of a ClientSession: carries out its outputs on the real WebSocket,
// getUserMedia and RTCPeerConnection through emscripten::val, and feeds the asynchronous
// results back through Embind-bound callbacks that look the runtime up by id (no raw pointers
// cross into JS, so a callback that arrives after destroy() finds nothing and does nothing).
#pragma once

#include <emscripten/val.h>

#include <map>
#include <string>

#include "rtk/client/session.hpp"
#include "rtk/presence.hpp"

namespace rtk::wasm {

class Runtime {
 public:
  // config JSON: {"url": "ws(s)://host/v2/ws?authToken=...", "audio": bool, "video": bool}
  // listener(name, payloadJson) receives the session's events; media_listener(type, peerId,
  // kind, track) receives "track" and "peerClosed" notifications.
  Runtime(const std::string& config_json, emscripten::val listener, emscripten::val media_listener);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  int id() const { return id_; }
  void start_media(const std::string& preset_json);  // getUserMedia (what the preset may produce), once
  int call(const std::string& method, const std::string& args_json);  // returns the request id
  std::string snapshot() const;
  emscripten::val peer_connection(const std::string& peer) const;  // the RTCPeerConnection or null
  emscripten::val local_stream() const { return local_stream_; }
  std::string peers() const;  // JSON array of open peer ids
  std::string media() const;  // JSON {mode, active, feeds, streams}: the SFU path's view

  // callbacks from JS (through the registry)
  static Runtime* find(int id);
  void on_ws(int gen, const std::string& what, emscripten::val ev);
  void on_timer(int gen);
  void on_media(const std::string& what, emscripten::val v);
  void on_pc(const std::string& peer, int epoch, const std::string& what, emscripten::val ev);
  void on_acquired(const std::string& kind, int gen, const std::string& what, emscripten::val v);
  // Switches the microphone or camera to deviceId (replaceTrack, no renegotiation); "" or why not.
  std::string set_device(const std::string& kind, const std::string& device_id);

 private:
  struct Pc {
    emscripten::val pc = emscripten::val::null();
    int epoch = 0;
    bool tracks_attached = false;
    bool wants_tracks = false;
  };
  Pc* find_pc(const std::string& peer);
  void pump();
  void execute(client::Output& o);
  void open_socket();
  void close_socket();
  void attach_tracks(const std::string& peer, Pc& p);
  emscripten::val local_track(const std::string& kind) const;
  void set_track_enabled(const std::string& kind, bool enabled);
  void remap_track(const client::out::RemapTrack& c);  // a Janus `switch` re-pointed an m-line
  void acquire(const std::string& kind);               // getUserMedia for one new track of kind
  void swap_track(const std::string& kind, emscripten::val fresh);
  emscripten::val pc_callback(const std::string& peer, int epoch, const char* what) const;
  void emit_media(const char* type, const std::string& peer, const std::string& kind, emscripten::val track);

  int id_;
  client::ClientSession session_;
  std::string url_;
  emscripten::val listener_;
  emscripten::val media_listener_;
  emscripten::val ws_ = emscripten::val::null();
  int ws_gen_ = 0;
  emscripten::val timer_ = emscripten::val::null();
  int timer_gen_ = 0;
  emscripten::val local_stream_ = emscripten::val::null();
  bool media_started_ = false;
  ProduceRights may_;                        // what the preset lets this participant send (the core decides)
  std::string audio_device_, video_device_;  // chosen with setDevice ("" = the browser's default)
  int acquire_gen_[2] = {0, 0};              // audio, video: the newest getUserMedia request
  std::map<std::string, Pc> pcs_;
  int next_epoch_ = 0;
  bool pumping_ = false;
};

}  // namespace rtk::wasm
