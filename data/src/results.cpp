#include "sift/data/results.hpp"

#include "results_text.hpp"
#include "sift/rules/value.hpp"
#include "text.hpp"

namespace sift::data {

void EncodedResult::clear(std::string_view ref, std::int64_t application_id,
                          engine::Verdict verdict, double score) {
  ref_.assign(ref);
  application_id_ = application_id;
  verdict_ = verdict;
  score_ = score;
  outcomes_.assign("{");
  flags_.assign("{");
  moderation_.assign("[");
  scores_read_.assign("[");
  digest_.clear();
}

namespace {

// `"id":["word","evidence"` into an object column, leaving the entry open for more members.
void open_entry(std::string& column, std::string_view id, char const* word,
                std::string_view evidence) {
  if (column.size() > 1) column += ',';
  append_json_string(column, id);
  column += ":[\"";
  column += word;
  column += "\",";
  append_json_string(column, evidence);
}

}  // namespace

void EncodedResult::add_criterion(std::string_view id, engine::Outcome outcome,
                                  std::string_view evidence, double points) {
  open_entry(outcomes_, id, engine::to_string(outcome), evidence);
  outcomes_ += ',';
  outcomes_ += rules::format_number(points);
  outcomes_ += ']';
}

void EncodedResult::add_flag(std::string_view id, engine::FlagState state,
                             std::string_view evidence) {
  open_entry(flags_, id, engine::to_string(state), evidence);
  flags_ += ']';
}

void EncodedResult::add_moderation(std::string_view text) {
  if (moderation_.size() > 1) moderation_ += ',';
  append_json_string(moderation_, text);
}

void EncodedResult::add_score_read(std::int64_t row) {
  if (scores_read_.size() > 1) scores_read_ += ',';
  scores_read_ += std::to_string(row);
}

void EncodedResult::seal() {
  outcomes_ += '}';
  flags_ += '}';
  moderation_ += ']';
  scores_read_ += ']';
  digest_ = row_digest(ref_, application_id_, engine::to_string(verdict_), score_, outcomes_,
                       flags_, moderation_, scores_read_);
}

void EncodedResult::assign_stored(std::string_view ref, std::int64_t application_id,
                                  engine::Verdict verdict, double score, std::string_view outcomes,
                                  std::string_view flags, std::string_view moderation,
                                  std::string_view scores_read) {
  ref_.assign(ref);
  application_id_ = application_id;
  verdict_ = verdict;
  score_ = score;
  outcomes_.assign(outcomes);
  flags_.assign(flags);
  moderation_.assign(moderation);
  scores_read_.assign(scores_read);
  digest_.clear();
}

bool EncodedResult::same_row(EncodedResult const& other) const {
  // The score as stored text: the row keeps the number format_number writes.
  return ref_ == other.ref_ && application_id_ == other.application_id_ &&
         verdict_ == other.verdict_ &&
         rules::format_number(score_) == rules::format_number(other.score_) &&
         outcomes_ == other.outcomes_ && flags_ == other.flags_ &&
         moderation_ == other.moderation_ && scores_read_ == other.scores_read_;
}

}  // namespace sift::data
