// Screening runs as stored: the run's header, a result row per applicant and a placing per
// ranked applicant, written whole in one transaction by RunWriter, and read back by Runs. Each
// run's hash covers its rows; a chain of hashes links every run to the one before, so that an
// edit made with any other tool shows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/results.hpp"
#include "sift/data/run_inputs.hpp"
#include "sift/data/specifications.hpp"
#include "sift/engine/vocabulary.hpp"

namespace sift::data {

struct RunRecord {
  std::int64_t id = 0;
  std::string vacancy;
  int specification_version = 0;
  std::string specification_sha256;
  std::string sift_version;
  engine::Stage stage = engine::Stage::sift;
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
  std::string inputs_sha256;  // empty for runs stored before the ledger
  int record_format = 2;      // how its result rows are stored (results.hpp)
  std::string chain_sha256;
};

// What a run is, before its results: written first, finished with its counts.
struct RunHeader {
  std::string vacancy;
  int specification_version = 0;
  std::string sift_version;
  engine::Stage stage = engine::Stage::sift;
  std::string as_of;
  std::string operator_name;
};

// The hash a run keeps of its stored rows (`results_sha256`): each result row's digest and a
// newline, in ref order, then each placing's line (results_text.hpp), in ref order. RunWriter
// folds it as it stores the rows; verify folds the rows as they are stored now.
class ResultsDigest {
 public:
  ResultsDigest();
  ~ResultsDigest();
  ResultsDigest(ResultsDigest const&) = delete;
  ResultsDigest& operator=(ResultsDigest const&) = delete;
  void add_result(std::string_view row_digest);
  void add_placing(std::string_view ref, int rank, bool shortlisted);
  std::string hex();  // finishes the digest

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A run being stored: its rows go through one bulk transaction that lands on finish() or, if
// the writer is destroyed first (a failure), not at all. Results are added in ref order.
class RunWriter {
 public:
  RunWriter(Database& db, RunHeader const& header);
  ~RunWriter();
  RunWriter(RunWriter const&) = delete;
  RunWriter& operator=(RunWriter const&) = delete;

  std::int64_t id() const;
  // `inputs_line`: what the applicant's inputs add to the run's inputs hash
  // (InputsDigest::line_of).
  void add_result(EncodedResult const& result, std::string_view inputs_line);
  // After every result: each ranked applicant, in ref order (the order the hash folds them).
  void add_placing(std::string const& ref, int rank, bool shortlisted);
  // Counts the verdicts, seals the run's hashes and commits.
  RunRecord finish(double max_score);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// One assessor's score a run read, with their comment (the panel's agreed score is one, by
// engine::agreed_by_panel).
struct ScoreRead {
  std::string ref;
  std::string criterion;
  std::string assessor;
  int score = 0;
  std::string comment;
};

// The chain of runs up to a run, from the run rows and their hashes alone.
struct Integrity {
  std::vector<std::string> problems;  // each naming what does not match
};

class Runs {
 public:
  explicit Runs(Database& db) : db_(db) {}

  std::vector<RunRecord> list(std::string const& vacancy = {});
  // The run with this id; Error(not_found) when there is none.
  RunRecord get(std::int64_t run_id);
  // The given run of a vacancy, or its latest; Error(not_found) when there is none.
  RunRecord find(std::string const& vacancy, std::optional<std::int64_t> run_id = std::nullopt);
  // The specification version a run used, loaded and checked.
  rules::Specification specification(std::int64_t run_id);
  // Every result of a run in ref order, with its placing. Without `criteria`, the criteria are
  // left empty (a lighter read for rankings).
  void each_result(std::int64_t run_id, bool criteria,
                   std::function<void(StoredResult const&)> const& take);
  std::optional<StoredResult> result(std::int64_t run_id, std::string const& ref);
  // Every assessor's score the run read, by ref, criterion and assessor; withdrawn ones too
  // (score_withdrawal keeps them), so that the record shows what the run was given.
  std::vector<ScoreRead> scores_read(std::int64_t run_id);
  // The lowest score on the run's shortlist, if anyone is shortlisted.
  std::optional<double> lowest_shortlisted(std::int64_t run_id);
  // The chain over all runs up to this one.
  Integrity integrity(std::int64_t run_id);
  // The run's placing rows, as stored, into its results digest (after every result row).
  void fold_placings(std::int64_t run_id, ResultsDigest& digest);

 private:
  Database& db_;
};

}  // namespace sift::data
