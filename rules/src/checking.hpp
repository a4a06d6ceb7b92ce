// The semantic checker's state, shared by its stages, each in its own file:
//   checker.cpp             the run, diagnostics and the guards every stage uses
//   check_declarations.cpp  fields, types and the lets shared by every vacancy
//   check_vacancies.cpp     vacancies, sections, criteria, flags and the shortlisting policy
//   check_examples.cpp      example applicants and their expected verdicts
//   lower_expressions.cpp   typing expressions and lowering them into evaluation nodes
// Internal to rules/: the public entry point is check() in checker.hpp.
#pragma once

#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "parse.hpp"
#include "sift/rules/load.hpp"

namespace sift::rules {

namespace x3 = boost::spirit::x3;

inline constexpr int no_node = -1;

// A declaration's place, for "first defined here" notes.
struct Place {
  std::size_t file = 0;
  std::size_t offset = 0;
};

struct LetInfo {
  ast::LetDecl const* decl = nullptr;
  Place place;
};

struct SectionInfo {
  ast::Section const* decl = nullptr;
  Place place;
};

// A name bound inside an expression: the element of `where`, `any` or `all`.
struct Binding {
  std::string name;
  int slot = 0;
  Type type;
  bool members_in_scope = false;  // `where` over records: bare member names resolve too
};

std::optional<double> parse_number(std::string const& text);
std::optional<int> parse_small_integer(std::string const& text);
std::optional<double> unit_days(std::string const& unit);
bool is_ordered(TypeKind kind);
// "a number", "an optional date": a type with its article, for messages.
std::string a_or_an(Type const& type);
// Declared values as a rule writes them: "a", "b" and "c" (the first twelve, and a count).
std::string quoted_list(std::vector<std::string> const& values);

class Checker {
 public:
  Checker(std::vector<ParsedFile> const& files, std::vector<std::size_t> const& order)
      : files_(files), order_(order) {}

  LoadResult run() {
    for (auto const& file : files_)
      spec_.sources.push_back({file.source->path(), file.source->text()});
    declare_top_level();
    check_shared_lets();
    for (std::size_t const f : order_) {
      file_ = f;
      for (auto const& item : files_[f].tree)
        if (auto const* vacancy = boost::get<ast::Vacancy>(&item)) check_vacancy(*vacancy);
    }
    LoadResult result;
    result.diagnostics = std::move(diagnostics_);
    if (!has_errors(result.diagnostics)) result.specification = std::move(spec_);
    return result;
  }

 private:
  std::size_t offset(x3::position_tagged const& node) const;
  Diagnostic& error(x3::position_tagged const& node, std::string message);
  Diagnostic& warning(x3::position_tagged const& node, std::string message);
  void note(Diagnostic& diagnostic, Place const& place, std::string message);
  Place here(x3::position_tagged const& node) const { return {file_, offset(node)}; }
  SourceLocation location(x3::position_tagged const& node) const;
  // Refuses a protected characteristic as a name (Equality Act 2010).
  bool refuse_protected(x3::position_tagged const& node, std::string const& name, char const* what);
  void declare_top_level();
  // Refuses a let that takes the name of a form field or, inside a vacancy, of a shared let.
  bool refuse_shadowing(LetInfo const& let);
  // Shared lets are lowered into each vacancy that refers to them; each is also checked once
  // here, so that an unused one is checked too and a broken one is reported only once.
  void check_shared_lets();
  void declare_field(ast::FieldDecl const& field, std::map<std::string, Place>& seen);
  std::optional<Type> resolve_type(ast::TypeExpr const& type);
  std::optional<Type> with_domain(ast::TypeExpr const& type, Type result);
  bool within_domain(ast::Operation const& step, int declared, int fixed);
  void check_vacancy(ast::Vacancy const& decl);
  // Criterion and flag ids share one namespace: both appear in the same results.
  bool claim_id(x3::position_tagged const& node, std::string const& id, char const* what);
  void check_section(ast::Section const& section);
  void check_criterion(ast::Criterion const& decl, std::string const& section);
  void check_flag(ast::FlagDecl const& decl);
  void check_policy(ast::ShortlistDecl const& decl);
  void check_tie_break(ast::TieBreak const& decl);
  void check_example(ast::ExampleDecl const& decl);
  Criterion const* find_criterion(std::string const& id) const;
  std::vector<std::string> field_names() const;
  // An example's value for a field: literals only, checked against the field's type.
  std::optional<Value> constant_value(ast::Expr const& expr, Type const& type,
                                      std::string const& what);
  std::optional<Value> constant_value(ast::Operand const& operand, Type const& type,
                                      std::string const& what);
  x3::position_tagged const& expr_position(ast::Operand const& operand);
  int add(Node node);
  Node const& node(int index) const { return vacancy_->nodes[static_cast<std::size_t>(index)]; }
  int lower_condition(ast::Expr const& expr, char const* clause);
  int lower_let(std::string const& name);
  int lower(ast::Expr const& expr);
  int lower(ast::Operand const& operand);
  int constant(Value value, Type type, std::string text);
  int lower_literal(ast::Literal const& literal);
  void unknown_name(x3::position_tagged const& where, std::string const& name,
                    std::vector<std::string> const& candidates);
  int lower_path(ast::Path const& path);
  // `record.member...` after a value: a member of a record, or of every record of a list.
  int access(int current, std::vector<std::string> const& members,
             x3::position_tagged const& where);
  int variable(Binding const& binding);
  int member(int record, int index, std::string const& name);
  int project(int list, int index, std::string const& name);
  int lower_collection(ast::Collection const& collection);
  int lower_unary(ast::Unary const& unary);
  int bind(std::string const& name, Type type, bool members_in_scope);
  int lower_filter(ast::Operation const& step, int collection);
  int lower_quantifier(ast::Quantifier const& q);
  // Checks that a list holds spells: records with `start: date` and `end: date`.
  bool spell_members(ast::Call const& call, int list, int& start, int& end);
  int lower_call(ast::Call const& call);
  int binary(ast::Operation const& step, int left, int right);
  std::vector<ParsedFile> const& files_;
  std::vector<std::size_t> const& order_;
  std::vector<Diagnostic> diagnostics_;
  Specification spec_;
  std::size_t file_ = 0;
  std::map<std::string, Place> field_places_;
  std::map<std::string, LetInfo> top_lets_;
  std::map<std::string, SectionInfo> shared_sections_;
  std::map<std::string, Place> vacancies_;
  Vacancy* vacancy_ = nullptr;
  std::map<std::string, LetInfo> vacancy_lets_;
  std::map<std::string, int> let_nodes_;
  std::set<std::string> lets_in_progress_;
  std::set<std::string> broken_shared_lets_;
  std::map<std::string, Place> ids_;
  std::vector<Binding> bindings_;
  std::set<std::string> referenced_lets_;  // by a rule of the vacancy being checked
  x3::position_tagged nil_position_;
};

}  // namespace sift::rules
