// Use case: recompute a stored run from the inputs it recorded and compare every result; check
// the run's hash over its rows and the chain of hashes over all runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sift/data/database.hpp"

namespace sift::screening {

// What verification found: no differences means the run is intact and reproducible.
struct Verification {
  std::int64_t run_id = 0;
  std::size_t checked = 0;               // results recomputed
  std::vector<std::string> differences;  // the first 50, each naming what differs
  std::size_t difference_count = 0;
};

Verification verify(data::Database& db, std::int64_t run_id);

}  // namespace sift::screening
