// Use cases: adverse impact of a stored run, or of a proposed specification before it is
// adopted, by one equality-monitoring question: the only readers of the monitoring answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/engine/impact.hpp"
#include "sift/screening/run.hpp"

namespace sift::screening {

struct ImpactReport {
  std::string vacancy;
  engine::Stage stage = engine::Stage::sift;
  std::string as_of;
  std::optional<data::RunRecord> run;  // the run reported on; none for a proposal
  std::size_t applicants = 0;
  std::string by;  // sex, age_band, ethnicity or disability
  engine::Impact impact;
};

ImpactReport impact(data::Database& db, std::string const& vacancy,
                    std::optional<std::int64_t> run_id, std::string const& by);

// The same for `spec`, screened over the stored applications (nothing is stored).
ImpactReport proposed_impact(data::Database& db, rules::Specification const& spec,
                             RunRequest const& request, std::string const& by);

}  // namespace sift::screening
