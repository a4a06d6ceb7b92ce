// Application workbooks: `sift template` writes the form as a workbook (or a folder of CSV
// files) a school fills in, and `sift import` reads it back. The bundled applicants go round
// that trip and screen exactly as their JSON Lines do; a workbook written by another program is
// read the same way; and every problem names its sheet, row and column.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>

#include "support.hpp"

using namespace sift;

namespace {

bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}

std::filesystem::path const example = test::source_dir() / "examples";
std::string const applications = (example / "second-in-science.applications.jsonl").string();

struct Workspace {
  std::filesystem::path dir = test::temporary_directory();
  ~Workspace() { std::filesystem::remove_all(dir); }
  test::Run sift(std::string const& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return test::sift(args, dir);
  }
  // A database with the seed vacancy, and what `import` said of `input`.
  test::Run import(std::string const& db, std::string const& input,
                   std::vector<std::string> extra = {}) {
    REQUIRE(sift(db, {"vacancy", "add", (example / "second-in-science.sift").string()}).exit == 0);
    std::vector<std::string> args{"import", input};
    args.insert(args.end(), extra.begin(), extra.end());
    return sift(db, args);
  }
  // Everything a panel reads of a screening: every applicant's explanation, as JSON, with the
  // moment of the run masked.
  std::string screened(std::string const& db) {
    REQUIRE(
        sift(db, {"scores", "import", (example / "second-in-science.scores.csv").string()}).exit ==
        0);
    REQUIRE(sift(db, {"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);
    auto const report = sift(db, {"report", "second-in-science", "--json", db + ".json"});
    REQUIRE(report.exit == 0);
    return std::regex_replace(test::read_file(dir / (db + ".json")),
                              std::regex("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"), "TIME");
  }
  std::map<std::string, std::string> facts(std::string const& db) const {
    return test::stored_facts(dir / db);
  }
  // A workbook written by another program (tests/tools/make_xlsx.py) from `sheets` as JSON.
  std::string foreign_xlsx(std::string const& name, std::string const& sheets) {
    test::write_file(dir / (name + ".json"), sheets);
    auto const command =
        fmt::format("python3 '{}' '{}' < '{}'",
                    (test::source_dir() / "tests" / "tools" / "make_xlsx.py").string(),
                    (dir / name).string(), (dir / (name + ".json")).string());
    REQUIRE(std::system(command.c_str()) == 0);
    return (dir / name).string();
  }
};

}  // namespace

TEST_CASE("the workbook template round-trips: the bundled applicants screen as their JSON Lines do",
          "[cli][workbook]") {
  Workspace w;
  auto const from_jsonl = w.import("jsonl.db", applications);
  REQUIRE(from_jsonl.exit == 0);
  auto const expected = w.screened("jsonl.db");
  REQUIRE(contains(expected, "\"verdict\":\"shortlisted\""));

  for (auto const& [kind, out] : std::vector<std::pair<std::string, std::string>>{
           {"--xlsx", "filled.xlsx"}, {"--csv", "filled"}}) {
    INFO(kind);
    auto const written =
        w.sift("jsonl.db", {"template", "second-in-science", kind, out, "--with", applications});
    REQUIRE(written.exit == 0);
    auto const db = out + ".db";
    auto const imported = w.import(db, out);
    CHECK(imported.exit == 0);
    CHECK(contains(imported.out, "200 read, 200 added, 0 new versions, 0 unchanged, 0 rejected"));
    CHECK(w.screened(db) == expected);
  }
  // The bundled workbook is exactly what the template writes for the bundled applicants.
  auto const bundled =
      w.import("bundled.db", (example / "second-in-science.applications.xlsx").string());
  CHECK(bundled.exit == 0);
  CHECK(w.screened("bundled.db") == expected);
}

TEST_CASE("the template names its sheets and columns from the form", "[cli][workbook]") {
  Workspace w;
  auto const written = w.sift(
      "unused.db", {"template", (example / "second-in-science.sift").string(), "--csv", "form"});
  REQUIRE(written.exit == 0);
  std::vector<std::string> sheets;
  for (auto const& entry : std::filesystem::directory_iterator(w.dir / "form"))
    sheets.push_back(entry.path().filename().string());
  std::sort(sheets.begin(), sheets.end());
  CHECK(sheets == std::vector<std::string>{"about.csv", "applicants.csv", "breaks.csv", "cpd.csv",
                                           "employment.csv", "monitoring.csv", "qualifications.csv",
                                           "references.csv"});
  CHECK(test::read_file(w.dir / "form" / "employment.csv") ==
        "ref,employer,role,teaching,start,end,reason_for_leaving\n");
  auto const applicants = test::read_file(w.dir / "form" / "applicants.csv");
  CHECK(applicants.starts_with(
      "ref,personal.first_name,personal.last_name,personal.email,personal.phone,submitted,qts,"
      "qts_status,"));
  CHECK(contains(applicants, ",pay.scale,pay.point,pay.tlr,"));
  CHECK(applicants.ends_with(",references,statement\n"));
  CHECK(contains(test::read_file(w.dir / "form" / "about.csv"), "vacancy,second-in-science\n"));
  // An empty template imports nothing, and says so.
  auto const empty = w.import("empty.db", "form");
  CHECK(empty.exit == 4);
  CHECK(contains(empty.err, "the file is empty"));
  // Neither or both of --xlsx and --csv is a usage error.
  CHECK(w.sift("unused.db", {"template", "second-in-science"}).exit == 2);
}

TEST_CASE("a workbook from another program: UK dates, yes and no, values in any case",
          "[cli][workbook]") {
  Workspace w;
  auto const book = w.foreign_xlsx("school.xlsx", R"({
    "applicants": [
      ["ref", "qts", "qts_status", "submitted", "qts_awarded", "subjects", "key_stages",
       "pay.scale", "pay.point", "right_to_work", "qualifications", "statement"],
      ["W1", "Yes", "Awarded", "20/10/2026", 42186, "Biology; CHEMISTRY; Économie", "ks3; KS4",
       "ups", 2, true, null, "I teach & lead."],
      ["W2", "no", "on track", "2026-10-21", "none", "physics", "KS5", "MPS", 1, "N", "none",
       null]
    ],
    "employment": [
      ["ref", "employer", "role", "teaching", "start", "end"],
      ["W1", "Oakfield Academy", "Teacher of Science", "yes", "09/2014", "08/2019"],
      ["W1", "Riverside School", "KS3 Coordinator", "yes", "01/09/2019", "current"]
    ],
    "monitoring": [["ref", "sex", "disability"], ["W1", "female", "No"]],
    "about": [["vacancy", "second-in-science"]]
  })");
  auto const imported = w.import("school.db", book);
  INFO(imported.err);
  // "Économie" is no subject of the form, and "on track" is not "on_track": both are named.
  CHECK(imported.exit == 4);
  CHECK(contains(imported.err,
                 "school.xlsx: ref W1 (sheet applicants, row 2): sheet applicants, row 2, column F "
                 "(subjects): subjects[2] is \"Économie\", not one of the form's values"));
  CHECK(contains(imported.err,
                 "ref W2 (sheet applicants, row 3): sheet applicants, row 3, column C "
                 "(qts_status): qts_status is \"on track\", not one of the form's values (did you "
                 "mean \"on_track\"?)"));

  auto const fixed = w.foreign_xlsx(
      "fixed.xlsx",
      std::regex_replace(std::regex_replace(test::read_file(w.dir / "school.xlsx.json"),
                                            std::regex("; Économie"), ""),
                         std::regex("on track"), "on_track"));
  auto const again = w.sift("school.db", {"import", fixed});
  INFO(again.err);
  REQUIRE(again.exit == 0);
  auto const facts = w.facts("school.db");
  CHECK(facts.at("W1") ==
        "{\"ref\":\"W1\",\"vacancy\":\"second-in-science\",\"qts\":true,\"qts_status\":"
        "\"awarded\",\"submitted\":\"2026-10-20\",\"qts_awarded\":\"2015-07-01\",\"subjects\":["
        "\"biology\",\"chemistry\"],\"key_stages\":[\"KS3\",\"KS4\"],\"pay\":{\"scale\":\"UPS\","
        "\"point\":2},\"right_to_work\":true,\"employment\":[{\"employer\":\"Oakfield "
        "Academy\",\"role\":\"Teacher of Science\",\"teaching\":true,\"start\":\"2014-09\","
        "\"end\":\"2019-08\"},{\"employer\":\"Riverside School\",\"role\":\"KS3 "
        "Coordinator\",\"teaching\":true,\"start\":\"2019-09-01\",\"end\":null}]}");
  // No rows and 'none' differ: W2 said it has no qualifications; W1 said nothing of them.
  CHECK(contains(facts.at("W2"), "\"qualifications\":[]"));
  CHECK_FALSE(contains(facts.at("W1"), "qualifications"));
  CHECK(contains(facts.at("W2"), "\"qts_awarded\":null"));
  SQLite::Database db((w.dir / "school.db").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT answers FROM monitoring").getString() ==
        "{\"sex\":\"female\",\"disability\":false}");
  CHECK(db.execAndGet("SELECT statement FROM identity").getString() == "I teach & lead.");
}

TEST_CASE("every problem of a workbook names its sheet, row and column, and nothing lands",
          "[cli][workbook]") {
  Workspace w;
  auto const run = [&](std::string const& name, std::string const& sheets) {
    return w.sift(name + ".db", {"import", w.foreign_xlsx(name + ".xlsx", sheets)});
  };
  REQUIRE(w.import("setup.db", applications).exit == 0);  // creates a database per name below
  struct Case {
    std::string what;
    std::string sheets;
    std::string error;
  };
  std::vector<Case> const cases = {
      {"a column the form does not have",
       R"({"applicants": [["ref", "qts", "ni_number"], ["W1", "yes", "QQ123456C"]],
           "about": [["vacancy", "second-in-science"]]})",
       "sheet applicants, row 1, column C: 'ni_number' is not a column of this sheet; nothing "
       "imported"},
      {"a sheet the form does not have",
       R"({"applicants": [["ref"], ["W1"]], "pets": [["ref"]],
           "about": [["vacancy", "second-in-science"]]})",
       "sheet 'pets' is not part of vacancy 'second-in-science''s form"},
      {"no vacancy named", R"({"applicants": [["ref"], ["W1"]]})",
       "which vacancy is this for? Give --vacancy V, or name it on an 'about' sheet"},
      {"a year out of range, a date that never was, a bad yes",
       R"({"applicants": [["ref", "qts", "qts_awarded"], ["W1", "maybe", "31/02/2015"]],
           "qualifications": [["ref", "level", "subject", "year"], ["W1", "degree", "Physics", 3000]],
           "about": [["vacancy", "second-in-science"]]})",
       "ref W1 (sheet applicants, row 2): sheet qualifications, row 2, column D (year): year is "
       "3000, outside the range 1900 to 2100"},
      {"a row for a ref that is not an applicant",
       R"({"applicants": [["ref"], ["W1"]], "employment": [["ref", "employer"], ["W9", "School"]],
           "about": [["vacancy", "second-in-science"]]})",
       "sheet employment, row 2: ref 'W9' is not on the applicants sheet"},
      {"a value under no heading",
       R"({"applicants": [["ref", "qts"], ["W1", "yes", "QQ123456C"]],
           "about": [["vacancy", "second-in-science"]]})",
       "sheet applicants, row 2, column C: a value under no heading; name the column in row 1, "
       "or clear the cell"},
      {"none and an entry",
       R"({"applicants": [["ref", "employment"], ["W1", "none"]],
           "employment": [["ref", "employer"], ["W1", "School"]],
           "about": [["vacancy", "second-in-science"]]})",
       "sheet employment, row 2: the applicants sheet says employment is none, but here is one"},
  };
  for (auto const& c : cases) {
    INFO(c.what);
    REQUIRE(w.sift(c.what.substr(0, 8) + ".db",
                   {"vacancy", "add", (example / "second-in-science.sift").string()})
                .exit == 0);
    auto const result = run(c.what.substr(0, 8), c.sheets);
    CHECK(result.exit == 4);
    CHECK(contains(result.err, c.error));
    CHECK(w.facts(c.what.substr(0, 8) + ".db").empty());
  }
  // All three problems of the row, not only the first.
  auto const three = run("a year o", cases[3].sheets);
  INFO(three.err);
  CHECK(contains(three.err, "column B (qts): qts is the text \"maybe\", expected true or false"));
  CHECK(contains(three.err,
                 "column C (qts_awarded): qts_awarded is \"31/02/2015\", not a date: write it as "
                 "20/10/2026 (or 10/2026, or 2026, when only the month or year is known)"));
}

TEST_CASE("a file that is not a workbook is refused at once", "[cli][workbook][hostile]") {
  Workspace w;
  test::write_file(w.dir / "fake.xlsx", "ref,qts\nW1,yes\n");
  auto const fake = w.import("fake.db", "fake.xlsx");
  CHECK(fake.exit == 4);
  CHECK(contains(fake.err,
                 "fake.xlsx: not a workbook (.xlsx is a ZIP archive, and this is not "
                 "one); nothing imported"));
  // A ZIP that is no workbook.
  auto const zip = w.foreign_xlsx("other.xlsx", "{}");
  std::filesystem::rename(zip, w.dir / "other.zip");
  REQUIRE(std::system(fmt::format("cd '{}' && python3 -c \"import zipfile; "
                                  "zipfile.ZipFile('plain.xlsx','w').writestr('a.txt','x')\"",
                                  w.dir.string())
                          .c_str()) == 0);
  auto const plain = w.import("plain.db", "plain.xlsx");
  CHECK(plain.exit == 4);
  CHECK(contains(plain.err, "not an Excel workbook (it has no xl/workbook.xml)"));
  // A sheet that unpacks to more than 64 MiB (a "zip bomb" of a few hundred kilobytes).
  REQUIRE(std::system(
              fmt::format("cd '{}' && python3 -c \"import zipfile; z=zipfile.ZipFile('bomb.xlsx',"
                          "'w',zipfile.ZIP_DEFLATED); z.writestr('xl/workbook.xml',' '*(65<<20))\"",
                          w.dir.string())
                  .c_str()) == 0);
  auto const bomb = w.import("bomb.db", "bomb.xlsx");
  CHECK(bomb.exit == 4);
  CHECK(contains(bomb.err, "its part xl/workbook.xml unpacks to more than 64 MiB"));
}
