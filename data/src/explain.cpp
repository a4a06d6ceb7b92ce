// Explaining a verdict from a stored run alone: the run's own specification text, the result
// row's outcomes and evidence, its placing, the policy, and the panel's decisions.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>

#include "sift/data/store.hpp"
#include "sift/rules/load.hpp"
#include "storage_error.hpp"
#include "stored_specification.hpp"

namespace sift::data {

namespace {

// [first, second, third] of a stored JSON array, as texts and a number.
struct Stored {
  std::string outcome;
  std::string evidence;
  double points = 0;
};

std::map<std::string, Stored> parse_outcomes(std::string const& json) {
  std::map<std::string, Stored> out;
  simdjson::dom::parser parser;
  simdjson::dom::object object;
  if (parser.parse(json).get(object)) return out;
  for (auto field : object) {
    Stored s;
    std::string_view text;
    if (!field.value.at(0).get(text)) s.outcome = text;
    if (!field.value.at(1).get(text)) s.evidence = text;
    double points = 0;
    if (!field.value.at(2).get(points)) s.points = points;
    out.emplace(std::string(field.key), std::move(s));
  }
  return out;
}

// The smallest set of criteria whose being met would change the verdict.
void counterfactual(Explanation& e) {
  auto ids_where = [&](bool essential, char const* outcome) {
    std::vector<std::string> ids;
    for (auto const& c : e.criteria)
      if (c.criterion.essential == essential && c.outcome == outcome) ids.push_back(c.criterion.id);
    return ids;
  };
  if (e.verdict == "excluded") {
    // Every unmet essential must be met; what remains unknown would still need review.
    e.counterfactual = ids_where(true, "not met");
    e.counterfactual_verdict = ids_where(true, "unknown").empty() ? "eligible" : "needs review";
  } else if (e.verdict == "needs review") {
    e.counterfactual = ids_where(true, "unknown");
    e.counterfactual_verdict = "eligible";
  } else if (e.verdict == "eligible") {
    // Desirables not fully earned, largest possible gain first: the fewest that would lift the
    // score to the cut-off (level with it when ties are included) and any minimum.
    double needed = e.minimum_score.value_or(0);
    if (e.cutoff_score) needed = std::max(needed, *e.cutoff_score + (e.ties_included ? 0.0 : 1e-9));
    std::vector<std::pair<double, std::string>> gains;
    for (auto const& c : e.criteria)
      if (!c.criterion.essential && c.outcome != "not assessed" && c.points < c.criterion.weight)
        gains.emplace_back(c.criterion.weight - c.points, c.criterion.id);
    std::sort(gains.begin(), gains.end(), [](auto const& a, auto const& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    double score = e.score;
    std::vector<std::string> chosen;
    for (auto const& [gain, id] : gains) {
      if (score >= needed - 1e-9 && !chosen.empty()) break;
      score += gain;
      chosen.push_back(id);
    }
    if (score >= needed - 1e-9 && !chosen.empty()) {
      e.counterfactual = chosen;
      e.counterfactual_verdict = "shortlisted";
    }
  }
}

}  // namespace

Explanation Store::explain(std::string const& ref, std::string const& vacancy,
                           std::optional<std::int64_t> run_id) try {
  auto const where = resolve_vacancy(ref, vacancy);
  Explanation e;
  e.ref = ref;
  e.run = find_run(where, run_id);
  e.title = vacancy_title(where);

  SQLite::Statement q(*db_,
                      "SELECT x.verdict, x.score, x.outcomes, x.flags, x.moderation, p.rank, "
                      "p.shortlisted FROM result x LEFT JOIN placing p ON p.run_id = x.run_id AND "
                      "p.ref = x.ref WHERE x.run_id = ? AND x.ref = ?");
  q.bind(1, e.run.id);
  q.bind(2, ref);
  if (!q.executeStep()) throw DataError(fmt::format("{} is not in run {}", ref, e.run.id));
  e.verdict = q.getColumn(0).getString();
  e.score = q.getColumn(1).getDouble();
  if (!q.getColumn(5).isNull()) {
    e.rank = q.getColumn(5).getInt();
    if (q.getColumn(6).getInt()) e.verdict = "shortlisted";
  }
  auto const outcomes = parse_outcomes(q.getColumn(2).getString());
  auto const flags = parse_outcomes(q.getColumn(3).getString());
  {
    simdjson::dom::parser parser;
    simdjson::dom::array moderation;
    if (!parser.parse(q.getColumn(4).getString()).get(moderation))
      for (auto item : moderation) {
        std::string_view text;
        if (!item.get(text)) e.moderation.emplace_back(text);
      }
  }
  auto const spec = run_specification(e.run.id);
  auto const& spec_vacancy = *spec.vacancy(where);
  e.top = spec_vacancy.policy.top;
  e.ties_included = spec_vacancy.policy.ties_included;
  e.minimum_score = spec_vacancy.policy.minimum_score;
  {
    SQLite::Statement cutoff(*db_,
                             "SELECT min(x.score) FROM placing p JOIN result x ON x.run_id = "
                             "p.run_id AND x.ref = p.ref WHERE p.run_id = ? AND p.shortlisted");
    cutoff.bind(1, e.run.id);
    if (cutoff.executeStep() && !cutoff.getColumn(0).isNull())
      e.cutoff_score = cutoff.getColumn(0).getDouble();
  }

  for (auto const& c : spec_vacancy.criteria) {
    CriterionExplanation x{criterion_info(c), "not assessed", "", 0};
    if (auto const found = outcomes.find(c.id); found != outcomes.end()) {
      x.outcome = found->second.outcome;
      x.evidence = found->second.evidence;
      x.points = found->second.points;
    }
    e.criteria.push_back(std::move(x));
  }
  for (auto const& f : spec_vacancy.flags) {
    auto const found = flags.find(f.id);
    if (found == flags.end()) continue;
    e.flags.push_back(
        {f.id, f.title, found->second.outcome, found->second.evidence, f.where.file, f.where.line});
  }
  counterfactual(e);

  SQLite::Statement decisions(*db_,
                              "SELECT decision, reason, decided_by, decided_at FROM decision "
                              "WHERE run_id = ? AND ref = ? ORDER BY id");
  decisions.bind(1, e.run.id);
  decisions.bind(2, ref);
  while (decisions.executeStep())
    e.decisions.push_back({decisions.getColumn(0).getString(), decisions.getColumn(1).getString(),
                           decisions.getColumn(2).getString(), decisions.getColumn(3).getString()});
  return e;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

}  // namespace sift::data
