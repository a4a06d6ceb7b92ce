// The canonical text of expressions and types, shared by the formatter and by the checker
// (which keeps each expression's text as the evidence label a person reads).
#pragma once

#include <string>

#include "ast.hpp"

namespace sift::rules {

std::string print(ast::Expr const& expr);
std::string print(ast::Operand const& operand);
std::string print(ast::TypeExpr const& type);
std::string quote(std::string const& text);  // "text" with \" \\ \n escapes

}  // namespace sift::rules
