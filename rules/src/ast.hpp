// The syntax tree produced by the grammar: a faithful picture of the source text (including
// explicit parentheses), so that the formatter can print it back. Every node that can be named in
// a diagnostic derives from position_tagged and is annotated with its place in the source.
//
// Spirit X3 collapses an adapted struct with a single member into that member, so structs that
// would have one member carry the keyword that introduced them as a second one.
#pragma once

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <string>
#include <vector>

namespace sift::rules::ast {
namespace x3 = boost::spirit::x3;

struct Nil {};

// Literal kinds as written; the checker turns the text into values.
enum class LiteralKind { number, text, date, boolean, duration, today };

struct Literal : x3::position_tagged {
  LiteralKind kind = LiteralKind::number;
  std::string text;  // digits, string contents, YYYY-MM-DD, true/false
  std::string unit;  // duration unit as written ("months"); empty otherwise
};

// A name, optionally followed by member accesses: `declarations.on_barred_list`.
struct Path : x3::position_tagged {
  std::string head;
  std::vector<std::string> members;
};

struct Expr;
struct Call;
struct Collection;
struct RecordLiteral;
struct Unary;
struct Quantifier;

using Operand = x3::variant<Nil, Literal, Path, x3::forward_ast<Call>, x3::forward_ast<Collection>,
                            x3::forward_ast<RecordLiteral>, x3::forward_ast<Unary>,
                            x3::forward_ast<Quantifier>, x3::forward_ast<Expr>>;

// One binary step of a precedence level: `op operand`. Postfix tests such as `is missing`
// carry a Nil operand.
struct Operation : x3::position_tagged {
  std::string op;
  Operand operand;
};

// One precedence level: first (op operand)*. Levels nest through Operand.
struct Expr : x3::position_tagged {
  Operand first;
  std::vector<Operation> rest;
};

// `years(employment where teaching, end date excluded)`: options are fixed phrases after the
// arguments that choose a documented reading (see docs/rules-language.md).
struct Call : x3::position_tagged {
  std::string function;
  std::vector<Expr> args;
  std::vector<std::string> options;
  std::vector<std::string> members;  // `latest(employment).role`
};

// `[a, b]` (a list) or `{a, b}` (a set).
struct Collection : x3::position_tagged {
  bool is_set = false;
  std::vector<Expr> items;
};

struct RecordEntry : x3::position_tagged {
  std::string name;
  Expr value;
};

// `{employer: "Oakfield", teaching: true}`; only example applicants write records.
struct RecordLiteral : x3::position_tagged {
  std::vector<RecordEntry> entries;
  bool is_record = true;  // second member: see the note at the top of this file
};

// `not x`, `-x`, and `( x )` (op "()"), kept so that the formatter reprints the brackets.
struct Unary : x3::position_tagged {
  std::string op;
  Operand operand;
};

// `any s in employment satisfies s.teaching`, `all ... satisfy ...`
struct Quantifier : x3::position_tagged {
  std::string kind;  // "any" or "all"
  std::string variable;
  Expr collection;
  Expr predicate;
};

// ---- types of declared form fields ----
// The head of a record type: not a name anyone can write, so a type written `record` stays an
// unknown name (the rules fuzzer found it formatted as `{}`).
inline char const* const record_head = "{";

struct TypeExpr;
struct TypeMember : x3::position_tagged {
  std::string name;
  x3::forward_ast<TypeExpr> type;
};
// head: a scalar type name, "list", "set", "optional" (one argument) or record_head (members);
// range: the bounds of `number from LOW to HIGH`, as written (none or two).
struct TypeExpr : x3::position_tagged {
  std::string head;
  std::vector<TypeMember> members;
  std::vector<TypeExpr> arguments;
  std::vector<std::string> range;
};

// ---- statements ----
struct UseDecl : x3::position_tagged {
  std::string keyword;
  std::string path;
};

struct FieldDecl : x3::position_tagged {
  std::string name;
  TypeExpr type;
};

struct LetDecl : x3::position_tagged {
  std::string name;
  Expr value;
};

// A keyword-led setting with its words: `evidence application, interview`, `weight 2`,
// `scored by assessors at least 2`, `top 6`, `tie break by experience`.
struct Setting : x3::position_tagged {
  std::string keyword;
  std::vector<std::string> values;
};

struct Requirement : x3::position_tagged {
  std::string keyword;  // "require"
  Expr condition;
};

using Clause = x3::variant<Setting, Requirement>;

struct Criterion : x3::position_tagged {
  std::string importance;  // "essential" or "desirable"
  std::string id;
  std::string title;
  std::vector<Clause> clauses;
};

struct Section : x3::position_tagged {
  std::string title;
  std::vector<Criterion> criteria;
};

struct FlagDecl : x3::position_tagged {
  std::string id;
  std::string title;
  Expr condition;
};

// `tie break by experience, years(teaching_posts)`: each key a desirable criterion's id (its
// points) or any numeric expression (higher first).
struct TieBreak : x3::position_tagged {
  std::string keyword;  // "tie break"
  std::vector<Expr> keys;
};

using PolicyItem = x3::variant<Setting, TieBreak>;

struct ShortlistDecl : x3::position_tagged {
  std::string keyword;  // "shortlist"
  std::vector<PolicyItem> settings;
};

struct Assignment : x3::position_tagged {
  std::string field;
  Expr value;
};

struct ExampleScores : x3::position_tagged {
  std::string criterion;
  std::vector<std::string> scores;
};

// `expect excluded because qts`, `expect shortlisted`, `expect flag employment_gap`,
// `expect no flag employment_gap`, `expect score 5`.
struct Expectation : x3::position_tagged {
  std::string verdict;               // a verdict, or "flag", "no flag" or "score"
  std::vector<std::string> because;  // the essentials that must fail; the flag; the score
};

using ExampleItem = x3::variant<Setting, Assignment, ExampleScores, Expectation>;

struct ExampleDecl : x3::position_tagged {
  std::string title;
  std::vector<ExampleItem> items;
};

// `include "Safeguarding"`: a section declared at the top level of a used file.
struct IncludeDecl : x3::position_tagged {
  std::string keyword;
  std::string title;
};

// `blind off` (Setting) says whether applicants stay anonymous until the panel reveals them.
using VacancyItem =
    x3::variant<LetDecl, Section, IncludeDecl, FlagDecl, ShortlistDecl, ExampleDecl, Setting>;

struct Vacancy : x3::position_tagged {
  std::string id;
  std::string title;
  std::vector<VacancyItem> items;
};

using Item = x3::variant<UseDecl, FieldDecl, LetDecl, Section, Vacancy>;
using File = std::vector<Item>;

}  // namespace sift::rules::ast
