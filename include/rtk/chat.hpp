// Chat and polls are per meeting (each breakout room is a full meeting). Pure data and rules;
// the server stores them, the client mirrors them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

inline constexpr std::size_t kMaxChatTextBytes = 4000;
inline constexpr std::size_t kMaxChatHistory = 500;  // messages sent on join, newest last

struct ChatMessage {
  std::string id;
  std::string meeting_id;
  std::string participant_id;
  std::string display_name;
  std::string text;
  std::int64_t time_ms = 0;
  friend bool operator==(const ChatMessage&, const ChatMessage&) = default;
};

Json to_json(const ChatMessage& m);
Result<ChatMessage> chat_message_from_json(const Json& j);
Status validate_chat_text(std::string_view text);

inline constexpr std::size_t kMaxPollOptions = 20;
inline constexpr std::size_t kMaxPollTextBytes = 1000;

struct PollOption {
  std::string text;
  std::vector<std::string> votes;  // participant ids
  friend bool operator==(const PollOption&, const PollOption&) = default;
};

struct Poll {
  std::string id;
  std::string meeting_id;
  std::string question;
  std::vector<PollOption> options;
  bool anonymous = false;
  bool hide_votes = false;
  std::string created_by;  // display name
  std::string created_by_participant_id;
  std::int64_t time_ms = 0;
  friend bool operator==(const Poll&, const Poll&) = default;

  bool has_voted(std::string_view participant_id) const;
};

// Validates question and options (1..20 options, each 1..1000 bytes of UTF-8).
Status validate_poll(const std::string& question, const std::vector<std::string>& options);
// One vote per participant; returns the poll with the vote added.
Result<Poll> vote(const Poll& poll, const std::string& participant_id, std::size_t option_index);

// Wire shape: {id, meeting_id, question, options:[{text, votes, count}], anonymous, hide_votes,
// created_by, created_by_participant_id, time_ms}. `viewer` decides whether voter ids are shown:
// anonymous polls never show other voters' ids.
Json to_json(const Poll& p);
Json poll_view_json(const Poll& p, std::string_view viewer_participant_id);
Result<Poll> poll_from_json(const Json& j);

}  // namespace rtk
