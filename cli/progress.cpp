#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace sift::cli {

Progress::Progress()
    : enabled_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

Progress::~Progress() {
  if (drawn_) std::fputs("\n", stderr);
}

void Progress::operator()(std::size_t done, std::size_t total) {
  if (!enabled_) return;
  auto const now = std::chrono::steady_clock::now();
  if (done < total && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  double const seconds = std::chrono::duration<double>(now - start_).count();
  double const rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  double const left = rate > 0 ? static_cast<double>(total - done) / rate : 0;
  int const width = 30;
  int const filled = total ? static_cast<int>(width * done / total) : width;
  std::fputs(fmt::format("\r[{}{}] {}/{}  {:.0f}/s  {:.0f} s left ", std::string(filled, '#'),
                         std::string(width - filled, ' '), done, total, rate, left)
                 .c_str(),
             stderr);
  drawn_ = true;
}

}  // namespace sift::cli
