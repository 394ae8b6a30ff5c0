// Target "client_frames": what a client does with frames from a (possibly hostile) server.
// The C++ client in src/client is being rewritten, so this drives the decoding entry points
// in the core that the client calls (decode_envelope, the typed codecs of the v2 table, the
// preset reader for room.joined/session.permissions, join_parts for chunked messages), not the
// client's session object. A wasm runtime that crashes here takes the whole page down.
//
// Input: frames separated by '\n' (encode() never emits a raw newline). Per frame: envelope;
// a reply (an id and a request type) goes to the reply codec of that request; an event or a
// relay goes to its typed codec (relays with the received "from" key); every message of the
// table meant for clients is also decoded with its table codec. Parts of room.joined,
// connected_meetings.state/delta are collected and joined when the last part arrives.
// Invariant: whatever decodes re-encodes to JSON that decodes and encodes to the same JSON.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "rtk/preset.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;
using namespace rtk::proto;

namespace {

template <class T>
std::optional<T> typed(const Json& data) {
  auto v = decode<T>(data);
  if (!v) return std::nullopt;
  // Encoding may drop what a message does not carry (a continuation part's header fields),
  // so the invariant is on the encoded form: it decodes, and re-encodes to itself.
  const Json encoded = to_json(*v);
  auto again = decode<T>(encoded);
  RTK_FUZZ_CHECK(again.ok(), "to_json(decoded) does not decode");
  RTK_FUZZ_CHECK(to_json(*again) == encoded, "codec round trip changed the encoded message");
  return std::move(v).value();
}

template <class T>
void relay(const Json& data) {
  T v;
  if (!from_json(data, v, "from")) return;
  T again;
  RTK_FUZZ_CHECK(from_json(to_json(v, "from"), again, "from").ok(), "relay round trip does not decode");
  RTK_FUZZ_CHECK(again == v, "relay round trip changed the struct");
}

void preset_of(const Json& j) {
  if (auto p = preset_from_json(j)) (void)preset_to_json(*p);
}

struct Parts {
  std::vector<RoomJoined> joined;
  std::vector<CmState> state;
  std::vector<CmDelta> delta;
};

template <class T>
void collect(std::vector<T>& acc, T part) {
  const Chunk c = part.chunk;
  if (c.index == 0) acc.clear();
  acc.push_back(std::move(part));
  if (acc.size() > 64) acc.clear();  // the fuzzer's frames are short; bound the work
  if (c.index + 1 == c.count) {
    (void)join_parts(std::move(acc));
    acc.clear();
  }
}

using Decoder = std::function<void(const Json&, Parts&)>;

// The reply codec of each request type.
const std::map<std::string_view, Decoder>& reply_decoders() {
  static const std::map<std::string_view, Decoder> m{
      {type::cm_get, [](const Json& d, Parts&) { typed<VersionReply>(d); }},
      {type::cm_move, [](const Json& d, Parts&) { typed<VersionReply>(d); }},
      {type::cm_close, [](const Json& d, Parts&) { typed<VersionReply>(d); }},
      {type::cm_create, [](const Json& d, Parts&) { typed<MeetingsReply>(d); }},
      {type::cm_update, [](const Json& d, Parts&) { typed<MeetingsReply>(d); }},
      {type::cm_start, [](const Json& d, Parts&) { typed<MeetingsReply>(d); }},
      {type::cm_delete, [](const Json& d, Parts&) { typed<DeleteReply>(d); }},
      {type::self_media, [](const Json& d, Parts&) { typed<SelfMediaReply>(d); }},
      {type::chat_send, [](const Json& d, Parts&) { typed<ChatMessageBody>(d); }},
      {type::chat_history, [](const Json& d, Parts&) { typed<ChatHistoryReply>(d); }},
      {type::polls_create, [](const Json& d, Parts&) { typed<PollBody>(d); }},
      {type::polls_vote, [](const Json& d, Parts&) { typed<PollBody>(d); }},
      {type::polls_list, [](const Json& d, Parts&) { typed<PollsListReply>(d); }},
      {type::session_ping, [](const Json& d, Parts&) { typed<PingReply>(d); }},
      {type::session_leave, [](const Json& d, Parts&) { typed<Empty>(d); }},
  };
  return m;
}

// The typed codec of each message a client receives unasked (events and relays).
const std::map<std::string_view, Decoder>& event_decoders() {
  static const std::map<std::string_view, Decoder> m{
      {type::room_joined,
       [](const Json& d, Parts& p) {
         if (auto v = typed<RoomJoined>(d)) {
           preset_of(v->preset);
           collect(p.joined, std::move(*v));
         }
       }},
      {type::room_update, [](const Json& d, Parts&) { typed<RoomUpdate>(d); }},
      {type::chat_message, [](const Json& d, Parts&) { typed<ChatMessageBody>(d); }},
      {type::polls_updated, [](const Json& d, Parts&) { typed<PollBody>(d); }},
      {type::cm_state,
       [](const Json& d, Parts& p) {
         if (auto v = typed<CmState>(d)) collect(p.state, std::move(*v));
       }},
      {type::cm_delta,
       [](const Json& d, Parts& p) {
         if (auto v = typed<CmDelta>(d)) collect(p.delta, std::move(*v));
       }},
      {type::cm_presence, [](const Json& d, Parts&) { typed<CmPresence>(d); }},
      {type::cm_moving, [](const Json& d, Parts&) { typed<CmMoving>(d); }},
      {type::session_permissions,
       [](const Json& d, Parts&) {
         if (auto v = typed<SessionPermissions>(d)) preset_of(v->preset);
       }},
      {type::session_ended, [](const Json& d, Parts&) { typed<SessionEnded>(d); }},
      {type::rtc_offer, [](const Json& d, Parts&) { relay<RtcDescription>(d); }},
      {type::rtc_answer, [](const Json& d, Parts&) { relay<RtcDescription>(d); }},
      {type::rtc_candidate, [](const Json& d, Parts&) { relay<RtcCandidate>(d); }},
  };
  return m;
}

void one_frame(std::string_view text, Parts& parts) {
  auto env = decode_envelope(text);
  if (!env || env->error) return;
  const MessageSpec* spec = find_message(env->type);
  if (!env->id.empty() && spec->has_reply) {
    auto it = reply_decoders().find(env->type);
    if (it != reply_decoders().end()) it->second(env->data, parts);
    return;
  }
  auto it = event_decoders().find(env->type);
  if (it != event_decoders().end()) it->second(env->data, parts);
  // Every table message a client can receive, with the table's codec: a new one is covered
  // here before it gets a typed entry above.
  for (const auto& m : all_messages())
    if (m.direction != Direction::client_to_server) (void)m.check(env->data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  Parts parts;
  std::size_t start = 0;
  for (int frames = 0; start <= text.size() && frames < 32; ++frames) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    one_frame(text.substr(start, end - start), parts);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return 0;
}
