// Publisher offers under the preset's media rights: a kind the preset may not produce is not
// refused whole (the participant keeps what it may send) but its m-sections are made inactive
// before Janus sees the offer, so Janus refuses them in its answer (1.1.2: port 0) and the
// browser sends none of it,
// whatever the page did to its PeerConnection. Pure text work, no Janus, no Beast.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rtk::server::janus {

struct RestrictedOffer {
  std::string sdp;
  std::vector<std::string> disabled;  // "video:1": kind and mid of each section made inactive
};

// `audio` / `video`: whether that kind may be published.
RestrictedOffer restrict_offer(std::string_view sdp, bool audio, bool video);

// A publisher offer's audio and video m-sections that send (not inactive, recvonly or port 0),
// in order: what subscribers can take one by one as {feed, mid}.
struct Section {
  std::string kind;  // audio | video
  std::string mid;
  friend bool operator==(const Section&, const Section&) = default;
};
std::vector<Section> sending_sections(std::string_view sdp);

}  // namespace rtk::server::janus
