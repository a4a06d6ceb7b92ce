// The stored form of results, both ways: a row's digest from its columns, the placing line and
// the chain link that the run's hashes fold in, the pieces of the packed columns (format 2), and
// decoding the columns of either format. Written by EncodedResult, read by Runs; nothing else
// touches these bytes.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sift/data/results.hpp"
#include "sift/rules/packed_bytes.hpp"

namespace sift::data {

// Packed columns are written with the varints and doubles that values are packed with.
using rules::append_double;
using rules::append_varint;
using rules::ByteReader;

// Format 2's pieces (results.hpp): an outcome's two-bit code (and rules/packed_bytes.hpp).
std::uint8_t outcome_code(engine::Outcome outcome);

// What decoding a row needs of its run: the record format, and the vacancy's criteria and flags
// (by id, in the specification's order) that a format-2 row is packed by.
struct RecordLayout {
  int format = 2;
  std::vector<std::string> criteria;
  std::vector<std::string> flags;
};

// Fills `out` from a format-2 row's columns (`criteria` false: leaves the criteria empty; only
// the assessed are listed, as format 1 did). Error(corrupt) when the bytes do not fit the layout.
void decode_packed(std::string_view outcomes, std::string_view scores_read,
                   RecordLayout const& layout, bool criteria, StoredResult& out);

// The digest of a stored result row, from its columns.
std::string row_digest(std::string_view ref, std::int64_t application_id, std::string_view verdict,
                       double score, std::string_view outcomes, std::string_view flags,
                       std::string_view moderation, std::string_view scores_read);

// How a placing row enters the run's hash: "REF\tRANK\t1 or 0\n", written into `line` (a run
// writes one per eligible applicant, at the end, while everything else waits).
void placing_line(std::string_view ref, int rank, bool shortlisted, std::string& line);

// The run's link in the chain over all runs.
std::string chain_hash(std::string const& previous, std::int64_t run_id, std::string const& vacancy,
                       std::string const& specification_sha256, std::string const& stage,
                       std::string const& as_of, std::string const& sift_version,
                       std::string const& results_sha256);

// A stored verdict's text as the enum; Error(corrupt) naming the applicant when it is not one.
engine::Verdict stored_verdict(std::string_view ref, std::string_view text);

// Fills `out`'s criteria, flags, moderation and scores_read from a format-1 row's JSON columns
// (`criteria` false: leaves the criteria empty). Error(corrupt) when a column cannot be read.
void decode_columns(simdjson::dom::parser& parser, std::string_view outcomes,
                    std::string_view flags, std::string_view moderation,
                    std::string_view scores_read, bool criteria, StoredResult& out);

}  // namespace sift::data
