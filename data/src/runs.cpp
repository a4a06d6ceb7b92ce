#include "sift/data/runs.hpp"
#include "sift/data/ledger.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <tuple>

#include "batch_insert.hpp"
#include "bulk_transaction.hpp"
#include "result_rows.hpp"
#include "results_text.hpp"
#include "specification_sources.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

constexpr char const* run_columns =
    "r.id, r.vacancy_id, s.version, s.sha256, r.sift_version, r.stage, r.as_of, r.operator, "
    "r.started_at, r.finished_at, r.applicants, r.excluded, r.needs_review, r.eligible, "
    "r.shortlisted, r.max_score, r.results_sha256, r.chain_sha256, r.inputs_sha256, "
    "r.record_format";

RunRecord read_run(SQLite::Statement& q) {
  RunRecord r;
  r.id = q.getColumn(0).getInt64();
  r.vacancy = q.getColumn(1).getString();
  r.specification_version = q.getColumn(2).getInt();
  r.specification_sha256 = q.getColumn(3).getString();
  r.sift_version = q.getColumn(4).getString();
  auto const stage = engine::parse_stage(q.getColumn(5).getString());
  if (!stage)
    throw Error(ErrorKind::corrupt, fmt::format("run {} names the stage '{}', unknown to this Sift",
                                                r.id, q.getColumn(5).getString()));
  r.stage = *stage;
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
  r.inputs_sha256 = q.getColumn(18).getString();
  r.record_format = q.getColumn(19).getInt();
  return r;
}

}  // namespace

// A run's rows reference only the run row it inserts and the application versions it read in
// the same transaction, so checking each reference again (a seek into the applications for
// every result, a tenth of a run's work) proves nothing: the checks are off while a run writes.
// SQLite ignores the pragma inside a transaction: under a caller's transaction they stay on.
struct ForeignKeysOff {
  SQLite::Database& connection;
  explicit ForeignKeysOff(SQLite::Database& c) : connection(c) {
    connection.exec("PRAGMA foreign_keys = OFF");
  }
  ~ForeignKeysOff() {
    try {
      connection.exec("PRAGMA foreign_keys = ON");
    } catch (SQLite::Exception const&) {
      // A destructor must not throw; the next Database opened sets the checks on again.
    }
  }
  ForeignKeysOff(ForeignKeysOff const&) = delete;
  ForeignKeysOff& operator=(ForeignKeysOff const&) = delete;
};

struct ResultsDigest::State {
  Sha256 hash;
  std::string line;  // a placing's, as hashed (reused)
};

ResultsDigest::ResultsDigest() : state_(std::make_unique<State>()) {}
ResultsDigest::~ResultsDigest() = default;

void ResultsDigest::add_result(std::string_view row_digest) {
  state_->hash.add(row_digest);
  state_->hash.add("\n");
}

void ResultsDigest::add_placing(std::string_view ref, int rank, bool shortlisted) {
  placing_line(ref, rank, shortlisted, state_->line);
  state_->hash.add(state_->line);
}

std::string ResultsDigest::hex() {
  return state_->hash.hex();
}

struct RunWriter::State {
  Database& db;
  ForeignKeysOff unchecked;  // before the transaction, which must end first
  BulkTransaction transaction;
  RunRecord record;
  BatchInsert results;
  BatchInsert placings;
  ResultsDigest results_hash;
  InputsDigest inputs_hash;

  State(Database& d, RunHeader const& header)
      : db(d),
        unchecked(d.connection()),
        transaction(d.connection()),
        results(d.connection(),
                "result (run_id, ref, application_id, verdict, score, outcomes, flags, "
                "moderation, scores_read)",
                9),
        placings(d.connection(), "placing (run_id, ref, rank, shortlisted)", 4) {
    auto& c = d.connection();
    record.vacancy = header.vacancy;
    record.specification_version = header.specification_version;
    record.sift_version = header.sift_version;
    record.stage = header.stage;
    record.as_of = header.as_of;
    record.operator_name = header.operator_name;
    record.started_at = now_utc();
    SQLite::Statement specification(
        c, "SELECT id, sha256 FROM specification WHERE vacancy_id = ? AND version = ?");
    specification.bind(1, header.vacancy);
    specification.bind(2, header.specification_version);
    if (!specification.executeStep())
      throw Error(ErrorKind::not_found, fmt::format("vacancy '{}' has no specification version {}",
                                                    header.vacancy, header.specification_version));
    record.specification_sha256 = specification.getColumn(1).getString();
    SQLite::Statement insert_run(
        c,
        "INSERT INTO run (vacancy_id, specification_id, sift_version, stage, as_of, operator, "
        "started_at, finished_at, applicants, excluded, needs_review, eligible, shortlisted, "
        "max_score, results_sha256, chain_sha256, record_format) VALUES (?, ?, ?, ?, ?, ?, ?, '', "
        "0, 0, 0, 0, 0, 0, '', '', 2)");
    insert_run.bind(1, header.vacancy);
    insert_run.bind(2, specification.getColumn(0).getInt64());
    insert_run.bind(3, header.sift_version);
    insert_run.bind(4, engine::to_string(header.stage));
    insert_run.bind(5, header.as_of);
    insert_run.bind(6, header.operator_name);
    insert_run.bind(7, record.started_at);
    insert_run.exec();
    record.id = c.getLastInsertRowid();
    // The panel as the run reads it (run_inputs.cpp), in this transaction's snapshot; readers
    // sort it, so the order kept here does not matter.
    SQLite::Statement keep(c, R"sql(
      UPDATE run SET panel = (
        SELECT json_group_object(criterion, json(assessors)) FROM (
          SELECT criterion, json_group_array(assessor) AS assessors FROM panel_member
          WHERE vacancy_id = ?1 GROUP BY criterion))
      WHERE id = ?2)sql");
    keep.bind(1, header.vacancy);
    keep.bind(2, record.id);
    keep.exec();
  }
};

RunWriter::RunWriter(Database& db, RunHeader const& header) try
    : state_(std::make_unique<State>(db, header)) {
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

RunWriter::~RunWriter() = default;

std::int64_t RunWriter::id() const {
  return state_->record.id;
}

void RunWriter::add_result(EncodedResult const& r, std::string_view inputs_line) try {
  auto& s = *state_;
  auto& row = s.results;
  row.integer(s.record.id);
  row.text(r.ref());
  row.integer(r.application_id());
  row.text(engine::to_string(r.verdict()));
  row.real(r.score());
  row.blob(r.outcomes());
  row.text("");
  row.text("");
  row.blob(r.scores_read());
  row.end_row();
  s.inputs_hash.add(inputs_line);
  s.results_hash.add_result(r.digest());
  ++s.record.applicants;
  ++(r.verdict() == engine::Verdict::excluded       ? s.record.excluded
     : r.verdict() == engine::Verdict::needs_review ? s.record.needs_review
                                                    : s.record.eligible);
} catch (SQLite::Exception const& e) {
  throw storage_error(state_->db.path(), e);
}

void RunWriter::add_placing(std::string const& ref, int rank, bool shortlisted) try {
  auto& s = *state_;
  s.record.shortlisted += shortlisted;
  auto& row = s.placings;
  row.integer(s.record.id);
  row.text(ref);
  row.integer(rank);
  row.integer(shortlisted ? 1 : 0);
  row.end_row();
  s.results_hash.add_placing(ref, rank, shortlisted);
} catch (SQLite::Exception const& e) {
  throw storage_error(state_->db.path(), e);
}

RunRecord RunWriter::finish(double max_score) try {
  auto& s = *state_;
  auto& c = s.db.connection();
  auto& record = s.record;
  s.results.flush();
  s.placings.flush();
  record.max_score = max_score;
  record.results_sha256 = s.results_hash.hex();
  record.inputs_sha256 = s.inputs_hash.hex();
  record.finished_at = now_utc();
  std::string previous_chain;
  {
    SQLite::Statement q(c, "SELECT chain_sha256 FROM run WHERE id < ? ORDER BY id DESC LIMIT 1");
    q.bind(1, record.id);
    if (q.executeStep()) previous_chain = q.getColumn(0).getString();
  }
  record.chain_sha256 = chain_hash(previous_chain, record.id, record.vacancy,
                                   record.specification_sha256, engine::to_string(record.stage),
                                   record.as_of, record.sift_version, record.results_sha256);
  SQLite::Statement finish(
      c,
      "UPDATE run SET finished_at = ?, applicants = ?, excluded = ?, needs_review = ?, "
      "eligible = ?, shortlisted = ?, max_score = ?, results_sha256 = ?, "
      "chain_sha256 = ?, inputs_sha256 = ? WHERE id = ?");
  finish.bind(1, record.finished_at);
  finish.bind(2, static_cast<std::int64_t>(record.applicants));
  finish.bind(3, static_cast<std::int64_t>(record.excluded));
  finish.bind(4, static_cast<std::int64_t>(record.needs_review));
  finish.bind(5, static_cast<std::int64_t>(record.eligible));
  finish.bind(6, static_cast<std::int64_t>(record.shortlisted));
  finish.bind(7, record.max_score);
  finish.bind(8, record.results_sha256);
  finish.bind(9, record.chain_sha256);
  finish.bind(10, record.inputs_sha256);
  finish.bind(11, record.id);
  finish.exec();
  append_entry(s.db, EntryKind::run, record.id);
  s.transaction.commit();
  return record;
} catch (SQLite::Exception const& e) {
  throw storage_error(state_->db.path(), e);
}

std::vector<RunRecord> Runs::list(std::string const& vacancy) try {
  SQLite::Statement q(
      db_.connection(),
      fmt::format("SELECT {} FROM run r JOIN specification s ON s.id = r.specification_id "
                  "WHERE ? = '' OR r.vacancy_id = ? ORDER BY r.id",
                  run_columns));
  q.bind(1, vacancy);
  q.bind(2, vacancy);
  std::vector<RunRecord> out;
  while (q.executeStep())
    out.push_back(read_run(q));
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

RunRecord Runs::find(std::string const& vacancy, std::optional<std::int64_t> run_id) try {
  SQLite::Statement q(
      db_.connection(),
      fmt::format("SELECT {} FROM run r JOIN specification s ON s.id = r.specification_id "
                  "WHERE r.vacancy_id = ? AND (? IS NULL OR r.id = ?) "
                  "ORDER BY r.id DESC LIMIT 1",
                  run_columns));
  q.bind(1, vacancy);
  if (run_id) {
    q.bind(2, *run_id);
    q.bind(3, *run_id);
  }
  if (!q.executeStep())
    throw Error(ErrorKind::not_found,
                run_id ? fmt::format("no run {} of vacancy '{}'", *run_id, vacancy)
                       : fmt::format("vacancy '{}' has no runs yet; screen it with 'sift run {}'",
                                     vacancy, vacancy));
  return read_run(q);
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

RunRecord Runs::get(std::int64_t run_id) try {
  SQLite::Statement q(
      db_.connection(),
      fmt::format("SELECT {} FROM run r JOIN specification s ON s.id = r.specification_id "
                  "WHERE r.id = ?",
                  run_columns));
  q.bind(1, run_id);
  if (!q.executeStep())
    throw Error(ErrorKind::not_found, fmt::format("no run {} in {}", run_id, db_.path().string()));
  return read_run(q);
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

rules::Specification Runs::specification(std::int64_t run_id) try {
  SQLite::Statement q(
      db_.connection(),
      "SELECT s.sources FROM run r JOIN specification s ON s.id = r.specification_id "
      "WHERE r.id = ?");
  q.bind(1, run_id);
  if (!q.executeStep())
    throw Error(ErrorKind::not_found, fmt::format("no run {} in {}", run_id, db_.path().string()));
  return checked_specification(parse_sources(q.getColumn(0).getString()),
                               fmt::format("run {}'s specification", run_id));
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

RecordLayout layout_of(int format, rules::Vacancy const& vacancy) {
  if (format != 1 && format != 2)
    throw Error(ErrorKind::corrupt,
                fmt::format("a run is stored in record format {}, unknown to this Sift", format));
  RecordLayout layout;
  layout.format = format;
  for (auto const& c : vacancy.criteria)
    layout.criteria.push_back(c.id);
  for (auto const& f : vacancy.flags)
    layout.flags.push_back(f.id);
  return layout;
}

RecordLayout record_layout(Database& db, std::int64_t run_id) {
  Runs runs(db);
  auto const run = runs.get(run_id);
  auto const spec = runs.specification(run_id);
  auto const* vacancy = spec.vacancy(run.vacancy);
  if (!vacancy)
    throw Error(ErrorKind::corrupt,
                fmt::format("run {}'s specification has no vacancy '{}'", run_id, run.vacancy));
  return layout_of(run.record_format, *vacancy);
}

PlacingsInRefOrder::PlacingsInRefOrder(SQLite::Database& db, std::int64_t run_id,
                                       std::string const& first)
    : placings_(db,
                "SELECT ref, rank, shortlisted FROM placing WHERE run_id = ?1 AND ref >= ?2 "
                "ORDER BY ref") {
  placings_.bind(1, run_id);
  placings_.bind(2, first);
  left_ = placings_.step();
}

void PlacingsInRefOrder::place(StoredResult& result) {
  while (left_ && placings_.text(0) < result.ref)
    left_ = placings_.step();
  if (!left_ || placings_.text(0) != result.ref) return;
  result.rank = static_cast<int>(placings_.integer(1));
  if (placings_.integer(2)) result.verdict = engine::Verdict::shortlisted;
}

void read_result(RawStatement const& q, simdjson::dom::parser& parser, Decode decode,
                 RecordLayout const& layout, StoredResult& out) {
  out.format = layout.format;
  out.ref.assign(q.text(0));
  out.application_id = q.integer(1);
  out.verdict = stored_verdict(out.ref, q.text(2));
  out.score = q.real(3);
  out.rank = 0;
  if (!q.is_null(8)) {
    out.rank = static_cast<int>(q.integer(8));
    if (q.integer(9)) out.verdict = engine::Verdict::shortlisted;
  }
  if (layout.format == 2)
    decode_packed(q.bytes(4), q.bytes(7), layout, decode == Decode::all, out);
  else
    decode_columns(parser, q.text(4), q.text(5), q.text(6), q.text(7), decode == Decode::all, out);
}

void Runs::each_result(std::int64_t run_id, bool criteria,
                       std::function<void(StoredResult const&)> const& take) try {
  RawStatement q(
      db_.connection(),
      fmt::format("SELECT {}, NULL, NULL FROM result x WHERE x.run_id = ? ORDER BY x.ref",
                  result_row_columns)
          .c_str());
  q.bind(1, run_id);
  PlacingsInRefOrder placings(db_.connection(), run_id, "");
  auto const layout = record_layout(db_, run_id);
  simdjson::dom::parser parser;
  StoredResult result;
  while (q.step()) {
    read_result(q, parser, criteria ? Decode::all : Decode::without_criteria, layout, result);
    placings.place(result);
    take(result);
  }
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::optional<StoredResult> Runs::result(std::int64_t run_id, std::string const& ref) try {
  RawStatement q(db_.connection(),
                 fmt::format("SELECT {}, p.rank, p.shortlisted FROM result x LEFT JOIN placing p "
                             "ON p.run_id = x.run_id AND p.ref = x.ref WHERE x.run_id = ? AND "
                             "x.ref = ?",
                             result_row_columns)
                     .c_str());
  q.bind(1, run_id);
  q.bind(2, ref);
  if (!q.step()) return std::nullopt;
  simdjson::dom::parser parser;
  StoredResult result;
  read_result(q, parser, Decode::all, record_layout(db_, run_id), result);
  return result;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

// Ranks follow scores, highest first (engine::rank_and_shortlist), so the lowest shortlisted
// score is the last shortlisted rank's: one row read, where the minimum over a million-applicant
// run's shortlist read a page of results for each of its thousands.
std::optional<double> Runs::lowest_shortlisted(std::int64_t run_id) try {
  SQLite::Statement q(db_.connection(),
                      "SELECT x.score FROM placing p INDEXED BY placing_shortlisted JOIN result x "
                      "ON x.run_id = p.run_id AND x.ref = p.ref WHERE p.run_id = ? AND "
                      "p.shortlisted ORDER BY p.rank DESC LIMIT 1");
  q.bind(1, run_id);
  if (q.executeStep() && !q.getColumn(0).isNull()) return q.getColumn(0).getDouble();
  return std::nullopt;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::vector<ScoreRead> Runs::scores_read(std::int64_t run_id) try {
  SQLite::Statement row(db_.connection(), score_row_by_id);
  std::vector<ScoreRead> out;
  each_result(run_id, false, [&](StoredResult const& r) {
    auto const first = out.size();
    for (auto const id : r.scores_read) {
      row.reset();
      row.bind(1, id);
      if (row.executeStep())
        out.push_back({r.ref, row.getColumn(0).getString(), row.getColumn(1).getString(),
                       row.getColumn(2).getInt(), row.getColumn(3).getString()});
    }
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [](ScoreRead const& a, ScoreRead const& b) {
                return std::tie(a.criterion, a.assessor) < std::tie(b.criterion, b.assessor);
              });
  });
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

Integrity Runs::integrity(std::int64_t run_id) try {
  auto& c = db_.connection();
  Integrity report;
  SQLite::Statement q(c,
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
      report.problems.push_back(
          fmt::format("run {}: its record does not match its chain hash (the run row, or an "
                      "earlier run, was changed after it was stored)",
                      q.getColumn(0).getInt64()));
    previous = q.getColumn(7).getString();
  }
  return report;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

void Runs::fold_placings(std::int64_t run_id, ResultsDigest& digest) try {
  RawStatement p(db_.connection(),
                 "SELECT ref, rank, shortlisted FROM placing WHERE run_id = ? ORDER BY ref");
  p.bind(1, run_id);
  while (p.step())
    digest.add_placing(p.bytes(0), static_cast<int>(p.integer(1)), p.integer(2) != 0);
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

}  // namespace sift::data
