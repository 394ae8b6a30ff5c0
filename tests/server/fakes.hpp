// Test doubles for the Beast-free server parts.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "hub.hpp"
#include "rtk/json.hpp"

namespace rtk::server::testing {

struct FakeConnection : Connection {
  std::vector<Json> sent;
  int close_code = 0;
  void send(SharedText text) override {
    if (close_code == 0) sent.push_back(Json::parse(*text));
  }
  void close(std::uint16_t code) override {
    if (close_code == 0) close_code = code;
  }
  std::vector<std::string> types() const {
    std::vector<std::string> out;
    for (const auto& j : sent) out.push_back(j.value("type", ""));
    return out;
  }
  void clear() { sent.clear(); }
};

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("rtk-server-unit-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static int& counter() {
    static int c = 0;
    return c;
  }
};

}  // namespace rtk::server::testing
