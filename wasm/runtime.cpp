#include "runtime.hpp"

#include <emscripten/bind.h>

#include <type_traits>

#include "rtk/presence.hpp"
#include "rtk/preset.hpp"

namespace rtk::wasm {

using emscripten::val;

namespace {
std::map<int, Runtime*>& registry() {
  static std::map<int, Runtime*> r;
  return r;
}
int g_next_id = 0;

// A JS function that calls the Embind-bound free function `name` with the given leading
// arguments (partial application through Function.prototype.bind).
template <class... A>
val bound(const char* name, A&&... args) {
  return val::module_property(name).call<val>("bind", val::null(), val(std::forward<A>(args))...);
}

std::string str_or(const val& v, const char* key) {
  val f = v[key];
  return f.isString() ? f.as<std::string>() : std::string();
}
}  // namespace

Runtime* Runtime::find(int id) {
  auto it = registry().find(id);
  return it == registry().end() ? nullptr : it->second;
}

Runtime::Runtime(const std::string& config_json, val listener, val media_listener)
    : id_(++g_next_id),
      session_([&] {
        client::Config c;
        auto j = parse_json(config_json);
        if (j && j.value().is_object()) {
          const Json& o = j.value();
          if (o.contains("audio") && o["audio"].is_boolean()) c.audio = o["audio"].get<bool>();
          if (o.contains("video") && o["video"].is_boolean()) c.video = o["video"].get<bool>();
        }
        return c;
      }()),
      listener_(std::move(listener)),
      media_listener_(std::move(media_listener)) {
  auto j = parse_json(config_json);
  if (j && j.value().is_object() && j.value().contains("url") && j.value()["url"].is_string())
    url_ = j.value()["url"].get<std::string>();
  registry()[id_] = this;
}

Runtime::~Runtime() {
  registry().erase(id_);
  close_socket();
  if (!timer_.isNull()) val::global("clearTimeout")(timer_);
  for (auto& [peer, p] : pcs_) {
    p.pc.set("onicecandidate", val::null());
    p.pc.set("onnegotiationneeded", val::null());
    p.pc.set("onsignalingstatechange", val::null());
    p.pc.set("onconnectionstatechange", val::null());
    p.pc.set("ontrack", val::null());
    p.pc.call<void>("close");
  }
  pcs_.clear();
  if (!local_stream_.isNull()) {
    val tracks = local_stream_.call<val>("getTracks");
    const int n = tracks["length"].as<int>();
    for (int i = 0; i < n; ++i) tracks[i].call<void>("stop");
  }
}

// ---- the output pump ----

void Runtime::pump() {
  if (pumping_) return;  // a listener called back into us; the outer loop picks it up
  pumping_ = true;
  while (session_.has_outputs()) {
    auto outs = session_.take_outputs();
    for (auto& o : outs) execute(o);
  }
  pumping_ = false;
}

void Runtime::execute(client::Output& o) {
  namespace out = client::out;
  std::visit(
      [&](auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, out::Event>) {
          listener_(val(c.name), val(c.payload.dump(-1, ' ', false, Json::error_handler_t::replace)));
        } else if constexpr (std::is_same_v<T, out::SendFrame>) {
          if (!ws_.isNull() && ws_["readyState"].as<int>() == 1) ws_.call<void>("send", val(c.text));
        } else if constexpr (std::is_same_v<T, out::OpenSocket>) {
          open_socket();
        } else if constexpr (std::is_same_v<T, out::CloseSocket>) {
          if (!ws_.isNull()) ws_.call<void>("close", val(1000));
        } else if constexpr (std::is_same_v<T, out::StartTimer>) {
          if (!timer_.isNull()) val::global("clearTimeout")(timer_);
          timer_ = val::global("setTimeout")(bound("rtk_timer", id_, ++timer_gen_), val(c.delay_ms));
        } else if constexpr (std::is_same_v<T, out::OpenPeer>) {
          val config = val::object();
          // --ice-servers, delivered with room.joined (an array of RTCIceServer dictionaries)
          config.set("iceServers", val::global("JSON").call<val>("parse", val(session_.ice_servers().dump())));
          config.set("iceTransportPolicy", val(session_.ice_transport_policy()));  // --ice-transport-policy
          Pc p;
          p.pc = val::global("RTCPeerConnection").new_(config);
          p.epoch = ++next_epoch_;
          p.pc.set("onicecandidate", pc_callback(c.peer, p.epoch, "icecandidate"));
          p.pc.set("onnegotiationneeded", pc_callback(c.peer, p.epoch, "negotiationneeded"));
          p.pc.set("onsignalingstatechange", pc_callback(c.peer, p.epoch, "signalingstatechange"));
          p.pc.set("onconnectionstatechange", pc_callback(c.peer, p.epoch, "connectionstatechange"));
          p.pc.set("ontrack", pc_callback(c.peer, p.epoch, "track"));
          pcs_[c.peer] = std::move(p);
        } else if constexpr (std::is_same_v<T, out::ClosePeer>) {
          Pc* p = find_pc(c.peer);
          if (!p) return;
          p->pc.call<void>("close");
          pcs_.erase(c.peer);
          emit_media("peerClosed", c.peer, "", val::null());
        } else if constexpr (std::is_same_v<T, out::AttachLocalTracks>) {
          Pc* p = find_pc(c.peer);
          if (!p) return;
          p->wants_tracks = true;
          attach_tracks(c.peer, *p);
        } else if constexpr (std::is_same_v<T, out::CreateOffer>) {
          Pc* p = find_pc(c.peer);
          if (!p) return;
          val promise = p->pc.call<val>("setLocalDescription");
          promise.call<val>("then", pc_callback(c.peer, p->epoch, "sld"), pc_callback(c.peer, p->epoch, "error"));
        } else if constexpr (std::is_same_v<T, out::SetRemoteDescription>) {
          Pc* p = find_pc(c.peer);
          if (!p) return;
          val desc = val::object();
          desc.set("type", val(c.type));
          desc.set("sdp", val(c.sdp));
          val promise = p->pc.call<val>("setRemoteDescription", desc);
          promise.call<val>("then", pc_callback(c.peer, p->epoch, c.type == "offer" ? "srd-offer" : "srd"),
                            pc_callback(c.peer, p->epoch, "error"));
        } else if constexpr (std::is_same_v<T, out::AddIceCandidate>) {
          Pc* p = find_pc(c.peer);
          if (!p) return;
          val cand = val::object();
          cand.set("candidate", val(c.candidate));
          cand.set("sdpMid", val(c.sdp_mid));
          cand.set("sdpMLineIndex", val(static_cast<int>(c.sdp_m_line_index)));
          // A candidate of an offer we ignored or of a closed transport fails: expected.
          val promise = p->pc.call<val>("addIceCandidate", cand);
          promise.call<val>("catch", pc_callback(c.peer, p->epoch, "ignore"));
        } else if constexpr (std::is_same_v<T, out::SetTrackEnabled>) {
          set_track_enabled(c.kind, c.enabled);
        } else if constexpr (std::is_same_v<T, out::RemapTrack>) {
          remap_track(c);
        }
      },
      o);
}

Runtime::Pc* Runtime::find_pc(const std::string& peer) {
  auto it = pcs_.find(peer);
  return it == pcs_.end() ? nullptr : &it->second;
}

val Runtime::pc_callback(const std::string& peer, int epoch, const char* what) const {
  return bound("rtk_pc", id_, peer, epoch, std::string(what));
}

void Runtime::emit_media(const char* type, const std::string& peer, const std::string& kind, val track) {
  media_listener_(val(std::string(type)), val(peer), val(kind), track);
}

// The receiver track of m-line `mid` now belongs to `to` (no new track event fires on a switch).
void Runtime::remap_track(const client::out::RemapTrack& c) {
  Pc* p = find_pc(c.peer);
  if (!p) return;
  if (!c.from.empty() && c.kind == "video") emit_media("track", c.from, c.kind, val::null());
  if (c.to.empty()) return;
  val trs = p->pc.call<val>("getTransceivers");
  const int n = trs["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    val mid = trs[i]["mid"];
    if (mid.isString() && mid.as<std::string>() == c.mid)
      return emit_media("track", c.to, c.kind, trs[i]["receiver"]["track"]);
  }
}

void Runtime::attach_tracks(const std::string& peer, Pc& p) {
  (void)peer;
  if (p.tracks_attached || !p.wants_tracks || local_stream_.isNull()) return;
  p.tracks_attached = true;
  val tracks = local_stream_.call<val>("getTracks");
  const int n = tracks["length"].as<int>();
  for (int i = 0; i < n; ++i) p.pc.call<val>("addTrack", tracks[i], local_stream_);
}

// ---- transport ----

void Runtime::open_socket() {
  close_socket();
  ws_ = val::global("WebSocket").new_(val(url_));
  const int gen = ++ws_gen_;
  ws_.set("onopen", bound("rtk_ws", id_, gen, std::string("open")));
  ws_.set("onmessage", bound("rtk_ws", id_, gen, std::string("message")));
  ws_.set("onclose", bound("rtk_ws", id_, gen, std::string("close")));
}

void Runtime::close_socket() {
  if (ws_.isNull()) return;
  ws_.set("onopen", val::null());
  ws_.set("onmessage", val::null());
  ws_.set("onclose", val::null());
  ws_.call<void>("close");
  ws_ = val::null();
}

void Runtime::on_ws(int gen, const std::string& what, val ev) {
  if (gen != ws_gen_) return;  // a socket we already replaced
  if (what == "open") {
    session_.on_socket_open();
  } else if (what == "message") {
    val data = ev["data"];
    if (data.isString()) session_.on_socket_message(data.as<std::string>());
  } else if (what == "close") {
    ws_ = val::null();
    session_.on_socket_close();
  }
  pump();
}

void Runtime::on_timer(int gen) {
  if (gen != timer_gen_) return;
  timer_ = val::null();
  session_.on_timer();
  pump();
}

// ---- media ----

void Runtime::start_media(const std::string& preset_json) {
  if (media_started_) return;
  media_started_ = true;
  // Ask the browser only for what the preset may produce (the core's rule, not web/'s).
  ProduceRights may;
  const Json pj = Json::parse(preset_json, nullptr, false);
  if (pj.is_object())
    if (auto preset = preset_from_json(pj)) may = produce_rights(preset->permissions.media);
  may_ = may;
  val devices = val::global("navigator")["mediaDevices"];
  if (devices.isUndefined() || devices.isNull() || (!may.audio && !may.video)) {
    session_.on_local_media(false, false);
    pump();
    return;
  }
  val constraints = val::object();
  constraints.set("audio", val(may.audio));
  constraints.set("video", val(may.video));
  devices.call<val>("getUserMedia", constraints)
      .call<val>("then", bound("rtk_media", id_, std::string("stream")), bound("rtk_media", id_, std::string("error")));
}

void Runtime::on_media(const std::string& what, val v) {
  if (what == "stream") {
    local_stream_ = v;
    const bool audio = v.call<val>("getAudioTracks")["length"].as<int>() > 0;
    const bool video = v.call<val>("getVideoTracks")["length"].as<int>() > 0;
    session_.on_local_media(audio, video);
    for (auto& [peer, p] : pcs_) attach_tracks(peer, p);
  } else {
    session_.on_local_media(false, false);
  }
  pump();
}

// ---- camera release and device switching ----
//
// Camera off stops the video track (the camera light goes out) but keeps it in the local stream
// and in every sender, so no PeerConnection renegotiates; camera on (or a new device) asks
// getUserMedia for one new track and swaps it in with RTCRtpSender.replaceTrack, which never
// renegotiates either. A switch of rooms never calls any of this: the devices' state is the
// session's, not the room's.

val Runtime::local_track(const std::string& kind) const {
  if (local_stream_.isNull()) return val::null();
  val list = local_stream_.call<val>(kind == "audio" ? "getAudioTracks" : "getVideoTracks");
  return list["length"].as<int>() > 0 ? list[0] : val::null();
}

void Runtime::set_track_enabled(const std::string& kind, bool enabled) {
  val track = local_track(kind);
  if (track.isNull()) return;
  if (kind == "audio") {  // a muted microphone stays open (unmuting must be instant)
    track.set("enabled", val(enabled));
    return;
  }
  if (!enabled) {
    ++acquire_gen_[1];  // a getUserMedia still running for video is no longer wanted
    track.call<void>("stop");
    return;
  }
  if (track["readyState"].as<std::string>() == "live") {
    track.set("enabled", val(true));
    return;
  }
  acquire("video");
}

void Runtime::acquire(const std::string& kind) {
  val devices = val::global("navigator")["mediaDevices"];
  if (devices.isUndefined() || devices.isNull()) return;
  const std::string& device = kind == "audio" ? audio_device_ : video_device_;
  val constraint = val(true);
  if (!device.empty()) {
    constraint = val::object();
    val exact = val::object();
    exact.set("exact", val(device));
    constraint.set("deviceId", exact);
  }
  val constraints = val::object();
  constraints.set(kind, constraint);
  const int gen = ++acquire_gen_[kind == "audio" ? 0 : 1];
  devices.call<val>("getUserMedia", constraints)
      .call<val>("then", bound("rtk_acquired", id_, kind, gen, std::string("stream")),
                 bound("rtk_acquired", id_, kind, gen, std::string("error")));
}

void Runtime::on_acquired(const std::string& kind, int gen, const std::string& what, val v) {
  const bool audio = kind == "audio";
  if (what != "stream") {
    if (gen != acquire_gen_[audio ? 0 : 1]) return;
    val msg = v.isNull() || v.isUndefined() ? val::undefined() : v["message"];
    emit_media("localTrackError", "", kind, msg.isString() ? msg : val("the browser gave no track"));
    return;
  }
  val list = v.call<val>(audio ? "getAudioTracks" : "getVideoTracks");
  val fresh = list["length"].as<int>() > 0 ? list[0] : val::null();
  if (fresh.isNull()) return;
  const bool wanted = gen == acquire_gen_[audio ? 0 : 1] && (audio || session_.video_enabled());
  if (!wanted) {  // camera turned off again meanwhile, or a newer request won
    fresh.call<void>("stop");
    return;
  }
  if (audio) fresh.set("enabled", val(session_.audio_enabled()));
  swap_track(kind, fresh);
  emit_media("localTrack", "", kind, fresh);
}

void Runtime::swap_track(const std::string& kind, val fresh) {
  val old = local_track(kind);
  if (local_stream_.isNull()) local_stream_ = val::global("MediaStream").new_();
  if (!old.isNull()) {
    local_stream_.call<void>("removeTrack", old);
    old.call<void>("stop");
  }
  local_stream_.call<void>("addTrack", fresh);
  for (auto& [peer, p] : pcs_) {
    if (!p.tracks_attached) continue;
    val senders = p.pc.call<val>("getSenders");
    const int n = senders["length"].as<int>();
    bool replaced = false;
    for (int i = 0; i < n; ++i) {
      val t = senders[i]["track"];
      if (!old.isNull() && t.strictlyEquals(old)) {
        senders[i].call<val>("replaceTrack", fresh).call<val>("catch", pc_callback(peer, p.epoch, "ignore"));
        replaced = true;
      }
    }
    // A PeerConnection that never had a track of this kind gets it added (it renegotiates once).
    if (!replaced && old.isNull()) p.pc.call<val>("addTrack", fresh, local_stream_);
  }
}

std::string Runtime::set_device(const std::string& kind, const std::string& device_id) {
  if (kind != "audio" && kind != "video") return "kind must be audio or video";
  if (!(kind == "audio" ? may_.audio : may_.video)) return "this participant's preset may not send " + kind;
  (kind == "audio" ? audio_device_ : video_device_) = device_id;
  // A camera that is off only remembers the device; it opens it when turned on.
  if (kind == "video" && !session_.video_enabled()) return "";
  acquire(kind);
  return "";
}

void Runtime::on_pc(const std::string& peer, int epoch, const std::string& what, val ev) {
  auto it = pcs_.find(peer);
  if (it == pcs_.end() || it->second.epoch != epoch) return;  // closed or replaced meanwhile
  val pc = it->second.pc;
  if (what == "icecandidate") {
    val cand = ev["candidate"];
    if (cand.isNull() || cand.isUndefined()) return;
    const std::string c = str_or(cand, "candidate");
    if (c.empty()) return;
    val idx = cand["sdpMLineIndex"];
    session_.on_ice_candidate(peer, c, str_or(cand, "sdpMid"), idx.isNumber() ? idx.as<int>() : 0);
  } else if (what == "negotiationneeded") {
    session_.on_negotiation_needed(peer);
  } else if (what == "signalingstatechange") {
    session_.on_signaling_state(peer, pc["signalingState"].as<std::string>());
  } else if (what == "connectionstatechange") {
    session_.on_peer_state(peer, pc["connectionState"].as<std::string>());
  } else if (what == "track") {
    val track = ev["track"];
    std::string owner = peer;
    if (peer == client::kSubscriberPeer) {
      // SFU: the m-line's participant, from the sfu.offer being applied
      val transceiver = ev["transceiver"];
      val mid = transceiver.isUndefined() || transceiver.isNull() ? val::null() : transceiver["mid"];
      owner = mid.isString() ? session_.sfu_participant_for_mid(mid.as<std::string>()) : std::string();
      if (owner.empty()) return pump();
    }
    emit_media("track", owner, track["kind"].as<std::string>(), track);
  } else if (what == "sld") {
    val d = pc["localDescription"];
    if (!d.isNull()) session_.on_local_description(peer, str_or(d, "type"), str_or(d, "sdp"));
  } else if (what == "srd-offer") {
    pc.call<val>("setLocalDescription")
        .call<val>("then", pc_callback(peer, epoch, "sld"), pc_callback(peer, epoch, "error"));
  } else if (what == "error") {
    val msg = ev.isNull() || ev.isUndefined() ? val("") : ev["message"];
    session_.on_media_error(peer, msg.isString() ? msg.as<std::string>() : std::string("failed"));
  }
  pump();
}

// ---- API ----

int Runtime::call(const std::string& method, const std::string& args_json) {
  const client::RequestId id = session_.call(method, args_json);
  pump();
  return static_cast<int>(id);
}

std::string Runtime::snapshot() const {
  return session_.snapshot().dump(-1, ' ', false, Json::error_handler_t::replace);
}

val Runtime::peer_connection(const std::string& peer) const {
  auto it = pcs_.find(peer);
  return it == pcs_.end() ? val::null() : it->second.pc;
}

std::string Runtime::peers() const { return Json(session_.peers()).dump(); }

std::string Runtime::media() const {
  Json j = session_.sfu_snapshot();
  j["mode"] = session_.media_mode();
  return j.dump();
}

}  // namespace rtk::wasm
