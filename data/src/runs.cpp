// Screening runs: stream the latest application of every applicant (with their assessors'
// scores, merged by ref), evaluate in parallel, store every result in ref order, then rank.
// Everything happens in one transaction, so a run that fails leaves nothing behind.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "bulk_transaction.hpp"
#include "run_evaluation.hpp"
#include "sift/data/store.hpp"
#include "sift/engine/parallel.hpp"
#include "sift/engine/shortlist.hpp"
#include "sift/rules/load.hpp"
#include "storage_error.hpp"
#include "stored_specification.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

constexpr std::size_t chunk_size = 4096;

RunRecord read_run(SQLite::Statement& q) {
  RunRecord r;
  r.id = q.getColumn(0).getInt64();
  r.vacancy = q.getColumn(1).getString();
  r.specification_version = q.getColumn(2).getInt();
  r.specification_sha256 = q.getColumn(3).getString();
  r.sift_version = q.getColumn(4).getString();
  r.stage = q.getColumn(5).getString();
  r.as_of = q.getColumn(6).getString();
  r.operator_name = q.getColumn(7).getString();
  r.started_at = q.getColumn(8).getString();
  r.finished_at = q.getColumn(9).getString();
  r.applicants = static_cast<std::size_t>(q.getColumn(10).getInt64());
  r.excluded = static_cast<std::size_t>(q.getColumn(11).getInt64());
  r.needs_review = static_cast<std::size_t>(q.getColumn(12).getInt64());
  r.eligible = static_cast<std::size_t>(q.getColumn(13).getInt64());
  r.shortlisted = static_cast<std::size_t>(q.getColumn(14).getInt64());
  r.max_score = q.getColumn(15).getDouble();
  r.results_sha256 = q.getColumn(16).getString();
  r.chain_sha256 = q.getColumn(17).getString();
  return r;
}

constexpr char const* run_columns =
    "r.id, r.vacancy_id, s.version, s.sha256, r.sift_version, r.stage, r.as_of, r.operator, "
    "r.started_at, r.finished_at, r.applicants, r.excluded, r.needs_review, r.eligible, "
    "r.shortlisted, r.max_score, r.results_sha256, r.chain_sha256";

// Streams the latest application of every applicant of a vacancy, with their latest scores,
// through the evaluator on `threads` threads, and hands each result to `take` in ref order.
// Memory stays bounded: three chunks rotate (below).
std::size_t screen_stored(SQLite::Database& db, rules::Specification const& spec,
                          rules::Vacancy const& vacancy, engine::Evaluator const& evaluator,
                          int requested_threads,
                          std::function<void(Pending const&, Written&)> const& take,
                          std::function<void(std::size_t, std::size_t)> const& progress) {
  // The panel for each scored criterion: everyone who has scored it for this vacancy. An
  // applicant without a score from one of them is unknown on that criterion.
  // Looked up once per score row: millions of times in a large run, hence hashed.
  std::unordered_map<std::string_view, std::size_t> criterion_index;
  for (std::size_t i = 0; i < vacancy.criteria.size(); ++i)
    criterion_index.emplace(vacancy.criteria[i].id, i);
  std::vector<std::vector<std::string>> panel(vacancy.criteria.size());
  {
    SQLite::Statement q(db,
                        "SELECT criterion, assessor FROM panel_member WHERE vacancy_id = ? "
                        "ORDER BY criterion, assessor");
    q.bind(1, vacancy.id);
    while (q.executeStep()) {
      auto const criterion = q.getColumn(0).getString();
      auto const found = criterion_index.find(criterion);
      if (found != criterion_index.end() && vacancy.criteria[found->second].scoring)
        panel[found->second].push_back(q.getColumn(1).getString());
    }
  }
  std::size_t const total = [&]() -> std::size_t {
    if (!progress) return 0;  // the count is for the progress line only
    SQLite::Statement q(db, "SELECT count(DISTINCT ref) FROM application WHERE vacancy_id = ?");
    q.bind(1, vacancy.id);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
  }();
  RowEvaluator const rows(spec, vacancy, evaluator);
  SQLite::Statement applications(
      db, rows.needs_statement()
              ? "SELECT a.id, a.ref, a.facts, i.statement FROM application a LEFT JOIN identity i "
                "ON i.application_id = a.id WHERE a.vacancy_id = ? ORDER BY a.ref, a.version"
              : "SELECT a.id, a.ref, a.facts, NULL FROM application a WHERE a.vacancy_id = ? "
                "ORDER BY a.ref, a.version");
  applications.bind(1, vacancy.id);
  SQLite::Statement scores(db,
                           "SELECT id, ref, criterion, assessor, score FROM assessor_score "
                           "WHERE vacancy_id = ? ORDER BY ref, criterion, assessor, id");
  scores.bind(1, vacancy.id);
  bool scores_left = scores.executeStep();
  // Attaches an applicant's latest scores, read from the cursor that runs alongside by ref.
  // Rows come ordered by ref, criterion, assessor, id: the last row of each key is the latest.
  auto attach_scores = [&](Pending& p) {
    p.scores.resize(vacancy.criteria.size());
    p.rows.resize(vacancy.criteria.size());
    for (std::size_t i = 0; i < vacancy.criteria.size(); ++i) {
      p.scores[i].resize(panel[i].size());
      p.rows[i].assign(panel[i].size(), 0);
      for (std::size_t a = 0; a < panel[i].size(); ++a) {
        p.scores[i][a].assessor = panel[i][a];
        p.scores[i][a].score.reset();
      }
    }
    // Rows of refs before this one belong to no stored application and are passed over; the
    // first row of a later ref belongs to the next applicant.
    while (scores_left) {
      auto const order = std::strcmp(scores.getColumn(1).getText(), p.ref.c_str());
      if (order > 0) break;
      if (order < 0) {
        scores_left = scores.executeStep();
        continue;
      }
      auto const found = criterion_index.find(std::string_view(scores.getColumn(2).getText()));
      if (found != criterion_index.end()) {
        std::string_view const assessor = scores.getColumn(3).getText();
        auto& given = p.scores[found->second];
        for (std::size_t a = 0; a < given.size(); ++a)
          if (given[a].assessor == assessor) {
            given[a].score = scores.getColumn(4).getInt();
            p.rows[found->second][a] = scores.getColumn(0).getInt64();
          }
      }
      scores_left = scores.executeStep();
    }
  };

  // Reads up to chunk_size applicants (the latest version of each ref: rows come ordered by
  // ref, then version) into `chunk`; returns how many.
  bool rows_left = applications.executeStep();
  auto read_chunk = [&](std::vector<Pending>& chunk) {
    std::size_t n = 0;
    while (rows_left && n < chunk_size) {
      Pending& p = chunk[n++];
      p.ref.assign(applications.getColumn(1).getText());
      do {
        p.application_id = applications.getColumn(0).getInt64();
        auto const facts = applications.getColumn(2);
        p.facts.assign(static_cast<char const*>(facts.getBlob()),
                       static_cast<std::size_t>(facts.getBytes()));
        p.has_statement = !applications.getColumn(3).isNull();
        if (p.has_statement) p.statement.assign(applications.getColumn(3).getText());
        rows_left = applications.executeStep();
      } while (rows_left && p.ref == applications.getColumn(1).getText());
      attach_scores(p);
    }
    return n;
  };
  // Three chunks rotate: while the workers evaluate one, this thread stores the results of the
  // one before (in ref order) and reads the one after. Storing used to wait for evaluation and
  // evaluation for storing; overlapping them keeps both cores busy.
  std::size_t done = 0;
  int const threads = std::max(1, requested_threads);
  std::vector<simdjson::dom::parser> parsers(static_cast<std::size_t>(threads));
  constexpr std::size_t rotating = 3;
  std::vector<std::vector<Pending>> chunks(rotating, std::vector<Pending>(chunk_size));
  std::vector<std::vector<Written>> written(rotating, std::vector<Written>(chunk_size));
  std::size_t sizes[rotating] = {read_chunk(chunks[0]), 0, 0};
  auto const store = [&](std::size_t which) {
    for (std::size_t i = 0; i < sizes[which]; ++i)
      take(chunks[which][i], written[which][i]);
    done += sizes[which];
    if (progress) progress(done, total);
  };
  std::size_t current = 0;
  std::optional<std::size_t> evaluated;  // the chunk whose results are waiting to be stored
  while (sizes[current] > 0) {
    auto const count = sizes[current];
    auto& chunk = chunks[current];
    auto& results = written[current];
    auto computing = std::async(std::launch::async, [&] {
      engine::parallel_for(count, threads,
                           [&](std::size_t part, std::size_t begin, std::size_t end) {
                             auto& parser = parsers[part];
                             engine::Application scratch;
                             for (std::size_t i = begin; i < end; ++i)
                               rows.evaluate(chunk[i], results[i], parser, scratch);
                           });
    });
    auto const next = (current + 1) % rotating;
    try {
      if (evaluated) store(*evaluated);
      sizes[next] = read_chunk(chunks[next]);
    } catch (...) {
      computing.wait();  // the workers use this frame's chunks
      throw;
    }
    computing.get();
    evaluated = current;
    current = next;
  }
  if (evaluated) store(*evaluated);
  return done;
}

}  // namespace

RunRecord Store::run(RunRequest const& request) try {
  RunRecord record;
  record.started_at = now_utc();
  auto const stored = specification(request.vacancy);
  auto const spec = checked_specification(
      stored.sources, fmt::format("the stored specification of vacancy '{}'", request.vacancy));
  auto const& vacancy = *spec.vacancy(request.vacancy);
  engine::Evaluator const evaluator(vacancy, {request.as_of, request.stage});

  BulkTransaction transaction(*db_);
  std::int64_t const specification_id = [&] {
    SQLite::Statement q(*db_, "SELECT id FROM specification WHERE vacancy_id = ? AND version = ?");
    q.bind(1, request.vacancy);
    q.bind(2, stored.version);
    q.executeStep();
    return q.getColumn(0).getInt64();
  }();

  SQLite::Statement insert_run(
      *db_,
      "INSERT INTO run (vacancy_id, specification_id, sift_version, stage, as_of, operator, "
      "started_at, finished_at, applicants, excluded, needs_review, eligible, shortlisted, "
      "max_score, results_sha256, chain_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, '', 0, 0, 0, 0, 0, 0, "
      "'', '')");
  insert_run.bind(1, request.vacancy);
  insert_run.bind(2, specification_id);
  insert_run.bind(3, request.sift_version);
  insert_run.bind(4, engine::to_string(request.stage));
  insert_run.bind(5, rules::format_date(request.as_of));
  insert_run.bind(6, request.operator_name);
  insert_run.bind(7, record.started_at);
  insert_run.exec();
  record.id = db_->getLastInsertRowid();

  SQLite::Statement insert_result(
      *db_,
      "INSERT INTO result (run_id, ref, application_id, verdict, score, "
      "outcomes, flags, moderation, scores_read) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  std::vector<engine::Standing> standings;
  Sha256 results_hash;
  auto store = [&](Pending const& in, Written& w) {
    auto const& r = w.result;
    insert_result.reset();
    insert_result.bind(1, record.id);
    insert_result.bindNoCopy(2, r.ref);
    insert_result.bind(3, in.application_id);
    insert_result.bind(4, engine::to_string(r.verdict));
    insert_result.bind(5, r.score);
    insert_result.bindNoCopy(6, w.outcomes);
    insert_result.bindNoCopy(7, w.flags);
    insert_result.bindNoCopy(8, w.moderation);
    insert_result.bindNoCopy(9, w.scores_read);
    insert_result.exec();
    results_hash.add(w.digest);
    results_hash.add("\n");
    ++(r.verdict == engine::Verdict::excluded       ? record.excluded
       : r.verdict == engine::Verdict::needs_review ? record.needs_review
                                                    : record.eligible);
    standings.push_back(std::move(w.standing));
  };
  std::size_t const done =
      screen_stored(*db_, spec, vacancy, evaluator, request.threads, store, request.progress);

  engine::rank_and_shortlist(vacancy, standings);
  SQLite::Statement insert_placing(
      *db_, "INSERT INTO placing (run_id, ref, rank, shortlisted) VALUES (?, ?, ?, ?)");
  for (auto const& s : standings) {
    if (s.rank == 0) continue;
    bool const shortlisted = s.verdict == engine::Verdict::shortlisted;
    record.shortlisted += shortlisted;
    insert_placing.reset();
    insert_placing.bind(1, record.id);
    insert_placing.bind(2, s.ref);
    insert_placing.bind(3, s.rank);
    insert_placing.bind(4, shortlisted ? 1 : 0);
    insert_placing.exec();
    results_hash.add(placing_line(s.ref, s.rank, shortlisted));
  }

  record.applicants = done;
  record.max_score = evaluator.max_score();
  record.results_sha256 = results_hash.hex();
  record.finished_at = now_utc();
  std::string previous_chain;
  {
    SQLite::Statement q(*db_, "SELECT chain_sha256 FROM run WHERE id < ? ORDER BY id DESC LIMIT 1");
    q.bind(1, record.id);
    if (q.executeStep()) previous_chain = q.getColumn(0).getString();
  }
  record.chain_sha256 = chain_hash(
      previous_chain, record.id, request.vacancy, stored.sha256, engine::to_string(request.stage),
      rules::format_date(request.as_of), request.sift_version, record.results_sha256);
  SQLite::Statement finish(
      *db_,
      "UPDATE run SET finished_at = ?, applicants = ?, excluded = ?, needs_review = ?, "
      "eligible = ?, shortlisted = ?, max_score = ?, results_sha256 = ?, "
      "chain_sha256 = ? WHERE id = ?");
  finish.bind(1, record.finished_at);
  finish.bind(2, static_cast<std::int64_t>(record.applicants));
  finish.bind(3, static_cast<std::int64_t>(record.excluded));
  finish.bind(4, static_cast<std::int64_t>(record.needs_review));
  finish.bind(5, static_cast<std::int64_t>(record.eligible));
  finish.bind(6, static_cast<std::int64_t>(record.shortlisted));
  finish.bind(7, record.max_score);
  finish.bind(8, record.results_sha256);
  finish.bind(9, record.chain_sha256);
  finish.bind(10, record.id);
  finish.exec();
  transaction.commit();

  record.vacancy = request.vacancy;
  record.specification_version = stored.version;
  record.specification_sha256 = stored.sha256;
  record.sift_version = request.sift_version;
  record.stage = engine::to_string(request.stage);
  record.as_of = rules::format_date(request.as_of);
  record.operator_name = request.operator_name;
  return record;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

std::vector<Proposal> Store::preview(rules::Specification const& spec,
                                     std::string const& vacancy_id, RunRequest const& request) try {
  auto const* vacancy = spec.vacancy(vacancy_id);
  if (!vacancy) throw DataError(fmt::format("the specification has no vacancy '{}'", vacancy_id));
  engine::Evaluator const evaluator(*vacancy, {request.as_of, request.stage});
  SQLite::Transaction snapshot(*db_);  // one consistent view of the applications and scores
  std::vector<engine::Standing> standings;
  std::vector<Proposal> proposals;
  screen_stored(
      *db_, spec, *vacancy, evaluator, request.threads,
      [&](Pending const& in, Written& w) {
        Proposal p;
        p.application_id = in.application_id;
        for (std::size_t i = 0; i < vacancy->criteria.size(); ++i)
          if (vacancy->criteria[i].importance == rules::Importance::essential &&
              w.result.criteria[i].outcome == engine::Outcome::not_met)
            p.essentials_not_met.push_back(vacancy->criteria[i].id);
        proposals.push_back(std::move(p));
        standings.push_back(std::move(w.standing));
      },
      request.progress);
  engine::rank_and_shortlist(*vacancy, standings);
  for (std::size_t i = 0; i < standings.size(); ++i) {
    proposals[i].ref = standings[i].ref;
    proposals[i].verdict = engine::to_string(standings[i].verdict);
    proposals[i].score = standings[i].score;
    proposals[i].rank = standings[i].rank;
  }
  return proposals;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

std::vector<RunRecord> Store::runs(std::string const& vacancy) try {
  SQLite::Statement q(
      *db_, fmt::format("SELECT {} FROM run r JOIN specification s ON s.id = r.specification_id "
                        "WHERE ? = '' OR r.vacancy_id = ? ORDER BY r.id",
                        run_columns));
  q.bind(1, vacancy);
  q.bind(2, vacancy);
  std::vector<RunRecord> out;
  while (q.executeStep())
    out.push_back(read_run(q));
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

RunRecord Store::find_run(std::string const& vacancy, std::optional<std::int64_t> run_id) {
  SQLite::Statement q(
      *db_, fmt::format("SELECT {} FROM run r JOIN specification s ON s.id = r.specification_id "
                        "WHERE r.vacancy_id = ? AND (? IS NULL OR r.id = ?) "
                        "ORDER BY r.id DESC LIMIT 1",
                        run_columns));
  q.bind(1, vacancy);
  if (run_id) {
    q.bind(2, *run_id);
    q.bind(3, *run_id);
  }
  if (!q.executeStep())
    throw DataError(run_id
                        ? fmt::format("no run {} of vacancy '{}'", *run_id, vacancy)
                        : fmt::format("vacancy '{}' has no runs yet; screen it with 'sift run {}'",
                                      vacancy, vacancy));
  return read_run(q);
}

rules::Specification Store::run_specification(std::int64_t run_id) {
  SQLite::Statement q(
      *db_,
      "SELECT s.sources FROM run r JOIN specification s ON s.id = r.specification_id "
      "WHERE r.id = ?");
  q.bind(1, run_id);
  if (!q.executeStep()) throw DataError(fmt::format("no run {} in {}", run_id, path_.string()));
  return checked_specification(parse_sources(q.getColumn(0).getString()),
                               fmt::format("run {}'s specification", run_id));
}

std::string Store::vacancy_title(std::string const& vacancy) {
  SQLite::Statement title(*db_, "SELECT title FROM vacancy WHERE id = ?");
  title.bind(1, vacancy);
  return title.executeStep() ? title.getColumn(0).getString() : std::string();
}

ShortlistView Store::shortlist(std::string const& vacancy, std::optional<std::int64_t> run_id) try {
  ShortlistView view;
  view.run = find_run(vacancy, run_id);
  view.title = vacancy_title(vacancy);
  // The latest decision of the panel on each applicant of the run.
  std::map<std::string, Decision> decisions;
  {
    SQLite::Statement d(*db_,
                        "SELECT ref, decision, reason, decided_by, decided_at FROM decision WHERE "
                        "run_id = ? ORDER BY id");
    d.bind(1, view.run.id);
    while (d.executeStep())
      decisions[d.getColumn(0).getString()] = {
          d.getColumn(1).getString(), d.getColumn(2).getString(), d.getColumn(3).getString(),
          d.getColumn(4).getString()};
  }
  auto decision_of = [&](std::string const& ref) -> std::optional<Decision> {
    auto const found = decisions.find(ref);
    if (found == decisions.end()) return std::nullopt;
    return found->second;
  };
  simdjson::dom::parser parser;
  auto flags_of = [&](std::string const& flags, std::string const& moderation) {
    std::vector<std::string> out;
    simdjson::dom::object object;
    if (!parser.parse(flags).get(object))
      for (auto field : object) {
        std::string_view outcome;  // [outcome, evidence]
        if (field.value.at(0).get(outcome)) outcome = {};
        out.push_back(std::string(field.key) + (outcome == "unknown" ? "?" : ""));
      }
    if (moderation != "[]") out.push_back("moderate");
    return out;
  };
  SQLite::Statement ranked(*db_,
                           "SELECT p.rank, p.ref, r.score, p.shortlisted, r.flags, r.moderation "
                           "FROM placing p JOIN result r ON r.run_id = p.run_id AND r.ref = p.ref "
                           "WHERE p.run_id = ? ORDER BY p.rank");
  ranked.bind(1, view.run.id);
  while (ranked.executeStep()) {
    ShortlistEntry entry;
    entry.rank = ranked.getColumn(0).getInt();
    entry.ref = ranked.getColumn(1).getString();
    entry.score = ranked.getColumn(2).getDouble();
    entry.shortlisted = ranked.getColumn(3).getInt() != 0;
    entry.flags = flags_of(ranked.getColumn(4).getString(), ranked.getColumn(5).getString());
    entry.decision = decision_of(entry.ref);
    if (entry.shortlisted && !entry.decision) ++view.awaiting_decision;
    view.ranked.push_back(std::move(entry));
  }
  SQLite::Statement unranked(
      *db_,
      "SELECT ref, score, verdict, flags, moderation FROM result WHERE run_id = ? "
      "AND verdict != 'eligible' ORDER BY ref");
  unranked.bind(1, view.run.id);
  while (unranked.executeStep()) {
    ShortlistEntry entry;
    entry.ref = unranked.getColumn(0).getString();
    entry.score = unranked.getColumn(1).getDouble();
    entry.decision = decision_of(entry.ref);
    bool const review = unranked.getColumn(2).getString() == "needs review";
    if (!review && !entry.decision) continue;
    if (review && !entry.decision) ++view.awaiting_decision;
    entry.flags = flags_of(unranked.getColumn(3).getString(), unranked.getColumn(4).getString());
    entry.flags.insert(entry.flags.begin(), unranked.getColumn(2).getString());
    view.unranked.push_back(std::move(entry));
  }
  return view;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

}  // namespace sift::data
