#include "sift/engine/agreement.hpp"

#include <cmath>
#include <tuple>

#include "sift/rules/specification.hpp"

namespace sift::engine {

namespace {

constexpr int categories = rules::max_assessor_score + 1;
constexpr double systematic_points = 0.5;
constexpr std::size_t systematic_comparisons = 5;

}  // namespace

std::optional<double> weighted_kappa(std::vector<std::pair<int, int>> const& pairs) {
  if (pairs.empty()) return std::nullopt;
  double observed[categories][categories] = {};
  double first[categories] = {};
  double second[categories] = {};
  for (auto const& [a, b] : pairs) {
    observed[a][b] += 1;
    first[a] += 1;
    second[b] += 1;
  }
  double const n = static_cast<double>(pairs.size());
  double disagreement = 0;
  double chance = 0;
  for (int i = 0; i < categories; ++i)
    for (int j = 0; j < categories; ++j) {
      double const weight = (i - j) * (i - j) / double((categories - 1) * (categories - 1));
      disagreement += weight * observed[i][j] / n;
      chance += weight * first[i] * second[j] / (n * n);
    }
  if (chance == 0) return std::nullopt;
  return 1 - disagreement / chance;
}

Agreement assessor_agreement(std::vector<GivenScore> const& latest,
                             std::map<std::string, int> const& thresholds) {
  Agreement report;
  // (criterion, ref) -> assessor -> score
  std::map<std::pair<std::string, std::string>, std::map<std::string, int>> scores;
  for (auto const& s : latest)
    if (thresholds.contains(s.criterion)) scores[{s.criterion, s.ref}][s.assessor] = s.score;

  std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::pair<int, int>>>
      paired;
  std::map<std::string, std::pair<double, std::size_t>> tendency;  // assessor -> (sum, n)
  for (auto const& [key, given] : scores) {
    auto const& [criterion, ref] = key;
    int low = rules::max_assessor_score, high = 0;
    double total = 0;
    for (auto const& [assessor, score] : given) {
      low = std::min(low, score);
      high = std::max(high, score);
      total += score;
    }
    if (given.size() >= 2 && high - low >= thresholds.at(criterion)) {
      ModerationItem item{ref, criterion, {}};
      for (auto const& [assessor, score] : given)
        item.scores.emplace_back(assessor, score);
      report.moderation.push_back(std::move(item));
    }
    for (auto a = given.begin(); a != given.end(); ++a) {
      if (given.size() >= 2) {
        double const others = (total - a->second) / static_cast<double>(given.size() - 1);
        auto& t = tendency[a->first];
        t.first += a->second - others;
        ++t.second;
      }
      for (auto b = std::next(a); b != given.end(); ++b)
        paired[{criterion, a->first, b->first}].emplace_back(a->second, b->second);
    }
  }
  for (auto const& [key, pairs] : paired) {
    PairAgreement p{std::get<0>(key),     std::get<1>(key), std::get<2>(key), pairs.size(), 0, 0,
                    weighted_kappa(pairs)};
    for (auto const& [a, b] : pairs) {
      p.exact += a == b;
      p.mean_difference += std::abs(a - b);
    }
    p.exact /= static_cast<double>(pairs.size());
    p.mean_difference /= static_cast<double>(pairs.size());
    report.pairs.push_back(std::move(p));
  }
  for (auto const& [assessor, t] : tendency) {
    double const mean = t.first / static_cast<double>(t.second);
    report.assessors.push_back(
        {assessor, t.second, mean,
         t.second >= systematic_comparisons && std::abs(mean) >= systematic_points});
  }
  return report;
}

}  // namespace sift::engine
