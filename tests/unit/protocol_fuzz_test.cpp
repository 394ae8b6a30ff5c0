// Seeded mutation fuzzing of every decoder of outside input: frames, payloads, presets and
// group states. Runs natively, under ASan/UBSan and as WebAssembly under node, so a bad frame
// is shown not to crash or abort the runtime in any build. (A coverage-guided libFuzzer
// target would need clang; this runs everywhere the unit tests run.)
#include <gtest/gtest.h>

#include "rtk/assignment.hpp"
#include "rtk/preset.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;
using namespace rtk::proto;

namespace {

const char* kSeeds[] = {
    R"({"v":1,"id":"1","type":"connected_meetings.create","data":{"meetings":[{"title":"A"},{"title":"B"}]}})",
    R"({"v":1,"id":"2","type":"connected_meetings.update","data":{"meetings":[{"id":"m1","title":"New"}]}})",
    R"({"v":1,"id":"3","type":"connected_meetings.delete","data":{"meeting_ids":["m1","m2"]}})",
    R"({"v":1,"id":"4","type":"connected_meetings.move","data":{"source_meeting_id":"a","destination_meeting_id":"b","participant_ids":["p1"]}})",
    R"({"v":1,"id":"5","type":"connected_meetings.start","data":{"meetings":[{"title":"A"}],"assignments":[{"participant_id":"p","meeting_index":0}],"shuffle":true,"seed":3}})",
    R"({"v":1,"id":"6","type":"self.media","data":{"audio_enabled":true,"video_enabled":false}})",
    R"({"v":1,"id":"7","type":"chat.send","data":{"text":"hello"}})",
    R"({"v":1,"id":"8","type":"polls.create","data":{"question":"Q","options":["a","b"],"anonymous":false}})",
    R"({"v":1,"id":"9","type":"polls.vote","data":{"poll_id":"p","option_index":1}})",
    R"({"v":1,"type":"rtc.candidate","data":{"to":"p2","candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdp_mid":"0","sdp_m_line_index":0}})",
    R"({"v":1,"type":"connected_meetings.moving","data":{"meeting_id":"m","version":3,"reason":"switched"}})",
    R"({"v":1,"type":"room.joined","data":{"meeting_id":"m","self":{"id":"p"},"participants":[{"id":"q","audio_enabled":true}],"chat":[],"polls":[],"limits":{"max_meetings":100},"chunk":{"index":0,"count":2}}})",
    R"({"v":1,"type":"room.update","data":{"meeting_id":"m","events":[{"type":"joined","participant":{"id":"q"}},{"type":"left","participant_id":"q"},{"type":"media","participant_id":"q","audio_enabled":true,"video_enabled":false}]}})",
    R"({"v":1,"type":"connected_meetings.state","data":{"version":1,"scope":"full","parent_meeting":{"id":"m","title":"M","participant_count":1,"participants":[{"id":"p","connected":true}]},"meetings":[{"id":"r","title":"R","participant_count":0,"participants":[]}]}})",
    R"({"v":1,"type":"connected_meetings.delta","data":{"from_version":1,"version":3,"scope":"summary","meetings_upserted":[{"id":"r","title":"R"}],"meetings_removed":["x"],"counts":[{"id":"r","participant_count":2}]}})",
    R"({"v":1,"type":"connected_meetings.delta","data":{"from_version":1,"version":2,"scope":"roster","participants_upserted":[{"meeting_id":"r","reposition":true,"participant":{"id":"p"}}],"participants_removed":["z"]}})",
    R"({"v":1,"type":"connected_meetings.presence","data":{"participants":[{"id":"p","connected":false}]}})",
    R"({"v":1,"id":"10","type":"chat.history","data":{"before_id":"c1","limit":20}})",
    R"({"v":1,"type":"session.ended","data":{"reason":"replaced"}})",
};

std::string mutate(std::string s, SeededRng& rng) {
  const int edits = 1 + static_cast<int>(rng.below(4));
  static const std::string tokens[] = {"{",    "}",    "[",    "]",     "\"",          ":",    ",",
                                       "null", "true", "-1",   "1e999", "\"\\u0000\"", "\xFF", "18446744073709551616",
                                       "{}",   "[]",   "\"x\""};
  for (int i = 0; i < edits && !s.empty(); ++i) {
    const std::size_t pos = rng.below(s.size());
    switch (rng.below(5)) {
      case 0: s[pos] = static_cast<char>(rng.below(256)); break;
      case 1: s.erase(pos, 1 + rng.below(8)); break;
      case 2: s.insert(pos, tokens[rng.below(std::size(tokens))]); break;
      case 3: s.resize(pos); break;
      default: {
        // Replace a value after a colon with a token of another type.
        const std::size_t colon = s.find(':', pos);
        if (colon != std::string::npos) {
          std::size_t end = s.find_first_of(",}", colon + 1);
          if (end == std::string::npos) end = s.size();
          s.replace(colon + 1, end - colon - 1, tokens[rng.below(std::size(tokens))]);
        }
      }
    }
  }
  return s;
}

void decode_everything(const Envelope& e) {
  // Every declared codec (the protocol table's check, i.e. each message's from_json) must
  // return ok or an invalid_argument error for any object, whatever type it was sent as.
  for (const auto& spec : all_messages()) {
    Status st = spec.check(e.data);
    if (!st.ok()) {
      ASSERT_EQ(st.error().code, ErrorCode::invalid_argument) << spec.type << ": " << st.error().message;
    }
  }
  RtcCandidate n;
  if (auto st = from_json(e.data, n, "from"); !st.ok()) {
    ASSERT_EQ(st.error().code, ErrorCode::invalid_argument);
  }
  for (auto r : {group_state_from_json(e.data).ok() ? ok_status() : Status(group_state_from_json(e.data).error()),
                 group_view_from_json(e.data).ok() ? ok_status() : Status(group_view_from_json(e.data).error()),
                 group_delta_from_json(e.data).ok() ? ok_status() : Status(group_delta_from_json(e.data).error())}) {
    if (!r.ok()) {
      ASSERT_EQ(r.error().code, ErrorCode::invalid_argument);
    }
  }
  auto pr = preset_from_json(e.data);
  if (!pr.ok()) {
    ASSERT_EQ(pr.error().code, ErrorCode::invalid_argument);
  }
}

}  // namespace

TEST(ProtocolFuzz, MutatedFramesNeverCrash) {
  SeededRng rng(2026);
  int decoded = 0, refused = 0;
  for (int iter = 0; iter < 6000; ++iter) {
    const std::string frame = mutate(kSeeds[iter % std::size(kSeeds)], rng);
    std::string id;
    auto e = decode_envelope(frame, &id);
    if (!e.ok()) {
      ++refused;
      ASSERT_NE(e.error().code, ErrorCode::unknown);
      ASSERT_FALSE(e.error().message.empty());
      // The error reply itself must encode and decode.
      auto reply = decode_envelope(encode(make_error_reply(id, type::error, e.error())));
      ASSERT_TRUE(reply.ok());
      continue;
    }
    ++decoded;
    decode_everything(*e);
    if (HasFatalFailure()) return;
    // Re-encoding what was decoded is always valid.
    ASSERT_TRUE(decode_envelope(encode(*e)).ok());
  }
  EXPECT_GT(decoded, 300);
  EXPECT_GT(refused, 300);
}

TEST(ProtocolFuzz, DeeplyNestedInputIsRefusedNotOverflowed) {
  // 100k nested arrays: the parser must not blow the (small, in wasm) stack.
  std::string open(100000, '[');
  auto r = decode_envelope(open);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
  // Complete and valid JSON, nested 20,000 deep inside a real message: refused before parsing
  // (nlohmann copies recursively; this overflowed the stack before the depth limit).
  std::string closed = std::string(20000, '[') + std::string(20000, ']');
  std::string in_data = R"({"type":"chat.send","data":{"text":)" + closed + "}}";
  auto d = decode_envelope(in_data);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "JSON nested deeper than 64 levels");
  // Brackets inside strings do not count.
  std::string in_string = R"({"type":"chat.send","data":{"text":")" + std::string(1000, '[') + R"("}})";
  auto s = decode_envelope(in_string);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(decode<ChatSend>(s->data)->text, std::string(1000, '['));
  // 64 levels are fine.
  std::string ok64 = R"({"type":"chat.send","data":{"x":)" + std::string(62, '[') + std::string(62, ']') + "}}";
  EXPECT_TRUE(decode_envelope(ok64).ok());
}
