// Audit: a stored run verifies; rows edited, added or deleted with the stock sqlite3 tool are
// found.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

namespace {

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

// A database with the example screened once (run 1), as a user would make it.
struct Audited {
  fs::path dir = test::temporary_directory();
  Audited() {
    auto const examples = test::source_dir() / "examples";
    auto const run =
        test::sift({"--db", "sift.db", "screen", (examples / "second-in-science.sift").string(),
                    (examples / "second-in-science.applications.jsonl").string(), "--scores",
                    (examples / "second-in-science.scores.csv").string(), "--as-of", "2026-11-23"},
                   dir);
    REQUIRE(run.exit == 0);
  }
  ~Audited() { fs::remove_all(dir); }
  test::Run sift(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    return test::sift(args, dir);
  }
  void sql(std::string const& statement) {
    auto const command = "sqlite3 '" + (dir / "sift.db").string() + "' \"" + statement + "\"";
    REQUIRE(std::system(command.c_str()) == 0);
  }
};

}  // namespace

TEST_CASE("verify: an intact run is verified", "[audit]") {
  Audited a;
  auto const run = a.sift({"verify", "1"});
  CHECK(run.exit == 0);
  CHECK(run.out ==
        "run 1: verified: 200 results recomputed from the stored inputs and identical; the "
        "hashes of its results and of the inputs it read are intact\n"
        "ledger: 2 entries, every one matching its row, the chain intact (unkeyed: a rewrite "
        "of the whole file would recompute it; --anchor checks heads kept elsewhere)\n");
  CHECK(a.sift({"verify", "7"}).exit == 4);
}

TEST_CASE("verify: a result edited with sqlite3 is found", "[audit]") {
  Audited a;
  a.sql("UPDATE result SET verdict = 'eligible' WHERE run_id = 1 AND ref = 'A0000001'");
  auto const run = a.sift({"verify", "1"});
  CHECK(run.exit == 5);
  CHECK(contains(run.out, "the stored results do not match the run's hash"));
  CHECK(contains(run.out, "A0000001: verdict stored as eligible, recomputed as excluded"));
  CHECK(contains(run.out, "run 1: NOT verified"));
}

TEST_CASE("verify: result bytes edited with sqlite3, found by the hash and named where decoded",
          "[audit]") {
  auto const hash =
      "run 1: the stored results do not match the run's hash (result or placing rows were "
      "edited, added or deleted)\n";
  struct Case {
    char const* what;
    char const* edit;
    std::string out;
  };
  for (auto const& c : std::vector<Case>{
           // Stored as eligible with a placing saying shortlisted: both texts decode to the
           // same verdict, so only the hash over the bytes as stored can tell.
           {"a verdict rewritten as the one its placing implies",
            "UPDATE result SET verdict = 'shortlisted' WHERE run_id = 1 AND ref = (SELECT ref "
            "FROM placing WHERE run_id = 1 AND shortlisted ORDER BY rank LIMIT 1)",
            std::string(hash) + "run 1: NOT verified: 1 difference\n"},
           // The first criterion's byte (after the two counts) from met to not met: verify
           // compares each row's bytes, and decodes a row that differs to say where.
           {"a packed outcome",
            "UPDATE result SET outcomes = CAST(substr(outcomes, 1, 2) || X'02' || "
            "substr(outcomes, 4) AS BLOB) WHERE run_id = 1 AND ref = 'A0000002'",
            std::string(hash) +
                "A0000002: qts stored as not met (; 0 points), recomputed as met (; 0 points)\n"
                "run 1: NOT verified: 2 differences\n"}}) {
    INFO(c.what);
    Audited a;
    a.sql(c.edit);
    auto const run = a.sift({"verify", "1"});
    CHECK(run.exit == 5);
    CHECK(run.out == c.out);
  }
}

TEST_CASE("verify: an edited score, a deleted result and a rewritten hash are found", "[audit]") {
  {
    Audited a;
    a.sql(
        "UPDATE result SET score = 9 WHERE run_id = 1 AND ref = (SELECT ref FROM placing WHERE "
        "rank = 1)");
    CHECK(a.sift({"verify", "1"}).exit == 5);
  }
  {
    Audited a;
    a.sql("DELETE FROM result WHERE run_id = 1 AND ref = 'A0000002'");
    auto const run = a.sift({"verify", "1"});
    CHECK(run.exit == 5);
    CHECK(contains(run.out, "run 1: records 200 applicants but holds 199 results"));
    CHECK(contains(run.out, "A0000002: applied before the run but has no result in it"));
  }
  {
    Audited a;
    // An edit that also rewrites the run's own hash still breaks the chain.
    a.sql("UPDATE run SET results_sha256 = 'x', as_of = '2026-01-01' WHERE id = 1");
    auto const run = a.sift({"verify", "1"});
    CHECK(run.exit == 5);
    CHECK(contains(run.out, "run 1: its record does not match its chain hash"));
  }
  {
    Audited a;
    a.sql("INSERT INTO placing VALUES (1, 'A0000003', 99, 1)");
    CHECK(a.sift({"verify", "1"}).exit == 5);
  }
}

TEST_CASE("explain: each verdict in plain words, with the rule, its place and the values",
          "[audit]") {
  Audited a;
  auto const excluded = a.sift({"explain", "A0000001"});
  CHECK(excluded.exit == 0);
  CHECK(contains(excluded.out, "Verdict: excluded"));
  CHECK(contains(
      excluded.out,
      "  - additional_subject: \"Ability to teach an additional departmental subject to KS3/4\" "
      "(second-in-science.sift:18)\n      rule: require count(subjects & science) >= 2 and "
      "key_stages contains all of {\"KS3\", \"KS4\"}\n      values: key_stages = [KS3], needs "
      "contains all of {\"KS3\", \"KS4\"}\n"));
  CHECK(contains(excluded.out,
                 "What would have changed the verdict: meeting additional_subject, "
                 "national_curriculum would have made it eligible."));

  auto const review = a.sift({"explain", "A0000013"});
  CHECK(contains(review.out, "Verdict: needs review"));
  CHECK(contains(review.out, "Essential criteria that could not be decided (evidence missing):"));

  auto const eligible = a.sift({"explain", "A0000046"});
  CHECK(contains(eligible.out, "Verdict: eligible"));
  CHECK(contains(eligible.out,
                 "Ranked 10th of 42 eligible; the shortlist is the top 6 (ties included); the "
                 "lowest shortlisted scored 7 of 7, this applicant 6.33."));
  CHECK(contains(eligible.out, "meeting leadership_potential would have made it shortlisted"));

  // A teaching post with no start date: the years it may add are unknown, but the known posts
  // already pass five years, so the criterion is met, and the evidence says how far it knows.
  auto const partly_known = a.sift({"explain", "A0000113"});
  CHECK(contains(partly_known.out,
                 "years(teaching_posts) is at least 16.23 (a spell's dates, or whether it counts, "
                 "are missing)"));
  // The same criterion evaluated alone, from the stored application, by `sift eval`.
  auto const evaluated =
      a.sift({"eval", (test::source_dir() / "examples" / "second-in-science.sift").string(),
              "--criterion", "experience", "--ref", "A0000113", "--as-of", "2026-11-23"});
  CHECK(evaluated.exit == 0);
  CHECK(evaluated.out ==
        "true\nevidence: years(teaching_posts) is at least 16.23 (a spell's dates, or whether it "
        "counts, are missing)\n");

  auto const shortlisted = a.sift({"explain", "A0000025", "--format", "json"});
  CHECK(shortlisted.exit == 0);
  CHECK(contains(shortlisted.out,
                 "\"verdict\":\"shortlisted\",\"score\":7,\"max_score\":7,\"rank\":1,"));
  CHECK(contains(shortlisted.out, "\"counterfactual\":{\"criteria\":[],\"verdict\":null}"));
  CHECK(a.sift({"explain", "A0000001", "--format", "yaml"}).exit == 2);
}

TEST_CASE("decide: a reason and a name are required, and decisions are superseded, never edited",
          "[audit]") {
  Audited a;
  CHECK(a.sift({"decide", "A0000025", "--shortlist", "--by", "Chair"}).exit == 2);
  auto const blank =
      a.sift({"decide", "A0000025", "--shortlist", "--reason", "  ", "--by", "Chair"});
  CHECK(blank.exit == 4);
  CHECK(blank.err == "sift: a decision needs a reason (--reason), for the record\n");
  CHECK(a.sift({"decide", "A0000025", "--shortlist", "--reject", "--reason", "x", "--by", "C"})
            .exit == 2);
  CHECK(a.sift({"decide", "A0000025", "--hold", "--reason", "Awaiting a second reference", "--by",
                "Chair"})
            .exit == 0);
  CHECK(a.sift({"decide", "A0000025", "--shortlist", "--reason", "Reference received", "--by",
                "Chair"})
            .exit == 0);
  auto const shortlist = a.sift({"shortlist", "second-in-science"});
  CHECK(contains(shortlist.out, "   1  A0000025         7 (100%)  shortlist (Chair)"));
  CHECK(contains(shortlist.out, "   2  A0000027         7 (100%)  awaiting decision"));
  auto const explained = a.sift({"explain", "A0000025"});
  auto const first = explained.out.find("hold by Chair: Awaiting a second reference");
  auto const second = explained.out.find("shortlist by Chair: Reference received");
  CHECK(first != std::string::npos);
  CHECK(second != std::string::npos);
  CHECK(first < second);
  CHECK(a.sift({"decide", "Z404", "--hold", "--reason", "x", "--by", "y"}).exit == 4);
  // Decisions do not touch the engine's record: the run still verifies.
  CHECK(a.sift({"verify", "1"}).exit == 0);
}

TEST_CASE("diff: a proposed rule change, before it is adopted, changes nothing stored", "[audit]") {
  Audited a;
  auto const examples = test::source_dir() / "examples";
  fs::copy(examples / "common", a.dir / "common");
  auto proposed = test::read_file(examples / "second-in-science.sift");
  auto const rule = std::string("count(subjects & science) >= 2");
  proposed.replace(proposed.find(rule), rule.size(), "count(subjects & science) >= 1");
  test::write_file(a.dir / "proposed.sift", proposed);
  fs::copy(examples / "second-in-science.sift", a.dir / "current.sift");
  auto const before = test::database_contents(a.dir / "sift.db");
  auto const run = a.sift({"diff", "current.sift", "proposed.sift", "--vacancy",
                           "second-in-science", "--as-of", "2026-11-23"});
  CHECK(run.exit == 0);
  CHECK(contains(run.out,
                 "200 applicants of second-in-science screened under current.sift and under "
                 "proposed.sift (as of 2026-11-23); nothing stored."));
  CHECK(contains(run.out, "A0000002: excluded -> eligible"));
  CHECK(contains(run.out, "Would leave the shortlist (0):"));
  auto const same =
      a.sift({"diff", "current.sift", "current.sift", "--vacancy", "second-in-science"});
  CHECK(contains(same.out, "Would change verdict otherwise (0):"));
  CHECK(test::database_contents(a.dir / "sift.db") == before);
}

TEST_CASE("decisions carry across runs, and a re-run shows where it now disagrees with them",
          "[audit][panel]") {
  Audited a;
  // On run 1: the panel shortlists an excluded applicant (on appeal) and rejects a shortlisted
  // one; both agree with nothing the engine proposed, and are decisions all the same.
  REQUIRE(a.sift({"decide", "A0000001", "--shortlist", "--reason", "QTS confirmed by the TRA",
                  "--by", "Chair"})
              .exit == 0);
  REQUIRE(
      a.sift({"decide", "A0000025", "--reject", "--reason", "withdrew", "--by", "Chair"}).exit ==
      0);
  REQUIRE(a.sift({"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);

  // Run 2 keeps them, says which run they were taken on, and asks for a review of both.
  auto const table = a.sift({"shortlist", "second-in-science"});
  CHECK(contains(table.out, "second-in-science): run 2"));
  CHECK(contains(table.out, "REVIEW: rejected by the panel on run 1, now shortlisted: review"));
  CHECK(contains(table.out, "REVIEW: shortlisted by the panel on run 1, now excluded: review"));
  CHECK(contains(table.out, "2 panel decisions now disagree with this run's proposal"));
  auto const csv = a.sift({"shortlist", "second-in-science", "--format", "csv"});
  CHECK(contains(csv.out, ",A0000001,excluded,"));
  CHECK(contains(csv.out,
                 "shortlist,Chair,\"shortlisted by the panel on run 1, now excluded: "
                 "review\""));
  auto const explained = a.sift({"explain", "A0000001"});
  CHECK(contains(explained.out, "shortlist by Chair (on run 1): QTS confirmed by the TRA"));
  // A decision taken again on run 2 is the current one, and agrees: no review.
  REQUIRE(a.sift({"decide", "A0000025", "--shortlist", "--reason", "withdrawal retracted", "--by",
                  "Chair"})
              .exit == 0);
  auto const after = a.sift({"shortlist", "second-in-science"});
  CHECK_FALSE(contains(after.out, "rejected by the panel"));
  CHECK(contains(after.out, "1 panel decision now disagrees with this run's proposal"));
}

TEST_CASE("a mistyped assessor is withdrawn on the record, and a declared panel refuses the next",
          "[audit][panel]") {
  Audited a;
  auto const shortlisted = [&] {
    auto const run = a.sift({"run", "second-in-science", "--as-of", "2026-11-23"});
    REQUIRE(run.exit == 0);
    return run.out;
  };
  auto const before = shortlisted();
  CHECK(contains(before, "9 shortlisted, 33 eligible, 10 need review"));
  // One applicant's scores arrive under "Panel-1" instead of "panel-1": with no panel declared,
  // a new assessor joins, and every applicant now waits on a score from them.
  test::write_file(a.dir / "typo.csv",
                   "ref,criterion,assessor,score,comment\nA0000025,cpd,Panel-1,3,ok\n");
  REQUIRE(a.sift({"scores", "import", "typo.csv"}).exit == 0);
  CHECK(contains(shortlisted(), "1 shortlisted, 0 eligible, 59 need review"));

  // Withdrawn on the record (kept, with who and why), the vacancy is whole again.
  auto const withdrawn =
      a.sift({"scores", "withdraw", "--vacancy", "second-in-science", "--assessor", "Panel-1",
              "--reason", "typo for panel-1", "--by", "Chair"});
  CHECK(withdrawn.exit == 0);
  CHECK(contains(withdrawn.out, "1 score by Panel-1 withdrawn"));
  CHECK(contains(shortlisted(), "9 shortlisted, 33 eligible, 10 need review"));
  // The run that read the mistyped score still recomputes: the withdrawn row keeps its id.
  CHECK(a.sift({"verify", "2"}).exit == 0);
  CHECK(a.sift({"scores", "withdraw", "--vacancy", "second-in-science", "--assessor", "Panel-1",
                "--reason", "again", "--by", "Chair"})
            .exit == 4);  // nothing left to withdraw
  CHECK(a.sift({"scores", "withdraw", "--vacancy", "second-in-science", "--assessor", "panel-1",
                "--reason", " ", "--by", "Chair"})
            .exit == 4);  // a reason is required

  // With the panel declared, the same typo is refused with the nearest name, and a member
  // cannot score an applicant they declared a conflict with.
  REQUIRE(a.sift({"panel", "second-in-science", "--member", "panel-1", "--member", "panel-2",
                  "--by", "Chair"})
              .exit == 0);
  REQUIRE(a.sift({"panel", "second-in-science", "--conflict", "panel-2=A0000025", "--reason",
                  "former colleague", "--by", "Chair"})
              .exit == 0);
  test::write_file(a.dir / "again.csv",
                   "ref,criterion,assessor,score,comment\nA0000025,cpd,Panel-1,3,ok\n"
                   "A0000025,cpd,panel-2,2,ok\n");
  auto const refused = a.sift({"scores", "import", "again.csv"});
  CHECK(refused.exit == 4);
  CHECK(contains(refused.err,
                 "again.csv:2: assessor 'Panel-1' is not on the panel of vacancy "
                 "'second-in-science'; did you mean 'panel-1'?"));
  CHECK(contains(refused.err,
                 "again.csv:3: panel-2 declared a conflict of interest with A0000025, and may not "
                 "score them"));
  auto const panel = a.sift({"panel", "second-in-science"});
  CHECK(panel.out ==
        "second-in-science: panel of 2: panel-1, panel-2\n"
        "  panel-2 may not score A0000025: former colleague\n");
}

TEST_CASE(
    "a feedback letter: the outcome, the unmet essentials in the specification's words, "
    "what was read, and the right to a review",
    "[audit][feedback]") {
  Audited a;
  auto const letter = a.sift({"feedback", "A0000001", "--html", "letter.html"});
  CHECK(letter.exit == 0);
  CHECK(contains(letter.out, "Dear applicant,"));  // blind: no name before the reveal
  CHECK(contains(letter.out, "Your application for Second in Science (reference A0000001)"));
  CHECK(contains(letter.out,
                 "You were not shortlisted for interview: your application did not "
                 "show every essential criterion"));
  CHECK(contains(letter.out,
                 "  - Ability to teach an additional departmental subject to KS3/4 "
                 "(Qualifications)\n      Subjects: biology, chemistry, physics\n"
                 "      Key stages: KS3\n"));
  CHECK(contains(letter.out, "You may ask for a person to review this outcome"));
  // Never rule code, never another applicant.
  for (auto const* code :
       {"require", "count(", ">=", "contains all of", "key_stages", "A0000002", "needs "}) {
    INFO(code);
    CHECK_FALSE(contains(letter.out, code));
  }
  auto const html = test::read_file(a.dir / "letter.html");
  CHECK(contains(html, "<h2>The essential criteria your application did not show</h2>"));
  CHECK(contains(html, "<li>Key stages: KS3</li>"));

  // After the reveal, the letter is addressed by name; a trust's template is filled in.
  REQUIRE(a.sift({"reveal", "second-in-science", "--by", "Chair", "--reason", "decided"}).exit ==
          0);
  test::write_file(a.dir / "trust.txt",
                   "Dear {{name}}\nRe: {{vacancy}} ({{ref}})\n{{outcome}}\n{{not_met}}{{review}}\n"
                   "{{unknown_placeholder}}\n");
  auto const filled = a.sift({"feedback", "A0000001", "--template", "trust.txt"});
  CHECK(filled.exit == 0);
  CHECK(filled.out.starts_with("Dear "));
  CHECK_FALSE(contains(filled.out, "Dear applicant"));
  CHECK(contains(filled.out, "Re: Second in Science (A0000001)\n"));
  CHECK(contains(filled.out, "{{unknown_placeholder}}"));  // left as written
  CHECK(a.sift({"feedback", "Z9999999"}).exit == 4);
}

TEST_CASE("moderation: the panel's agreed score replaces the combination, shown beside it",
          "[audit][panel]") {
  Audited a;
  CHECK(contains(a.sift({"explain", "A0000130"}).out,
                 "Assessors disagree: cpd: panel-1 gave 3, panel-2 gave 1"));
  auto const agreed = a.sift({"scores", "agree", "--vacancy", "second-in-science", "--ref",
                              "A0000130", "--criterion", "cpd", "--score", "1", "--reason",
                              "moderated: one course only", "--by", "Chair"});
  CHECK(agreed.exit == 0);
  REQUIRE(a.sift({"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);
  auto const explained = a.sift({"explain", "A0000130"}).out;
  CHECK(contains(explained, "Verdict: excluded"));
  CHECK(contains(explained,
                 "values: agreed by the panel = 1, needs >= 2 (panel-1 gave 3, "
                 "panel-2 gave 1)"));
  CHECK_FALSE(contains(explained, "Assessors disagree"));  // moderated
  // The run is reproducible from what it read, the agreed score included; and the agreed score
  // is not an assessor in the agreement statistics.
  CHECK(a.sift({"verify", "2"}).exit == 0);
  CHECK_FALSE(contains(a.sift({"agreement", "second-in-science", "--format", "csv"}).out,
                       "agreed by the panel"));
  // Only the panel records an agreed score: a scores file cannot use its name.
  test::write_file(a.dir / "forged.csv",
                   "ref,criterion,assessor,score,comment\n"
                   "A0000130,cpd,(agreed by the panel),3,x\n");
  auto const forged = a.sift({"scores", "import", "forged.csv"});
  CHECK(forged.exit == 4);
  CHECK(contains(forged.err, "is the panel's agreed score: record it with 'sift scores agree'"));
  CHECK(a.sift({"scores", "agree", "--vacancy", "second-in-science", "--ref", "A0000130",
                "--criterion", "qts", "--score", "3", "--reason", "x", "--by", "Chair"})
            .exit == 4);  // a rule decides qts, not assessors
  CHECK(a.sift({"scores", "agree", "--vacancy", "second-in-science", "--ref", "A0000130",
                "--criterion", "cpd", "--score", "4", "--reason", "x", "--by", "Chair"})
            .exit == 4);
}

TEST_CASE(
    "the score sheet a run reads holds exactly each applicant's score rows, whatever writes "
    "them",
    "[audit][panel]") {
  Audited a;
  // Every (vacancy, ref, id, criterion, assessor, score) of the sheets is a row, and the other
  // way round; no empty sheet is left behind.
  auto const differences = [&] {
    SQLite::Database db((a.dir / "sift.db").string(), SQLite::OPEN_READONLY);
    return db
        .execAndGet(R"sql(
          WITH sheet AS (
            SELECT s.vacancy_id, s.ref, json_extract(j.value, '$[0]') AS id,
                   json_extract(j.value, '$[1]') AS criterion,
                   json_extract(j.value, '$[2]') AS assessor,
                   json_extract(j.value, '$[3]') AS score
            FROM score_sheet s, json_each(s.cells) j),
          rows AS (SELECT vacancy_id, ref, id, criterion, assessor, score FROM assessor_score)
          SELECT (SELECT count(*) FROM (SELECT * FROM sheet EXCEPT SELECT * FROM rows))
               + (SELECT count(*) FROM (SELECT * FROM rows EXCEPT SELECT * FROM sheet))
               + abs((SELECT count(*) FROM sheet) - (SELECT count(*) FROM rows))
               + (SELECT count(*) FROM score_sheet WHERE json_array_length(cells) = 0))sql")
        .getInt();
  };
  auto const run_verifies = [&](int run) {
    REQUIRE(a.sift({"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);
    auto const verified = a.sift({"verify", std::to_string(run)});
    INFO(verified.out);
    CHECK(verified.exit == 0);
  };
  CHECK(differences() == 0);
  {
    SQLite::Database db((a.dir / "sift.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM score_sheet").getInt() == 200);
  }
  // A new version of a score, an agreed score and a withdrawal: each through Sift.
  test::write_file(a.dir / "changed.csv",
                   "ref,criterion,assessor,score,comment\nA0000001,cpd,panel-1,0,rescored\n");
  REQUIRE(a.sift({"scores", "import", "changed.csv"}).exit == 0);
  CHECK(differences() == 0);
  // An import sets the insert trigger aside while it writes: one that fails restores it.
  test::write_file(a.dir / "refused.csv",
                   "ref,criterion,assessor,score,comment\nA0000001,cpd,panel-2,1,x\n"
                   "A0000001,cpd,panel-1,9,not on the scale\n");
  CHECK(a.sift({"scores", "import", "refused.csv"}).exit != 0);
  {
    SQLite::Database db((a.dir / "sift.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE "
                        "type = 'trigger' ORDER BY name)")
              .getString() == "score_sheet_add,score_sheet_change,score_sheet_remove");
  }
  CHECK(differences() == 0);
  REQUIRE(a.sift({"scores", "agree", "--vacancy", "second-in-science", "--ref", "A0000130",
                  "--criterion", "cpd", "--score", "1", "--reason", "moderated", "--by", "Chair"})
              .exit == 0);
  CHECK(differences() == 0);
  REQUIRE(a.sift({"scores", "withdraw", "--vacancy", "second-in-science", "--assessor", "panel-2",
                  "--ref", "A0000002", "--reason", "left the panel", "--by", "Chair"})
              .exit == 0);
  CHECK(differences() == 0);
  run_verifies(2);
  // Rows written with the stock sqlite3 tool, not through Sift, are on the sheet too: a run
  // reads what the rows say (verify recomputes from the rows).
  a.sql("UPDATE assessor_score SET score = 3 WHERE ref = 'A0000003' AND criterion = 'cpd'");
  a.sql("UPDATE assessor_score SET ref = 'A0000005' WHERE ref = 'A0000004' AND criterion = 'cpd'");
  a.sql("DELETE FROM assessor_score WHERE ref = 'A0000006'");
  a.sql(
      "INSERT INTO assessor_score (vacancy_id, ref, criterion, assessor, score, comment, "
      "recorded_at, source) VALUES ('second-in-science', 'A0000008', 'cpd', 'panel-1', 0, '', "
      "'2026-11-28T00:00:00Z', 'by hand')");
  CHECK(differences() == 0);
  run_verifies(3);
  // A sheet edited by hand: the run reads it, and verify finds what it read is not the rows.
  a.sql(
      "UPDATE score_sheet SET cells = replace(cells, '\\\"panel-1\\\",0]', "
      "'\\\"panel-1\\\",3]') WHERE ref = 'A0000001'");
  CHECK(differences() > 0);
  REQUIRE(a.sift({"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);
  CHECK(a.sift({"verify", "4"}).exit == 5);
  // A damaged sheet stops a run, naming the applicant; nothing is stored.
  for (auto const* cells :
       {"'[[1,\\\"cpd\\\"]]'", "'{}'", "'not json'", "'[[1,\\\"cpd\\\",\\\"panel-1\\\",7]]'"}) {
    INFO(cells);
    a.sql(fmt::format("UPDATE score_sheet SET cells = {} WHERE ref = 'A0000007'", cells));
    auto const damaged = a.sift({"run", "second-in-science", "--as-of", "2026-11-23"});
    CHECK(damaged.exit == 4);
    CHECK(contains(damaged.err,
                   "the score sheet of A0000007 in vacancy 'second-in-science' "
                   "cannot be read"));
  }
  CHECK(a.sift({"runs", "list", "--format", "csv"}).out.find("\n5,") == std::string::npos);
}

TEST_CASE("a recruitment walked as a panel would: from a typo in the scores to erasure",
          "[audit][panel][walk]") {
  auto const dir = test::temporary_directory();
  auto const examples = test::source_dir() / "examples";
  auto sift = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    return test::sift(args, dir);
  };
  auto ok = [&](std::vector<std::string> args) {
    auto const run = sift(args);
    INFO(fmt::format("{}", fmt::join(args, " ")) << "\n" << run.err);
    REQUIRE(run.exit == 0);
    return run.out;
  };
  // The vacancy, its applications and its panel.
  ok({"vacancy", "add", (examples / "second-in-science.sift").string()});
  ok({"import", (examples / "second-in-science.applications.jsonl").string()});
  ok({"panel", "second-in-science", "--member", "panel-1", "--member", "panel-2", "--by",
      "Recruitment lead"});
  // Scores arrive with one assessor's name mistyped: refused, naming the member meant.
  auto scores = test::read_file(examples / "second-in-science.scores.csv");
  auto typo = scores;
  typo.replace(typo.find("A0000001,cpd,panel-1"), 20, "A0000001,cpd,Panel-1");
  test::write_file(dir / "typo.csv", typo);
  auto const refused = sift({"scores", "import", "typo.csv"});
  CHECK(refused.exit == 4);
  CHECK(contains(refused.err, "did you mean 'panel-1'?"));
  // Corrected and imported whole.
  ok({"scores", "import", (examples / "second-in-science.scores.csv").string()});
  // Moderated, then run.
  ok({"scores", "agree", "--vacancy", "second-in-science", "--ref", "A0000130", "--criterion",
      "cpd", "--score", "2", "--reason", "moderated: two courses evidenced", "--by", "Chair"});
  CHECK(contains(ok({"run", "second-in-science", "--as-of", "2026-11-23"}), "run 1:"));
  CHECK(contains(ok({"explain", "A0000130", "--format", "json"}),
                 "\"evidence\":\"agreed by the panel = 2 (panel-1 gave 3, panel-2 gave 1)\""));
  // Decided, and run again after a late correction: the decisions stay.
  ok({"decide", "A0000025", "--shortlist", "--reason", "strong evidence", "--by", "Chair"});
  ok({"decide", "A0000027", "--hold", "--reason", "references pending", "--by", "Chair"});
  ok({"run", "second-in-science", "--as-of", "2026-11-23"});
  auto const shortlist = ok({"shortlist", "second-in-science"});
  CHECK(contains(shortlist, "run 2"));
  CHECK(contains(shortlist, "shortlist (Chair)"));
  CHECK(contains(shortlist, "hold (Chair)"));
  // The grid the panel prints: each assessor's scores and the agreed one in the cell, the
  // decisions and the reasons on the page (see report_in_chromium.sh for its layout).
  ok({"report", "second-in-science", "--html", "grid.html"});
  auto const grid = test::read_file(dir / "grid.html");
  auto const moderated = grid.find("<td class=\"ref\">A0000130</td>");
  REQUIRE(moderated != std::string::npos);
  CHECK(contains(grid.substr(moderated, grid.find("</tbody>", moderated) - moderated),
                 "<small>3&middot;1 =2</small>"));
  CHECK(contains(grid, "<td class=\"decision\">hold (Chair)"));
  CHECK(contains(grid, "<b>Reason:</b> panel: hold by Chair: references pending"));
  // Signed off by each member; an unknown signer is refused.
  ok({"signoff", "second-in-science", "--by", "panel-1"});
  ok({"signoff", "second-in-science", "--by", "panel-2"});
  CHECK(sift({"signoff", "second-in-science", "--by", "Panel 3"}).exit == 4);
  CHECK(contains(ok({"shortlist", "second-in-science"}), "Signed off by panel-1 ("));
  // Names only after the reveal; then the invitation list.
  CHECK(sift({"invite", "second-in-science"}).exit == 4);
  ok({"reveal", "second-in-science", "--by", "Chair", "--reason", "shortlist signed off"});
  auto const invite = ok({"invite", "second-in-science", "--format", "csv"});
  CHECK(invite.starts_with("ref,name,email,phone,basis\n"));
  CHECK(contains(invite, "A0000025,"));
  CHECK(contains(invite, "panel: shortlist (Chair)"));
  CHECK_FALSE(contains(invite, "A0000027,"));  // held: not invited
  // An applicant who was not shortlisted asks for feedback, then for their data, then erasure.
  auto const letter = ok({"feedback", "A0000001"});
  CHECK(contains(letter, "did not show every essential criterion"));
  // A draft is not on the record; a letter sent is, with the SHA-256 of its text.
  CHECK(sift({"feedback", "A0000001", "--sent-by", " "}).exit == 4);
  auto const sent = sift({"feedback", "A0000001", "--sent-by", "Recruitment lead"});
  CHECK(sent.out == letter);
  CHECK(contains(sent.err, "recorded: feedback to A0000001 sent by Recruitment lead (run 2)"));
  ok({"export", "A0000001", "--out", "sar.json", "--html", "sar.html"});
  auto const sar = test::read_file(dir / "sar.json");
  CHECK(contains(sar, fmt::format("\"feedback_sent\":[{{\"run\":2,\"sent_at\":\"")));
  CHECK(contains(sar, fmt::format("\"sent_by\":\"Recruitment lead\",\"letter_sha256\":\"{}\"}}]",
                                  test::sha256_hex(letter))));
  CHECK(contains(sar, "\"runs\":[{\"run\":1"));
  CHECK(contains(sar, "\"reveal\":[{\"revealed_at\""));
  CHECK(contains(test::read_file(dir / "sar.html"), "<h2>Runs</h2>"));
  CHECK(sift({"erase", "A0000001", "--by", ""}).exit == 4);
  ok({"erase", "A0000001", "--by", "Data protection officer"});
  auto const after = ok({"export", "A0000001"});
  CHECK(contains(after, "\"erased_by\":\"Data protection officer\""));
  CHECK_FALSE(contains(after, "\"personal\""));
  // The erased applicant's data does not come back with the next file.
  CHECK(sift({"import", (examples / "second-in-science.applications.jsonl").string()}).exit == 4);
  fs::remove_all(dir);
}

TEST_CASE("listings speak table, CSV and JSON: runs, vacancies, applicants, agreement",
          "[audit][cli]") {
  Audited a;
  struct Case {
    std::vector<std::string> command;
    char const* csv_header;
    char const* json_start;
  };
  for (auto const& c : std::vector<Case>{
           {{"runs", "list"},
            "run,vacancy,specification_version,stage,as_of,applicants,shortlisted,finished_at,"
            "operator\n",
            "[{\"run\":1,\"vacancy\":\"second-in-science\",\"specification_version\":1,"},
           {{"vacancy", "list"},
            "vacancy,version,applicants,title\n",
            "[{\"vacancy\":\"second-in-science\",\"version\":1,\"applicants\":200,"},
           {{"applicants", "list"},
            "vacancy,ref,versions,submitted,note\n",
            "[{\"vacancy\":\"second-in-science\",\"ref\":\"A0000001\",\"versions\":1,"},
           {{"agreement", "second-in-science"},
            "criterion,first,second,scored,exact,mean_difference,kappa\n",
            "[{\"criterion\":\"behaviour_management\",\"first\":\"panel-1\",\"second\":"
            "\"panel-2\",\"scored\":190,\"exact\":0.8263,"}}) {
    INFO(c.command.front());
    auto with = [&](char const* format) {
      auto args = c.command;
      args.insert(args.end(), {"--format", format});
      return a.sift(args);
    };
    CHECK(with("csv").out.starts_with(c.csv_header));
    CHECK(with("json").out.starts_with(c.json_start));
    CHECK(with("table").exit == 0);
    CHECK(with("xml").exit == 2);
  }
}
