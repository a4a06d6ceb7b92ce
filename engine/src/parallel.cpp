#include "sift/engine/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace sift::engine {

void parallel_for(std::size_t count, int threads,
                  std::function<void(std::size_t, std::size_t, std::size_t)> const& body) {
  std::size_t const blocks = (count + parallel_block - 1) / parallel_block;
  std::size_t const parts =
      std::max<std::size_t>(1, std::min<std::size_t>(blocks, threads < 1 ? 1 : threads));
  std::atomic<std::size_t> next_block{0};
  std::atomic<bool> failed{false};
  std::vector<std::exception_ptr> failures(parts);
  auto const work = [&](std::size_t part) {
    try {
      for (std::size_t block = next_block++; block < blocks && !failed; block = next_block++) {
        std::size_t const begin = block * parallel_block;
        body(part, begin, std::min(count, begin + parallel_block));
      }
    } catch (...) {
      failures[part] = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> workers;
  for (std::size_t part = 1; part < parts; ++part)
    workers.emplace_back(work, part);
  work(0);
  for (auto& worker : workers)
    worker.join();
  for (auto const& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace sift::engine
