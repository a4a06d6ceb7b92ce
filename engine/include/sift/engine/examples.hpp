// Running a specification's `example` applicants (`sift test`): each is evaluated like any
// applicant and its verdict, and for an excluded example the essentials it fails, compared
// with what the example expects.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sift/engine/evaluation.hpp"
#include "sift/rules/specification.hpp"

namespace sift::engine {

struct ExampleOutcome {
  rules::Vacancy const* vacancy = nullptr;
  rules::Example const* example = nullptr;
  Verdict verdict = Verdict::eligible;
  std::set<std::string> failures;           // essentials not met
  std::set<std::string> expected_failures;  // empty: any
  bool passed = false;
  ApplicantResult result;  // every criterion's outcome and evidence, for a failing example
};

// Every example of every vacancy, in the order written; `as_of` for examples that give none.
std::vector<ExampleOutcome> run_examples(rules::Specification const& spec, rules::Date as_of);

}  // namespace sift::engine
