// The one codec of a stored result. A result row holds the ref, the application version read,
// the verdict and the score in columns, and (record format 2, from schema version 12) two BLOB
// columns:
//   outcomes: the number of criteria and of flags (varints); then per criterion of the vacancy,
//     in the specification's order, one byte: the outcome in bits 0-1 (0 not assessed, 1 met,
//     2 not met, 3 unknown), bit 2 set when the assessors disagree, and in bits 3-4 how its
//     points follow (0: none; 1: one byte, a whole number 1-255; 2: eight bytes, an IEEE double,
//     little-endian); then the flags, two bits each (0 clear, 1 raised, 2 unknown), four to a
//     byte, the first in the lowest bits.
//   scores_read: the assessor_score rows read, in id order, as varints: the first id, then each
//     one's difference from the one before.
// No evidence and nothing an applicant wrote is stored: the evidence is rendered again, from
// the run's inputs, when someone asks (screening/explain). Rows of runs stored before (format 1)
// hold JSON with rendered evidence in `outcomes`, `flags`, `moderation` and `scores_read`; they
// are decoded, never written. The run's hash covers the exact bytes, through each row's digest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sift/engine/vocabulary.hpp"

namespace sift::data {

struct CriterionRecord {
  std::string criterion;
  engine::Outcome outcome = engine::Outcome::unknown;
  std::string evidence;  // stored in format 1 only; otherwise rendered again on request
  double points = 0;
  bool disagree = false;  // the assessors disagree enough to moderate
};

struct FlagRecord {
  std::string flag;
  engine::FlagState state = engine::FlagState::unknown;
  std::string evidence;
};

// A stored result with its placing, decoded.
struct StoredResult {
  std::string ref;
  std::int64_t application_id = 0;
  engine::Verdict verdict = engine::Verdict::eligible;  // shortlisted when its placing says so
  double score = 0;
  int rank = 0;                           // 0 when not ranked
  std::vector<CriterionRecord> criteria;  // the criteria assessed, in the specification's order
  std::vector<FlagRecord> flags;          // raised or unchecked flags only
  std::vector<std::string> moderation;    // format 1: the texts; format 2: the criteria's ids
  std::vector<std::int64_t> scores_read;
  int format = 2;  // the run's record format
};

// One result in its stored form (format 2), built in place: clear, add every criterion then
// every flag in the specification's order and the score rows read, then seal.
class EncodedResult {
 public:
  void clear(std::string_view ref, std::int64_t application_id, engine::Verdict verdict,
             double score);
  void add_criterion(engine::Outcome outcome, double points, bool disagree);
  void add_flag(engine::Outcome outcome);  // met: the flag is raised
  void add_score_read(std::int64_t row);
  // Packs the columns and computes the row's digest.
  void seal();
  // A row as stored, read back (no digest): for comparing with a recomputed one.
  void assign_stored(std::string_view ref, std::int64_t application_id, engine::Verdict verdict,
                     double score, std::string_view outcomes, std::string_view scores_read);
  // Whether two rows are the same, column for column, as they would be stored.
  bool same_row(EncodedResult const& other) const;

  std::string const& ref() const { return ref_; }
  std::int64_t application_id() const { return application_id_; }
  engine::Verdict verdict() const { return verdict_; }
  double score() const { return score_; }
  std::string const& outcomes() const { return outcomes_; }
  std::string const& scores_read() const { return scores_read_; }
  std::string const& digest() const { return digest_; }  // SHA-256 of the row, hex

 private:
  std::string ref_;
  std::int64_t application_id_ = 0;
  engine::Verdict verdict_ = engine::Verdict::eligible;
  double score_ = 0;
  std::size_t criterion_count_ = 0;
  std::string criteria_;             // one byte each, then their points
  std::vector<std::uint8_t> flags_;  // a code each
  std::vector<std::int64_t> rows_read_;
  std::string outcomes_;
  std::string scores_read_;
  std::string digest_;
};

}  // namespace sift::data
