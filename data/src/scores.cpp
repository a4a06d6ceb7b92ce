// Importing assessors' scores (CSV: ref,criterion,assessor,score,comment). Scores are kept as a
// history: a changed score is a new row, and the latest row for an assessor and criterion counts.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "bulk_transaction.hpp"
#include "csv.hpp"
#include "sift/data/ledger.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/specifications.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/engine/vocabulary.hpp"
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

// Each applicant's score sheet (schema version 14) is kept by triggers on assessor_score. On
// every row of a large import the insert trigger would cost more than the import itself (each
// insert then journals the 16 KiB pages it changes, to undo the statement alone): the import
// sets the trigger aside inside its transaction and gathers the sheets of the applicants it
// scored once, at the end. Other connections never see it missing, and a rollback restores it.
std::string set_aside_sheet_trigger(SQLite::Database& db) {
  auto const sql = db.execAndGet(
                         "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = "
                         "'score_sheet_add'")
                       .getString();
  db.exec("DROP TRIGGER score_sheet_add");
  return sql;
}

void gather_sheets(SQLite::Database& db, std::string const& vacancy,
                   std::set<std::string> const& refs, std::string const& sheet_trigger) {
  SQLite::Statement gather(
      db,
      "INSERT OR REPLACE INTO score_sheet (vacancy_id, ref, cells) "
      "SELECT vacancy_id, ref, json_group_array(json_array(id, criterion, assessor, score)) "
      "FROM assessor_score WHERE vacancy_id = ?1 AND ref = ?2 GROUP BY vacancy_id, ref");
  for (auto const& ref : refs) {
    gather.reset();
    gather.bind(1, vacancy);
    gather.bind(2, ref);
    gather.exec();
  }
  db.exec(sheet_trigger);
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

  auto const declared = this->declared(vacancy);
  std::set<std::pair<std::string, std::string>> conflicted;  // (assessor, ref)
  for (auto const& c : declared.conflicts)
    conflicted.emplace(c.assessor, c.ref);

  ImportSummary summary;
  BulkTransaction transaction(db_.connection());
  auto const sheet_trigger = set_aside_sheet_trigger(db_.connection());
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
  std::set<std::string> scored;                         // refs with a row stored

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
    if (assessor.empty() || has_control(assessor) || assessor.size() > 100) {
      problems.push_back("assessor is empty, too long or holds a control character");
    } else if (assessor == engine::agreed_by_panel) {
      problems.push_back(fmt::format(
          "'{}' is the panel's agreed score: record it with 'sift scores agree'", assessor));
    } else if (!declared.members.empty() &&
               std::find(declared.members.begin(), declared.members.end(), assessor) ==
                   declared.members.end()) {
      // A mistyped name would otherwise join the panel, and leave every applicant waiting on a
      // score from someone who does not exist.
      auto const suggestion = rules::nearest(assessor, declared.members);
      problems.push_back(fmt::format("assessor '{}' is not on the panel of vacancy '{}'{}",
                                     assessor, vacancy,
                                     suggestion ? fmt::format("; did you mean '{}'?", *suggestion)
                                                : fmt::format(" ({}; 'sift panel' adds members)",
                                                              fmt::join(declared.members, ", "))));
    } else if (conflicted.contains({assessor, ref})) {
      problems.push_back(fmt::format(
          "{} declared a conflict of interest with {}, and may not score them", assessor, ref));
    }
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
    scored.insert(ref);
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
  gather_sheets(db_.connection(), vacancy, scored, sheet_trigger);
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
  // Rows come in id order within each key, so the last one read is the latest. The panel's
  // agreed scores are not an assessor's.
  std::vector<StoredScore> out;
  SQLite::Statement q(db_.connection(),
                      "SELECT criterion, ref, assessor, score FROM assessor_score "
                      "WHERE vacancy_id = ? AND assessor != ? ORDER BY criterion, ref, assessor, "
                      "id");
  q.bind(1, vacancy);
  q.bind(2, std::string(engine::agreed_by_panel));
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

void Scores::declare(std::string const& vacancy, std::vector<std::string> const& members,
                     std::vector<Conflict> const& conflicts, std::string const& by) try {
  if (is_blank(by))
    throw Error(ErrorKind::invalid_input, "a panel is declared by someone: --by cannot be empty");
  Vacancies(db_).checked(vacancy);  // Error(not_found) for an unknown vacancy
  SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
  auto const now = now_utc();
  SQLite::Statement member(db_.connection(),
                           "INSERT OR IGNORE INTO panel_declared (vacancy_id, assessor, "
                           "declared_at, declared_by) VALUES (?, ?, ?, ?)");
  for (auto const& name : members) {
    if (is_blank(name) || has_control(name) || name.size() > 100)
      throw Error(ErrorKind::invalid_input,
                  fmt::format("'{}' cannot name a panel member: blank, too long or holding a "
                              "control character",
                              name));
    member.reset();
    member.bind(1, vacancy);
    member.bind(2, name);
    member.bind(3, now);
    member.bind(4, by);
    member.exec();
  }
  SQLite::Statement applied(db_.connection(),
                            "SELECT 1 FROM application WHERE vacancy_id = ? AND ref = ? LIMIT 1");
  SQLite::Statement conflict(db_.connection(),
                             "INSERT OR REPLACE INTO panel_conflict (vacancy_id, assessor, ref, "
                             "reason, declared_at, declared_by) VALUES (?, ?, ?, ?, ?, ?)");
  for (auto const& c : conflicts) {
    if (is_blank(c.reason))
      throw Error(ErrorKind::invalid_input, "a conflict of interest needs a reason (--reason)");
    applied.reset();
    applied.bind(1, vacancy);
    applied.bind(2, c.ref);
    if (!applied.executeStep())
      throw Error(ErrorKind::not_found,
                  fmt::format("ref '{}' has no application in vacancy '{}'", c.ref, vacancy));
    conflict.reset();
    conflict.bind(1, vacancy);
    conflict.bind(2, c.assessor);
    conflict.bind(3, c.ref);
    conflict.bind(4, c.reason);
    conflict.bind(5, now);
    conflict.bind(6, by);
    conflict.exec();
  }
  transaction.commit();
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

PanelDeclaration Scores::declared(std::string const& vacancy) try {
  PanelDeclaration out;
  SQLite::Statement members(db_.connection(),
                            "SELECT assessor FROM panel_declared WHERE vacancy_id = ? ORDER BY 1");
  members.bind(1, vacancy);
  while (members.executeStep())
    out.members.push_back(members.getColumn(0).getString());
  SQLite::Statement conflicts(db_.connection(),
                              "SELECT assessor, ref, reason FROM panel_conflict "
                              "WHERE vacancy_id = ? ORDER BY 1, 2");
  conflicts.bind(1, vacancy);
  while (conflicts.executeStep())
    out.conflicts.push_back({conflicts.getColumn(0).getString(), conflicts.getColumn(1).getString(),
                             conflicts.getColumn(2).getString()});
  return out;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

void Scores::agree(std::string const& vacancy, std::string const& ref, std::string const& criterion,
                   int score, std::string const& reason, std::string const& by) try {
  if (is_blank(reason) || is_blank(by))
    throw Error(ErrorKind::invalid_input,
                "an agreed score needs a reason (--reason) and who records it (--by)");
  if (score < 0 || score > rules::max_assessor_score)
    throw Error(ErrorKind::invalid_input, fmt::format("score {} is outside the scale 0 to {}",
                                                      score, rules::max_assessor_score));
  auto const spec = Vacancies(db_).checked(vacancy);
  auto const& criteria = spec.vacancy(vacancy)->criteria;
  auto const found = std::find_if(criteria.begin(), criteria.end(),
                                  [&](rules::Criterion const& c) { return c.id == criterion; });
  if (found == criteria.end() || !found->scoring)
    throw Error(ErrorKind::invalid_input,
                fmt::format("'{}' is not a criterion of vacancy '{}' scored by assessors",
                            criterion, vacancy));
  SQLite::Statement applied(db_.connection(),
                            "SELECT 1 FROM application WHERE vacancy_id = ? AND ref = ? LIMIT 1");
  applied.bind(1, vacancy);
  applied.bind(2, ref);
  if (!applied.executeStep())
    throw Error(ErrorKind::not_found,
                fmt::format("ref '{}' has no application in vacancy '{}'", ref, vacancy));
  SQLite::Statement insert(
      db_.connection(),
      "INSERT INTO assessor_score (vacancy_id, ref, criterion, assessor, score, comment, "
      "recorded_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, vacancy);
  insert.bind(2, ref);
  insert.bind(3, criterion);
  insert.bind(4, std::string(engine::agreed_by_panel));
  insert.bind(5, score);
  insert.bind(6, reason);
  insert.bind(7, now_utc());
  insert.bind(8, "agreed by " + by);
  insert.exec();
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

std::size_t Scores::withdraw(Withdrawal const& w) try {
  if (is_blank(w.reason) || is_blank(w.by))
    throw Error(ErrorKind::invalid_input,
                "withdrawing scores needs a reason (--reason) and who did it (--by)");
  SQLite::Transaction transaction(db_.connection(), SQLite::TransactionBehavior::IMMEDIATE);
  // Every row of the assessor's that matches (the history too: a withdrawn score must not come
  // back as the latest when a newer row goes).
  std::string const which =
      "vacancy_id = ?1 AND assessor = ?2 AND (?3 = '' OR ref = ?3) AND (?4 = '' OR criterion = ?4)";
  SQLite::Statement keep(
      db_.connection(),
      "INSERT INTO score_withdrawal (vacancy_id, ref, criterion, assessor, "
      "score, comment, recorded_at, withdrawn_at, withdrawn_by, reason, score_id) "
      "SELECT vacancy_id, ref, criterion, assessor, score, comment, "
      "recorded_at, ?5, ?6, ?7, id FROM assessor_score WHERE " +
          which);
  SQLite::Statement remove(db_.connection(), "DELETE FROM assessor_score WHERE " + which);
  for (auto* statement : {&keep, &remove}) {
    statement->bind(1, w.vacancy);
    statement->bind(2, w.assessor);
    statement->bind(3, w.ref);
    statement->bind(4, w.criterion);
  }
  keep.bind(5, now_utc());
  keep.bind(6, w.by);
  keep.bind(7, w.reason);
  auto const first_kept = db_.connection()
                              .execAndGet("SELECT coalesce(max(id), 0) + 1 FROM score_withdrawal")
                              .getInt64();
  keep.exec();
  SQLite::Statement kept(db_.connection(),
                         "SELECT id FROM score_withdrawal WHERE id >= ? ORDER BY id");
  kept.bind(1, first_kept);
  while (kept.executeStep())
    append_entry(db_, EntryKind::score_withdrawal, kept.getColumn(0).getInt64());
  auto const withdrawn = static_cast<std::size_t>(remove.exec());
  if (withdrawn == 0)
    throw Error(ErrorKind::not_found,
                fmt::format("{} has no scores{}{} in vacancy '{}' to withdraw", w.assessor,
                            w.ref.empty() ? "" : " for " + w.ref,
                            w.criterion.empty() ? "" : " on " + w.criterion, w.vacancy));
  // The panel a run reads: whoever still has a score for each criterion.
  SQLite::Statement forget(db_.connection(),
                           "DELETE FROM panel_member WHERE vacancy_id = ?1 AND assessor = ?2 AND "
                           "NOT EXISTS (SELECT 1 FROM assessor_score s WHERE s.vacancy_id = ?1 "
                           "AND s.assessor = ?2 AND s.criterion = panel_member.criterion)");
  forget.bind(1, w.vacancy);
  forget.bind(2, w.assessor);
  forget.exec();
  transaction.commit();
  return withdrawn;
} catch (SQLite::Exception const& e) {
  throw storage_error(db_.path(), e);
}

}  // namespace sift::data
