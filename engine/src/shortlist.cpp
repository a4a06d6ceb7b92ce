#include "sift/engine/shortlist.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace sift::engine {

Standing standing_of(rules::Vacancy const& vacancy, ApplicantResult const& result) {
  Standing standing{result.ref, result.verdict, result.score, {}, 0};
  std::size_t expression = 0;
  for (auto const& key : vacancy.policy.tie_break) {
    if (key.criterion.empty()) {
      standing.tie_points.push_back(result.tie_values.at(expression++));
      continue;
    }
    for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
      if (vacancy.criteria[i].id == key.criterion)
        standing.tie_points.push_back(result.criteria[i].contribution);
  }
  return standing;
}

void rank_and_shortlist(rules::Vacancy const& vacancy, std::vector<Standing>& standings) {
  std::vector<Standing*> eligible;
  for (auto& s : standings) {
    s.rank = 0;
    if (!ranked(s.verdict)) continue;
    s.verdict = Verdict::eligible;
    eligible.push_back(&s);
  }
  // Applicants equal on score and tie-break values are level for the cut-off, or on score alone
  // when the policy says `ties on score`.
  bool const on_score = vacancy.policy.ties_on_score;
  auto level = [on_score](Standing const* a, Standing const* b) {
    return a->score == b->score && (on_score || a->tie_points == b->tie_points);
  };
  // Ranked by score, then tie-break values, both descending, then ref. A run hands its
  // applicants over in ref order, so a stable sort on score and tie values alone keeps the
  // level ones in ref order, and the sort reads packed rows of numbers rather than following a
  // pointer to each applicant and comparing refs (a large run's shortlist waited on it).
  auto const by_ref = [](Standing const* a, Standing const* b) { return a->ref < b->ref; };
  if (!std::is_sorted(eligible.begin(), eligible.end(), by_ref))
    std::sort(eligible.begin(), eligible.end(), by_ref);
  struct Key {
    double score;
    std::uint32_t applicant;  // in `eligible`
    std::uint32_t first;      // its tie values in `ties`
    std::uint32_t count;
  };
  std::vector<double> ties;
  std::vector<Key> keys;
  keys.reserve(eligible.size());
  for (std::size_t i = 0; i < eligible.size(); ++i) {
    auto const& points = eligible[i]->tie_points;
    keys.push_back({eligible[i]->score, static_cast<std::uint32_t>(i),
                    static_cast<std::uint32_t>(ties.size()),
                    static_cast<std::uint32_t>(points.size())});
    ties.insert(ties.end(), points.begin(), points.end());
  }
  std::stable_sort(keys.begin(), keys.end(), [&ties](Key const& a, Key const& b) {
    if (a.score != b.score) return a.score > b.score;
    auto const* x = ties.data() + a.first;
    auto const* y = ties.data() + b.first;
    return std::lexicographical_compare(y, y + b.count, x, x + a.count);  // a's greater
  });
  std::vector<Standing*> ranked(eligible.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ranked[i] = eligible[keys[i].applicant];
    ranked[i]->rank = static_cast<int>(i + 1);
  }
  eligible.swap(ranked);

  auto const& policy = vacancy.policy;
  std::vector<Standing*> candidates;
  for (auto* s : eligible)
    if (!policy.minimum_score || s->score >= *policy.minimum_score) candidates.push_back(s);
  std::size_t count = candidates.size();
  if (policy.top && static_cast<std::size_t>(*policy.top) < count) {
    count = static_cast<std::size_t>(*policy.top);
    Standing const* boundary = candidates[count - 1];
    if (level(candidates[count], boundary)) {
      if (policy.ties_included) {
        while (count < candidates.size() && level(candidates[count], boundary))
          ++count;
      } else {
        while (count > 0 && level(candidates[count - 1], boundary))
          --count;
      }
    }
  }
  for (std::size_t i = 0; i < count; ++i)
    candidates[i]->verdict = Verdict::shortlisted;
}

void rank_and_shortlist(rules::Vacancy const& vacancy, std::vector<ApplicantResult>& results) {
  std::vector<Standing> standings;
  standings.reserve(results.size());
  for (auto const& r : results)
    standings.push_back(standing_of(vacancy, r));
  rank_and_shortlist(vacancy, standings);
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i].rank = standings[i].rank;
    results[i].verdict = standings[i].verdict;
  }
}

Counterfactual counterfactual(rules::Policy const& policy, Verdict verdict, double score,
                              std::vector<CriterionStanding> const& criteria,
                              std::optional<double> lowest_shortlisted) {
  // Scores are sums of weights and means of 0-3 scores: compare with a tolerance.
  constexpr double tolerance = 1e-9;
  auto essentials = [&](Outcome outcome) {
    std::vector<std::string> ids;
    for (auto const& c : criteria)
      if (c.essential && c.outcome == outcome) ids.push_back(c.id);
    return ids;
  };
  Counterfactual out;
  switch (verdict) {
    case Verdict::excluded:
      out.criteria = essentials(Outcome::not_met);
      out.verdict =
          essentials(Outcome::unknown).empty() ? Verdict::eligible : Verdict::needs_review;
      return out;
    case Verdict::needs_review:
      out.criteria = essentials(Outcome::unknown);
      out.verdict = Verdict::eligible;
      return out;
    case Verdict::shortlisted:
      return out;
    case Verdict::eligible:
      break;
  }
  // Level with the lowest shortlisted is enough only when the policy includes ties; with ties
  // excluded a level applicant would join the group at the cut-off, which is left out whole.
  auto reaches = [&](double s) {
    if (policy.minimum_score && s < *policy.minimum_score - tolerance) return false;
    if (!lowest_shortlisted) return true;
    return policy.ties_included ? s >= *lowest_shortlisted - tolerance
                                : s > *lowest_shortlisted + tolerance;
  };
  std::vector<std::pair<double, std::string>> gains;
  for (auto const& c : criteria)
    if (!c.essential && c.outcome != Outcome::not_assessed && c.points < c.weight)
      gains.emplace_back(c.weight - c.points, c.id);
  std::sort(gains.begin(), gains.end(), [](auto const& a, auto const& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> chosen;
  for (auto const& [gain, id] : gains) {
    if (reaches(score) && !chosen.empty()) break;
    score += gain;
    chosen.push_back(id);
  }
  if (reaches(score) && !chosen.empty()) {
    out.criteria = std::move(chosen);
    out.verdict = Verdict::shortlisted;
  }
  return out;
}

}  // namespace sift::engine
