#include "workbook_source.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <optional>

#include "cells.hpp"
#include "decode.hpp"
#include "record_builder.hpp"
#include "sift/data/error.hpp"
#include "sift/data/workbooks.hpp"
#include "sift/rules/suggest.hpp"
#include "text.hpp"

namespace sift::data {

namespace {

[[noreturn]] void refuse(std::string const& name, std::string const& what) {
  throw Error(ErrorKind::invalid_input, fmt::format("{}: {}; nothing imported", name, what));
}

struct Record {
  std::size_t row = 0;  // on the applicants sheet (0: a row of another sheet with no applicant)
  std::string ref;
  RecordBuilder builder;
  std::vector<std::string> problems;
};

// A sheet's header matched to the layout's columns: the layout column of each cell, or none.
struct Header {
  std::vector<WorkbookColumn const*> columns;
  std::size_t ref = 0;
};

Header read_header(std::string const& name, Sheet const& sheet, WorkbookSheet const& layout) {
  Header header;
  if (sheet.rows.empty() || sheet.rows.front().number != 1)
    refuse(name, fmt::format("sheet {} has no header row (row 1 names the columns)", sheet.name));
  std::vector<std::string> names;
  for (auto const& c : layout.columns)
    names.push_back(c.name);
  bool has_ref = false;
  for (std::size_t i = 0; i < sheet.rows.front().cells.size(); ++i) {
    auto const heading = trimmed(sheet.rows.front().cells[i].text);
    header.columns.push_back(nullptr);
    if (heading.empty()) continue;
    auto const found = std::find_if(layout.columns.begin(), layout.columns.end(),
                                    [&](WorkbookColumn const& c) { return c.name == heading; });
    if (found == layout.columns.end()) {
      auto const suggestion = rules::nearest(heading, names);
      refuse(name, fmt::format("sheet {}, row 1, column {}: '{}' is not a column of this sheet{}",
                               sheet.name, column_letters(i), heading,
                               suggestion ? fmt::format(" (did you mean '{}'?)", *suggestion)
                                          : std::string()));
    }
    for (std::size_t j = 0; j < i; ++j)
      if (header.columns[j] == &*found)
        refuse(name, fmt::format("sheet {}, row 1: column '{}' is named twice ({} and {})",
                                 sheet.name, heading, column_letters(j), column_letters(i)));
    header.columns[i] = &*found;
    if (found->part == ColumnPart::key) {
      header.ref = i;
      has_ref = true;
    }
  }
  if (!has_ref) refuse(name, fmt::format("sheet {} has no 'ref' column", sheet.name));
  return header;
}

class WorkbookSource final : public RecordSource {
 public:
  WorkbookSource(std::vector<Sheet> sheets, std::string name, std::string vacancy,
                 FormLookup const& forms)
      : name_(std::move(name)) {
    vacancy = resolve_vacancy(sheets, vacancy);
    auto const* form = forms(vacancy);
    if (!form)
      refuse(name_, fmt::format("vacancy '{}' is not in the database; add its specification "
                                "first with 'sift vacancy add'",
                                vacancy));
    auto const layout = workbook_layout(*form);
    std::map<std::string, Sheet const*> by_name;
    for (auto const& sheet : sheets) {
      if (sheet.name == about_sheet || sheet.name == lists_sheet) continue;
      auto const known = std::any_of(layout.begin(), layout.end(),
                                     [&](WorkbookSheet const& l) { return l.name == sheet.name; });
      if (!known) {
        std::vector<std::string> names;
        for (auto const& l : layout)
          names.push_back(l.name);
        refuse(name_, fmt::format("sheet '{}' is not part of vacancy '{}''s form; its sheets are "
                                  "{} (and about)",
                                  sheet.name, vacancy, fmt::join(names, ", ")));
      }
      by_name[sheet.name] = &sheet;
    }
    if (!by_name.contains(applicants_sheet))
      refuse(name_, fmt::format("there is no '{}' sheet", applicants_sheet));
    for (auto const& layout_sheet : layout) {
      auto const found = by_name.find(layout_sheet.name);
      if (found == by_name.end()) continue;
      read_sheet(*found->second, layout_sheet, vacancy);
    }
    content = !records_.empty();
  }

  bool next(std::string& text, std::size_t& line, std::vector<std::string>& problems) override {
    if (next_ >= records_.size()) return false;
    auto& record = records_[next_++];
    line = record.row;
    text = record.builder.json();
    problems = std::move(record.problems);
    current_ = text;
    place_ = record.row == 0 ? std::string()
                             : fmt::format("ref {} (sheet {}, row {})", record.ref,
                                           applicants_sheet, record.row);
    return true;
  }

  void write_reject(std::ostream& rejects, std::string const&) override {
    rejects << current_ << '\n';
  }

  std::string place() const override { return place_; }

 private:
  std::string resolve_vacancy(std::vector<Sheet> const& sheets, std::string const& given) {
    std::string named;
    for (auto const& sheet : sheets)
      if (sheet.name == about_sheet)
        for (auto const& row : sheet.rows)
          if (row.cells.size() >= 2 && trimmed(row.cells[0].text) == "vacancy")
            named = trimmed(row.cells[1].text);
    if (!given.empty() && !named.empty() && given != named)
      refuse(name_, fmt::format("the about sheet says vacancy '{}', but --vacancy says '{}'", named,
                                given));
    if (given.empty() && named.empty())
      refuse(name_,
             "which vacancy is this for? Give --vacancy V, or name it on an 'about' sheet "
             "(a row: vacancy, V)");
    return given.empty() ? named : given;
  }

  // A cell as JSON for its column, checked for its type; empty (with a problem noted) if bad.
  std::string cell_value(SheetCell const& cell, WorkbookColumn const& column,
                         std::string const& where, std::vector<std::string>& problems) {
    std::string text = trimmed(cell.text);
    switch (column.part) {
      case ColumnPart::key:
      case ColumnPart::personal:
      case ColumnPart::statement:
        return json_string(text);
      case ColumnPart::monitoring:
        return monitoring_json(text);
      case ColumnPart::fact:
        break;
    }
    // Excel keeps a date as a day number; shown as a date, it is one.
    if (cell.number && column.type.kind == rules::TypeKind::date)
      if (auto const date = excel_date(*cell.number)) text = rules::format_date(*date);
    std::string problem;
    auto json = cell_json(text, column.type, {column.name}, problem);
    if (problem.empty() && column.type.kind == rules::TypeKind::date && json != "null" &&
        !rules::parse_partial_date(json.substr(1, json.size() - 2)))
      problem = fmt::format(
          "{} is \"{}\", not a date: write it as 20/10/2026 (or 10/2026, or "
          "2026, when only the month or year is known)",
          column.name, text);
    if (problem.empty()) {
      simdjson::dom::element value;
      if (auto const error = parser_.parse(json).get(value))
        problem = fmt::format("cannot be read ({})", simdjson::error_message(error));
      else
        problem = decode(value, column.type, JsonPath{nullptr, column.name}, nullptr);
    }
    if (problem.empty()) return json;
    problems.push_back(fmt::format("{}: {}", where, problem));
    return {};
  }

  void read_sheet(Sheet const& sheet, WorkbookSheet const& layout, std::string const& vacancy) {
    auto const header = read_header(name_, sheet, layout);
    for (std::size_t r = 1; r < sheet.rows.size(); ++r) {
      auto const& row = sheet.rows[r];
      auto const ref = header.ref < row.cells.size() ? trimmed(row.cells[header.ref].text) : "";
      Record* record = nullptr;
      std::vector<std::string> problems;
      if (layout.name == applicants_sheet) {
        records_.push_back({row.number, ref, {}, {}});
        record = &records_.back();
        record->builder.set("ref", json_string(ref));
        record->builder.set("vacancy", json_string(vacancy));
        if (!ref.empty()) record_of_[ref] = records_.size() - 1;
      } else if (auto const found = record_of_.find(ref); found != record_of_.end()) {
        record = &records_[found->second];
      } else {
        records_.push_back({0, ref, {}, {}});
        records_.back().problems.push_back(fmt::format(
            "sheet {}, row {}: {}", sheet.name, row.number,
            ref.empty() ? "the ref is empty"
                        : fmt::format("ref '{}' is not on the {} sheet", ref, applicants_sheet)));
        continue;
      }
      RecordBuilder entry;
      for (std::size_t c = 0; c < row.cells.size(); ++c) {
        auto const* column = c < header.columns.size() ? header.columns[c] : nullptr;
        bool const empty = trimmed(row.cells[c].text).empty();
        if (!column && !empty)  // nothing is dropped unsaid
          record->problems.push_back(
              fmt::format("sheet {}, row {}, column {}: a value under no heading; name the "
                          "column in row 1, or clear the cell",
                          sheet.name, row.number, column_letters(c)));
        if (!column || column->part == ColumnPart::key || empty) continue;
        auto const where = fmt::format("sheet {}, row {}, column {} ({})", sheet.name, row.number,
                                       column_letters(c), column->name);
        auto json = cell_value(row.cells[c], *column, where, record->problems);
        if (json.empty()) continue;
        if (layout.name == applicants_sheet)
          record->builder.set(column->name, std::move(json));
        else if (layout.name == monitoring_sheet)
          record->builder.set("monitoring." + column->name, std::move(json));
        else
          entry.set(column->name, std::move(json));
      }
      if (!layout.field.empty() && !record->builder.append(layout.field, entry.json()))
        record->problems.push_back(
            fmt::format("sheet {}, row {}: the {} sheet says {} is none, but here is one",
                        sheet.name, row.number, applicants_sheet, layout.field));
    }
  }

  std::string name_;
  std::vector<Record> records_;
  std::map<std::string, std::size_t> record_of_;  // ref -> its record
  std::size_t next_ = 0;
  std::string current_;
  std::string place_;
  simdjson::dom::parser parser_;
};

}  // namespace

std::unique_ptr<RecordSource> workbook_source(std::vector<Sheet> sheets, std::string const& name,
                                              std::string const& vacancy, FormLookup const& forms) {
  return std::make_unique<WorkbookSource>(std::move(sheets), name, vacancy, forms);
}

}  // namespace sift::data
