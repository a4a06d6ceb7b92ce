// Use case: recompute a stored run from the inputs it recorded and compare every result; check
// the run's hashes (over its rows, and over the inputs it read) and the ledger (ledger.hpp):
// every entry against its row, the chain from the first entry, and chain heads written down
// elsewhere (anchors). Applicants erased since the run are not recomputed (what they wrote is
// gone): their results are verified by the run's hash, and the report says who erased them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/ledger.hpp"

namespace sift::screening {

// Applicants of the run erased on one day by one person.
struct ErasedGroup {
  std::string date;
  std::string by;
  std::size_t applicants = 0;
};

// What verification found: no differences means the run is intact and reproducible.
struct Verification {
  std::int64_t run_id = 0;
  std::size_t checked = 0;          // results recomputed
  std::vector<ErasedGroup> erased;  // results verified by hash alone
  bool inputs_hashed = false;       // false for a run stored before the ledger
  data::LedgerCheck ledger;
  std::size_t anchors = 0;               // chain heads checked
  std::vector<std::string> differences;  // the first 50, each naming what differs
  std::size_t difference_count = 0;
};

Verification verify(data::Database& db, std::int64_t run_id, std::string const& anchor_file = {},
                    std::vector<data::AnchorLine> const& anchors = {});

}  // namespace sift::screening
