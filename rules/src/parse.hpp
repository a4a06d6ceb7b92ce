// Parsing one file's text into its syntax tree. Errors are returned as diagnostics.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "ast.hpp"
#include "position_tagger.hpp"
#include "sift/rules/diagnostic.hpp"
#include "source.hpp"

namespace sift::rules {

struct ParsedFile {
  std::shared_ptr<Source const> source;
  ast::File tree;
  std::vector<grammar::SourceSpan> spans;  // indexed by a node's id_first

  // Where a position-tagged node begins (offset 0 for nodes the grammar did not tag).
  std::size_t offset_of(boost::spirit::x3::position_tagged const& node) const {
    return node.id_first >= 0 && static_cast<std::size_t>(node.id_first) < spans.size()
               ? spans[static_cast<std::size_t>(node.id_first)].begin
               : 0;
  }
};

// The parse error, if any, is appended to `diagnostics` and nullopt returned.
std::optional<ParsedFile> parse(std::shared_ptr<Source const> source,
                                std::vector<Diagnostic>& diagnostics);

}  // namespace sift::rules
