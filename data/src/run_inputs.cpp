#include "sift/data/run_inputs.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sqlite3.h>
#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "raw_statement.hpp"
#include "result_rows.hpp"
#include "results_text.hpp"
#include "sift/data/fact_values.hpp"
#include "sift/data/runs.hpp"
#include "sift/rules/specification.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

// A score row into a criterion's cells, one per panel member. The panel's agreed score has no
// cell of its own (the panel is who scores): it is added for the applicants it was agreed for.
// Rows come oldest first, so the latest takes the cell.
void take_score(std::vector<ScoreCell>& cells, std::string_view assessor, std::int64_t row,
                int score) {
  for (auto& cell : cells)
    if (cell.assessor == assessor) {
      cell.score = score;
      cell.row = row;
      return;
    }
  if (assessor == engine::agreed_by_panel) cells.push_back({std::string(assessor), row, score});
}

}  // namespace

struct InputsDigest::State {
  Sha256 hash;
};

InputsDigest::InputsDigest() : state_(std::make_unique<State>()) {}
InputsDigest::~InputsDigest() = default;

void InputsDigest::line_of(ApplicantInputs const& read, std::string& line) {
  // The score rows read, by row id: the same rows in whatever order a reader found them.
  boost::container::small_vector<std::pair<std::int64_t, int>, 16> rows;
  for (auto const& cells : read.scores)
    for (auto const& cell : cells)
      if (cell.row != 0 && cell.score) rows.emplace_back(cell.row, *cell.score);
  std::sort(rows.begin(), rows.end());
  // "ID FACTS_SHA256 ROW:SCORE ROW:SCORE...\n", written by hand: a line per applicant.
  auto const append_number = [&line](std::int64_t number) {
    char digits[24];
    auto const end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    line.append(digits, end);
  };
  line.clear();
  append_number(read.application_id);
  line.append(1, ' ').append(read.facts_sha256);
  for (auto const& [row, score] : rows) {
    line += ' ';
    append_number(row);
    line += ':';
    append_number(score);
  }
  line += '\n';
}

void InputsDigest::add(std::string_view line) {
  state_->hash.add(line);
}

std::string InputsDigest::hex() {
  return state_->hash.hex();
}

// Two cursors run side by side in ref order: the applications (every version, the last of each
// ref being the latest) and the assessors' scores (the last row of each key being the latest).
struct LatestApplications::Cursor {
  Database& db;
  // Its own connection: reading on another thread while the writer's connection stores
  // results. It sees the last committed state, which is the writer's too: the writer holds the
  // write lock and has changed nothing this reads.
  SQLite::Database connection;
  std::string vacancy;
  std::size_t criterion_count;
  // The panel for each scored criterion: everyone who has scored it for this vacancy. An
  // applicant without a score from one of them is unknown on that criterion.
  std::vector<std::vector<std::string>> panel;
  // Looked up once per score row, millions of times in a large run: hashed.
  std::unordered_map<std::string_view, std::size_t> criterion_index;
  std::vector<std::string> criteria;  // owns the keys above
  // One read transaction gives both cursors the same snapshot.
  SQLite::Transaction snapshot;
  RawStatement applications;
  RawStatement facts_of;
  // Each applicant's score sheet (schema version 14): their assessor_score rows in one row.
  RawStatement sheets;
  bool rows_left = false;
  bool sheets_left = false;

  Cursor(Database& d, std::string const& v, std::vector<std::string> const& ids,
         std::vector<bool> const& scored, bool with_statement, std::optional<int> values_version)
      : db(d),
        connection(d.path().string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX,
                   busy_timeout_ms),
        vacancy(v),
        criterion_count(ids.size()),
        panel(ids.size()),
        criteria(ids),
        snapshot(connection),
        // The values packed under the version run; the JSON facts (facts_of) only without them.
        applications(connection, fmt::format("SELECT a.id, a.ref, {}, v.facts_sha256, CASE WHEN "
                                             "v.values_version = ?2 THEN v.facts_values END "
                                             "FROM application a LEFT JOIN application_values v "
                                             "ON v.application_id = a.id {}WHERE a.vacancy_id = "
                                             "?1 ORDER BY a.ref, a.version",
                                             with_statement ? "i.statement" : "NULL",
                                             with_statement ? "LEFT JOIN identity i ON "
                                                              "i.application_id = a.id "
                                                            : "")
                                     .c_str()),
        facts_of(connection, "SELECT facts FROM application WHERE id = ?"),
        sheets(connection, "SELECT ref, cells FROM score_sheet WHERE vacancy_id = ? ORDER BY ref") {
    for (std::size_t i = 0; i < criteria.size(); ++i)
      criterion_index.emplace(criteria[i], i);
    SQLite::Statement q(connection,
                        "SELECT criterion, assessor FROM panel_member WHERE vacancy_id = ? "
                        "ORDER BY criterion, assessor");
    q.bind(1, vacancy);
    while (q.executeStep()) {
      auto const found = criterion_index.find(q.getColumn(0).getText());
      if (found != criterion_index.end() && scored[found->second])
        panel[found->second].push_back(q.getColumn(1).getString());
    }
    applications.bind(1, vacancy);
    if (values_version) applications.bind(2, std::int64_t{*values_version});
    sheets.bind(1, vacancy);
    rows_left = applications.step();
    sheets_left = sheets.step();
  }

  [[noreturn]] void damaged_sheet(std::string const& ref) const {
    throw Error(ErrorKind::corrupt,
                fmt::format("{}: the score sheet of {} in vacancy '{}' cannot be read (damaged "
                            "or edited; the assessor_score rows are what verify checks)",
                            db.path().string(), ref, vacancy));
  }

  // The applicant's score sheet, as stored, for attach_scores. Sheets of refs before this one
  // belong to no stored application and are passed over; a later ref's belongs to a later
  // applicant.
  void collect_sheet(ApplicantInputs& p) {
    p.has_score_sheet = false;
    while (sheets_left) {
      auto const order = sheets.text(0).compare(p.ref);
      if (order > 0) break;
      if (order == 0) {
        p.has_score_sheet = true;
        p.score_sheet.assign(sheets.text(1));
      }
      sheets_left = sheets.step();
    }
  }

  // The rows of the applicant's score sheet into their cells, oldest first, so that the latest
  // of each assessor's scores of a criterion takes the cell.
  void attach_scores(ApplicantInputs& p, SheetScratch::State& scratch) const;

  std::size_t read(std::vector<ApplicantInputs>& chunk) {
    std::size_t n = 0;
    while (rows_left && n < chunk.size()) {
      ApplicantInputs& p = chunk[n++];
      p.ref.assign(applications.text(1));
      do {
        p.application_id = applications.integer(0);
        p.values.assign(applications.bytes(4));
        p.has_statement = !applications.is_null(2);
        if (p.has_statement) p.statement.assign(applications.text(2));
        p.facts_sha256.assign(applications.text(3));
        rows_left = applications.step();
      } while (rows_left && p.ref == applications.text(1));
      p.facts.clear();
      if (p.values.empty()) {
        facts_of.reset();
        facts_of.bind(1, p.application_id);
        if (facts_of.step()) p.facts.assign(facts_of.text(0));
      }
      collect_sheet(p);
    }
    return n;
  }
};

struct LatestApplications::SheetScratch::State {
  simdjson::dom::parser parser;
  struct Row {
    std::int64_t row;
    std::string_view criterion;
    std::string_view assessor;
    int score;
  };
  std::vector<Row> rows;
};

LatestApplications::SheetScratch::SheetScratch() : state_(std::make_unique<State>()) {}
LatestApplications::SheetScratch::~SheetScratch() = default;
LatestApplications::SheetScratch::SheetScratch(SheetScratch&&) noexcept = default;
LatestApplications::SheetScratch& LatestApplications::SheetScratch::operator=(
    SheetScratch&&) noexcept = default;

void LatestApplications::Cursor::attach_scores(ApplicantInputs& p,
                                               SheetScratch::State& scratch) const {
  p.scores.resize(criterion_count);
  for (std::size_t i = 0; i < criterion_count; ++i) {
    p.scores[i].resize(panel[i].size());
    for (std::size_t a = 0; a < panel[i].size(); ++a) {
      auto& cell = p.scores[i][a];
      cell.assessor = panel[i][a];
      cell.row = 0;
      cell.score.reset();
    }
  }
  if (!p.has_score_sheet) return;
  auto const& cells = p.score_sheet;
  simdjson::dom::array rows;
  if (scratch.parser.parse(cells.data(), cells.size()).get_array().get(rows)) damaged_sheet(p.ref);
  scratch.rows.clear();
  for (auto const each : rows) {
    simdjson::dom::array fields;
    if (each.get_array().get(fields) || fields.size() != 4) damaged_sheet(p.ref);
    SheetScratch::State::Row row{};
    std::int64_t score = 0;
    auto field = fields.begin();
    if ((*field).get_int64().get(row.row) || (*++field).get_string().get(row.criterion) ||
        (*++field).get_string().get(row.assessor) || (*++field).get_int64().get(score) ||
        score < 0 || score > rules::max_assessor_score)
      damaged_sheet(p.ref);
    row.score = static_cast<int>(score);
    scratch.rows.push_back(row);
  }
  std::sort(scratch.rows.begin(), scratch.rows.end(),
            [](auto const& a, auto const& b) { return a.row < b.row; });
  for (auto const& row : scratch.rows) {
    auto const found = criterion_index.find(row.criterion);
    if (found != criterion_index.end())
      take_score(p.scores[found->second], row.assessor, row.row, row.score);
  }
}

void LatestApplications::attach_scores(ApplicantInputs& inputs, SheetScratch& scratch) const {
  cursor_->attach_scores(inputs, *scratch.state_);
}

LatestApplications::LatestApplications(Database& db, std::string const& vacancy,
                                       std::vector<std::string> const& criteria,
                                       std::vector<bool> const& scored, bool with_statement,
                                       std::optional<int> values_version) try
    : cursor_(
          std::make_unique<Cursor>(db, vacancy, criteria, scored, with_statement, values_version)) {
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

LatestApplications::~LatestApplications() = default;

std::size_t LatestApplications::read(std::vector<ApplicantInputs>& chunk) try {
  return cursor_->read(chunk);
} catch (SQLite::Exception const& e) {
  throw storage_error(cursor_->db.path(), e);
}

std::size_t LatestApplications::count() try {
  SQLite::Statement q(cursor_->connection,
                      "SELECT count(DISTINCT ref) FROM application WHERE vacancy_id = ?");
  q.bind(1, cursor_->vacancy);
  q.executeStep();
  return static_cast<std::size_t>(q.getColumn(0).getInt64());
} catch (SQLite::Exception const& e) {
  throw storage_error(cursor_->db.path(), e);
}

namespace {

// The panel a run read, for each scored criterion by index: kept in the run's header (format
// 2), or, for a run stored before, every (criterion, assessor) among the score rows it read.
std::vector<std::vector<std::string>> panel_of_run(
    Database& db, std::int64_t run_id, RecordLayout const& layout,
    std::map<std::string, std::size_t, std::less<>> const& criterion_index,
    std::vector<bool> const& scored) {
  auto& c = db.connection();
  std::vector<std::vector<std::string>> panel(criterion_index.size());
  if (layout.format == 2) {
    SQLite::Statement q(c,
                        "SELECT p.key, a.value FROM run r, json_each(r.panel) p, "
                        "json_each(p.value) a WHERE r.id = ? ORDER BY p.key, a.value");
    q.bind(1, run_id);
    while (q.executeStep()) {
      auto const found = criterion_index.find(q.getColumn(0).getString());
      if (found != criterion_index.end() && scored[found->second])
        panel[found->second].push_back(q.getColumn(1).getString());
    }
    return panel;
  }
  SQLite::Statement q(
      c,
      "SELECT DISTINCT s.criterion, s.assessor FROM result r, json_each(r.scores_read) j "
      "JOIN (SELECT id, criterion, assessor FROM assessor_score UNION ALL "
      "SELECT score_id, criterion, assessor FROM score_withdrawal) s ON s.id = j.value "
      "WHERE r.run_id = ? ORDER BY 1, 2");
  q.bind(1, run_id);
  while (q.executeStep()) {
    auto const found = criterion_index.find(q.getColumn(0).getString());
    if (found != criterion_index.end() && q.getColumn(1).getString() != engine::agreed_by_panel)
      panel[found->second].push_back(q.getColumn(1).getString());
  }
  return panel;
}

}  // namespace

void each_recorded_input(Database& db, RunRecord const& run, rules::Vacancy const& vacancy,
                         std::optional<std::string> const& only, bool with_statement,
                         bool decode_criteria,
                         std::function<void(StoredResult&, RecordedInputs&)> const& take) try {
  auto& c = db.connection();
  auto const run_id = run.id;
  auto const layout = layout_of(run.record_format, vacancy);
  auto const& criteria = layout.criteria;
  std::vector<bool> scored;
  std::map<std::string, std::size_t, std::less<>> criterion_index;
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    criterion_index[criteria[i]] = i;
    scored.push_back(vacancy.criteria[i].scoring.has_value());
  }
  auto const panel = panel_of_run(db, run_id, layout, criterion_index, scored);
  RawStatement results(
      c, fmt::format(
             "SELECT {}, NULL, NULL, a.facts, {}, a.ref, v.facts_sha256, v.facts_values, "
             "v.values_version FROM result x "
             "LEFT JOIN application a ON a.id = x.application_id "
             "LEFT JOIN application_values v ON v.application_id = x.application_id {}"
             "WHERE x.run_id = ?1{} ORDER BY x.ref",
             result_row_columns, with_statement ? "i.statement" : "NULL",
             with_statement ? "LEFT JOIN identity i ON i.application_id = x.application_id " : "",
             only ? " AND x.ref = ?2" : "")
             .c_str());
  results.bind(1, run_id);
  if (only) results.bind(2, *only);
  RawStatement score_row(c, score_row_by_id);
  PlacingsInRefOrder placings(c, run_id, only.value_or(""));
  simdjson::dom::parser parser;
  StoredResult stored;
  RecordedInputs recorded;
  while (results.step()) {
    read_result(results, parser, decode_criteria ? Decode::all : Decode::without_criteria, layout,
                stored);
    placings.place(stored);
    // The verdict as stored, before its placing (the shortlisted were stored as eligible).
    auto const verdict =
        stored.verdict == engine::Verdict::shortlisted ? engine::Verdict::eligible : stored.verdict;
    recorded.stored_row.assign_stored(stored.ref, stored.application_id, verdict, stored.score,
                                      results.bytes(4), results.bytes(7));
    recorded.stored_verdict.assign(results.bytes(2));
    recorded.stored_flags.assign(results.bytes(5));
    recorded.stored_moderation.assign(results.bytes(6));
    recorded.missing_score_rows.clear();
    if (results.is_null(10) || results.text(12) != stored.ref) {
      recorded.found = false;
      take(stored, recorded);
      continue;
    }
    recorded.found = true;
    auto& in = recorded.inputs;
    in.application_id = stored.application_id;
    in.ref = stored.ref;
    in.facts.assign(results.text(10));
    in.facts_sha256.assign(results.text(13));
    recorded.stored_values_version = static_cast<int>(results.integer(15));
    // Recomputed as the run read them: from the values packed under its version, if any.
    recorded.values_in_inputs = recorded.stored_values_version == run.specification_version;
    (recorded.values_in_inputs ? in.values : recorded.other_values).assign(results.bytes(14));
    (recorded.values_in_inputs ? recorded.other_values : in.values).clear();
    in.has_statement = !results.is_null(11);
    if (in.has_statement) in.statement.assign(results.text(11));
    in.scores.resize(criteria.size());
    for (std::size_t i = 0; i < panel.size(); ++i) {
      in.scores[i].resize(panel[i].size());
      for (std::size_t a = 0; a < panel[i].size(); ++a)
        in.scores[i][a] = {panel[i][a], 0, std::nullopt};
    }
    for (auto const id : stored.scores_read) {
      score_row.reset();
      score_row.bind(1, id);
      if (!score_row.step()) {
        recorded.missing_score_rows.push_back(id);
        continue;
      }
      auto const found = criterion_index.find(score_row.text(0));
      if (found == criterion_index.end()) continue;
      take_score(in.scores[found->second], score_row.text(1), id,
                 static_cast<int>(score_row.integer(2)));
    }
    take(stored, recorded);
  }
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

void decode_criteria(RunRecord const& run, rules::Vacancy const& vacancy,
                     RecordedInputs const& recorded, StoredResult& stored) {
  auto const& row = recorded.stored_row;
  decode_packed(row.outcomes(), row.scores_read(), layout_of(run.record_format, vacancy), true,
                stored);
}

std::string stored_digest(RecordedInputs const& recorded) {
  auto const& row = recorded.stored_row;
  return row_digest(row.ref(), row.application_id(), recorded.stored_verdict, row.score(),
                    row.outcomes(), recorded.stored_flags, recorded.stored_moderation,
                    row.scores_read());
}

bool facts_edited(RecordedInputs const& recorded) {
  auto const& in = recorded.inputs;
  return !in.facts_sha256.empty() &&
         facts_digest(in.facts, recorded.stored_values(), recorded.stored_values_version) !=
             in.facts_sha256;
}

std::vector<std::string> refs_imported_by(Database& db, std::string const& vacancy,
                                          std::string const& time) try {
  SQLite::Statement q(db.connection(),
                      "SELECT DISTINCT ref FROM application WHERE vacancy_id = ? AND imported_at "
                      "<= ? ORDER BY ref");
  q.bind(1, vacancy);
  q.bind(2, time);
  std::vector<std::string> out;
  while (q.executeStep())
    out.push_back(q.getColumn(0).getString());
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

}  // namespace sift::data
