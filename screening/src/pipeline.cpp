#include "pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "sift/data/run_inputs.hpp"

namespace sift::screening {

namespace {

// Small chunks keep every thread busy (a worker waits for at most one chunk's reading), and
// few enough in flight keep memory flat however many applicants there are.
constexpr std::size_t chunk_size = 256;
constexpr std::size_t chunks_per_thread = 4;

struct Chunk {
  std::vector<data::ApplicantInputs> inputs = std::vector<data::ApplicantInputs>(chunk_size);
  std::vector<Evaluated> results = std::vector<Evaluated>(chunk_size);
  std::size_t size = 0;
  std::size_t sequence = 0;  // its place in ref order
};

// The chunks and where each is: free to be read into, read and waiting for a worker, or
// evaluated and waiting to be stored in sequence. One lock: a few thousand hand-offs a run.
class Stages {
 public:
  explicit Stages(std::size_t chunks) : chunks_(chunks) {
    for (auto& chunk : chunks_)
      free_.push_back(&chunk);
  }

  // Each waits for its chunk, or returns null when the screening has failed or is done.
  Chunk* free_chunk() {
    return wait_for(free_, [] { return false; });
  }
  Chunk* read_chunk() {
    return wait_for(read_, [this] { return reading_done_; });
  }
  Chunk* evaluated_chunk(std::size_t sequence) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return failure_ || find(sequence) || all_stored(sequence); });
    if (failure_) return nullptr;
    return find(sequence);
  }

  void read(Chunk* chunk) { hand_to(read_, chunk); }
  void evaluated(Chunk* chunk) { hand_to(evaluated_, chunk); }
  void stored(Chunk* chunk) {
    std::lock_guard lock(mutex_);
    std::erase(evaluated_, chunk);
    free_.push_back(chunk);
    changed_.notify_all();
  }
  void reading_done(std::size_t chunks) {
    std::lock_guard lock(mutex_);
    reading_done_ = true;
    chunks_read_ = chunks;
    changed_.notify_all();
  }
  void fail(std::exception_ptr failure) {
    std::lock_guard lock(mutex_);
    if (!failure_) failure_ = failure;
    changed_.notify_all();
  }
  std::exception_ptr failure() {
    std::lock_guard lock(mutex_);
    return failure_;
  }

 private:
  template <typename Finished>
  Chunk* wait_for(std::vector<Chunk*>& from, Finished finished) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return failure_ || !from.empty() || finished(); });
    if (failure_ || from.empty()) return nullptr;
    // Oldest first, so that chunks are evaluated about in the order they are stored.
    auto const oldest = std::min_element(
        from.begin(), from.end(), [](Chunk* a, Chunk* b) { return a->sequence < b->sequence; });
    Chunk* chunk = *oldest;
    from.erase(oldest);
    return chunk;
  }
  void hand_to(std::vector<Chunk*>& to, Chunk* chunk) {
    std::lock_guard lock(mutex_);
    to.push_back(chunk);
    changed_.notify_all();
  }
  Chunk* find(std::size_t sequence) {
    for (auto* chunk : evaluated_)
      if (chunk->sequence == sequence) return chunk;
    return nullptr;
  }
  bool all_stored(std::size_t sequence) const { return reading_done_ && sequence >= chunks_read_; }

  std::vector<Chunk> chunks_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Chunk*> free_;
  std::vector<Chunk*> read_;
  std::vector<Chunk*> evaluated_;
  bool reading_done_ = false;
  std::size_t chunks_read_ = 0;
  std::exception_ptr failure_;
};

}  // namespace

std::size_t screen_stored(data::Database& db, rules::Specification const& spec,
                          rules::Vacancy const& vacancy, engine::Evaluator const& evaluator,
                          int requested_threads, std::optional<int> values_version,
                          std::function<void(data::ApplicantInputs const&, Evaluated&)> const& take,
                          std::function<void(std::size_t, std::size_t)> const& progress) {
  auto const threads = static_cast<std::size_t>(std::max(1, requested_threads));
  std::vector<RowEvaluator> evaluators;
  for (std::size_t i = 0; i < threads; ++i)
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

  // A reader (on its own connection) and the workers run apart from this thread, which stores
  // the results in ref order: no stage waits for another except for a chunk to work on.
  Stages stages(chunks_per_thread * (threads + 2));
  auto const guarded = [&stages](auto&& work) {
    try {
      work();
    } catch (...) {
      stages.fail(std::current_exception());
    }
  };
  std::vector<std::thread> running;
  running.emplace_back([&] {
    guarded([&] {
      std::size_t sequence = 0;
      while (Chunk* chunk = stages.free_chunk()) {
        chunk->size = applications.read(chunk->inputs);
        if (chunk->size == 0) {
          stages.stored(chunk);  // nothing in it: back to the free ones
          break;
        }
        chunk->sequence = sequence++;
        stages.read(chunk);
      }
      stages.reading_done(sequence);
    });
  });
  for (std::size_t part = 0; part < threads; ++part)
    running.emplace_back([&, part] {
      guarded([&] {
        data::LatestApplications::SheetScratch sheets;
        while (Chunk* chunk = stages.read_chunk()) {
          for (std::size_t i = 0; i < chunk->size; ++i) {
            applications.attach_scores(chunk->inputs[i], sheets);
            evaluators[part].evaluate(chunk->inputs[i], chunk->results[i]);
          }
          stages.evaluated(chunk);
        }
      });
    });
  std::size_t done = 0;
  guarded([&] {
    for (std::size_t sequence = 0;; ++sequence) {
      Chunk* chunk = stages.evaluated_chunk(sequence);
      if (!chunk) break;
      for (std::size_t i = 0; i < chunk->size; ++i)
        take(chunk->inputs[i], chunk->results[i]);
      done += chunk->size;
      stages.stored(chunk);
      if (progress) progress(done, total);
    }
  });
  for (auto& thread : running)
    thread.join();
  if (auto const failure = stages.failure()) std::rethrow_exception(failure);
  return done;
}

}  // namespace sift::screening
