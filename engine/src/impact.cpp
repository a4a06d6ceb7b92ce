#include "sift/engine/impact.hpp"

#include <algorithm>
#include <map>

namespace sift::engine {

namespace {

double rate(std::size_t part, std::size_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

}  // namespace

bool is_monitoring_question(std::string_view question) {
  return question == "sex" || question == "age_band" || question == "ethnicity" ||
         question == "disability";
}

Impact adverse_impact(std::vector<ImpactApplicant> const& applicants) {
  Impact report;
  std::vector<double> scores;
  for (auto const& a : applicants)
    scores.push_back(a.score);
  std::sort(scores.begin(), scores.end());
  if (!scores.empty()) {
    auto const mid = scores.size() / 2;
    report.median_score = scores.size() % 2 ? scores[mid] : (scores[mid - 1] + scores[mid]) / 2;
  }

  std::map<std::string, ImpactGroup> groups;
  std::map<std::string, std::map<std::string, std::size_t>> failures;  // group -> essential -> n
  for (auto const& a : applicants) {
    if (a.group.empty()) {
      ++report.no_answer;
      continue;
    }
    auto& g = groups[a.group];
    g.group = a.group;
    ++g.applicants;
    g.passed += a.passed;
    g.shortlisted += a.shortlisted;
    g.above_median += a.score > report.median_score;
    for (auto const& id : a.essentials_failed)
      ++failures[a.group][id];
  }
  double best_pass = 0, best_shortlist = 0, best_scoring = 0;
  std::string reference;  // the group passing the knock-outs most often
  for (auto& [name, g] : groups) {
    g.suppressed = g.applicants < smallest_reported_group;
    g.pass_rate = rate(g.passed, g.applicants);
    g.shortlist_rate = rate(g.shortlisted, g.applicants);
    g.scoring_rate = rate(g.above_median, g.applicants);
    if (g.suppressed) continue;
    if (reference.empty() || g.pass_rate > best_pass) reference = name;
    best_pass = std::max(best_pass, g.pass_rate);
    best_shortlist = std::max(best_shortlist, g.shortlist_rate);
    best_scoring = std::max(best_scoring, g.scoring_rate);
  }
  for (auto& [name, g] : groups) {
    if (g.suppressed) continue;
    g.pass_ratio = best_pass > 0 ? g.pass_rate / best_pass : 1;
    g.shortlist_ratio = best_shortlist > 0 ? g.shortlist_rate / best_shortlist : 1;
    g.scoring_ratio = best_scoring > 0 ? g.scoring_rate / best_scoring : 1;
    if (g.pass_ratio >= four_fifths || name == reference) continue;
    double widest = 0;
    for (auto const& [id, n] : failures[name]) {
      double const here = rate(n, g.applicants);
      double const there = rate(failures[reference][id], groups[reference].applicants);
      if (here - there > widest) {
        widest = here - there;
        g.driver = id;
        g.driver_rate = here;
        g.driver_reference_rate = there;
      }
    }
  }
  for (auto& [name, g] : groups)
    report.groups.push_back(std::move(g));
  std::stable_sort(
      report.groups.begin(), report.groups.end(),
      [](ImpactGroup const& a, ImpactGroup const& b) { return a.applicants > b.applicants; });
  return report;
}

}  // namespace sift::engine
