// The one parsing context the grammar is instantiated for. BOOST_SPIRIT_INSTANTIATE needs the
// exact context type the call site produces, so the call site (parse.cpp) uses these aliases.
#pragma once

#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/utility/annotate_on_success.hpp>
#include <functional>
#include <string>

#include "position_tagger.hpp"

namespace sift::rules::grammar {
namespace x3 = boost::spirit::x3;

using iterator_type = std::string::const_iterator;

// Whitespace and `# comments` between tokens.
struct skipper_class;
using skipper_type = x3::rule<skipper_class>;

using phrase_context_type = x3::phrase_parse_context<skipper_type>::type;
using context_type =
    x3::context<x3::error_handler_tag, std::reference_wrapper<PositionTagger>, phrase_context_type>;

// Thrown when brackets or prefix operators nest deeper than the grammar allows: X3 recurses on
// the C stack, so the depth is bounded here rather than left to a stack overflow.
struct NestingTooDeep {
  iterator_type where;
};
constexpr int max_nesting = 100;

}  // namespace sift::rules::grammar
