// Splitting work over threads so that the result never depends on how many there are: the
// indices are handed out in small blocks to whichever thread is free, and each index writes
// only its own slot.
#pragma once

#include <cstddef>
#include <functional>

namespace sift::engine {

// Calls body(part, begin, end) over [0, count) in blocks of at most `parallel_block` indices,
// on at most `threads` threads in parallel, and returns when all are done; `part` (0-based,
// below `threads`) names the thread, so that a block can use that thread's scratch state.
// Blocks are claimed as threads come free: a thread slowed by others on its core (a run's
// reader and writer share the cores with the workers) holds up no more than one block. The
// first exception thrown is rethrown; blocks not yet claimed are then skipped.
inline constexpr std::size_t parallel_block = 64;
void parallel_for(
    std::size_t count, int threads,
    std::function<void(std::size_t part, std::size_t begin, std::size_t end)> const& body);

}  // namespace sift::engine
