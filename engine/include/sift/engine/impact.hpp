// Adverse impact: selection rates by equality-monitoring group at each decision point, with
// impact ratios against the most-selected group (the four-fifths rule, 29 CFR 1607.4(D)), the
// scoring rate as New York City's Local Law 144 defines it (the share scoring above the
// median), and the essential criterion that drives a low ratio. A function over values: the
// caller hands it each applicant's group and outcome; it never sees a database.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sift::engine {

// Groups smaller than this have their figures withheld (suppressed), never starred.
inline constexpr std::size_t smallest_reported_group = 5;
inline constexpr double four_fifths = 0.8;

// The equality-monitoring questions impact can be reported by.
bool is_monitoring_question(std::string_view question);

// One applicant as the impact report needs them.
struct ImpactApplicant {
  std::string group;    // their answer to the question; empty: no answer
  bool passed = false;  // no essential criterion failed (not excluded)
  bool shortlisted = false;
  double score = 0;
  std::vector<std::string> essentials_failed;  // criterion ids
};

// The applicants who gave one answer to the question.
struct ImpactGroup {
  std::string group;
  std::size_t applicants = 0;
  bool suppressed = false;  // under smallest_reported_group: figures withheld
  std::size_t passed = 0;
  std::size_t shortlisted = 0;
  std::size_t above_median = 0;  // desirable score above the median of all applicants
  double pass_rate = 0;
  double shortlist_rate = 0;
  double scoring_rate = 0;
  // Rates relative to the group with the highest rate (the four-fifths rule flags < 0.8).
  double pass_ratio = 0;
  double shortlist_ratio = 0;
  double scoring_ratio = 0;
  // When pass_ratio < 0.8: the essential criterion this group fails most often compared with
  // the most-passing group, and the two failure rates.
  std::string driver;
  double driver_rate = 0;
  double driver_reference_rate = 0;
};

struct Impact {
  std::vector<ImpactGroup> groups;  // largest first
  std::size_t no_answer = 0;        // applicants who did not answer the question
  double median_score = 0;
};

Impact adverse_impact(std::vector<ImpactApplicant> const& applicants);

}  // namespace sift::engine
