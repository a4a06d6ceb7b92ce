// How imports and runs write: one transaction that lands whole or changes nothing, with each page
// of a large write put on disk once.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <optional>

#include "sift/data/imports.hpp"

namespace sift::data {

// In WAL mode a transaction's pages are written twice: into the log, then into the database at
// the checkpoint. An import of a million applications writes gigabytes, and a run of a million
// stores about a gigabyte of results, so for their duration the database uses a rollback journal
// instead: pages appended to the file are never journaled, and are written once (bench/: the
// 1,000,000-application import in about half the time, the run about a fifth faster). A crash
// leaves a journal that SQLite rolls back on the next open, so the write is still whole or
// absent. The price: other processes wait (the busy timeout) instead of reading the last
// committed state meanwhile. When another connection has the database open the mode cannot
// change, and the transaction runs in WAL mode.
class BulkTransaction {
 public:
  explicit BulkTransaction(SQLite::Database& db);
  ~BulkTransaction();  // rolls back unless committed, then returns to WAL mode
  BulkTransaction(BulkTransaction const&) = delete;
  BulkTransaction& operator=(BulkTransaction const&) = delete;

  void commit();

 private:
  SQLite::Database& db_;
  bool rollback_journal_ = false;
  std::optional<SQLite::Transaction> transaction_;
};

// How an import ends: committed when every record was good (or the user asked to skip bad ones)
// and this is not a dry run; otherwise rolled back when the transaction goes out of scope.
void finish_import(BulkTransaction& transaction, ImportSummary& summary,
                   ImportOptions const& options);

}  // namespace sift::data
