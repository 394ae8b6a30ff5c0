// RequestTable: the API request ids handed to JS and the wire ids of the frames that carry
// them. A reply settles its entry once; a lost connection rejects every open entry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rtk/json.hpp"

namespace rtk::client {

using RequestId = std::uint32_t;  // never 0

class RequestTable {
 public:
  struct Entry {
    RequestId id = 0;
    std::string type;  // the request's message type
    Json context;      // request-specific data for shaping the result
  };

  RequestId next_id() { return ++last_; }
  // Registers a request sent on the wire; returns its wire id ("r<id>").
  std::string add(RequestId id, std::string type, Json context = Json::object());
  // The entry of a reply, removed from the table; nullopt when unknown (already settled).
  std::optional<Entry> take(const std::string& wire_id);
  bool contains(const std::string& wire_id) const { return open_.count(wire_id) != 0; }
  // Every open entry, removed (to reject them).
  std::vector<Entry> take_all();
  std::size_t size() const { return open_.size(); }

 private:
  RequestId last_ = 0;
  std::map<std::string, Entry> open_;
};

}  // namespace rtk::client
