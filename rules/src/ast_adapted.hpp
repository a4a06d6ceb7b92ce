// Fusion adaptations that let Spirit X3 fill the syntax tree's structs.
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "ast.hpp"

BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Literal, kind, text, unit)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Path, head, members)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Expr, first, rest)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Call, function, args, options, members)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Collection, is_set, items)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::RecordEntry, name, value)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::RecordLiteral, entries, is_record)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Unary, op, operand)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Quantifier, kind, variable, collection, predicate)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::TypeMember, name, type)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::TypeExpr, head, members, arguments, range)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::UseDecl, keyword, path)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::FieldDecl, name, type)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::LetDecl, name, value)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Setting, keyword, values)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Requirement, keyword, condition)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Criterion, importance, id, title, clauses)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Section, title, criteria)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::IncludeDecl, keyword, title)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::FlagDecl, id, title, condition)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::TieBreak, keyword, keys)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::ShortlistDecl, keyword, settings)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Assignment, field, value)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::ExampleScores, criterion, scores)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Expectation, verdict, because)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::ExampleDecl, title, items)
BOOST_FUSION_ADAPT_STRUCT(sift::rules::ast::Vacancy, id, title, items)
