#include "janus/sdp.hpp"

namespace rtk::server::janus {

namespace {
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool is_direction(std::string_view line) {
  return line == "a=sendrecv" || line == "a=sendonly" || line == "a=recvonly" || line == "a=inactive";
}
}  // namespace

RestrictedOffer restrict_offer(std::string_view sdp, bool audio, bool video) {
  RestrictedOffer out;
  const std::string_view eol = sdp.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  // Split into lines (the last one may lack its end of line).
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < sdp.size();) {
    std::size_t end = sdp.find(eol, at);
    if (end == std::string_view::npos) end = sdp.size();
    lines.push_back(sdp.substr(at, end - at));
    at = end + eol.size();
  }
  bool forbidden = false;  // the current m-section's kind may not be published
  bool had_direction = false;
  std::string kind, mid;
  auto close_section = [&] {
    if (!forbidden) return;
    if (!had_direction) out.sdp.append("a=inactive").append(eol);  // default was sendrecv
    out.disabled.push_back(kind + ":" + mid);
  };
  for (std::string_view line : lines) {
    if (starts_with(line, "m=")) {
      close_section();
      kind = std::string(line.substr(2, line.find(' ') == std::string_view::npos ? 0 : line.find(' ') - 2));
      forbidden = (kind == "audio" && !audio) || (kind == "video" && !video);
      had_direction = false;
      mid.clear();
    } else if (forbidden && starts_with(line, "a=mid:")) {
      mid = std::string(line.substr(6));
    } else if (forbidden && is_direction(line)) {
      had_direction = true;
      out.sdp.append("a=inactive").append(eol);
      continue;
    }
    out.sdp.append(line).append(eol);
  }
  close_section();
  return out;
}

}  // namespace rtk::server::janus
