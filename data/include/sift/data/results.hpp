// The one codec of a stored result. A result row holds the verdict and score in columns and
// four JSON columns: outcomes {"criterion": [outcome, evidence, points]} for the criteria
// assessed, flags {"flag": [state, evidence]} for the flags raised or unchecked, moderation
// [text, ...] and scores_read [assessor_score row id, ...]. EncodedResult writes them in place
// (a run writes a million, reusing one per worker); Runs reads them back as StoredResult. The
// run's hash covers the exact text, through each row's digest.
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
  std::string evidence;
  double points = 0;
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
  std::vector<std::string> moderation;
  std::vector<std::int64_t> scores_read;
};

// One result in its stored form, built in place: clear, add the parts, then seal.
class EncodedResult {
 public:
  void clear(std::string_view ref, std::int64_t application_id, engine::Verdict verdict,
             double score);
  void add_criterion(std::string_view id, engine::Outcome outcome, std::string_view evidence,
                     double points);
  void add_flag(std::string_view id, engine::FlagState state, std::string_view evidence);
  void add_moderation(std::string_view text);
  void add_score_read(std::int64_t row);
  // Closes the JSON columns and computes the row's digest.
  void seal();
  // A row as stored, read back (no digest): for comparing with a recomputed one.
  void assign_stored(std::string_view ref, std::int64_t application_id, engine::Verdict verdict,
                     double score, std::string_view outcomes, std::string_view flags,
                     std::string_view moderation, std::string_view scores_read);
  // Whether two rows are the same, column for column, as they would be stored.
  bool same_row(EncodedResult const& other) const;

  std::string const& ref() const { return ref_; }
  std::int64_t application_id() const { return application_id_; }
  engine::Verdict verdict() const { return verdict_; }
  double score() const { return score_; }
  std::string const& outcomes() const { return outcomes_; }
  std::string const& flags() const { return flags_; }
  std::string const& moderation() const { return moderation_; }
  std::string const& scores_read() const { return scores_read_; }
  std::string const& digest() const { return digest_; }  // SHA-256 of the row, hex

 private:
  std::string ref_;
  std::int64_t application_id_ = 0;
  engine::Verdict verdict_ = engine::Verdict::eligible;
  double score_ = 0;
  std::string outcomes_;
  std::string flags_;
  std::string moderation_;
  std::string scores_read_;
  std::string digest_;
};

}  // namespace sift::data
