// The `sift` command itself, run as a user runs it: help, version, exit codes, subcommands.
#include <catch2/catch.hpp>

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
  for (auto const* command : {"check", "fmt", "test"}) {
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
