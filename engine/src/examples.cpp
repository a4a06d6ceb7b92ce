#include "sift/engine/examples.hpp"

#include <fmt/format.h>

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
  for (auto const& vacancy : spec.vacancies)
    for (auto const& example : vacancy.examples) {
      Evaluator const evaluator(vacancy, {example.as_of.value_or(as_of), Stage::sift});
      ExampleOutcome o;
      o.vacancy = &vacancy;
      o.example = &example;
      o.result = evaluator.evaluate(example_application(example, spec.fields.size()),
                                    example_scores(example, vacancy));
      o.verdict = o.result.verdict;
      for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
        if (vacancy.criteria[i].importance == rules::Importance::essential &&
            o.result.criteria[i].outcome == Outcome::not_met)
          o.failures.insert(vacancy.criteria[i].id);
      o.expected_failures = {example.expected_failures.begin(), example.expected_failures.end()};
      // The checker accepts only a verdict's spelling here.
      o.passed = parse_verdict(example.expected_verdict) == o.verdict &&
                 (o.expected_failures.empty() || o.failures == o.expected_failures);
      out.push_back(std::move(o));
    }
  return out;
}

}  // namespace sift::engine
