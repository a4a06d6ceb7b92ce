#include "import_transaction.hpp"

namespace sift::data {

ImportTransaction::ImportTransaction(SQLite::Database& db) : db_(db) {
  try {
    rollback_journal_ = db_.execAndGet("PRAGMA journal_mode = DELETE").getString() == "delete";
  } catch (SQLite::Exception const&) {
    // Another connection holds the database open: stay in WAL mode.
  }
  transaction_.emplace(db_, SQLite::TransactionBehavior::IMMEDIATE);
}

ImportTransaction::~ImportTransaction() {
  transaction_.reset();  // rolls back unless committed
  if (!rollback_journal_) return;
  try {
    db_.exec("PRAGMA journal_mode = WAL");
  } catch (SQLite::Exception const&) {
    // Another process is waiting to open the database; opening sets WAL mode again.
  }
}

void ImportTransaction::finish(ImportSummary& summary, ImportOptions const& options) {
  bool const clean = summary.problems.empty() || options.skip_invalid;
  if (clean && !options.dry_run) {
    transaction_->commit();
    summary.committed = true;
  }
}

}  // namespace sift::data
