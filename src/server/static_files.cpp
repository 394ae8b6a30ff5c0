#include "static_files.hpp"

#include <filesystem>
#include <system_error>
#include <vector>

namespace rtk::server {

namespace fs = std::filesystem;

std::optional<std::string> resolve_static(const std::string& root, std::string_view target) {
  if (root.empty()) return std::nullopt;
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%') {
      if (i + 2 >= path.size()) return std::nullopt;
      auto hv = [](char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      const int a = hv(path[i + 1]), b = hv(path[i + 2]);
      if (a < 0 || b < 0) return std::nullopt;
      decoded.push_back(static_cast<char>(a * 16 + b));
      i += 2;
    } else {
      decoded.push_back(path[i]);
    }
  }
  fs::path rel;
  std::size_t i = 0;
  while (i <= decoded.size()) {
    const auto j = decoded.find('/', i);
    const auto seg = decoded.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (seg == ".." || seg.find('\\') != std::string::npos || seg.find('\0') != std::string::npos) return std::nullopt;
    if (!seg.empty() && seg != ".") rel /= seg;
    if (j == std::string::npos) break;
    i = j + 1;
  }
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(fs::path(root), ec);
  if (ec) return std::nullopt;
  fs::path full = base / rel;
  if (fs::is_directory(full, ec)) full /= "index.html";
  const fs::path canon = fs::weakly_canonical(full, ec);
  if (ec || !fs::is_regular_file(canon, ec)) return std::nullopt;
  // Symlinks may not lead out of the root.
  const auto b = base.string(), c = canon.string();
  if (c.size() <= b.size() || c.compare(0, b.size(), b) != 0 || c[b.size()] != '/') return std::nullopt;
  return c;
}

std::optional<std::string> resolve_site(const std::string& static_dir, const std::string& dashboard_dir,
                                        std::string_view target) {
  constexpr std::string_view kPrefix = "/dashboard";
  if (!dashboard_dir.empty() && target.substr(0, kPrefix.size()) == kPrefix &&
      (target.size() == kPrefix.size() || target[kPrefix.size()] == '/' || target[kPrefix.size()] == '?' ||
       target[kPrefix.size()] == '#'))
    return resolve_static(dashboard_dir, target.substr(kPrefix.size()));
  return resolve_static(static_dir, target);
}

std::string_view mime_type(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  struct M {
    std::string_view ext, type;
  };
  static constexpr M kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"cjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"wasm", "application/wasm"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"md", "text/markdown; charset=utf-8"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"ts", "text/plain; charset=utf-8"},
      {"webm", "video/webm"},
      {"mp4", "video/mp4"},
      {"yaml", "application/yaml"},
      {"yml", "application/yaml"},
  };
  for (const auto& m : kTypes)
    if (m.ext == ext) return m.type;
  return "application/octet-stream";
}

}  // namespace rtk::server
