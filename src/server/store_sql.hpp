// What the store's translation units share about SQLite (store.cpp, store_recordings.cpp):
// the error of a failed call, a row's JSON text and a statement that finalizes itself.
#pragma once

#include <sqlite3.h>

#include <string>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk::server {

inline Error db_error(sqlite3* db, const std::string& what) {
  return make_error(ErrorCode::internal, what + ": " + (db ? sqlite3_errmsg(db) : "no database"));
}

// A row's JSON text (invalid UTF-8 replaced, never an abort).
inline std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

struct Stmt {
  sqlite3_stmt* s = nullptr;
  ~Stmt() { sqlite3_finalize(s); }
};

}  // namespace rtk::server
