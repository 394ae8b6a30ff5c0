// rtk::SmallJson (the wasm build's rtk::Json) against nlohmann::json (the native one): the same
// inputs must parse to the same values or be refused by both, and dump to the same bytes.
// Runs natively and under node (the wasm preset), on the fuzz corpus of real frames, hand-made
// edge cases and generated inputs.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "rtk/small_json.hpp"

namespace {

using nlohmann::json;
using rtk::SmallJson;

std::string dump_n(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
std::string dump_s(const SmallJson& j) { return j.dump(-1, ' ', false, SmallJson::error_handler_t::replace); }

// Both refuse, or both accept with the same compact and pretty dumps.
void expect_same_parse(const std::string& text) {
  const json n = json::parse(text, nullptr, false);
  const SmallJson s = SmallJson::parse(text, nullptr, false);
  ASSERT_EQ(n.is_discarded(), s.is_discarded()) << "input: " << text;
  if (n.is_discarded()) return;
  EXPECT_EQ(dump_n(n), dump_s(s)) << "input: " << text;
  EXPECT_EQ(n.dump(2), s.dump(2)) << "input: " << text;
  EXPECT_EQ(static_cast<int>(n.type()), static_cast<int>(s.type())) << "input: " << text;
  // The small dump reads back as the same value.
  EXPECT_EQ(SmallJson::parse(dump_s(s), nullptr, false), s) << "input: " << text;
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> out;
  const std::filesystem::path root = std::filesystem::path(RTK_SOURCE_DIR) / "tests" / "fuzz";
  for (const char* dir : {"corpus/frame", "corpus/client_frames", "corpus/preset", "corpus/rest",
                          "corpus/client_session", "regressions/client_frames"}) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(root / dir, ec)) {
      if (!e.is_regular_file()) continue;
      std::ifstream f(e.path(), std::ios::binary);
      std::stringstream ss;
      ss << f.rdbuf();
      out.push_back(ss.str());
    }
  }
  return out;
}

TEST(SmallJson, FuzzCorpusFramesParseAndDumpAsNlohmann) {
  const auto files = corpus_files();
  ASSERT_GT(files.size(), 50U);
  std::size_t valid = 0;
  for (const auto& text : files) {
    expect_same_parse(text);
    if (!json::parse(text, nullptr, false).is_discarded()) ++valid;
    // Every line of a multi-frame seed on its own too.
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) expect_same_parse(line);
  }
  EXPECT_GT(valid, 40U);
}

TEST(SmallJson, EdgeCasesParseAndDumpAsNlohmann) {
  const std::vector<std::string> cases = {
      "null",
      "true",
      "false",
      "0",
      "-0",
      "1",
      "-1",
      "01",
      "-",
      "1.",
      ".5",
      "1e",
      "1e+",
      "1E5",
      "1e-5",
      "0.1",
      "1.0",
      "-0.0",
      "123.456",
      "1e15",
      "1e16",
      "1e21",
      "1e-7",
      "5e-324",
      "1.7976931348623157e308",
      "1e400",
      "-1e400",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "18446744073709551615",
      "18446744073709551616",
      "3.14159e-10",
      "100",
      "1.5e300",
      "2.5E-3",
      "0e0",
      "[]",
      "{}",
      "[1,]",
      "[,1]",
      "{\"a\":1,}",
      "{\"a\" 1}",
      "{a:1}",
      "[1 2]",
      "[1,2",
      "{\"a\":[{\"b\":null}]}",
      "",
      " ",
      "  [ 1 , 2 ]  ",
      "\t\n\r{}\n",
      "\xEF\xBB\xBF{}",
      "\xEF\xBB{}",
      "{} {}",
      "nul",
      "truex",
      "True",
      "\"abc",
      "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
      "\"\\u0000\\u001f\\u007f\\u00e9\\u20ac\"",
      "\"\\ud83d\\ude00\"",
      "\"\\ud83d\"",
      "\"\\ude00\"",
      "\"\\ud83dx\"",
      "\"\\ud83d\\u0041\"",
      "\"\\x\"",
      "\"\\u12\"",
      "\"\\uZZZZ\"",
      "\"tab\there\"",
      "\"nl\nhere\"",
      "\"\x7f\"",
      "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
      "\"\xC0\xAF\"",
      "\"\xE0\x80\xAF\"",
      "\"\xED\xA0\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xC3\"",
      "\"\xE2\x82\"",
      "\"\xFF\"",
      "\"\x80\"",
      "{\"b\":1,\"a\":2,\"B\":3,\"\xC3\xA9\":4,\"\":5,\"aa\":6}",
      "{\"a\":1,\"a\":2}",
      "{\"a\":{\"a\":1,\"a\":[2]},\"a\":3,\"b\":{}}",
      "[[[[[[[[[[]]]]]]]]]]",
      "[1,-1,1.5,\"x\",true,null,{},[]]",
      "{\"type\":\"chat.send\",\"id\":\"r1\",\"data\":{\"text\":\"hi\"}}",
      "\"\\/\"",
      "[-]",
      "[-a]",
      "[1e5x]",
      "[0x10]",
      "[+1]",
      "[Infinity]",
      "[NaN]",
      "[\"\\u00\"]",
      "[\"a\",\"b\"",
      "{\"a\"}",
      "{\"a\":}",
      "{,}",
      "[\"\\uD834\\uDD1E\"]",
      "[\"\\uDBFF\\uDFFF\"]",
  };
  for (const auto& c : cases) expect_same_parse(c);
}

// The same value built through each API dumps the same.
template <class J>
J build_sample() {
  J j = J::object();
  j["z"] = 1;
  j["a"] = J{{"nested", true}, {"list", J::array({1, "two", nullptr})}};
  j["u"] = std::uint64_t{18446744073709551615ULL};
  j["i"] = std::int64_t{-9223372036854775807LL - 1};
  j["s"] = std::size_t{42};
  j["d"] = 0.1;
  j["d1"] = 1.0;
  j["dz"] = -0.0;
  j["dbig"] = 1e300;
  j["dsmall"] = 1.25e-9;
  j["dint"] = 1e15;
  j["dint2"] = 1e16;
  j["nan"] = std::numeric_limits<double>::quiet_NaN();
  j["ctl"] = std::string("a\x01\x1f\x7f\"\\/\b\f\n\r\t", 13);
  j["bad"] = std::string("ok\xC3(\xE2\x82\xFF\xF0\x9F\x98\xC0\xAF\xED\xA0\x80\xE0\x80x\xC3");
  j["vec"] = std::vector<std::string>{"b", "a"};
  j["arr"] = J::array();
  j["arr"].push_back(J{{"k", "v"}});
  j["arr"].push_back(J::array({J::object(), J::array()}));
  j["arr"].emplace_back(3);
  j["pair"] = J{{"only", "pair"}};
  j["notpair"] = J::array({"x", 1});
  j["map"] = std::map<std::string, int>{{"y", 2}, {"x", 1}};
  j[typename J::json_pointer("/ptr/deep/key")] = "made";
  j[typename J::json_pointer("/a/nested")] = false;
  j.erase("z");
  j["copy"] = j["a"];
  J patch = J::parse(R"({"a":{"list":null,"extra":[1]},"q":{"r":null,"s":1},"pair":"str"})");
  j.merge_patch(patch);
  return j;
}

TEST(SmallJson, BuiltValuesDumpAsNlohmann) {
  const json n = build_sample<json>();
  const SmallJson s = build_sample<SmallJson>();
  EXPECT_EQ(dump_n(n), dump_s(s));
  EXPECT_EQ(n.dump(4, ' ', false, json::error_handler_t::replace),
            s.dump(4, ' ', false, SmallJson::error_handler_t::replace));
  EXPECT_EQ(n.size(), s.size());
}

TEST(SmallJson, AccessAsNlohmann) {
  const std::string text = R"({"b":[1,2,{"c":"d"}],"n":-5,"u":7,"f":2.5,"s":"str","t":true,"nul":null})";
  const json n = json::parse(text);
  const SmallJson s = SmallJson::parse(text);
  EXPECT_EQ(s["n"].is_number_integer(), n["n"].is_number_integer());
  EXPECT_EQ(s["n"].is_number_unsigned(), n["n"].is_number_unsigned());
  EXPECT_EQ(s["u"].is_number_unsigned(), n["u"].is_number_unsigned());
  EXPECT_EQ(s["f"].is_number_integer(), n["f"].is_number_integer());
  EXPECT_EQ(s["n"].get<std::int64_t>(), n["n"].get<std::int64_t>());
  EXPECT_EQ(s["u"].get<std::uint64_t>(), n["u"].get<std::uint64_t>());
  EXPECT_EQ(s["f"].get<double>(), n["f"].get<double>());
  EXPECT_EQ(s["s"].get_ref<const std::string&>(), n["s"].get_ref<const std::string&>());
  EXPECT_EQ(s.value("s", std::string("x")), n.value("s", std::string("x")));
  EXPECT_EQ(s.value("missing", "dflt"), n.value("missing", "dflt"));
  EXPECT_EQ(s.value("n", 0), n.value("n", 0));
  EXPECT_EQ(s.value("t", false), n.value("t", false));
  EXPECT_EQ(s.contains("nul"), n.contains("nul"));
  EXPECT_EQ(s.count("b"), n.count("b"));
  EXPECT_EQ(s["b"].size(), n["b"].size());
  EXPECT_EQ(s["b"][2]["c"].get<std::string>(), n["b"][2]["c"].get<std::string>());
  EXPECT_EQ(s.at("b").at(0).get<int>(), n.at("b").at(0).get<int>());
  EXPECT_EQ(s.find("zz") == s.end(), n.find("zz") == n.end());
  EXPECT_TRUE(s.find("s")->is_string());
  std::vector<std::string> keys_s, keys_n;
  for (auto& it : s.items()) keys_s.push_back(it.key());
  for (auto& it : n.items()) keys_n.push_back(it.key());
  EXPECT_EQ(keys_s, keys_n);
  std::string vals_s, vals_n;
  for (const auto& v : s) vals_s += dump_s(v);
  for (const auto& v : n) vals_n += dump_n(v);
  EXPECT_EQ(vals_s, vals_n);
  // Scalars iterate as themselves, null as nothing.
  EXPECT_EQ(std::distance(s["n"].begin(), s["n"].end()), std::distance(n["n"].begin(), n["n"].end()));
  EXPECT_EQ(std::distance(s["nul"].begin(), s["nul"].end()), std::distance(n["nul"].begin(), n["nul"].end()));
  // Numbers of different kinds compare by value.
  EXPECT_EQ(SmallJson(1) == SmallJson(1U), json(1) == json(1U));
  EXPECT_EQ(SmallJson(1) == SmallJson(1.0), json(1) == json(1.0));
  EXPECT_EQ(SmallJson(-1) == SmallJson(18446744073709551615ULL), json(-1) == json(18446744073709551615ULL));
  EXPECT_EQ(SmallJson::parse(R"({"a":[1,{"b":2}]})"), SmallJson::parse(R"({ "a" : [1, {"b":2.0}] })"));
  EXPECT_FALSE(SmallJson::parse(R"({"a":1})") == SmallJson::parse(R"({"a":1,"b":2})"));
  EXPECT_EQ(s["b"] == SmallJson::array({1, 2, SmallJson{{"c", "d"}}}), true);
  // A missing key read through const is a null (nlohmann: undefined behaviour).
  EXPECT_TRUE(s["nope"].is_null());
}

TEST(SmallJson, GeneratedInputsParseAndDumpAsNlohmann) {
  // Random token soup: mostly valid JSON, often broken; both must agree.
  const std::vector<std::string> tokens = {
      "{",  "}",   "[",   "]",    ",",    ":", "\"k\"",        "\"a\"",    "\"\\u00e9\"", "1",
      "-2", "0.5", "1e3", "true", "null", " ", "\"\xC3\xA9\"", "\"\xC3\"", "01",          "-"};
  std::mt19937 rng(1234);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < n; ++i) text += tokens[rng() % tokens.size()];
    expect_same_parse(text);
    if (HasFatalFailure()) return;
  }
  // Random bytes in strings: the replacement of invalid UTF-8 matches byte for byte.
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 10);
    for (int i = 0; i < n; ++i) {
      const unsigned r = rng() % 4;
      s += static_cast<char>(r == 0 ? rng() % 0x80 : (r == 1 ? 0x80 + rng() % 0x40 : 0xC0 + rng() % 0x40));
    }
    ASSERT_EQ(dump_n(json(s)), dump_s(SmallJson(s))) << "round " << round;
    // Parsing refuses exactly the strings with invalid UTF-8 (or raw control characters).
    const std::string quoted = "\"" + s + "\"";
    ASSERT_EQ(json::parse(quoted, nullptr, false).is_discarded(),
              SmallJson::parse(quoted, nullptr, false).is_discarded())
        << "round " << round;
  }
  // Random doubles dump in the same shortest form.
  for (int round = 0; round < 3000; ++round) {
    std::uint64_t bits = (static_cast<std::uint64_t>(rng()) << 32) | rng();
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    if (round % 3 == 0) d = static_cast<double>(rng() % 100000) / 1000.0;
    if (round % 3 == 1) d = static_cast<double>(static_cast<std::int32_t>(rng())) * 1e-3;
    ASSERT_EQ(json(d).dump(), SmallJson(d).dump()) << "bits " << bits;
  }
}

TEST(SmallJson, DeepNestingIsRefusedNotOverflowed) {
  std::string ok = std::string(SmallJson::kMaxParseDepth, '[') + std::string(SmallJson::kMaxParseDepth, ']');
  EXPECT_FALSE(SmallJson::parse(ok, nullptr, false).is_discarded());
  std::string deep = "[" + ok + "]";
  EXPECT_TRUE(SmallJson::parse(deep, nullptr, false).is_discarded());
  EXPECT_TRUE(SmallJson::parse(std::string(100000, '['), nullptr, false).is_discarded());
  EXPECT_TRUE(SmallJson::parse(std::string(100000, '{'), nullptr, false).is_discarded());
}

TEST(SmallJson, WrongTypeReadsGiveDefaultsNotAborts) {
  const SmallJson s = SmallJson::parse(R"({"a":"x","n":1})");
  EXPECT_EQ(s["a"].get<int>(), 0);
  EXPECT_EQ(s["n"].get<std::string>(), "");
  EXPECT_EQ(s.value("a", 7), 7);
  EXPECT_EQ(s.value("n", std::string("d")), "d");
  EXPECT_TRUE(s.at("missing").is_null());
  SmallJson t = 5;
  t["k"] = 1;  // nlohmann would throw: a scalar becomes an object
  EXPECT_EQ(t.dump(), R"({"k":1})");
  // A strict dump of invalid UTF-8 replaces too (nlohmann would throw, i.e. abort in wasm).
  EXPECT_EQ(SmallJson(std::string("a\xFF")).dump(), "\"a\xEF\xBF\xBD\"");
}

}  // namespace
