// An applicant's stored result in a run of their vacancy: what explain and feedback start from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sift/data/database.hpp"
#include "sift/data/results.hpp"
#include "sift/data/runs.hpp"
#include "sift/rules/specification.hpp"

namespace sift::screening {

struct LocatedResult {
  std::string vacancy;  // the vacancy the ref applied to
  data::RunRecord run;
  rules::Specification spec;  // the run's, as stored
  data::StoredResult stored;  // with its evidence when asked for (evidence.hpp)
  // The evidence was rendered again from the run's inputs (format 2), and whether the outcomes
  // recomputed with it are the ones stored.
  bool evidence_recomputed = false;
  bool outcomes_match = true;
};

// In the given run, or the vacancy's latest; Error(not_found) when the applicant is not in it.
// `evidence`: render the evidence (for a run that keeps outcomes only, by evaluating again).
LocatedResult locate_result(data::Database& db, std::string const& ref, std::string const& vacancy,
                            std::optional<std::int64_t> run_id, bool evidence);

}  // namespace sift::screening
