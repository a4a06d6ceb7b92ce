#include "row_evaluator.hpp"

#include <fmt/format.h>

#include "sift/data/error.hpp"
#include "sift/rules/value.hpp"

namespace sift::screening {

RowEvaluator::RowEvaluator(rules::Specification const& spec, rules::Vacancy const& vacancy,
                           engine::Evaluator const& evaluator)
    : vacancy_(vacancy),
      evaluator_(evaluator),
      facts_(spec, vacancy,
             data::ExpressionsRead{evaluator.value_roots(), evaluator.in_place_roots()}) {}

void RowEvaluator::evaluate(data::ApplicantInputs const& in, Evaluated& out) {
  data::InputsDigest::line_of(in, out.inputs_line);
  application_.ref = in.ref;
  facts_.read(in, application_.fields, application_.packed);
  scores_.resize(in.scores.size());
  for (std::size_t i = 0; i < in.scores.size(); ++i) {
    scores_[i].resize(in.scores[i].size());
    for (std::size_t a = 0; a < in.scores[i].size(); ++a) {
      scores_[i][a].assessor = in.scores[i][a].assessor;
      scores_[i][a].score = in.scores[i][a].score;
    }
  }
  evaluator_.evaluate(application_, scores_, out.result);
  auto const& r = out.result;

  // The stored form: every criterion's outcome (not assessed at this stage included) with its
  // points and whether the assessors disagree, every flag's, and the score rows read.
  auto& e = out.encoded;
  e.clear(r.ref, in.application_id, r.verdict, r.score);
  for (auto const& c : r.criteria)
    e.add_criterion(c.outcome, c.contribution, c.disagree);
  for (auto const& f : r.flags)
    e.add_flag(f.outcome);
  for (auto const& criterion : in.scores)
    for (auto const& cell : criterion)
      if (cell.score) e.add_score_read(cell.row);
  e.seal();
  out.standing = engine::standing_of(vacancy_, r);
}

namespace {

rules::Vacancy const& vacancy_of(rules::Specification const& spec, data::RunRecord const& run) {
  auto const* vacancy = spec.vacancy(run.vacancy);
  if (!vacancy)
    throw data::Error(
        data::ErrorKind::corrupt,
        fmt::format("run {}: its specification has no vacancy '{}'", run.id, run.vacancy));
  return *vacancy;
}

rules::Date as_of_of(data::RunRecord const& run) {
  auto const as_of = rules::parse_date(run.as_of);
  if (!as_of)
    throw data::Error(data::ErrorKind::corrupt,
                      fmt::format("run {}: its record names the date '{}', which this Sift cannot "
                                  "read",
                                  run.id, run.as_of));
  return *as_of;
}

}  // namespace

RunRecomputation::RunRecomputation(rules::Specification const& spec, data::RunRecord const& run,
                                   bool evidence)
    : vacancy(vacancy_of(spec, run)),
      evaluator(vacancy, {as_of_of(run), run.stage, evidence}),
      rows(spec, vacancy, evaluator) {}

}  // namespace sift::screening
