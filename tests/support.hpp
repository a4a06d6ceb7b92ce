// Helpers shared by the test suites: running the real `sift` binary, reading files, loading
// specifications held in memory.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sift/data/applications.hpp"
#include "sift/data/database.hpp"
#include "sift/data/runs.hpp"
#include "sift/data/scores.hpp"
#include "sift/data/vacancies.hpp"
#include "sift/rules/load.hpp"
#include "sift/screening/run.hpp"

namespace sift::test {

struct Run {
  int exit = -1;
  std::string out;
  std::string err;
};

// Runs `sift` with the arguments (each shell-quoted) in `directory`, capturing both streams.
Run sift(std::vector<std::string> const& args, std::filesystem::path const& directory = {},
         std::string const& input = {});

// A `sift` started in the background, its output going to files; for killing it part-way or
// running several at once. Waited for (and killed if still running) when destroyed.
class Started {
 public:
  // `file_size_limit` (bytes), when not zero, caps every file the process writes, as a full disk
  // would: writes past it fail with EFBIG (the signal they raise is ignored).
  Started(std::vector<std::string> const& args, std::filesystem::path const& output_dir,
          std::size_t file_size_limit = 0);
  ~Started();
  Started(Started const&) = delete;
  Started& operator=(Started const&) = delete;
  void kill();  // SIGKILL: no chance to clean up
  Run wait();   // exit is -1 when killed by a signal

 private:
  int pid_ = -1;
  std::filesystem::path out_;
  std::filesystem::path err_;
  bool waited_ = false;
  Run run_;
};

// Generated applications (tools/gen_applicants.py, a copy of the workload generator kept in the
// repository so that no test depends on files outside it) in `dir`: apps.jsonl, and with
// `scores` a panel's scores.csv for the Second in Science criteria.
std::filesystem::path generate_applications(std::filesystem::path const& dir, int count, int seed,
                                            std::string const& extra_arguments = {},
                                            bool scores = false);

std::string read_file(std::filesystem::path const& path);
void write_file(std::filesystem::path const& path, std::string const& text);
std::filesystem::path source_dir();
// SHA-256 of some bytes, in hex, computed here (not by Sift) to check what Sift records.
std::string sha256_hex(std::string_view bytes);

// Bytes in the database's write-ahead log: none after an import or run that went through a
// rollback journal (data/src/bulk_transaction.hpp).
std::uintmax_t wal_bytes(std::filesystem::path const& db);

// Every row of every table, as text: equal before and after means nothing was stored.
std::string database_contents(std::filesystem::path const& db);

// Every stored application's facts, by ref (the latest version's when there are several).
std::map<std::string, std::string> stored_facts(std::filesystem::path const& db);

// After an import or run: the database is back in WAL mode, intact, with no journal left.
void check_back_in_wal_mode(std::filesystem::path const& db);

// A run of `vacancy` as the tests screen it: as of 2026-11-23, by operator "test".
screening::RunRequest run_request(std::string const& vacancy, int threads = 2);

// A fresh, empty directory under the system's temporary directory.
std::filesystem::path temporary_directory();

// A specification from texts: `main` is checked, with `form` (fields) available as "form.sift".
rules::LoadResult load_text(std::string const& main, std::string const& form = {});

// The fields most tests use.
extern std::string const test_form;

// A fresh database in a scratch directory, holding the Second in Science vacancy; removed
// afterwards.
struct ExampleVacancy {
  std::filesystem::path dir;
  std::filesystem::path db;
  rules::Specification spec;
  ExampleVacancy();
  ~ExampleVacancy();
  ExampleVacancy(ExampleVacancy const&) = delete;
  ExampleVacancy& operator=(ExampleVacancy const&) = delete;
};

}  // namespace sift::test
