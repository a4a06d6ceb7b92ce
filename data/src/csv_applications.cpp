#include "csv_applications.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "cells.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

// A list of records in one cell is the CSV import's older form: JSON in the cell. A workbook
// gives such a list a sheet of its own instead.
std::string list_json(std::string const& cell, rules::Type const& type, std::string const& column,
                      std::string& problem) {
  simdjson::dom::parser parser;
  simdjson::dom::element parsed;
  if (auto const error = parser.parse(cell).get(parsed)) {
    problem =
        fmt::format("column {} holds {} as JSON in the cell, but the cell is not valid JSON ({})",
                    column, rules::describe(type), simdjson::error_message(error));
    return {};
  }
  return cell;
}

}  // namespace

std::string check_csv_header(std::vector<std::string> const& header) {
  std::set<std::string> seen;
  for (auto const& column : header)
    if (!seen.insert(column).second)
      return fmt::format("the header names column '{}' twice", column);
  for (char const* required : {"ref", "vacancy"})
    if (!seen.contains(required)) return fmt::format("the header has no '{}' column", required);
  return {};
}

std::string csv_row_to_json(std::vector<std::string> const& header,
                            std::vector<std::string> const& row, FormLookup const& forms,
                            std::string& json) {
  if (row.size() != header.size())
    return fmt::format("{} fields, but the header has {}", row.size(), header.size());
  auto const vacancy_column = std::find(header.begin(), header.end(), "vacancy") - header.begin();
  auto const* form = forms(trimmed(row[static_cast<std::size_t>(vacancy_column)]));

  // Top-level members in header order; a record's members (dotted columns) gathered under it.
  struct Member {
    std::string key;
    std::string value;
    bool gathered = false;  // built from dotted columns: wrap in braces
  };
  std::vector<Member> members;
  auto member_of = [&](std::string const& key) -> Member& {
    for (auto& m : members)
      if (m.key == key) return m;
    members.push_back({key, "", false});
    return members.back();
  };
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto const cell = trimmed(row[i]);
    if (cell.empty()) continue;  // missing
    auto const& column = header[i];
    auto const dot = column.find('.');
    std::string const top = column.substr(0, dot);
    std::string problem;
    std::string value;
    if (top == "ref" || top == "vacancy" || top == "personal" || top == "monitoring" || !form) {
      value = top == "monitoring" && dot != std::string::npos ? monitoring_json(cell)
                                                              : json_string(cell);
    } else {
      int const slot = form->field_index(top);
      if (slot < 0) return fmt::format("column {} is not a field of this vacancy's form", column);
      auto const& type = form->fields[static_cast<std::size_t>(slot)].type;
      if (dot == std::string::npos) {
        value = type.holds_records() ? list_json(cell, type, column, problem)
                                     : cell_json(cell, type, {column}, problem);
      } else {
        int const index =
            type.kind == rules::TypeKind::record ? type.member_index(column.substr(dot + 1)) : -1;
        if (index < 0)
          return fmt::format("column {}: '{}' has no member '{}'", column, top,
                             column.substr(dot + 1));
        value =
            cell_json(cell, type.members[static_cast<std::size_t>(index)].type, {column}, problem);
      }
    }
    if (!problem.empty()) return problem;
    auto& member = member_of(top);
    if (dot == std::string::npos) {
      member.value = value;
    } else {
      member.gathered = true;
      member.value +=
          (member.value.empty() ? "" : ",") + json_string(column.substr(dot + 1)) + ":" + value;
    }
  }
  json = "{";
  for (auto const& m : members) {
    if (json.size() > 1) json += ',';
    json += json_string(m.key) + ":" + (m.gathered ? "{" + m.value + "}" : m.value);
  }
  json += '}';
  return {};
}

}  // namespace sift::data
