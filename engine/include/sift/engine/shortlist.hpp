// Ranking the eligible applicants and applying the vacancy's shortlisting policy.
//
// The order is total and documented: desirable score (highest first), then each `tie break by`
// criterion's points in the order the policy names them, then the applicant's ref (ascending).
// `top N` shortlists the first N; with `ties included` everyone level with the Nth (same score
// and tie-break points) is shortlisted too, with `ties excluded` the level group at the cut-off
// is left out whole. `minimum score` removes anyone below it first.
#pragma once

#include <string>
#include <vector>

#include "sift/engine/evaluation.hpp"

namespace sift::engine {

// What ranking needs of an applicant; small, so a million fit in memory.
struct Standing {
  std::string ref;
  Verdict verdict = Verdict::eligible;
  double score = 0;
  std::vector<double> tie_points;  // points of the policy's tie-break criteria, in order
  int rank = 0;                    // set by rank_and_shortlist: 1-based among the eligible
};

Standing standing_of(rules::Vacancy const& vacancy, ApplicantResult const& result);

// Sets rank for eligible applicants and turns the shortlisted ones' verdict to shortlisted.
void rank_and_shortlist(rules::Vacancy const& vacancy, std::vector<Standing>& standings);

// The same over full results (tests and single-applicant checks).
void rank_and_shortlist(rules::Vacancy const& vacancy, std::vector<ApplicantResult>& results);

}  // namespace sift::engine
