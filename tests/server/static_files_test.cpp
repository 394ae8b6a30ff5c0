#include "static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace rtk::server;
namespace fs = std::filesystem;

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    base =
        fs::temp_directory_path() / ("rtk-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                     "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::create_directories(base / "root" / "dir");
    std::ofstream(base / "root" / "index.html") << "i";
    std::ofstream(base / "root" / "dir" / "index.html") << "d";
    std::ofstream(base / "root" / "a.wasm") << "w";
    std::ofstream(base / "secret.txt") << "s";
    fs::create_symlink(base / "secret.txt", base / "root" / "link.txt");
    root = (base / "root").string();
  }
  void TearDown() override { fs::remove_all(base); }
  fs::path base;
  std::string root;
};

TEST_F(StaticFiles, ResolvesFilesAndIndexes) {
  EXPECT_EQ(resolve_static(root, "/"), fs::canonical(base / "root" / "index.html").string());
  EXPECT_EQ(resolve_static(root, "/dir"), fs::canonical(base / "root" / "dir" / "index.html").string());
  EXPECT_EQ(resolve_static(root, "/a.wasm?x=1"), fs::canonical(base / "root" / "a.wasm").string());
  EXPECT_EQ(resolve_static(root, "/%61.wasm"), fs::canonical(base / "root" / "a.wasm").string());
  EXPECT_FALSE(resolve_static(root, "/missing"));
  EXPECT_FALSE(resolve_static("", "/"));
}

TEST_F(StaticFiles, RefusesTraversal) {
  for (const char* t : {"/../secret.txt", "/dir/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                        "/link.txt", "/dir/..\\..\\secret.txt", "/%zz", "/a%00.wasm"})
    EXPECT_FALSE(resolve_static(root, t)) << t;
}

TEST(Mime, Types) {
  EXPECT_EQ(mime_type("x/a.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("a.json"), "application/json");
  EXPECT_EQ(mime_type("noext"), "application/octet-stream");
}

TEST_F(StaticFiles, DashboardDirServesSlashDashboard) {
  fs::create_directories(base / "dash");
  std::ofstream(base / "dash" / "index.html") << "D";
  std::ofstream(base / "dash" / "dashboard.js") << "js";
  const std::string dash = (base / "dash").string();
  const auto dash_index = fs::canonical(base / "dash" / "index.html").string();
  EXPECT_EQ(resolve_site(root, dash, "/dashboard"), dash_index);
  EXPECT_EQ(resolve_site(root, dash, "/dashboard/"), dash_index);
  EXPECT_EQ(resolve_site(root, dash, "/dashboard?x=1"), dash_index);
  EXPECT_EQ(resolve_site(root, dash, "/dashboard/dashboard.js"),
            fs::canonical(base / "dash" / "dashboard.js").string());
  // Not the dashboard: the static dir, as before.
  EXPECT_EQ(resolve_site(root, dash, "/"), fs::canonical(base / "root" / "index.html").string());
  EXPECT_FALSE(resolve_site(root, dash, "/dashboardx"));
  // No traversal out of the dashboard dir.
  for (const char* t : {"/dashboard/../root/index.html", "/dashboard/%2e%2e/secret.txt", "/dashboard/../secret.txt"})
    EXPECT_FALSE(resolve_site(root, dash, t)) << t;
  // Without --dashboard-dir, /dashboard is just a path in the static dir.
  EXPECT_FALSE(resolve_site(root, "", "/dashboard"));
}
