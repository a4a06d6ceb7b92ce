// Adverse impact: selection rates by equality-monitoring group at each decision point, with
// impact ratios against the most-selected group (the four-fifths rule, 29 CFR 1607.4(D)), the
// scoring rate as New York City's Local Law 144 defines it (the share scoring above the
// median), and the essential criterion that drives a low ratio. This is the only reader of the
// monitoring answers; screening never sees them.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <map>

#include "sift/data/store.hpp"
#include "storage_error.hpp"

namespace sift::data {

namespace {

constexpr std::size_t smallest_reported_group = 5;
constexpr double four_fifths = 0.8;

struct Applicant {
  std::string group;  // empty: no answer
  bool passed = false;
  bool shortlisted = false;
  double score = 0;
  std::vector<std::string> essentials_failed;
};

void check_question(std::string const& by) {
  if (by != "sex" && by != "age_band" && by != "ethnicity" && by != "disability")
    throw DataError(
        fmt::format("impact is reported by sex, age_band, ethnicity or disability, not '{}'", by));
}

// An applicant's answer to the question, from their stored monitoring answers ("" if none).
std::string group_of(simdjson::dom::parser& parser, std::string const& answers,
                     std::string const& by) {
  simdjson::dom::element answer;
  if (parser.parse(answers).at_key(by).get(answer)) return {};
  if (answer.is_string()) return std::string(answer.get_string().value_unsafe());
  if (answer.is_bool()) return answer.get_bool().value_unsafe() ? "yes" : "no";
  return {};
}

double rate(std::size_t part, std::size_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0;
}

// Rates, ratios, drivers and suppression over the applicants of one screening.
void summarise(ImpactReport& report, std::vector<Applicant> const& applicants) {
  std::vector<double> scores;
  for (auto const& a : applicants)
    scores.push_back(a.score);
  std::sort(scores.begin(), scores.end());
  if (!scores.empty()) {
    auto const mid = scores.size() / 2;
    report.median_score = scores.size() % 2 ? scores[mid] : (scores[mid - 1] + scores[mid]) / 2;
  }

  std::map<std::string, ImpactGroup> groups;
  std::map<std::string, std::map<std::string, std::size_t>> failures;  // group -> essential -> n
  for (auto const& a : applicants) {
    if (a.group.empty()) {
      ++report.no_answer;
      continue;
    }
    auto& g = groups[a.group];
    g.group = a.group;
    ++g.applicants;
    g.passed += a.passed;
    g.shortlisted += a.shortlisted;
    g.above_median += a.score > report.median_score;
    for (auto const& id : a.essentials_failed)
      ++failures[a.group][id];
  }
  double best_pass = 0, best_shortlist = 0, best_scoring = 0;
  std::string reference;  // the group passing the knock-outs most often
  for (auto& [name, g] : groups) {
    g.suppressed = g.applicants < smallest_reported_group;
    g.pass_rate = rate(g.passed, g.applicants);
    g.shortlist_rate = rate(g.shortlisted, g.applicants);
    g.scoring_rate = rate(g.above_median, g.applicants);
    if (g.suppressed) continue;
    if (reference.empty() || g.pass_rate > best_pass) reference = name;
    best_pass = std::max(best_pass, g.pass_rate);
    best_shortlist = std::max(best_shortlist, g.shortlist_rate);
    best_scoring = std::max(best_scoring, g.scoring_rate);
  }
  for (auto& [name, g] : groups) {
    if (g.suppressed) continue;
    g.pass_ratio = best_pass > 0 ? g.pass_rate / best_pass : 1;
    g.shortlist_ratio = best_shortlist > 0 ? g.shortlist_rate / best_shortlist : 1;
    g.scoring_ratio = best_scoring > 0 ? g.scoring_rate / best_scoring : 1;
    if (g.pass_ratio >= four_fifths || name == reference) continue;
    double widest = 0;
    for (auto const& [id, n] : failures[name]) {
      double const here = rate(n, g.applicants);
      double const there = rate(failures[reference][id], groups[reference].applicants);
      if (here - there > widest) {
        widest = here - there;
        g.driver = id;
        g.driver_rate = here;
        g.driver_reference_rate = there;
      }
    }
  }
  for (auto& [name, g] : groups)
    report.groups.push_back(std::move(g));
  std::stable_sort(
      report.groups.begin(), report.groups.end(),
      [](ImpactGroup const& a, ImpactGroup const& b) { return a.applicants > b.applicants; });
}

}  // namespace

ImpactReport Store::impact(std::string const& vacancy, std::optional<std::int64_t> run_id,
                           std::string const& by) try {
  check_question(by);
  ImpactReport report;
  report.by = by;
  report.run = find_run(vacancy, run_id);

  // Which criteria are essential, from the run's own specification version.
  auto const spec = run_specification(report.run.id);
  std::map<std::string, bool> essential;
  for (auto const& c : spec.vacancy(vacancy)->criteria)
    essential[c.id] = c.importance == rules::Importance::essential;

  SQLite::Statement q(
      *db_,
      "SELECT r.verdict, r.score, r.outcomes, p.shortlisted, mo.answers FROM result r "
      "LEFT JOIN placing p ON p.run_id = r.run_id AND p.ref = r.ref "
      "LEFT JOIN monitoring mo ON mo.application_id = r.application_id "
      "WHERE r.run_id = ? ORDER BY r.ref");
  q.bind(1, report.run.id);
  simdjson::dom::parser parser;
  std::vector<Applicant> applicants;
  while (q.executeStep()) {
    Applicant a;
    a.passed = q.getColumn(0).getString() != "excluded";
    a.score = q.getColumn(1).getDouble();
    a.shortlisted = !q.getColumn(3).isNull() && q.getColumn(3).getInt() != 0;
    simdjson::dom::object outcomes;
    if (!parser.parse(q.getColumn(2).getString()).get(outcomes))
      for (auto field : outcomes) {
        std::string_view outcome;
        std::string const id(field.key);
        if (!field.value.at(0).get(outcome) && outcome == "not met" && essential[id])
          a.essentials_failed.push_back(id);
      }
    if (!q.getColumn(4).isNull()) a.group = group_of(parser, q.getColumn(4).getString(), by);
    applicants.push_back(std::move(a));
  }

  summarise(report, applicants);
  return report;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

ImpactReport Store::proposed_impact(rules::Specification const& spec, std::string const& vacancy,
                                    RunRequest const& request, std::string const& by) try {
  check_question(by);
  ImpactReport report;
  report.by = by;
  report.run.vacancy = vacancy;
  report.run.as_of = rules::format_date(request.as_of);
  report.run.stage = engine::to_string(request.stage);
  auto const proposals = preview(spec, vacancy, request);
  SQLite::Statement answers(*db_, "SELECT answers FROM monitoring WHERE application_id = ?");
  simdjson::dom::parser parser;
  std::vector<Applicant> applicants;
  for (auto const& p : proposals) {
    Applicant a;
    a.passed = p.verdict != "excluded";
    a.shortlisted = p.verdict == "shortlisted";
    a.score = p.score;
    a.essentials_failed = p.essentials_not_met;
    answers.reset();
    answers.bind(1, p.application_id);
    if (answers.executeStep()) a.group = group_of(parser, answers.getColumn(0).getString(), by);
    applicants.push_back(std::move(a));
  }
  report.run.applicants = applicants.size();
  summarise(report, applicants);
  return report;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

}  // namespace sift::data
