// The application store: one SQLite file that any stock `sqlite3` can read. It holds vacancies
// and every version of their specification, applications (immutable, versioned), identifying
// details and equality-monitoring answers kept apart, and assessors' scores.
//
// Errors: a failure that ends an operation throws DataError, whose message names the file and,
// for input, the line and field. Problems with single rows of an import are values (RowProblem)
// collected in the import's summary. Every write happens in one transaction: an operation lands
// whole or changes nothing.
#pragma once

#include <cstddef>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sift/rules/specification.hpp"

namespace SQLite {
class Database;
}

namespace sift::data {

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class OpenMode { create_if_missing, must_exist };

struct VacancyAdded {
  std::string id;
  int version = 0;
  bool changed = false;  // false when the stored latest version has the same sources
  std::string sha256;
};

struct VacancySummary {
  std::string id;
  std::string title;
  int version = 0;
  std::string sha256;
  std::string added_at;
  long long applicants = 0;
};

struct StoredSpecification {
  std::string vacancy_id;
  int version = 0;
  std::string sha256;
  std::vector<rules::SourceFile> sources;  // the main file first
};

struct ImportOptions {
  bool skip_invalid = false;  // import the good rows and report every bad one
  bool dry_run = false;       // validate only; change nothing
  std::string vacancy;        // scores: the vacancy they belong to (needed when several exist)
};

struct RowProblem {
  std::size_t line = 0;  // 1-based line in the input
  std::string message;   // names the field: "qualifications[0].year is -2005, ..."
};

struct ImportSummary {
  std::size_t read = 0;
  std::size_t added = 0;         // new applicants (or score rows)
  std::size_t new_versions = 0;  // changed re-submissions (or changed scores)
  std::size_t unchanged = 0;
  std::size_t rejected = 0;
  bool committed = false;
  std::vector<RowProblem> problems;
};

struct ApplicantSummary {
  std::string vacancy;
  std::string ref;
  int versions = 0;
  std::string submitted;
  std::string imported_at;
  bool erased = false;
};

class Store {
 public:
  Store(std::filesystem::path const& path, OpenMode mode);
  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;

  std::filesystem::path const& path() const { return path_; }

  // Vacancies and their specifications.
  VacancyAdded add_vacancy(rules::Specification const& spec, rules::Vacancy const& vacancy);
  std::vector<VacancySummary> vacancies();
  StoredSpecification specification(std::string const& vacancy_id,
                                    std::optional<int> version = std::nullopt);

  // Applications as JSON Lines (shared/formats/application-v1.md); `name` is how messages
  // name the input ("apps.jsonl", or "stdin").
  ImportSummary import_applications(std::istream& input, std::string const& name,
                                    ImportOptions const& options);

  // Assessors' scores as CSV: ref,criterion,assessor,score,comment.
  ImportSummary import_scores(std::istream& input, std::string const& name,
                              ImportOptions const& options);

  std::vector<ApplicantSummary> applicants(std::string const& vacancy = {});
  // The latest version's facts as JSON (no identifying details).
  std::string applicant_facts(std::string const& ref, std::string const& vacancy = {});
  // Everything held about one applicant, as one JSON document (a subject access request).
  std::string export_applicant(std::string const& ref, std::string const& vacancy = {});
  // Removes identifying details and the statement for good; records that it happened.
  void erase_applicant(std::string const& ref, std::string const& vacancy, std::string const& by);

  SQLite::Database& database() { return *db_; }

 private:
  std::string resolve_vacancy(std::string const& ref, std::string const& vacancy);

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace sift::data
