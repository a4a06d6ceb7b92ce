// Verifying a stored run: recompute it from what it stored (the specification version, the
// application versions and score rows it read, its as-of date and stage) with the same code
// the run used, compare every result, and check the hashes that make edits made with any
// other tool visible.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <map>
#include <set>

#include "run_evaluation.hpp"
#include "sift/data/store.hpp"
#include "sift/rules/load.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

constexpr std::size_t most_differences = 50;

struct StoredRun {
  std::string vacancy;
  std::string stage;
  std::string as_of;
  std::string sift_version;
  std::string started_at;
  std::size_t applicants = 0;
  std::string results_sha256;
};

std::vector<std::int64_t> ids_of(std::string const& json) {
  std::vector<std::int64_t> ids;
  simdjson::dom::parser parser;
  simdjson::dom::array array;
  if (parser.parse(json).get(array)) return ids;
  for (auto item : array) {
    std::int64_t id = 0;
    if (!item.get(id)) ids.push_back(id);
  }
  return ids;
}

}  // namespace

Verification Store::verify(std::int64_t run_id) try {
  Verification report;
  report.run_id = run_id;
  auto differ = [&](std::string text) {
    if (report.differences.size() < most_differences) report.differences.push_back(std::move(text));
    ++report.difference_count;
  };

  StoredRun run;
  {
    SQLite::Statement q(
        *db_,
        "SELECT vacancy_id, stage, as_of, sift_version, started_at, applicants, results_sha256 "
        "FROM run WHERE id = ?");
    q.bind(1, run_id);
    if (!q.executeStep()) throw DataError(fmt::format("no run {} in {}", run_id, path_.string()));
    run = {q.getColumn(0).getString(), q.getColumn(1).getString(),
           q.getColumn(2).getString(), q.getColumn(3).getString(),
           q.getColumn(4).getString(), static_cast<std::size_t>(q.getColumn(5).getInt64()),
           q.getColumn(6).getString()};
  }

  // 1. The chain: every run up to this one, each linked to the one before.
  {
    SQLite::Statement q(*db_,
                        "SELECT r.id, r.vacancy_id, s.sha256, r.stage, r.as_of, r.sift_version, "
                        "r.results_sha256, r.chain_sha256 FROM run r JOIN specification s ON "
                        "s.id = r.specification_id WHERE r.id <= ? ORDER BY r.id");
    q.bind(1, run_id);
    std::string previous;
    while (q.executeStep()) {
      auto const expected = chain_hash(previous, q.getColumn(0).getInt64(),
                                       q.getColumn(1).getString(), q.getColumn(2).getString(),
                                       q.getColumn(3).getString(), q.getColumn(4).getString(),
                                       q.getColumn(5).getString(), q.getColumn(6).getString());
      if (expected != q.getColumn(7).getString())
        differ(
            fmt::format("run {}: its record does not match its chain hash (the run row, or an "
                        "earlier run, was changed after it was stored)",
                        q.getColumn(0).getInt64()));
      previous = q.getColumn(7).getString();
    }
  }

  // 2. The stored rows against the run's own hash.
  Sha256 stored_hash;
  std::map<std::string, std::pair<int, bool>> stored_placing;
  std::size_t stored_rows = 0;
  {
    SQLite::Statement q(*db_,
                        "SELECT ref, application_id, verdict, score, outcomes, flags, moderation, "
                        "scores_read FROM result WHERE run_id = ? ORDER BY ref");
    q.bind(1, run_id);
    while (q.executeStep()) {
      ++stored_rows;
      stored_hash.add(row_digest(q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                                 q.getColumn(2).getString(), q.getColumn(3).getDouble(),
                                 q.getColumn(4).getString(), q.getColumn(5).getString(),
                                 q.getColumn(6).getString(), q.getColumn(7).getString()));
      stored_hash.add("\n");
    }
    SQLite::Statement p(*db_,
                        "SELECT ref, rank, shortlisted FROM placing WHERE run_id = ? ORDER BY ref");
    p.bind(1, run_id);
    while (p.executeStep()) {
      stored_placing[p.getColumn(0).getString()] = {p.getColumn(1).getInt(),
                                                    p.getColumn(2).getInt() != 0};
      stored_hash.add(placing_line(p.getColumn(0).getString(), p.getColumn(1).getInt(),
                                   p.getColumn(2).getInt() != 0));
    }
  }
  if (stored_hash.hex() != run.results_sha256)
    differ(
        fmt::format("run {}: the stored results do not match the run's hash (result or placing "
                    "rows were edited, added or deleted)",
                    run_id));
  if (stored_rows != run.applicants)
    differ(fmt::format("run {}: records {} applicants but holds {} results", run_id, run.applicants,
                       stored_rows));

  // 3. Recompute every result from the inputs the run read.
  auto const spec = run_specification(run_id);
  auto const* vacancy = spec.vacancy(run.vacancy);
  auto const stage = engine::stage_from_string(run.stage);
  auto const as_of = rules::parse_date(run.as_of);
  if (!vacancy || !stage || !as_of)
    throw DataError(fmt::format(
        "run {}: its record names a vacancy, stage or date this Sift cannot use", run_id));
  engine::Evaluator const evaluator(*vacancy, {*as_of, *stage});
  RowEvaluator const rows(spec, *vacancy, evaluator);

  // The panel the run saw: every (criterion, assessor) among the score rows it read.
  std::map<std::string, std::size_t, std::less<>> criterion_index;
  for (std::size_t i = 0; i < vacancy->criteria.size(); ++i)
    criterion_index[vacancy->criteria[i].id] = i;
  std::vector<std::vector<std::string>> panel(vacancy->criteria.size());
  {
    SQLite::Statement q(
        *db_,
        "SELECT DISTINCT s.criterion, s.assessor FROM result r, json_each(r.scores_read) j "
        "JOIN assessor_score s ON s.id = j.value WHERE r.run_id = ? ORDER BY 1, 2");
    q.bind(1, run_id);
    while (q.executeStep()) {
      auto const found = criterion_index.find(q.getColumn(0).getString());
      if (found != criterion_index.end())
        panel[found->second].push_back(q.getColumn(1).getString());
    }
  }

  SQLite::Statement results(
      *db_,
      "SELECT r.ref, r.application_id, r.verdict, r.score, r.outcomes, r.flags, "
      "r.moderation, r.scores_read, a.facts, i.statement, a.ref FROM result r "
      "LEFT JOIN application a ON a.id = r.application_id "
      "LEFT JOIN identity i ON i.application_id = r.application_id "
      "WHERE r.run_id = ? ORDER BY r.ref");
  results.bind(1, run_id);
  SQLite::Statement score_row(*db_,
                              "SELECT criterion, assessor, score FROM assessor_score WHERE id = ?");
  simdjson::dom::parser parser;
  engine::Application scratch;
  Pending p;
  Written w;
  std::vector<engine::Standing> standings;
  std::set<std::string> refs;
  while (results.executeStep()) {
    ++report.checked;
    p.ref = results.getColumn(0).getString();
    refs.insert(p.ref);
    p.application_id = results.getColumn(1).getInt64();
    if (results.getColumn(8).isNull() || results.getColumn(10).getString() != p.ref) {
      differ(
          fmt::format("{}: the application version the run read (id {}) is missing or belongs to "
                      "someone else",
                      p.ref, p.application_id));
      continue;
    }
    p.facts = results.getColumn(8).getString();
    p.has_statement = !results.getColumn(9).isNull();
    if (p.has_statement) p.statement = results.getColumn(9).getString();
    p.scores.assign(vacancy->criteria.size(), {});
    p.rows.assign(vacancy->criteria.size(), {});
    for (std::size_t i = 0; i < panel.size(); ++i)
      for (auto const& assessor : panel[i]) {
        p.scores[i].push_back({assessor, std::nullopt});
        p.rows[i].push_back(0);
      }
    for (auto const id : ids_of(results.getColumn(7).getString())) {
      score_row.reset();
      score_row.bind(1, id);
      if (!score_row.executeStep()) {
        differ(fmt::format("{}: score row {} that the run read is missing", p.ref, id));
        continue;
      }
      auto const found = criterion_index.find(score_row.getColumn(0).getString());
      if (found == criterion_index.end()) continue;
      auto& given = p.scores[found->second];
      for (std::size_t a = 0; a < given.size(); ++a)
        if (given[a].assessor == score_row.getColumn(1).getString()) {
          given[a].score = score_row.getColumn(2).getInt();
          p.rows[found->second][a] = id;
        }
    }
    try {
      rows.evaluate(p, w, parser, scratch);
    } catch (DataError const& e) {
      differ(fmt::format("{}: cannot recompute: {}", p.ref, e.what()));
      continue;
    }
    auto compare = [&](char const* what, std::string const& stored, std::string const& recomputed) {
      if (stored != recomputed)
        differ(
            fmt::format("{}: {} stored as {}, recomputed as {}", p.ref, what, stored, recomputed));
    };
    compare("verdict", results.getColumn(2).getString(), engine::to_string(w.result.verdict));
    compare("score", rules::format_number(results.getColumn(3).getDouble()),
            rules::format_number(w.result.score));
    compare("outcomes", results.getColumn(4).getString(), w.outcomes);
    compare("flags", results.getColumn(5).getString(), w.flags);
    compare("moderation", results.getColumn(6).getString(), w.moderation);
    standings.push_back(std::move(w.standing));
  }

  // 4. Applicants who had applied before the run but have no result: a deleted row. (A run
  // holds the write lock throughout, so no import commits while it reads.)
  {
    SQLite::Statement q(
        *db_,
        "SELECT DISTINCT ref FROM application WHERE vacancy_id = ? AND imported_at <= ? "
        "ORDER BY ref");
    q.bind(1, run.vacancy);
    q.bind(2, run.started_at);
    while (q.executeStep())
      if (!refs.contains(q.getColumn(0).getString()))
        differ(fmt::format("{}: applied before the run but has no result in it",
                           q.getColumn(0).getString()));
  }

  // 5. The ranking and shortlist.
  engine::rank_and_shortlist(*vacancy, standings);
  for (auto const& s : standings) {
    auto const found = stored_placing.find(s.ref);
    bool const shortlisted = s.verdict == engine::Verdict::shortlisted;
    if (s.rank == 0) {
      if (found != stored_placing.end())
        differ(fmt::format("{}: stored as ranked {}, but is not eligible when recomputed", s.ref,
                           found->second.first));
      continue;
    }
    if (found == stored_placing.end()) {
      differ(fmt::format("{}: recomputed rank {}, but the run stored no rank", s.ref, s.rank));
      continue;
    }
    if (found->second.first != s.rank || found->second.second != shortlisted)
      differ(fmt::format("{}: stored rank {}{}, recomputed rank {}{}", s.ref, found->second.first,
                         found->second.second ? " (shortlisted)" : "", s.rank,
                         shortlisted ? " (shortlisted)" : ""));
  }
  return report;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

}  // namespace sift::data
