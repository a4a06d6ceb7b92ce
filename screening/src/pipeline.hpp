// Screening the stored applications of a vacancy: read in ref order, evaluate in parallel,
// hand each result on in ref order. Shared by a run (which stores the results) and a preview
// (which stores nothing).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include "row_evaluator.hpp"
#include "sift/data/database.hpp"

namespace sift::screening {

// Streams the latest application of every applicant of `vacancy`, with their latest scores,
// through the evaluator on `threads` threads, and hands each result to `take` in ref order.
// `values_version`: the stored specification version of `spec`, whose packed facts are read
// where there are any; none for a specification not stored (the JSON facts are read).
// Memory stays bounded: a few small chunks are in flight. Returns how many were screened.
std::size_t screen_stored(data::Database& db, rules::Specification const& spec,
                          rules::Vacancy const& vacancy, engine::Evaluator const& evaluator,
                          int threads, std::optional<int> values_version,
                          std::function<void(data::ApplicantInputs const&, Evaluated&)> const& take,
                          std::function<void(std::size_t, std::size_t)> const& progress);

}  // namespace sift::screening
