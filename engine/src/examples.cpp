#include "sift/engine/examples.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sift/engine/shortlist.hpp"

namespace sift::engine {

namespace {

Application example_application(rules::Example const& example, std::size_t field_count) {
  Application application;
  application.ref = example.title;
  application.fields.assign(field_count, rules::Value{rules::Unknown{}});
  for (auto const& [slot, value] : example.fields)
    application.fields[static_cast<std::size_t>(slot)] = value;
  return application;
}

PanelScores example_scores(rules::Example const& example, rules::Vacancy const& vacancy) {
  PanelScores scores(vacancy.criteria.size());
  for (auto const& given : example.scores)
    for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
      if (vacancy.criteria[i].id == given.criterion)
        for (std::size_t a = 0; a < given.scores.size(); ++a)
          scores[i].push_back({fmt::format("assessor-{}", a + 1), given.scores[a]});
  return scores;
}

}  // namespace

std::vector<ExampleOutcome> run_examples(rules::Specification const& spec, rules::Date as_of) {
  std::vector<ExampleOutcome> out;
  for (auto const& vacancy : spec.vacancies) {
    std::vector<ApplicantResult> pool;
    for (auto const& example : vacancy.examples) {
      Evaluator const evaluator(vacancy, {example.as_of.value_or(as_of), Stage::sift});
      pool.push_back(evaluator.evaluate(example_application(example, spec.fields.size()),
                                        example_scores(example, vacancy)));
    }
    rank_and_shortlist(vacancy, pool);
    for (std::size_t e = 0; e < vacancy.examples.size(); ++e) {
      auto const& example = vacancy.examples[e];
      ExampleOutcome o;
      o.vacancy = &vacancy;
      o.example = &example;
      o.result = std::move(pool[e]);
      o.verdict = o.result.verdict;
      for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
        if (vacancy.criteria[i].importance == rules::Importance::essential &&
            o.result.criteria[i].outcome == Outcome::not_met)
          o.failures.insert(vacancy.criteria[i].id);
      o.expected_failures = {example.expected_failures.begin(), example.expected_failures.end()};
      for (auto const& [id, raised] : example.expected_flags)
        for (std::size_t f = 0; f < vacancy.flags.size(); ++f) {
          if (vacancy.flags[f].id != id) continue;
          auto const got = o.result.flags[f].outcome;
          if ((got == Outcome::met) != raised || got == Outcome::unknown)
            o.unmet.push_back(fmt::format("flag {}: expected {}, got {}", id,
                                          raised ? "raised" : "not raised",
                                          got == Outcome::met       ? "raised"
                                          : got == Outcome::unknown ? "unknown (evidence missing)"
                                                                    : "not raised"));
        }
      // A score is written as people read it, to two decimals (6.33 for 6 1/3).
      if (example.expected_score && std::abs(*example.expected_score - o.result.score) >= 0.005)
        o.unmet.push_back(fmt::format("score: expected {}, got {}",
                                      rules::format_number(*example.expected_score),
                                      rules::format_number(o.result.score)));
      // Eligibility is the applicant's own; being shortlisted depends on the pool, so an
      // example expected to be eligible may also be shortlisted among the examples. (The
      // checker accepts only a verdict's spelling here.)
      auto const expected = parse_verdict(example.expected_verdict);
      bool const verdict_holds = expected == o.verdict || (expected == Verdict::eligible &&
                                                           o.verdict == Verdict::shortlisted);
      o.verdict_held =
          verdict_holds && (o.expected_failures.empty() || o.failures == o.expected_failures);
      o.passed = o.verdict_held && o.unmet.empty();
      out.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace sift::engine
