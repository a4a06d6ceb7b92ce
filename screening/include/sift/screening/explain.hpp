// Use case: why an applicant got their verdict, from a stored run alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/decisions.hpp"
#include "sift/data/runs.hpp"
#include "sift/engine/shortlist.hpp"
#include "sift/engine/vocabulary.hpp"
#include "sift/screening/criteria.hpp"

namespace sift::screening {

// One criterion's part in an applicant's result.
struct CriterionExplanation {
  CriterionInfo criterion;
  engine::Outcome outcome = engine::Outcome::not_assessed;
  std::string evidence;
  double points = 0;
};

struct FlagExplanation {
  std::string id;
  std::string title;
  engine::FlagState state = engine::FlagState::unknown;
  std::string evidence;
  std::string file;
  int line = 0;
};

struct Explanation {
  data::RunRecord run;
  std::string title;
  std::string ref;
  engine::Verdict verdict = engine::Verdict::eligible;
  double score = 0;
  int rank = 0;  // 0 when not ranked
  std::optional<int> top;
  bool ties_included = true;
  std::optional<double> minimum_score;
  std::optional<double> cutoff_score;  // the lowest shortlisted score
  std::vector<CriterionExplanation> criteria;
  std::vector<FlagExplanation> flags;
  std::vector<std::string> moderation;
  engine::Counterfactual counterfactual;
  std::vector<data::Decision> decisions;  // the panel's, oldest first
  // The evidence was rendered again from the run's stored inputs (the run keeps outcomes only),
  // and whether the outcomes recomputed with it are the ones stored.
  bool evidence_recomputed = false;
  bool outcomes_match = true;
};

// Why `ref` got their verdict in a run (the vacancy's latest run by default).
Explanation explain(data::Database& db, std::string const& ref, std::string const& vacancy,
                    std::optional<std::int64_t> run_id = std::nullopt);

}  // namespace sift::screening
