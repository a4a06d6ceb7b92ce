// What a run and its verification share: reading one applicant's stored inputs into values,
// evaluating them, and the exact stored form of the result, with the hashes over it. Verify
// recomputes a run with this same code, so a difference can only come from the stored data.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sift/engine/evaluation.hpp"
#include "sift/engine/shortlist.hpp"
#include "sift/rules/specification.hpp"

namespace sift::data {

// One applicant's inputs to a run, as read from the store. Reused from chunk to chunk, so
// that its buffers keep their capacity.
struct Pending {
  std::int64_t application_id = 0;
  std::string ref;
  std::string facts;
  bool has_statement = false;
  std::string statement;
  engine::PanelScores scores;                   // per criterion, per panel member
  std::vector<std::vector<std::int64_t>> rows;  // the assessor_score row behind each score
};

// One applicant's result, its stored form, and what ranking and the run's hash need of it.
struct Written {
  engine::ApplicantResult result;
  engine::Standing standing;
  std::string digest;  // SHA-256 of the stored row; the run's hash folds these in ref order
  std::string outcomes;
  std::string flags;
  std::string moderation;
  std::string scores_read;
};

class RowEvaluator {
 public:
  RowEvaluator(rules::Specification const& spec, rules::Vacancy const& vacancy,
               engine::Evaluator const& evaluator);

  // Whether the rules read the statement, which is stored apart from the facts.
  bool needs_statement() const;

  // Decodes the fields the rules read, evaluates, and fills `out`. Throws DataError when the
  // stored facts no longer fit the specification. `scratch` is reused between calls.
  void evaluate(Pending const& in, Written& out, simdjson::dom::parser& parser,
                engine::Application& scratch) const;

 private:
  rules::Specification const& spec_;
  rules::Vacancy const& vacancy_;
  engine::Evaluator const& evaluator_;
  std::vector<int> slots_;  // the form fields the rules read
  int statement_slot_ = -1;
};

// The digest of a stored result row, from its columns.
std::string row_digest(std::string const& ref, std::int64_t application_id,
                       std::string_view verdict, double score, std::string const& outcomes,
                       std::string const& flags, std::string const& moderation,
                       std::string const& scores_read);

// How a placing row enters the run's hash.
std::string placing_line(std::string const& ref, int rank, bool shortlisted);

// The run's link in the chain over all runs.
std::string chain_hash(std::string const& previous, std::int64_t run_id, std::string const& vacancy,
                       std::string const& specification_sha256, std::string const& stage,
                       std::string const& as_of, std::string const& sift_version,
                       std::string const& results_sha256);

}  // namespace sift::data
