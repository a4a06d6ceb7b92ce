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
#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sift/engine/evaluation.hpp"
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
  std::int64_t applicants = 0;
};

struct StoredSpecification {
  std::string vacancy_id;
  int version = 0;
  std::string sha256;
  std::vector<rules::SourceFile> sources;  // the main file first
};

struct ImportOptions {
  bool skip_invalid = false;     // import the good rows and report every bad one
  bool dry_run = false;          // validate only; change nothing
  std::string vacancy;           // scores: the vacancy they belong to (needed when several exist)
  std::string format = "jsonl";  // applications: "jsonl" or "csv"
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

struct RunRequest {
  std::string vacancy;
  rules::Date as_of;
  engine::Stage stage = engine::Stage::sift;
  int threads = 1;
  std::string operator_name;
  std::string sift_version;
  // Called now and then with (done, total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct RunRecord {
  std::int64_t id = 0;
  std::string vacancy;
  int specification_version = 0;
  std::string specification_sha256;
  std::string sift_version;
  std::string stage;
  std::string as_of;
  std::string operator_name;
  std::string started_at;
  std::string finished_at;
  std::size_t applicants = 0;
  std::size_t excluded = 0;
  std::size_t needs_review = 0;
  std::size_t eligible = 0;  // including the shortlisted
  std::size_t shortlisted = 0;
  double max_score = 0;
  std::string results_sha256;
  std::string chain_sha256;
};

struct Decision {
  std::string decision;  // shortlist, reject or hold
  std::string reason;
  std::string by;
  std::string at;
};

struct ShortlistEntry {
  int rank = 0;
  std::string ref;
  double score = 0;
  bool shortlisted = false;
  std::vector<std::string> flags;    // raised flags and moderation, by id
  std::optional<Decision> decision;  // the panel's latest, if any
};

struct ShortlistView {
  RunRecord run;
  std::string title;
  std::vector<ShortlistEntry> ranked;  // the eligible, by rank
  // Unranked applicants the panel must look at: those needing review, and anyone excluded whom
  // the panel has decided on.
  std::vector<ShortlistEntry> unranked;
  std::size_t awaiting_decision = 0;  // shortlisted or needing review, with no decision yet
};

// A criterion as a person reads it, with where its rule is written.
struct CriterionInfo {
  std::string id;
  std::string title;
  std::string section;
  bool essential = true;
  double weight = 0;  // desirables only
  std::string rule_text;
  std::string file;
  int line = 0;
};

// One criterion's part in an applicant's result.
struct CriterionExplanation {
  CriterionInfo criterion;
  std::string outcome;  // met, not met, unknown, not assessed
  std::string evidence;
  double points = 0;
};

struct FlagExplanation {
  std::string id;
  std::string title;
  std::string outcome;  // raised or unknown
  std::string evidence;
  std::string file;
  int line = 0;
};

// Why an applicant got their verdict, from a stored run alone.
struct Explanation {
  RunRecord run;
  std::string title;
  std::string ref;
  std::string verdict;  // excluded, needs review, eligible, shortlisted
  double score = 0;
  int rank = 0;  // 0 when not ranked
  std::optional<int> top;
  bool ties_included = true;
  std::optional<double> minimum_score;
  std::optional<double> cutoff_score;  // the lowest shortlisted score
  std::vector<CriterionExplanation> criteria;
  std::vector<FlagExplanation> flags;
  std::vector<std::string> moderation;
  // The smallest set of criteria that, had they been met, would have changed the verdict, and
  // the verdict it would then have been.
  std::vector<std::string> counterfactual;
  std::string counterfactual_verdict;
  std::vector<Decision> decisions;  // the panel's, oldest first
};

// What `verify` found: empty differences means the run is intact and reproducible.
struct Verification {
  std::int64_t run_id = 0;
  std::size_t checked = 0;               // results recomputed
  std::vector<std::string> differences;  // the first 50, each naming what differs
  std::size_t difference_count = 0;
};

// The shortlisting matrix of a run: candidates down, criteria across.
struct MatrixCell {
  std::string outcome;  // met, not met, unknown, not assessed
  std::string evidence;
};

struct MatrixRow {
  std::string ref;
  std::string verdict;  // shortlisted, eligible, needs review, excluded
  double score = 0;
  int rank = 0;
  std::vector<std::string> flags;
  std::optional<Decision> decision;
  std::vector<MatrixCell> cells;  // by column
};

struct Matrix {
  RunRecord run;
  std::string title;
  std::vector<CriterionInfo> columns;
  std::vector<MatrixRow> rows;  // shortlisted and eligible by rank, then needs review, excluded
};

// An applicant's verdict under a specification, screened without storing anything.
struct Proposal {
  std::string ref;
  std::string verdict;  // excluded, needs review, eligible, shortlisted
  double score = 0;
  int rank = 0;
  std::int64_t application_id = 0;  // the version screened
  std::vector<std::string> essentials_not_met;
};

// One group of an adverse-impact report: the applicants who gave one answer to a monitoring
// question. Groups under 5 applicants are suppressed (their figures withheld).
struct ImpactGroup {
  std::string group;
  std::size_t applicants = 0;
  bool suppressed = false;
  std::size_t passed = 0;  // no essential criterion failed (not excluded)
  std::size_t shortlisted = 0;
  std::size_t above_median = 0;  // desirable score above the median of all applicants
  double pass_rate = 0;
  double shortlist_rate = 0;
  double scoring_rate = 0;
  // Rates relative to the group with the highest rate (the four-fifths rule flags < 0.8).
  double pass_ratio = 0;
  double shortlist_ratio = 0;
  double scoring_ratio = 0;
  // When pass_ratio < 0.8: the essential criterion this group fails most often compared with
  // the most-selected group, and the two failure rates.
  std::string driver;
  double driver_rate = 0;
  double driver_reference_rate = 0;
};

struct ImpactReport {
  RunRecord run;
  std::string by;  // sex, age_band, ethnicity or disability
  std::vector<ImpactGroup> groups;
  std::size_t no_answer = 0;  // no monitoring answers, or none to this question
  double median_score = 0;
};

// What a panel may read of one application: its facts, and its supporting statement with the
// applicant's name withheld while the vacancy is blind.
struct ApplicationView {
  std::string vacancy;
  std::string ref;
  std::string facts;                     // JSON, no identifying details
  std::optional<std::string> statement;  // names withheld while blind
  std::optional<std::string> personal;   // JSON, only once revealed
  bool blind = true;
  std::optional<Decision> revealed;  // who lifted blinding, why and when
};

// How two assessors agree on one criterion, over the applicants both scored.
struct PairAgreement {
  std::string criterion;
  std::string first;
  std::string second;
  std::size_t applicants = 0;
  double exact = 0;             // share of identical scores
  double mean_difference = 0;   // mean absolute difference, in points
  std::optional<double> kappa;  // Cohen's kappa, quadratic weights; none when undefined
};

// Scores for one applicant and criterion that differ by the criterion's disagreement threshold.
struct ModerationItem {
  std::string ref;
  std::string criterion;
  std::vector<std::pair<std::string, int>> scores;  // assessor, score
};

// An assessor's scores against the mean of the others' on the same applicant and criterion.
struct AssessorTendency {
  std::string assessor;
  std::size_t compared = 0;
  double mean_difference = 0;  // positive: scores higher than colleagues
  bool systematic = false;     // at least 0.5 points either way over 5 or more comparisons
};

struct AgreementReport {
  std::string vacancy;
  std::vector<PairAgreement> pairs;
  std::vector<ModerationItem> moderation;
  std::vector<AssessorTendency> assessors;
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
  // The latest version as the panel may read it (blind until `reveal`).
  ApplicationView applicant_view(std::string const& ref, std::string const& vacancy = {});
  // Lifts blind shortlisting for a vacancy; recorded with who and why.
  Decision reveal(std::string const& vacancy, std::string const& by, std::string const& reason);
  // Everything held about one applicant, as one JSON document (a subject access request).
  std::string export_applicant(std::string const& ref, std::string const& vacancy = {});
  // Removes identifying details and the statement for good; records that it happened.
  void erase_applicant(std::string const& ref, std::string const& vacancy, std::string const& by);

  // Screens every applicant's latest application for a vacancy under its latest specification
  // and stores the run whole (one transaction): nothing is left half-written if it fails.
  RunRecord run(RunRequest const& request);
  std::vector<RunRecord> runs(std::string const& vacancy = {});
  // Screens the stored applications of a vacancy under `spec` (a proposal, perhaps never
  // stored) and stores nothing: what a rule change would do before it is adopted.
  std::vector<Proposal> preview(rules::Specification const& spec, std::string const& vacancy,
                                RunRequest const& request);
  // The ranking of a run (the vacancy's latest run by default).
  ShortlistView shortlist(std::string const& vacancy,
                          std::optional<std::int64_t> run_id = std::nullopt);

  // Why `ref` got their verdict in a run (the vacancy's latest run by default).
  Explanation explain(std::string const& ref, std::string const& vacancy,
                      std::optional<std::int64_t> run_id = std::nullopt);

  // Records the panel's decision over the engine's proposal; never edits earlier decisions.
  Decision decide(std::string const& ref, std::string const& vacancy,
                  std::optional<std::int64_t> run_id, std::string const& decision,
                  std::string const& reason, std::string const& by);

  // The shortlisting matrix of a run (the vacancy's latest run by default).
  Matrix matrix(std::string const& vacancy, std::optional<std::int64_t> run_id = std::nullopt);

  // Agreement between assessors on every criterion they score, from the latest scores.
  AgreementReport agreement(std::string const& vacancy);

  // Adverse impact of a run by one equality-monitoring question: the only place the
  // monitoring answers are read.
  ImpactReport impact(std::string const& vacancy, std::optional<std::int64_t> run_id,
                      std::string const& by);
  // The same for a proposed specification, screened over the stored applications (nothing is
  // stored): the effect on each group before the specification is adopted.
  ImpactReport proposed_impact(rules::Specification const& spec, std::string const& vacancy,
                               RunRequest const& request, std::string const& by);

  // Recomputes a stored run from the inputs it recorded and compares every result; checks the
  // run's hash over its rows and the chain of hashes over all runs.
  Verification verify(std::int64_t run_id);

 private:
  std::string resolve_vacancy(std::string const& ref, std::string const& vacancy);
  // The specification version a run used, loaded and checked.
  rules::Specification run_specification(std::int64_t run_id);
  // The given run of a vacancy, or its latest; a DataError when there is none.
  RunRecord find_run(std::string const& vacancy, std::optional<std::int64_t> run_id);
  std::string vacancy_title(std::string const& vacancy);

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace sift::data
