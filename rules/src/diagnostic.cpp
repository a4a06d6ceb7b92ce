#include "sift/rules/diagnostic.hpp"

#include <fmt/format.h>

namespace sift::rules {
namespace {

// The source line and a caret under the column; tabs are kept so the caret lines up.
std::string excerpt(std::string const& line, int column) {
  if (line.empty()) return {};
  std::string caret;
  int seen = 1;
  for (std::size_t i = 0; i < line.size() && seen < column; ++i) {
    auto const byte = static_cast<unsigned char>(line[i]);
    if ((byte & 0xC0) == 0x80) continue;
    caret += line[i] == '\t' ? '\t' : ' ';
    ++seen;
  }
  return fmt::format("  {}\n  {}^\n", line, caret);
}

std::string heading(SourceLocation const& where, char const* kind, std::string const& message) {
  if (where.line == 0) return fmt::format("{}: {}: {}\n", where.file, kind, message);
  return fmt::format("{}:{}:{}: {}: {}\n", where.file, where.line, where.column, kind, message);
}

}  // namespace

std::string render(Diagnostic const& diagnostic) {
  std::string out =
      heading(diagnostic.where, diagnostic.severity == Severity::error ? "error" : "warning",
              diagnostic.message);
  out += excerpt(diagnostic.source_line, diagnostic.where.column);
  for (auto const& note : diagnostic.notes) {
    out += heading(note.where, "note", note.message);
    out += excerpt(note.source_line, note.where.column);
  }
  return out;
}

std::string render_all(std::vector<Diagnostic> const& diagnostics) {
  std::string out;
  std::size_t errors = 0;
  for (auto const& diagnostic : diagnostics) {
    out += render(diagnostic);
    errors += diagnostic.severity == Severity::error;
  }
  std::size_t const warnings = diagnostics.size() - errors;
  if (errors > 0 || warnings == 0) out += fmt::format("{} error{}", errors, errors == 1 ? "" : "s");
  if (warnings > 0)
    out +=
        fmt::format("{}{} warning{}", errors > 0 ? ", " : "", warnings, warnings == 1 ? "" : "s");
  return out + "\n";
}

bool has_errors(std::vector<Diagnostic> const& diagnostics) {
  for (auto const& d : diagnostics)
    if (d.severity == Severity::error) return true;
  return false;
}

}  // namespace sift::rules
