// Writing an application workbook: the template a school fills in, or the same filled with
// application records (the bundled example's workbook, and the round-trip test). libxlsxwriter
// writes the .xlsx; a folder of CSV files takes the same sheets.
#include <fmt/format.h>
#include <simdjson.h>
#include <xlsxwriter.h>

#include <fstream>
#include <map>

#include "cells.hpp"
#include "csv.hpp"
#include "sheets.hpp"
#include "sift/data/error.hpp"
#include "sift/data/workbooks.hpp"

namespace sift::data {

namespace {

using simdjson::dom::element;

// One cell to write: nothing, a text, a number, or a date (an Excel day number in a workbook).
struct OutCell {
  enum class Kind { empty, text, number, date } kind = Kind::empty;
  std::string text;
  double number = 0;
  rules::Date date;
};

struct OutSheet {
  WorkbookSheet const* layout;
  std::vector<std::vector<OutCell>> rows;  // after the header
};

// The value at a dotted path ("pay.scale") of a JSON object, if there is one.
std::optional<element> at_path(element object, std::string_view path) {
  while (true) {
    if (!object.is_object()) return std::nullopt;
    auto const dot = path.find('.');
    element inner;
    if (object.at_key(path.substr(0, dot)).get(inner)) return std::nullopt;
    if (dot == std::string_view::npos) return inner;
    object = inner;
    path.remove_prefix(dot + 1);
  }
}

OutCell text_cell(std::string text) {
  return {OutCell::Kind::text, std::move(text), 0, {}};
}

// A record's value as its column's cell: the template's reading of the cell gives it back.
OutCell cell_of(element value, rules::Type const& type) {
  // null is none only where the type is optional; elsewhere it is missing, an empty cell.
  if (value.is_null()) return type.optional ? text_cell("none") : OutCell{};
  if (value.is_bool()) return text_cell(value.get_bool().value_unsafe() ? "yes" : "no");
  if (value.is_number()) return {OutCell::Kind::number, {}, value.get_double().value_unsafe(), {}};
  if (value.is_string()) {
    std::string text(value.get_string().value_unsafe());
    if (type.kind == rules::TypeKind::date)
      if (auto const date = rules::parse_date(text)) return {OutCell::Kind::date, text, 0, *date};
    return text_cell(std::move(text));
  }
  if (value.is_array()) {
    std::vector<std::string> items;
    simdjson::dom::array const array = value.get_array().value_unsafe();  // kept: the loop uses it
    for (element item : array) {
      if (item.is_string())
        items.emplace_back(item.get_string().value_unsafe());
      else
        items.push_back(std::string(simdjson::minify(item)));
    }
    return text_cell(items.empty() ? "none" : fmt::format("{}", fmt::join(items, "; ")));
  }
  return text_cell(std::string(simdjson::minify(value)));
}

std::vector<OutSheet> fill(std::vector<WorkbookSheet> const& layout, std::string const& vacancy,
                           std::istream* applications) {
  std::vector<OutSheet> sheets;
  for (auto const& sheet : layout)
    sheets.push_back({&sheet, {}});
  if (!applications) return sheets;
  simdjson::dom::parser parser;
  std::string line;
  std::size_t number = 0;
  while (std::getline(*applications, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    element record;
    if (parser.parse(line).get(record) || !record.is_object())
      throw Error(ErrorKind::invalid_input,
                  fmt::format("applications, line {}: not a JSON object", number));
    std::string_view record_vacancy;
    if (record.at_key("vacancy").get(record_vacancy) || record_vacancy != vacancy)
      throw Error(ErrorKind::invalid_input,
                  fmt::format("applications, line {}: not an application for vacancy '{}'", number,
                              vacancy));
    std::string_view ref;
    if (record.at_key("ref").get(ref))
      throw Error(ErrorKind::invalid_input, fmt::format("applications, line {}: no ref", number));
    for (auto& sheet : sheets) {
      auto const& columns = sheet.layout->columns;
      auto const row_of = [&](element source) {
        std::vector<OutCell> row;
        for (auto const& column : columns) {
          if (column.part == ColumnPart::key) {
            row.push_back(text_cell(std::string(ref)));
            continue;
          }
          auto const value = at_path(source, column.name);
          // A list of records is on its own sheet: here only its 'none'.
          if (value && column.type.holds_records() &&
              !(value->is_array() && value->get_array().value_unsafe().size() == 0)) {
            row.emplace_back();
            continue;
          }
          row.push_back(value ? cell_of(*value, column.type) : OutCell{});
        }
        return row;
      };
      if (sheet.layout->name == applicants_sheet) {
        sheet.rows.push_back(row_of(record));
      } else if (sheet.layout->name == monitoring_sheet) {
        element answers;
        if (!record.at_key("monitoring").get(answers) && answers.is_object())
          sheet.rows.push_back(row_of(answers));
      } else {
        element items;
        if (!record.at_key(sheet.layout->field).get(items) && items.is_array())
          for (element item : simdjson::dom::array(items.get_array().value_unsafe()))
            sheet.rows.push_back(row_of(item));
      }
    }
  }
  if (applications->bad()) throw Error(ErrorKind::io, "cannot read the applications");
  return sheets;
}

std::vector<std::vector<std::string>> about_rows(std::string const& vacancy) {
  return {{"key", "value"},
          {"vacancy", vacancy},
          {"format", "Sift application workbook, application format 1.1"},
          {"how",
           "One row per applicant on 'applicants'; one row per entry on each list sheet, "
           "with the applicant's ref; 'none' where the answer is none; an empty cell is "
           "not answered. Dates as 20/10/2026 (a month and year, 10/2026, for a start or "
           "end). Import with: sift import THIS-FILE"}};
}

void check(lxw_error error, std::filesystem::path const& out) {
  if (error != LXW_NO_ERROR)
    throw Error(ErrorKind::io, fmt::format("{}: cannot write the workbook ({})", out.string(),
                                           lxw_strerror(error)));
}

void write_xlsx(std::vector<OutSheet> const& sheets, std::string const& vacancy,
                std::filesystem::path const& out) {
  lxw_workbook* workbook = workbook_new(out.c_str());
  if (!workbook)
    throw Error(ErrorKind::io, fmt::format("{}: cannot create the workbook", out.string()));
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  lxw_format* date = workbook_add_format(workbook);
  format_set_num_format(date, "dd/mm/yyyy");
  lxw_format* text = workbook_add_format(workbook);
  format_set_num_format(text, "@");  // refs and TRNs stay as typed ("0012" is not 12)

  // Declared values go on a hidden sheet, for drop-down lists longer than Excel's 255
  // characters of inline list.
  std::vector<std::vector<std::string>> lists;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> list_of;  // (sheet, column) -> list
  for (std::size_t s = 0; s < sheets.size(); ++s)
    for (std::size_t c = 0; c < sheets[s].layout->columns.size(); ++c) {
      auto const& type = sheets[s].layout->columns[c].type;
      if (type.kind == rules::TypeKind::text && !type.domain.empty()) {
        list_of[{s, c}] = lists.size();
        lists.push_back(type.domain);
      } else if (type.kind == rules::TypeKind::boolean) {
        list_of[{s, c}] = lists.size();
        lists.push_back({"yes", "no"});
      }
    }

  for (std::size_t s = 0; s < sheets.size(); ++s) {
    auto const& sheet = sheets[s];
    lxw_worksheet* ws = workbook_add_worksheet(workbook, sheet.layout->name.c_str());
    auto const& columns = sheet.layout->columns;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      auto const col = static_cast<lxw_col_t>(c);
      auto const& column = columns[c];
      check(worksheet_write_string(ws, 0, col, column.name.c_str(), header), out);
      check(worksheet_write_comment(ws, 0, col, column.description.c_str()), out);
      bool const is_date = column.type.kind == rules::TypeKind::date;
      bool const is_text =
          column.part != ColumnPart::fact || column.type.kind == rules::TypeKind::text;
      check(worksheet_set_column(ws, col, col,
                                 std::max<double>(12, static_cast<double>(column.name.size()) + 2),
                                 is_date   ? date
                                 : is_text ? text
                                           : nullptr),
            out);
      if (auto const list = list_of.find({s, c}); list != list_of.end()) {
        // Short lists inline; a longer one (Excel allows 255 characters) from the hidden sheet.
        auto const& values = lists[list->second];
        std::size_t length = 0;
        std::vector<char*> inline_values;
        for (auto const& value : values) {
          length += value.size() + 1;
          inline_values.push_back(const_cast<char*>(value.c_str()));
        }
        inline_values.push_back(nullptr);
        auto const formula =
            fmt::format("={}!${}$1:${}${}", lists_sheet, column_letters(list->second),
                        column_letters(list->second), values.size());
        lxw_data_validation validation{};
        if (length <= 255) {
          validation.validate = LXW_VALIDATION_TYPE_LIST;
          validation.value_list = inline_values.data();
        } else {
          validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
          validation.value_formula = const_cast<char*>(formula.c_str());
        }
        validation.ignore_blank = LXW_VALIDATION_ON;
        check(worksheet_data_validation_range(
                  ws, 1, col,
                  static_cast<lxw_row_t>(std::max<std::size_t>(1000, sheet.rows.size() + 200)), col,
                  &validation),
              out);
      }
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t r = 0; r < sheet.rows.size(); ++r) {
      auto const row = static_cast<lxw_row_t>(r + 1);
      for (std::size_t c = 0; c < sheet.rows[r].size(); ++c) {
        auto const& cell = sheet.rows[r][c];
        auto const col = static_cast<lxw_col_t>(c);
        switch (cell.kind) {
          case OutCell::Kind::empty:
            break;
          case OutCell::Kind::text:
            check(worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr), out);
            break;
          case OutCell::Kind::number:
            check(worksheet_write_number(ws, row, col, cell.number, nullptr), out);
            break;
          case OutCell::Kind::date:
            check(worksheet_write_number(
                      ws, row, col,
                      static_cast<double>(cell.date.days - rules::make_date(1899, 12, 30).days),
                      date),
                  out);
            break;
        }
      }
    }
  }
  lxw_worksheet* about = workbook_add_worksheet(workbook, about_sheet);
  auto const rows = about_rows(vacancy);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      check(worksheet_write_string(about, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                   rows[r][c].c_str(), r == 0 ? header : nullptr),
            out);
  worksheet_set_column(about, 1, 1, 100, nullptr);
  lxw_worksheet* values = workbook_add_worksheet(workbook, lists_sheet);
  for (std::size_t l = 0; l < lists.size(); ++l)
    for (std::size_t v = 0; v < lists[l].size(); ++v)
      check(worksheet_write_string(values, static_cast<lxw_row_t>(v), static_cast<lxw_col_t>(l),
                                   lists[l][v].c_str(), nullptr),
            out);
  worksheet_hide(values);
  check(workbook_close(workbook), out);
}

void write_csv_folder(std::vector<OutSheet> const& sheets, std::string const& vacancy,
                      std::filesystem::path const& out) {
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error)
    throw Error(ErrorKind::io,
                fmt::format("{}: cannot make the folder ({})", out.string(), error.message()));
  auto const write = [&](std::string const& name, auto const& body) {
    auto const path = out / (name + ".csv");
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    body(file);
    if (!file.flush())
      throw Error(ErrorKind::io, fmt::format("{}: cannot write the file", path.string()));
  };
  for (auto const& sheet : sheets)
    write(sheet.layout->name, [&](std::ostream& file) {
      std::vector<std::string> fields;
      for (auto const& column : sheet.layout->columns)
        fields.push_back(column.name);
      write_csv_record(file, fields);
      for (auto const& row : sheet.rows) {
        fields.clear();
        for (auto const& cell : row)
          fields.push_back(cell.kind == OutCell::Kind::date     ? uk_date(cell.date)
                           : cell.kind == OutCell::Kind::number ? rules::format_number(cell.number)
                                                                : cell.text);
        write_csv_record(file, fields);
      }
    });
  write(about_sheet, [&](std::ostream& file) {
    for (auto const& row : about_rows(vacancy))
      write_csv_record(file, row);
  });
}

}  // namespace

void write_workbook(rules::Specification const& form, std::string const& vacancy,
                    std::filesystem::path const& out, WorkbookKind kind,
                    std::istream* applications) {
  auto const layout = workbook_layout(form);
  auto const sheets = fill(layout, vacancy, applications);
  if (kind == WorkbookKind::xlsx)
    write_xlsx(sheets, vacancy, out);
  else
    write_csv_folder(sheets, vacancy, out);
}

}  // namespace sift::data
