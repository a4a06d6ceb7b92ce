// Declarations of the grammar's entry rule (BOOST_SPIRIT_DECLARE); the definitions live in
// grammar_def.hpp and are instantiated once, in parse.cpp.
#pragma once

#include "ast.hpp"
#include "config.hpp"

namespace sift::rules::grammar {

struct file_class;
using file_type = x3::rule<file_class, ast::File>;
BOOST_SPIRIT_DECLARE(file_type)

}  // namespace sift::rules::grammar
