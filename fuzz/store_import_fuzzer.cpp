// libFuzzer target for whole imports into SQLite: each input is imported as JSON Lines, as
// applications CSV and as assessors' scores CSV, into a real database holding the Second in
// Science vacancy and its 200 example applications. Oracles: the only exception is a DataError
// (a message for the user); the summary adds up (every line read is added, a new version,
// unchanged or rejected, and each rejection is reported once, in line order); and a dry run
// leaves the database exactly as it was.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sift/data/store.hpp"
#include "sift/rules/load.hpp"

namespace {

namespace fs = std::filesystem;
using sift::data::ImportOptions;
using sift::data::ImportSummary;
using sift::data::Store;

fs::path const source = SIFT_SOURCE_DIR;

// The database, made once per fuzzing process in a fresh temporary directory.
Store& store() {
  static auto* const made = [] {
    char pattern[] = "/tmp/sift-fuzz-XXXXXX";
    if (!::mkdtemp(pattern)) std::abort();
    auto* store = new Store(fs::path(pattern) / "fuzz.db", sift::data::OpenMode::create_if_missing);
    auto loaded = sift::rules::load_specification(source / "examples" / "second-in-science.sift");
    if (!loaded.specification) std::abort();
    store->add_vacancy(*loaded.specification, loaded.specification->vacancies.front());
    std::ifstream apps(source / "examples" / "second-in-science.applications.jsonl");
    if (!store->import_applications(apps, "examples", {}).committed) std::abort();
    return store;
  }();
  return *made;
}

std::string contents(Store& store) {
  std::string out;
  for (auto const& applicant : store.applicants())
    out += applicant.ref + ' ' + std::to_string(applicant.versions) + '\n';
  return out;
}

void check(ImportSummary const& summary) {
  if (summary.committed) std::abort();  // a dry run
  if (summary.read != summary.added + summary.new_versions + summary.unchanged + summary.rejected)
    std::abort();
  if (summary.problems.size() != summary.rejected) std::abort();
  for (std::size_t i = 1; i < summary.problems.size(); ++i)
    if (summary.problems[i].line <= summary.problems[i - 1].line) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string const text(reinterpret_cast<char const*>(data), size);
  auto& db = store();
  static std::string const before = contents(db);
  using Import = ImportSummary (Store::*)(std::istream&, std::string const&, ImportOptions const&);
  struct Way {
    Import import;
    char const* format;
  };
  for (auto const way : {Way{&Store::import_applications, "jsonl"},
                         Way{&Store::import_applications, "csv"}, Way{&Store::import_scores, ""}}) {
    ImportOptions options;
    options.dry_run = true;
    options.skip_invalid = size % 2 == 1;
    options.format = way.format;
    std::istringstream input(text);
    try {
      check((db.*way.import)(input, "fuzz", options));
    } catch (sift::data::DataError const&) {
      // A message for the user, naming what is wrong: expected for most inputs.
    }
  }
  if (contents(db) != before) std::abort();
  return 0;
}
