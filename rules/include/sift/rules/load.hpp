// Entry points of the rules module: load and check a specification (following `use`), and
// format one file. Errors are returned as diagnostics, never thrown; only running out of memory
// escapes as an exception.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sift/rules/diagnostic.hpp"
#include "sift/rules/specification.hpp"

namespace sift::rules {

struct LoadOptions {
  // Directories besides the main file's own from which `use` may read (given on the command line).
  std::vector<std::filesystem::path> extra_roots;
};

struct LoadResult {
  std::optional<Specification> specification;  // set when no diagnostic is an error
  std::vector<Diagnostic> diagnostics;
};

// The largest specification file Sift reads: 1 MiB. Real ones are a few kilobytes, and parsing
// takes memory many times the text, so a hostile file is refused before it is read whole.
constexpr std::size_t max_source_bytes = std::size_t{1} << 20;

// The text of one specification file, or nullopt with why not ("no such file", "it is a
// directory", "it is larger than 1 MiB, ...").
std::optional<std::string> read_source_file(std::filesystem::path const& path, std::string& error);

// Reads the file and every file it uses, parses and checks them.
LoadResult load_specification(std::filesystem::path const& path, LoadOptions const& options = {});

// The same from texts already in hand (a stored specification): the main file first; `use`
// is resolved among the given paths only.
LoadResult load_sources(std::vector<SourceFile> const& sources);

struct FormatResult {
  std::optional<std::string> text;  // the canonical layout, when the file parses
  std::vector<Diagnostic> diagnostics;
};

// The canonical layout of one file, keeping its comments.
FormatResult format_source(std::string const& path, std::string const& text);

}  // namespace sift::rules
