// Static files from --static-dir: path resolution (no traversal) and MIME types.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rtk::server {

// The file to serve for a request target under `root`, or nullopt (not found, traversal,
// bad encoding). A directory serves its index.html.
std::optional<std::string> resolve_static(const std::string& root, std::string_view target);
// The file for `target` on the site: /dashboard and /dashboard/... from `dashboard_dir` when it
// is set, everything else (and /dashboard when it is not) from `static_dir`.
std::optional<std::string> resolve_site(const std::string& static_dir, const std::string& dashboard_dir,
                                        std::string_view target);
std::string_view mime_type(std::string_view path);

}  // namespace rtk::server
