#include "row_evaluator.hpp"

namespace sift::screening {

RowEvaluator::RowEvaluator(rules::Specification const& spec, rules::Vacancy const& vacancy,
                           engine::Evaluator const& evaluator)
    : vacancy_(vacancy), evaluator_(evaluator), facts_(spec, vacancy) {}

void RowEvaluator::evaluate(data::ApplicantInputs const& in, Evaluated& out) {
  application_.ref = in.ref;
  facts_.read(in, application_.fields);
  scores_.resize(in.scores.size());
  for (std::size_t i = 0; i < in.scores.size(); ++i) {
    scores_[i].resize(in.scores[i].size());
    for (std::size_t a = 0; a < in.scores[i].size(); ++a) {
      scores_[i][a].assessor = in.scores[i][a].assessor;
      scores_[i][a].score = in.scores[i][a].score;
    }
  }
  out.result = evaluator_.evaluate(application_, scores_);
  auto const& r = out.result;

  // The stored form: the criteria assessed at this stage, the flags raised or unchecked, the
  // moderation notes and the score rows read.
  auto& e = out.encoded;
  e.clear(r.ref, in.application_id, r.verdict, r.score);
  for (std::size_t i = 0; i < vacancy_.criteria.size(); ++i)
    if (engine::assessed_at(vacancy_.criteria[i], evaluator_.settings().stage))
      e.add_criterion(vacancy_.criteria[i].id, r.criteria[i].outcome, r.criteria[i].evidence,
                      r.criteria[i].contribution);
  for (std::size_t i = 0; i < vacancy_.flags.size(); ++i) {
    auto const outcome = r.flags[i].outcome;
    if (outcome == engine::Outcome::met)
      e.add_flag(vacancy_.flags[i].id, engine::FlagState::raised, r.flags[i].evidence);
    else if (outcome == engine::Outcome::unknown)
      e.add_flag(vacancy_.flags[i].id, engine::FlagState::unknown, r.flags[i].evidence);
  }
  for (auto const& m : r.moderation)
    e.add_moderation(m);
  for (auto const& criterion : in.scores)
    for (auto const& cell : criterion)
      if (cell.score) e.add_score_read(cell.row);
  e.seal();
  out.standing = engine::standing_of(vacancy_, r);
}

}  // namespace sift::screening
