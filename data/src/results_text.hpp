// The stored text of results, both ways: a row's digest from its columns, the placing line and
// the chain link that the run's hashes fold in, and decoding the JSON columns. Written by
// EncodedResult, read by Runs; nothing else touches this text.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "sift/data/results.hpp"

namespace sift::data {

// The digest of a stored result row, from its columns.
std::string row_digest(std::string_view ref, std::int64_t application_id, std::string_view verdict,
                       double score, std::string_view outcomes, std::string_view flags,
                       std::string_view moderation, std::string_view scores_read);

// How a placing row enters the run's hash.
std::string placing_line(std::string_view ref, int rank, bool shortlisted);

// The run's link in the chain over all runs.
std::string chain_hash(std::string const& previous, std::int64_t run_id, std::string const& vacancy,
                       std::string const& specification_sha256, std::string const& stage,
                       std::string const& as_of, std::string const& sift_version,
                       std::string const& results_sha256);

// Fills `out`'s criteria, flags, moderation and scores_read from the stored JSON columns
// (`criteria` false: leaves the criteria empty). Error(corrupt) when a column cannot be read.
// A stored verdict's text as the enum; Error(corrupt) naming the applicant when it is not one.
engine::Verdict stored_verdict(std::string_view ref, std::string_view text);

// Only the scores_read column, into out.scores_read.
void decode_scores_read(simdjson::dom::parser& parser, std::string_view scores_read,
                        StoredResult& out);

void decode_columns(simdjson::dom::parser& parser, std::string_view outcomes,
                    std::string_view flags, std::string_view moderation,
                    std::string_view scores_read, bool criteria, StoredResult& out);

}  // namespace sift::data
