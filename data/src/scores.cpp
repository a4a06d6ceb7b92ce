// Importing assessors' scores (CSV: ref,criterion,assessor,score,comment). Scores are kept as a
// history: a changed score is a new row, and the latest row for an assessor and criterion counts.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "bulk_transaction.hpp"
#include "csv.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/specifications.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/load.hpp"
#include "sift/rules/suggest.hpp"
#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

std::string the_vacancy(SQLite::Database& db, std::string const& wanted) {
  if (!wanted.empty()) return wanted;
  SQLite::Statement query(db, "SELECT id FROM vacancy ORDER BY id");
  std::vector<std::string> ids;
  while (query.executeStep())
    ids.push_back(query.getColumn(0).getString());
  if (ids.size() == 1) return ids.front();
  if (ids.empty())
    throw Error(ErrorKind::not_found,
                "there are no vacancies in the database; add one with 'sift vacancy add'");
  throw Error(ErrorKind::invalid_input,
              fmt::format("the database holds {} vacancies; say which these scores belong to "
                          "with --vacancy",
                          ids.size()));
}

bool has_control(std::string const& text) {
  for (unsigned char const c : text)
    if (c < 0x20 && c != '\t') return true;
  return false;
}

}  // namespace

ImportSummary Scores::import(std::istream& input, std::string const& name,
                             ImportOptions const& options) try {
  auto const vacancy = the_vacancy(db_.connection(), options.vacancy);
  auto const spec = Vacancies(db_).checked(vacancy);
  auto const& spec_vacancy = *spec.vacancy(vacancy);
  std::map<std::string, bool> criteria;  // id -> scored by assessors
  std::vector<std::string> ids;
  for (auto const& c : spec_vacancy.criteria) {
    criteria[c.id] = c.scoring.has_value();
    ids.push_back(c.id);
  }

  std::unordered_set<std::string> refs;
  {
    SQLite::Statement query(db_.connection(),
                            "SELECT DISTINCT ref FROM application WHERE vacancy_id = ?");
    query.bind(1, vacancy);
    while (query.executeStep())
      refs.insert(query.getColumn(0).getString());
  }

  ImportSummary summary;
  BulkTransaction transaction(db_.connection());
  SQLite::Statement latest(
      db_.connection(),
      "SELECT score, comment FROM assessor_score WHERE vacancy_id = ? AND ref = ? "
      "AND criterion = ? AND assessor = ? ORDER BY id DESC LIMIT 1");
  SQLite::Statement insert(
      db_.connection(),
      "INSERT INTO assessor_score (vacancy_id, ref, criterion, assessor, score, "
      "comment, recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  auto const now = now_utc();

  CsvReader reader(input);
  std::vector<std::string> fields;
  std::string problem;
  if (!reader.next(fields, problem))
    throw Error(ErrorKind::invalid_input,
                fmt::format("{}: the file is empty: no scores to import", name));
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < fields.size(); ++i)
    column[fields[i]] = i;
  for (char const* required : {"ref", "criterion", "assessor", "score"})
    if (!column.contains(required))
      throw Error(ErrorKind::invalid_input,
                  fmt::format("{}:1: the header has no '{}' column; expected "
                              "ref,criterion,assessor,score,comment",
                              name, required));
  std::size_t const width = fields.size();
  auto const header = fields;
  std::unordered_map<std::string, std::size_t> seen;
  std::set<std::pair<std::string, std::string>> panel;  // (criterion, assessor) of stored rows

  bool header_rejected = false;
  std::vector<std::string> problems;  // of the row in hand: every one, not only the first
  auto const reject = [&](std::size_t line) {
    ++summary.rejected;
    for (auto& each : problems)
      list_problem(summary, {line, std::move(each), {}});
    if (!options.rejects) return;
    if (!header_rejected) write_csv_record(*options.rejects, header);
    header_rejected = true;
    write_csv_record(*options.rejects, fields);
  };
  while (reader.next(fields, problem)) {
    std::size_t const line = reader.line();
    if (fields.size() == 1 && fields.front().empty()) continue;  // a blank line
    ++summary.read;
    problems.clear();
    if (!problem.empty())
      problems.push_back(problem);
    else if (fields.size() != width)
      problems.push_back(fmt::format("{} fields, but the header has {}", fields.size(), width));
    if (!problems.empty()) {
      reject(line);
      continue;
    }
    auto const& ref = fields[column["ref"]];
    auto const& criterion = fields[column["criterion"]];
    auto const& assessor = fields[column["assessor"]];
    auto const& score_text = fields[column["score"]];
    std::string const comment = column.contains("comment") ? fields[column["comment"]] : "";
    if (!refs.contains(ref))
      problems.push_back(fmt::format("ref '{}' has no application in vacancy '{}'", ref, vacancy));
    auto const found = criteria.find(criterion);
    if (found == criteria.end()) {
      auto const suggestion = rules::nearest(criterion, ids);
      problems.push_back(
          fmt::format("criterion '{}' is not in vacancy '{}'{}", criterion, vacancy,
                      suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
    } else if (!found->second) {
      problems.push_back(
          fmt::format("criterion '{}' is decided by a rule, not scored by assessors", criterion));
    }
    if (assessor.empty() || has_control(assessor) || assessor.size() > 100)
      problems.push_back("assessor is empty, too long or holds a control character");
    if (score_text.size() != 1 || score_text[0] < '0' || score_text[0] > '3')
      problems.push_back(
          fmt::format("score is '{}', expected a whole number from 0 to 3", score_text));
    if (problems.empty()) {
      auto const [previous, first] =
          seen.emplace(ref + '\x1f' + criterion + '\x1f' + assessor, line);
      if (!first)
        problems.push_back(fmt::format("{} already scored {} for {} on line {}", assessor,
                                       criterion, ref, previous->second));
    }
    if (!problems.empty()) {
      reject(line);
      continue;
    }
    int const score = score_text[0] - '0';
    latest.reset();
    latest.bind(1, vacancy);
    latest.bind(2, ref);
    latest.bind(3, criterion);
    latest.bind(4, assessor);
    bool existed = false;
    if (latest.executeStep()) {
      existed = true;
      if (latest.getColumn(0).getInt() == score && latest.getColumn(1).getString() == comment) {
        ++summary.unchanged;
        continue;
      }
    }
    ++(existed ? summary.new_versions : summary.added);
    insert.reset();
    insert.bind(1, vacancy);
    insert.bind(2, ref);
    insert.bind(3, criterion);
    insert.bind(4, assessor);
    insert.bind(5, score);
    insert.bind(6, comment);
    insert.bind(7, now);
    insert.bind(8, fmt::format("{}:{}", name, line));
    insert.exec();
    panel.emplace(criterion, assessor);
  }
  if (input.bad()) throw Error(ErrorKind::io, fmt::format("{}: cannot read the input", name));
  if (options.rejects && !options.rejects->flush())
    throw Error(ErrorKind::io, fmt::format("{}: cannot write the rejected rows", name));
  SQLite::Statement join_panel(
      db_.connection(),
      "INSERT OR IGNORE INTO panel_member (vacancy_id, criterion, assessor) VALUES (?, ?, ?)");
  for (auto const& [criterion, assessor] : panel) {
    join_panel.reset();
    join_panel.bind(1, vacancy);
    join_panel.bind(2, criterion);
    join_panel.bind(3, assessor);
    join_panel.exec();
  }
  finish_import(transaction, summary, options);
  return summary;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::map<std::string, std::vector<std::string>> Scores::panel(std::string const& vacancy) try {
  std::map<std::string, std::vector<std::string>> out;
  SQLite::Statement q(db_.connection(),
                      "SELECT criterion, assessor FROM panel_member WHERE vacancy_id = ? "
                      "ORDER BY criterion, assessor");
  q.bind(1, vacancy);
  while (q.executeStep())
    out[q.getColumn(0).getString()].push_back(q.getColumn(1).getString());
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::vector<StoredScore> Scores::latest(std::string const& vacancy) try {
  // Rows come in id order within each key, so the last one read is the latest.
  std::vector<StoredScore> out;
  SQLite::Statement q(db_.connection(),
                      "SELECT criterion, ref, assessor, score FROM assessor_score "
                      "WHERE vacancy_id = ? ORDER BY criterion, ref, assessor, id");
  q.bind(1, vacancy);
  while (q.executeStep()) {
    StoredScore s{q.getColumn(0).getString(), q.getColumn(1).getString(),
                  q.getColumn(2).getString(), q.getColumn(3).getInt()};
    if (!out.empty() && out.back().criterion == s.criterion && out.back().ref == s.ref &&
        out.back().assessor == s.assessor)
      out.back() = std::move(s);
    else
      out.push_back(std::move(s));
  }
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

}  // namespace sift::data
