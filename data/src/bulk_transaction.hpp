// How imports and runs write: one transaction that lands whole or changes nothing.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include "sift/data/imports.hpp"

namespace sift::data {

// The database stays in WAL mode throughout, so that while an import or run writes, every other
// command reads the last committed state instead of waiting for the lock (a rollback journal
// wrote each page once instead of twice, but locked readers out for the whole write; see
// docs/database.md for the cost, measured). A crash leaves uncommitted frames in the log that
// SQLite ignores, so the write is still whole or absent.
class BulkTransaction {
 public:
  explicit BulkTransaction(SQLite::Database& db)
      : transaction_(db, SQLite::TransactionBehavior::IMMEDIATE) {}
  void commit() { transaction_.commit(); }  // the destructor rolls back unless committed

 private:
  SQLite::Transaction transaction_;
};

// How an import ends: committed when every record was good (or the user asked to skip bad ones)
// and this is not a dry run; otherwise rolled back when the transaction goes out of scope.
void finish_import(BulkTransaction& transaction, ImportSummary& summary,
                   ImportOptions const& options);

}  // namespace sift::data
