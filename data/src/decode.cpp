#include "decode.hpp"

#include <fmt/format.h>

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
      return "a date (\"YYYY-MM-DD\")";
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

std::string decode(element json, Type const& type, JsonPath const& path, Value* out) {
  if (json.is_null()) {
    if (out) *out = type.optional ? Value{rules::None{}} : Value{rules::Unknown{}};
    return {};
  }
  switch (type.kind) {
    case TypeKind::boolean:
      if (!json.is_bool()) return mismatch(json, type, path);
      if (out) *out = Value{json.get_bool().value_unsafe()};
      return {};
    case TypeKind::number: {
      double number = 0;
      auto problem = decode_number(json, type, path, number);
      if (problem.empty() && out) *out = Value{number};
      return problem;
    }
    case TypeKind::duration: {
      double days = 0;
      auto problem = decode_number(json, type, path, days);
      if (problem.empty() && out) *out = Value{rules::Duration{days}};
      return problem;
    }
    case TypeKind::text:
      if (!json.is_string()) return mismatch(json, type, path);
      if (out) *out = Value{std::string(json.get_string().value_unsafe())};
      return {};
    case TypeKind::date: {
      if (!json.is_string()) return mismatch(json, type, path);
      auto const text = json.get_string().value_unsafe();
      auto const date = rules::parse_date(text);
      if (!date)
        return fmt::format("{} is \"{}\", which is not a calendar date (YYYY-MM-DD)", path.text(),
                           text);
      if (out) *out = Value{*date};
      return {};
    }
    case TypeKind::list:
    case TypeKind::set: {
      if (!json.is_array()) return mismatch(json, type, path);
      rules::Items items;
      JsonPath item_path{&path, {}, 0};
      simdjson::dom::array array;  // a copy: the result object is a temporary
      if (json.get_array().get(array)) return mismatch(json, type, path);
      for (element item : array) {
        Value value;
        auto problem = decode(item, type.element_type(), item_path, out ? &value : nullptr);
        if (!problem.empty()) return problem;
        ++item_path.index;
        if (out) items.push_back(std::move(value));
      }
      if (!out) return {};
      if (type.kind == TypeKind::set) rules::normalise_set(items);
      *out = Value{std::move(items)};
      return {};
    }
    case TypeKind::record: {
      if (!json.is_object()) return mismatch(json, type, path);
      rules::Items members(out ? type.members.size() : 0, Value{rules::Unknown{}});
      simdjson::dom::object object;
      if (json.get_object().get(object)) return mismatch(json, type, path);
      for (std::size_t i = 0; i < type.members.size(); ++i) {
        element member;
        // An absent member is missing (Unknown), even where null would mean none.
        if (object.at_key(type.members[i].name).get(member)) continue;
        JsonPath const member_path{&path, type.members[i].name};
        auto problem =
            decode(member, type.members[i].type, member_path, out ? &members[i] : nullptr);
        if (!problem.empty()) return problem;
      }
      if (out) *out = Value{std::move(members)};
      return {};
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

}  // namespace sift::data
