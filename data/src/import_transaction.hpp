// How every import writes: one transaction that lands whole or changes nothing, with each page
// of a large import written to disk once.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <optional>

#include "sift/data/store.hpp"

namespace sift::data {

// In WAL mode a transaction's pages are written twice: into the log, then into the database at
// the checkpoint. An import of a million applications writes gigabytes, so for its duration the
// database uses a rollback journal instead: pages appended to the file are never journaled, and
// are written once (bench/: the 1,000,000-application import in about half the time). A crash
// leaves a journal that SQLite rolls back on the next open, so the import is still whole or
// absent. The price: other processes wait for the import (the busy timeout) instead of reading
// the last committed state meanwhile. When another connection has the database open the mode
// cannot change, and the import runs in WAL mode.
class ImportTransaction {
 public:
  explicit ImportTransaction(SQLite::Database& db);
  ~ImportTransaction();
  ImportTransaction(ImportTransaction const&) = delete;
  ImportTransaction& operator=(ImportTransaction const&) = delete;

  // Commits when every record was good (or the user asked to skip bad ones) and this is not a
  // dry run; otherwise the transaction rolls back when this goes out of scope.
  void finish(ImportSummary& summary, ImportOptions const& options);

 private:
  SQLite::Database& db_;
  bool rollback_journal_ = false;
  std::optional<SQLite::Transaction> transaction_;
};

}  // namespace sift::data
