#include "sift/engine/parallel.hpp"

#include <exception>
#include <thread>
#include <vector>

namespace sift::engine {

void parallel_for(std::size_t count, int threads,
                  std::function<void(std::size_t, std::size_t, std::size_t)> const& body) {
  std::size_t const parts =
      std::max<std::size_t>(1, std::min<std::size_t>(count, threads < 1 ? 1 : threads));
  if (parts <= 1) {
    if (count) body(0, 0, count);
    return;
  }
  std::vector<std::exception_ptr> failures(parts);
  std::vector<std::thread> workers;
  std::size_t const step = (count + parts - 1) / parts;
  for (std::size_t part = 1; part < parts; ++part) {
    std::size_t const begin = std::min(count, part * step);
    std::size_t const end = std::min(count, begin + step);
    workers.emplace_back([&, part, begin, end] {
      try {
        body(part, begin, end);
      } catch (...) {
        failures[part] = std::current_exception();
      }
    });
  }
  try {
    body(0, 0, std::min(count, step));
  } catch (...) {
    failures[0] = std::current_exception();
  }
  for (auto& worker : workers)
    worker.join();
  for (auto const& failure : failures)
    if (failure) std::rethrow_exception(failure);
}

}  // namespace sift::engine
