#include "sift/rules/diagnostic.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>

namespace sift::rules {
namespace {

// The source line and a caret under the column. Tabs are kept so the caret lines up; a wide
// character (CJK, most emoji) takes two places on a terminal, a combining mark none.
std::string excerpt(std::string const& line, int column) {
  if (line.empty()) return {};
  std::string caret;
  int seen = 1;
  auto const* bytes = reinterpret_cast<utf8proc_uint8_t const*>(line.data());
  std::size_t i = 0;
  while (i < line.size() && seen < column) {
    utf8proc_int32_t code = 0;
    auto const length =
        utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(line.size() - i), &code);
    if (length <= 0) {  // not UTF-8 (a loader error says so): one place per byte
      caret += ' ';
      ++i;
      ++seen;
      continue;
    }
    if (code == '\t')
      caret += '\t';
    else if (code < 0x20 || code == 0x7F)  // other control characters: one place, as printed
      caret += ' ';
    else
      caret.append(static_cast<std::size_t>(std::max(0, utf8proc_charwidth(code))), ' ');
    i += static_cast<std::size_t>(length);
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
