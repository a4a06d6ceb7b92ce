// The panel's decisions: people decide, the engine only proposes. Decisions are appended,
// never edited; the latest one for an applicant in a run is the panel's current decision.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include "sift/data/store.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

Decision Store::decide(std::string const& ref, std::string const& vacancy,
                       std::optional<std::int64_t> run_id, std::string const& decision,
                       std::string const& reason, std::string const& by) try {
  if (decision != "shortlist" && decision != "reject" && decision != "hold")
    throw DataError(fmt::format("a decision is shortlist, reject or hold, not '{}'", decision));
  auto const blank = [](std::string const& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
  };
  if (blank(reason)) throw DataError("a decision needs a reason (--reason), for the record");
  if (blank(by)) throw DataError("a decision needs the name of who made it (--by)");
  auto const where = resolve_vacancy(ref, vacancy);
  SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement run(
      *db_,
      "SELECT r.id FROM run r JOIN result x ON x.run_id = r.id AND x.ref = ? "
      "WHERE r.vacancy_id = ? AND (? IS NULL OR r.id = ?) ORDER BY r.id DESC LIMIT 1");
  run.bind(1, ref);
  run.bind(2, where);
  if (run_id) {
    run.bind(3, *run_id);
    run.bind(4, *run_id);
  }
  if (!run.executeStep())
    throw DataError(
        run_id ? fmt::format("{} is not in run {} of vacancy '{}'", ref, *run_id, where)
               : fmt::format("{} has not been screened yet; run 'sift run {}' first", ref, where));
  Decision made{decision, reason, by, now_utc()};
  SQLite::Statement insert(
      *db_,
      "INSERT INTO decision (run_id, ref, decision, reason, decided_by, decided_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, run.getColumn(0).getInt64());
  insert.bind(2, ref);
  insert.bind(3, made.decision);
  insert.bind(4, made.reason);
  insert.bind(5, made.by);
  insert.bind(6, made.at);
  insert.exec();
  transaction.commit();
  return made;
} catch (SQLite::Exception const& e) {
  throw storage_error(path_, e);
}

}  // namespace sift::data
