// Adverse impact: selection rates by equality-monitoring group at each decision point (passing
// the knock-outs, being shortlisted, scoring above the median as New York City's Local Law 144
// defines it), each compared with a comparator group: the impact ratio of the four-fifths rule
// (29 CFR 1607.4(D)), and whether the difference is more than chance (Fisher's exact test, and
// the two-standard-deviation test of US practice). The comparator is the group with the highest
// rate among groups large enough to compare, so that a group of a few people cannot make every
// other look adverse. A function over values: the caller hands it each applicant's group and
// outcome; it never sees a database.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sift::engine {

// Groups smaller than this have their figures withheld (suppressed), never starred.
inline constexpr std::size_t smallest_reported_group = 5;
// A group is compared (can be the comparator, can be starred) when it holds at least this share
// of the applicants who answered, and at least smallest_reported_group people.
inline constexpr double smallest_compared_share = 0.02;
inline constexpr double four_fifths = 0.8;
inline constexpr double significance_level = 0.05;

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

// One decision point for one group, against the comparator group.
struct Comparison {
  std::size_t selected = 0;
  double rate = 0;
  // The rate over the comparator's. None ("n/a") when the group is not compared, or when the
  // comparator selected no one (0/0 says nothing, and is never a ratio of 1).
  std::optional<double> ratio;
  // Fisher's exact test, two-sided, of this group against the comparator; none when not compared
  // (or for the comparator itself).
  std::optional<double> p_value;
  // The difference in rates in standard deviations of the pooled rate (negative: selected less).
  std::optional<double> deviations;

  bool adverse() const { return ratio && *ratio < four_fifths; }
  bool significant() const { return p_value && *p_value < significance_level; }
};

// The applicants who gave one answer to the question.
struct ImpactGroup {
  std::string group;
  std::size_t applicants = 0;
  bool suppressed = false;  // under smallest_reported_group: figures withheld
  bool compared = false;    // large enough to compare (see Impact::smallest_compared)
  Comparison pass;
  Comparison shortlist;
  Comparison scoring;  // desirable score above the median of all applicants
  // When the pass ratio is under 0.8: the essential criterion this group fails most often
  // compared with the comparator at the knock-outs, and the two failure rates.
  std::string driver;
  double driver_rate = 0;
  double driver_reference_rate = 0;
};

struct Impact {
  std::vector<ImpactGroup> groups;  // largest first
  std::size_t no_answer = 0;        // applicants who did not answer the question
  double median_score = 0;
  std::size_t smallest_compared = 0;  // the least size of a compared group, this time
  // The comparator group at each decision point (empty when no group could be compared).
  std::string pass_comparator;
  std::string shortlist_comparator;
  std::string scoring_comparator;
};

Impact adverse_impact(std::vector<ImpactApplicant> const& applicants);

// Fisher's exact test, two-sided: the probability, with the margins fixed, of a 2x2 table as
// or less likely than the one observed (a selected of n, b selected of m).
double fisher_exact(std::size_t a, std::size_t n, std::size_t b, std::size_t m);

}  // namespace sift::engine
