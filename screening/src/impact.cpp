#include "sift/screening/impact.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <set>

#include "sift/data/applications.hpp"

namespace sift::screening {

namespace {

void check_question(std::string const& by) {
  if (!engine::is_monitoring_question(by))
    throw data::Error(
        data::ErrorKind::invalid_input,
        fmt::format("impact is reported by sex, age_band, ethnicity or disability, not '{}'", by));
}

// An applicant's answer to the question, from their stored monitoring answers ("" if none).
std::string group_of(simdjson::dom::parser& parser, std::optional<std::string> const& answers,
                     std::string const& by) {
  if (!answers) return {};
  simdjson::dom::element answer;
  if (parser.parse(*answers).at_key(by).get(answer)) return {};
  if (answer.is_string()) return std::string(answer.get_string().value_unsafe());
  if (answer.is_bool()) return answer.get_bool().value_unsafe() ? "yes" : "no";
  return {};
}

}  // namespace

ImpactReport impact(data::Database& db, std::string const& vacancy,
                    std::optional<std::int64_t> run_id, std::string const& by) {
  check_question(by);
  ImpactReport report;
  report.by = by;
  data::Runs runs(db);
  auto const& run = report.run.emplace(runs.find(vacancy, run_id));
  report.vacancy = run.vacancy;
  report.stage = run.stage;
  report.as_of = run.as_of;
  report.applicants = run.applicants;
  // Which criteria are essential, from the run's own specification version.
  auto const spec = runs.specification(run.id);
  std::set<std::string> essential;
  for (auto const& c : spec.vacancy(vacancy)->criteria)
    if (c.importance == rules::Importance::essential) essential.insert(c.id);

  data::MonitoringAnswers answers(db);
  simdjson::dom::parser parser;
  std::vector<engine::ImpactApplicant> applicants;
  runs.each_result(run.id, true, [&](data::StoredResult const& r) {
    engine::ImpactApplicant a;
    a.passed = r.verdict != engine::Verdict::excluded;
    a.shortlisted = r.verdict == engine::Verdict::shortlisted;
    a.score = r.score;
    for (auto const& c : r.criteria)
      if (c.outcome == engine::Outcome::not_met && essential.contains(c.criterion))
        a.essentials_failed.push_back(c.criterion);
    a.group = group_of(parser, answers.of(r.application_id), by);
    applicants.push_back(std::move(a));
  });
  report.impact = engine::adverse_impact(applicants);
  return report;
}

ImpactReport proposed_impact(data::Database& db, rules::Specification const& spec,
                             RunRequest const& request, std::string const& by) {
  check_question(by);
  ImpactReport report;
  report.by = by;
  report.vacancy = request.vacancy;
  report.as_of = rules::format_date(request.as_of);
  report.stage = request.stage;
  auto const proposals = preview(db, spec, request);
  data::MonitoringAnswers answers(db);
  simdjson::dom::parser parser;
  std::vector<engine::ImpactApplicant> applicants;
  for (auto const& p : proposals)
    applicants.push_back(
        {group_of(parser, answers.of(p.application_id), by), p.verdict != engine::Verdict::excluded,
         p.verdict == engine::Verdict::shortlisted, p.score, p.essentials_not_met});
  report.applicants = applicants.size();
  report.impact = engine::adverse_impact(applicants);
  return report;
}

}  // namespace sift::screening
