// Applicants: listing, the facts of one, everything held about one (a subject access request),
// and erasure of identifying details.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <cctype>

#include "sift/data/applications.hpp"
#include "sift/data/ledger.hpp"
#include "sift/data/redaction.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/value.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

std::string Applications::vacancy_of(std::string const& ref, std::string const& vacancy) try {
  // Vacancy by vacancy, so that each look-up is a search of the (vacancy, ref) index rather than
  // a scan of every application (a million-applicant vacancy's explain took 0.2 s).
  SQLite::Statement query(db_.connection(),
                          "SELECT v.id FROM vacancy v WHERE (?2 = '' OR v.id = ?2) AND EXISTS "
                          "(SELECT 1 FROM application a WHERE a.vacancy_id = v.id AND a.ref = ?1) "
                          "ORDER BY v.id");
  query.bind(1, ref);
  query.bind(2, vacancy);
  std::vector<std::string> found;
  while (query.executeStep())
    found.push_back(query.getColumn(0).getString());
  if (found.size() == 1) return found.front();
  if (found.empty())
    throw Error(ErrorKind::not_found,
                vacancy.empty()
                    ? fmt::format("no applicant with ref '{}'", ref)
                    : fmt::format("no applicant with ref '{}' in vacancy '{}'", ref, vacancy));
  throw Error(ErrorKind::invalid_input,
              fmt::format("ref '{}' applied to {} vacancies ({}); name one with --vacancy", ref,
                          found.size(), fmt::join(found, ", ")));
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::vector<ApplicantSummary> Applications::list(std::string const& vacancy) try {
  SQLite::Statement query(db_.connection(), R"sql(
    SELECT a.vacancy_id, a.ref, count(*), max(a.submitted), max(a.imported_at),
           EXISTS (SELECT 1 FROM erasure e WHERE e.vacancy_id = a.vacancy_id AND e.ref = a.ref)
    FROM application a WHERE ? = '' OR a.vacancy_id = ?
    GROUP BY a.vacancy_id, a.ref ORDER BY a.vacancy_id, a.ref)sql");
  query.bind(1, vacancy);
  query.bind(2, vacancy);
  std::vector<ApplicantSummary> out;
  while (query.executeStep())
    out.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                   query.getColumn(2).getInt(), query.getColumn(3).getString(),
                   query.getColumn(4).getString(), query.getColumn(5).getInt() != 0});
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::string Applications::facts(std::string const& ref, std::string const& vacancy) try {
  auto const where = vacancy_of(ref, vacancy);
  SQLite::Statement query(db_.connection(),
                          "SELECT facts FROM application WHERE vacancy_id = ? AND ref = ? "
                          "ORDER BY version DESC LIMIT 1");
  query.bind(1, where);
  query.bind(2, ref);
  query.executeStep();
  return query.getColumn(0).getString();
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

ApplicantInputs Applications::version(std::int64_t application_id) try {
  SQLite::Statement q(db_.connection(),
                      "SELECT a.ref, a.facts, i.statement FROM application a LEFT JOIN identity i "
                      "ON i.application_id = a.id WHERE a.id = ?");
  q.bind(1, application_id);
  if (!q.executeStep())
    throw Error(ErrorKind::not_found, fmt::format("no application version {}", application_id));
  ApplicantInputs out;
  out.application_id = application_id;
  out.ref = q.getColumn(0).getString();
  out.facts = q.getColumn(1).getString();
  out.has_statement = !q.getColumn(2).isNull();
  if (out.has_statement) out.statement = q.getColumn(2).getString();
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

namespace {

// One run's result for the export: the run, the version read, the verdict with its placing, and
// each criterion's outcome with its evidence, points and the flags, as stored before in JSON.
std::string run_result_json(SQLite::Database& db, RunResult const& r) {
  auto const& x = r.result;
  SQLite::Statement version(db, "SELECT version FROM application WHERE id = ?");
  version.bind(1, x.application_id);
  std::string out = fmt::format(
      "{{\"run\":{},\"as_of\":{},\"stage\":{},\"started_at\":{},\"application_version\":{},"
      "\"verdict\":{},\"score\":{},\"rank\":{},\"criteria\":{{",
      r.run.id, json_string(r.run.as_of), json_string(engine::to_string(r.run.stage)),
      json_string(r.run.started_at),
      version.executeStep() ? std::to_string(version.getColumn(0).getInt()) : "null",
      json_string(engine::to_string(x.verdict)), rules::format_number(x.score),
      x.rank ? std::to_string(x.rank) : "null");
  bool first = true;
  for (auto const& c : x.criteria) {
    out += fmt::format("{}{}:[{},{},{}]", first ? "" : ",", json_string(c.criterion),
                       json_string(engine::to_string(c.outcome)), json_string(c.evidence),
                       rules::format_number(c.points));
    first = false;
  }
  out += "},\"flags\":{";
  first = true;
  for (auto const& f : x.flags) {
    out += fmt::format("{}{}:[{},{}]", first ? "" : ",", json_string(f.flag),
                       json_string(engine::to_string(f.state)), json_string(f.evidence));
    first = false;
  }
  out += "},\"moderation\":[";
  first = true;
  for (auto const& m : x.moderation) {
    out += (first ? "" : ",") + json_string(m);
    first = false;
  }
  return out + fmt::format("],\"evidence_rendered_again\":{},\"outcomes_match\":{}}}",
                           r.run.record_format == 1 ? "false" : "true",
                           r.outcomes_match ? "true" : "false");
}

}  // namespace

std::string Applications::export_applicant(std::string const& ref, std::string const& vacancy,
                                           std::vector<RunResult> const& runs) try {
  auto const where = vacancy_of(ref, vacancy);
  std::string out = fmt::format("{{\"ref\":{},\"vacancy\":{},\"exported_at\":{},\"versions\":[",
                                json_string(ref), json_string(where), json_string(now_utc()));
  SQLite::Statement versions(db_.connection(), R"sql(
    SELECT a.version, a.imported_at, a.source, a.sha256, a.facts, i.personal, i.statement, m.answers
    FROM application a
    LEFT JOIN identity i ON i.application_id = a.id
    LEFT JOIN monitoring m ON m.application_id = a.id
    WHERE a.vacancy_id = ? AND a.ref = ? ORDER BY a.version)sql");
  versions.bind(1, where);
  versions.bind(2, ref);
  bool first = true;
  while (versions.executeStep()) {
    // The record as received: the facts with the parts kept apart put back.
    std::string record = versions.getColumn(4).getString();
    record.pop_back();
    if (!versions.getColumn(5).isNull())
      record += ",\"personal\":" + versions.getColumn(5).getString();
    if (!versions.getColumn(6).isNull())
      record += ",\"statement\":" + json_string(versions.getColumn(6).getString());
    if (!versions.getColumn(7).isNull())
      record += ",\"monitoring\":" + versions.getColumn(7).getString();
    record += '}';
    out += fmt::format(
        "{}{{\"version\":{},\"imported_at\":{},\"source\":{},\"sha256\":{},\"record\":{}}}",
        first ? "" : ",", versions.getColumn(0).getInt(),
        json_string(versions.getColumn(1).getString()),
        json_string(versions.getColumn(2).getString()),
        json_string(versions.getColumn(3).getString()), record);
    first = false;
  }
  out += "],\"scores\":[";
  SQLite::Statement scores(
      db_.connection(),
      "SELECT criterion, assessor, score, comment, recorded_at FROM assessor_score "
      "WHERE vacancy_id = ? AND ref = ? ORDER BY id");
  scores.bind(1, where);
  scores.bind(2, ref);
  first = true;
  while (scores.executeStep()) {
    out += fmt::format(
        "{}{{\"criterion\":{},\"assessor\":{},\"score\":{},\"comment\":{},\"recorded_at\":{}}}",
        first ? "" : ",", json_string(scores.getColumn(0).getString()),
        json_string(scores.getColumn(1).getString()), scores.getColumn(2).getInt(),
        json_string(scores.getColumn(3).getString()), json_string(scores.getColumn(4).getString()));
    first = false;
  }
  out += "],\"runs\":[";
  for (std::size_t i = 0; i < runs.size(); ++i)
    out += (i ? "," : "") + run_result_json(db_.connection(), runs[i]);
  out += "]";
  // Everything else held, each as SQLite writes it as JSON, in order (an aggregate takes its
  // rows' order only from a subquery): the panel's decisions, withdrawn and agreed scores, the
  // letters sent, readmissions and the vacancy's reveal.
  struct Part {
    char const* key;
    char const* query;  // binds: the vacancy, the ref
  };
  for (auto const& [key, query] : std::initializer_list<Part>{
           {"decisions", R"sql(
      SELECT json_group_array(json(j)) FROM (
        SELECT json_object('run', d.run_id, 'decision', d.decision, 'reason', d.reason, 'by',
          d.decided_by, 'at', d.decided_at) AS j
        FROM decision d JOIN run r ON r.id = d.run_id
        WHERE r.vacancy_id = ?1 AND d.ref = ?2 ORDER BY d.id))sql"},
           {"withdrawn_scores", R"sql(
      SELECT json_group_array(json(j)) FROM (
        SELECT json_object('criterion', criterion, 'assessor', assessor, 'score', score,
          'comment', comment, 'recorded_at', recorded_at, 'withdrawn_at', withdrawn_at,
          'withdrawn_by', withdrawn_by, 'reason', reason) AS j
        FROM score_withdrawal WHERE vacancy_id = ?1 AND ref = ?2 ORDER BY id))sql"},
           {"feedback_sent", R"sql(
      SELECT json_group_array(json(j)) FROM (
        SELECT json_object('run', run_id, 'sent_at', sent_at, 'sent_by', sent_by,
          'letter_sha256', letter_sha256) AS j
        FROM feedback_sent WHERE vacancy_id = ?1 AND ref = ?2 ORDER BY id))sql"},
           {"readmissions", R"sql(
      SELECT json_group_array(json_object('readmitted_at', readmitted_at, 'readmitted_by',
        readmitted_by)) FROM readmission WHERE vacancy_id = ?1 AND ref = ?2)sql"},
           {"reveal", R"sql(
      SELECT json_group_array(json_object('revealed_at', revealed_at, 'revealed_by', revealed_by,
        'reason', reason)) FROM reveal WHERE vacancy_id = ?1 AND ?2 IS NOT NULL)sql"},
       }) {
    SQLite::Statement part(db_.connection(), query);
    part.bind(1, where);
    part.bind(2, ref);
    part.executeStep();
    out += fmt::format(",\"{}\":{}", key, part.getColumn(0).getString());
  }
  out += ",\"erasures\":[";
  SQLite::Statement erasures(
      db_.connection(),
      "SELECT erased_at, erased_by FROM erasure WHERE vacancy_id = ? AND ref = ? "
      "ORDER BY rowid");
  erasures.bind(1, where);
  erasures.bind(2, ref);
  first = true;
  while (erasures.executeStep()) {
    out += fmt::format("{}{{\"erased_at\":{},\"erased_by\":{}}}", first ? "" : ",",
                       json_string(erasures.getColumn(0).getString()),
                       json_string(erasures.getColumn(1).getString()));
    first = false;
  }
  return out + "]}\n";
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

ApplicationView Applications::view(std::string const& ref, std::string const& vacancy) try {
  auto const where = vacancy_of(ref, vacancy);
  ApplicationView view;
  view.vacancy = where;
  view.ref = ref;
  SQLite::Statement reveal(db_.connection(),
                           "SELECT reason, revealed_by, revealed_at FROM reveal WHERE "
                           "vacancy_id = ? ORDER BY rowid LIMIT 1");
  reveal.bind(1, where);
  if (reveal.executeStep())
    view.revealed = Reveal{reveal.getColumn(0).getString(), reveal.getColumn(1).getString(),
                           reveal.getColumn(2).getString()};
  view.blind = blind(where);
  SQLite::Statement q(
      db_.connection(),
      "SELECT a.facts, i.personal, i.statement FROM application a LEFT JOIN identity i "
      "ON i.application_id = a.id WHERE a.vacancy_id = ? AND a.ref = ? "
      "ORDER BY a.version DESC LIMIT 1");
  q.bind(1, where);
  q.bind(2, ref);
  q.executeStep();
  view.facts = q.getColumn(0).getString();
  std::string const personal = q.getColumn(1).isNull() ? "" : q.getColumn(1).getString();
  if (!view.blind && !personal.empty()) view.personal = personal;
  if (!q.getColumn(2).isNull())
    view.statement = view.blind
                         ? redact(q.getColumn(2).getString(), identity_of(personal, view.facts))
                         : q.getColumn(2).getString();
  return view;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

bool Applications::blind(std::string const& vacancy) try {
  // Blind unless the specification says `blind off`, or the panel has revealed.
  auto const spec = Vacancies(db_).checked(vacancy);
  SQLite::Statement revealed(db_.connection(), "SELECT 1 FROM reveal WHERE vacancy_id = ? LIMIT 1");
  revealed.bind(1, vacancy);
  return spec.vacancy(vacancy)->blind && !revealed.executeStep();
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

namespace {

// Every applicant's identity in their latest version, by ref, or only `ref`'s when given.
std::map<std::string, Identity> identities(SQLite::Database& db, std::string const& vacancy,
                                           std::optional<std::string> const& ref = {}) {
  std::map<std::string, Identity> out;
  // One applicant's is a search of the (vacancy, ref) index, not a pass over the vacancy.
  SQLite::Statement q(db, fmt::format(R"sql(
    SELECT a.ref, i.personal, a.facts FROM application a LEFT JOIN identity i
      ON i.application_id = a.id
    WHERE a.vacancy_id = ?1{} AND a.version =
      (SELECT max(b.version) FROM application b WHERE b.vacancy_id = a.vacancy_id AND b.ref = a.ref)
  )sql",
                                      ref ? " AND a.ref = ?2" : ""));
  q.bind(1, vacancy);
  if (ref) q.bind(2, *ref);
  while (q.executeStep())
    out.emplace(q.getColumn(0).getString(),
                identity_of(q.getColumn(1).isNull() ? "" : q.getColumn(1).getString(),
                            q.getColumn(2).getString()));
  return out;
}

}  // namespace

std::map<std::string, Identity> Applications::withheld(std::string const& vacancy,
                                                       std::optional<std::string> const& ref) try {
  if (!blind(vacancy)) return {};
  return identities(db_.connection(), vacancy, ref);
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::map<std::string, Identity> Applications::revealed_identities(std::string const& vacancy) try {
  if (blind(vacancy))
    throw Error(ErrorKind::conflict,
                fmt::format("vacancy '{}' is blind: names and contact details are withheld until "
                            "the panel lifts it with 'sift reveal'",
                            vacancy));
  return identities(db_.connection(), vacancy);
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

Reveal Applications::reveal(std::string const& vacancy, std::string const& by,
                            std::string const& reason) try {
  if (is_blank(reason))
    throw Error(ErrorKind::invalid_input,
                "lifting blind shortlisting needs a reason (--reason), for the record");
  if (is_blank(by))
    throw Error(ErrorKind::invalid_input,
                "lifting blind shortlisting needs the name of who did it (--by)");
  Vacancies(db_).specification(vacancy);  // the vacancy exists
  Reveal made{reason, by, now_utc()};
  SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement insert(
      db_.connection(),
      "INSERT INTO reveal (vacancy_id, revealed_by, reason, revealed_at) VALUES (?, ?, ?, ?)");
  insert.bind(1, vacancy);
  insert.bind(2, by);
  insert.bind(3, reason);
  insert.bind(4, made.at);
  insert.exec();
  append_entry(db_, EntryKind::reveal, db_.connection().getLastInsertRowid());
  transaction.commit();
  return made;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::map<std::string, Erased> Applications::erased_applicants(std::string const& vacancy) try {
  SQLite::Statement q(db_.connection(),
                      "SELECT ref, erased_at, erased_by FROM erasure WHERE vacancy_id = ? "
                      "ORDER BY rowid");
  q.bind(1, vacancy);
  std::map<std::string, Erased> out;
  while (q.executeStep())
    out[q.getColumn(0).getString()] = {q.getColumn(1).getString(), q.getColumn(2).getString()};
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

void Applications::record_feedback_sent(std::string const& vacancy, std::string const& ref,
                                        std::int64_t run_id, std::string const& by,
                                        std::string const& letter) try {
  if (is_blank(by))
    throw Error(ErrorKind::invalid_input,
                "recording a letter as sent needs who sent it: --sent-by cannot be empty");
  SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
  SQLite::Statement record(db_.connection(),
                           "INSERT INTO feedback_sent (vacancy_id, ref, run_id, sent_at, sent_by, "
                           "letter_sha256) VALUES (?, ?, ?, ?, ?, ?)");
  record.bind(1, vacancy);
  record.bind(2, ref);
  record.bind(3, run_id);
  record.bind(4, now_utc());
  record.bind(5, by);
  record.bind(6, sha256_hex(letter));
  record.exec();
  append_entry(db_, EntryKind::feedback_sent, db_.connection().getLastInsertRowid());
  transaction.commit();
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

bool Applications::erase(std::string const& ref, std::string const& vacancy,
                         std::string const& by) try {
  if (by.find_first_not_of(" \t") == std::string::npos)
    throw Error(ErrorKind::invalid_input,
                "an erasure must say who carried it out: --by cannot be empty");
  auto const where = vacancy_of(ref, vacancy);
  {
    SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
    // Identity and statement, the equality-monitoring answers, and the Teacher Reference Number
    // in every version's facts; the facts packed as values (the TRN among them) are dropped, and
    // a later run reads the JSON facts instead.
    for (auto const* statement :
         {"DELETE FROM identity WHERE application_id IN "
          "(SELECT id FROM application WHERE vacancy_id = ? AND ref = ?)",
          "DELETE FROM monitoring WHERE application_id IN "
          "(SELECT id FROM application WHERE vacancy_id = ? AND ref = ?)",
          "UPDATE application SET facts = json_remove(facts, '$.trn') "
          "WHERE vacancy_id = ? AND ref = ? AND json_type(facts, '$.trn') IS NOT NULL",
          "UPDATE application_values SET facts_values = NULL, values_version = NULL "
          "WHERE application_id IN (SELECT id FROM application WHERE vacancy_id = ? AND ref = ?) "
          "AND facts_values IS NOT NULL"}) {
      SQLite::Statement erase(db_.connection(), statement);
      erase.bind(1, where);
      erase.bind(2, ref);
      erase.exec();
    }
    SQLite::Statement record(
        db_.connection(),
        "INSERT INTO erasure (vacancy_id, ref, erased_at, erased_by) VALUES (?, ?, ?, ?)");
    record.bind(1, where);
    record.bind(2, ref);
    record.bind(3, now_utc());
    record.bind(4, by);
    record.exec();
    append_entry(db_, EntryKind::erasure, db_.connection().getLastInsertRowid());
    transaction.commit();
  }
  // secure_delete zeroes the freed cells; the checkpoint moves them into the main file and
  // empties the write-ahead log, so no copy of the erased text stays behind. It waits (the busy
  // timeout) for readers in the middle of a read; one still reading keeps the old pages.
  SQLite::Statement checkpoint(db_.connection(), "PRAGMA wal_checkpoint(TRUNCATE)");
  return checkpoint.executeStep() && checkpoint.getColumn(0).getInt() == 0;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

struct MonitoringAnswers::Query {
  SQLite::Statement statement;
};

MonitoringAnswers::MonitoringAnswers(Database& db) try
    : db_(db),
      query_(std::make_unique<Query>(Query{SQLite::Statement(
          db.connection(), "SELECT answers FROM monitoring WHERE application_id = ?")})) {
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

MonitoringAnswers::~MonitoringAnswers() = default;

std::optional<std::string> MonitoringAnswers::of(std::int64_t application_id) try {
  auto& q = query_->statement;
  q.reset();
  q.bind(1, application_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

}  // namespace sift::data
