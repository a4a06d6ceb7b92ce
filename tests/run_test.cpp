// Stored runs: deterministic whatever the thread count, complete or absent, and readable back.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "sift/data/applications.hpp"
#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/load.hpp"
#include "sift/screening/run.hpp"
#include "sift/screening/shortlist.hpp"
#include "sift/screening/verify.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

namespace {

// The example vacancy with its applications and scores imported.
struct Screened : test::ExampleVacancy {
  Screened() {
    data::Database database(db, data::OpenMode::must_exist);
    std::ifstream apps(test::source_dir() / "examples" / "second-in-science.applications.jsonl");
    REQUIRE(data::Applications(database).import(apps, "apps", {}).committed);
    std::ifstream scores(test::source_dir() / "examples" / "second-in-science.scores.csv");
    REQUIRE(data::Scores(database).import(scores, "scores", {}).committed);
  }

  data::RunRecord run(int threads) {
    data::Database database(db, data::OpenMode::must_exist);
    return screening::run(database, test::run_request("second-in-science", threads));
  }

  // Verifies `run` after editing the database with `edit` (SQL), as someone with the file might.
  screening::Verification verify_after(std::int64_t run, char const* edit) {
    {
      SQLite::Database database(db.string(), SQLite::OPEN_READWRITE);
      database.exec(edit);
    }
    data::Database database(db, data::OpenMode::must_exist);
    return screening::verify(database, run);
  }

  std::string results(std::int64_t run) {
    SQLite::Database database(db.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(
        database,
        "SELECT r.ref, r.application_id, r.verdict, r.score, r.outcomes, r.flags, "
        "r.moderation, r.scores_read, p.rank, p.shortlisted FROM result r LEFT JOIN "
        "placing p ON p.run_id = r.run_id AND p.ref = r.ref WHERE r.run_id = ? ORDER BY r.ref");
    q.bind(1, run);
    std::string out;
    while (q.executeStep()) {
      for (int i = 0; i < q.getColumnCount(); ++i)
        out += q.getColumn(i).getString() + "|";
      out += "\n";
    }
    return out;
  }
};

// The example vacancy's database, for runs over the facts as packed at import and over their
// JSON (expect_json_run_to_match), compared row by row.
void import_generated(test::ExampleVacancy const& example, int count, int seed) {
  auto const apps = test::generate_applications(example.dir, count, seed);
  data::Database database(example.db, data::OpenMode::must_exist);
  std::ifstream in(apps);
  REQUIRE(data::Applications(database).import(in, "apps", {}).committed);
}

data::RunRecord run_example(test::ExampleVacancy const& example) {
  data::Database database(example.db, data::OpenMode::must_exist);
  return screening::run(database, test::run_request("second-in-science", 2));
}

// A run's stored rows and placings, in ref order, as one string.
std::string stored_rows(test::ExampleVacancy const& example, std::int64_t run) {
  SQLite::Database database(example.db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(database,
                      "SELECT group_concat(ref || verdict || score || hex(outcomes) || "
                      "coalesce(rank, '') || coalesce(shortlisted, ''), ',') FROM (SELECT * "
                      "FROM result r LEFT JOIN placing p USING (run_id, ref) WHERE run_id = ? "
                      "ORDER BY ref)");
  q.bind(1, run);
  REQUIRE(q.executeStep());
  return q.getColumn(0).getString();
}

// How many applications have values packed under specification `version`.
int packed_under(test::ExampleVacancy const& example, int version) {
  SQLite::Database database(example.db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(database,
                      "SELECT count(*) FROM application_values WHERE values_version = ? AND "
                      "length(facts_values) > 0");
  q.bind(1, version);
  REQUIRE(q.executeStep());
  return q.getColumn(0).getInt();
}

// Runs again with the packed values forgotten, so that the run reads the JSON facts (through
// the interpreter), and checks that it stores what `packed`, the run over the packed values, did.
void expect_json_run_to_match(test::ExampleVacancy const& example, data::RunRecord const& packed) {
  {
    SQLite::Database database(example.db.string(), SQLite::OPEN_READWRITE);
    database.exec("UPDATE application_values SET facts_values = NULL, values_version = NULL");
  }
  auto const from_json = run_example(example);
  CHECK(stored_rows(example, packed.id) == stored_rows(example, from_json.id));
  CHECK(packed.results_sha256 == from_json.results_sha256);
}

}  // namespace

TEST_CASE("a run gives identical results at 1 and 4 threads", "[run]") {
  Screened s;
  auto const one = s.run(1);
  auto const four = s.run(4);
  CHECK(one.applicants == 200);
  CHECK(one.results_sha256 == four.results_sha256);
  CHECK(s.results(one.id) == s.results(four.id));
  CHECK(one.chain_sha256 != four.chain_sha256);  // each run is chained to the one before
  CHECK(one.excluded + one.needs_review + one.eligible == 200);
  CHECK(one.shortlisted >= 6);
}

TEST_CASE("a run reports its progress as (done, total), ending at every applicant", "[run]") {
  Screened s;
  data::Database db(s.db, data::OpenMode::must_exist);
  auto request = test::run_request("second-in-science");
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  request.progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
  CHECK(screening::run(db, request).applicants == 200);
  REQUIRE_FALSE(calls.empty());
  CHECK(calls.back() == std::pair<std::size_t, std::size_t>{200, 200});
  for (std::size_t i = 1; i < calls.size(); ++i)
    CHECK(calls[i - 1].first < calls[i].first);
}

TEST_CASE("while a run writes, other commands read the last committed state",
          "[run][concurrency]") {
  Screened s;
  s.run(2);
  data::Database db(s.db, data::OpenMode::must_exist);
  auto request = test::run_request("second-in-science");
  std::vector<test::Run> during;
  // Progress is reported from inside the run's transaction: look from other processes then.
  request.progress = [&](std::size_t, std::size_t) {
    if (!during.empty()) return;
    during.push_back(test::sift({"--db", s.db.string(), "runs", "list", "--format", "csv"}, s.dir));
    during.push_back(test::sift({"--db", s.db.string(), "explain", "A0000001"}, s.dir));
    during.push_back(test::sift({"--db", s.db.string(), "verify", "1"}, s.dir));
  };
  CHECK(screening::run(db, request).id == 2);
  REQUIRE(during.size() == 3);
  for (auto const& run : during) {
    INFO(run.err);
    CHECK(run.exit == 0);
  }
  CHECK(std::count(during[0].out.begin(), during[0].out.end(), '\n') == 2);  // header + run 1
  CHECK(during[1].out.find("run 1 of ") != std::string::npos);
  CHECK(during[2].out.find("run 1: verified") != std::string::npos);
  test::check_back_in_wal_mode(s.db);
}

TEST_CASE("a run records its inputs and every criterion's outcome, packed, with no evidence text",
          "[run]") {
  Screened s;
  auto const run = s.run(2);
  data::Database db(s.db, data::OpenMode::must_exist);
  auto const all = data::Runs(db).list("second-in-science");
  REQUIRE(all.size() == 1);
  CHECK(all.front().as_of == "2026-11-23");
  CHECK(all.front().specification_version == 1);
  CHECK(all.front().stage == engine::Stage::sift);
  CHECK(all.front().operator_name == "test");
  // Each criterion's outcome and points, packed, and the score rows read; no evidence text.
  auto const stored = data::Runs(db).result(run.id, "A0000001");
  REQUIRE(stored);
  auto find = [&](std::string const& id) -> data::CriterionRecord const* {
    for (auto const& c : stored->criteria)
      if (c.criterion == id) return &c;
    return nullptr;
  };
  REQUIRE(find("qts"));
  CHECK(find("qts")->outcome == engine::Outcome::met);
  CHECK(find("qts")->evidence.empty());
  CHECK(find("subject_knowledge"));
  CHECK_FALSE(find("form_tutor_role"));  // interview only: not assessed
  CHECK_FALSE(stored->scores_read.empty());
  SQLite::Database database(s.db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(database,
                      "SELECT typeof(outcomes), typeof(scores_read), max(length(ref) + "
                      "length(verdict) + 8 + 4 + length(outcomes) + length(scores_read)), "
                      "sum(instr(CAST(outcomes AS TEXT), 'qts') > 0) FROM result WHERE run_id = ?");
  q.bind(1, run.id);
  REQUIRE(q.executeStep());
  CHECK(q.getColumn(0).getString() == "blob");
  CHECK(q.getColumn(1).getString() == "blob");
  // Thirty criteria, their flags and eight score rows: under 100 bytes a row, the budget (the
  // benchmark measures the pages too).
  CHECK(q.getColumn(2).getInt() < 100);
  CHECK(q.getColumn(3).getInt() == 0);  // no text at all in the packed column

  auto const view = screening::shortlist(db, "second-in-science");
  CHECK(view.run.id == run.id);
  CHECK(view.ranked.size() == run.eligible);
  std::size_t shortlisted = 0;
  for (std::size_t i = 0; i < view.ranked.size(); ++i) {
    CHECK(view.ranked[i].rank == static_cast<int>(i + 1));
    shortlisted += view.ranked[i].verdict == engine::Verdict::shortlisted;
  }
  CHECK(shortlisted == run.shortlisted);
}

TEST_CASE("a run that fails leaves no results behind", "[run]") {
  Screened s;
  // A new specification version that types qts as text no longer fits the stored applications.
  auto changed = s.spec;
  auto& form = changed.sources[1];
  REQUIRE(form.path == "common/teacher-form.sift");
  auto const at = form.text.find("field qts: bool");
  REQUIRE(at != std::string::npos);
  form.text.replace(at, 15, "field qts: text");
  auto reloaded = rules::load_sources(changed.sources);
  REQUIRE_FALSE(reloaded.specification);  // `require qts` now fails to check
  {
    data::Database db(s.db, data::OpenMode::must_exist);
    SQLite::Database database(s.db.string(), SQLite::OPEN_READWRITE);
    // Store a version whose text no longer checks, as an older Sift might have left it.
    database.exec(
        "INSERT INTO specification (vacancy_id, version, sha256, sources, added_at) "
        "SELECT vacancy_id, 2, 'x', replace(sources, 'field qts: bool', 'field qts: text'), "
        "added_at FROM specification WHERE version = 1");
  }
  CHECK_THROWS_AS(s.run(2), data::Error);
  SQLite::Database database(s.db.string(), SQLite::OPEN_READONLY);
  CHECK(database.execAndGet("SELECT count(*) FROM run").getInt() == 0);
  CHECK(database.execAndGet("SELECT count(*) FROM result").getInt() == 0);
}

TEST_CASE("a run stores every result and placing, however many fill its statements of rows",
          "[run]") {
  // Rows are written 64 to a statement: counts either side of full statements, and none.
  std::ifstream apps(test::source_dir() / "examples" / "second-in-science.applications.jsonl");
  std::vector<std::string> lines;
  for (std::string line; std::getline(apps, line);)
    lines.push_back(line);
  REQUIRE(lines.size() == 200);
  for (std::size_t const count : {0, 1, 63, 64, 65, 128, 129, 200}) {
    INFO(count);
    test::ExampleVacancy v;
    data::Database database(v.db, data::OpenMode::must_exist);
    if (count > 0) {
      std::stringstream some;
      for (std::size_t i = 0; i < count; ++i)
        some << lines[i] << '\n';
      REQUIRE(data::Applications(database).import(some, "apps", {}).committed);
      std::ifstream scores(test::source_dir() / "examples" / "second-in-science.scores.csv");
      data::ImportOptions skipping;
      skipping.skip_invalid = true;  // the scores of applicants not imported
      REQUIRE(data::Scores(database).import(scores, "scores", skipping).committed);
    }
    auto const run = screening::run(database, test::run_request("second-in-science", 2));
    CHECK(run.applicants == count);
    SQLite::Database db(v.db.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM result WHERE run_id = 1").getInt64() ==
          static_cast<std::int64_t>(count));
    CHECK(db.execAndGet("SELECT count(DISTINCT ref) FROM result WHERE run_id = 1").getInt64() ==
          static_cast<std::int64_t>(count));
    CHECK(db.execAndGet("SELECT count(*) FROM placing WHERE run_id = 1").getInt64() ==
          static_cast<std::int64_t>(run.eligible));
    CHECK(
        db.execAndGet("SELECT count(*) FROM placing WHERE run_id = 1 AND shortlisted").getInt64() ==
        static_cast<std::int64_t>(run.shortlisted));
    // Every stored row is the one hashed, in its place: verify recomputes them all.
    auto const verified = screening::verify(database, 1);
    CHECK(verified.checked == count);
    CHECK(verified.difference_count == 0);
  }
}

TEST_CASE("sift screen does the main job end to end", "[run][cli]") {
  auto const dir = test::temporary_directory();
  auto const examples = test::source_dir() / "examples";
  auto const run =
      test::sift({"--db", "s.db", "screen", (examples / "second-in-science.sift").string(),
                  (examples / "second-in-science.applications.jsonl").string(), "--scores",
                  (examples / "second-in-science.scores.csv").string(), "--as-of", "2026-11-23"},
                 dir);
  CHECK(run.exit == 0);
  CHECK(run.out.find("run 1: 200 applicants of second-in-science") != std::string::npos);
  CHECK(run.out.find("-- shortlist cut-off --") != std::string::npos);
  auto const csv =
      test::sift({"--db", "s.db", "shortlist", "second-in-science", "--format", "csv"}, dir);
  CHECK(csv.exit == 0);
  CHECK(csv.out.starts_with(
      "rank,ref,verdict,score,percent,shortlisted,panel_decision,decided_by,review,flags\n1,"));
  auto const again = test::sift(
      {"--db", "s.db", "run", "second-in-science", "--as-of", "2026-11-23", "--threads", "1"}, dir);
  CHECK(again.exit == 0);
  CHECK(again.out.starts_with("run 2: 200 applicants"));
  auto const list = test::sift({"--db", "s.db", "runs", "list"}, dir);
  CHECK(list.out.find("\n  2  second-in-science") != std::string::npos);
  CHECK(test::sift({"--db", "s.db", "shortlist", "second-in-science", "--run", "9"}, dir).exit ==
        4);
  fs::remove_all(dir);
}

TEST_CASE("a run reads the facts packed at import exactly as it would read their JSON",
          "[run][values]") {
  // Generated applications give every shape: missing fields, nulls, partial dates, empty lists.
  test::ExampleVacancy example;
  import_generated(example, 600, 3);
  CHECK(packed_under(example, 1) == 600);
  auto const packed = run_example(example);
  CHECK(packed.applicants == 600);
  expect_json_run_to_match(example, packed);
}

TEST_CASE(
    "conditions on the statement, stored apart from the facts, read it as the interpreter does",
    "[run][values]") {
  // Version 2 adds criteria on the statement: two compile to read it in place beside the packed
  // values, two (`contains`) are left to the interpreter, and one of those reads `qts`, which
  // compiled criteria read too: a field read both ways.
  test::ExampleVacancy example;
  {
    auto sources = example.spec.sources;
    auto& text = sources.front().text;
    auto const at = text.find("  shortlist top");
    REQUIRE(at != std::string::npos);
    text.insert(at,
                "  section \"Statement\" {\n"
                "    desirable wrote_one \"A statement\"\n      weight 1\n"
                "      require statement is known\n"
                "    desirable not_placeholder \"Not a placeholder\"\n      weight 1\n"
                "      require statement != \"n/a\"\n"
                "    desirable science \"Mentions science\"\n      weight 1\n"
                "      require statement contains \"science\"\n"
                "    desirable qualified_science \"QTS, and science in the statement\"\n"
                "      weight 1\n"
                "      require qts and statement contains \"science\"\n"
                "  }\n");
    auto loaded = rules::load_sources(sources);
    INFO(rules::render_all(loaded.diagnostics));
    REQUIRE(loaded.specification);
    data::Database database(example.db, data::OpenMode::must_exist);
    REQUIRE(data::Vacancies(database)
                .add(*loaded.specification, loaded.specification->vacancies.front())
                .version == 2);
  }
  import_generated(example, 300, 11);
  auto const packed = run_example(example);
  CHECK(packed_under(example, 2) == 300);
  {
    SQLite::Database database(example.db.string(), SQLite::OPEN_READONLY);
    // Some wrote a statement and some did not, so each criterion is tried both ways.
    CHECK(database.execAndGet("SELECT count(*) FROM identity WHERE statement IS NULL").getInt() >
          0);
    CHECK(
        database.execAndGet("SELECT count(*) FROM identity WHERE statement IS NOT NULL").getInt() >
        0);
  }
  CHECK(packed.specification_version == 2);
  expect_json_run_to_match(example, packed);
}

TEST_CASE(
    "values packed under another specification version are not read, and damaged ones "
    "are refused naming the application",
    "[run][values]") {
  Screened s;
  auto const first = s.run(2);
  {
    // Version 2 (a comment more) declares the same fields, but no values were packed under it:
    // its runs read the JSON facts, to the same results.
    data::Database database(s.db, data::OpenMode::must_exist);
    auto changed = s.spec;
    changed.sources.front().text += "\n# version 2\n";
    REQUIRE(data::Vacancies(database).add(changed, changed.vacancies.front()).version == 2);
    auto const second = screening::run(database, test::run_request("second-in-science", 2));
    CHECK(second.specification_version == 2);
    CHECK(s.results(first.id) == s.results(second.id));
  }
  {
    SQLite::Database database(s.db.string(), SQLite::OPEN_READWRITE);
    database.exec(
        "UPDATE application_values SET values_version = 2, facts_values = "
        "substr(facts_values, 1, length(facts_values) - 3) WHERE application_id = "
        "(SELECT id FROM application WHERE ref = 'A0000007')");
  }
  data::Database database(s.db, data::OpenMode::must_exist);
  CHECK_THROWS_WITH(screening::run(database, test::run_request("second-in-science", 2)),
                    Catch::Contains("application A0000007 of vacancy 'second-in-science': its "
                                    "stored values cannot be read"));
}

TEST_CASE("verify finds packed values edited after the run, as it finds edited JSON facts",
          "[run][values]") {
  Screened s;
  auto const run = s.run(2);
  // Another applicant's values put in place of A0000001's: the JSON facts are untouched.
  auto const report = s.verify_after(
      run.id,
      "UPDATE application_values SET facts_values = (SELECT facts_values FROM "
      "application_values v JOIN application a ON a.id = v.application_id WHERE a.ref = "
      "'A0000002') WHERE application_id = (SELECT id FROM application WHERE ref = 'A0000001')");
  REQUIRE(report.difference_count > 0);
  CHECK(std::find(report.differences.begin(), report.differences.end(),
                  "A0000001: the application's facts were changed after it was imported (they "
                  "no longer match the hash recorded then)") != report.differences.end());
}

TEST_CASE("an application whose packed values row is gone is still screened, from its JSON facts",
          "[run][values]") {
  // The values are kept apart from the application (schema 15): a row deleted outside Sift
  // must not take the applicant out of a run without a word, and verify finds it gone.
  Screened s;
  auto const before = s.run(2);
  CHECK(s.verify_after(before.id,
                       "DELETE FROM application_values WHERE application_id = "
                       "(SELECT id FROM application WHERE ref = 'A0000003')")
            .difference_count > 0);
  auto const after = s.run(2);
  CHECK(after.applicants == before.applicants);
  CHECK(s.results(after.id) == s.results(before.id));
}
