// Golden files for what people read. Diagnostics: every tests/golden/rules/NAME.sift is checked
// and its diagnostics compared, byte for byte, with NAME.err ("ok" when the file is valid).
// Outputs: explanations, the shortlist, the matrix, impact and agreement reports of the bundled
// example, and its run's results hash, in tests/golden/outputs/. Set SIFT_UPDATE_GOLDEN=1 to
// rewrite them, then review the change like any other.
#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "sift/engine/review.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

TEST_CASE("every malformed specification gets its exact diagnostic", "[rules][golden]") {
  auto const root = test::source_dir() / "tests" / "golden";
  bool const update = std::getenv("SIFT_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> cases;
  for (auto const& entry : fs::directory_iterator(root / "rules"))
    if (entry.path().extension() == ".sift") cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 30);

  auto const previous = fs::current_path();
  fs::current_path(root);  // diagnostics name files relative to the golden directory
  for (auto const& path : cases) {
    auto const name = "rules/" + path.filename().string();
    auto result = rules::load_specification(name);
    if (result.specification)  // what only evaluation finds, as every command prints it
      for (auto& warning : engine::review_specification(*result.specification))
        result.diagnostics.push_back(std::move(warning));
    std::string const actual =
        result.diagnostics.empty() ? "ok\n" : rules::render_all(result.diagnostics);
    auto expected_path = path;
    expected_path.replace_extension(".err");
    if (update) test::write_file(expected_path, actual);
    INFO(name);
    CHECK(actual == test::read_file(expected_path));
    CHECK(actual.find("boost") == std::string::npos);  // never a C++ type name
  }
  fs::current_path(previous);
}

namespace {

// Outputs hold the moment a run or decision was recorded; everything else is deterministic.
std::string without_times(std::string text) {
  static std::regex const timestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  static std::regex const run_date(R"(run (\d+) of \d{4}-\d\d-\d\d)");
  text = std::regex_replace(text, timestamp, "<time>");
  return std::regex_replace(text, run_date, "run $1 of <date>");
}

}  // namespace

TEST_CASE("what people read of the bundled example is exactly as recorded", "[cli][golden]") {
  auto const root = test::source_dir() / "tests" / "golden" / "outputs";
  bool const update = std::getenv("SIFT_UPDATE_GOLDEN") != nullptr;
  auto const examples = test::source_dir() / "examples";
  auto const dir = test::temporary_directory();
  auto sift = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", "sift.db"});
    auto run = test::sift(args, dir);
    INFO(run.err);
    REQUIRE(run.exit == 0);
    return run.out;
  };
  sift({"screen", (examples / "second-in-science.sift").string(),
        (examples / "second-in-science.applications.jsonl").string(), "--scores",
        (examples / "second-in-science.scores.csv").string(), "--as-of", "2026-11-23"});
  sift({"decide", "A0000046", "--shortlist", "--reason", "strong evidence at the sift", "--by",
        "Chair"});
  sift({"decide", "A0000013", "--hold", "--reason", "QTS to be confirmed", "--by", "Chair"});

  std::vector<std::pair<std::string, std::string>> outputs;
  // An excluded, a needs-review, an eligible (with a decision), a shortlisted applicant, and one
  // whose flags could not be checked.
  for (auto const* ref : {"A0000001", "A0000013", "A0000046", "A0000025", "A0000104"}) {
    outputs.emplace_back(fmt::format("explain-{}.txt", ref), sift({"explain", ref}));
    outputs.emplace_back(fmt::format("explain-{}.json", ref),
                         sift({"explain", ref, "--format", "json"}));
  }
  outputs.emplace_back("shortlist.json",
                       sift({"shortlist", "second-in-science", "--format", "json"}));
  outputs.emplace_back("shortlist.txt", sift({"shortlist", "second-in-science"}));
  sift({"report", "second-in-science", "--json", "report.json", "--csv", "report.csv"});
  outputs.emplace_back("report.json", test::read_file(dir / "report.json"));
  outputs.emplace_back("report.csv", test::read_file(dir / "report.csv"));
  for (auto const* by : {"sex", "age_band"})
    outputs.emplace_back(fmt::format("impact-{}.json", by),
                         sift({"impact", "second-in-science", "--by", by, "--format", "json"}));
  outputs.emplace_back("agreement.txt", sift({"agreement", "second-in-science"}));
  {
    SQLite::Database database((dir / "sift.db").string(), SQLite::OPEN_READONLY);
    outputs.emplace_back(
        "run-1.results_sha256",
        database.execAndGet("SELECT results_sha256 FROM run WHERE id = 1").getString() + "\n");
  }

  for (auto const& [name, text] : outputs) {
    auto const actual = without_times(text);
    if (update) test::write_file(root / name, actual);
    INFO(name << " (SIFT_UPDATE_GOLDEN=1 rewrites the golden files)");
    CHECK(actual == test::read_file(root / name));
  }
  fs::remove_all(dir);
}
