// Splitting work over threads so that the result never depends on how many there are: each
// thread takes a fixed contiguous range and writes only its own slots.
#pragma once

#include <cstddef>
#include <functional>

namespace sift::engine {

// Calls body(part, begin, end) over [0, count) split into at most `threads` contiguous ranges,
// in parallel, and returns when all are done; `part` (0-based, below `threads`) lets a range
// use its own scratch state. The first exception thrown by a range is rethrown.
void parallel_for(
    std::size_t count, int threads,
    std::function<void(std::size_t part, std::size_t begin, std::size_t end)> const& body);

}  // namespace sift::engine
