#include "pipeline.hpp"

#include <future>
#include <optional>

#include "sift/data/run_inputs.hpp"
#include "sift/engine/parallel.hpp"

namespace sift::screening {

namespace {

constexpr std::size_t chunk_size = 4096;

}  // namespace

std::size_t screen_stored(data::Database& db, rules::Specification const& spec,
                          rules::Vacancy const& vacancy, engine::Evaluator const& evaluator,
                          int requested_threads, std::optional<int> values_version,
                          std::function<void(data::ApplicantInputs const&, Evaluated&)> const& take,
                          std::function<void(std::size_t, std::size_t)> const& progress) {
  int const threads = std::max(1, requested_threads);
  std::vector<RowEvaluator> evaluators;
  for (int i = 0; i < threads; ++i)
    evaluators.emplace_back(spec, vacancy, evaluator);
  std::vector<std::string> criteria;
  std::vector<bool> scored;
  for (auto const& c : vacancy.criteria) {
    criteria.push_back(c.id);
    scored.push_back(c.scoring.has_value());
  }
  data::LatestApplications applications(db, vacancy.id, criteria, scored,
                                        evaluators.front().needs_statement(), values_version);
  // Counting the applicants costs a pass over the index: only for a progress line.
  std::size_t const total = progress ? applications.count() : 0;

  // Three chunks rotate: while the workers evaluate one, this thread stores the results of the
  // one before (in ref order) and a reader, on its own connection, reads the one after.
  // Storing used to wait for evaluation and evaluation for storing, and reading for storing;
  // overlapping them keeps every core busy.
  constexpr std::size_t rotating = 3;
  std::vector<std::vector<data::ApplicantInputs>> chunks(
      rotating, std::vector<data::ApplicantInputs>(chunk_size));
  std::vector<std::vector<Evaluated>> evaluated(rotating, std::vector<Evaluated>(chunk_size));
  std::size_t sizes[rotating] = {applications.read(chunks[0]), 0, 0};
  std::size_t done = 0;
  auto const store = [&](std::size_t which) {
    for (std::size_t i = 0; i < sizes[which]; ++i)
      take(chunks[which][i], evaluated[which][i]);
    done += sizes[which];
    if (progress) progress(done, total);
  };
  std::size_t current = 0;
  std::optional<std::size_t> waiting;  // the chunk whose results are waiting to be stored
  while (sizes[current] > 0) {
    auto const count = sizes[current];
    auto& chunk = chunks[current];
    auto& results = evaluated[current];
    auto computing = std::async(std::launch::async, [&] {
      engine::parallel_for(count, threads,
                           [&](std::size_t part, std::size_t begin, std::size_t end) {
                             for (std::size_t i = begin; i < end; ++i)
                               evaluators[part].evaluate(chunk[i], results[i]);
                           });
    });
    auto const next = (current + 1) % rotating;
    auto reading =
        std::async(std::launch::async, [&] { sizes[next] = applications.read(chunks[next]); });
    try {
      if (waiting) store(*waiting);
    } catch (...) {
      computing.wait();  // the workers and the reader use this frame's chunks
      reading.wait();
      throw;
    }
    try {
      reading.get();
    } catch (...) {
      computing.wait();
      throw;
    }
    computing.get();
    waiting = current;
    current = next;
  }
  if (waiting) store(*waiting);
  return done;
}

}  // namespace sift::screening
