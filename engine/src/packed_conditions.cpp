#include "packed_conditions.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>

#include "sift/rules/packed_values.hpp"

namespace sift::engine {

using rules::ByteReader;
using rules::Node;
using rules::Op;
using rules::PackedTag;
using rules::TypeKind;
using rules::Value;

enum class PackedConditions::Truth { no, yes, unknown };

namespace {

enum class Form {
  path,          // a field, or a member of one or of a bound element: its bytes (not a condition)
  truth,         // a yes/no path
  negation,      // not operands[0]
  conjunction,   // operands, left to right (Kleene)
  disjunction,   // the same
  presence,      // is missing / is known / is none / is not none of a path (`op`)
  equals,        // path = constant, or != (`op`)
  in_constant,   // path in constant collection, or not in (`op`)
  in_path,       // constant in path collection (`in`, or `contains` written the other way)
  holds,         // path collection contains all of / any of constant collection (`op`)
  quantifier,    // any / all (`op`) elements of path operands[0] bound to `variable` satisfy
                 // operands[1]
  count_compare  // count of a path collection, or of its intersection with a constant set,
                 // compared (`op`) with a constant number
};

// One packed value read from a view starting at its tag.
PackedTag tag_of(std::string_view value) {
  return value.empty() ? PackedTag::unknown : static_cast<PackedTag>(value.front());
}

bool missing(std::string_view value) {
  auto const tag = tag_of(value);
  return tag == PackedTag::unknown || tag == PackedTag::none;
}

// The bytes of one packed unknown value: what a member of a missing record reads as.
constexpr char unknown_bytes[1] = {static_cast<char>(PackedTag::unknown)};
constexpr std::string_view unknown_value(unknown_bytes, 1);

// The elements of a packed collection (or members of a record), one view each, in order.
template <typename Visit>
void each_element(std::string_view collection, Visit visit) {
  ByteReader in{collection};
  in.byte();  // the items tag
  auto const count = static_cast<std::uint64_t>(in.varint());
  for (std::uint64_t i = 0; i < count && !in.failed; ++i) {
    auto const begin = in.at;
    if (!rules::skip_packed(in)) return;
    if (!visit(collection.substr(begin, in.at - begin))) return;
  }
}

std::size_t element_count(std::string_view collection) {
  ByteReader in{collection};
  in.byte();
  return static_cast<std::size_t>(in.varint());
}

// Whether a known packed scalar equals a known constant, as values compare (rules::Value ==).
bool equals_constant(std::string_view packed, Value const& constant) {
  ByteReader in{packed};
  switch (static_cast<PackedTag>(in.byte())) {
    case PackedTag::no:
      return std::holds_alternative<bool>(constant.data) && !constant.boolean();
    case PackedTag::yes:
      return std::holds_alternative<bool>(constant.data) && constant.boolean();
    case PackedTag::number:
      return std::holds_alternative<double>(constant.data) && in.number() == constant.number();
    case PackedTag::text:
      return std::holds_alternative<std::string>(constant.data) &&
             in.take(static_cast<std::size_t>(in.varint())) == constant.text();
    default:
      return false;
  }
}

bool in_items(rules::Items const& items, std::string_view packed) {
  return std::any_of(items.begin(), items.end(),
                     [&](Value const& item) { return equals_constant(packed, item); });
}

bool has_missing(rules::Items const& items) {
  return std::any_of(items.begin(), items.end(), [](Value const& v) { return v.is_missing(); });
}

// A constant that compiled forms compare packed values with: a yes/no, number or text.
bool comparable(Value const& constant) {
  return std::holds_alternative<bool>(constant.data) ||
         std::holds_alternative<double>(constant.data) ||
         std::holds_alternative<std::string>(constant.data);
}

bool comparable_collection(Value const& constant) {
  if (!std::holds_alternative<rules::Items>(constant.data)) return false;
  auto const& items = constant.items();
  return std::all_of(items.begin(), items.end(),
                     [](Value const& item) { return item.is_missing() || comparable(item); });
}

bool scalar_kind(TypeKind kind) {
  return kind == TypeKind::boolean || kind == TypeKind::number || kind == TypeKind::text;
}

// The least and most a count can be (as the interpreter's bounds).
struct Range {
  double low;
  double high;
};

}  // namespace

struct PackedConditions::Step {
  Form form = Form::path;
  Op op = Op::constant;
  // A path: a field slot or a bound variable, then members, outermost first.
  int slot = -1;
  int variable = -1;
  boost::container::small_vector<int, 3> members;
  Value const* constant = nullptr;  // the vacancy's own
  bool constant_has_missing = false;
  boost::container::small_vector<int, 4> operands;  // steps
  // count_compare: the count's collection is a set (its missing elements may repeat known
  // ones), it is intersected with `constant`, and the count is on the left of `op`.
  bool counted_set = false;
  bool intersected = false;
  bool count_on_left = true;
  double bound = 0;
};

PackedConditions::PackedConditions(rules::Vacancy const& vacancy)
    : vacancy_(vacancy), entry_(vacancy.nodes.size(), -1) {
  auto const compile_root = [this](int node) {
    if (node >= 0) compile(node);
  };
  for (auto const& criterion : vacancy.criteria)
    compile_root(criterion.condition);
  for (auto const& flag : vacancy.flags)
    compile_root(flag.condition);
}

PackedConditions::~PackedConditions() = default;

bool PackedConditions::compiled(int node) const {
  return node >= 0 && static_cast<std::size_t>(node) < entry_.size() &&
         entry_[static_cast<std::size_t>(node)] >= 0;
}

int PackedConditions::add(Step step) {
  steps_.push_back(std::move(step));
  return static_cast<int>(steps_.size()) - 1;
}

// A field, or a member of a field, of a member, or of a bound element: no step when `node` is
// anything else.
int PackedConditions::compile_path(int node) {
  Step path;
  int current = node;
  for (; vacancy_.nodes[static_cast<std::size_t>(current)].op == Op::member;
       current = vacancy_.nodes[static_cast<std::size_t>(current)].a)
    path.members.push_back(vacancy_.nodes[static_cast<std::size_t>(current)].index);
  std::reverse(path.members.begin(), path.members.end());
  auto const& root = vacancy_.nodes[static_cast<std::size_t>(current)];
  if (root.op == Op::field)
    path.slot = root.index;
  else if (root.op == Op::variable)
    path.variable = root.index;
  else
    return -1;
  return add(std::move(path));
}

int PackedConditions::compile(int node) {
  auto& entry = entry_[static_cast<std::size_t>(node)];
  if (entry >= 0) return entry;
  Node const& n = vacancy_.nodes[static_cast<std::size_t>(node)];
  auto const op_of = [&](int index) { return vacancy_.nodes[static_cast<std::size_t>(index)].op; };
  auto const constant_of = [&](int index) -> Value const* {
    if (index < 0 || op_of(index) != Op::constant) return nullptr;
    return &vacancy_.nodes[static_cast<std::size_t>(index)].constant;
  };
  auto const type_of = [&](int index) -> rules::Type const& {
    return vacancy_.nodes[static_cast<std::size_t>(index)].type;
  };
  auto const scalar_path = [&](int index) {
    return scalar_kind(type_of(index).kind) ? compile_path(index) : -1;
  };
  auto const collection_path = [&](int index) {
    auto const& type = type_of(index);
    return type.is_collection() && scalar_kind(type.element_type().kind) ? compile_path(index) : -1;
  };

  Step step;
  step.op = n.op;
  switch (n.op) {
    case Op::field:
    case Op::member:
    case Op::variable: {
      if (n.type.kind != TypeKind::boolean) return -1;
      int const path = compile_path(node);
      if (path < 0) return -1;
      step.form = Form::truth;
      step.operands.push_back(path);
      break;
    }
    case Op::logical_not: {
      int const operand = compile(n.a);
      if (operand < 0) return -1;
      step.form = Form::negation;
      step.operands.push_back(operand);
      break;
    }
    case Op::logical_and:
    case Op::logical_or: {
      // A chain of `and`s is lowered leaning left: its operands, left to right.
      std::vector<int> chain;
      int current = node;
      for (; op_of(current) == n.op; current = vacancy_.nodes[static_cast<std::size_t>(current)].a)
        chain.push_back(vacancy_.nodes[static_cast<std::size_t>(current)].b);
      chain.push_back(current);
      std::reverse(chain.begin(), chain.end());
      for (int const operand : chain) {
        int const compiled_operand = compile(operand);
        if (compiled_operand < 0) return -1;
        step.operands.push_back(compiled_operand);
      }
      step.form = n.op == Op::logical_and ? Form::conjunction : Form::disjunction;
      break;
    }
    case Op::is_missing:
    case Op::is_known:
    case Op::is_none:
    case Op::is_not_none: {
      int const path = compile_path(n.a);
      if (path < 0) return -1;
      step.form = Form::presence;
      step.operands.push_back(path);
      break;
    }
    case Op::equal:
    case Op::not_equal:
    case Op::less:
    case Op::less_equal:
    case Op::greater:
    case Op::greater_equal: {
      // The count of a collection compared with a number, either way round.
      bool const left_counts = op_of(n.a) == Op::count;
      int const counted = left_counts ? n.a : op_of(n.b) == Op::count ? n.b : -1;
      if (counted >= 0) {
        Value const* number = constant_of(left_counts ? n.b : n.a);
        if (!number || !std::holds_alternative<double>(number->data)) return -1;
        int const collection = vacancy_.nodes[static_cast<std::size_t>(counted)].a;
        step.form = Form::count_compare;
        step.count_on_left = left_counts;
        step.bound = number->number();
        step.counted_set = type_of(collection).kind == TypeKind::set;
        int path = collection_path(collection);
        if (path < 0 && op_of(collection) == Op::intersect) {
          auto const& both = vacancy_.nodes[static_cast<std::size_t>(collection)];
          Value const* set = constant_of(both.b);
          int side = both.b;
          if (!set) {
            set = constant_of(both.a);
            side = both.a;
          }
          int const other = side == both.b ? both.a : both.b;
          // A constant set: its elements are distinct, so each found counts once.
          if (!set || type_of(side).kind != TypeKind::set || !comparable_collection(*set) ||
              constant_of(other))
            return -1;
          path = collection_path(other);
          step.intersected = true;
          step.constant = set;
          step.constant_has_missing = has_missing(set->items());
        }
        if (path < 0) return -1;
        step.operands.push_back(path);
        break;
      }
      if (n.op != Op::equal && n.op != Op::not_equal) return -1;
      Value const* constant = constant_of(n.b);
      int path = constant ? scalar_path(n.a) : -1;
      if (!constant) {
        constant = constant_of(n.a);
        path = constant ? scalar_path(n.b) : -1;
      }
      if (path < 0 || !comparable(*constant)) return -1;
      step.form = Form::equals;
      step.constant = constant;
      step.operands.push_back(path);
      break;
    }
    case Op::in:
    case Op::not_in:
    case Op::contains: {
      // `x in c` and `c contains x`: the element and the collection.
      int const element = n.op == Op::contains ? n.b : n.a;
      int const collection = n.op == Op::contains ? n.a : n.b;
      Value const* constant_collection = constant_of(collection);
      Value const* constant_element = constant_of(element);
      if (constant_collection && comparable_collection(*constant_collection)) {
        int const path = scalar_path(element);
        if (path < 0) return -1;
        step.form = Form::in_constant;
        step.constant = constant_collection;
        step.constant_has_missing = has_missing(constant_collection->items());
        step.operands.push_back(path);
      } else if (constant_element && comparable(*constant_element)) {
        int const path = collection_path(collection);
        if (path < 0) return -1;
        step.form = Form::in_path;
        step.constant = constant_element;
        step.operands.push_back(path);
      } else {
        return -1;
      }
      break;
    }
    case Op::contains_all:
    case Op::contains_any: {
      Value const* constant = constant_of(n.b);
      if (!constant || !comparable_collection(*constant)) return -1;
      int const path = collection_path(n.a);
      if (path < 0) return -1;
      step.form = Form::holds;
      step.constant = constant;
      step.constant_has_missing = has_missing(constant->items());
      step.operands.push_back(path);
      break;
    }
    case Op::any:
    case Op::all: {
      int const path = compile_path(n.a);
      if (path < 0 || !type_of(n.a).is_collection()) return -1;
      int const predicate = compile(n.b);
      if (predicate < 0) return -1;
      step.form = Form::quantifier;
      step.variable = n.index;
      step.operands = {path, predicate};
      break;
    }
    default:
      return -1;
  }
  entry = add(std::move(step));
  return entry;
}

std::string_view PackedConditions::resolve(Step const& path,
                                           std::span<std::string_view const> fields,
                                           Variables variables) const {
  std::string_view value = path.slot >= 0 ? (static_cast<std::size_t>(path.slot) < fields.size()
                                                 ? fields[static_cast<std::size_t>(path.slot)]
                                                 : unknown_value)
                                          : variables[static_cast<std::size_t>(path.variable)];
  for (int const member : path.members) {
    if (tag_of(value) != PackedTag::items) return unknown_value;  // a missing record
    std::string_view found = unknown_value;
    int index = 0;
    each_element(value, [&](std::string_view element) {
      if (index++ != member) return true;
      found = element;
      return false;
    });
    value = found;
  }
  return value;
}

PackedConditions::Truth PackedConditions::run(int index, std::span<std::string_view const> fields,
                                              Variables variables) const {
  Step const& step = steps_[static_cast<std::size_t>(index)];
  auto const operand = [&](std::size_t i) -> Step const& {
    return steps_[static_cast<std::size_t>(step.operands[i])];
  };
  auto const value_of = [&](std::size_t i) { return resolve(operand(i), fields, variables); };
  auto const from = [](bool yes) { return yes ? Truth::yes : Truth::no; };
  // Yes when every pair of possible values says yes, no when every pair says no.
  auto const decide = [](bool always, bool never) {
    return always ? Truth::yes : never ? Truth::no : Truth::unknown;
  };
  switch (step.form) {
    case Form::path:
      break;
    case Form::truth: {
      auto const tag = tag_of(value_of(0));
      if (tag == PackedTag::yes) return Truth::yes;
      if (tag == PackedTag::no) return Truth::no;
      return Truth::unknown;
    }
    case Form::negation: {
      Truth const t = run(step.operands[0], fields, variables);
      return t == Truth::unknown ? t : from(t == Truth::no);
    }
    case Form::conjunction:
    case Form::disjunction: {
      Truth const decisive = step.form == Form::conjunction ? Truth::no : Truth::yes;
      bool unknown = false;
      for (int const each : step.operands) {
        Truth const t = run(each, fields, variables);
        if (t == decisive) return decisive;
        unknown = unknown || t == Truth::unknown;
      }
      if (unknown) return Truth::unknown;
      return step.form == Form::conjunction ? Truth::yes : Truth::no;
    }
    case Form::presence: {
      auto const tag = tag_of(value_of(0));
      switch (step.op) {
        case Op::is_missing:
          return from(tag == PackedTag::unknown);
        case Op::is_known:
          return from(tag != PackedTag::unknown);
        default:  // is none, is not none: unknown when not answered
          if (tag == PackedTag::unknown) return Truth::unknown;
          return from((tag == PackedTag::none) == (step.op == Op::is_none));
      }
    }
    case Form::equals: {
      auto const value = value_of(0);
      if (missing(value)) return Truth::unknown;
      return from(equals_constant(value, *step.constant) == (step.op == Op::equal));
    }
    case Form::in_constant: {
      auto const value = value_of(0);
      if (missing(value)) return Truth::unknown;
      Truth t = in_items(step.constant->items(), value) ? Truth::yes
                : step.constant_has_missing             ? Truth::unknown
                                                        : Truth::no;
      if (step.op == Op::not_in && t != Truth::unknown) t = from(t == Truth::no);
      return t;
    }
    case Form::in_path: {
      auto const collection = value_of(0);
      if (missing(collection)) return Truth::unknown;
      bool found = false;
      bool unknown = false;
      each_element(collection, [&](std::string_view element) {
        if (missing(element))
          unknown = true;
        else if (equals_constant(element, *step.constant))
          found = true;
        return !found;
      });
      Truth t = found ? Truth::yes : unknown ? Truth::unknown : Truth::no;
      if (step.op == Op::not_in && t != Truth::unknown) t = from(t == Truth::no);
      return t;
    }
    case Form::holds: {
      auto const collection = value_of(0);
      if (missing(collection)) return Truth::unknown;
      bool const all = step.op == Op::contains_all;
      bool unknown = step.constant_has_missing;
      for (auto const& wanted : step.constant->items()) {
        if (wanted.is_missing()) continue;
        bool found = false;
        bool some_missing = false;
        each_element(collection, [&](std::string_view element) {
          if (missing(element))
            some_missing = true;
          else if (equals_constant(element, wanted))
            found = true;
          return !found;
        });
        if (!found && some_missing) unknown = true;
        if (all && !found && !some_missing) return Truth::no;
        if (!all && found) return Truth::yes;
      }
      return unknown ? Truth::unknown : from(all);
    }
    case Form::quantifier: {
      auto const collection = value_of(0);
      if (missing(collection)) return Truth::unknown;
      bool const any = step.op == Op::any;
      auto& bound = variables[static_cast<std::size_t>(step.variable)];
      bool unknown = false;
      bool found = false;
      each_element(collection, [&](std::string_view element) {
        bound = element;
        Truth const t = run(step.operands[1], fields, variables);
        if (t == Truth::unknown) unknown = true;
        found = (any && t == Truth::yes) || (!any && t == Truth::no);
        return !found;
      });
      bound = unknown_value;
      if (found) return from(any);
      return unknown ? Truth::unknown : from(!any);
    }
    case Form::count_compare: {
      auto const collection = value_of(0);
      if (missing(collection)) return Truth::unknown;
      Range count{};
      if (!step.intersected) {
        double const all = static_cast<double>(element_count(collection));
        double missing_elements = 0;
        if (step.counted_set)
          each_element(collection, [&](std::string_view element) {
            missing_elements += missing(element) ? 1 : 0;
            return true;
          });
        count = {all - missing_elements, all};
      } else {
        // As the interpreter's intersection: the known elements in both, and as many missing
        // ones as the smaller side could still add when either side has a missing element.
        auto const& set = step.constant->items();
        double known = 0;
        bool collection_has_missing = false;
        for (auto const& wanted : set) {
          if (wanted.is_missing()) continue;
          bool found = false;
          each_element(collection, [&](std::string_view element) {
            found = !missing(element) && equals_constant(element, wanted);
            return !found;
          });
          known += found ? 1 : 0;
        }
        each_element(collection, [&](std::string_view element) {
          collection_has_missing = collection_has_missing || missing(element);
          return !collection_has_missing;
        });
        double maybe = 0;
        if (collection_has_missing || step.constant_has_missing) {
          double const most = static_cast<double>(std::min(element_count(collection), set.size()));
          maybe = most > known ? most - known : 0;
        }
        // The intersection is a set: its missing elements may each repeat a known one.
        count =
            step.counted_set ? Range{known, known + maybe} : Range{known + maybe, known + maybe};
      }
      Range const bound{step.bound, step.bound};
      Range const l = step.count_on_left ? count : bound;
      Range const r = step.count_on_left ? bound : count;
      switch (step.op) {
        case Op::less:
          return decide(l.high < r.low, l.low >= r.high);
        case Op::less_equal:
          return decide(l.high <= r.low, l.low > r.high);
        case Op::greater:
          return decide(l.low > r.high, l.high <= r.low);
        case Op::greater_equal:
          return decide(l.low >= r.high, l.high < r.low);
        case Op::equal:
          return decide(l.low == l.high && r.low == r.high && l.low == r.low,
                        l.high < r.low || r.high < l.low);
        default:  // not equal
          return decide(l.high < r.low || r.high < l.low,
                        l.low == l.high && r.low == r.high && l.low == r.low);
      }
    }
  }
  return Truth::unknown;
}

Outcome PackedConditions::evaluate(int node, std::span<std::string_view const> fields) const {
  boost::container::small_vector<std::string_view, 8> variables(
      static_cast<std::size_t>(std::max(vacancy_.variable_count, 0)), unknown_value);
  switch (run(entry_[static_cast<std::size_t>(node)], fields,
              Variables(variables.data(), variables.size()))) {
    case Truth::yes:
      return Outcome::met;
    case Truth::no:
      return Outcome::not_met;
    case Truth::unknown:
      break;
  }
  return Outcome::unknown;
}

}  // namespace sift::engine
