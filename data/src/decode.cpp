#include "decode.hpp"

#include "sift/rules/suggest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sift::data {

using rules::Type;
using rules::TypeKind;
using rules::Value;
using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// Numbers beyond this cannot be told apart as integers in a double; none is plausible on a form.
constexpr double largest_number = 1e15;

char const* expected(Type const& type) {
  switch (type.kind) {
    case TypeKind::boolean:
      return "true or false";
    case TypeKind::number:
      return "a number";
    case TypeKind::text:
      return "a text";
    case TypeKind::date:
      return "a date (\"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\")";
    case TypeKind::duration:
      return "a number of days";
    case TypeKind::list:
    case TypeKind::set:
      return "a list";
    case TypeKind::record:
      return "an object";
    case TypeKind::any:
      return "a value";
  }
  return "a value";
}

std::string outside_domain(std::string_view text, Type const& type, JsonPath const& path) {
  auto const suggestion = rules::nearest_value(text, type.domain);
  return fmt::format("{} is \"{}\", not one of the form's values{}", path.text(), text,
                     suggestion ? fmt::format(" (did you mean \"{}\"?)", *suggestion) : "");
}

std::string mismatch(element json, Type const& type, JsonPath const& path) {
  return fmt::format("{} is {}, expected {}", path.text(), describe_json(json), expected(type));
}

std::string decode_number(element json, Type const& type, JsonPath const& path, double& out) {
  switch (json.type()) {
    case element_type::INT64:
      out = static_cast<double>(json.get_int64().value_unsafe());
      break;
    case element_type::UINT64:
      out = static_cast<double>(json.get_uint64().value_unsafe());
      break;
    case element_type::DOUBLE:
      out = json.get_double().value_unsafe();
      break;
    default:
      return mismatch(json, type, path);
  }
  if (!std::isfinite(out) || std::fabs(out) > largest_number)
    return fmt::format("{} is {}, too large a number", path.text(), simdjson::minify(json));
  if (type.range && (out < type.range->low || out > type.range->high))
    return fmt::format("{} is {}, outside the range {} to {}", path.text(),
                       rules::format_number(out), rules::format_number(type.range->low),
                       rules::format_number(type.range->high));
  return {};
}

// `value` as a list of `size` values, keeping the list (and the texts and lists inside its
// values) that it held for the previous application: a run reads a million applications into
// the same values, and allocating them afresh each time was a fifth of its work.
rules::Items& reused_items(Value& value, std::size_t size) {
  auto* items = std::get_if<rules::Items>(&value.data);
  if (!items) items = &value.data.emplace<rules::Items>();
  items->resize(size);
  return *items;
}

}  // namespace

std::string describe_json(element json) {
  switch (json.type()) {
    case element_type::ARRAY:
      return "a list";
    case element_type::OBJECT:
      return "an object";
    case element_type::STRING: {
      auto const text = json.get_string().value_unsafe();
      return fmt::format("the text \"{}\"", text.size() > 40
                                                ? std::string(text.substr(0, 40)) + "..."
                                                : std::string(text));
    }
    case element_type::BOOL:
      return json.get_bool().value_unsafe() ? "true" : "false";
    case element_type::NULL_VALUE:
      return "null";
    default:
      return fmt::format("the number {}", simdjson::minify(json));
  }
}

std::string JsonPath::text() const {
  std::string const before = parent ? parent->text() : std::string();
  if (key.empty()) return fmt::format("{}[{}]", before, index);
  return parent ? fmt::format("{}.{}", before, key) : std::string(key);
}

namespace {

// Reads one part of a value (a list item, a record member). Returns true to go on: when the
// part is good, or when a record is being checked whole (the part's own problem, if its parts
// did not already note it, is noted; `first` keeps the first).
bool read_part(element json, Type const& type, JsonPath const& path, Value* out, Checking* checking,
               std::string& first) {
  auto const before = checking ? checking->problems.size() : 0;
  auto problem = decode(json, type, path, out, checking);
  if (problem.empty()) return true;
  if (first.empty()) first = problem;
  if (!checking) return false;
  if (checking->problems.size() == before) checking->problems.push_back(std::move(problem));
  return true;
}

// Notes an object's members that `type` does not declare, and keys it says twice.
void check_members(simdjson::dom::object object, Type const& type, JsonPath const& path,
                   Checking& checking) {
  auto& keys = checking.keys;
  keys.clear();
  for (auto const field : object) {
    std::string_view const key =
        field.key;  // a lambda cannot capture a structured binding in clang 14
    keys.push_back(key);
    bool const declared = std::any_of(type.members.begin(), type.members.end(),
                                      [&](auto const& member) { return member.name == key; });
    if (!declared) checking.undeclared.push_back(JsonPath{&path, key}.text());
  }
  std::sort(keys.begin(), keys.end());
  if (auto const twice = std::adjacent_find(keys.begin(), keys.end()); twice != keys.end())
    checking.problems.push_back(
        fmt::format("the key '{}' appears twice in {}; say each thing once", *twice, path.text()));
}

}  // namespace

std::string decode(element json, Type const& type, JsonPath const& path, Value* out,
                   Checking* checking) {
  if (json.is_null()) {
    if (out) *out = type.optional ? Value{rules::None{}} : Value{rules::Unknown{}};
    return {};
  }
  switch (type.kind) {
    case TypeKind::boolean:
      if (!json.is_bool()) return mismatch(json, type, path);
      if (out) out->data = json.get_bool().value_unsafe();
      return {};
    case TypeKind::number: {
      double number = 0;
      auto problem = decode_number(json, type, path, number);
      if (problem.empty() && out) out->data = number;
      return problem;
    }
    case TypeKind::duration: {
      double days = 0;
      auto problem = decode_number(json, type, path, days);
      if (problem.empty() && out) out->data = rules::Duration{days};
      return problem;
    }
    case TypeKind::text: {
      if (!json.is_string()) return mismatch(json, type, path);
      auto const text = json.get_string().value_unsafe();
      if (!type.domain.empty() &&
          std::find(type.domain.begin(), type.domain.end(), text) == type.domain.end())
        return outside_domain(text, type, path);
      if (!out) return {};
      if (auto* reused = std::get_if<std::string>(&out->data))
        reused->assign(text);
      else
        out->data.emplace<std::string>(text);
      return {};
    }
    case TypeKind::date: {
      if (!json.is_string()) return mismatch(json, type, path);
      auto const text = json.get_string().value_unsafe();
      auto const date = rules::parse_partial_date(text);
      if (!date)
        return fmt::format(
            "{} is \"{}\", which is not a calendar date (YYYY-MM-DD, or YYYY-MM or YYYY when "
            "only the month or year is known)",
            path.text(), text);
      if (out) out->data = *date;
      return {};
    }
    case TypeKind::list:
    case TypeKind::set: {
      if (!json.is_array()) return mismatch(json, type, path);
      JsonPath item_path{&path, {}, 0};
      simdjson::dom::array array;  // a copy: the result object is a temporary
      if (json.get_array().get(array)) return mismatch(json, type, path);
      rules::Items* items = out ? &reused_items(*out, array.size()) : nullptr;
      std::string first;
      for (element item : array) {
        // size() saturates for lists longer than any form holds: grow rather than overrun.
        if (items && item_path.index >= items->size()) items->resize(item_path.index + 1);
        if (!read_part(item, type.element_type(), item_path,
                       items ? &(*items)[item_path.index] : nullptr, checking, first))
          return first;
        ++item_path.index;
      }
      if (items && first.empty() && type.kind == TypeKind::set) rules::normalise_set(*items);
      return first;
    }
    case TypeKind::record: {
      if (!json.is_object()) return mismatch(json, type, path);
      simdjson::dom::object object;
      if (json.get_object().get(object)) return mismatch(json, type, path);
      rules::Items* members = out ? &reused_items(*out, type.members.size()) : nullptr;
      std::string first;
      for (std::size_t i = 0; i < type.members.size(); ++i) {
        element member;
        // An absent member is missing (Unknown), even where null would mean none.
        if (object.at_key(type.members[i].name).get(member)) {
          if (members) (*members)[i].data = rules::Unknown{};
          continue;
        }
        JsonPath const member_path{&path, type.members[i].name};
        if (!read_part(member, type.members[i].type, member_path,
                       members ? &(*members)[i] : nullptr, checking, first))
          return first;
      }
      if (checking) check_members(object, type, path, *checking);
      return first;
    }
    case TypeKind::any:
      break;
  }
  return mismatch(json, type, path);
}

namespace {

// Walks a document on demand, touching every number, and reports the path of the first that
// cannot be read.
bool find_bad_number(simdjson::ondemand::value value, std::string& path) {
  simdjson::ondemand::json_type type;
  if (value.type().get(type)) return false;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (value.get_object().get(object)) return false;
      for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        auto const base = path.size();
        if (!path.empty()) path += '.';
        path.append(key);
        if (find_bad_number(field.value(), path)) return true;
        path.resize(base);
      }
      return false;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (value.get_array().get(array)) return false;
      std::size_t index = 0;
      for (auto item : array) {
        auto const base = path.size();
        path += fmt::format("[{}]", index++);
        simdjson::ondemand::value inner;
        if (item.get(inner) || find_bad_number(inner, path)) return true;
        path.resize(base);
      }
      return false;
    }
    case simdjson::ondemand::json_type::number: {
      double number;
      return value.get_double().get(number) != simdjson::SUCCESS || !std::isfinite(number) ||
             std::fabs(number) > largest_number;
    }
    default:
      return false;
  }
}

}  // namespace

std::string locate_bad_number(std::string_view line) {
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document document;
  if (parser.iterate(padded).get(document)) return {};
  simdjson::ondemand::value root;
  if (document.get_value().get(root)) return {};
  std::string path;
  return find_bad_number(root, path) ? path : std::string();
}

void write_declared(element json, Type const& type, std::string& out) {
  if (json.is_object() && type.kind == TypeKind::record) {
    out += '{';
    bool first = true;
    simdjson::dom::object const object =
        json.get_object().value_unsafe();  // kept: the loop uses it
    for (auto const field : object) {
      std::string_view const key = field.key;
      auto const& value = field.value;
      auto const member = std::find_if(type.members.begin(), type.members.end(),
                                       [&](auto const& m) { return m.name == key; });
      if (member == type.members.end()) continue;
      if (!first) out += ',';
      first = false;
      // A declared name is an identifier: it needs no escaping.
      out.append(1, '"').append(member->name).append("\":");
      write_declared(value, member->type, out);
    }
    out += '}';
  } else if (json.is_array() && (type.kind == TypeKind::list || type.kind == TypeKind::set)) {
    out += '[';
    bool first = true;
    simdjson::dom::array const array = json.get_array().value_unsafe();
    for (element item : array) {
      if (!first) out += ',';
      first = false;
      write_declared(item, type.element_type(), out);
    }
    out += ']';
  } else {
    out += simdjson::minify(json);
  }
}

}  // namespace sift::data
