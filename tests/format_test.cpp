// The formatter: every bundled example is already canonical, formatting is idempotent, comments
// survive, and a formatted file checks to the same meaning.
#include <catch2/catch.hpp>
#include <filesystem>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

namespace {

std::vector<fs::path> example_files() {
  std::vector<fs::path> files;
  for (auto const& entry : fs::recursive_directory_iterator(test::source_dir() / "examples"))
    if (entry.path().extension() == ".sift") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// What a specification means, as text: every criterion, flag and policy setting.
std::string meaning(rules::Specification const& spec) {
  std::string out;
  for (auto const& field : spec.fields)
    out += field.name + ": " + rules::describe(field.type) + "\n";
  for (auto const& v : spec.vacancies) {
    for (auto const& c : v.criteria)
      out += c.id + "|" + c.section + "|" + std::to_string(c.evidence) + "|" +
             std::to_string(c.weight) + "|" + c.rule_text + "\n";
    for (auto const& flag : v.flags)
      out += flag.id + "|" + flag.rule_text + "\n";
    out += std::to_string(v.policy.top.value_or(0)) + "|" + std::to_string(v.policy.ties_included) +
           "\n";
    out += std::to_string(v.examples.size()) + " examples\n";
  }
  return out;
}

}  // namespace

TEST_CASE("every example file is canonical and formatting is idempotent", "[format]") {
  auto const files = example_files();
  REQUIRE(files.size() >= 5);
  for (auto const& path : files) {
    INFO(path.string());
    auto const text = test::read_file(path);
    auto const once = rules::format_source(path.string(), text);
    REQUIRE(once.text);
    CHECK(*once.text == text);
    auto const twice = rules::format_source(path.string(), *once.text);
    REQUIRE(twice.text);
    CHECK(*twice.text == *once.text);
  }
}

TEST_CASE("formatting untidy input keeps comments and meaning", "[format]") {
  std::string const untidy = R"(# heading comment

use   "form.sift"
vacancy v "V" {
    # the only section
  section "S" { essential qts "QTS" require qts   # must hold QTS
  desirable physics "Physics" weight 2 require count( subjects )>=1 and not("physics" in subjects)
  # end of section
  }
  shortlist top 3 ties excluded
}
)";
  auto const formatted = rules::format_source("main.sift", untidy);
  REQUIRE(formatted.text);
  CHECK(*formatted.text == R"(# heading comment

use "form.sift"

vacancy v "V" {
  # the only section
  section "S" {
    essential qts "QTS"
      require qts  # must hold QTS

    desirable physics "Physics"
      weight 2
      require count(subjects) >= 1 and not ("physics" in subjects)
    # end of section
  }

  shortlist top 3 ties excluded
}
)");
  CHECK(*rules::format_source("main.sift", *formatted.text).text == *formatted.text);
  auto const before = rules::load_sources({{"main.sift", untidy}, {"form.sift", test::test_form}});
  auto const after =
      rules::load_sources({{"main.sift", *formatted.text}, {"form.sift", test::test_form}});
  REQUIRE(before.specification);
  REQUIRE(after.specification);
  CHECK(meaning(*before.specification) == meaning(*after.specification));
}

TEST_CASE("the formatted examples check to the same meaning", "[format]") {
  for (auto const& path : example_files()) {
    if (path.parent_path().filename() == "common") continue;
    INFO(path.string());
    auto const original = rules::load_specification(path);
    REQUIRE(original.specification);
    auto sources = original.specification->sources;
    for (auto& source : sources)
      source.text = *rules::format_source(source.path, source.text).text;
    auto const formatted = rules::load_sources(sources);
    REQUIRE(formatted.specification);
    CHECK(meaning(*original.specification) == meaning(*formatted.specification));
  }
}

TEST_CASE("a file that does not parse is reported, not formatted", "[format]") {
  auto const result =
      rules::format_source("bad.sift", "vacancy v \"V\" {\n  section \"S\" {\n  }\n}\n");
  CHECK_FALSE(result.text);
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(rules::render(result.diagnostics.front()) ==
        "bad.sift:3:3: error: expected a criterion ('essential' or 'desirable'), found '}'\n"
        "    }\n"
        "    ^\n");
}

TEST_CASE("formatting is idempotent over every golden input that parses (fuzzer findings too)",
          "[format]") {
  int formatted = 0;
  for (auto const& entry :
       fs::directory_iterator(test::source_dir() / "tests" / "golden" / "rules")) {
    if (entry.path().extension() != ".sift") continue;
    INFO(entry.path().string());
    auto const once = rules::format_source("case.sift", test::read_file(entry.path()));
    if (!once.text) continue;
    auto const twice = rules::format_source("case.sift", *once.text);
    REQUIRE(twice.text);
    CHECK(*twice.text == *once.text);
    ++formatted;
  }
  CHECK(formatted >= 30);
}
