#include "rtk/client/requests.hpp"

namespace rtk::client {

std::string RequestTable::add(RequestId id, std::string type, Json context) {
  std::string wire = "r" + std::to_string(id);
  open_[wire] = Entry{id, std::move(type), std::move(context)};
  return wire;
}

std::optional<RequestTable::Entry> RequestTable::take(const std::string& wire_id) {
  auto it = open_.find(wire_id);
  if (it == open_.end()) return std::nullopt;
  Entry e = std::move(it->second);
  open_.erase(it);
  return e;
}

std::vector<RequestTable::Entry> RequestTable::take_all() {
  std::vector<Entry> v;
  for (auto& [w, e] : open_) v.push_back(std::move(e));
  open_.clear();
  return v;
}

}  // namespace rtk::client
