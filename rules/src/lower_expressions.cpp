// Typing expressions and lowering them into evaluation nodes; every error names the place.
#include <fmt/format.h>

#include <algorithm>
#include <boost/variant/apply_visitor.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "checking.hpp"
#include "printer.hpp"
#include "sift/rules/equality.hpp"
#include "sift/rules/suggest.hpp"

namespace sift::rules {

x3::position_tagged const& Checker::expr_position(ast::Operand const& operand) {
  return boost::apply_visitor(
      [&](auto const& node) -> x3::position_tagged const& {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ast::Nil>) {
          return nil_position_;
        } else if constexpr (std::is_base_of_v<x3::position_tagged, T>) {
          return node;
        } else {
          return node.get();
        }
      },
      operand.get());
}

namespace {

// An expression's text is a label a person reads in evidence and messages. Built from its
// operands' labels, it would grow with the whole expression at every level (a chain of n 'and's
// held n^2 characters); beyond this it keeps its start and end around an ellipsis.
constexpr std::size_t longest_label = 200;

std::string bounded_label(std::string text) {
  if (text.size() <= longest_label) return text;
  std::size_t head = longest_label / 2 - 2;
  std::size_t tail = text.size() - (longest_label / 2 - 2);
  // Never cut a UTF-8 character in two.
  auto continuation = [&](std::size_t i) {
    return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
  };
  while (head > 0 && continuation(head))
    --head;
  while (tail < text.size() && continuation(tail))
    ++tail;
  return text.substr(0, head) + " \u2026 " + text.substr(tail);
}

}  // namespace

int Checker::add(Node node) {
  node.text = bounded_label(std::move(node.text));
  vacancy_->nodes.push_back(std::move(node));
  return static_cast<int>(vacancy_->nodes.size() - 1);
}

int Checker::lower_condition(ast::Expr const& expr, char const* clause) {
  int const root = lower(expr);
  if (root != no_node && node(root).type.kind != TypeKind::boolean) {
    error(expr, fmt::format("{} needs a yes/no condition, but this is {}", clause,
                            a_or_an(node(root).type)));
    return no_node;
  }
  return root;
}

int Checker::lower_let(std::string const& name) {
  if (auto const found = let_nodes_.find(name); found != let_nodes_.end()) return found->second;
  LetInfo info;
  if (auto const v = vacancy_lets_.find(name); v != vacancy_lets_.end()) {
    info = v->second;
  } else {
    if (broken_shared_lets_.contains(name)) return let_nodes_[name] = no_node;
    info = top_lets_.at(name);
  }
  if (!lets_in_progress_.insert(name).second) {
    error(*info.decl, fmt::format("'{}' is defined in terms of itself", name));
    return let_nodes_[name] = no_node;
  }
  std::size_t const saved_file = file_;
  auto saved_bindings = std::move(bindings_);
  bindings_.clear();
  file_ = info.place.file;
  int const result = lower(info.decl->value);
  file_ = saved_file;
  bindings_ = std::move(saved_bindings);
  lets_in_progress_.erase(name);
  return let_nodes_[name] = result;
}

int Checker::lower(ast::Expr const& expr) {
  int left = lower(expr.first);
  for (auto const& step : expr.rest) {
    if (left == no_node) return no_node;
    if (step.op == "where") {
      left = lower_filter(step, left);
      continue;
    }
    int right = no_node;
    if (step.operand.get().which() != 0) {
      right = lower(step.operand);
      if (right == no_node) return no_node;
    }
    left = binary(step, left, right);
  }
  return left;
}

int Checker::lower(ast::Operand const& operand) {
  return boost::apply_visitor(
      [&](auto const& node) -> int {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, ast::Nil>) {
          return no_node;
        } else if constexpr (std::is_same_v<T, ast::Literal>) {
          return lower_literal(node);
        } else if constexpr (std::is_same_v<T, ast::Path>) {
          return lower_path(node);
        } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Call>>) {
          return lower_call(node.get());
        } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Collection>>) {
          return lower_collection(node.get());
        } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::RecordLiteral>>) {
          error(node.get(), "records are written only in examples");
          return no_node;
        } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Unary>>) {
          return lower_unary(node.get());
        } else if constexpr (std::is_same_v<T, x3::forward_ast<ast::Quantifier>>) {
          return lower_quantifier(node.get());
        } else {
          return lower(node.get());
        }
      },
      operand.get());
}

int Checker::constant(Value value, Type type, std::string text) {
  Node n;
  n.op = Op::constant;
  n.type = std::move(type);
  n.constant = std::move(value);
  n.text = std::move(text);
  return add(std::move(n));
}

int Checker::lower_literal(ast::Literal const& literal) {
  std::string const text = print(ast::Operand(literal));
  switch (literal.kind) {
    case ast::LiteralKind::number: {
      auto const value = parse_number(literal.text);
      if (!value) {
        // Past a double's range either way: too large, or too close to zero to tell from it.
        errno = 0;
        double const magnitude = std::strtod(literal.text.c_str(), nullptr);
        bool const tiny = errno == ERANGE && std::fabs(magnitude) < 1;
        error(literal, fmt::format("{} is {}", literal.text,
                                   tiny ? "too small a number: it cannot be told from zero"
                                        : "too large a number"));
        return no_node;
      }
      return constant(Value{*value}, scalar(TypeKind::number), text);
    }
    case ast::LiteralKind::text:
      return constant(Value{literal.text}, scalar(TypeKind::text), text);
    case ast::LiteralKind::boolean:
      return constant(Value{literal.text == "true"}, scalar(TypeKind::boolean), text);
    case ast::LiteralKind::date: {
      auto const date = parse_date(literal.text);
      if (!date) {
        error(literal, fmt::format("{} is not a calendar date", literal.text));
        return no_node;
      }
      return constant(Value{*date}, scalar(TypeKind::date), text);
    }
    case ast::LiteralKind::duration: {
      auto const amount = parse_number(literal.text);
      auto const days = unit_days(literal.unit);
      if (!amount || !days) {
        error(literal, fmt::format("{} is not a length of time", text));
        return no_node;
      }
      return constant(Value{Duration{*amount * *days}}, scalar(TypeKind::duration), text);
    }
    case ast::LiteralKind::today: {
      Node n;
      n.op = Op::today;
      n.type = scalar(TypeKind::date);
      n.text = "today";
      return add(std::move(n));
    }
  }
  return no_node;
}

void Checker::unknown_name(x3::position_tagged const& where, std::string const& name,
                           std::vector<std::string> const& candidates) {
  if (!protected_name_reason(name).empty()) {
    refuse_protected(where, name, "the name");
    return;
  }
  auto const suggestion = nearest(name, candidates);
  error(where, fmt::format("unknown name '{}'{}", name,
                           suggestion ? fmt::format("; did you mean '{}'?", *suggestion)
                                      : "; it is not a declared field, a 'let' or a bound name"));
}

int Checker::lower_path(ast::Path const& path) {
  int current = no_node;
  for (auto binding = bindings_.rbegin(); binding != bindings_.rend() && current == no_node;
       ++binding) {
    if (binding->name == path.head) {
      current = variable(*binding);
    } else if (binding->members_in_scope) {
      int const index = binding->type.member_index(path.head);
      if (index >= 0) current = member(variable(*binding), index, path.head);
    }
  }
  if (current == no_node) {
    if (vacancy_lets_.contains(path.head) || top_lets_.contains(path.head)) {
      referenced_lets_.insert(path.head);
      current = lower_let(path.head);
      if (current == no_node) return no_node;
    } else if (int const slot = spec_.field_index(path.head); slot >= 0) {
      Node n;
      n.op = Op::field;
      n.index = slot;
      n.type = spec_.fields[static_cast<std::size_t>(slot)].type;
      n.text = path.head;
      current = add(std::move(n));
    } else {
      std::vector<std::string> names = field_names();
      for (auto const& [name, info] : vacancy_lets_)
        names.push_back(name);
      for (auto const& [name, info] : top_lets_)
        names.push_back(name);
      for (auto const& binding : bindings_) {
        names.push_back(binding.name);
        if (binding.members_in_scope)
          for (auto const& m : binding.type.members)
            names.push_back(m.name);
      }
      unknown_name(path, path.head, names);
      return no_node;
    }
  }
  return access(current, path.members, path);
}

int Checker::access(int current, std::vector<std::string> const& members,
                    x3::position_tagged const& where) {
  for (auto const& name : members) {
    Type const& type = node(current).type;
    Type const* record =
        type.kind == TypeKind::record ? &type
        : (type.kind == TypeKind::list && type.element_type().kind == TypeKind::record)
            ? &type.element_type()
            : nullptr;
    if (!record) {
      error(where, fmt::format("'{}' is {}, which has no member '{}'", node(current).text,
                               a_or_an(type), name));
      return no_node;
    }
    int const index = record->member_index(name);
    if (index < 0) {
      std::vector<std::string> names;
      for (auto const& m : record->members)
        names.push_back(m.name);
      auto const suggestion = nearest(name, names);
      error(where, fmt::format("'{}' has no member '{}'{}", node(current).text, name,
                               suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : ""));
      return no_node;
    }
    current = record == &type ? member(current, index, name) : project(current, index, name);
  }
  return current;
}

int Checker::variable(Binding const& binding) {
  Node n;
  n.op = Op::variable;
  n.index = binding.slot;
  n.type = binding.type;
  n.text = binding.name;
  return add(std::move(n));
}

int Checker::member(int record, int index, std::string const& name) {
  Node n;
  n.op = Op::member;
  n.a = record;
  n.index = index;
  n.type = node(record).type.members[static_cast<std::size_t>(index)].type;
  // Inside `where`, a member is written bare (`teaching`, not `it.teaching`): say it so.
  bool const implicit = node(record).op == Op::variable && node(record).text == "it";
  n.text = implicit ? name : node(record).text + "." + name;
  return add(std::move(n));
}

int Checker::project(int list, int index, std::string const& name) {
  Node n;
  n.op = Op::project;
  n.a = list;
  n.index = index;
  Type element = node(list).type.element_type().members[static_cast<std::size_t>(index)].type;
  element.optional = false;
  n.type = collection_of(TypeKind::list, std::move(element));
  n.text = node(list).text + "." + name;
  return add(std::move(n));
}

int Checker::lower_collection(ast::Collection const& collection) {
  Items items;
  Type element = scalar(TypeKind::any);
  for (auto const& item : collection.items) {
    int const lowered = lower(item);
    if (lowered == no_node) return no_node;
    Node n = node(lowered);
    // A negative number or duration written in the list (-1, -2 weeks) is a fixed value too.
    if (n.op == Op::negate && node(n.a).op == Op::constant) {
      Node const& inner = node(n.a);
      n.op = Op::constant;
      n.constant = inner.type.kind == TypeKind::duration
                       ? Value{Duration{-inner.constant.duration().days}}
                       : Value{-inner.constant.number()};
    }
    if (n.op != Op::constant) {
      error(item,
            "a list or set written in a rule holds fixed values only; use a field or "
            "'where' to compute one");
      return no_node;
    }
    if (element.kind == TypeKind::any) {
      element = n.type;
    } else if (!compatible(n.type, element)) {
      error(item,
            fmt::format("this {} holds {} values, but this one is {}",
                        collection.is_set ? "set" : "list", describe(element), a_or_an(n.type)));
      return no_node;
    }
    items.push_back(n.constant);
  }
  if (collection.is_set) normalise_set(items);
  return constant(Value{std::move(items)},
                  collection_of(collection.is_set ? TypeKind::set : TypeKind::list, element),
                  print(ast::Operand(collection)));
}

int Checker::lower_unary(ast::Unary const& unary) {
  int const inner = lower(unary.operand);
  if (inner == no_node) return no_node;
  if (unary.op == "()") {
    Node n = node(inner);
    n.text = "(" + n.text + ")";
    return add(std::move(n));
  }
  Node n;
  n.a = inner;
  n.type = node(inner).type;
  if (unary.op == "not") {
    if (n.type.kind != TypeKind::boolean) {
      error(unary, fmt::format("'not' needs a yes/no value, but '{}' is {}", node(inner).text,
                               a_or_an(n.type)));
      return no_node;
    }
    n.op = Op::logical_not;
    n.text = "not " + node(inner).text;
  } else {
    if (n.type.kind != TypeKind::number && n.type.kind != TypeKind::duration) {
      error(unary, fmt::format("'-' needs a number or a duration, but '{}' is {}", node(inner).text,
                               a_or_an(n.type)));
      return no_node;
    }
    n.op = Op::negate;
    n.text = "-" + node(inner).text;
  }
  n.type.optional = false;
  return add(std::move(n));
}

int Checker::bind(std::string const& name, Type type, bool members_in_scope) {
  int const slot = static_cast<int>(bindings_.size());
  bindings_.push_back({name, slot, std::move(type), members_in_scope});
  vacancy_->variable_count = std::max(vacancy_->variable_count, slot + 1);
  return slot;
}

int Checker::lower_filter(ast::Operation const& step, int collection) {
  Type const type = node(collection).type;
  if (!type.is_collection()) {
    error(step, fmt::format("'where' picks elements from a list, but '{}' is {}",
                            node(collection).text, a_or_an(type)));
    return no_node;
  }
  int const slot = bind("it", type.element_type(), type.element_type().kind == TypeKind::record);
  auto const& predicate_ast = boost::get<x3::forward_ast<ast::Expr>>(step.operand.get()).get();
  int const predicate = lower_condition(predicate_ast, "'where'");
  bindings_.pop_back();
  if (predicate == no_node) return no_node;
  Node n;
  n.op = Op::filter;
  n.a = collection;
  n.b = predicate;
  n.index = slot;
  n.type = type;
  n.text = node(collection).text + " where " + node(predicate).text;
  return add(std::move(n));
}

int Checker::lower_quantifier(ast::Quantifier const& q) {
  if (refuse_protected(q, q.variable, "the name")) return no_node;
  int const collection = lower(q.collection);
  if (collection == no_node) return no_node;
  Type const type = node(collection).type;
  if (!type.is_collection()) {
    error(q, fmt::format("'{}' goes through a list, but '{}' is {}", q.kind, node(collection).text,
                         a_or_an(type)));
    return no_node;
  }
  int const slot = bind(q.variable, type.element_type(), false);
  int const predicate = lower_condition(q.predicate, q.kind == "any" ? "'satisfies'" : "'satisfy'");
  bindings_.pop_back();
  if (predicate == no_node) return no_node;
  Node n;
  n.op = q.kind == "any" ? Op::any : Op::all;
  n.a = collection;
  n.b = predicate;
  n.index = slot;
  n.type = scalar(TypeKind::boolean);
  n.text = print(ast::Operand(q));
  return add(std::move(n));
}

// Checks that a list holds spells: records with `start: date` and `end: date`.
bool Checker::spell_members(ast::Call const& call, int list, int& start, int& end) {
  Type const& type = node(list).type;
  if (type.kind == TypeKind::list && type.element_type().kind == TypeKind::record) {
    auto const& record = type.element_type();
    start = record.member_index("start");
    end = record.member_index("end");
    if (start >= 0 && end >= 0 &&
        record.members[static_cast<std::size_t>(start)].type.kind == TypeKind::date &&
        record.members[static_cast<std::size_t>(end)].type.kind == TypeKind::date)
      return true;
  }
  error(call, fmt::format("{}() needs a list of spells with 'start' and 'end' dates, such as "
                          "employment; '{}' is {}",
                          call.function, node(list).text, a_or_an(type)));
  return false;
}

namespace {

// The whole number of calendar months a duration literal says (`1 year`, `6 months`), if it is
// written in months or years.
std::optional<int> calendar_months(ast::Operand const& operand) {
  // A step's operand is the next precedence level: a one-operand Expr around the literal.
  if (auto const* inner = boost::get<x3::forward_ast<ast::Expr>>(&operand.get()))
    return inner->get().rest.empty() ? calendar_months(inner->get().first) : std::nullopt;
  auto const* literal = boost::get<ast::Literal>(&operand.get());
  if (!literal || literal->kind != ast::LiteralKind::duration) return std::nullopt;
  bool const years = literal->unit.starts_with("year");
  if (!years && !literal->unit.starts_with("month")) return std::nullopt;
  auto const amount = parse_number(literal->text);
  if (!amount || *amount != std::floor(*amount) || *amount > 12000) return std::nullopt;
  return static_cast<int>(*amount) * (years ? 12 : 1);
}

}  // namespace

int Checker::lower_call(ast::Call const& call) {
  static const std::map<std::string, Op> functions = {{"count", Op::count},
                                                      {"sum", Op::sum},
                                                      {"min", Op::minimum},
                                                      {"max", Op::maximum},
                                                      {"earliest", Op::earliest},
                                                      {"latest", Op::latest},
                                                      {"years", Op::years},
                                                      {"longest_gap", Op::longest_gap},
                                                      {"years_since", Op::years_since}};
  auto const found = functions.find(call.function);
  if (found == functions.end()) {
    std::vector<std::string> names;
    for (auto const& [name, op] : functions)
      names.push_back(name);
    auto const suggestion = nearest(call.function, names);
    error(call, fmt::format("unknown function '{}'{}; the functions are count, sum, min, max, "
                            "earliest, latest, years, longest_gap and years_since",
                            call.function,
                            suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion) : ""));
    return no_node;
  }
  // longest_gap may take a second list: breaks the applicant explained, which close gaps.
  std::size_t const most = found->second == Op::longest_gap ? 2 : 1;
  if (call.args.empty() || call.args.size() > most) {
    error(call, most == 2 ? fmt::format("longest_gap() takes the spells and, optionally, the "
                                        "explained breaks, not {} arguments",
                                        call.args.size())
                          : fmt::format("{}() takes one argument, not {}", call.function,
                                        call.args.size()));
    return no_node;
  }
  int const argument = lower(call.args.front());
  if (argument == no_node) return no_node;
  Node n;
  n.op = found->second;
  n.a = argument;
  if (call.args.size() == 2) {
    n.b = lower(call.args[1]);
    if (n.b == no_node || !spell_members(call, n.b, n.b_start_member, n.b_end_member))
      return no_node;
  }
  ast::Call bare = call;
  bare.members.clear();  // the members are nodes of their own, each with its text
  n.text = print(ast::Operand(x3::forward_ast<ast::Call>(bare)));
  for (auto const& option : call.options) {
    bool const gap_only = option == "between spells only";
    if (n.op != Op::longest_gap && (gap_only || n.op != Op::years)) {
      error(call, fmt::format("{}() has no option '{}'; {}", call.function, option,
                              gap_only ? "'between spells only' is an option of longest_gap()"
                                       : "'end date excluded' is an option of years() and "
                                         "longest_gap()"));
      return no_node;
    }
    bool& chosen = gap_only ? n.between_spells : n.end_excluded;
    if (chosen) {
      error(call, fmt::format("{}() says '{}' twice", call.function, option));
      return no_node;
    }
    chosen = true;
  }
  Type const& type = node(argument).type;
  switch (n.op) {
    case Op::count:
      if (!type.is_collection()) {
        error(call, fmt::format("count() counts the elements of a list or set, but '{}' is {}",
                                node(argument).text, a_or_an(type)));
        return no_node;
      }
      n.type = scalar(TypeKind::number);
      break;
    case Op::sum:
    case Op::minimum:
    case Op::maximum: {
      TypeKind const element = type.is_collection() ? type.element_type().kind : TypeKind::any;
      bool const dates = n.op != Op::sum && element == TypeKind::date;
      if (!(element == TypeKind::number || element == TypeKind::duration || dates)) {
        error(call, fmt::format("{}() needs a list of numbers{}, but '{}' is {}", call.function,
                                n.op == Op::sum ? " or durations" : ", durations or dates",
                                node(argument).text, a_or_an(type)));
        return no_node;
      }
      n.type = scalar(element);
      break;
    }
    case Op::earliest:
    case Op::latest:
      if (!spell_members(call, argument, n.start_member, n.end_member)) return no_node;
      n.type = type.element_type();
      break;
    case Op::years:
    case Op::longest_gap:
      if (!spell_members(call, argument, n.start_member, n.end_member)) return no_node;
      n.type = scalar(n.op == Op::years ? TypeKind::number : TypeKind::duration);
      break;
    default:
      if (type.kind != TypeKind::date) {
        error(call, fmt::format("years_since() needs a date, but '{}' is {}", node(argument).text,
                                a_or_an(type)));
        return no_node;
      }
      n.type = scalar(TypeKind::number);
      break;
  }
  return access(add(std::move(n)), call.members, call);
}

int Checker::binary(ast::Operation const& step, int left, int right) {
  std::string const& op = step.op;
  Type const& lt = node(left).type;
  Node n;
  n.a = left;
  n.b = right;
  n.type = scalar(TypeKind::boolean);
  n.symbol = op;
  n.text = node(left).text + " " + op + (right == no_node ? "" : " " + node(right).text);
  auto mismatch = [&](char const* needs) {
    error(step, fmt::format("'{}' {}, but '{}' is {} and '{}' is {}", op, needs, node(left).text,
                            a_or_an(lt), node(right).text, a_or_an(node(right).type)));
    return no_node;
  };
  if (op == "is missing" || op == "is not missing" || op == "is known") {
    n.op = op == "is missing" ? Op::is_missing : Op::is_known;
    return add(std::move(n));
  }
  if (op == "is none" || op == "is not none") {
    if (!lt.optional) {
      error(step, fmt::format("'{}' is never none: it is {}, not optional (only an optional "
                              "field or member can be answered with none)",
                              node(left).text, a_or_an(lt)));
      return no_node;
    }
    n.op = op == "is none" ? Op::is_none : Op::is_not_none;
    return add(std::move(n));
  }
  Type const& rt = node(right).type;
  if (op == "and" || op == "or") {
    if (lt.kind != TypeKind::boolean || rt.kind != TypeKind::boolean)
      return mismatch("joins yes/no conditions");
    n.op = op == "and" ? Op::logical_and : Op::logical_or;
  } else if (op == "=" || op == "!=") {
    if (!compatible(lt, rt) || lt.kind == TypeKind::record)
      return mismatch("compares values of the same type");
    n.op = op == "=" ? Op::equal : Op::not_equal;
  } else if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    // An element of an empty list written in the rule has no type of its own ('any'): it is
    // compared as whatever the other side is, as '=' already allows.
    TypeKind const left = lt.kind == TypeKind::any ? rt.kind : lt.kind;
    TypeKind const right = rt.kind == TypeKind::any ? lt.kind : rt.kind;
    if (left != right || !is_ordered(left))
      return mismatch("compares two numbers, two dates or two durations");
    n.op = op == "<"    ? Op::less
           : op == "<=" ? Op::less_equal
           : op == ">"  ? Op::greater
                        : Op::greater_equal;
  } else if (op == "in" || op == "not in") {
    if (!rt.is_collection() || !compatible(lt, rt.element_type()))
      return mismatch("looks for a value in a list or set of the same type");
    n.op = op == "in" ? Op::in : Op::not_in;
  } else if (op == "starts with" || op == "ends with" || op == "contains word") {
    if (lt.kind != TypeKind::text || rt.kind != TypeKind::text) return mismatch("compares texts");
    n.op = op == "starts with" ? Op::text_starts
           : op == "ends with" ? Op::text_ends
                               : Op::text_word;
  } else if (op == "contains") {
    if (lt.kind == TypeKind::text && rt.kind == TypeKind::text) {
      n.op = Op::text_contains;
    } else if (lt.is_collection() && compatible(rt, lt.element_type())) {
      n.op = Op::contains;
    } else {
      return mismatch("looks in a list, set or text for a value of the same type");
    }
  } else if (op == "contains all of" || op == "contains any of") {
    if (!lt.is_collection() || !rt.is_collection() ||
        !compatible(lt.element_type(), rt.element_type()))
      return mismatch("compares two lists or sets of the same type");
    n.op = op == "contains all of" ? Op::contains_all : Op::contains_any;
  } else if (op == "&" || op == "|" || (op == "-" && lt.is_collection())) {
    if (!lt.is_collection() || !rt.is_collection() ||
        !compatible(lt.element_type(), rt.element_type()))
      return mismatch("combines two lists or sets of the same type");
    n.op = op == "&" ? Op::intersect : op == "|" ? Op::unite : Op::difference;
    Type element = lt.element_type().kind == TypeKind::any ? rt.element_type() : lt.element_type();
    element.optional = false;
    n.type = collection_of(TypeKind::set, std::move(element));
  } else if (op == "+" || op == "-") {
    bool const plus = op == "+";
    if (lt.kind == TypeKind::number && rt.kind == TypeKind::number) {
      n.op = plus ? Op::add : Op::subtract;
      n.type = scalar(TypeKind::number);
    } else if (lt.kind == TypeKind::date && rt.kind == TypeKind::duration) {
      n.op = plus ? Op::date_plus : Op::date_minus;
      n.type = scalar(TypeKind::date);
      // Whole months or years written after a date move the calendar: 2024-01-31 + 1 month is
      // 2024-02-29, 2024-02-29 + 1 year is 2025-02-28. Other durations are days.
      if (auto const months = calendar_months(step.operand)) {
        n.op = Op::calendar_plus;
        n.index = plus ? *months : -*months;
      }
    } else if (!plus && lt.kind == TypeKind::date && rt.kind == TypeKind::date) {
      n.op = Op::date_difference;
      n.type = scalar(TypeKind::duration);
    } else if (lt.kind == TypeKind::duration && rt.kind == TypeKind::duration) {
      n.op = plus ? Op::duration_add : Op::duration_subtract;
      n.type = scalar(TypeKind::duration);
    } else {
      return mismatch(plus ? "adds numbers, durations, or a duration to a date"
                           : "subtracts numbers, durations, dates, or a duration from a date");
    }
  } else {  // * and /
    if (lt.kind != TypeKind::number || rt.kind != TypeKind::number)
      return mismatch("works on numbers");
    n.op = op == "*" ? Op::multiply : Op::divide;
    n.type = scalar(TypeKind::number);
  }
  bool const text_search = n.op == Op::text_contains || n.op == Op::text_starts ||
                           n.op == Op::text_ends || n.op == Op::text_word;
  if (!text_search && (!within_domain(step, left, right) || !within_domain(step, right, left)))
    return no_node;
  return add(std::move(n));
}

namespace {

// The declared values of a text, or of a collection's texts; empty when none are declared.
std::vector<std::string> const& domain_of(Type const& type) {
  return type.is_collection() ? type.element_type().domain : type.domain;
}

}  // namespace

// A text with declared values compared with a fixed text it never takes can never hold as
// written: "Biology" for "biology" would quietly fail every applicant. Refused, naming the values.
bool Checker::within_domain(ast::Operation const& step, int declared, int fixed) {
  auto const& domain = domain_of(node(declared).type);
  if (domain.empty() || node(fixed).op != Op::constant) return true;
  auto const& constant = node(fixed).constant;
  std::vector<std::string> texts;
  if (std::holds_alternative<std::string>(constant.data)) texts.push_back(constant.text());
  if (std::holds_alternative<Items>(constant.data))
    for (auto const& item : constant.items())
      if (std::holds_alternative<std::string>(item.data)) texts.push_back(item.text());
  for (auto const& text : texts) {
    if (std::find(domain.begin(), domain.end(), text) != domain.end()) continue;
    auto const suggestion = nearest_value(text, domain);
    error(step, fmt::format("'{}' never holds \"{}\": its values are {}{}", node(declared).text,
                            text, quoted_list(domain),
                            suggestion ? fmt::format(" (did you mean \"{}\"?)", *suggestion) : ""));
    return false;
  }
  return true;
}

}  // namespace sift::rules
