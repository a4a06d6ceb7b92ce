#include "sift/data/ledger.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <array>

#include "storage_error.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

// A table the ledger covers: how its rows are keyed, and their content as one canonical text
// (SQLite's json_array of the columns: every column a decision rests on, in a fixed order).
struct Covered {
  EntryKind kind;
  char const* word;  // the kind as stored and shown
  char const* table;
  char const* key;      // an integer key column (rowid where the table has no id)
  char const* name;     // a second key column, or '' when the key is enough
  char const* content;  // the columns, in json_array
};

constexpr std::array<Covered, 9> covered{{
    {EntryKind::specification, "specification", "specification", "id", "''",
     "id, vacancy_id, version, sha256, sources, added_at"},
    {EntryKind::run, "run", "run", "id", "''",
     "id, vacancy_id, specification_id, sift_version, stage, as_of, operator, started_at, "
     "finished_at, applicants, excluded, needs_review, eligible, shortlisted, max_score, "
     "results_sha256, inputs_sha256, record_format, panel"},
    {EntryKind::decision, "decision", "decision", "id", "''",
     "id, run_id, ref, decision, reason, decided_by, decided_at"},
    {EntryKind::sign_off, "sign-off", "sign_off", "run_id", "signed_by",
     "run_id, signed_by, signed_at"},
    {EntryKind::reveal, "reveal", "reveal", "rowid", "''",
     "rowid, vacancy_id, revealed_by, reason, revealed_at"},
    {EntryKind::erasure, "erasure", "erasure", "rowid", "''",
     "rowid, vacancy_id, ref, erased_at, erased_by"},
    {EntryKind::readmission, "readmission", "readmission", "rowid", "''",
     "rowid, vacancy_id, ref, readmitted_at, readmitted_by"},
    {EntryKind::score_withdrawal, "score withdrawal", "score_withdrawal", "id", "''",
     "id, vacancy_id, ref, criterion, assessor, score, comment, recorded_at, withdrawn_at, "
     "withdrawn_by, reason, score_id"},
    {EntryKind::feedback_sent, "feedback sent", "feedback_sent", "id", "''",
     "id, vacancy_id, ref, run_id, sent_at, sent_by, letter_sha256"},
}};

Covered const& covered_of(EntryKind kind) {
  return covered[static_cast<std::size_t>(kind)];
}

Covered const* covered_of(std::string_view word) {
  for (auto const& c : covered)
    if (word == c.word) return &c;
  return nullptr;
}

// The row's content, if the row is there.
std::optional<std::string> content_of(SQLite::Database& c, Covered const& what, std::int64_t key,
                                      std::string const& name) {
  SQLite::Statement q(c, fmt::format("SELECT json_array({}) FROM {} WHERE {} = ?1 AND {} = ?2",
                                     what.content, what.table, what.key, what.name));
  q.bind(1, key);
  q.bind(2, name);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

std::string entry_sha256(Covered const& what, std::int64_t key, std::string const& name,
                         std::string const& content) {
  return sha256_hex(fmt::format("{}\n{}\n{}\n{}", what.word, key, name, content));
}

// The chain value of an entry: over the one before, its place and time, and its content hash.
std::string chain_of(std::optional<std::string> const& key, std::string const& previous,
                     std::int64_t seq, std::string const& recorded_at, std::string const& entry) {
  auto const text = fmt::format("{}\n{}\n{}\n{}", previous, seq, recorded_at, entry);
  return key ? hmac_sha256_hex(*key, text) : sha256_hex(text);
}

std::string describe(Covered const& what, std::int64_t key, std::string const& name) {
  return name.empty() ? fmt::format("{} {}", what.word, key)
                      : fmt::format("{} of run {} by {}", what.word, key, name);
}

}  // namespace

std::string_view to_string(EntryKind kind) {
  return covered_of(kind).word;
}

ChainHead chain_head(Database& db) try {
  SQLite::Statement q(db.connection(),
                      "SELECT seq, chain_sha256 FROM ledger ORDER BY seq DESC LIMIT 1");
  if (!q.executeStep()) return {};
  return {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

void append_entry(Database& db, EntryKind kind, std::int64_t key, std::string const& name) try {
  auto& c = db.connection();
  auto const& what = covered_of(kind);
  std::string previous;
  std::int64_t next = 1;
  {
    SQLite::Statement q(c, "SELECT seq, chain_sha256, keyed FROM ledger ORDER BY seq DESC LIMIT 1");
    if (q.executeStep()) {
      next = q.getColumn(0).getInt64() + 1;
      previous = q.getColumn(1).getString();
      bool const keyed = q.getColumn(2).getInt() != 0;
      // One ledger, one way: a keyed chain cannot go on without its key, nor a plain one take
      // a key halfway (that would leave its beginning as forgeable as before).
      if (keyed && !db.key())
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: this database's ledger is keyed: give the key with "
                                "--key-file (or SIFT_KEY_FILE)",
                                db.path().string()));
      if (!keyed && db.key())
        throw Error(ErrorKind::invalid_input,
                    fmt::format("{}: this database's ledger was started without a key; a key "
                                "can only be given to a new database",
                                db.path().string()));
    }
  }
  auto const content = content_of(c, what, key, name);
  if (!content)
    throw Error(ErrorKind::not_found,
                fmt::format("no {} to enter in the ledger", describe(what, key, name)));
  auto const entry = entry_sha256(what, key, name, *content);
  auto const recorded_at = now_utc();
  SQLite::Statement insert(c,
                           "INSERT INTO ledger (seq, kind, key, name, recorded_at, entry_sha256, "
                           "chain_sha256, keyed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, next);
  insert.bind(2, what.word);
  insert.bind(3, key);
  insert.bind(4, name);
  insert.bind(5, recorded_at);
  insert.bind(6, entry);
  insert.bind(7, chain_of(db.key(), previous, next, recorded_at, entry));
  insert.bind(8, db.key() ? 1 : 0);
  insert.exec();
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

LedgerCheck check_ledger(Database& db) try {
  auto& c = db.connection();
  LedgerCheck report;
  SQLite::Statement q(c,
                      "SELECT seq, kind, key, name, recorded_at, entry_sha256, chain_sha256, "
                      "keyed FROM ledger ORDER BY seq");
  std::string previous;
  std::int64_t expected_seq = 1;
  while (q.executeStep()) {
    ++report.entries;
    auto const seq = q.getColumn(0).getInt64();
    auto const word = q.getColumn(1).getString();
    auto const key = q.getColumn(2).getInt64();
    auto const name = q.getColumn(3).getString();
    auto const recorded_at = q.getColumn(4).getString();
    auto const entry = q.getColumn(5).getString();
    auto const chain = q.getColumn(6).getString();
    bool const keyed = q.getColumn(7).getInt() != 0;
    if (seq == 1) report.keyed = keyed;
    if (keyed != report.keyed)
      report.problems.push_back(fmt::format("ledger entry {}: {} where the ledger began {}", seq,
                                            keyed ? "keyed" : "not keyed",
                                            report.keyed ? "keyed" : "without a key"));
    if (seq != expected_seq)
      report.problems.push_back(fmt::format(
          "ledger entries {} to {} are missing (removed from the ledger)", expected_seq, seq - 1));
    expected_seq = seq + 1;
    auto const* what = covered_of(word);
    if (!what) {
      report.problems.push_back(
          fmt::format("ledger entry {}: names '{}', which is not a kind of entry", seq, word));
    } else if (auto const content = content_of(c, *what, key, name); !content) {
      report.problems.push_back(
          fmt::format("ledger entry {}: {} is missing (deleted after it "
                      "was recorded on {})",
                      seq, describe(*what, key, name), recorded_at));
    } else if (entry_sha256(*what, key, name, *content) != entry) {
      report.problems.push_back(
          fmt::format("ledger entry {}: {} was changed after it was recorded on {}", seq,
                      describe(*what, key, name), recorded_at));
    }
    // The chain, when it can be checked: a keyed one only with its key.
    if (!keyed || db.key()) {
      if (chain_of(keyed ? db.key() : std::nullopt, previous, seq, recorded_at, entry) != chain)
        report.problems.push_back(fmt::format(
            "ledger entry {}: its chain value does not follow from the entry before ({})", seq,
            keyed ? "not made with this key, or the entry was altered"
                  : "entries were edited, removed or reordered"));
    }
    previous = chain;
  }
  report.key_checked = report.keyed && db.key().has_value();
  // Rows that should have an entry and have none: added with some other tool.
  for (auto const& what : covered) {
    SQLite::Statement missing(
        c, fmt::format("SELECT {0}, {1} FROM {2} t WHERE NOT EXISTS (SELECT 1 FROM ledger l "
                       "WHERE l.kind = ?1 AND l.key = t.{0} AND l.name = {3})",
                       what.key, what.name, what.table,
                       std::string_view(what.name) == "''" ? "''" : "t." + std::string(what.name)));
    missing.bind(1, what.word);
    while (missing.executeStep())
      report.problems.push_back(fmt::format(
          "{} has no ledger entry (stored without Sift, or its entry was removed)",
          describe(what, missing.getColumn(0).getInt64(), missing.getColumn(1).getString())));
  }
  return report;
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

std::vector<std::string> check_anchors(Database& db, std::string const& file,
                                       std::vector<AnchorLine> const& anchors) try {
  std::vector<std::string> problems;
  SQLite::Statement q(db.connection(), "SELECT chain_sha256 FROM ledger WHERE seq = ?");
  auto const head = chain_head(db);
  for (auto const& anchor : anchors) {
    q.reset();
    q.bind(1, anchor.seq);
    if (!q.executeStep())
      problems.push_back(fmt::format(
          "{}:{}: ledger entry {} is not in the database (it ends at entry {}: entries were "
          "removed)",
          file, anchor.line, anchor.seq, head.seq));
    else if (q.getColumn(0).getString() != anchor.chain_sha256)
      problems.push_back(
          fmt::format("{}:{}: ledger entry {} does not match the chain head "
                      "written down (the ledger was rewritten)",
                      file, anchor.line, anchor.seq));
  }
  return problems;
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

void enter_existing_rows(Database& db) try {
  auto& c = db.connection();
  {
    SQLite::Statement rows(c,
                           "SELECT a.id, a.facts FROM application a JOIN application_values v ON "
                           "v.application_id = a.id WHERE v.facts_sha256 IS NULL");
    SQLite::Statement set(
        c, "UPDATE application_values SET facts_sha256 = ? WHERE application_id = ?");
    while (rows.executeStep()) {
      set.reset();
      set.bind(1, sha256_hex(rows.getColumn(1).getString()));
      set.bind(2, rows.getColumn(0).getInt64());
      set.exec();
    }
  }
  for (auto const& what : covered) {
    SQLite::Statement rows(
        c, fmt::format("SELECT {}, {} FROM {} ORDER BY 1, 2", what.key, what.name, what.table));
    while (rows.executeStep())
      append_entry(db, what.kind, rows.getColumn(0).getInt64(), rows.getColumn(1).getString());
  }
} catch (SQLite::Exception const& e) {
  throw storage_error(db.path(), e);
}

}  // namespace sift::data
