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
    R"({"v":1,"type":"connected_meetings.moving","data":{"meeting_id":"m","version":3}})",
    R"({"v":1,"type":"room.joined","data":{"meeting_id":"m","self":{"id":"p"},"state":{"version":1,"parent_meeting":{"id":"m","title":"M","participants":[{"id":"p"}]},"meetings":[]}}})",
};

std::string mutate(std::string s, SeededRng& rng) {
  const int edits = 1 + static_cast<int>(rng.below(4));
  static const std::string tokens[] = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "1e999",
                                       "\"\\u0000\"", "\xFF", "18446744073709551616", "{}", "[]", "\"x\""};
  for (int i = 0; i < edits && !s.empty(); ++i) {
    const std::size_t pos = rng.below(s.size());
    switch (rng.below(5)) {
      case 0:
        s[pos] = static_cast<char>(rng.below(256));
        break;
      case 1:
        s.erase(pos, 1 + rng.below(8));
        break;
      case 2:
        s.insert(pos, tokens[rng.below(std::size(tokens))]);
        break;
      case 3:
        s.resize(pos);
        break;
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
  // Every payload decoder must return ok or an invalid_argument error for any object.
  auto check = [](const Status& st) {
    if (!st.ok()) {
      ASSERT_EQ(st.error().code, ErrorCode::invalid_argument) << st.error().message;
    }
  };
  CmGet a;
  CmCreate b;
  CmUpdate c;
  CmDelete d;
  CmMove f;
  CmStart g;
  CmClose h;
  SelfMedia i;
  ChatSend j;
  PollsCreate k;
  PollsVote l;
  RtcDescription m;
  RtcCandidate n;
  CmMoving o;
  RoomJoined p;
  SessionEnded q;
  check(from_json(e.data, a));
  check(from_json(e.data, b));
  check(from_json(e.data, c));
  check(from_json(e.data, d));
  check(from_json(e.data, f));
  check(from_json(e.data, g));
  check(from_json(e.data, h));
  check(from_json(e.data, i));
  check(from_json(e.data, j));
  check(from_json(e.data, k));
  check(from_json(e.data, l));
  check(from_json(e.data, m, "to"));
  check(from_json(e.data, n, "from"));
  check(from_json(e.data, o));
  check(from_json(e.data, p));
  check(from_json(e.data, q));
  auto gs = group_state_from_json(e.data);
  if (!gs.ok()) {
    ASSERT_EQ(gs.error().code, ErrorCode::invalid_argument);
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
