// Golden diagnostics: every tests/golden/rules/NAME.sift is checked and its diagnostics compared,
// byte for byte, with NAME.err ("ok" when the file is valid). Set SIFT_UPDATE_GOLDEN=1 to rewrite
// the .err files, then review the change like any other.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

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
    auto const result = rules::load_specification(name);
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
