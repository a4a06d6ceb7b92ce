// What a run reads, as stored: the latest application of every applicant of a vacancy with
// their latest scores (for a new run), or exactly the application versions and score rows a
// stored run read (to recompute it). Streamed in ref order, in chunks whose buffers are reused.
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

namespace sift::rules {
struct Vacancy;
}

namespace sift::data {

struct RunRecord;

// One assessor's score of one criterion for an applicant; no score when they gave none.
struct ScoreCell {
  std::string assessor;
  std::int64_t row = 0;  // the assessor_score row it came from
  std::optional<int> score;
};

// One applicant's inputs to a run.
struct ApplicantInputs {
  std::int64_t application_id = 0;
  std::string ref;
  std::string facts;  // JSON; left empty by a new run's reading when `values` are read instead
  // The facts packed as values (fact_values.hpp), when they were packed under the specification
  // version being run; empty otherwise, and the JSON facts are read.
  std::string values;
  std::string facts_sha256;  // as recorded at import (none for rows older than the ledger)
  bool has_statement = false;
  std::string statement;
  // Per criterion of the vacancy (by index), a cell per panel member who scores it.
  std::vector<std::vector<ScoreCell>> scores;
  // A run's reader hands the applicant's score sheet over as stored (JSON cells), for
  // LatestApplications::attach_scores to read into `scores` where the applicant is evaluated.
  bool has_score_sheet = false;
  std::string score_sheet;
};

// The hash a run keeps of what it read: for each applicant in ref order, the application
// version, the recorded hash of its facts, and each score row read (id and score). A fact or
// score edited afterwards, even one no rule reads, no longer matches.
class InputsDigest {
 public:
  InputsDigest();
  ~InputsDigest();
  InputsDigest(InputsDigest const&) = delete;
  InputsDigest& operator=(InputsDigest const&) = delete;
  // The line an applicant's inputs add, into `line` (its buffer reused): made on the cores that
  // evaluate, and added, in ref order, by the one thread that folds the digest.
  static void line_of(ApplicantInputs const& read, std::string& line);
  void add(std::string_view line);
  std::string hex();  // finishes the digest

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The latest application of every applicant of a vacancy, in ref order. `criteria`: the
// vacancy's criterion ids, by index, where only `scored` ones read the panel's scores.
// `values_version`: the stored specification version being run, whose packed values are read
// instead of the JSON facts where they were packed under it (none: always the JSON). Reads on
// a connection of its own, in one read transaction: use it from one thread at a time.
class LatestApplications {
 public:
  LatestApplications(Database& db, std::string const& vacancy,
                     std::vector<std::string> const& criteria, std::vector<bool> const& scored,
                     bool with_statement, std::optional<int> values_version);
  ~LatestApplications();
  LatestApplications(LatestApplications const&) = delete;
  LatestApplications& operator=(LatestApplications const&) = delete;

  // Fills up to chunk.size() applicants; returns how many (0 at the end). Their scores are
  // left to attach_scores: each one's score sheet is handed over as stored.
  std::size_t read(std::vector<ApplicantInputs>& chunk);
  // What reading score sheets needs on one thread, kept from applicant to applicant.
  class SheetScratch {
   public:
    SheetScratch();
    ~SheetScratch();
    SheetScratch(SheetScratch&&) noexcept;
    SheetScratch& operator=(SheetScratch&&) noexcept;

   private:
    friend class LatestApplications;
    struct State;
    std::unique_ptr<State> state_;
  };
  // Reads an applicant's score sheet into their latest scores, a cell per panel member: on the
  // threads that evaluate, not the one that reads (parsing the sheets was a sixth of it).
  // Safe from many threads, each with its own scratch. Error(corrupt) for a damaged sheet.
  void attach_scores(ApplicantInputs& inputs, SheetScratch& scratch) const;
  // How many applicants there are (a pass over the index: for a progress line).
  std::size_t count();

 private:
  struct Cursor;
  std::unique_ptr<Cursor> cursor_;
};

// What a stored run read, result by result in ref order: the inputs as they are stored now, the
// ids of score rows it read that are gone, and the stored row in its stored form (compare a
// recomputed one with EncodedResult::same_row; format 2 only).
struct RecordedInputs {
  bool found = false;      // false: the application version is missing or someone else's
  ApplicantInputs inputs;  // when found; its buffers are reused from row to row
  std::vector<std::int64_t> missing_score_rows;
  // The packed values as stored, whatever version they were packed under, and that version:
  // with the facts, what the hash recorded at import covers. They are read once: into
  // inputs.values when it is the run's version (the run read them), else into other_values.
  std::string_view stored_values() const {
    return values_in_inputs ? std::string_view(inputs.values) : std::string_view(other_values);
  }
  bool values_in_inputs = false;
  std::string other_values;
  int stored_values_version = 0;
  EncodedResult stored_row;
  // The columns of the row that stored_row does not keep as they are stored (the verdict's
  // text; format 1's flags and moderation): with it, the row's digest (stored_digest).
  std::string stored_verdict;
  std::string stored_flags;
  std::string stored_moderation;
};

// The criteria of a format-2 result read without them (each_recorded_input with
// decode_criteria false), decoded from the row's bytes kept in `recorded`: for the rows that
// differ, without reading them again. `run` and
// `vacancy` as given to each_recorded_input.
void decode_criteria(RunRecord const& run, rules::Vacancy const& vacancy,
                     RecordedInputs const& recorded, StoredResult& stored);

// The stored row's digest, from its columns exactly as stored now, never from their decoded
// forms: what the run's results hash folds (ResultsDigest). A hash per row: the caller decides
// where to spend it (verify, on every core).
std::string stored_digest(RecordedInputs const& recorded);

// Whether the facts or packed values no longer match the hash recorded at import (false for
// rows older than the hash). A hash of each application's facts: the caller decides where to
// spend it (verify, on every core).
bool facts_edited(RecordedInputs const& recorded);

// The StoredResult handed on is decoded with its placing, and with its criteria when
// `decode_criteria` (verify compares a format-2 row's bytes first, and decodes the criteria of
// the few that differ with decode_criteria()). `vacancy`: the run's, from its stored specification;
// `only`: just that applicant's; `with_statement`: whether the rules read the statement (it is read
// only then). `take` may keep what it is handed by swapping it for another result and inputs (every
// field is read afresh for the next row).
void each_recorded_input(Database& db, RunRecord const& run, rules::Vacancy const& vacancy,
                         std::optional<std::string> const& only, bool with_statement,
                         bool decode_criteria,
                         std::function<void(StoredResult&, RecordedInputs&)> const& take);

// Applicants of a vacancy imported by the given time (a run's start): each must have a result.
std::vector<std::string> refs_imported_by(Database& db, std::string const& vacancy,
                                          std::string const& time);

}  // namespace sift::data
