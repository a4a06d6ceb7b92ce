// Vacancies and every version of their specification.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include "sift/data/ledger.hpp"
#include "sift/data/vacancies.hpp"
#include "specification_sources.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

VacancyAdded Vacancies::add(rules::Specification const& spec, rules::Vacancy const& vacancy) try {
  // The hash covers every file of the specification, named, so that a change anywhere is a new
  // version; the JSON text is the exact bundle stored.
  auto const json = sources_json(spec.sources);
  auto const hash = sha256_hex(json);
  SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
  auto const now = now_utc();
  SQLite::Statement upsert(db_.connection(),
                           "INSERT INTO vacancy (id, title, created_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (id) DO UPDATE SET title = excluded.title");
  upsert.bind(1, vacancy.id);
  upsert.bind(2, vacancy.title);
  upsert.bind(3, now);
  upsert.exec();
  SQLite::Statement latest(db_.connection(),
                           "SELECT version, sha256 FROM specification WHERE vacancy_id = ? "
                           "ORDER BY version DESC LIMIT 1");
  latest.bind(1, vacancy.id);
  VacancyAdded added{vacancy.id, 1, true, hash};
  if (latest.executeStep()) {
    added.version = latest.getColumn(0).getInt();
    if (latest.getColumn(1).getString() == hash) {
      added.changed = false;
      transaction.commit();
      return added;
    }
    ++added.version;
  }
  SQLite::Statement insert(
      db_.connection(),
      "INSERT INTO specification (vacancy_id, version, sha256, sources, added_at) "
      "VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, vacancy.id);
  insert.bind(2, added.version);
  insert.bind(3, hash);
  insert.bind(4, json);
  insert.bind(5, now);
  insert.exec();
  append_entry(db_, EntryKind::specification, db_.connection().getLastInsertRowid());
  transaction.commit();
  return added;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::vector<VacancySummary> Vacancies::list() try {
  SQLite::Statement query(db_.connection(), R"sql(
    SELECT v.id, v.title, s.version, s.sha256, s.added_at,
           (SELECT count(DISTINCT ref) FROM application a WHERE a.vacancy_id = v.id)
    FROM vacancy v JOIN specification s ON s.vacancy_id = v.id
    WHERE s.version = (SELECT max(version) FROM specification WHERE vacancy_id = v.id)
    ORDER BY v.id)sql");
  std::vector<VacancySummary> out;
  while (query.executeStep())
    out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                   query.getColumn(2).getInt(), query.getColumn(3).getString(),
                   query.getColumn(4).getString(), query.getColumn(5).getInt64()});
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

StoredSpecification Vacancies::specification(std::string const& vacancy_id,
                                             std::optional<int> version) try {
  SQLite::Statement query(db_.connection(),
                          "SELECT version, sha256, sources FROM specification WHERE vacancy_id = ? "
                          "AND (? IS NULL OR version = ?) ORDER BY version DESC LIMIT 1");
  query.bind(1, vacancy_id);
  if (version) {
    query.bind(2, *version);
    query.bind(3, *version);
  }
  if (!query.executeStep())
    throw Error(
        ErrorKind::not_found,
        version ? fmt::format("vacancy '{}' has no specification version {}", vacancy_id, *version)
                : fmt::format("no vacancy '{}' in {}; add its specification first "
                              "with 'sift vacancy add'",
                              vacancy_id, db_.path().string()));
  return {vacancy_id, query.getColumn(0).getInt(), query.getColumn(1).getString(),
          parse_sources(query.getColumn(2).getString())};
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

rules::Specification Vacancies::checked(std::string const& vacancy_id) {
  return checked_specification(specification(vacancy_id).sources,
                               fmt::format("the stored specification of vacancy '{}'", vacancy_id));
}

std::string Vacancies::title(std::string const& vacancy_id) try {
  SQLite::Statement title(db_.connection(), "SELECT title FROM vacancy WHERE id = ?");
  title.bind(1, vacancy_id);
  return title.executeStep() ? title.getColumn(0).getString() : std::string();
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

}  // namespace sift::data
