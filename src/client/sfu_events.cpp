// The SFU's subscriber events: sfu.offer (a new subscriber offer) and sfu.slots (large rooms:
// whose video this page's K slots hold, who spoke last; a `switch` re-pointed m-lines).
#include "rtk/client/session.hpp"

namespace rtk::client {

void ClientSession::on_sfu_event(const proto::Envelope& e) {
  if (e.type == proto::type::sfu_offer) {
    auto o = proto::decode<proto::SfuOffer>(e.data);
    if (!o) return bad_message(e.type, o.error());
    return sfu_.on_offer(std::move(o).value(), outputs_);
  }
  auto s = proto::decode<proto::SfuSlots>(e.data);
  if (!s) return bad_message(e.type, s.error());
  emit(EventName::videoSlotsUpdate, sfu_.on_slots(std::move(s).value(), outputs_));
}

}  // namespace rtk::client
