// Ranking the eligible applicants and applying the vacancy's shortlisting policy.
//
// The order is total and documented: desirable score (highest first), then each `tie break by`
// criterion's points in the order the policy names them, then the applicant's ref (ascending).
// `top N` shortlists the first N; with `ties included` everyone level with the Nth (same score
// and tie-break points) is shortlisted too, with `ties excluded` the level group at the cut-off
// is left out whole. `minimum score` removes anyone below it first.
#pragma once

#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sift/engine/evaluation.hpp"

namespace sift::engine {

// What ranking needs of an applicant; small, so a million fit in memory.
struct Standing {
  std::string ref;
  Verdict verdict = Verdict::eligible;
  double score = 0;
  // The policy's tie-break values (points or expressions), in order: a policy names few, kept
  // inline (a million applicants, a million allocations and frees otherwise).
  boost::container::small_vector<double, 3> tie_points;
  int rank = 0;  // set by rank_and_shortlist: 1-based among the eligible
};

Standing standing_of(rules::Vacancy const& vacancy, ApplicantResult const& result);

// Whether ranking places an applicant with this verdict: the eligible, shortlisted or not yet.
inline bool ranked(Verdict verdict) {
  return verdict == Verdict::eligible || verdict == Verdict::shortlisted;
}

// Sets rank for eligible applicants and turns the shortlisted ones' verdict to shortlisted. The
// others may be left out of `standings`: they are given rank 0 and their verdict is kept.
void rank_and_shortlist(rules::Vacancy const& vacancy, std::vector<Standing>& standings);

// The same over full results (tests and single-applicant checks).
void rank_and_shortlist(rules::Vacancy const& vacancy, std::vector<ApplicantResult>& results);

// One criterion's part in an applicant's result, as the counterfactual reads it.
struct CriterionStanding {
  std::string id;
  bool essential = true;
  Outcome outcome = Outcome::unknown;
  double points = 0;  // earned
  double weight = 0;  // the most a desirable can earn
};

// The smallest set of criteria that, had they been met, would have changed the verdict, and
// the verdict it would then have been; no verdict when nothing within the criteria would.
struct Counterfactual {
  std::vector<std::string> criteria;
  std::optional<Verdict> verdict;
};

// Excluded: meeting every unmet essential (eligible, or needs review while others remain
// unknown). Needs review: meeting the unknown essentials. Eligible: the fewest desirables, largest
// gain first, that lift the score to the lowest shortlisted score (level with it when the policy
// includes ties, above it otherwise) and to any minimum score. Shortlisted: nothing.
Counterfactual counterfactual(rules::Policy const& policy, Verdict verdict, double score,
                              std::vector<CriterionStanding> const& criteria,
                              std::optional<double> lowest_shortlisted);

}  // namespace sift::engine
