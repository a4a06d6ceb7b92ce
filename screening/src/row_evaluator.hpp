// What a run and its verification share: one applicant's stored inputs read into values,
// evaluated, and encoded as the stored result. Verify recomputes a run with this same code, so
// a difference can only come from the stored data.
#pragma once

#include "sift/data/facts.hpp"
#include "sift/data/results.hpp"
#include "sift/data/run_inputs.hpp"
#include "sift/data/runs.hpp"
#include "sift/engine/evaluation.hpp"
#include "sift/engine/shortlist.hpp"
#include "sift/rules/specification.hpp"

namespace sift::screening {

// One applicant's result, its stored form, and what ranking needs of it.
struct Evaluated {
  engine::ApplicantResult result;
  engine::Standing standing;
  data::EncodedResult encoded;
  std::string inputs_line;  // what its inputs add to the run's inputs hash
};

// Per thread: it keeps its own facts reader and scratch values.
class RowEvaluator {
 public:
  RowEvaluator(rules::Specification const& spec, rules::Vacancy const& vacancy,
               engine::Evaluator const& evaluator);

  // Whether the rules read the statement, which is stored apart from the facts.
  bool needs_statement() const { return facts_.needs_statement(); }

  // Reads, evaluates and encodes (the inputs line first, so that it is there whatever follows).
  // Throws data::Error when the stored facts no longer fit the specification.
  void evaluate(data::ApplicantInputs const& in, Evaluated& out);

 private:
  rules::Vacancy const& vacancy_;
  engine::Evaluator const& evaluator_;
  data::FactsReader facts_;
  engine::Application application_;
  engine::PanelScores scores_;
};

// A stored run set up to be evaluated again: its vacancy in its stored specification (`spec`,
// kept by the caller), an evaluator at its date and stage (rendering evidence or not), and one
// row evaluator. Error(corrupt) when its record names a vacancy or date this Sift cannot use.
struct RunRecomputation {
  RunRecomputation(rules::Specification const& spec, data::RunRecord const& run, bool evidence);
  RunRecomputation(RunRecomputation const&) = delete;
  RunRecomputation& operator=(RunRecomputation const&) = delete;

  rules::Vacancy const& vacancy;
  engine::Evaluator const evaluator;
  RowEvaluator rows;
};

}  // namespace sift::screening
