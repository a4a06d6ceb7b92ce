// Screening the stored applications of a vacancy: read in ref order, evaluate in parallel,
// hand each result on in ref order. Shared by a run (which stores the results) and a preview
// (which stores nothing).
#pragma once

#include <cstddef>
#include <functional>

#include "row_evaluator.hpp"
#include "sift/data/database.hpp"

namespace sift::screening {

// Streams the latest application of every applicant of `vacancy`, with their latest scores,
// through the evaluator on `threads` threads, and hands each result to `take` in ref order.
// Memory stays bounded: three chunks rotate. Returns how many applicants were screened.
std::size_t screen_stored(data::Database& db, rules::Specification const& spec,
                          rules::Vacancy const& vacancy, engine::Evaluator const& evaluator,
                          int threads,
                          std::function<void(data::ApplicantInputs const&, Evaluated&)> const& take,
                          std::function<void(std::size_t, std::size_t)> const& progress);

}  // namespace sift::screening
