// Reading stored result rows: every reader selects `result_columns` first (from `result x` and
// `placing p`), in this order, and decodes them with read_result.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "raw_statement.hpp"
#include "results_text.hpp"
#include "sift/data/database.hpp"
#include "sift/data/results.hpp"
#include "sift/rules/specification.hpp"

namespace sift::data {

// ref, application_id, verdict, score, outcomes, flags, moderation, scores_read (0-7), then the
// placing's rank and shortlisted (8-9): read with `, p.rank, p.shortlisted` from `result x LEFT
// JOIN placing p` for one result; for many, with `, NULL, NULL` and the placings merged in
// (PlacingsInRefOrder).
inline constexpr char const* result_row_columns =
    "x.ref, x.application_id, x.verdict, x.score, x.outcomes, x.flags, x.moderation, "
    "x.scores_read";

// How much of the columns to decode: all, or all but the criteria (rankings).
enum class Decode { all, without_criteria };

// The layout a run's rows are packed by: its record format and its vacancy's criteria and flags.
RecordLayout layout_of(int format, rules::Vacancy const& vacancy);
// The same, read from the run's record and stored specification.
RecordLayout record_layout(Database& db, std::int64_t run_id);

// One score row by its id, a withdrawn one too (score_withdrawal keeps the id it had):
// criterion, assessor, score, comment.
inline constexpr char const* score_row_by_id =
    "SELECT criterion, assessor, score, coalesce(comment, '') FROM assessor_score WHERE id = ?1 "
    "UNION ALL SELECT criterion, assessor, score, coalesce(comment, '') FROM score_withdrawal "
    "WHERE score_id = ?1 LIMIT 1";

// A run's placings read in ref order beside its results read in ref order, and merged into
// them: a seek into the placings for every result cost verify a sixth of its reading.
class PlacingsInRefOrder {
 public:
  // From `first` on (the empty ref: all of them).
  PlacingsInRefOrder(SQLite::Database& db, std::int64_t run_id, std::string const& first);
  // Gives `result` (read unplaced, after those given before it in ref order) the rank of its
  // placing, and its shortlisting, if it has one.
  void place(StoredResult& result);

 private:
  RawStatement placings_;
  bool left_;
};

void read_result(RawStatement const& q, simdjson::dom::parser& parser, Decode decode,
                 RecordLayout const& layout, StoredResult& out);

}  // namespace sift::data
