// Output people can open safely: every CSV Sift writes neutralises cells that a spreadsheet would
// run as formulas (and Sift reads its own back whole); terminal output shows control characters.
#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "sift/data/csv_cell.hpp"
#include "support.hpp"

using namespace sift;
namespace fs = std::filesystem;

namespace {

// The cells of a CSV text (RFC 4180: quoted cells may hold commas, quotes and line ends).
std::vector<std::string> cells_of(std::string const& csv) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    char const c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty()) {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += c;
    }
  }
  return cells;
}

// The first cell that a spreadsheet would run as a formula, or empty when there is none.
std::string first_formula(std::string const& csv) {
  for (auto const& cell : cells_of(csv)) {
    if (cell.empty() || std::string("=+-@\t\r").find(cell[0]) == std::string::npos) continue;
    bool number = cell.size() > 1;
    for (std::size_t i = 1; i < cell.size(); ++i)
      number = number && (std::isdigit(static_cast<unsigned char>(cell[i])) || cell[i] == '.');
    if (!number) return cell;
  }
  return {};
}

}  // namespace

TEST_CASE("a CSV cell that starts like a formula is written as text, and read back whole",
          "[data][csv][hostile]") {
  struct Case {
    char const* text;
    char const* cell;
  };
  for (auto const& [text, cell] :
       {Case{"=1+2", "'=1+2"}, Case{"+44 7700 900856", "'+44 7700 900856"},
        Case{"-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"}, Case{"@SUM(A1)", "'@SUM(A1)"},
        Case{"\tx", "'\tx"}, Case{"\rx", "\"'\rx\""}, Case{"=a,b", "\"'=a,b\""}, Case{"-2", "-2"},
        Case{"+1.5", "+1.5"}, Case{"A0001", "A0001"}, Case{"say \"hi\"", "\"say \"\"hi\"\"\""},
        Case{"", ""}}) {
    INFO(text);
    CHECK(data::csv_cell(text) == cell);
  }
  CHECK(data::neutralised_cell("'=1+2"));
  CHECK_FALSE(data::neutralised_cell("'-2"));  // a number was never neutralised
  CHECK_FALSE(data::neutralised_cell("'hello"));
}

TEST_CASE("every CSV Sift writes neutralises refs, names and reasons that look like formulas",
          "[cli][csv][hostile]") {
  auto const dir = test::temporary_directory();
  auto const examples = test::source_dir() / "examples";
  auto sift = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    return test::sift(args, dir);
  };
  // An applicant whose ref, and a monitoring answer, are formulas; a decision by one.
  test::write_file(
      dir / "evil.jsonl",
      R"x({"ref": "=HYPERLINK(\"http://x.example\",\"open\")", "vacancy": "second-in-science", )x"
      R"x("qts": true, "monitoring": {"sex": "@SUM(1+1)"}})x"
      "\n");
  REQUIRE(sift({"screen", (examples / "second-in-science.sift").string(),
                (examples / "second-in-science.applications.jsonl").string(), "--scores",
                (examples / "second-in-science.scores.csv").string(), "--as-of", "2026-11-23"})
              .exit == 0);
  REQUIRE(sift({"import", "evil.jsonl"}).exit == 0);
  REQUIRE(sift({"run", "second-in-science", "--as-of", "2026-11-23"}).exit == 0);
  REQUIRE(
      sift({"decide", "A0000046", "--shortlist", "--reason", "+strong", "--by", "=cmd()"}).exit ==
      0);

  auto const shortlist = sift({"shortlist", "second-in-science", "--format", "csv"});
  CHECK(shortlist.exit == 0);
  CHECK(shortlist.out.find("'=cmd()") != std::string::npos);
  CHECK(first_formula(shortlist.out).empty());

  REQUIRE(sift({"report", "second-in-science", "--csv", "report.csv"}).exit == 0);
  auto const report = test::read_file(dir / "report.csv");
  CHECK(report.find("\"'=HYPERLINK(") != std::string::npos);
  CHECK(first_formula(report).empty());

  auto const impact = sift({"impact", "second-in-science", "--by", "sex", "--format", "csv"});
  CHECK(impact.exit == 0);
  CHECK(first_formula(impact.out).empty());

  // A rejects file keeps the row as read, neutralised; importing it again reads it back whole.
  test::write_file(dir / "bad.csv", "ref,vacancy,qts\n=EVIL(),second-in-science,maybe\n");
  auto const rejected = sift({"import", "bad.csv", "--skip-invalid", "--rejects", "rejects.csv"});
  CHECK(rejected.exit == 6);
  auto const rejects = test::read_file(dir / "rejects.csv");
  CHECK(rejects == "ref,vacancy,qts\n'=EVIL(),second-in-science,maybe\n");
  auto corrected = rejects;
  corrected.replace(corrected.find("maybe"), 5, "true");
  test::write_file(dir / "corrected.csv", corrected);
  REQUIRE(sift({"import", "corrected.csv"}).exit == 0);
  auto const listed = sift({"applicants", "list", "--vacancy", "second-in-science"});
  CHECK(listed.out.find("=EVIL()") != std::string::npos);
  CHECK(listed.out.find("'=EVIL()") == std::string::npos);

  // The workbook template's CSV folder, filled from applications whose values look like formulas.
  REQUIRE(
      sift({"template", "second-in-science", "--csv", "template", "--with", "evil.jsonl"}).exit ==
      0);
  for (auto const& entry : fs::directory_iterator(dir / "template")) {
    INFO(entry.path().filename().string());
    CHECK(first_formula(test::read_file(entry.path())).empty());
  }
  fs::remove_all(dir);
}

TEST_CASE("terminal output shows control characters people typed instead of obeying them",
          "[cli][hostile]") {
  auto const dir = test::temporary_directory();
  auto const examples = test::source_dir() / "examples";
  auto sift = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    return test::sift(args, dir);
  };
  REQUIRE(sift({"screen", (examples / "second-in-science.sift").string(),
                (examples / "second-in-science.applications.jsonl").string(), "--scores",
                (examples / "second-in-science.scores.csv").string(), "--as-of", "2026-11-23"})
              .exit == 0);
  // A screen clear and a terminal hyperlink in the reason and the name, and a C1 control.
  auto const decided =
      sift({"decide", "A0000025", "--hold", "--reason", "ok\x1b[2Jx\xc2\x9by", "--by",
            "Ch\x1b]8;;http://e.example\x07"
            "air"});
  CHECK(decided.exit == 0);
  for (auto const& out : {decided.out, sift({"explain", "A0000025"}).out,
                          sift({"shortlist", "second-in-science"}).out}) {
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x07') == std::string::npos);
    CHECK(out.find("\xc2\x9b") == std::string::npos);
  }
  auto const explained = sift({"explain", "A0000025"}).out;
  CHECK(explained.find("ok\\x1b[2Jx\\u009by") != std::string::npos);
  CHECK(explained.find("Ch\\x1b]8;;http://e.example\\x07air") != std::string::npos);
  // Other characters beyond ASCII pass as they are.
  CHECK(
      sift({"decide", "A0000025", "--hold", "--reason", "Siobh\xc3\xa1n \xc2\xa3", "--by", "Chair"})
          .out.find("Siobh\xc3\xa1n") == std::string::npos);  // the reason is not echoed
  CHECK(sift({"explain", "A0000025"}).out.find("Siobh\xc3\xa1n \xc2\xa3") != std::string::npos);
  fs::remove_all(dir);
}
