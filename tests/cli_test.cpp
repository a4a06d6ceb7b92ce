// The `sift` command itself, run as a user runs it: help, version, exit codes, subcommands.
#include <fmt/format.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <regex>
#include <sstream>
#include <thread>

#include "support.hpp"

using namespace sift;

namespace {
bool contains(std::string const& text, std::string const& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("sift --help lists every subcommand and the exit codes", "[cli]") {
  auto const run = test::sift({"--help"});
  CHECK(run.exit == 0);
  for (auto const* command : {"check", "fmt", "test"})
    CHECK(contains(run.out, std::string("  ") + command));
  CHECK(contains(run.out, "Exit codes:"));
  CHECK(run.err.empty());
}

TEST_CASE("sift with no command prints usage and exits with the usage code", "[cli]") {
  auto const run = test::sift({});
  CHECK(run.exit == 2);
  CHECK(contains(run.err, "Usage: sift"));
}

TEST_CASE("sift --version prints the version", "[cli]") {
  auto const run = test::sift({"--version"});
  CHECK(run.exit == 0);
  CHECK(run.out.starts_with("sift 0."));
}

TEST_CASE("a mistyped subcommand suggests the nearest one", "[cli]") {
  auto const run = test::sift({"chek", "x.sift"});
  CHECK(run.exit == 2);
  CHECK(contains(run.err, "unknown command 'chek'; did you mean 'check'?"));
}

TEST_CASE("every subcommand has help with examples", "[cli]") {
  for (auto const* command :
       {"check", "fmt", "test", "vacancy", "import", "scores", "applicants", "export", "erase"}) {
    INFO(command);
    auto const run = test::sift({command, "--help"});
    CHECK(run.exit == 0);
    CHECK(contains(run.out, std::string("Usage: sift ") + command));
    CHECK(contains(run.out, "Examples:"));
    auto const global = test::sift({"--help", command});
    CHECK(global.out == run.out);
  }
}

TEST_CASE("bad options are usage errors", "[cli]") {
  CHECK(test::sift({"check"}).exit == 2);
  CHECK(test::sift({"check", "--no-such-option", "x.sift"}).exit == 2);
  CHECK(test::sift({"--log-level", "chatty", "check", "x.sift"}).exit == 2);
  CHECK(test::sift({"fmt", "--check", "--write", "x.sift"}).exit == 2);
  CHECK(test::sift({"test", "--as-of", "2026-02-30", "x.sift"}).exit == 2);
}

TEST_CASE("an unknown --format is a usage error that lists the formats", "[cli]") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (auto const& c : std::vector<Case>{
           {{"shortlist", "v", "--format", "xml"},
            "sift shortlist: --format is table, csv or json\n"},
           {{"explain", "A1", "--format", "xml"}, "sift explain: --format is text or json\n"},
           {{"impact", "v", "--by", "sex", "--format", "xml"},
            "sift impact: --format is table, csv or json\n"},
           {{"import", "x.txt", "--format", "tsv"}, "sift import: --format is jsonl or csv\n"}}) {
    auto const run = test::sift(c.args);
    CHECK(run.exit == 2);
    CHECK(run.err == c.message);
  }
}

TEST_CASE("sift check: 0 for a valid specification, the rules-error code otherwise",
          "[cli][check]") {
  auto const examples = test::source_dir() / "examples";
  auto const ok = test::sift({"check", "second-in-science.sift", "second-in-maths.sift"}, examples);
  CHECK(ok.exit == 0);
  CHECK(contains(ok.out, "second-in-science.sift: ok (vacancy second-in-science:"));
  CHECK(contains(ok.out, "second-in-maths.sift: ok (vacancy second-in-maths:"));

  auto const golden = test::source_dir() / "tests" / "golden";
  auto const bad = test::sift({"check", "rules/unknown-field.sift"}, golden);
  CHECK(bad.exit == 3);
  CHECK(bad.err == test::read_file(golden / "rules" / "unknown-field.err"));

  auto const missing = test::sift({"check", "no-such-file.sift"}, golden);
  CHECK(missing.exit == 3);
  CHECK(missing.err ==
        "no-such-file.sift: error: cannot read no-such-file.sift: no such file\n1 error\n");
}

TEST_CASE("sift fmt: prints, checks and rewrites", "[cli][fmt]") {
  auto const dir = test::temporary_directory();
  test::write_file(dir / "form.sift", test::test_form);
  std::string const untidy = "use \"form.sift\"\nlet   x =qts\n";
  test::write_file(dir / "v.sift", untidy);
  auto const printed = test::sift({"fmt", "v.sift"}, dir);
  CHECK(printed.exit == 0);
  CHECK(printed.out == "use \"form.sift\"\n\nlet x = qts\n");
  auto const checked = test::sift({"fmt", "--check", "v.sift"}, dir);
  CHECK(checked.exit == 1);
  CHECK(contains(checked.err, "v.sift: not formatted"));
  CHECK(test::read_file(dir / "v.sift") == untidy);
  CHECK(test::sift({"fmt", "--write", "v.sift"}, dir).exit == 0);
  CHECK(test::read_file(dir / "v.sift") == printed.out);
  CHECK(test::sift({"fmt", "--check", "v.sift"}, dir).exit == 0);
  test::write_file(dir / "broken.sift", "let = 1\n");
  auto const broken = test::sift({"fmt", "broken.sift"}, dir);
  CHECK(broken.exit == 3);
  CHECK(contains(broken.err, "broken.sift:1:5: error: expected a name, found '='"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("sift test runs the examples of both seed specifications", "[cli][test]") {
  auto const examples = test::source_dir() / "examples";
  auto const run = test::sift({"test", "second-in-science.sift", "second-in-maths.sift"}, examples);
  CHECK(run.exit == 0);
  CHECK(contains(
      run.out, "PASS  second-in-science: \"Biologist without QTS or right to work\" is excluded"));
  CHECK(contains(run.out, " 0 failed"));
}

TEST_CASE("sift test fails, with the reason, when an example gets another verdict", "[cli][test]") {
  auto const dir = test::temporary_directory();
  test::write_file(dir / "form.sift", test::test_form);
  test::write_file(dir / "v.sift", R"(use "form.sift"
vacancy v "V" {
  section "S" {
    essential qts "QTS"
      require qts
  }
  shortlist top 3
  example "Wrongly expected" {
    as of 2026-11-23
    qts = false
    expect eligible
  }
}
)");
  auto const run = test::sift({"test", "v.sift"}, dir);
  CHECK(run.exit == 1);
  CHECK(contains(run.out, "FAIL  v: \"Wrongly expected\""));
  CHECK(contains(run.out, "v.sift:8: expected eligible, got excluded because qts"));
  CHECK(contains(run.out, "qts not met: qts = false"));
  CHECK(contains(run.out, "0 passed, 1 failed"));
  std::filesystem::remove_all(dir);
}

namespace {

// A scratch directory with a database holding the Second in Science vacancy.
struct Workspace {
  std::filesystem::path dir = test::temporary_directory();
  Workspace() {
    auto const added =
        test::sift({"--db", "sift.db", "vacancy", "add",
                    (test::source_dir() / "examples" / "second-in-science.sift").string()},
                   dir);
    REQUIRE(added.exit == 0);
  }
  ~Workspace() { std::filesystem::remove_all(dir); }
  test::Run sift(std::vector<std::string> args, std::string const& input = {}) {
    args.insert(args.begin(), {"--db", "sift.db"});
    return test::sift(args, dir, input);
  }
};

std::string const applications =
    (test::source_dir() / "examples" / "second-in-science.applications.jsonl").string();

}  // namespace

TEST_CASE("sift import: summary, stdin, a missing file", "[cli][data]") {
  Workspace w;
  auto const first = w.sift({"import", applications});
  CHECK(first.exit == 0);
  CHECK(contains(first.out, "200 read, 200 added, 0 new versions, 0 unchanged, 0 rejected"));
  auto const again = w.sift({"import", "-"}, test::read_file(applications));
  CHECK(again.exit == 0);
  CHECK(again.out == "stdin: 200 read, 0 added, 0 new versions, 200 unchanged, 0 rejected\n");
  auto const missing = w.sift({"import", "nowhere.jsonl"});
  CHECK(missing.exit == 4);
  CHECK(missing.err == "sift: nowhere.jsonl: cannot open the file: No such file or directory\n");
  auto const bad =
      w.sift({"import", "-"}, "{\"ref\":\"X1\",\"vacancy\":\"second-in-science\",\"qts\":1}\n");
  CHECK(bad.exit == 4);
  CHECK(contains(bad.err, "stdin:1: qts is the number 1, expected true or false"));
  CHECK(contains(bad.err, "stdin: nothing imported: 1 of 1 records are invalid"));
}

TEST_CASE("sift import waits for a locked database, then says so and changes nothing",
          "[cli][data]") {
  Workspace w;
  auto const db = (w.dir / "sift.db").string();
  // The stock sqlite3 holds the write lock for longer than Sift's 5 s busy timeout.
  auto const holder =
      "(echo 'BEGIN IMMEDIATE; INSERT INTO erasure VALUES (1,2,3,4);'; sleep 9) | sqlite3 '" + db +
      "' > /dev/null 2>&1 &";
  REQUIRE(std::system(holder.c_str()) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto const run = w.sift({"import", applications});
  CHECK(run.exit == 4);
  CHECK(contains(run.err, "the database is busy: another process is writing to it"));
  std::this_thread::sleep_for(std::chrono::seconds(4));
  auto const list = w.sift({"applicants", "list"});
  CHECK(list.exit == 0);
  CHECK(list.out == "VACANCY  REF  VERSIONS  SUBMITTED  NOTE\n");
}

TEST_CASE("sift applicants, export and erase", "[cli][data]") {
  Workspace w;
  REQUIRE(w.sift({"import", applications}).exit == 0);
  auto const list = w.sift({"applicants", "list"});
  CHECK(contains(list.out, "second-in-science  A0000001         1  2026-10-28"));
  auto const show = w.sift({"applicants", "show", "A0000001"});
  CHECK(show.out.starts_with("{\"ref\":\"A0000001\""));
  CHECK_FALSE(contains(show.out, "\"personal\""));
  auto const exported = w.sift({"export", "A0000001", "--out", "sar.json"});
  CHECK(exported.exit == 0);
  struct stat info {};
  REQUIRE(::stat((w.dir / "sar.json").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(contains(test::read_file(w.dir / "sar.json"), "\"personal\":{"));
  CHECK(w.sift({"erase", "A0000001"}).exit == 2);  // --by is required
  auto const erased = w.sift({"erase", "A0000001", "--by", "DPO"});
  CHECK(erased.exit == 0);
  CHECK(contains(w.sift({"applicants", "list"}).out, "identifying details erased"));
  CHECK(w.sift({"export", "Z404"}).err == "sift: no applicant with ref 'Z404'\n");
}

TEST_CASE("sift scores import names the nearest criterion for an unknown one", "[cli][data]") {
  Workspace w;
  REQUIRE(w.sift({"import", applications}).exit == 0);
  auto const run =
      w.sift({"scores", "import", "-"},
             "ref,criterion,assessor,score,comment\nA0000001,subject_knowlege,panel-1,2,ok\n");
  CHECK(run.exit == 4);
  CHECK(contains(run.err,
                 "stdin:2: criterion 'subject_knowlege' is not in vacancy "
                 "'second-in-science'; did you mean 'subject_knowledge'?"));
  auto const examples =
      w.sift({"scores", "import",
              (test::source_dir() / "examples" / "second-in-science.scores.csv").string()});
  CHECK(examples.exit == 0);
}

TEST_CASE("logs go to stderr at the chosen level and never hold identifying details",
          "[cli][privacy]") {
  auto const dir = test::temporary_directory();
  auto const examples = test::source_dir() / "examples";
  std::vector<std::string> screen = {
      "--db",       "s.db",    "screen",    (examples / "second-in-science.sift").string(),
      applications, "--as-of", "2026-11-23"};
  auto const quiet = test::sift(screen, dir);
  CHECK(quiet.exit == 0);
  CHECK(quiet.err.empty());
  screen.insert(screen.begin(), {"--log-level", "debug"});
  auto const chatty = test::sift(screen, dir);
  CHECK(contains(chatty.err, "sift: info: run 2: 200 applicants in "));
  CHECK(contains(chatty.err, "sift: debug: opened the database s.db"));
  // Not a name, e-mail address, phone number or statement of any applicant.
  for (auto const& line : [&] {
         std::vector<std::string> lines;
         std::istringstream in(test::read_file(applications));
         for (std::string l; std::getline(in, l);)
           lines.push_back(l);
         return lines;
       }()) {
    for (auto const* key : {"\"email\":\"", "\"last_name\":\"", "\"phone\":\""}) {
      auto const at = line.find(key);
      if (at == std::string::npos) continue;
      auto const start = at + std::strlen(key);
      auto const value = line.substr(start, line.find('"', start) - start);
      INFO(value);
      CHECK_FALSE(contains(chatty.err, value));
    }
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE(
    "exit codes follow the error's kind: a stored specification that no longer checks is a "
    "rules error",
    "[cli][exit]") {
  Workspace w;
  REQUIRE(w.sift({"import", applications}).exit == 0);
  // Written by a Sift that accepted a rule this one refuses: an unknown field.
  auto const db = (w.dir / "sift.db").string();
  auto const edit = "sqlite3 '" + db +
                    "' \"UPDATE specification SET sources = replace(sources, 'require qts', "
                    "'require qts_held')\"";
  REQUIRE(std::system(edit.c_str()) == 0);
  auto const run = w.sift({"run", "second-in-science", "--as-of", "2026-11-23"});
  CHECK(run.exit == 3);
  CHECK(contains(run.err,
                 "the stored specification of vacancy 'second-in-science' no longer "
                 "checks"));
  CHECK(contains(run.err, "qts_held"));
  auto const missing = w.sift({"explain", "A0000001"});
  CHECK(missing.exit == 4);  // not found: a data error
  CHECK(contains(missing.err, "vacancy 'second-in-science' has no runs yet"));
}

TEST_CASE("a warning is said on stderr but does not fail sift check", "[cli][rules]") {
  auto const golden = test::source_dir() / "tests" / "golden";
  auto const run = test::sift({"check", "rules/unused-let.sift"}, golden);
  CHECK(run.exit == 0);
  CHECK(contains(run.out, "rules/unused-let.sift: ok"));
  CHECK(contains(run.err, "warning: 'experienced' is defined but no rule of vacancy 'v' uses it"));
  CHECK(contains(run.err, "1 warning\n"));
}

TEST_CASE("sift test on a file that does not check says nothing in it was tested", "[cli][rules]") {
  auto const dir = test::temporary_directory();
  test::write_file(dir / "broken.sift", "vacancy {\n");
  auto const run = test::sift({"test", "broken.sift"}, dir);
  CHECK(run.exit == 3);
  CHECK(run.out == "0 passed, 0 failed; 1 file did not check, so nothing in it was tested\n");
  CHECK(contains(run.err, "broken.sift:1:9: error: expected a vacancy id"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("keys the form does not declare are refused, or dropped on request, and never stored",
          "[cli][data][privacy]") {
  Workspace w;
  // Another system's shape with ref and vacancy added: identity and monitoring answers at the
  // top level, where the form declares none of them.
  std::string const record =
      "{\"ref\":\"X1\",\"vacancy\":\"second-in-science\",\"qts\":true,"
      "\"first_name\":\"Zebedee\",\"ni_number\":\"QQ123456C\",\"email\":\"zq@example.org\","
      "\"gender\":\"female\",\"ethnicity\":\"prefer not to say\",\"religion\":\"none\","
      "\"age\":41}\n";
  auto const refused = w.sift({"import", "-"}, record);
  CHECK(refused.exit == 4);
  CHECK(contains(refused.err,
                 "stdin:1: keys not declared by the form of vacancy 'second-in-science': age, "
                 "email, ethnicity, first_name, gender, ni_number, religion (nothing undeclared "
                 "is stored; --drop-undeclared drops such keys and imports the rest)"));
  auto const dropped = w.sift({"import", "-", "--drop-undeclared"}, record);
  CHECK(dropped.exit == 0);
  CHECK(contains(dropped.out, "stdin: 1 read, 1 added"));
  CHECK(contains(dropped.out,
                 "stdin: left out, never stored (not on the form): age (1 record), "
                 "email (1 record), ethnicity (1 record), first_name (1 record), gender (1 "
                 "record), ni_number (1 record), religion (1 record)"));
  auto const shown = w.sift({"applicants", "show", "X1"});
  CHECK(contains(shown.out, "\"qts\":true"));
  for (auto const* value : {"Zebedee", "QQ123456C", "zq@example.org", "ni_number", "female"}) {
    INFO(value);
    CHECK_FALSE(contains(shown.out, value));
    for (auto const* file : {"sift.db", "sift.db-wal"})
      if (std::filesystem::exists(w.dir / file))
        CHECK_FALSE(contains(test::read_file(w.dir / file), value));
  }
}

TEST_CASE("undeclared members inside a declared field are refused, or dropped, never stored",
          "[cli][data][privacy]") {
  Workspace w;
  std::string const record =
      "{\"ref\":\"X4\",\"vacancy\":\"second-in-science\",\"pay\":{\"scale\":\"UPS\",\"point\":2,"
      "\"ni_number\":\"QQ654321C\"},\"qualifications\":[{\"level\":\"degree\",\"subject\":"
      "\"Chemistry\",\"year\":2013,\"home_address\":\"1 Any Street\"}]}\n";
  auto const refused = w.sift({"import", "-"}, record);
  CHECK(refused.exit == 4);
  CHECK(contains(refused.err,
                 "stdin:1: keys not declared by the form of vacancy 'second-in-science': "
                 "pay.ni_number, qualifications[0].home_address"));
  auto const dropped = w.sift({"import", "-", "--drop-undeclared"}, record);
  CHECK(dropped.exit == 0);
  CHECK(contains(dropped.out, "pay.ni_number (1 record), qualifications[0].home_address"));
  auto const shown = w.sift({"applicants", "show", "X4"});
  CHECK(contains(shown.out, "\"pay\":{\"scale\":\"UPS\",\"point\":2}"));
  CHECK(contains(shown.out, "\"subject\":\"Chemistry\""));
  for (auto const* value : {"QQ654321C", "ni_number", "1 Any Street", "home_address"}) {
    INFO(value);
    CHECK_FALSE(contains(shown.out, value));
    CHECK_FALSE(contains(test::read_file(w.dir / "sift.db"), value));
  }
  // A key said twice inside a field is refused like one said twice at the top.
  auto const twice = w.sift(
      {"import", "-"},
      "{\"ref\":\"X5\",\"vacancy\":\"second-in-science\",\"pay\":{\"scale\":\"UPS\",\"scale\":"
      "\"MPS\"}}\n");
  CHECK(twice.exit == 4);
  CHECK(contains(twice.err, "stdin:1: the key 'scale' appears twice in pay; say each thing once"));
}

TEST_CASE("a whole-file JSON document is recognised and refused whole", "[cli][data]") {
  Workspace w;
  struct Case {
    std::string what;
    std::string text;
    std::string shape;
  };
  std::vector<Case> const cases = {
      {"a list over many lines", "[\n  {\"ref\": \"X1\"},\n  {\"ref\": \"X2\"}\n]\n", "a list"},
      {"a list on one line", "[{\"ref\":\"X1\"},{\"ref\":\"X2\"}]\n", "a list"},
      {"a pretty-printed object", "\n{\n  \"job_applications\": []\n}\n",
       "an object written over many lines"},
  };
  for (auto const& c : cases) {
    INFO(c.what);
    auto const run = w.sift({"import", "-"}, c.text);
    CHECK(run.exit == 4);
    // One error for the file, naming its first line, instead of one per line.
    CHECK(run.err == fmt::format("sift: stdin:{}: the file is one JSON document ({}), not JSON "
                                 "Lines: Sift reads one application object per line (jq -c "
                                 "'.[]' converts a list; a Teaching Vacancies document takes "
                                 "--from teaching-vacancies); nothing imported\n",
                                 c.what == "a pretty-printed object" ? 2 : 1, c.shape));
  }
  CHECK(w.sift({"applicants", "list"}).out == "VACANCY  REF  VERSIONS  SUBMITTED  NOTE\n");
}

TEST_CASE("an import that skipped rows exits 6, and --rejects writes them as read", "[cli][data]") {
  Workspace w;
  auto const lines = test::read_file(applications);
  auto const first = lines.substr(0, lines.find('\n'));
  auto const rest = lines.substr(lines.find('\n') + 1);
  auto const second = rest.substr(0, rest.find('\n'));
  std::string const bad_type =
      std::regex_replace(second, std::regex("\"qts\":(true|false)"), "\"qts\":\"yes\"");
  std::string const input = first + "\n{\"ref\":\n" + bad_type + "\n";

  auto const refused = w.sift({"import", "-", "--rejects", "rejected.jsonl"}, input);
  CHECK(refused.exit == 4);
  CHECK(test::read_file(w.dir / "rejected.jsonl") == "{\"ref\":\n" + bad_type + "\n");

  auto const skipped =
      w.sift({"import", "-", "--skip-invalid", "--rejects", "rejected.jsonl"}, input);
  CHECK(skipped.exit == 6);
  CHECK(contains(skipped.out, "stdin: 3 read, 1 added, 0 new versions, 0 unchanged, 2 rejected"));
  CHECK(contains(skipped.err, "stdin:2: the line is not valid JSON"));
  CHECK(contains(skipped.err, "stdin:3: qts is the text \"yes\", expected true or false"));
  CHECK(test::read_file(w.dir / "rejected.jsonl") == "{\"ref\":\n" + bad_type + "\n");
  // Nothing skipped: exit 0, and an empty rejects file.
  auto const clean =
      w.sift({"import", "-", "--skip-invalid", "--rejects", "rejected.jsonl"}, first + "\n");
  CHECK(clean.exit == 0);
  CHECK(test::read_file(w.dir / "rejected.jsonl").empty());

  // A CSV's rejects keep its header, so the file can be corrected and imported again.
  std::string const csv =
      "ref,vacancy,qts,pay.point\nC1,second-in-science,yes,2\nC2,second-in-science,maybe,"
      "\"two, or three\"\n";
  auto const from_csv = w.sift(
      {"import", "-", "--format", "csv", "--skip-invalid", "--rejects", "rejected.csv"}, csv);
  CHECK(from_csv.exit == 6);
  // Both problems of the row, not only the first.
  CHECK(contains(from_csv.err, "stdin:3: qts is"));
  CHECK(contains(from_csv.err, "stdin:3: pay.point is"));
  CHECK(test::read_file(w.dir / "rejected.csv") ==
        "ref,vacancy,qts,pay.point\nC2,second-in-science,maybe,\"two, or three\"\n");

  // Scores: every problem of a row, a distinct exit code, and the rejects with their header.
  std::string const scores =
      "ref,criterion,assessor,score\nA0000001,cpd,panel-1,2\nA0000001,cdp,,7\n";
  auto const scored =
      w.sift({"scores", "import", "-", "--skip-invalid", "--rejects", "scores.csv"}, scores);
  CHECK(scored.exit == 6);
  CHECK(contains(scored.err,
                 "stdin:3: criterion 'cdp' is not in vacancy 'second-in-science'; "
                 "did you mean 'cpd'?"));
  CHECK(contains(scored.err, "stdin:3: assessor is empty"));
  CHECK(contains(scored.err, "stdin:3: score is '7', expected a whole number from 0 to 3"));
  CHECK(test::read_file(w.dir / "scores.csv") == "ref,criterion,assessor,score\nA0000001,cdp,,7\n");
  // A rejects file that cannot be written stops the import before it starts.
  auto const unwritable =
      w.sift({"import", "-", "--rejects", "no/such/folder/rejects.jsonl"}, first + "\n");
  CHECK(unwritable.exit == 4);
  CHECK(contains(unwritable.err, "cannot write the rejects file"));
}

TEST_CASE("a record that says one thing twice is refused", "[cli][data]") {
  Workspace w;
  auto const run =
      w.sift({"import", "-"},
             "{\"ref\":\"X2\",\"vacancy\":\"second-in-science\",\"qts\":false,\"qts\":true}\n");
  CHECK(run.exit == 4);
  CHECK(contains(run.err,
                 "stdin:1: the key 'qts' appears twice in this record; say each thing "
                 "once"));
  // A declared key written with an escape is still that key, and stored.
  auto const escaped = w.sift(
      {"import", "-"}, "{\"ref\":\"X3\",\"vacancy\":\"second-in-science\",\"q\\u0074s\":true}\n");
  CHECK(escaped.exit == 0);
  CHECK(contains(w.sift({"applicants", "show", "X3"}).out, "true"));
}

TEST_CASE("sift eval prints an expression's value and evidence for one applicant", "[cli][eval]") {
  auto const dir = test::temporary_directory();
  auto const spec = (test::source_dir() / "examples" / "second-in-science.sift").string();
  test::write_file(
      dir / "app.json",
      R"({"ref": "X1", "vacancy": "second-in-science", "qts": true, "subjects": ["physics", "chemistry"], )"
      R"("key_stages": ["KS3", "KS4"], "employment": [{"employer": "Oakfield", "role": "Teacher", )"
      R"("teaching": true, "start": "2019-09-01", "end": null, "reason_for_leaving": null}], )"
      R"("statement": "I lead the science club."})");
  auto eval = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"eval", spec});
    args.insert(args.end(), {"--as-of", "2026-11-23"});
    return test::sift(args, dir);
  };
  auto const years = eval({"years(teaching_posts)", "--application", "app.json"});
  CHECK(years.exit == 0);
  CHECK(years.out == "7.23\n");
  auto const condition = eval({"count(subjects & science) >= 3 or statement contains word \"club\"",
                               "--application", "app.json"});
  CHECK(condition.out == "true\nevidence: statement contains word \"club\": found\n");
  auto const criterion = eval({"--criterion", "additional_subject", "--application", "app.json"});
  CHECK(criterion.out ==
        "true\nevidence: count(subjects & science) = 2; key_stages = [KS3, KS4]\n");
  auto const missing = eval({"pay.scale = \"UPS\"", "--application", "app.json"});
  CHECK(missing.out ==
        "unknown (evidence missing)\nevidence: pay.scale is missing, needs = \"UPS\"\n");

  // A mistake in the expression is told as the expression's, with the nearest name.
  auto const typo = eval({"count(subjcts)", "--application", "app.json"});
  CHECK(typo.exit == 3);
  CHECK(typo.err ==
        "<expression>:1:7: error: unknown name 'subjcts'; did you mean 'subjects'?\n"
        "  count(subjcts)\n"
        "        ^\n"
        "1 error\n");
  CHECK(eval({"--criterion", "nope", "--application", "app.json"}).exit == 2);
  CHECK(eval({"1 + 1", "--application", "absent.json"}).exit == 2);
  test::write_file(dir / "list.json", "[1, 2]");
  auto const not_object = eval({"qts", "--application", "list.json"});
  CHECK(not_object.exit == 2);
  CHECK(not_object.err.find("list.json: not one application as a JSON object") !=
        std::string::npos);
  std::filesystem::remove_all(dir);
}
