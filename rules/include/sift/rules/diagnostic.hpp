// Diagnostics of the rules language: `file:line:col: error: message` (or `warning:`), the source
// line, a caret under the column, and any notes (such as where a duplicate was first defined).
// An error makes a specification unusable; a warning points at something that is legal but
// probably not meant, and the specification is still loaded.
#pragma once

#include <string>
#include <vector>

namespace sift::rules {

// A place in a specification file; line and column count from 1, columns in characters.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

struct DiagnosticNote {
  SourceLocation where;
  std::string message;
  std::string source_line;
};

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;
  std::string source_line;  // the offending line, without its line end; empty when unknown
  std::vector<DiagnosticNote> notes;
};

// One diagnostic as text, ending in a newline.
std::string render(Diagnostic const& diagnostic);

// Every diagnostic, then a closing count ("1 error", "3 errors", "2 errors, 1 warning").
std::string render_all(std::vector<Diagnostic> const& diagnostics);

bool has_errors(std::vector<Diagnostic> const& diagnostics);

}  // namespace sift::rules
