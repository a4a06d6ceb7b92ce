#include "packed_conditions.hpp"

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <limits>

#include "sift/rules/packed_values.hpp"
#include "spells.hpp"

namespace sift::engine {

using rules::Node;
using rules::Op;
using rules::PackedTag;
using rules::TypeKind;
using rules::Value;

namespace {

enum class Form {
  path,         // a field, or a member of one or of a bound element: its cell (not a condition)
  truth,        // a yes/no path
  negation,     // not operands[0]
  conjunction,  // operands, left to right (Kleene)
  disjunction,  // the same
  presence,     // is missing / is known / is none / is not none of a path (`op`)
  equals,       // path = constant, or != (`op`)
  in_constant,  // path in constant collection, or not in (`op`)
  in_path,      // constant in path collection (`in`, or `contains` written the other way)
  holds,        // path collection contains all of / any of constant collection (`op`)
  quantifier,   // any / all (`op`) elements of path operands[0] bound to `variable` satisfy
                // operands[1]
  bounded,      // a number (operands[0], one of the three below) compared (`op`) with a constant
  // Numbers, as the least and most they can be:
  count,  // of path collection operands[0], or of its intersection with a constant set
  years,  // years(...) of `node`: the records of path operands[0], kept by operands[1] (or -1)
          // over `variable`
  gap     // longest_gap(...) of `node`: likewise, and its explained breaks, operands[2] kept by
          // operands[3] over `breaks_variable`
};

using rules::Cell;
using rules::ValueTape;

// Whether a known cell equals a known constant, as values compare (rules::Value ==).
bool equals_constant(Cell const& cell, Value const& constant) {
  switch (cell.tag) {
    case PackedTag::no:
      return std::holds_alternative<bool>(constant.data) && !constant.boolean();
    case PackedTag::yes:
      return std::holds_alternative<bool>(constant.data) && constant.boolean();
    case PackedTag::number:
      return std::holds_alternative<double>(constant.data) && cell.number == constant.number();
    case PackedTag::text:
      return std::holds_alternative<std::string>(constant.data) && cell.text == constant.text();
    default:
      return false;
  }
}

bool in_items(rules::Items const& items, Cell const& cell) {
  return std::any_of(items.begin(), items.end(),
                     [&](Value const& item) { return equals_constant(cell, item); });
}

// The elements of a known collection.
std::span<Cell const> elements(ValueTape const& tape, Cell const& collection) {
  return {tape.cells.data() + collection.first, collection.count};
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

// A date member of a spell's record.
GivenDate given_date(Cell const& cell) {
  if (cell.tag == PackedTag::none) return {GivenDate::State::none, {}};
  if (cell.tag == PackedTag::date) return {GivenDate::State::known, cell.date};
  return {};
}

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
  // bounded: the number is on the left of `op`; the constant it is compared with.
  bool number_on_left = true;
  double bound = 0;
  // count: the counted collection is a set (its missing elements may repeat known ones); it is
  // intersected with `constant`.
  bool counted_set = false;
  bool intersected = false;
  // years, gap: the node (its spells' reading), and the variable of the breaks' `where`.
  int node = -1;
  int breaks_variable = -1;
  // count, years, gap that read no variable bound outside them: their place in a frame.
  int memo = -1;
};

PackedConditions::PackedConditions(rules::Vacancy const& vacancy, rules::Date as_of)
    : vacancy_(vacancy), as_of_(as_of), entry_(vacancy.nodes.size(), -1) {
  auto const compile_root = [this](int node) {
    if (node >= 0) compile(node);
  };
  for (auto const& criterion : vacancy.criteria)
    compile_root(criterion.condition);
  for (auto const& flag : vacancy.flags)
    compile_root(flag.condition);
  for (auto const& key : vacancy.policy.tie_break)
    if (key.node >= 0) compile_number(key.node);
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

Node const& PackedConditions::at(int node) const {
  return vacancy_.nodes[static_cast<std::size_t>(node)];
}

Value const* PackedConditions::constant_at(int node) const {
  return node >= 0 && at(node).op == Op::constant ? &at(node).constant : nullptr;
}

rules::Type const& PackedConditions::type_at(int node) const {
  return at(node).type;
}

int PackedConditions::scalar_path(int node) {
  return scalar_kind(type_at(node).kind) ? compile_path(node) : -1;
}

int PackedConditions::collection_path(int node) {
  auto const& type = type_at(node);
  return type.is_collection() && scalar_kind(type.element_type().kind) ? compile_path(node) : -1;
}

// A field, or a member of a field, of a member, or of a bound element: no step when `node` is
// anything else.
int PackedConditions::compile_path(int node) {
  Step path;
  int current = node;
  for (; at(current).op == Op::member; current = at(current).a)
    path.members.push_back(at(current).index);
  std::reverse(path.members.begin(), path.members.end());
  auto const& root = at(current);
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
  Node const& n = at(node);
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
      for (; at(current).op == n.op; current = at(current).a)
        chain.push_back(at(current).b);
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
      // A count, years or gap compared with a number, either way round.
      int const number = compile_number(n.a);
      int const other = number >= 0 ? n.b : n.a;
      int const source = number >= 0 ? number : compile_number(n.b);
      if (source >= 0) {
        Value const* bound = constant_at(other);
        if (!bound) return -1;
        if (std::holds_alternative<double>(bound->data))
          step.bound = bound->number();
        else if (std::holds_alternative<rules::Duration>(bound->data))
          step.bound = bound->duration().days;
        else
          return -1;
        step.form = Form::bounded;
        step.number_on_left = number >= 0;
        step.operands.push_back(source);
        break;
      }
      auto const ranged = [&](int operand) {
        return at(operand).op == Op::count || at(operand).op == Op::years ||
               at(operand).op == Op::longest_gap;
      };
      if (ranged(n.a) || ranged(n.b)) return -1;  // the interpreter compares their bounds
      if (n.op != Op::equal && n.op != Op::not_equal) return -1;
      Value const* constant = constant_at(n.b);
      int path = constant ? scalar_path(n.a) : -1;
      if (!constant) {
        constant = constant_at(n.a);
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
      Value const* constant_collection = constant_at(collection);
      Value const* constant_element = constant_at(element);
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
      Value const* constant = constant_at(n.b);
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
      if (path < 0 || !type_at(n.a).is_collection()) return -1;
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

// A list of records, or a list kept by a `where` (a filter): its path, and its predicate's step
// and variable (-1 without one). False when it is anything else.
bool PackedConditions::compile_records(int node, int& path, int& predicate, int& variable) {
  Node const& n = at(node);
  int list = node;
  predicate = -1;
  variable = -1;
  if (n.op == Op::filter) {
    list = n.a;
    variable = n.index;
    predicate = compile(n.b);
    if (predicate < 0) return false;
  }
  auto const& type = type_at(list);
  if (!type.holds_records()) return false;
  path = compile_path(list);
  return path >= 0;
}

int PackedConditions::compile_number(int node) {
  auto& entry = entry_[static_cast<std::size_t>(node)];
  if (entry >= 0) return entry;
  Node const& n = at(node);
  Step step;
  step.op = n.op;
  step.node = node;
  switch (n.op) {
    case Op::count: {
      int const collection = n.a;
      step.form = Form::count;
      step.counted_set = type_at(collection).kind == TypeKind::set;
      // Counted, the elements are not compared: a list of records counts as well as any.
      int path = type_at(collection).is_collection() ? compile_path(collection) : -1;
      if (path < 0 && at(collection).op == Op::intersect) {
        auto const& both = at(collection);
        int const side = constant_at(both.b) ? both.b : both.a;
        int const other = side == both.b ? both.a : both.b;
        Value const* set = constant_at(side);
        // A constant set: its elements are distinct, so each found counts once.
        if (!set || type_at(side).kind != TypeKind::set || !comparable_collection(*set) ||
            constant_at(other))
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
    case Op::years: {
      int path = -1;
      int predicate = -1;
      if (!compile_records(n.a, path, predicate, step.variable)) return -1;
      step.form = Form::years;
      step.operands = {path, predicate};
      break;
    }
    case Op::longest_gap: {
      int path = -1;
      int predicate = -1;
      int breaks = -1;
      int breaks_predicate = -1;
      if (!compile_records(n.a, path, predicate, step.variable)) return -1;
      if (n.b >= 0 && !compile_records(n.b, breaks, breaks_predicate, step.breaks_variable))
        return -1;
      step.form = Form::gap;
      step.operands = {path, predicate, breaks, breaks_predicate};
      break;
    }
    default:
      return -1;
  }
  if (closed(node)) step.memo = numbers_++;
  entry = add(std::move(step));
  return entry;
}

bool PackedConditions::closed(int node) const {
  std::vector<int> read;
  std::vector<int> bound;
  rules::walk_nodes(vacancy_.nodes, node, [&](Node const& n) {
    if (n.op == Op::variable) read.push_back(n.index);
    if (n.op == Op::filter || n.op == Op::any || n.op == Op::all) bound.push_back(n.index);
    return true;
  });
  return std::all_of(read.begin(), read.end(), [&](int variable) {
    return std::find(bound.begin(), bound.end(), variable) != bound.end();
  });
}

Cell const& PackedConditions::resolve(Step const& path, Frame const& frame) const {
  auto const& tape = frame.tape_;
  std::uint32_t cell = path.slot >= 0 ? (static_cast<std::size_t>(path.slot) < tape.roots.size()
                                             ? tape.roots[static_cast<std::size_t>(path.slot)]
                                             : 0)
                                      : frame.variables_[static_cast<std::size_t>(path.variable)];
  for (int const member : path.members) {
    Cell const& record = tape.at(cell);
    if (record.tag != PackedTag::items || static_cast<std::uint32_t>(member) >= record.count)
      return tape.at(0);  // a member of a missing record is unknown
    cell = record.first + static_cast<std::uint32_t>(member);
  }
  return tape.at(cell);
}

Truth PackedConditions::run(int index, Frame& frame) const {
  auto const& tape = frame.tape_;
  auto& variables = frame.variables_;
  Step const& step = steps_[static_cast<std::size_t>(index)];
  auto const value_of = [&](std::size_t i) -> Cell const& {
    return resolve(steps_[static_cast<std::size_t>(step.operands[i])], frame);
  };
  auto const from = [](bool yes) { return yes ? Truth::yes : Truth::no; };
  auto const missing = [](Cell const& cell) { return ValueTape::missing(cell); };
  switch (step.form) {
    case Form::truth: {
      auto const tag = value_of(0).tag;
      if (tag == PackedTag::yes) return Truth::yes;
      if (tag == PackedTag::no) return Truth::no;
      return Truth::unknown;
    }
    case Form::negation: {
      Truth const t = run(step.operands[0], frame);
      return t == Truth::unknown ? t : from(t == Truth::no);
    }
    case Form::conjunction:
    case Form::disjunction: {
      Truth const decisive = step.form == Form::conjunction ? Truth::no : Truth::yes;
      bool unknown = false;
      for (int const each : step.operands) {
        Truth const t = run(each, frame);
        if (t == decisive) return decisive;
        unknown = unknown || t == Truth::unknown;
      }
      if (unknown) return Truth::unknown;
      return step.form == Form::conjunction ? Truth::yes : Truth::no;
    }
    case Form::presence: {
      auto const tag = value_of(0).tag;
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
      auto const& value = value_of(0);
      if (missing(value)) return Truth::unknown;
      return from(equals_constant(value, *step.constant) == (step.op == Op::equal));
    }
    case Form::in_constant: {
      auto const& value = value_of(0);
      if (missing(value)) return Truth::unknown;
      Truth t = in_items(step.constant->items(), value) ? Truth::yes
                : step.constant_has_missing             ? Truth::unknown
                                                        : Truth::no;
      if (step.op == Op::not_in && t != Truth::unknown) t = from(t == Truth::no);
      return t;
    }
    case Form::in_path: {
      auto const& collection = value_of(0);
      if (missing(collection)) return Truth::unknown;
      bool unknown = false;
      Truth t = Truth::no;
      for (auto const& element : elements(tape, collection)) {
        if (missing(element)) {
          unknown = true;
        } else if (equals_constant(element, *step.constant)) {
          t = Truth::yes;
          break;
        }
      }
      if (t == Truth::no && unknown) t = Truth::unknown;
      if (step.op == Op::not_in && t != Truth::unknown) t = from(t == Truth::no);
      return t;
    }
    case Form::holds: {
      auto const& collection = value_of(0);
      if (missing(collection)) return Truth::unknown;
      bool const all = step.op == Op::contains_all;
      bool unknown = step.constant_has_missing;
      auto const held = elements(tape, collection);
      bool const some_missing = std::any_of(held.begin(), held.end(), missing);
      for (auto const& wanted : step.constant->items()) {
        if (wanted.is_missing()) continue;
        bool const found = std::any_of(held.begin(), held.end(), [&](Cell const& element) {
          return equals_constant(element, wanted);
        });
        if (!found && some_missing) unknown = true;
        if (all && !found && !some_missing) return Truth::no;
        if (!all && found) return Truth::yes;
      }
      return unknown ? Truth::unknown : from(all);
    }
    case Form::quantifier: {
      auto const& collection = value_of(0);
      if (missing(collection)) return Truth::unknown;
      bool const any = step.op == Op::any;
      auto& bound = variables[static_cast<std::size_t>(step.variable)];
      bool unknown = false;
      bool found = false;
      for (std::uint32_t i = 0; i < collection.count && !found; ++i) {
        bound = collection.first + i;
        Truth const t = run(step.operands[1], frame);
        unknown = unknown || t == Truth::unknown;
        found = (any && t == Truth::yes) || (!any && t == Truth::no);
      }
      bound = 0;
      if (found) return from(any);
      return unknown ? Truth::unknown : from(!any);
    }
    case Form::bounded: {
      auto const number = bounds(step.operands[0], frame);
      if (!number) return Truth::unknown;
      Bounds const bound{step.bound, step.bound};
      return step.number_on_left ? compare_bounds(step.op, *number, bound)
                                 : compare_bounds(step.op, bound, *number);
    }
    case Form::path:  // not conditions: never a step `run` is given
    case Form::count:
    case Form::years:
    case Form::gap:
      break;
  }
  return Truth::unknown;
}

bool PackedConditions::spell_records(int path, int predicate, int variable, SpellReading reading,
                                     Frame& frame, SpellRecords& out) const {
  auto const& tape = frame.tape_;
  auto const& list = resolve(steps_[static_cast<std::size_t>(path)], frame);
  if (ValueTape::missing(list)) return false;
  for (std::uint32_t i = 0; i < list.count; ++i) {
    std::uint32_t const cell = list.first + i;
    Cell const& record = tape.at(cell);
    SpellRecord spell;
    spell.missing = ValueTape::missing(record);
    if (!spell.missing) {
      spell.start =
          given_date(tape.at(record.first + static_cast<std::uint32_t>(reading.start_member)));
      spell.end =
          given_date(tape.at(record.first + static_cast<std::uint32_t>(reading.end_member)));
    }
    if (predicate >= 0) {
      auto& bound = frame.variables_[static_cast<std::size_t>(variable)];
      bound = cell;
      spell.counts = run(predicate, frame);
      bound = 0;
    }
    out.push_back(spell);
  }
  return true;
}

std::optional<Bounds> PackedConditions::bounds(int index, Frame& frame) const {
  int const memo = steps_[static_cast<std::size_t>(index)].memo;
  if (memo < 0) return work_out(index, frame);
  auto& number = frame.numbers_[static_cast<std::size_t>(memo)];
  if (!number.done) number = {true, work_out(index, frame)};
  return number.bounds;
}

std::optional<Bounds> PackedConditions::work_out(int index, Frame& frame) const {
  auto const& tape = frame.tape_;
  Step const& step = steps_[static_cast<std::size_t>(index)];
  auto const& n = at(step.node);
  switch (step.form) {
    case Form::years: {
      SpellRecords records;
      bool const listed = spell_records(step.operands[0], step.operands[1], step.variable,
                                        reading_of(n, false), frame, records);
      return years_bounds(listed ? &records : nullptr, n.end_excluded, as_of_);
    }
    case Form::gap: {
      SpellRecords spells;
      if (!spell_records(step.operands[0], step.operands[1], step.variable, reading_of(n, false),
                         frame, spells) ||
          !keep_counted(spells))
        return std::nullopt;
      bool const has_breaks = step.operands[2] >= 0;
      SpellRecords breaks;
      bool const breaks_known =
          has_breaks &&
          spell_records(step.operands[2], step.operands[3], step.breaks_variable,
                        reading_of(n, true), frame, breaks) &&
          keep_counted(breaks);
      return gap_bounds(&spells, has_breaks, breaks_known ? &breaks : nullptr, n.end_excluded,
                        as_of_, n.between_spells);
    }
    default:
      break;
  }
  // A count.
  auto const& collection = resolve(steps_[static_cast<std::size_t>(step.operands[0])], frame);
  if (ValueTape::missing(collection)) return std::nullopt;
  auto const counted = elements(tape, collection);
  double const missing_elements =
      static_cast<double>(std::count_if(counted.begin(), counted.end(), ValueTape::missing));
  double const all = static_cast<double>(counted.size());
  if (!step.intersected)
    return step.counted_set ? Bounds{all - missing_elements, all} : Bounds{all, all};
  // As the interpreter's intersection: the known elements in both, and as many missing ones as
  // the smaller side could still add when either side has a missing element.
  auto const& set = step.constant->items();
  double known = 0;
  for (auto const& wanted : set)
    if (!wanted.is_missing() &&
        std::any_of(counted.begin(), counted.end(),
                    [&](Cell const& element) { return equals_constant(element, wanted); }))
      ++known;
  double maybe = 0;
  if (missing_elements > 0 || step.constant_has_missing) {
    double const most = std::min(all, static_cast<double>(set.size()));
    maybe = most > known ? most - known : 0;
  }
  // The intersection is a set: its missing elements may each repeat a known one.
  if (step.counted_set) return Bounds{known, known + maybe};
  return Bounds{known + maybe, known + maybe};
}

PackedConditions::Frame::Frame(PackedConditions const& conditions, rules::ValueTape const& tape)
    : tape_(tape),
      variables_(static_cast<std::size_t>(std::max(conditions.vacancy_.variable_count, 0)), 0),
      numbers_(static_cast<std::size_t>(conditions.numbers_)) {}

double PackedConditions::least(int node, Frame& frame) const {
  auto const found = bounds(entry_[static_cast<std::size_t>(node)], frame);
  return found ? found->low : -std::numeric_limits<double>::infinity();
}

Outcome PackedConditions::evaluate(int node, Frame& frame) const {
  switch (run(entry_[static_cast<std::size_t>(node)], frame)) {
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
