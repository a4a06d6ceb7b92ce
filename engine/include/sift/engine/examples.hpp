// Running a specification's `example` applicants (`sift test`): each is evaluated like any
// applicant, and the examples of a vacancy are ranked together as one pool by its shortlisting
// policy (so `expect shortlisted` means shortlisted among them). The verdict, the essentials an
// excluded example fails, and any flags and score it expects are compared with what it got.
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
  bool verdict_held = false;                // the verdict and the failed essentials are as expected
  std::vector<std::string> unmet;  // other expectations it missed: "flag f: expected raised, ..."
  bool passed = false;
  ApplicantResult result;  // every criterion's outcome and evidence, for a failing example
};

// Every example of every vacancy, in the order written; `as_of` for examples that give none.
std::vector<ExampleOutcome> run_examples(rules::Specification const& spec, rules::Date as_of);

}  // namespace sift::engine
