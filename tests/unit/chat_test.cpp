#include "rtk/chat.hpp"

#include <gtest/gtest.h>

using namespace rtk;

TEST(Chat, TextLimits) {
  EXPECT_EQ(validate_chat_text("").error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(validate_chat_text("hello").ok());
  EXPECT_FALSE(validate_chat_text(std::string(kMaxChatTextBytes + 1, 'x')).ok());
}

TEST(Chat, MessageRoundTrip) {
  ChatMessage m{"c1", "m1", "p1", "Ann", "hi", 123};
  auto back = chat_message_from_json(to_json(m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, m);
  EXPECT_EQ(chat_message_from_json(Json::parse(R"({"id":"x","text":5})")).error().message,
            "message.text: expected string");
}

TEST(Polls, ValidateAndVoteOnce) {
  EXPECT_EQ(validate_poll("Q?", {"only"}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(validate_poll("", {"a", "b"}).error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(validate_poll("Q?", {"a", "b"}).ok());
  Poll p{"poll1", "m1", "Q?", {{"a", {}}, {"b", {}}}, false, false, "Ann", "p1", 1};
  auto v = vote(p, "p2", 1);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->options[1].votes, (std::vector<std::string>{"p2"}));
  EXPECT_EQ(vote(*v, "p2", 0).error().code, ErrorCode::conflict);
  EXPECT_EQ(vote(p, "p2", 2).error().code, ErrorCode::invalid_argument);
}

TEST(Polls, AnonymousHidesOtherVoters) {
  Poll p{"poll1", "m1", "Q?", {{"a", {"p1", "p2"}}, {"b", {}}}, true, false, "Ann", "p1", 1};
  Json view = poll_view_json(p, "p2");
  EXPECT_EQ(view["options"][0]["count"], 2);
  EXPECT_EQ(view["options"][0]["votes"], Json::array({"p2"}));
  p.anonymous = false;
  EXPECT_EQ(poll_view_json(p, "p2")["options"][0]["votes"].size(), 2u);
  auto back = poll_from_json(to_json(p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, p);
}
