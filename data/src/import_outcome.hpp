// How every import ends: it lands whole, or changes nothing.
#pragma once

#include <SQLiteCpp/Transaction.h>

#include "sift/data/store.hpp"

namespace sift::data {

// Commits when every record was good (or the user asked to skip bad ones) and this is not a
// dry run; otherwise the transaction rolls back when it goes out of scope.
inline void finish_import(SQLite::Transaction& transaction, ImportSummary& summary,
                          ImportOptions const& options) {
  bool const clean = summary.problems.empty() || options.skip_invalid;
  if (clean && !options.dry_run) {
    transaction.commit();
    summary.committed = true;
  }
}

}  // namespace sift::data
