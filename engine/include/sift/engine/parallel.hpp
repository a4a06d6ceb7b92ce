// Splitting work over threads so that the result never depends on how many there are: each
// thread takes a fixed contiguous range and writes only its own slots.
#pragma once

#include <cstddef>
#include <functional>

namespace sift::engine {

// Calls body(begin, end) over [0, count) split into `threads` contiguous ranges, in parallel,
// and returns when all are done. The first exception thrown by a range is rethrown.
void parallel_for(std::size_t count, int threads,
                  std::function<void(std::size_t begin, std::size_t end)> const& body);

}  // namespace sift::engine
