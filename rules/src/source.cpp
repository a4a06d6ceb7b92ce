#include "source.hpp"

#include <algorithm>

namespace sift::rules {

Source::Source(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

SourceLocation Source::location(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto const next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto const line = static_cast<int>(next - line_starts_.begin());
  std::size_t const start = line_starts_[static_cast<std::size_t>(line - 1)];
  // Columns count characters, not bytes: skip UTF-8 continuation bytes.
  int column = 1;
  for (std::size_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  return {path_, line, column};
}

std::string Source::line_text(int line) const {
  if (line < 1 || static_cast<std::size_t>(line) > line_starts_.size()) return {};
  std::size_t const start = line_starts_[static_cast<std::size_t>(line - 1)];
  std::size_t end = text_.find('\n', start);
  if (end == std::string::npos) end = text_.size();
  if (end > start && text_[end - 1] == '\r') --end;
  return text_.substr(start, end - start);
}

Diagnostic Source::diagnostic(std::size_t offset, std::string message) const {
  auto where = location(offset);
  auto line = line_text(where.line);
  return {Severity::error, std::move(where), std::move(message), std::move(line), {}};
}

DiagnosticNote Source::note(std::size_t offset, std::string message) const {
  auto where = location(offset);
  auto line = line_text(where.line);
  return {std::move(where), std::move(message), std::move(line)};
}

}  // namespace sift::rules
