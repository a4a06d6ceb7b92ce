#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>

#include "sift/data/applications.hpp"
#include "sift/data/decisions.hpp"
#include "sift/data/ledger.hpp"
#include "sift/data/runs.hpp"
#include "sift/data/scores.hpp"
#include "sift/rules/suggest.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

Decision Decisions::decide(std::string const& ref, std::string const& vacancy,
                           std::optional<std::int64_t> run_id, engine::DecisionKind kind,
                           std::string const& reason, std::string const& by) try {
  if (is_blank(reason))
    throw Error(ErrorKind::invalid_input, "a decision needs a reason (--reason), for the record");
  if (is_blank(by))
    throw Error(ErrorKind::invalid_input, "a decision needs the name of who made it (--by)");
  auto const where = Applications(db_).vacancy_of(ref, vacancy);
  SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement run(
      db_.connection(),
      "SELECT r.id FROM run r JOIN result x ON x.run_id = r.id AND x.ref = ? "
      "WHERE r.vacancy_id = ? AND (? IS NULL OR r.id = ?) ORDER BY r.id DESC LIMIT 1");
  run.bind(1, ref);
  run.bind(2, where);
  if (run_id) {
    run.bind(3, *run_id);
    run.bind(4, *run_id);
  }
  if (!run.executeStep())
    throw Error(
        ErrorKind::not_found,
        run_id ? fmt::format("{} is not in run {} of vacancy '{}'", ref, *run_id, where)
               : fmt::format("{} has not been screened yet; run 'sift run {}' first", ref, where));
  Decision made{kind, reason, by, now_utc(), run.getColumn(0).getInt64()};
  SQLite::Statement insert(
      db_.connection(),
      "INSERT INTO decision (run_id, ref, decision, reason, decided_by, decided_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, run.getColumn(0).getInt64());
  insert.bind(2, ref);
  insert.bind(3, engine::to_string(made.kind));
  insert.bind(4, made.reason);
  insert.bind(5, made.by);
  insert.bind(6, made.at);
  insert.exec();
  append_entry(db_, EntryKind::decision, db_.connection().getLastInsertRowid());
  transaction.commit();
  return made;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

namespace {

// A decision belongs to the applicant in the vacancy: a run shows those taken on it and on the
// vacancy's earlier runs, the latest counting (binds: the run, twice).
constexpr char const* same_vacancy_up_to_run =
    "JOIN run r ON r.id = d.run_id "
    "WHERE r.vacancy_id = (SELECT vacancy_id FROM run WHERE id = ?) AND d.run_id <= ?";

Decision read_decision(SQLite::Statement& q, int first) {
  // Stored only through decide(), which writes a kind's spelling.
  auto const kind = engine::parse_decision(q.getColumn(first).getString());
  if (!kind)
    throw Error(ErrorKind::corrupt, fmt::format("a stored decision is '{}', not a decision kind",
                                                q.getColumn(first).getString()));
  return {*kind, q.getColumn(first + 1).getString(), q.getColumn(first + 2).getString(),
          q.getColumn(first + 3).getString(), q.getColumn(first + 4).getInt64()};
}

}  // namespace

std::map<std::string, Decision> Decisions::latest(std::int64_t run_id) try {
  std::map<std::string, Decision> out;
  SQLite::Statement q(db_.connection(), std::string(R"sql(
    SELECT d.ref, d.decision, d.reason, d.decided_by, d.decided_at, d.run_id FROM decision d
    )sql") + same_vacancy_up_to_run + " ORDER BY d.id");
  q.bind(1, run_id);
  q.bind(2, run_id);
  while (q.executeStep())
    out.insert_or_assign(q.getColumn(0).getString(), read_decision(q, 1));
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::vector<Decision> Decisions::of(std::int64_t run_id, std::string const& ref) try {
  std::vector<Decision> out;
  SQLite::Statement q(db_.connection(), std::string(R"sql(
    SELECT d.decision, d.reason, d.decided_by, d.decided_at, d.run_id FROM decision d
    )sql") + same_vacancy_up_to_run + " AND d.ref = ? ORDER BY d.id");
  q.bind(1, run_id);
  q.bind(2, run_id);
  q.bind(3, ref);
  while (q.executeStep())
    out.push_back(read_decision(q, 0));
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::int64_t Decisions::sign_off(std::string const& vacancy, std::optional<std::int64_t> run_id,
                                 std::string const& by) try {
  if (is_blank(by))
    throw Error(ErrorKind::invalid_input, "a sign-off needs the name of who signs (--by)");
  auto const run = Runs(db_).find(vacancy, run_id);
  auto const panel = Scores(db_).declared(vacancy).members;
  if (!panel.empty() && std::find(panel.begin(), panel.end(), by) == panel.end()) {
    auto const suggestion = rules::nearest(by, panel);
    throw Error(ErrorKind::invalid_input,
                fmt::format("'{}' is not on the panel of vacancy '{}'{}", by, vacancy,
                            suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
  }
  SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement insert(db_.connection(),
                           "INSERT OR IGNORE INTO sign_off (run_id, signed_by, signed_at) "
                           "VALUES (?, ?, ?)");
  insert.bind(1, run.id);
  insert.bind(2, by);
  insert.bind(3, now_utc());
  if (insert.exec() == 1) append_entry(db_, EntryKind::sign_off, run.id, by);
  transaction.commit();
  return run.id;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::vector<SignOff> Decisions::sign_offs(std::int64_t run_id) try {
  std::vector<SignOff> out;
  SQLite::Statement q(db_.connection(),
                      "SELECT signed_by, signed_at FROM sign_off WHERE run_id = ? ORDER BY 2, 1");
  q.bind(1, run_id);
  while (q.executeStep())
    out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString()});
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

}  // namespace sift::data
