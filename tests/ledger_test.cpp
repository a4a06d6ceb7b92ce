// The ledger and its anchors: every row a shortlisting rests on is entered; edits, insertions and
// deletions made with the stock sqlite3 tool are found; a file rewritten whole (every hash
// recomputed, by Sift's own code) is found against chain heads written down elsewhere or under
// a key kept outside the file; and a lawful erasure verifies, saying who erased whom.
#include <fmt/format.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

namespace {

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

// A vacancy imported and scored, in a directory of its own; runs are made by the test.
struct Ledgered {
  fs::path dir = test::temporary_directory();
  std::vector<std::string> globals{"--db", "sift.db"};

  explicit Ledgered(std::vector<std::string> extra = {}) {
    globals.insert(globals.end(), extra.begin(), extra.end());
    auto const examples = test::source_dir() / "examples";
    ok({"vacancy", "add", (examples / "second-in-science.sift").string()});
    ok({"import", (examples / "second-in-science.applications.jsonl").string()});
    ok({"scores", "import", (examples / "second-in-science.scores.csv").string()});
  }
  ~Ledgered() { fs::remove_all(dir); }
  test::Run sift(std::vector<std::string> args) const {
    args.insert(args.begin(), globals.begin(), globals.end());
    return test::sift(args, dir);
  }
  std::string ok(std::vector<std::string> args) const {
    auto const run = sift(args);
    INFO(fmt::format("{}", fmt::join(args, " ")) << "\n" << run.err);
    REQUIRE(run.exit == 0);
    return run.out;
  }
  void sql(std::string const& statement) const {
    auto const command = "sqlite3 '" + (dir / "sift.db").string() + "' \"" + statement + "\"";
    REQUIRE(std::system(command.c_str()) == 0);
  }
  void run() const { ok({"run", "second-in-science", "--as-of", "2026-11-23"}); }
};

}  // namespace

TEST_CASE("the ledger enters every run, decision, sign-off, reveal, erasure and letter sent",
          "[ledger]") {
  Ledgered l;
  l.run();
  auto const decided =
      l.ok({"decide", "A0000025", "--shortlist", "--reason", "strong", "--by", "Chair"});
  CHECK(contains(decided, "recorded; ledger entry 3, chain head "));  // specification, run
  l.ok({"signoff", "second-in-science", "--by", "panel-1"});
  l.ok({"reveal", "second-in-science", "--by", "Chair", "--reason", "signed off"});
  l.ok({"feedback", "A0000001", "--sent-by", "Recruitment lead"});
  l.ok({"scores", "withdraw", "--vacancy", "second-in-science", "--assessor", "panel-2", "--ref",
        "A0000001", "--reason", "conflict found late", "--by", "Chair"});
  l.ok({"erase", "A0000001", "--by", "Data protection officer"});
  auto const verified = l.ok({"verify", "1"});
  CHECK(contains(verified, " entries, every one matching its row, the chain intact"));
  // One entry per row, of every kind, in the order they were made.
  SQLite::Database db((l.dir / "sift.db").string());
  SQLite::Statement q(db,
                      "SELECT group_concat(kind, ',') FROM (SELECT kind FROM ledger ORDER BY seq)");
  REQUIRE(q.executeStep());
  auto const withdrawn = db.execAndGet("SELECT count(*) FROM score_withdrawal").getInt();
  CHECK(withdrawn > 0);
  std::string expected = "specification,run,decision,sign-off,reveal,feedback sent";
  for (int i = 0; i < withdrawn; ++i)
    expected += ",score withdrawal";
  CHECK(q.getColumn(0).getString() == expected + ",erasure");
}

TEST_CASE("rows edited, added or deleted outside Sift are found by the ledger", "[ledger]") {
  struct Case {
    char const* what;
    char const* statement;
    char const* found;
  };
  auto const cases = std::vector<Case>{
      {"a decision's reason rewritten", "UPDATE decision SET reason = 'other' WHERE id = 1",
       "ledger entry 3: decision 1 was changed after it was recorded on "},
      {"a decision added with sqlite3",
       "INSERT INTO decision (run_id, ref, decision, reason, decided_by, decided_at) VALUES (1, "
       "'A0000001', 'shortlist', 'x', 'y', '2026-11-27')",
       "decision 2 has no ledger entry (stored without Sift, or its entry was removed)"},
      {"the run's operator changed", "UPDATE run SET operator = 'someone else' WHERE id = 1",
       "ledger entry 2: run 1 was changed after it was recorded on "},
      {"the specification's text changed",
       "UPDATE specification SET sources = replace(sources, 'at least 2', 'at least 1')",
       "ledger entry 1: specification 1 was changed after it was recorded on "},
      {"a ledger entry removed from the middle", "DELETE FROM ledger WHERE seq = 2",
       "ledger entries 2 to 2 are missing (removed from the ledger)"},
      {"a fact no rule reads edited",
       "UPDATE application SET facts = json_set(facts, "
       "'$.submitted_via', 'forged') WHERE ref = 'A0000002'",
       "A0000002: the application's facts were changed after it was imported"},
      {"a fact edited with its hash recomputed",
       "UPDATE application SET facts = json_set(facts, '$.submitted_via', 'forged') WHERE ref = "
       "'A0000002'; UPDATE application_values SET facts_sha256 = 'x' WHERE application_id = "
       "(SELECT id FROM application WHERE ref = 'A0000002')",
       "run 1: the inputs it read (application versions, facts, score rows) do not match the "
       "hash it recorded"},
  };
  for (auto const& c : cases) {
    SECTION(c.what) {
      Ledgered l;
      l.run();
      l.ok({"decide", "A0000025", "--shortlist", "--reason", "strong", "--by", "Chair"});
      REQUIRE(l.sift({"verify", "1"}).exit == 0);
      l.sql(c.statement);
      auto const verified = l.sift({"verify", "1"});
      INFO(verified.out);
      CHECK(verified.exit == 5);
      CHECK(contains(verified.out, c.found));
    }
  }
}

TEST_CASE("the latest run deleted with its ledger entry is found against the heads written down",
          "[ledger]") {
  Ledgered l({"--heads-file", "heads.txt"});
  l.run();
  l.run();
  auto const heads = test::read_file(l.dir / "heads.txt");
  CHECK(std::count(heads.begin(), heads.end(), '\n') == 3);  // specification, run 1, run 2
  // Without its ledger entry, the deletion leaves a consistent file: only an anchor shows it.
  l.sql(
      "DELETE FROM result WHERE run_id = 2; DELETE FROM placing WHERE run_id = 2; DELETE FROM run "
      "WHERE id = 2; DELETE FROM ledger WHERE seq = (SELECT max(seq) FROM ledger)");
  CHECK(l.sift({"verify", "1"}).exit == 0);
  auto const anchored = l.sift({"verify", "1", "--anchor", "heads.txt"});
  CHECK(anchored.exit == 5);
  CHECK(contains(anchored.out, "heads.txt:"));
  CHECK(
      contains(anchored.out, "is not in the database (it ends at entry 2: entries were removed)"));
  // A malformed anchor file is refused, naming its line.
  test::write_file(l.dir / "bad.txt", "4 abc\n");
  auto const bad = l.sift({"verify", "1", "--anchor", "bad.txt"});
  CHECK(bad.exit == 4);
  CHECK(contains(bad.err, "bad.txt:1: not a chain head: expected 'SEQ SHA256'"));
}

// The forger has write access and Sift's own code: from a copy of the file taken before the run,
// they make an excluded applicant's answers qualify, let Sift recompute the facts' hashes and the
// ledger (by taking the file back to the schema before the ledger), and run again. Every row,
// hash and entry of the forged file is then consistent.
void forge(fs::path const& dir, std::vector<std::string> globals) {
  fs::copy_file(dir / "before.db", dir / "forged.db");
  auto const command =
      "sqlite3 '" + (dir / "forged.db").string() + "' \"" +
      "UPDATE application SET facts = json_set(facts, '$.key_stages', json('[\\\"KS3\\\", "
      "\\\"KS4\\\"]')) WHERE ref = "
      "'A0000001'; DROP TABLE ledger; DROP TABLE application_values; ALTER "
      "TABLE run DROP COLUMN inputs_sha256; ALTER TABLE run DROP COLUMN record_format; ALTER "
      "TABLE run DROP COLUMN panel; DROP INDEX placing_shortlisted; DROP TABLE score_sheet; "
      "DROP TRIGGER score_sheet_add; DROP TRIGGER score_sheet_remove; DROP TRIGGER "
      "score_sheet_change; PRAGMA user_version = 10;\"";
  REQUIRE(std::system(command.c_str()) == 0);
  globals.insert(globals.begin(), {"--db", "forged.db"});
  globals.insert(globals.end(), {"run", "second-in-science", "--as-of", "2026-11-23"});
  REQUIRE(test::sift(globals, dir).exit == 0);
  fs::rename(dir / "forged.db", dir / "sift.db");
}

TEST_CASE("a file rewritten whole, every hash recomputed, is found by the heads written down",
          "[ledger][forgery]") {
  Ledgered l({"--heads-file", "heads.txt"});
  fs::copy_file(l.dir / "sift.db", l.dir / "before.db");
  l.run();
  CHECK(contains(l.ok({"explain", "A0000001"}), "Verdict: excluded"));
  forge(l.dir, {});
  CHECK_FALSE(contains(l.ok({"explain", "A0000001"}), "Verdict: excluded"));
  // On its own the rewritten file is consistent: the limit of an unkeyed file (documented).
  CHECK(l.sift({"verify", "1"}).exit == 0);
  auto const anchored = l.sift({"verify", "1", "--anchor", "heads.txt"});
  CHECK(anchored.exit == 5);
  CHECK(contains(anchored.out,
                 "does not match the chain head written down (the ledger was rewritten)"));
}

TEST_CASE("a keyed ledger: entries need the key, and a chain rebuilt under another is found",
          "[ledger][forgery]") {
  auto const dir = test::temporary_directory();
  test::write_file(dir / "trust.key", "0123456789abcdef0123456789abcdef");
  test::write_file(dir / "forger.key", "fedcba9876543210fedcba9876543210");
  auto const examples = test::source_dir() / "examples";
  auto sift = [&](std::vector<std::string> args) { return test::sift(args, dir); };
  auto keyed = [](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db", "--key-file", "trust.key"});
    return args;
  };
  REQUIRE(sift(keyed({"vacancy", "add", (examples / "second-in-science.sift").string()})).exit ==
          0);
  REQUIRE(
      sift(keyed({"import", (examples / "second-in-science.applications.jsonl").string()})).exit ==
      0);
  fs::copy_file(dir / "sift.db", dir / "before.db");
  REQUIRE(sift(keyed({"run", "second-in-science", "--as-of", "2026-11-23"})).exit == 0);
  CHECK(contains(sift(keyed({"verify", "1"})).out, "the chain intact under the key given"));
  // Without the key nothing can be added, and verify says the chain needs it.
  auto const keyless =
      sift({"--db", "sift.db", "run", "second-in-science", "--as-of", "2026-11-23"});
  CHECK(keyless.exit == 4);
  CHECK(contains(keyless.err, "this database's ledger is keyed: give the key with --key-file"));
  CHECK(contains(sift({"--db", "sift.db", "verify", "1"}).out,
                 "the chain keyed: give --key-file to check it"));
  // A key too short to be one is refused; an unkeyed ledger takes no key halfway.
  test::write_file(dir / "short.key", "abc");
  CHECK(sift({"--db", "sift.db", "--key-file", "short.key", "verify", "1"}).exit == 4);
  // The forger rebuilds the whole file under a key of their own.
  forge(dir, {"--key-file", "forger.key"});
  auto const verified = sift(keyed({"verify", "1"}));
  CHECK(verified.exit == 5);
  CHECK(contains(verified.out,
                 "ledger entry 1: its chain value does not follow from the entry "
                 "before (not made with this key, or the entry was altered)"));
  fs::remove_all(dir);
}

TEST_CASE("after a lawful erasure, verify passes and says who erased whom", "[ledger][erasure]") {
  Ledgered l;
  l.run();
  l.ok({"erase", "A0000001", "--by", "Data protection officer"});
  l.ok({"erase", "A0000002", "--by", "Data protection officer"});
  auto const verified = l.sift({"verify", "1"});
  INFO(verified.out);
  CHECK(verified.exit == 0);
  CHECK(contains(verified.out, "198 results recomputed from the stored inputs and identical"));
  CHECK(contains(verified.out, "  2 applicants erased on "));
  CHECK(contains(verified.out, " by Data protection officer; their results verified by hash\n"));
  // Their stored results are still covered: an edit to one is found.
  l.sql("UPDATE result SET score = 9 WHERE run_id = 1 AND ref = 'A0000001'");
  CHECK(l.sift({"verify", "1"}).exit == 5);
}

TEST_CASE("runs stored before the packed record still explain and verify after the migrations",
          "[ledger][migration]") {
  auto const dir = test::temporary_directory();
  auto const restore = "sqlite3 '" + (dir / "sift.db").string() + "' < '" +
                       (test::source_dir() / "tests" / "fixtures" / "schema-9.sql").string() + "'";
  REQUIRE(std::system(restore.c_str()) == 0);
  auto sift = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    return test::sift(args, dir);
  };
  // Its run kept the evidence: shown as stored, not rendered again.
  auto const verified = sift({"verify", "1"});
  INFO(verified.out << verified.err);
  CHECK(verified.exit == 0);
  CHECK(contains(verified.out, "run 1: verified: 30 results recomputed from the stored inputs"));
  // The specification, the run and the decision were entered when the file was migrated.
  CHECK(contains(verified.out, "ledger: 3 entries, every one matching its row"));
  auto const explained = sift({"explain", "A0000001"});
  CHECK(contains(explained.out, "values: key_stages = [KS3], needs contains all of"));
  CHECK_FALSE(contains(explained.out, "rendered again"));
  CHECK(contains(sift({"shortlist", "second-in-science"}).out, "shortlist (Chair)"));
  // A new run is packed, and both verify.
  REQUIRE(sift({"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);
  CHECK(sift({"verify", "2"}).exit == 0);
  CHECK(contains(sift({"explain", "A0000001"}).out, "rendered again from the run's stored inputs"));
  SQLite::Database db((dir / "sift.db").string());
  CHECK(db.execAndGet("SELECT group_concat(record_format) FROM run").getString() == "1,2");
  // The score rows were gathered into each applicant's sheet by the migration, and the new run
  // read them there (verify 2 recomputed it from the rows).
  CHECK(db.execAndGet("SELECT (SELECT count(*) FROM score_sheet) = (SELECT count(DISTINCT ref) "
                      "FROM assessor_score) AND (SELECT sum(json_array_length(cells)) FROM "
                      "score_sheet) = (SELECT count(*) FROM assessor_score) AND (SELECT count(*) "
                      "FROM assessor_score) > 0")
            .getInt() == 1);
  // The old run's stored evidence is still compared: an edit to it is found, field by field.
  auto const edit = "sqlite3 '" + (dir / "sift.db").string() +
                    "' \"UPDATE result SET outcomes = replace(outcomes, 'qts = true', "
                    "'qts = false') WHERE run_id = 1 AND ref = 'A0000001'\"";
  REQUIRE(std::system(edit.c_str()) == 0);
  auto const edited = sift({"verify", "1"});
  CHECK(edited.exit == 5);
  CHECK(contains(edited.out,
                 "A0000001: qts stored as met (qts = false; 0 points), recomputed as "
                 "met (qts = true; 0 points)"));
  fs::remove_all(dir);
}
