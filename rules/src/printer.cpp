#include "printer.hpp"

#include <boost/variant/apply_visitor.hpp>

namespace sift::rules {
namespace {

template <typename Items, typename Print>
std::string join(Items const& items, Print print_item) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += print_item(items[i]);
  }
  return out;
}

struct OperandPrinter {
  using result_type = std::string;
  std::string operator()(ast::Nil) const { return {}; }
  std::string operator()(ast::Literal const& literal) const {
    switch (literal.kind) {
      case ast::LiteralKind::text:
        return quote(literal.text);
      case ast::LiteralKind::duration:
        return literal.text + " " + literal.unit;
      default:
        return literal.text;
    }
  }
  std::string operator()(ast::Path const& path) const {
    std::string out = path.head;
    for (auto const& member : path.members)
      out += "." + member;
    return out;
  }
  std::string operator()(ast::Call const& call) const {
    std::string out = call.function + "(" + join(call.args, [](auto const& e) { return print(e); });
    for (auto const& option : call.options)
      out += ", " + option;
    out += ")";
    for (auto const& member : call.members)
      out += "." + member;
    return out;
  }
  std::string operator()(ast::Collection const& collection) const {
    auto const inner = join(collection.items, [](auto const& e) { return print(e); });
    return collection.is_set ? "{" + inner + "}" : "[" + inner + "]";
  }
  std::string operator()(ast::RecordLiteral const& record) const {
    return "{" +
           join(record.entries,
                [](ast::RecordEntry const& e) { return e.name + ": " + print(e.value); }) +
           "}";
  }
  std::string operator()(ast::Unary const& unary) const {
    if (unary.op == "()") return "(" + print(unary.operand) + ")";
    if (unary.op == "not") return "not " + print(unary.operand);
    return unary.op + print(unary.operand);
  }
  std::string operator()(ast::Quantifier const& q) const {
    return q.kind + " " + q.variable + " in " + print(q.collection) +
           (q.kind == "any" ? " satisfies " : " satisfy ") + print(q.predicate);
  }
  std::string operator()(ast::Expr const& expr) const { return print(expr); }
};

}  // namespace

std::string print(ast::Operand const& operand) {
  return boost::apply_visitor(OperandPrinter{}, operand);
}

std::string print(ast::Expr const& expr) {
  std::string out = print(expr.first);
  for (auto const& step : expr.rest) {
    out += " " + step.op;
    if (step.operand.get().which() != 0) out += " " + print(step.operand);
  }
  return out;
}

std::string print(ast::TypeExpr const& type) {
  if (type.head == ast::record_head)
    return "{" +
           join(type.members,
                [](ast::TypeMember const& m) { return m.name + ": " + print(m.type.get()); }) +
           "}";
  if (type.head == "list" || type.head == "set")
    return type.head + " of " + print(type.arguments.front());
  if (type.head == "optional") return "optional " + print(type.arguments.front());
  if (!type.range.empty() && type.range.front().starts_with('"'))
    return type.head + " from {" + join(type.range, [](auto const& value) { return value; }) + "}";
  if (type.range.size() == 2) return type.head + " from " + type.range[0] + " to " + type.range[1];
  return type.head;
}

std::string quote(std::string const& text) {
  std::string out = "\"";
  for (char const c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace sift::rules
