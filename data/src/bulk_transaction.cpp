#include "bulk_transaction.hpp"

namespace sift::data {

void finish_import(BulkTransaction& transaction, ImportSummary& summary,
                   ImportOptions const& options) {
  bool const clean = summary.rejected == 0 || options.skip_invalid;
  if (clean && !options.dry_run) {
    transaction.commit();
    summary.committed = true;
  }
}

}  // namespace sift::data
