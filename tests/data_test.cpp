// The application store: schema and refusals, imports (every bad input named, nothing half
// stored), versions, scores, export round trips and erasure.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <array>
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "sift/data/applications.hpp"
#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/load.hpp"
#include "sift/screening/run.hpp"
#include "sift/screening/shortlist.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

namespace {

// A fresh database holding the Second in Science vacancy.
struct Fixture : test::ExampleVacancy {
  data::ImportSummary import(std::string const& text, data::ImportOptions options = {}) {
    data::Database database(db, data::OpenMode::must_exist);
    std::istringstream input(text);
    return data::Applications(database).import(input, "apps.jsonl", options);
  }

  // Every row of every table, as text: equal before and after means nothing changed.
  std::string contents() { return test::database_contents(db); }
};

std::string const good =
    test::read_file(test::source_dir() / "examples" / "second-in-science.applications.jsonl");

std::vector<std::string> lines_of(std::string const& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

std::string replace(std::string text, std::string const& from, std::string const& to) {
  auto const at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a new database is created owner-only and holds the schema", "[data]") {
  Fixture f;
  struct stat info {};
  REQUIRE(::stat(f.db.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  SQLite::Database database(f.db.string(), SQLite::OPEN_READONLY);
  CHECK(database.execAndGet("PRAGMA user_version").getInt() == 15);
  CHECK(database.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("files that are not Sift databases are refused and left untouched", "[data]") {
  auto const dir = test::temporary_directory();
  test::write_file(dir / "random.db", "this is not a database at all, just some bytes\n");
  {
    SQLite::Database other((dir / "other.db").string(),
                           SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t (x)");
  }
  { data::Database db(dir / "newer.db", data::OpenMode::create_if_missing); }
  {
    SQLite::Database newer((dir / "newer.db").string(), SQLite::OPEN_READWRITE);
    newer.exec("PRAGMA user_version = 99");
  }
  for (auto const& [name, message] : std::vector<std::pair<std::string, std::string>>{
           {"random.db", "not a Sift database (not an SQLite file); left untouched"},
           {"other.db", "an SQLite database, but not a Sift database; left untouched"},
           {"newer.db",
            "made by a newer Sift (schema version 99; this Sift knows up to 15); left "
            "untouched"}}) {
    INFO(name);
    auto const before = test::read_file(dir / name);
    try {
      data::Database db(dir / name, data::OpenMode::must_exist);
      FAIL("opened");
    } catch (data::Error const& e) {
      CHECK(std::string(e.what()) == (dir / name).string() + ": " + message);
    }
    CHECK(test::read_file(dir / name) == before);
  }
  CHECK_THROWS_AS(data::Database(dir / "missing.db", data::OpenMode::must_exist), data::Error);
  CHECK_FALSE(fs::exists(dir / "missing.db"));
  fs::remove_all(dir);
}

TEST_CASE("vacancy versions: a changed specification is a new version, the same one is not",
          "[data]") {
  Fixture f;
  data::Database db(f.db, data::OpenMode::must_exist);
  auto const again = data::Vacancies(db).add(f.spec, f.spec.vacancies.front());
  CHECK_FALSE(again.changed);
  CHECK(again.version == 1);
  auto changed = f.spec;
  changed.sources.front().text += "\n# a comment changes the text\n";
  auto const second = data::Vacancies(db).add(changed, changed.vacancies.front());
  CHECK(second.changed);
  CHECK(second.version == 2);
  CHECK(data::Vacancies(db).specification("second-in-science", 1).sources == f.spec.sources);
  CHECK(data::Vacancies(db).specification("second-in-science").version == 2);
  auto const reloaded =
      rules::load_sources(data::Vacancies(db).specification("second-in-science").sources);
  CHECK(reloaded.specification);
}

TEST_CASE("a good file imports whole, and importing it again changes nothing", "[data][import]") {
  Fixture f;
  auto const first = f.import(good);
  CHECK(first.committed);
  CHECK(first.added == 200);
  CHECK(first.rejected == 0);
  auto const snapshot = f.contents();
  auto const second = f.import(good);
  CHECK(second.unchanged == 200);
  CHECK(second.added == 0);
  CHECK(f.contents() == snapshot);
}

// An input that stops halfway to let the test look at the database while the import's
// transaction is open, then goes on.
class PausingInput : public std::streambuf {
 public:
  PausingInput(std::string first, std::string rest, std::function<void()> pause)
      : parts_{std::move(first), std::move(rest)}, pause_(std::move(pause)) {}

 protected:
  int_type underflow() override {
    if (next_ == parts_.size()) return traits_type::eof();
    if (next_ == 1) pause_();
    auto& part = parts_[next_++];
    setg(part.data(), part.data(), part.data() + part.size());
    return traits_type::to_int_type(part.front());
  }

 private:
  std::array<std::string, 2> parts_;
  std::function<void()> pause_;
  std::size_t next_ = 0;
};

TEST_CASE("while an import writes, other commands read the last committed state",
          "[data][import][concurrency]") {
  Fixture f;
  auto const lines = lines_of(good);
  std::string first_half, second_half;
  for (std::size_t i = 0; i < lines.size(); ++i)
    (i < 100 ? first_half : second_half) += lines[i] + "\n";
  REQUIRE(f.import(first_half).added == 100);
  // The whole file again: the first half unchanged, the second new; halfway, other commands
  // read the database (each a process of its own) and must see the 100 committed before.
  std::vector<test::Run> during;
  PausingInput input(first_half, second_half, [&] {
    during.push_back(test::sift({"--db", f.db.string(), "vacancy", "list"}, f.dir));
    during.push_back(test::sift(
        {"--db", f.db.string(), "applicants", "list", "second-in-science", "--format", "csv"},
        f.dir));
  });
  std::istream stream(&input);
  data::Database db(f.db, data::OpenMode::must_exist);
  auto const summary = data::Applications(db).import(stream, "apps.jsonl", {});
  CHECK(summary.added == 100);
  REQUIRE(during.size() == 2);
  for (auto const& run : during) {
    INFO(run.err);
    CHECK(run.exit == 0);
  }
  CHECK(during[0].out.find("second-in-science        1         100  ") != std::string::npos);
  CHECK(std::count(during[1].out.begin(), during[1].out.end(), '\n') == 101);  // header + 100
  // After the commit, all 200.
  CHECK(test::sift({"--db", f.db.string(), "vacancy", "list"}, f.dir)
            .out.find("second-in-science        1         200  ") != std::string::npos);
  test::check_back_in_wal_mode(f.db);
}

TEST_CASE("a changed re-submission is a new version and the old one stays", "[data][import]") {
  Fixture f;
  f.import(good);
  auto const line = lines_of(good).front();
  auto const changed = replace(line, "\"right_to_work\":true", "\"right_to_work\":false");
  auto const summary = f.import(changed + "\n");
  CHECK(summary.new_versions == 1);
  SQLite::Database database(f.db.string(), SQLite::OPEN_READONLY);
  CHECK(database.execAndGet("SELECT count(*) FROM application WHERE ref = 'A0000001'").getInt() ==
        2);
}

TEST_CASE("every kind of bad input is named by line and field, and nothing is stored",
          "[data][import]") {
  auto const lines = lines_of(good);
  auto const first = lines[0];
  auto const second = lines[1];
  struct Case {
    std::string what;
    std::string text;
    std::vector<std::string> messages;  // every problem of the bad line
  };
  // The cases that keep their JSON valid by renaming what follows a bad value report that key
  // too: a row's every problem is reported, not only the first.
  auto const and_undeclared = [](std::string const& key) {
    return fmt::format(
        "a key not declared by the form of vacancy 'second-in-science': {} (nothing undeclared "
        "is stored; --drop-undeclared drops such keys and imports the rest)",
        key);
  };
  std::vector<Case> const cases = {
      {"invalid JSON",
       first + "\n" + second.substr(0, 100) + "\n",
       {"the line is not valid JSON (A string is opened, but never closed.)"}},
      {"wrong type",
       replace(first, "\"qts\":true", "\"qts\":\"yes\"") + "\n",
       {"qts is the text \"yes\", expected true or false"}},
      {"wrong type in a list",
       replace(first, "\"subjects\":[", "\"subjects\":\"physics\",\"x\":[") + "\n",
       {"subjects is the text \"physics\", expected a list", and_undeclared("x")}},
      {"impossible date",
       replace(first, "\"submitted\":\"", "\"submitted\":\"2026-02-30\",\"was\":\"") + "\n",
       {"submitted is \"2026-02-30\", which is not a calendar date (YYYY-MM-DD, or YYYY-MM or "
        "YYYY when only the month or year is known)",
        and_undeclared("was")}},
      {"duplicate ref", first + "\n" + first + "\n", {"ref A0000001 already appears on line 1"}},
      {"missing ref",
       replace(first, "\"ref\":\"A0000001\",", "") + "\n",
       {"field 'ref' is missing"}},
      {"unknown vacancy",
       replace(first, "\"vacancy\":\"second-in-science\"", "\"vacancy\":\"head-of-art\"") + "\n",
       {"vacancy 'head-of-art' is not in the database; add its specification first with 'sift "
        "vacancy add'"}},
      {"huge number",
       replace(first, "\"point\":", "\"point\":1e400,\"was\":") + "\n",
       {"pay.point is a number too large to read"}},
      {"big integer",
       replace(first, "\"point\":", "\"point\":123456789012345678901234567890,\"was\":") + "\n",
       {"pay.point is a number too large to read"}},
      {"negative year",
       replace(first, "\"year\":", "\"year\":-2005,\"was\":") + "\n",
       {"qualifications[0].year is -2005, outside the range 1900 to 2100",
        "a key not declared by the form of vacancy 'second-in-science': qualifications[0].was "
        "(nothing undeclared is stored; --drop-undeclared drops such keys and imports the "
        "rest)"}},
      {"a value the form does not list",
       replace(first, "\"key_stages\":[\"", "\"key_stages\":[\"ks3\",\"") + "\n",
       {"key_stages[0] is \"ks3\", not one of the form's values (did you mean \"KS3\"?)"}},
      {"invalid UTF-8",
       replace(first, "English", "Engl\xC3\x28sh") + "\n",
       {"the line is not valid UTF-8"}},
      {"BOM",
       "\xEF\xBB\xBF" + first + "\n",
       {"the file starts with a byte-order mark (BOM); save it as UTF-8 without a BOM"}},
      {"CRLF",
       first + "\r\n",
       {"the line ends with CR LF (Windows line ends); convert the file to LF line ends"}},
      {"not an object",
       first + "\n[" + second + "]\n",
       {"the line is a list, not an object (one application per line)"}},
  };
  for (auto const& c : cases) {
    INFO(c.what);
    Fixture f;
    auto const before = f.contents();
    auto const summary = f.import(c.text);
    CHECK_FALSE(summary.committed);
    std::vector<std::string> messages;
    for (auto const& problem : summary.problems)
      messages.push_back(problem.message);
    CHECK(messages == c.messages);
    CHECK(summary.rejected == 1);
    CHECK(f.contents() == before);
  }
}

TEST_CASE("an empty file is an error, and --skip-invalid imports the good lines",
          "[data][import]") {
  Fixture f;
  auto const before = f.contents();
  CHECK_THROWS_WITH(f.import(""), "apps.jsonl: the file is empty: no applications to import");
  CHECK_THROWS_WITH(f.import("\n  \n"), "apps.jsonl: the file is empty: no applications to import");
  CHECK(f.contents() == before);

  auto const lines = lines_of(good);
  std::string const mixed = lines[0] + "\n{\"ref\":\n" + lines[1] + "\n";
  data::ImportOptions skip;
  skip.skip_invalid = true;
  auto const summary = f.import(mixed, skip);
  CHECK(summary.committed);
  CHECK(summary.added == 2);
  CHECK(summary.rejected == 1);
  REQUIRE(summary.problems.size() == 1);
  CHECK(summary.problems.front().line == 2);

  data::ImportOptions dry;
  dry.dry_run = true;
  auto const snapshot = f.contents();
  auto const tried = f.import(lines[5] + "\n", dry);
  CHECK(tried.added == 1);
  CHECK_FALSE(tried.committed);
  CHECK(f.contents() == snapshot);
}

TEST_CASE("the generator's malformed lines are each reported", "[data][import]") {
  Fixture f;
  auto const dir = test::temporary_directory();
  auto const apps = test::generate_applications(dir, 400, 11, "--bad-rate 0.05");
  std::set<std::size_t> expected;
  for (auto const& line : lines_of(test::read_file(dir / "apps.jsonl.bad.txt")))
    if (!line.starts_with("#")) expected.insert(std::stoul(line));
  auto const summary = f.import(test::read_file(apps));
  std::set<std::size_t> reported;
  for (auto const& p : summary.problems)
    reported.insert(p.line);
  CHECK(reported == expected);
  CHECK_FALSE(summary.committed);
  fs::remove_all(dir);
}

namespace {

// JSON values compared by meaning: objects regardless of key order.
bool same_json(simdjson::dom::element a, simdjson::dom::element b) {
  using simdjson::dom::element_type;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object ao, bo;
      if (a.get_object().get(ao) || b.get_object().get(bo) || ao.size() != bo.size()) return false;
      for (auto field : ao) {
        simdjson::dom::element other;
        if (bo.at_key(field.key).get(other) || !same_json(field.value, other)) return false;
      }
      return true;
    }
    case element_type::ARRAY: {
      simdjson::dom::array aa, ba;
      if (a.get_array().get(aa) || b.get_array().get(ba) || aa.size() != ba.size()) return false;
      for (std::size_t i = 0; i < aa.size(); ++i)
        if (!same_json(aa.at(i).value(), ba.at(i).value())) return false;
      return true;
    }
    default:
      return simdjson::minify(a) == simdjson::minify(b);
  }
}

}  // namespace

TEST_CASE("import then export reproduces each record", "[data][export]") {
  Fixture f;
  f.import(good);
  data::Database db(f.db, data::OpenMode::must_exist);
  simdjson::dom::parser original_parser;
  simdjson::dom::parser export_parser;
  int checked = 0;
  for (auto const& line : lines_of(good)) {
    simdjson::dom::element original = original_parser.parse(line);
    std::string const ref(original["ref"].get_string().value());
    auto const exported = data::Applications(db).export_applicant(ref);
    simdjson::dom::element document = export_parser.parse(exported);
    simdjson::dom::element record = document["versions"].at(0)["record"];
    INFO(ref);
    CHECK(same_json(original, record));
    ++checked;
  }
  CHECK(checked == 200);
}

TEST_CASE("erasure removes identifying details for good and is recorded", "[data][erase]") {
  Fixture f;
  f.import(good);
  data::Database db(f.db, data::OpenMode::must_exist);
  simdjson::dom::parser parser;
  auto const first = lines_of(good).front();
  simdjson::dom::element record = parser.parse(first);
  std::string const email(record["personal"]["email"].get_string().value());
  std::string const statement(record["statement"].get_string().value());
  std::string const phone(record["personal"]["phone"].get_string().value());
  std::string const name =
      fmt::format("\"first_name\":\"{}\",\"last_name\":\"{}\"",
                  std::string_view(record["personal"]["first_name"].get_string().value()),
                  std::string_view(record["personal"]["last_name"].get_string().value()));
  std::string const trn_text(record["trn"].get_string().value());
  // Searched in the bytes of every file SQLite keeps: the database, its log, a journal.
  auto contains = [&](std::string const& needle) {
    for (auto const& file :
         {f.db, fs::path(f.db.string() + "-wal"), fs::path(f.db.string() + "-journal"),
          fs::path(f.db.string() + "-shm")})
      if (fs::exists(file) && test::read_file(file).find(needle) != std::string::npos) return true;
    return false;
  };
  auto const identifying = {email, statement, phone, name, "\"trn\":\"" + trn_text + "\""};
  for (auto const& part : identifying)
    CHECK(contains(part));
  // Another process holds the database open (between reads) while the erasure happens.
  SQLite::Database reader(f.db.string(), SQLite::OPEN_READONLY);
  CHECK(reader.execAndGet("SELECT count(*) FROM identity").getInt() == 200);
  CHECK(data::Applications(db).erase("A0000001", "", "Data protection officer"));
  for (auto const& part : identifying) {
    INFO(part);
    CHECK_FALSE(contains(part));
  }
  // One in the middle of a read keeps its snapshot's pages: the erasure says so, and once the
  // reader has finished, a checkpoint leaves nothing.
  {
    std::string const second_email(
        parser.parse(lines_of(good)[1])["personal"]["email"].get_string().value());
    SQLite::Transaction reading(reader);
    CHECK(reader.execAndGet("SELECT count(*) FROM identity").getInt() == 199);
    CHECK_FALSE(data::Applications(db).erase("A0000002", "", "Data protection officer"));
    reading.commit();
    db.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    CHECK_FALSE(contains(second_email));
  }
  auto const exported = data::Applications(db).export_applicant("A0000001");
  CHECK(exported.find(email) == std::string::npos);
  CHECK(exported.find("\"erased_by\":\"Data protection officer\"") != std::string::npos);
  // Nor the monitoring answers, nor the Teacher Reference Number in the facts.
  std::string const trn(record["trn"].get_string().value());
  CHECK(data::Applications(db).facts("A0000001").find(trn) == std::string::npos);
  CHECK(db.connection()
            .execAndGet("SELECT count(*) FROM monitoring WHERE application_id IN (SELECT id "
                        "FROM application WHERE ref = 'A0000001')")
            .getInt() == 0);
  CHECK_FALSE(contains("\"trn\":\"" + trn + "\""));
  // An erasure says who carried it out.
  CHECK_THROWS_AS(data::Applications(db).erase("A0000003", "", " "), data::Error);

  // Importing the person again is refused, naming the erasure, and changes nothing...
  auto import_again = [&](std::string const& by) {
    std::istringstream again(first + "\n");
    data::ImportOptions options;
    options.readmit_erased_by = by;
    return data::Applications(db).import(again, "again.jsonl", options);
  };
  auto const refused = import_again("");
  CHECK(refused.rejected == 1);
  REQUIRE(refused.problems.size() == 1);
  CHECK(refused.problems.front().message.starts_with("A0000001's data was erased on "));
  CHECK(refused.problems.front().message.ends_with(
      " by Data protection officer; importing them again needs --readmit-erased NAME, which is "
      "recorded"));
  CHECK_FALSE(contains(email));
  // ...unless the operator says otherwise: then it is stored again, and that is on the record.
  CHECK(import_again("Recruitment lead, new application received").new_versions == 1);
  CHECK(contains(email));
  CHECK(db.connection().execAndGet("SELECT readmitted_by FROM readmission").getString() ==
        "Recruitment lead, new application received");
  CHECK(import_again("").unchanged == 1);  // readmitted: no longer refused
}

TEST_CASE("assessors' scores: checked against the specification, versioned, all or nothing",
          "[data][scores]") {
  Fixture f;
  f.import(good);
  data::Database db(f.db, data::OpenMode::must_exist);
  auto import = [&](std::string const& text) {
    std::istringstream input(text);
    return data::Scores(db).import(input, "scores.csv", {});
  };
  std::string const header = "ref,criterion,assessor,score,comment\n";
  auto const ok = import(header + "A0000001,subject_knowledge,panel-1,3,\"Strong, specific\"\r\n");
  CHECK(ok.added == 1);
  CHECK(import(header + "A0000001,subject_knowledge,panel-1,3,\"Strong, specific\"\n").unchanged ==
        1);
  CHECK(import(header + "A0000001,subject_knowledge,panel-1,2,Revised\n").new_versions == 1);

  struct Case {
    std::string row;
    std::string message;
  };
  for (auto const& c : std::vector<Case>{
           {"A0000001,subject_knowlege,panel-1,3,x",
            "criterion 'subject_knowlege' is not in vacancy 'second-in-science'; did you mean "
            "'subject_knowledge'?"},
           {"A0000001,qts,panel-1,3,x",
            "criterion 'qts' is decided by a rule, not scored by assessors"},
           {"A0000001,cpd,panel-1,4,x", "score is '4', expected a whole number from 0 to 3"},
           {"Z9999999,cpd,panel-1,2,x",
            "ref 'Z9999999' has no application in vacancy 'second-in-science'"},
           {"A0000001,cpd,panel-1", "3 fields, but the header has 5"},
       }) {
    INFO(c.row);
    auto const before = f.contents();
    auto const summary = import(header + "A0000002,cpd,panel-1,2,fine\n" + c.row + "\n");
    REQUIRE(summary.problems.size() == 1);
    CHECK(summary.problems.front().line == 3);
    CHECK(summary.problems.front().message == c.message);
    CHECK_FALSE(summary.committed);
    CHECK(f.contents() == before);
  }
  auto const examples =
      import(test::read_file(test::source_dir() / "examples" / "second-in-science.scores.csv"));
  CHECK(examples.committed);
  CHECK(examples.rejected == 0);
  // The panel is kept as scores arrive: exactly the distinct (criterion, assessor) pairs.
  SQLite::Database database(f.db.string(), SQLite::OPEN_READONLY);
  CHECK(database
            .execAndGet("SELECT group_concat(criterion || '/' || assessor, ' ') FROM "
                        "(SELECT * FROM panel_member ORDER BY criterion, assessor)")
            .getString() ==
        database
            .execAndGet("SELECT group_concat(criterion || '/' || assessor, ' ') FROM "
                        "(SELECT DISTINCT criterion, assessor FROM assessor_score "
                        "ORDER BY criterion, assessor)")
            .getString());
  CHECK(database.execAndGet("SELECT count(*) FROM panel_member").getInt() == 8);
}

TEST_CASE("applications as CSV: lists, record members and JSON cells, with bad rows named",
          "[data][import][csv]") {
  Fixture f;
  data::ImportOptions csv;
  csv.format = data::ApplicationsFormat::csv;
  auto const sample =
      test::read_file(test::source_dir() / "examples" / "second-in-science.sample.csv");
  auto const summary = f.import(sample, csv);
  INFO((summary.problems.empty() ? "" : summary.problems.front().message));
  CHECK(summary.committed);
  CHECK(summary.added == 3);
  data::Database db(f.db, data::OpenMode::must_exist);
  auto const facts = data::Applications(db).facts("C0000001");
  CHECK(facts.find("\"qts\":true") != std::string::npos);
  CHECK(facts.find("\"subjects\":[\"biology\",\"chemistry\",\"physics\"]") != std::string::npos);
  CHECK(facts.find("\"declarations\":{\"on_barred_list\":false") != std::string::npos);
  CHECK(facts.find("\"pay\":{\"scale\":\"UPS\",\"point\":2}") != std::string::npos);
  CHECK(facts.find("Oakfield Academy") != std::string::npos);
  CHECK(facts.find("\"personal\"") == std::string::npos);  // kept apart, as for JSON Lines
  CHECK(data::Applications(db).export_applicant("C0000001").find("\"first_name\":\"Ana\"") !=
        std::string::npos);

  std::string const header = "ref,vacancy,qts,employment\n";
  struct Case {
    std::string rows;
    std::string message;
  };
  for (auto const& c : std::vector<Case>{
           {"X1,second-in-science,maybe,\n", "qts is the text \"maybe\", expected true or false"},
           {"X1,second-in-science,yes,[{\"employer\":\n",
            "column employment holds list of {employer: text, role: text, teaching: bool, start: "
            "date, end: "
            "optional date, reason_for_leaving: optional text} as JSON in the cell, but the cell "
            "is not valid "
            "JSON (The JSON document has an improper structure: missing or superfluous commas, "
            "braces, missing "
            "keys, etc.)"},
           {"X1,second-in-science,yes\n", "3 fields, but the header has 4"},
       }) {
    INFO(c.rows);
    auto const before = f.contents();
    auto const bad = f.import(header + c.rows, csv);
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems.front().line == 2);
    CHECK(bad.problems.front().message == c.message);
    CHECK(f.contents() == before);
  }
  // Numbers as JSON writes them, or the cell is text the validator names (the import fuzzer
  // found "02" passed into the record as invalid JSON).
  for (auto const* cell : {"02", "+2", ".5", "2.", "1e999", "0x10"}) {
    INFO(cell);
    auto const bad =
        f.import(fmt::format("ref,vacancy,pay.point\nX1,second-in-science,{}\n", cell), csv);
    REQUIRE(bad.problems.size() == 1);
    CHECK(bad.problems.front().message ==
          fmt::format("pay.point is the text \"{}\", expected a number", cell));
  }
  for (auto const* cell : {"0", "-0", "2.5", "2e1", "20E-1"})
    CHECK(f.import(fmt::format("ref,vacancy,pay.point\nX1,second-in-science,{}\n", cell), csv)
              .problems.empty());
  auto const unknown = f.import("ref,vacancy,shoe_size\nX1,second-in-science,9\n", csv);
  REQUIRE(unknown.problems.size() == 1);
  CHECK(unknown.problems.front().message ==
        "column shoe_size is not a field of this vacancy's form");
  CHECK_THROWS_WITH(f.import("vacancy,qts\nsecond-in-science,yes\n", csv),
                    "apps.jsonl:1: the header has no 'ref' column");
}

TEST_CASE("an older schema is brought forward by the migrations it lacks, in order", "[data]") {
  Fixture f;
  REQUIRE(f.import(good).committed);
  {
    SQLite::Database database(f.db.string(), SQLite::OPEN_READWRITE);
    database.exec(
        "DROP TABLE decision; DROP TABLE reveal; DROP TABLE panel_member; DROP TABLE readmission; "
        "DROP TABLE panel_declared; DROP TABLE panel_conflict; DROP TABLE score_withdrawal; "
        "DROP TABLE sign_off; DROP TABLE feedback_sent; DROP TABLE ledger; DROP TABLE score_sheet; "
        "DROP TRIGGER score_sheet_add; DROP TRIGGER score_sheet_remove; "
        "DROP TRIGGER score_sheet_change; "
        "DROP TABLE application_values; "
        "ALTER TABLE run DROP COLUMN inputs_sha256; ALTER TABLE run DROP COLUMN record_format; "
        "ALTER TABLE run DROP COLUMN panel; DROP INDEX placing_shortlisted; "
        "PRAGMA user_version = 2");
  }
  data::Database db(f.db, data::OpenMode::must_exist);
  SQLite::Database database(f.db.string(), SQLite::OPEN_READONLY);
  CHECK(database.execAndGet("PRAGMA user_version").getInt() == 15);
  CHECK(
      database.execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'decision'").getInt() ==
      1);
  CHECK(data::Vacancies(db).list().size() == 1);  // what was there is kept
  // The facts' hashes the ledger's migration entered, in the table a run reads them from.
  CHECK(database.execAndGet("SELECT count(*) FROM application").getInt() > 0);
  CHECK(database
            .execAndGet("SELECT count(*) FROM application a JOIN application_values v ON "
                        "v.application_id = a.id WHERE length(v.facts_sha256) = 64 AND "
                        "v.facts_values IS NULL")
            .getInt() == database.execAndGet("SELECT count(*) FROM application").getInt());
  CHECK(database
            .execAndGet("SELECT count(*) FROM pragma_table_info('application') WHERE name IN "
                        "('facts_sha256', 'facts_values', 'values_version')")
            .getInt() == 0);
}

TEST_CASE("hostile input: deep JSON, a 100 MB line, metacharacters, a truncated database",
          "[data][hostile]") {
  Fixture f;
  auto const first = lines_of(good).front();

  auto const deep =
      f.import("{\"ref\":" + std::string(100000, '[') + std::string(100000, ']') + "}\n");
  REQUIRE(deep.problems.size() == 1);
  CHECK(deep.problems.front().message.starts_with("the line is not valid JSON"));

  // One 100 MB line: a valid record whose statement is 100 MB long.
  std::string huge =
      replace(first, "\"statement\":\"", "\"statement\":\"" + std::string(100'000'000, 'x'));
  auto const big = f.import(huge + "\n");
  CHECK(big.committed);
  CHECK(big.new_versions + big.added == 1);

  // Refs are data, never SQL or shell: bound parameters throughout.
  for (std::string const ref :
       {"x'); DROP TABLE application; --", "$(rm -rf /)", "a\"b\\\\c", "` ; |"}) {
    INFO(ref);
    std::string escaped;
    for (char c : ref) {
      if (c == '"' || c == '\\') escaped += '\\';
      escaped += c;
    }
    auto const record = replace(first, "\"ref\":\"A0000001\"", "\"ref\":\"" + escaped + "\"");
    CHECK(f.import(record + "\n").committed);
    data::Database db(f.db, data::OpenMode::must_exist);
    CHECK(data::Applications(db).facts(ref).find("\"vacancy\":\"second-in-science\"") !=
          std::string::npos);
  }
  auto const control =
      f.import(replace(first, "\"ref\":\"A0000001\"", "\"ref\":\"A\\u0007B\"") + "\n");
  REQUIRE(control.problems.size() == 1);
  CHECK(control.problems.front().message == "ref contains a control character");

  // A database cut short is refused with a message, not a crash.
  auto const cut = f.dir / "cut.db";
  fs::copy_file(f.db, cut);
  fs::resize_file(cut, fs::file_size(cut) / 3);
  try {
    data::Database db(cut, data::OpenMode::must_exist);
    (void)data::Applications(db).list();
    FAIL("a truncated database was read without complaint");
  } catch (data::Error const& e) {
    CHECK(std::string(e.what()).find("damaged") != std::string::npos);
  }
}

TEST_CASE("an import lists the first thousand problems and counts the rest", "[data][import]") {
  Fixture f;
  std::string bad;
  for (int i = 0; i < 2500; ++i)
    bad += "not json at all\n";
  auto const summary = f.import(bad);
  CHECK(summary.rejected == 2500);
  CHECK(summary.problems.size() == data::most_problems_listed);
  CHECK(summary.problems_not_listed == 1500);
  CHECK(summary.problems.back().line == 1000);
  CHECK_FALSE(summary.committed);
  // With --skip-invalid the good lines land and the count is the same.
  data::ImportOptions skip;
  skip.skip_invalid = true;
  auto const good =
      test::read_file(test::source_dir() / "examples" / "second-in-science.applications.jsonl");
  auto const mixed = f.import(bad + good, skip);
  CHECK(mixed.committed);
  CHECK(mixed.added == 200);
  CHECK(mixed.rejected == 2500);
  CHECK(mixed.problems.size() + mixed.problems_not_listed == 2500);
}

TEST_CASE("a binary file is refused whole, at its first NUL byte", "[data][import]") {
  Fixture f;
  std::string binary = "{\"ref\":\"B1\",\"vacancy\":\"second-in-science\"}\n";
  binary += std::string("PK\x03\x04\0\0\x08\0", 8) + "\n";
  data::ImportOptions skip;
  skip.skip_invalid = true;  // skipping rows does not make a binary file importable
  try {
    (void)f.import(binary, skip);
    FAIL("a binary file was imported");
  } catch (data::Error const& e) {
    CHECK(e.kind() == data::ErrorKind::invalid_input);
    CHECK(std::string(e.what()) ==
          "apps.jsonl:2: a NUL byte at column 5: this is a binary file, not JSON Lines; nothing "
          "imported");
  }
  CHECK(f.contents().find("B1") == std::string::npos);
}
