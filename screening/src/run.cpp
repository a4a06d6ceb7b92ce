#include "sift/screening/run.hpp"

#include <fmt/format.h>

#include "pipeline.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/engine/shortlist.hpp"

namespace sift::screening {

data::RunRecord run(data::Database& db, RunRequest const& request) {
  data::Vacancies vacancies(db);
  auto const stored = vacancies.specification(request.vacancy);
  auto const spec = data::checked_specification(
      stored.sources, fmt::format("the stored specification of vacancy '{}'", request.vacancy));
  auto const& vacancy = *spec.vacancy(request.vacancy);
  // Outcomes only: the evidence is rendered again when someone asks (screening/evidence.hpp).
  engine::Evaluator const evaluator(vacancy, {request.as_of, request.stage, false});

  data::RunWriter writer(db, {request.vacancy, stored.version, request.sift_version, request.stage,
                              rules::format_date(request.as_of), request.operator_name});
  // Only the eligible are ranked and placed: the others' standings are not kept (at a million
  // applicants, two thirds of them, and memory and time spent on nothing).
  std::vector<engine::Standing> standings;
  screen_stored(
      db, spec, vacancy, evaluator, request.threads, stored.version,
      [&](data::ApplicantInputs const&, Evaluated& e) {
        writer.add_result(e.encoded, e.inputs_line);
        if (engine::ranked(e.standing.verdict)) standings.push_back(std::move(e.standing));
      },
      request.progress);
  engine::rank_and_shortlist(vacancy, standings);
  for (auto const& s : standings)
    if (s.rank > 0) writer.add_placing(s.ref, s.rank, s.verdict == engine::Verdict::shortlisted);
  return writer.finish(evaluator.max_score());
}

std::vector<Proposal> preview(data::Database& db, rules::Specification const& spec,
                              RunRequest const& request) {
  auto const* vacancy = spec.vacancy(request.vacancy);
  if (!vacancy)
    throw data::Error(data::ErrorKind::invalid_input,
                      fmt::format("the specification has no vacancy '{}'", request.vacancy));
  engine::Evaluator const evaluator(*vacancy, {request.as_of, request.stage, false});
  std::vector<engine::Standing> standings;
  std::vector<Proposal> proposals;
  screen_stored(
      db, spec, *vacancy, evaluator, request.threads, std::nullopt,
      [&](data::ApplicantInputs const& in, Evaluated& e) {
        Proposal p;
        p.application_id = in.application_id;
        for (std::size_t i = 0; i < vacancy->criteria.size(); ++i)
          if (vacancy->criteria[i].importance == rules::Importance::essential &&
              e.result.criteria[i].outcome == engine::Outcome::not_met)
            p.essentials_not_met.push_back(vacancy->criteria[i].id);
        proposals.push_back(std::move(p));
        standings.push_back(std::move(e.standing));
      },
      request.progress);
  engine::rank_and_shortlist(*vacancy, standings);
  for (std::size_t i = 0; i < standings.size(); ++i) {
    proposals[i].ref = standings[i].ref;
    proposals[i].verdict = standings[i].verdict;
    proposals[i].score = standings[i].score;
    proposals[i].rank = standings[i].rank;
  }
  return proposals;
}

}  // namespace sift::screening
