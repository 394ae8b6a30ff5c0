#include "rtk/preset.hpp"

#include <gtest/gtest.h>

using namespace rtk;

TEST(Preset, DefaultsShipWithTheRightConnectedMeetingsAccess) {
  auto host = default_host_preset();
  EXPECT_EQ(host.name, "group_call_host");
  EXPECT_TRUE(host.permissions.connected_meetings.can_alter_connected_meetings);
  EXPECT_TRUE(host.permissions.connected_meetings.can_switch_connected_meetings);
  EXPECT_TRUE(host.permissions.connected_meetings.can_switch_to_parent_meeting);
  auto part = default_participant_preset();
  EXPECT_EQ(part.name, "group_call_participant");
  EXPECT_FALSE(part.permissions.connected_meetings.can_alter_connected_meetings);
  EXPECT_TRUE(part.permissions.connected_meetings.can_switch_connected_meetings);
  EXPECT_TRUE(part.permissions.connected_meetings.can_switch_to_parent_meeting);
  EXPECT_EQ(default_presets().size(), 2u);
}

TEST(Preset, DecodesReferenceShapeSnakeCase) {
  Json j = Json::parse(R"({
    "name": "breakout-host",
    "config": {"view_type": "GROUP_CALL", "max_video_streams": {"desktop": 9, "mobile": 4}},
    "permissions": {
      "can_edit_display_name": false,
      "media": {"audio": {"can_produce": "ALLOWED"}, "video": {"can_produce": "NOT_ALLOWED"}},
      "chat": {"public": {"can_send": true, "text": true, "files": false}},
      "polls": {"can_create": true, "can_vote": true, "can_view": true},
      "connected_meetings": {"can_alter_connected_meetings": true, "can_switch_connected_meetings": false,
                             "can_switch_to_parent_meeting": true}
    },
    "ui": {"design_tokens": {"theme": "dark"}}
  })");
  auto p = preset_from_json(j);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->name, "breakout-host");
  EXPECT_TRUE(p->permissions.connected_meetings.can_alter_connected_meetings);
  EXPECT_FALSE(p->permissions.connected_meetings.can_switch_connected_meetings);
  EXPECT_EQ(p->permissions.media.video, ProduceAccess::not_allowed);
  EXPECT_TRUE(p->permissions.polls.can_create);
  EXPECT_FALSE(p->permissions.can_edit_display_name);
}

TEST(Preset, UnknownFieldsRoundTrip) {
  Json j = Json::parse(R"({"name":"x","future_flag":{"a":[1,2]},
    "permissions":{"plugins":{"can_start":true,"config":{"uuid-1":{"access_control":"FULL_ACCESS"}}},
                   "connected_meetings":{"can_alter_connected_meetings":false,"brand_new":7}},
    "ui":{"design_tokens":{"colors":{"brand":{"500":"#123456"}}}}})");
  auto p = preset_from_json(j);
  ASSERT_TRUE(p.ok());
  Json out = preset_to_json(*p);
  EXPECT_EQ(out["future_flag"], j["future_flag"]);
  EXPECT_EQ(out["permissions"]["plugins"], j["permissions"]["plugins"]);
  EXPECT_EQ(out["permissions"]["connected_meetings"]["brand_new"], 7);
  EXPECT_EQ(out["ui"], j["ui"]);
  // Decoding the encoding gives the same typed view again.
  auto again = preset_from_json(out);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->permissions, p->permissions);
  EXPECT_EQ(preset_to_json(*again), out);
}

TEST(Preset, WrongTypesNameTheFieldPath) {
  struct Case {
    const char* json;
    const char* message;
  } cases[] = {
      {R"({"name":"x","permissions":{"connected_meetings":{"can_alter_connected_meetings":"yes"}}})",
       "permissions.connected_meetings.can_alter_connected_meetings: expected boolean"},
      {R"({"name":"x","permissions":{"connected_meetings":3}})", "permissions.connected_meetings: expected object"},
      {R"({"name":"x","permissions":{"media":{"video":{"can_produce":"MAYBE"}}}})",
       "permissions.media.video.can_produce: expected one of ALLOWED, NOT_ALLOWED, CAN_REQUEST"},
      {R"({"name":"x","permissions":{"chat":{"public":{"can_send":1}}}})",
       "permissions.chat.public.can_send: expected boolean"},
      {R"({"name":5})", "name: expected string"},
      {R"({"name":"x","permissions":[]})", "permissions: expected object"},
      {R"({"name":"x","config":"big"})", "config: expected object"},
      {R"({"permissions":{}})", "name must not be empty"},
  };
  for (const auto& c : cases) {
    auto p = preset_from_json(Json::parse(c.json));
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_EQ(p.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(p.error().message, c.message) << c.json;
  }
}

TEST(Preset, NameLimit) {
  Json j{{"name", std::string(257, 'n')}};
  EXPECT_EQ(preset_from_json(j).error().code, ErrorCode::invalid_argument);
  j["name"] = std::string(256, 'n');
  EXPECT_TRUE(preset_from_json(j).ok());
}

TEST(Preset, PatchKeepsOtherFields) {
  auto base = default_participant_preset();
  base.id = "p1";
  auto patched = preset_patch(
      base, Json::parse(R"({"permissions":{"connected_meetings":{"can_alter_connected_meetings":true}}})"));
  ASSERT_TRUE(patched.ok());
  EXPECT_TRUE(patched->permissions.connected_meetings.can_alter_connected_meetings);
  EXPECT_TRUE(patched->permissions.connected_meetings.can_switch_to_parent_meeting);
  EXPECT_EQ(patched->name, "group_call_participant");
  EXPECT_EQ(preset_to_json(*patched)["config"], preset_to_json(base)["config"]);
  auto bad = preset_patch(base, Json::parse(R"({"permissions":{"polls":{"can_vote":null}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "permissions.polls.can_vote: expected boolean");
}

TEST(Preset, CamelCaseViewForJs) {
  Json j = permissions_to_camel_json(default_host_preset().permissions);
  EXPECT_EQ(j["connectedMeetings"]["canAlterConnectedMeetings"], true);
  EXPECT_EQ(j["connectedMeetings"]["canSwitchToParentMeeting"], true);
  EXPECT_EQ(j["media"]["video"]["canProduce"], "ALLOWED");
  EXPECT_EQ(j["polls"]["canCreate"], true);
}
