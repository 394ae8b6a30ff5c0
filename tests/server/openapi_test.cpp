// docs/rest-api.yaml must describe exactly the routes of the server's route table.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "rest.hpp"

using namespace rtk::server;

namespace {

// (METHOD, path) pairs under `paths:` of an OpenAPI file: paths are two-space-indented keys,
// operations four-space-indented HTTP method keys.
std::set<std::pair<std::string, std::string>> openapi_operations(const std::string& file) {
  std::ifstream in(file);
  EXPECT_TRUE(in) << file;
  std::set<std::pair<std::string, std::string>> ops;
  static const std::regex path_re(R"(^  (/[^:]*):\s*$)");
  static const std::regex op_re(R"(^    (get|post|put|patch|delete|options|head):\s*(#.*)?$)");
  std::string line, current;
  bool in_paths = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = line.rfind("paths:", 0) == 0;
    if (!in_paths) continue;
    std::smatch m;
    if (std::regex_match(line, m, path_re)) {
      current = m[1];
    } else if (std::regex_match(line, m, op_re)) {
      std::string method = m[1];
      for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      ops.emplace(method, current);
    }
  }
  return ops;
}

}  // namespace

TEST(OpenApi, DescribesExactlyTheServersRoutes) {
  const auto documented = openapi_operations(std::string(RTK_SOURCE_DIR) + "/docs/rest-api.yaml");
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& r : route_table()) served.emplace(std::string(r.method), std::string(r.pattern));
  ASSERT_FALSE(served.empty());
  for (const auto& op : served)
    EXPECT_TRUE(documented.count(op)) << "not in docs/rest-api.yaml: " << op.first << " " << op.second;
  for (const auto& op : documented)
    EXPECT_TRUE(served.count(op)) << "documented but not served: " << op.first << " " << op.second;
}

TEST(Routes, MatchAndSplit) {
  std::map<std::string, std::string> params;
  EXPECT_TRUE(match_route("/v2/meetings/{meeting_id}/participants/{participant_id}",
                          "/v2/meetings/a%20b/participants/p1/", params));
  EXPECT_EQ(params["meeting_id"], "a b");
  EXPECT_EQ(params["participant_id"], "p1");
  EXPECT_FALSE(match_route("/v2/meetings/{meeting_id}", "/v2/meetings", params));
  EXPECT_FALSE(match_route("/v2/meetings/{meeting_id}", "/v2/meetings/x/y", params));
  EXPECT_FALSE(match_route("/v2/meetings/{meeting_id}", "/v2/meetings/%zz", params));
  std::string path;
  std::map<std::string, std::string> q;
  EXPECT_TRUE(split_target("/v2/ws?authToken=a%2Eb.c&x=1+2&flag", path, q));
  EXPECT_EQ(path, "/v2/ws");
  EXPECT_EQ(q["authToken"], "a.b.c");
  EXPECT_EQ(q["x"], "1 2");
  EXPECT_TRUE(q.count("flag"));
  EXPECT_FALSE(split_target("/x?a=%4", path, q));
}

TEST(Routes, EveryRouteHasAHandlerAndIsUnique) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const auto& r : route_table()) {
    EXPECT_NE(r.handler, nullptr);
    EXPECT_TRUE(seen.emplace(r.method, r.pattern).second) << r.method << " " << r.pattern;
  }
}
