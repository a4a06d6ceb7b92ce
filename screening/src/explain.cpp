#include "sift/screening/explain.hpp"

#include <fmt/format.h>

#include <map>

#include "located_result.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/vacancies.hpp"

namespace sift::screening {

Explanation explain(data::Database& db, std::string const& ref, std::string const& vacancy,
                    std::optional<std::int64_t> run_id) {
  auto const located = locate_result(db, ref, vacancy, run_id, true);
  auto const& where = located.vacancy;
  auto const* stored = &located.stored;
  data::Runs runs(db);
  Explanation e;
  e.ref = ref;
  e.run = located.run;
  e.title = data::Vacancies(db).title(where);
  e.verdict = stored->verdict;
  e.score = stored->score;
  e.rank = stored->rank;
  e.moderation = stored->moderation;
  e.evidence_recomputed = located.evidence_recomputed;
  e.outcomes_match = located.outcomes_match;

  auto const& v = *located.spec.vacancy(where);
  e.top = v.policy.top;
  e.ties_included = v.policy.ties_included;
  e.minimum_score = v.policy.minimum_score;
  e.cutoff_score = runs.lowest_shortlisted(e.run.id);

  std::map<std::string, data::CriterionRecord const*> outcomes;
  for (auto const& c : stored->criteria)
    outcomes[c.criterion] = &c;
  std::vector<engine::CriterionStanding> standings;
  for (auto const& c : v.criteria) {
    CriterionExplanation x{criterion_info(c), engine::Outcome::not_assessed, "", 0};
    if (auto const found = outcomes.find(c.id); found != outcomes.end()) {
      x.outcome = found->second->outcome;
      x.evidence = found->second->evidence;
      x.points = found->second->points;
    }
    standings.push_back({c.id, x.criterion.essential, x.outcome, x.points, x.criterion.weight});
    e.criteria.push_back(std::move(x));
  }
  for (auto const& f : v.flags)
    for (auto const& raised : stored->flags)
      if (raised.flag == f.id)
        e.flags.push_back(
            {f.id, f.title, raised.state, raised.evidence, f.where.file, f.where.line});
  e.counterfactual =
      engine::counterfactual(v.policy, e.verdict, e.score, standings, e.cutoff_score);
  e.decisions = data::Decisions(db).of(e.run.id, ref);
  // Evidence may quote what the applicant wrote: while the vacancy is blind, it is withheld.
  auto const withheld = data::Applications(db).withheld(where, ref);
  if (auto const who = withheld.find(ref); who != withheld.end()) {
    for (auto& c : e.criteria)
      c.evidence = data::redact(c.evidence, who->second);
    for (auto& f : e.flags)
      f.evidence = data::redact(f.evidence, who->second);
  }
  return e;
}

}  // namespace sift::screening
