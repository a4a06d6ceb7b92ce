// The database: one SQLite file that any stock `sqlite3` can read. Opening recognises the file
// before touching it, sets it up (WAL, secure delete, page cache) and migrates the schema. The
// table families are reached through the narrow classes beside this header (Vacancies,
// Applications, Scores, Runs, Decisions), each handed a Database.
//
// Thread safety: one thread at a time uses a Database (imports and runs hand work to other
// threads, never the connection). Errors: data::Error (error.hpp).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "sift/data/error.hpp"

namespace SQLite {
class Database;
}

namespace sift::data {

enum class OpenMode { create_if_missing, must_exist };

// How long a connection waits for another's lock before giving up with ErrorKind::busy.
inline constexpr int busy_timeout_ms = 5000;

class Database {
 public:
  // `key`: the ledger's key, when the database is kept keyed (ledger.hpp).
  Database(std::filesystem::path const& path, OpenMode mode,
           std::optional<std::string> key = std::nullopt);
  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;

  std::filesystem::path const& path() const { return path_; }
  // The key the ledger's chain is kept under (ledger.hpp), read from a file kept outside the
  // database; none by default.
  std::optional<std::string> const& key() const { return key_; }
  // For the table-family classes of this module only.
  SQLite::Database& connection() { return *db_; }

 private:
  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
  std::optional<std::string> key_;
};

}  // namespace sift::data
