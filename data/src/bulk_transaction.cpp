#include "bulk_transaction.hpp"

namespace sift::data {

BulkTransaction::BulkTransaction(SQLite::Database& db) : db_(db) {
  try {
    rollback_journal_ = db_.execAndGet("PRAGMA journal_mode = DELETE").getString() == "delete";
  } catch (SQLite::Exception const&) {
    // Another connection holds the database open: stay in WAL mode.
  }
  transaction_.emplace(db_, SQLite::TransactionBehavior::IMMEDIATE);
}

BulkTransaction::~BulkTransaction() {
  transaction_.reset();  // rolls back unless committed
  if (!rollback_journal_) return;
  try {
    db_.exec("PRAGMA journal_mode = WAL");
  } catch (SQLite::Exception const&) {
    // Another process is waiting to open the database; opening sets WAL mode again.
  }
}

void BulkTransaction::commit() {
  transaction_->commit();
}

void finish_import(BulkTransaction& transaction, ImportSummary& summary,
                   ImportOptions const& options) {
  bool const clean = summary.rejected == 0 || options.skip_invalid;
  if (clean && !options.dry_run) {
    transaction.commit();
    summary.committed = true;
  }
}

}  // namespace sift::data
