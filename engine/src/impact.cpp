#include "sift/engine/impact.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace sift::engine {

namespace {

double rate(std::size_t part, std::size_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

double log_choose(std::size_t n, std::size_t k) {
  return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(k) + 1) -
         std::lgamma(static_cast<double>(n - k) + 1);
}

// Which decision point of a group a comparison is about.
using Measure = Comparison ImpactGroup::*;

// The comparator at one decision point: the compared group with the highest rate (the first
// by name on a tie, so that the report is the same every time).
ImpactGroup const* comparator(std::vector<ImpactGroup> const& groups, Measure measure) {
  ImpactGroup const* best = nullptr;
  for (auto const& g : groups)
    if (g.compared && (!best || (g.*measure).rate > (best->*measure).rate)) best = &g;
  return best;
}

void compare(ImpactGroup& g, ImpactGroup const* reference, Measure measure) {
  auto& c = g.*measure;
  if (!g.compared || !reference) return;
  auto const& r = reference->*measure;
  if (r.rate > 0) c.ratio = c.rate / r.rate;
  if (&g == reference) return;
  c.p_value = fisher_exact(c.selected, g.applicants, r.selected, reference->applicants);
  double const pooled = rate(c.selected + r.selected, g.applicants + reference->applicants);
  double const spread = std::sqrt(
      pooled * (1 - pooled) *
      (1.0 / static_cast<double>(g.applicants) + 1.0 / static_cast<double>(reference->applicants)));
  c.deviations = spread > 0 ? (c.rate - r.rate) / spread : 0;
}

}  // namespace

bool is_monitoring_question(std::string_view question) {
  return question == "sex" || question == "age_band" || question == "ethnicity" ||
         question == "disability";
}

double fisher_exact(std::size_t a, std::size_t n, std::size_t b, std::size_t m) {
  std::size_t const selected = a + b;
  std::size_t const total = n + m;
  double const log_all = log_choose(total, selected);
  auto const log_p = [&](std::size_t k) {
    return log_choose(n, k) + log_choose(m, selected - k) - log_all;
  };
  std::size_t const low = selected > m ? selected - m : 0;
  std::size_t const high = std::min(selected, n);
  double const observed = log_p(a);
  double p = 0;
  for (std::size_t k = low; k <= high; ++k) {
    double const here = log_p(k);
    // As likely or less, with room for rounding (1e-7 relative, as R's fisher.test allows).
    if (here <= observed + 1e-7) p += std::exp(here);
  }
  return std::min(1.0, p);
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
  std::size_t answered = 0;
  for (auto const& a : applicants) {
    if (a.group.empty()) {
      ++report.no_answer;
      continue;
    }
    ++answered;
    auto& g = groups[a.group];
    g.group = a.group;
    ++g.applicants;
    g.pass.selected += a.passed;
    g.shortlist.selected += a.shortlisted;
    g.scoring.selected += a.score > report.median_score;
    for (auto const& id : a.essentials_failed)
      ++failures[a.group][id];
  }
  report.smallest_compared = std::max(
      smallest_reported_group,
      static_cast<std::size_t>(std::ceil(smallest_compared_share * static_cast<double>(answered))));
  for (auto& [name, g] : groups) {
    report.groups.push_back(std::move(g));
    auto& added = report.groups.back();
    added.suppressed = added.applicants < smallest_reported_group;
    added.compared = added.applicants >= report.smallest_compared;
    for (Measure m : {&ImpactGroup::pass, &ImpactGroup::shortlist, &ImpactGroup::scoring})
      (added.*m).rate = rate((added.*m).selected, added.applicants);
  }
  // Comparing changes only a group's ratio and test figures, never the rates compared.
  struct Point {
    Measure measure;
    std::string* name;
  };
  for (auto const& [measure, name] : {Point{&ImpactGroup::pass, &report.pass_comparator},
                                      Point{&ImpactGroup::shortlist, &report.shortlist_comparator},
                                      Point{&ImpactGroup::scoring, &report.scoring_comparator}}) {
    auto const* reference = comparator(report.groups, measure);
    if (reference) *name = reference->group;
    for (auto& g : report.groups)
      compare(g, reference, measure);
  }
  for (auto& g : report.groups) {
    if (!g.pass.adverse() || g.group == report.pass_comparator) continue;
    auto const& reference =
        *std::find_if(report.groups.begin(), report.groups.end(),
                      [&](auto const& r) { return r.group == report.pass_comparator; });
    double widest = 0;
    for (auto const& [id, n] : failures[g.group]) {
      double const here = rate(n, g.applicants);
      double const there = rate(failures[reference.group][id], reference.applicants);
      if (here - there > widest) {
        widest = here - there;
        g.driver = id;
        g.driver_rate = here;
        g.driver_reference_rate = there;
      }
    }
  }
  std::stable_sort(
      report.groups.begin(), report.groups.end(),
      [](ImpactGroup const& a, ImpactGroup const& b) { return a.applicants > b.applicants; });
  return report;
}

}  // namespace sift::engine
