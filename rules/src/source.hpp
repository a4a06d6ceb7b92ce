// The text of one specification file and the arithmetic from byte offsets to lines and columns.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sift/rules/diagnostic.hpp"

namespace sift::rules {

class Source {
 public:
  Source(std::string path, std::string text);

  std::string const& path() const { return path_; }
  std::string const& text() const { return text_; }

  SourceLocation location(std::size_t offset) const;
  std::string line_text(int line) const;

  Diagnostic diagnostic(std::size_t offset, std::string message) const;
  DiagnosticNote note(std::size_t offset, std::string message) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

}  // namespace sift::rules
