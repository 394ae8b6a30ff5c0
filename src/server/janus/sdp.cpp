#include "janus/sdp.hpp"

namespace rtk::server::janus {

namespace {
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool is_direction(std::string_view line) {
  return line == "a=sendrecv" || line == "a=sendonly" || line == "a=recvonly" || line == "a=inactive";
}
}  // namespace

std::vector<Section> sending_sections(std::string_view sdp) {
  std::vector<Section> out;
  Section cur;
  bool sends = false;
  auto close = [&] {
    if (sends && !cur.mid.empty() && (cur.kind == "audio" || cur.kind == "video")) out.push_back(cur);
  };
  for (std::size_t at = 0; at < sdp.size();) {
    std::size_t end = sdp.find('\n', at);
    if (end == std::string_view::npos) end = sdp.size();
    std::string_view line = sdp.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = end + 1;
    if (starts_with(line, "m=")) {
      close();
      const std::size_t sp = line.find(' ');
      cur = Section{std::string(line.substr(2, sp == std::string_view::npos ? 0 : sp - 2)), ""};
      const std::size_t sp2 = sp == std::string_view::npos ? sp : line.find(' ', sp + 1);
      sends = sp != std::string_view::npos && line.substr(sp + 1, sp2 - sp - 1) != "0";
    } else if (starts_with(line, "a=mid:")) {
      cur.mid = std::string(line.substr(6));
    } else if (line == "a=inactive" || line == "a=recvonly") {
      sends = false;
    }
  }
  close();
  return out;
}

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
