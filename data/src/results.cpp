#include "sift/data/results.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "results_text.hpp"
#include "sift/rules/value.hpp"

namespace sift::data {

void EncodedResult::clear(std::string_view ref, std::int64_t application_id,
                          engine::Verdict verdict, double score) {
  ref_.assign(ref);
  application_id_ = application_id;
  verdict_ = verdict;
  score_ = score;
  criterion_count_ = 0;
  criteria_.clear();
  flags_.clear();
  rows_read_.clear();
  digest_.clear();
}

void EncodedResult::add_criterion(engine::Outcome outcome, double points, bool disagree) {
  ++criterion_count_;
  auto byte = static_cast<std::uint8_t>(outcome_code(outcome) | (disagree ? 0x04 : 0));
  if (points == 0) {
    criteria_ += static_cast<char>(byte);
  } else if (points >= 1 && points <= 255 && points == static_cast<int>(points)) {
    criteria_ += static_cast<char>(byte | 0x08);
    criteria_ += static_cast<char>(static_cast<std::uint8_t>(points));
  } else {
    criteria_ += static_cast<char>(byte | 0x10);
    append_double(criteria_, points);
  }
}

void EncodedResult::add_flag(engine::Outcome outcome) {
  flags_.push_back(outcome == engine::Outcome::met       ? 1
                   : outcome == engine::Outcome::unknown ? 2
                                                         : 0);
}

void EncodedResult::add_score_read(std::int64_t row) {
  rows_read_.push_back(row);
}

void EncodedResult::seal() {
  outcomes_.clear();
  append_varint(outcomes_, static_cast<std::int64_t>(criterion_count_));
  append_varint(outcomes_, static_cast<std::int64_t>(flags_.size()));
  outcomes_ += criteria_;
  for (std::size_t i = 0; i < flags_.size(); i += 4) {
    std::uint8_t packed = 0;
    for (std::size_t j = 0; j < 4 && i + j < flags_.size(); ++j)
      packed = static_cast<std::uint8_t>(packed | flags_[i + j] << (2 * j));
    outcomes_ += static_cast<char>(packed);
  }
  std::sort(rows_read_.begin(), rows_read_.end());
  scores_read_.clear();
  std::int64_t previous = 0;
  for (auto const row : rows_read_) {
    append_varint(scores_read_, row - previous);
    previous = row;
  }
  digest_ = row_digest(ref_, application_id_, engine::to_string(verdict_), score_, outcomes_, "",
                       "", scores_read_);
}

void EncodedResult::assign_stored(std::string_view ref, std::int64_t application_id,
                                  engine::Verdict verdict, double score, std::string_view outcomes,
                                  std::string_view scores_read) {
  ref_.assign(ref);
  application_id_ = application_id;
  verdict_ = verdict;
  score_ = score;
  outcomes_.assign(outcomes);
  scores_read_.assign(scores_read);
  digest_.clear();
}

bool EncodedResult::same_row(EncodedResult const& other) const {
  // The score as stored text: the row keeps the number format_number writes.
  return ref_ == other.ref_ && application_id_ == other.application_id_ &&
         verdict_ == other.verdict_ &&
         rules::format_number(score_) == rules::format_number(other.score_) &&
         outcomes_ == other.outcomes_ && scores_read_ == other.scores_read_;
}

}  // namespace sift::data
