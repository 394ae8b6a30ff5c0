// Static files from --static-dir: path resolution (no traversal) and MIME types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtk::server {

// The file to serve for a request target under `root`, or nullopt (not found, traversal,
// bad encoding). A directory serves its index.html.
std::optional<std::string> resolve_static(const std::string& root, std::string_view target);
std::string_view mime_type(std::string_view path);

}  // namespace rtk::server
