#include "cells.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "sift/rules/folding.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

// A number written as JSON writes one (RFC 8259), and small enough for a double: it goes into
// the record as it is. Anything else ("02", "+2", ".5", "1e999") goes through as text, for the
// validator to name (the import fuzzer found "02" passed through as invalid JSON).
bool is_number(std::string_view text) {
  std::size_t i = 0;
  auto const digits = [&] {
    auto const start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9')
      ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0')
    ++i;
  else if (!digits())
    return false;
  if (i < text.size() && text[i] == '.' && (++i, !digits())) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size() && std::isfinite(std::strtod(std::string(text).c_str(), nullptr));
}

// Whole numbers separated by '/', as written: "20/10/2026" is {20, 10, 2026}.
std::vector<int> slash_numbers(std::string_view text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('/', start);
    if (end == std::string_view::npos) end = text.size();
    auto const part = text.substr(start, end - start);
    if (part.empty() || part.size() > 4 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return {};
    out.push_back(std::stoi(std::string(part)));
    start = end + 1;
  }
  return out;
}

std::optional<rules::Date> calendar_date(int year, int month, int day) {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return std::nullopt;
  return rules::parse_date(fmt::format("{:04}-{:02}-{:02}", year, month, day));
}

// A date as a person writes it: 20/10/2026, or 10/2026 when only the month is known (a partial
// date, "2026-10"); ISO dates and years as they are. Anything else goes through as text.
std::string date_json(std::string const& cell) {
  if (rules::parse_partial_date(cell)) return json_string(cell);
  auto const parts = slash_numbers(cell);
  if (parts.size() == 3)
    if (auto const date = calendar_date(parts[2], parts[1], parts[0]))
      return json_string(rules::format_date(*date));
  if (parts.size() == 2 && parts[0] >= 1 && parts[0] <= 12 && parts[1] >= 1000)
    return json_string(fmt::format("{:04}-{:02}", parts[1], parts[0]));
  return json_string(cell);
}

std::string scalar_description(rules::Type const& type);

}  // namespace

bool says_none(std::string const& cell) {
  auto const word = lower_ascii(cell);
  return word == "none" || word == "current" || word == "n/a";
}

std::string cell_json(std::string const& cell, rules::Type const& type, CellContext context,
                      std::string& problem) {
  // "none" is an answer: no end date (the current post), no TLR, no entries at all. An empty
  // cell says nothing, and is missing.
  if ((type.optional || type.is_collection()) && says_none(cell))
    return type.is_collection() ? "[]" : "null";
  switch (type.kind) {
    case rules::TypeKind::boolean: {
      auto const word = lower_ascii(cell);
      if (word == "true" || word == "yes" || word == "y") return "true";
      if (word == "false" || word == "no" || word == "n") return "false";
      return json_string(cell);
    }
    case rules::TypeKind::number:
    case rules::TypeKind::duration:
      return is_number(cell) ? cell : json_string(cell);
    case rules::TypeKind::date:
      return date_json(cell);
    case rules::TypeKind::text: {
      if (type.domain.empty()) return json_string(cell);
      // "Biology" is biology, and "Économie" économie: case and accents are no difference.
      auto const fold = [](std::string_view text) {
        return rules::folded(text, rules::Accents::ignored);
      };
      auto const key = fold(cell);
      auto const found = std::find_if(type.domain.begin(), type.domain.end(),
                                      [&](std::string const& value) { return fold(value) == key; });
      return json_string(found == type.domain.end() ? cell : *found);
    }
    case rules::TypeKind::list:
    case rules::TypeKind::set: {
      if (type.holds_records()) {
        problem = fmt::format(
            "its entries go on the sheet {}, a row each; here, write only "
            "'none' if there are none",
            context.member);
        return {};
      }
      std::string out = "[";
      std::size_t start = 0;
      while (start <= cell.size()) {
        auto end = cell.find(';', start);
        if (end == std::string::npos) end = cell.size();
        auto const item = trimmed(std::string_view(cell).substr(start, end - start));
        if (!item.empty()) {
          if (out.size() > 1) out += ',';
          out += cell_json(item, type.element_type(), context, problem);
        }
        start = end + 1;
      }
      return out + "]";
    }
    case rules::TypeKind::record:
    case rules::TypeKind::any:
      break;
  }
  problem = fmt::format("{} is {}: its members have columns of their own ({}.member)",
                        context.member, rules::describe(type), context.member);
  return {};
}

std::string monitoring_json(std::string const& cell) {
  auto const word = lower_ascii(cell);
  if (word == "yes" || word == "true") return "true";
  if (word == "no" || word == "false") return "false";
  return json_string(cell);
}

std::optional<rules::Date> excel_date(double serial) {
  // 1900-01-01 to 2200-12-31; Excel's day 60 (a 29 February 1900 that never was) is before.
  if (!std::isfinite(serial) || serial < 61 || serial > 110'000) return std::nullopt;
  auto const epoch = rules::make_date(1899, 12, 30);
  return rules::Date{epoch.days + static_cast<std::int32_t>(std::floor(serial))};
}

std::string uk_date(rules::Date date) {
  auto const iso = rules::format_date(date);
  if (iso.size() == 4) return iso;                                                       // a year
  if (iso.size() == 7) return fmt::format("{}/{}", iso.substr(5, 2), iso.substr(0, 4));  // a month
  return fmt::format("{}/{}/{}", iso.substr(8, 2), iso.substr(5, 2), iso.substr(0, 4));
}

std::string cell_description(rules::Type const& type) {
  auto description = scalar_description(type);
  if (type.optional) description += "; or none";
  return description;
}

namespace {

std::string scalar_description(rules::Type const& type) {
  switch (type.kind) {
    case rules::TypeKind::boolean:
      return "yes or no";
    case rules::TypeKind::number:
      if (type.range)
        return fmt::format("a number from {} to {}", rules::format_number(type.range->low),
                           rules::format_number(type.range->high));
      return "a number";
    case rules::TypeKind::duration:
      return "a number of days";
    case rules::TypeKind::date:
      return "a date, such as 20/10/2026 (10/2026 or 2026 when only the month or year is known)";
    case rules::TypeKind::text:
      if (!type.domain.empty()) return fmt::format("one of: {}", fmt::join(type.domain, ", "));
      return "text";
    case rules::TypeKind::list:
    case rules::TypeKind::set:
      return fmt::format("several, separated by ';': each {}",
                         cell_description(type.element_type()));
    case rules::TypeKind::record:
    case rules::TypeKind::any:
      break;
  }
  return "a value";
}

}  // namespace

}  // namespace sift::data
