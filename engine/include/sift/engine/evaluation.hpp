// Evaluating a checked vacancy over applications: each criterion met, not met, unknown (the
// evidence is missing) or not assessed at this stage, with the values that decided it; flags;
// assessors' scores combined; a verdict and a desirable score per applicant.
//
// The engine never touches storage: callers hand it records whose field values sit in the
// specification's field slots. Errors in a run's inputs are the caller's to report; evaluation
// itself cannot fail (missing evidence is a value, not an exception).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sift/engine/vocabulary.hpp"
#include "sift/rules/specification.hpp"
#include "sift/rules/value.hpp"
#include "sift/rules/value_tape.hpp"

namespace sift::engine {

// One application as the rules see it: a value per declared form field, by slot; and, when the
// caller has them, its packed values read into a tape (rules/value_tape.hpp), from which the
// conditions compiled to read them in place are evaluated (a run's; not when evidence is
// rendered). `fields` then needs to hold only the fields that Evaluator::value_roots read.
struct Application {
  std::string ref;
  std::vector<rules::Value> fields;
  rules::ValueTape packed = {};  // no roots: none
};

// One assessor's score for one criterion; no score means the assessor has not scored it yet.
struct AssessorScore {
  std::string assessor;
  std::optional<int> score;
};

// Per criterion of the vacancy (by index), the scores of every assessor on the panel.
using PanelScores = std::vector<std::vector<AssessorScore>>;

struct CriterionResult {
  Outcome outcome = Outcome::unknown;
  std::string evidence;  // the values that decided it: "count(subjects & science) = 1, needs >= 2"
  double contribution = 0;  // points towards the desirable score
  bool disagree = false;    // the assessors' scores differ enough to moderate
};

struct FlagResult {
  Outcome outcome = Outcome::unknown;  // met: the flag is raised
  std::string evidence;
};

struct ApplicantResult {
  std::string ref;
  Verdict verdict = Verdict::eligible;
  std::vector<CriterionResult> criteria;  // by criterion index
  std::vector<FlagResult> flags;          // by flag index
  std::vector<std::string>
      moderation;    // assessors who disagree: "subject_knowledge: panel-1 gave 3, panel-2 gave 1"
  double score = 0;  // desirable points
  // The policy's tie-break expressions, in order, at their least possible value (the known part
  // of years with a spell missing); -infinity when nothing is known, so the applicant ranks last.
  std::vector<double> tie_values;
  int rank = 0;  // 1-based among the eligible; 0 when not ranked
};

struct RunSettings {
  rules::Date as_of;
  Stage stage = Stage::sift;
  // Render the evidence and moderation texts. A run stores outcomes only (the texts are
  // rendered again, from the same inputs, when someone asks), so it leaves them out.
  bool evidence = true;
};

class PackedConditions;

class Evaluator {
 public:
  Evaluator(rules::Vacancy const& vacancy, RunSettings settings);

  ApplicantResult evaluate(Application const& application, PanelScores const& scores) const;
  // The same into `result`, overwritten whole: a run evaluates every applicant into the same
  // result, reusing its lists.
  void evaluate(Application const& application, PanelScores const& scores,
                ApplicantResult& result) const;

  // For an application handed with its packed values, the expressions evaluated from values
  // (those not compiled to read them in place, and every one when evidence is written), and
  // those read in place; by root node.
  std::vector<int> value_roots() const;
  std::vector<int> in_place_roots() const;

  // The highest desirable score an applicant can reach at this stage.
  double max_score() const { return max_score_; }
  RunSettings const& settings() const { return settings_; }

 private:
  bool read_in_place(Application const& application, int condition) const;
  std::vector<int> roots(bool in_place) const;

  rules::Vacancy const& vacancy_;
  RunSettings settings_;
  double max_score_ = 0;
  std::shared_ptr<PackedConditions const> packed_;
};

// One expression of a vacancy evaluated for one application (`sift eval`): its value as people
// read it, and for a yes/no value the evidence that decided it.
struct Evaluated {
  rules::Value value;
  std::string shown;     // "6.3", "[KS3, KS4]", "unknown (evidence missing)"
  std::string evidence;  // for a yes/no value; empty otherwise
};
Evaluated evaluate_expression(rules::Vacancy const& vacancy, rules::Date as_of, int node,
                              std::vector<rules::Value> const& fields);

// Whether a criterion is assessed at a stage.
bool assessed_at(rules::Criterion const& criterion, Stage stage);

}  // namespace sift::engine
