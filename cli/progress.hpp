// A progress line on the terminal (done, rate, time left), silent when stderr is not a terminal.
#pragma once

#include <chrono>
#include <cstddef>

namespace sift::cli {

class Progress {
 public:
  Progress();
  ~Progress();  // ends the line, if one was drawn
  void operator()(std::size_t done, std::size_t total);
  bool shown() const { return enabled_; }

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace sift::cli
