// Hardening: processes killed part-way, several processes on one database at once, and a disk
// that fills mid-import. Each ends with the database checked by SQLite and by what Sift promises:
// an import is there whole or not at all, and a run has every result or does not exist.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "support.hpp"

namespace fs = std::filesystem;
using namespace sift;

namespace {

using Clock = std::chrono::steady_clock;

// What a database holds after whatever happened to the processes that used it. Opening it
// read-write lets SQLite roll back or recover an interrupted write, as the next `sift` would.
struct Held {
  std::string integrity;
  int applications = 0;
  int runs = 0;
  int broken_runs = 0;  // runs missing results or placings, and results without a run
};

Held inspect(fs::path const& db, std::string const& vacancy = "second-in-science") {
  SQLite::Database database(db.string(), SQLite::OPEN_READWRITE);
  Held held;
  held.integrity = database.execAndGet("PRAGMA integrity_check").getString();
  SQLite::Statement applications(database, "SELECT count(*) FROM application WHERE vacancy_id = ?");
  applications.bind(1, vacancy);
  applications.executeStep();
  held.applications = applications.getColumn(0).getInt();
  held.runs = database.execAndGet("SELECT count(*) FROM run").getInt();
  held.broken_runs =
      database
          .execAndGet(
              "SELECT (SELECT count(*) FROM run r"
              "        WHERE r.applicants != (SELECT count(*) FROM result WHERE run_id = r.id)"
              "           OR r.eligible != (SELECT count(*) FROM placing WHERE run_id = r.id))"
              "     + (SELECT count(*) FROM result WHERE run_id NOT IN (SELECT id FROM run))"
              "     + (SELECT count(*) FROM placing WHERE run_id NOT IN (SELECT id FROM run))")
          .getInt();
  return held;
}

void remove_database(fs::path const& db) {
  for (auto const* suffix : {"", "-wal", "-shm", "-journal"})
    fs::remove(db.string() + suffix);
}

// Seconds a command takes when left alone, so that kill points can be spread over it.
double duration_of(std::vector<std::string> const& args, fs::path const& dir) {
  auto const start = Clock::now();
  test::Started started(args, dir);
  auto const run = started.wait();
  INFO(run.err);
  REQUIRE(run.exit == 0);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

constexpr int kill_points = 24;

// Starts the command, kills it with SIGKILL at kill point `point` of `kill_points` spread over
// `alone` seconds, and says whether it was still running then.
bool killed_part_way(std::vector<std::string> const& args, fs::path const& dir, double alone,
                     int point) {
  test::Started started(args, dir);
  std::this_thread::sleep_for(std::chrono::duration<double>(alone * (point + 0.5) / kill_points));
  started.kill();
  return started.wait().exit == -1;
}
constexpr int generated = 10000;

}  // namespace

TEST_CASE("sift import and sift run killed at two dozen points leave a whole database",
          "[hardening][crash]") {
  auto const dir = test::temporary_directory();
  auto const apps = test::generate_applications(dir, generated, 5, {}, true);
  auto const spec = (test::source_dir() / "examples" / "second-in-science.sift").string();
  auto const empty = dir / "empty.db";  // the vacancy and nothing else
  REQUIRE(test::sift({"--db", empty.string(), "vacancy", "add", spec}).exit == 0);
  auto const db = dir / "work.db";
  std::vector<std::string> const import{"--db", db.string(), "import", apps.string()};

  SECTION("import: all of it or none of it") {
    // The faster of two runs, so that a slow first start does not push kill points past the end.
    double alone = 1e9;
    for (int i = 0; i < 2; ++i) {
      remove_database(db);
      fs::copy_file(empty, db);
      alone = std::min(alone, duration_of(import, dir));
    }
    int interrupted = 0;
    for (int point = 0; point < kill_points; ++point) {
      remove_database(db);
      fs::copy_file(empty, db);
      bool const killed = killed_part_way(import, dir, alone, point);
      auto const held = inspect(db);
      INFO("kill point " << point << " of " << kill_points << " over " << alone << " s");
      CHECK(held.integrity == "ok");
      CHECK((held.applications == 0 || held.applications == generated));
      if (killed && held.applications == 0) ++interrupted;
    }
    CHECK(interrupted >= kill_points / 3);  // most land mid-import; a third on a noisy machine
    // The next import after all that proceeds normally.
    auto const again = test::sift(import);
    CHECK(again.exit == 0);
  }

  SECTION("run: every result of a run, or no run") {
    fs::copy_file(empty, db);
    REQUIRE(test::sift(import).exit == 0);
    REQUIRE(
        test::sift({"--db", db.string(), "scores", "import", (dir / "scores.csv").string()}).exit ==
        0);
    std::vector<std::string> const run{"--db",    db.string(), "run", "second-in-science",
                                       "--as-of", "2026-11-23"};
    double const alone = std::min(duration_of(run, dir), duration_of(run, dir));
    int runs = 2;
    int interrupted = 0;
    for (int point = 0; point < kill_points; ++point) {
      bool const killed = killed_part_way(run, dir, alone, point);
      auto const held = inspect(db);
      INFO("kill point " << point << " of " << kill_points << " over " << alone << " s");
      CHECK(held.integrity == "ok");
      CHECK(held.broken_runs == 0);
      CHECK((held.runs == runs || held.runs == runs + 1));
      if (killed && held.runs == runs) ++interrupted;
      runs = held.runs;
    }
    CHECK(interrupted >= kill_points / 3);
    // Every stored run still verifies: its rows are what its inputs give.
    auto const verified = test::sift({"--db", db.string(), "verify", std::to_string(runs)});
    INFO(verified.out << verified.err);
    CHECK(verified.exit == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("several sift processes at once on one database: each finishes or waits, none corrupts",
          "[hardening][concurrency]") {
  auto const dir = test::temporary_directory();
  auto const science = test::generate_applications(dir / "science", 5000, 7);
  auto const maths =
      test::generate_applications(dir / "maths", 3000, 8, "--vacancy second-in-maths");
  auto const examples = test::source_dir() / "examples";
  auto const db = (dir / "shared.db").string();
  for (auto const* spec : {"second-in-science.sift", "second-in-maths.sift"})
    REQUIRE(test::sift({"--db", db, "vacancy", "add", (examples / spec).string()}).exit == 0);
  REQUIRE(test::sift(
              {"--db", db, "import", (examples / "second-in-science.applications.jsonl").string()})
              .exit == 0);
  REQUIRE(test::sift({"--db", db, "scores", "import", "--vacancy", "second-in-science",
                      (examples / "second-in-science.scores.csv").string()})
              .exit == 0);

  std::vector<std::vector<std::string>> const commands{
      {"--db", db, "import", science.string()},
      {"--db", db, "import", maths.string()},
      {"--db", db, "run", "second-in-science", "--as-of", "2026-11-23"},
      {"--db", db, "run", "second-in-science", "--as-of", "2026-11-23", "--threads", "1"},
      {"--db", db, "run", "second-in-maths", "--as-of", "2026-11-23"},
      {"--db", db, "runs", "list"},
      {"--db", db, "applicants", "list", "--vacancy", "second-in-science"},
      {"--db", db, "vacancy", "list"},
      {"--db", db, "scores", "import", "--vacancy", "second-in-science",
       (examples / "second-in-science.scores.csv").string()},
  };
  std::vector<std::unique_ptr<test::Started>> started;
  for (auto const& command : commands)
    started.push_back(std::make_unique<test::Started>(command, dir));
  std::vector<test::Run> finished;
  for (auto& process : started)
    finished.push_back(process->wait());

  for (std::size_t i = 0; i < commands.size(); ++i) {
    INFO(commands[i][2] << " " << commands[i][3] << ": exit " << finished[i].exit << "\n"
                        << finished[i].err);
    // Finished, or waited and then gave up with a message saying so: never anything else.
    bool const gave_up =
        finished[i].exit == 4 && finished[i].err.find("(waited 5 s)") != std::string::npos;
    CHECK((finished[i].exit == 0 || gave_up));
  }
  auto const held = inspect(dir / "shared.db");
  CHECK(held.integrity == "ok");
  CHECK(held.broken_runs == 0);
  // Each import is there whole or not at all, by whether it said it finished.
  CHECK(held.applications == (finished[0].exit == 0 ? 200 + 5000 : 200));
  CHECK(inspect(dir / "shared.db", "second-in-maths").applications ==
        (finished[1].exit == 0 ? 3000 : 0));
  int const runs_finished =
      (finished[2].exit == 0) + (finished[3].exit == 0) + (finished[4].exit == 0);
  CHECK(held.runs == runs_finished);
  // A run saw the science import whole (5,000 refs, the example's 200 among them) or not at all.
  SQLite::Database database(db, SQLite::OPEN_READONLY);
  SQLite::Statement sizes(database,
                          "SELECT applicants FROM run WHERE vacancy_id = 'second-in-science'");
  while (sizes.executeStep()) {
    int const applicants = sizes.getColumn(0).getInt();
    CHECK((applicants == 200 || applicants == 5000));
  }
  fs::remove_all(dir);
}

TEST_CASE("a disk that fills mid-import gives a clear error and stores nothing",
          "[hardening][disk]") {
  auto const dir = test::temporary_directory();
  auto const apps = test::generate_applications(dir, generated, 9);
  auto const db = (dir / "full.db").string();
  REQUIRE(test::sift({"--db", db, "vacancy", "add",
                      (test::source_dir() / "examples" / "second-in-science.sift").string()})
              .exit == 0);
  std::vector<std::string> const import{"--db", db, "import", apps.string()};
  // 8 MiB of room for a file: the import needs about 60.
  test::Started cramped(import, dir, std::size_t{8} << 20);
  auto const failed = cramped.wait();
  CHECK(failed.exit == 4);
  CHECK(failed.err == "sift: " + db +
                          ": the operating system refused a read or write (disk I/O error); if "
                          "the disk is full, free space and try again; nothing was stored\n");
  auto const after = inspect(db);
  CHECK(after.integrity == "ok");
  CHECK(after.applications == 0);
  // With room again, the same import lands whole.
  CHECK(test::sift(import).exit == 0);
  CHECK(inspect(db).applications == generated);
  fs::remove_all(dir);
}
