// Use cases: screening a vacancy's stored applications, stored as a run or only previewed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/engine/vocabulary.hpp"
#include "sift/rules/specification.hpp"
#include "sift/rules/value.hpp"

namespace sift::screening {

struct RunRequest {
  std::string vacancy;
  rules::Date as_of;
  engine::Stage stage = engine::Stage::sift;
  int threads = 1;
  std::string operator_name;
  std::string sift_version;
  // Called now and then with (done, total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

// Screens every applicant's latest application under the vacancy's latest specification and
// stores the run whole (one transaction): nothing is left half-written if it fails.
data::RunRecord run(data::Database& db, RunRequest const& request);

// An applicant's verdict under a specification, screened without storing anything.
struct Proposal {
  std::string ref;
  engine::Verdict verdict = engine::Verdict::eligible;
  double score = 0;
  int rank = 0;
  std::int64_t application_id = 0;  // the version screened
  std::vector<std::string> essentials_not_met;
};

// Screens the stored applications of a vacancy under `spec` (a proposal, perhaps never stored)
// and stores nothing: what a rule change would do before it is adopted. Ref order.
std::vector<Proposal> preview(data::Database& db, rules::Specification const& spec,
                              RunRequest const& request);

}  // namespace sift::screening
