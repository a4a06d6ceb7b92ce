// Evidence on request. A run stores outcomes and the numbers that decided them, never the
// evidence text (results.hpp, format 2): what an explanation, the matrix or a subject access
// export shows is rendered again by evaluating the applicant from the run's stored inputs (its
// specification text, the application version it read, the score rows it read), which is
// deterministic. Each recomputed result is checked against the stored one: `matches` says
// whether the outcomes rendered are the ones on record. Runs stored in format 1 kept their
// evidence and are handed on as stored.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sift/data/database.hpp"
#include "sift/data/results.hpp"
#include "sift/data/runs.hpp"
#include "sift/rules/specification.hpp"

namespace sift::screening {

// Each result of the run (or only `ref`'s), in ref order, with its evidence filled in. `spec`:
// the run's stored specification (Runs::specification).
void each_with_evidence(data::Database& db, data::RunRecord const& run,
                        rules::Specification const& spec, std::optional<std::string> const& ref,
                        std::function<void(data::StoredResult const&, bool matches)> const& take);

}  // namespace sift::screening
