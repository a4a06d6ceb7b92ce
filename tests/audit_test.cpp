// Audit: a stored run verifies; rows edited, added or deleted with the stock sqlite3 tool are
// found.
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
        "run's hashes and the chain of runs are intact\n");
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
