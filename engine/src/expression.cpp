#include "expression.hpp"

#include "sift/rules/folding.hpp"

#include <fmt/format.h>

#include <boost/container/small_vector.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace sift::engine {

using rules::Date;
using rules::Duration;
using rules::Items;
using rules::Node;
using rules::Op;
using rules::TypeKind;
using rules::Unknown;
using rules::Value;

namespace {

Value const unknown_value{Unknown{}};

Truth truth(Value const& v) {
  if (v.is_missing()) return Truth::unknown;
  return v.boolean() ? Truth::yes : Truth::no;
}

Value from(Truth t) {
  if (t == Truth::unknown) return unknown_value;
  return Value{t == Truth::yes};
}

bool has_missing(Items const& items) {
  return std::any_of(items.begin(), items.end(), [](Value const& v) { return v.is_missing(); });
}

bool contains_value(Items const& items, Value const& wanted) {
  return std::find(items.begin(), items.end(), wanted) != items.end();
}

// `wanted in items`, with unknown items making a miss unknown rather than false.
Truth membership(Items const& items, Value const& wanted) {
  if (contains_value(items, wanted)) return Truth::yes;
  return has_missing(items) ? Truth::unknown : Truth::no;
}

Value const& member_of(Value const& record, int member) {
  return record.items()[static_cast<std::size_t>(member)];
}

using Records = boost::container::small_vector<Value const*, 16>;

GivenDate given_date(Value const& value) {
  if (value.is_unknown()) return {};
  if (value.is_none()) return {GivenDate::State::none, {}};
  return {GivenDate::State::known, value.date()};
}

// A record of a list of spells as the spell arithmetic reads it (spells.hpp).
SpellRecord spell_record(Value const& record, SpellReading reading, Truth counts) {
  if (record.is_missing()) return {true, counts, {}, {}};
  return {false, counts, given_date(member_of(record, reading.start_member)),
          given_date(member_of(record, reading.end_member))};
}

// How many elements a collection has: a list's entries are all there, even unknown ones; a set
// with missing elements has at least its known ones and at most all (a missing one may repeat).
struct CountRange {
  double low;
  double high;
};

CountRange count_bounds(rules::Type const& type, Value const& collection) {
  auto const& items = collection.items();
  double const all = static_cast<double>(items.size());
  if (type.kind != TypeKind::set) return {all, all};
  double const known =
      all - static_cast<double>(std::count_if(items.begin(), items.end(),
                                              [](Value const& v) { return v.is_missing(); }));
  return {known, all};
}

Value set_of(Items items) {
  rules::normalise_set(items);
  return Value{std::move(items)};
}

std::size_t missing_count(Items const& items) {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [](Value const& v) { return v.is_missing(); }));
}

// The result of &, | or - on collections with missing elements: the elements certainly in it,
// and a missing element for each that may be. So the result's size lies between its known
// elements and all of them, and membership of anything not known to be in it is unknown:
// every way of filling in the missing elements agrees with each definite answer.
Value uncertain_set(Items known, std::size_t maybe) {
  known.insert(known.end(), maybe, Value{rules::Unknown{}});
  return set_of(std::move(known));
}

Value intersection(Items const& xs, Items const& ys) {
  Items known;
  for (auto const& item : xs)
    if (!item.is_missing() && contains_value(ys, item)) known.push_back(item);
  rules::normalise_set(known);
  if (!has_missing(xs) && !has_missing(ys)) return Value{std::move(known)};
  // At most as many elements as the smaller side has.
  std::size_t const most = std::min(xs.size(), ys.size());
  return uncertain_set(known, most > known.size() ? most - known.size() : 0);
}

Value union_of(Items const& xs, Items const& ys) {
  Items all = xs;
  all.insert(all.end(), ys.begin(), ys.end());
  return set_of(std::move(all));  // missing elements kept: each may be a new value
}

Value difference(Items const& xs, Items const& ys) {
  bool const ys_uncertain = has_missing(ys);
  Items known;
  std::size_t maybe = missing_count(xs);
  for (auto const& item : xs) {
    if (item.is_missing() || contains_value(ys, item)) continue;
    if (ys_uncertain)
      ++maybe;  // a missing element of ys may be this one
    else
      known.push_back(item);
  }
  return uncertain_set(std::move(known), maybe);
}

// Whether `words` holds `text` as whole words: not inside a longer word on either side. Letters
// and digits, in any script (a byte of a multi-byte UTF-8 character), are word characters.
bool contains_word(std::string const& words, std::string const& text) {
  if (text.empty()) return false;
  auto const word_char = [](char c) {
    auto const b = static_cast<unsigned char>(c);
    return b >= 0x80 || std::isalnum(b) != 0;
  };
  for (auto at = words.find(text); at != std::string::npos; at = words.find(text, at + 1)) {
    bool const starts = at == 0 || !word_char(words[at - 1]);
    auto const after = at + text.size();
    bool const ends = after == words.size() || !word_char(words[after]);
    if (starts && ends) return true;
  }
  return false;
}

// The record of a list of spells that starts first (or last, for the most recent post); at the
// same start, the one that ends first (or last; an open spell ends last). Null when a record or
// a start or end it needs is missing, or when partial dates leave the order undecided.
Value const* first_by_start(Items const& records, Node const& n, bool latest) {
  Value const* chosen = nullptr;
  auto const end_of = [&](Value const& record) {
    auto const& end = member_of(record, n.end_member);
    return end.is_none() ? std::numeric_limits<std::int32_t>::max() : end.date().days;
  };
  for (auto const& record : records) {
    if (record.is_missing()) return nullptr;
    auto const& start = member_of(record, n.start_member);
    auto const& end = member_of(record, n.end_member);
    if (start.is_missing() || end.is_unknown()) return nullptr;
    if (!chosen) {
      chosen = &record;
      continue;
    }
    auto const key = std::pair(start.date().days, end_of(record));
    auto const best = std::pair(member_of(*chosen, n.start_member).date().days, end_of(*chosen));
    if (latest ? key > best : key < best) chosen = &record;
  }
  // A start given only to the month or year may fall either side of another it overlaps.
  Date const best = chosen ? member_of(*chosen, n.start_member).date() : Date{};
  for (auto const& record : records) {
    Date const other = member_of(record, n.start_member).date();
    if (&record != chosen && (best.partial() || other.partial()) && other.days <= best.last() &&
        best.days <= other.last())
      return nullptr;
  }
  return chosen;
}

}  // namespace

// A value that is either borrowed from the application (no copy) or computed here.
struct Expressions::Ref {
  Value const* borrowed = nullptr;
  Value owned;
  Value const& get() const { return borrowed ? *borrowed : owned; }
  static Ref borrow(Value const& value) { return Ref{&value, {}}; }
  static Ref own(Value value) { return Ref{nullptr, std::move(value)}; }
};

struct Expressions::RecordList {
  Ref list;  // the list, or the list a filter reads, kept while the records point into it
  Records records;
  bool known = false;
};

// The field values and the variables bound while evaluating (`any q in ...`). The variables
// are this Expressions' own, made once: a variable is only read inside what binds it, so what
// one condition left in a slot is never read by the next.
struct Expressions::Env {
  std::vector<Value> const& fields;
  Variables& variables;
};

// An evidence line as it is written: parts joined by "; ", a part said already left out. Parts
// are appended straight into the line (a run writes a dozen lines per applicant).
struct Expressions::Line {
  std::string text;
  boost::container::small_vector<std::pair<std::size_t, std::size_t>, 8> parts;  // [begin, end)
  bool open = false;  // the last part may still grow (", needs >= 2")

  void begin_part() {
    close_part();
    if (!text.empty()) text += "; ";
    parts.emplace_back(text.size(), text.size());
    open = true;
  }
  void close_part() {
    if (!open) return;
    open = false;
    auto& last = parts.back();
    last.second = text.size();
    std::string_view const said(text.data() + last.first, last.second - last.first);
    bool const repeated = std::any_of(parts.begin(), parts.end() - 1, [&](auto const& earlier) {
      return std::string_view(text.data() + earlier.first, earlier.second - earlier.first) == said;
    });
    if (!repeated) return;
    text.resize(last.first - 2);  // with its "; "
    parts.pop_back();
  }
};

// `a and b and c` is lowered as ((a and b) and c): a chain of thousands would recurse as deep.
// Its operands, left to right, walking the left spine without recursion.
Expressions::Chain Expressions::chain(int index) const {
  Op const op = at(index).op;
  Chain operands;
  int current = index;
  for (; at(current).op == op; current = at(current).a)
    operands.push_back(at(current).b);
  operands.push_back(current);
  std::reverse(operands.begin(), operands.end());
  return operands;
}

Expressions::Expressions(rules::Vacancy const& vacancy, Date as_of)
    : nodes_(vacancy.nodes),
      as_of_(as_of),
      variables_(static_cast<std::size_t>(vacancy.variable_count), nullptr) {}

Expressions::Env Expressions::environment(std::vector<Value> const& fields) const {
  return Env{fields, variables_};
}

Value Expressions::evaluate(int node, std::vector<Value> const& fields) const {
  auto env = environment(fields);
  auto ref = eval(node, env);
  return ref.borrowed ? *ref.borrowed : std::move(ref.owned);
}

Expressions::Ref Expressions::eval(int index, Env& env) const {
  Node const& n = at(index);
  switch (n.op) {
    case Op::constant:
      return Ref::borrow(n.constant);
    case Op::field: {
      auto const slot = static_cast<std::size_t>(n.index);
      return Ref::borrow(slot < env.fields.size() ? env.fields[slot] : unknown_value);
    }
    case Op::variable:
      return Ref::borrow(*env.variables[static_cast<std::size_t>(n.index)]);
    case Op::today:
      return Ref::own(Value{as_of_});
    case Op::member: {
      auto record = eval(n.a, env);
      if (record.get().is_missing()) return Ref::borrow(unknown_value);
      auto const& member = record.get().items()[static_cast<std::size_t>(n.index)];
      return record.borrowed ? Ref::borrow(member) : Ref::own(member);
    }
    default:
      break;
  }

  if (n.op == Op::logical_and || n.op == Op::logical_or) {
    Truth const decisive = n.op == Op::logical_and ? Truth::no : Truth::yes;
    bool unknown = false;
    for (int const operand : chain(index)) {
      Truth const t = truth(eval(operand, env).get());
      if (t == decisive) return Ref::own(from(decisive));
      unknown = unknown || t == Truth::unknown;
    }
    if (unknown) return Ref::own(unknown_value);
    return Ref::own(from(n.op == Op::logical_and ? Truth::yes : Truth::no));
  }
  if (n.op == Op::filter) {
    auto const kept = records_of(index, env);
    if (!kept.known) return Ref::borrow(unknown_value);
    Items copies;
    copies.reserve(kept.records.size());
    for (auto const* element : kept.records)
      copies.push_back(*element);
    return Ref::own(Value{std::move(copies)});
  }
  if (n.op == Op::any || n.op == Op::all) {
    auto collection = eval(n.a, env);
    if (collection.get().is_missing()) return Ref::borrow(unknown_value);
    auto& slot = env.variables[static_cast<std::size_t>(n.index)];
    bool unknown = false;
    bool found = false;
    for (auto const& element : collection.get().items()) {
      slot = &element;
      Truth const t = truth(eval(n.b, env).get());
      if (t == Truth::unknown) unknown = true;
      if ((n.op == Op::any && t == Truth::yes) || (n.op == Op::all && t == Truth::no)) {
        found = true;
        break;
      }
    }
    slot = nullptr;
    if (found) return Ref::own(Value{n.op == Op::any});
    return Ref::own(unknown ? unknown_value : Value{n.op == Op::all});
  }

  bool const comparison = n.op == Op::less || n.op == Op::less_equal || n.op == Op::greater ||
                          n.op == Op::greater_equal || n.op == Op::equal || n.op == Op::not_equal;
  auto const ranged = [&](int operand) {
    return operand >= 0 && (at(operand).op == Op::count || at(operand).op == Op::longest_gap ||
                            at(operand).op == Op::years);
  };
  if (comparison && (ranged(n.a) || ranged(n.b))) {
    auto const left = number_bounds(n.a, env);
    auto const right = number_bounds(n.b, env);
    if (!left || !right) return Ref::borrow(unknown_value);
    return Ref::own(from(compare_bounds(n.op, *left, *right)));
  }

  if (n.op == Op::years) {  // its list is read by years_bounds, spell by spell
    auto const years = years_bounds(index, env);
    if (!years || years->low != years->high) return Ref::borrow(unknown_value);
    return Ref::own(Value{years->low});
  }
  auto a = eval(n.a, env);
  Value const& x = a.get();
  switch (n.op) {
    // Whether the applicant answered: an explicit none is an answer.
    case Op::is_missing:
      return Ref::own(Value{x.is_unknown()});
    case Op::is_known:
      return Ref::own(Value{!x.is_unknown()});
    case Op::is_none:
    case Op::is_not_none:
      if (x.is_unknown()) return Ref::borrow(unknown_value);
      return Ref::own(Value{x.is_none() == (n.op == Op::is_none)});
    default:
      break;
  }
  if (x.is_missing()) return Ref::borrow(unknown_value);

  switch (n.op) {
    case Op::logical_not:
      return Ref::own(Value{!x.boolean()});
    case Op::negate:
      if (n.type.kind == TypeKind::duration) return Ref::own(Value{Duration{-x.duration().days}});
      return Ref::own(Value{-x.number()});
    case Op::project: {
      Items out;
      out.reserve(x.items().size());
      for (auto const& record : x.items())
        out.push_back(record.is_missing() ? unknown_value
                                          : record.items()[static_cast<std::size_t>(n.index)]);
      return Ref::own(Value{std::move(out)});
    }
    case Op::count: {
      auto const bounds = count_bounds(at(n.a).type, x);
      if (bounds.low != bounds.high) return Ref::borrow(unknown_value);
      return Ref::own(Value{bounds.low});
    }
    case Op::longest_gap: {
      auto const gap = gap_bounds(index, env);
      if (!gap || gap->low != gap->high) return Ref::borrow(unknown_value);
      return Ref::own(Value{Duration{gap->low}});
    }
    case Op::sum: {
      if (has_missing(x.items())) return Ref::borrow(unknown_value);
      double total = 0;
      for (auto const& item : x.items())
        total += n.type.kind == TypeKind::duration ? item.duration().days : item.number();
      if (n.type.kind == TypeKind::duration) return Ref::own(Value{Duration{total}});
      return Ref::own(Value{total});
    }
    case Op::minimum:
    case Op::maximum: {
      auto const& items = x.items();
      // A missing element may be the least or greatest; a partial date may be either side.
      bool const undecided = items.empty() || has_missing(items) ||
                             std::any_of(items.begin(), items.end(), [](Value const& v) {
                               return std::holds_alternative<Date>(v.data) && v.date().partial();
                             });
      if (undecided) return Ref::borrow(unknown_value);
      auto const found = n.op == Op::minimum
                             ? std::min_element(items.begin(), items.end(), rules::value_less)
                             : std::max_element(items.begin(), items.end(), rules::value_less);
      return a.borrowed ? Ref::borrow(*found) : Ref::own(*found);
    }
    case Op::earliest:
    case Op::latest: {
      Value const* chosen = first_by_start(x.items(), n, n.op == Op::latest);
      if (!chosen) return Ref::borrow(unknown_value);
      return a.borrowed ? Ref::borrow(*chosen) : Ref::own(*chosen);
    }
    case Op::years_since:
      if (x.date().partial()) return Ref::borrow(unknown_value);
      return Ref::own(Value{(as_of_.days - x.date().days) / rules::days_per_year});
    default:
      break;
  }

  auto b = eval(n.b, env);
  Value const& y = b.get();
  if (y.is_missing()) return Ref::borrow(unknown_value);
  // A partial date compares as the days it may be: yes or no only when every one of them agrees.
  bool const dates = std::holds_alternative<Date>(x.data) && std::holds_alternative<Date>(y.data);
  if (comparison && dates && (x.date().partial() || y.date().partial()))
    return Ref::own(from(compare_bounds(
        n.op, {static_cast<double>(x.date().days), static_cast<double>(x.date().last())},
        {static_cast<double>(y.date().days), static_cast<double>(y.date().last())})));
  switch (n.op) {
    case Op::equal:
    case Op::not_equal: {
      if (x.data.index() == y.data.index() && std::holds_alternative<Items>(x.data) &&
          (has_missing(x.items()) || has_missing(y.items())))
        return Ref::borrow(unknown_value);
      bool const same = x == y;
      return Ref::own(Value{n.op == Op::equal ? same : !same});
    }
    case Op::less:
      return Ref::own(Value{rules::value_less(x, y)});
    case Op::less_equal:
      return Ref::own(Value{!rules::value_less(y, x)});
    case Op::greater:
      return Ref::own(Value{rules::value_less(y, x)});
    case Op::greater_equal:
      return Ref::own(Value{!rules::value_less(x, y)});
    case Op::in:
    case Op::not_in: {
      Truth t = membership(y.items(), x);
      if (n.op == Op::not_in && t != Truth::unknown) t = t == Truth::yes ? Truth::no : Truth::yes;
      return Ref::own(from(t));
    }
    case Op::contains:
      return Ref::own(from(membership(x.items(), y)));
    case Op::text_contains:
      return Ref::own(
          Value{rules::folded(x.text()).find(rules::folded(y.text())) != std::string::npos});
    case Op::text_starts:
      return Ref::own(Value{rules::folded(x.text()).starts_with(rules::folded(y.text()))});
    case Op::text_ends:
      return Ref::own(Value{rules::folded(x.text()).ends_with(rules::folded(y.text()))});
    case Op::text_word:
      return Ref::own(Value{contains_word(rules::folded(x.text()), rules::folded(y.text()))});
    case Op::contains_all:
    case Op::contains_any: {
      bool const all = n.op == Op::contains_all;
      bool unknown = has_missing(y.items());
      for (auto const& wanted : y.items()) {
        if (wanted.is_missing()) continue;
        Truth const t = membership(x.items(), wanted);
        if (t == Truth::unknown) unknown = true;
        if (all && t == Truth::no) return Ref::own(Value{false});
        if (!all && t == Truth::yes) return Ref::own(Value{true});
      }
      return Ref::own(unknown ? unknown_value : Value{all});
    }
    case Op::add:
      return Ref::own(Value{x.number() + y.number()});
    case Op::subtract:
      return Ref::own(Value{x.number() - y.number()});
    case Op::multiply:
      return Ref::own(Value{x.number() * y.number()});
    case Op::divide:
      if (y.number() == 0) return Ref::borrow(unknown_value);
      return Ref::own(Value{x.number() / y.number()});
    case Op::date_plus:
    case Op::date_minus: {
      double const days = n.op == Op::date_plus ? y.duration().days : -y.duration().days;
      return Ref::own(Value{Date{x.date().days + static_cast<std::int32_t>(days), x.date().span}});
    }
    case Op::calendar_plus:
      return Ref::own(Value{rules::add_calendar_months(x.date(), n.index)});
    case Op::date_difference:
      if (x.date().partial() || y.date().partial()) return Ref::borrow(unknown_value);
      return Ref::own(Value{Duration{static_cast<double>(x.date().days - y.date().days)}});
    case Op::duration_add:
      return Ref::own(Value{Duration{x.duration().days + y.duration().days}});
    case Op::duration_subtract:
      return Ref::own(Value{Duration{x.duration().days - y.duration().days}});
    case Op::intersect:
      return Ref::own(intersection(x.items(), y.items()));
    case Op::unite:
      return Ref::own(union_of(x.items(), y.items()));
    case Op::difference:
      return Ref::own(difference(x.items(), y.items()));
    default:
      return Ref::borrow(unknown_value);
  }
}

std::optional<Bounds> Expressions::number_bounds(int index, Env& env) const {
  Node const& n = at(index);
  if (n.op == Op::count) {
    auto const collection = eval(n.a, env);
    if (collection.get().is_missing()) return std::nullopt;
    auto const range = count_bounds(at(n.a).type, collection.get());
    return Bounds{range.low, range.high};
  }
  if (n.op == Op::longest_gap) return gap_bounds(index, env);
  if (n.op == Op::years) return years_bounds(index, env);
  auto const value = eval(index, env);
  if (value.get().is_missing()) return std::nullopt;
  if (n.type.kind == TypeKind::duration) {
    double const days = value.get().duration().days;
    return Bounds{days, days};
  }
  double const number = value.get().number();
  return Bounds{number, number};
}

std::optional<Bounds> Expressions::years_bounds(int index, Env& env, bool* dates_only) const {
  Node const& n = at(index);
  Node const& list = at(n.a);
  bool const filtered = list.op == Op::filter;
  auto const records = eval(filtered ? list.a : n.a, env);
  if (records.get().is_missing())
    return engine::years_bounds(nullptr, n.end_excluded, as_of_, dates_only);
  SpellReading const reading = reading_of(n, false);
  SpellRecords spells;
  Value const** slot = filtered ? &env.variables[static_cast<std::size_t>(list.index)] : nullptr;
  for (auto const& record : records.get().items()) {
    Truth counts = Truth::yes;
    if (filtered) {
      *slot = &record;
      counts = truth(eval(list.b, env).get());
      *slot = nullptr;
    }
    spells.push_back(spell_record(record, reading, counts));
  }
  return engine::years_bounds(&spells, n.end_excluded, as_of_, dates_only);
}

Expressions::RecordList Expressions::records_of(int index, Env& env) const {
  Node const& n = at(index);
  bool const filtered = n.op == Op::filter;
  RecordList out{eval(filtered ? n.a : index, env), {}, false};
  if (out.list.get().is_missing()) return out;
  for (auto const& record : out.list.get().items()) {
    if (filtered) {  // one record whose keeping is unknown makes the kept list unknown
      auto& slot = env.variables[static_cast<std::size_t>(n.index)];
      slot = &record;
      Truth const kept = truth(eval(n.b, env).get());
      slot = nullptr;
      if (kept == Truth::unknown) return out;
      if (kept == Truth::no) continue;
    }
    out.records.push_back(&record);
  }
  out.known = true;
  return out;
}

std::optional<Bounds> Expressions::gap_bounds(int index, Env& env, bool* breaks_unknown) const {
  Node const& n = at(index);
  // The kept records of a list as spells; false when the list, or which records it keeps, is
  // not known.
  auto const kept = [&](int list, bool breaks, SpellRecords& out) {
    auto const records = records_of(list, env);
    for (auto const* record : records.records)
      out.push_back(spell_record(*record, reading_of(n, breaks), Truth::yes));
    return records.known;
  };
  SpellRecords spells;
  if (!kept(n.a, false, spells)) return std::nullopt;
  SpellRecords breaks;
  bool const breaks_known = n.b >= 0 && kept(n.b, true, breaks);
  return engine::gap_bounds(&spells, n.b >= 0, breaks_known ? &breaks : nullptr, n.end_excluded,
                            as_of_, n.between_spells, breaks_unknown);
}

double Expressions::least(int node, std::vector<Value> const& fields) const {
  auto env = environment(fields);
  auto const bounds = number_bounds(node, env);
  return bounds ? bounds->low : -std::numeric_limits<double>::infinity();
}

std::string Expressions::evidence(int node, std::vector<Value> const& fields,
                                  Value const& result) const {
  auto env = environment(fields);
  Line line;
  explain(node, env, result, line);
  line.close_part();
  return std::move(line.text);
}

// Shows the values of the parts that decided `result`: for `and`/`or`, only the operands that
// settled it; for a comparison, each operand that is not a fixed value, and what was needed.
void Expressions::explain(int index, Env& env, Value const& result, Line& line) const {
  Node const& n = at(index);
  // `boundary`: the fixed value it is compared with, if any (the value is then shown precisely
  // enough to stand on its own side of it).
  auto show = [&](int operand, Value const* boundary) {
    Node const& o = at(operand);
    auto value = eval(operand, env);
    line.begin_part();
    line.text += o.text;
    if (o.op == Op::divide && value.get().is_missing()) {
      auto const divisor = eval(o.b, env);
      if (!divisor.get().is_missing() && divisor.get().number() == 0) {
        line.text += " cannot be worked out: it divides by zero (";
        line.text += at(o.b).text;
        line.text += " = 0)";
        return;
      }
    }
    if (o.op == Op::count && value.get().is_missing()) {
      if (auto const b = number_bounds(operand, env)) {
        line.text += fmt::format(" is {} to {} (an entry is missing)", rules::format_number(b->low),
                                 rules::format_number(b->high));
        return;
      }
    }
    if (o.op == Op::longest_gap && value.get().is_missing()) {
      bool breaks_unknown = false;
      if (auto const b = gap_bounds(operand, env, &breaks_unknown)) {
        if (breaks_unknown)
          line.text += fmt::format(" is at most {} (the explained breaks are not known)",
                                   rules::format_duration(Duration{b->high}));
        else
          line.text += fmt::format(" is {} to {} (dates given only to the month or year)",
                                   rules::format_duration(Duration{b->low}),
                                   rules::format_duration(Duration{b->high}));
        return;
      }
    }
    // The records themselves (before any `where`): when they are missing, so are the years.
    auto const records = [&] { return at(o.a).op == Op::filter ? at(o.a).a : o.a; };
    if (o.op == Op::years && value.get().is_missing() && !eval(records(), env).get().is_missing()) {
      bool dates_only = false;
      if (auto const b = years_bounds(operand, env, &dates_only)) {
        // Each end shown precisely enough to stand on its own side of the boundary.
        auto const shown = [&](double years) {
          std::string out;
          if (boundary)
            rules::append_display_against(out, Value{years}, o.type, *boundary);
          else
            rules::append_display(out, Value{years}, o.type);
          return out;
        };
        char const* const why = dates_only ? "dates given only to the month or year"
                                           : "a spell's dates, or whether it counts, are missing";
        if (std::isinf(b->high))
          line.text += fmt::format(" is at least {} ({})", shown(b->low), why);
        else
          line.text += fmt::format(" is {} to {} ({})", shown(b->low), shown(b->high), why);
        return;
      }
    }
    if (value.get().is_unknown()) {
      line.text += " is missing";
    } else {
      line.text += " = ";
      if (boundary)
        rules::append_display_against(line.text, value.get(), o.type, *boundary);
      else
        rules::append_display(line.text, value.get(), o.type);
    }
  };
  switch (n.op) {
    case Op::logical_and:
    case Op::logical_or: {
      Truth const whole = truth(result);
      bool const settled_by_one = (n.op == Op::logical_and && whole == Truth::no) ||
                                  (n.op == Op::logical_or && whole == Truth::yes);
      for (int const operand : chain(index)) {
        Value const part = eval(operand, env).get();
        if (!settled_by_one || truth(part) == whole) explain(operand, env, part, line);
      }
      return;
    }
    case Op::logical_not: {
      Value const inner = eval(n.a, env).get();
      explain(n.a, env, inner, line);
      return;
    }
    case Op::constant:
      return;
    case Op::text_contains:
    case Op::text_starts:
    case Op::text_ends:
    case Op::text_word:
      // What was searched is text the applicant wrote (a statement, with their name and
      // address): the evidence says what was looked for and whether it was found, and never
      // copies the text into a run.
      line.begin_part();
      if (result.is_missing()) {
        line.text += at(n.a).text;
        line.text += " is missing";
      } else {
        line.text += n.text;
        line.text += result.boolean() ? ": found" : ": not found";
      }
      return;
    default:
      break;
  }
  bool const binary = n.b >= 0 && n.op != Op::filter && n.op != Op::any && n.op != Op::all;
  if (!binary) {
    show(index, nullptr);
    return;
  }
  bool const left_fixed = at(n.a).op == Op::constant;
  bool const right_fixed = at(n.b).op == Op::constant;
  if (!left_fixed) show(n.a, right_fixed ? &at(n.b).constant : nullptr);
  if (!right_fixed) show(n.b, left_fixed ? &at(n.a).constant : nullptr);
  if (right_fixed && !left_fixed && truth(result) != Truth::yes) {
    line.text += ", needs ";
    line.text += n.symbol;
    line.text += ' ';
    line.text += at(n.b).text;
  }
}

}  // namespace sift::engine
