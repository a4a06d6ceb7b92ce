// Assessor agreement: per criterion and pair of assessors, exact agreement, mean absolute
// difference and Cohen's kappa with quadratic weights for the 0-3 scale; a moderation queue of
// applicants whose scores differ by the criterion's disagreement threshold; and assessors who
// score systematically higher or lower than their colleagues. A function over the latest scores.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sift::engine {

// An assessor's latest score (0-3) for one applicant and criterion.
struct GivenScore {
  std::string criterion;
  std::string ref;
  std::string assessor;
  int score = 0;
};

// How two assessors agree on one criterion, over the applicants both scored.
struct PairAgreement {
  std::string criterion;
  std::string first;
  std::string second;
  std::size_t applicants = 0;
  double exact = 0;             // share of identical scores
  double mean_difference = 0;   // mean absolute difference, in points
  std::optional<double> kappa;  // Cohen's kappa, quadratic weights; none when undefined
};

// Scores for one applicant and criterion that differ by the criterion's disagreement threshold.
struct ModerationItem {
  std::string ref;
  std::string criterion;
  std::vector<std::pair<std::string, int>> scores;  // assessor, score
};

// An assessor's scores against the mean of the others' on the same applicant and criterion.
struct AssessorTendency {
  std::string assessor;
  std::size_t compared = 0;
  double mean_difference = 0;  // positive: scores higher than colleagues
  bool systematic = false;     // at least 0.5 points either way over 5 or more comparisons
};

struct Agreement {
  std::vector<PairAgreement> pairs;        // by criterion, then assessors
  std::vector<ModerationItem> moderation;  // by criterion, then ref
  std::vector<AssessorTendency> assessors;
};

// `thresholds`: each scored criterion's disagreement threshold, in points; scores of other
// criteria are ignored.
Agreement assessor_agreement(std::vector<GivenScore> const& latest,
                             std::map<std::string, int> const& thresholds);

// Cohen's kappa with quadratic weights over paired 0-3 scores; none when chance agreement
// leaves nothing to compare (every score the same).
std::optional<double> weighted_kappa(std::vector<std::pair<int, int>> const& pairs);

}  // namespace sift::engine
