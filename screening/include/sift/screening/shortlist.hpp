// Use cases: a run's ranking beside the panel's decisions, and the shortlisting matrix.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/decisions.hpp"
#include "sift/data/runs.hpp"
#include "sift/engine/vocabulary.hpp"
#include "sift/screening/criteria.hpp"

namespace sift::screening {

struct ShortlistEntry {
  int rank = 0;  // 0 when not ranked
  std::string ref;
  engine::Verdict verdict = engine::Verdict::eligible;
  double score = 0;
  std::vector<std::string> flags;          // raised flags (unchecked ones marked '?'), moderation
  std::optional<data::Decision> decision;  // the panel's latest, if any (from any earlier run)
  // Where this run's proposal now disagrees with the panel's decision: "shortlisted by the
  // panel on run 1, now excluded: review". Empty otherwise.
  std::string review;
};

struct ShortlistView {
  data::RunRecord run;
  std::string title;
  std::vector<ShortlistEntry> ranked;  // the eligible, by rank
  // Unranked applicants the panel must look at: those needing review, and anyone excluded whom
  // the panel has decided on.
  std::vector<ShortlistEntry> unranked;
  std::size_t awaiting_decision = 0;     // shortlisted or needing review, with no decision yet
  std::size_t to_review = 0;             // decisions this run's proposal now disagrees with
  std::vector<data::SignOff> sign_offs;  // the panel's, of this run's shortlist
  std::size_t since_sign_off = 0;        // decisions taken after the first sign-off
};

// The ranking of a run (the vacancy's latest run by default).
ShortlistView shortlist(data::Database& db, std::string const& vacancy,
                        std::optional<std::int64_t> run_id = std::nullopt);

// One assessor's score in a cell, with their comment.
struct AssessorMark {
  std::string assessor;
  int score = 0;
  std::string comment;
};

struct MatrixCell {
  engine::Outcome outcome = engine::Outcome::not_assessed;
  std::string evidence;
  double points = 0;                 // what the criterion added to the score
  std::vector<AssessorMark> scores;  // each assessor's, as the run read them
  std::optional<int> agreed;         // the panel's agreed score, when moderated
};

struct MatrixRow {
  std::string ref;
  engine::Verdict verdict = engine::Verdict::eligible;
  double score = 0;
  int rank = 0;
  std::vector<std::string> flags;
  std::optional<data::Decision> decision;
  std::vector<MatrixCell> cells;  // by column
  // Why they are where they are, on the record for everyone not shortlisted: the panel's reason
  // when it decided, else the engine's, in the specification's own words ("essential criteria
  // not met: A teaching qualification with QTS").
  std::string reason;
};

// The shortlisting matrix of a run: candidates down, criteria across.
struct Matrix {
  data::RunRecord run;
  std::string title;
  std::vector<CriterionInfo> columns;
  std::vector<MatrixRow> rows;  // shortlisted and eligible by rank, then needs review, excluded
};

Matrix matrix(data::Database& db, std::string const& vacancy,
              std::optional<std::int64_t> run_id = std::nullopt);

}  // namespace sift::screening
