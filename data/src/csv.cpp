#include "csv.hpp"

#include "sift/data/csv_cell.hpp"

namespace sift::data {

namespace {

// A cell Sift wrote neutralised (`'=...`) reads as what it was.
void unneutralise(std::vector<std::string>& fields) {
  for (auto& field : fields)
    if (neutralised_cell(field)) field.erase(0, 1);
}

}  // namespace

bool CsvReader::next(std::vector<std::string>& fields, std::string& problem) {
  fields.clear();
  problem.clear();
  if (!started_) {
    started_ = true;
    if (input_.peek() == 0xEF) {
      char bom[3];
      input_.read(bom, 3);
      if (std::string_view(bom, 3) != "\xEF\xBB\xBF") {
        input_.clear();
        input_.seekg(0);
      }
    }
  }
  int c = input_.get();
  if (c == std::char_traits<char>::eof()) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (;; c = input_.get()) {
    if (c == std::char_traits<char>::eof()) {
      if (quoted) problem = "a quoted field is not closed before the end of the file";
      fields.push_back(std::move(field));
      unneutralise(fields);
      return true;
    }
    char const ch = static_cast<char>(c);
    if (quoted) {
      if (ch == '"') {
        if (input_.peek() == '"') {
          field += '"';
          input_.get();
        } else {
          quoted = false;
        }
      } else {
        if (ch == '\n') ++line_;
        field += ch;
      }
      continue;
    }
    if (ch == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && input_.peek() == '\n') input_.get();
      ++line_;
      fields.push_back(std::move(field));
      unneutralise(fields);
      return true;
    } else {
      field += ch;
    }
  }
}

namespace {

bool formula_start(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// A plain decimal number ("-2", "+1.5") is a value to a spreadsheet, not a formula.
bool plain_number(std::string_view text) {
  std::size_t i = text[0] == '+' || text[0] == '-' ? 1 : 0;
  std::size_t digits = 0, points = 0;
  for (; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9')
      ++digits;
    else if (text[i] == '.' && points++ == 0)
      continue;
    else
      return false;
  }
  return digits > 0;
}

}  // namespace

std::string csv_cell(std::string_view text) {
  std::string cell;
  if (!text.empty() && formula_start(text[0]) && !plain_number(text)) cell += '\'';
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char const c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

bool neutralised_cell(std::string_view cell) {
  return cell.size() >= 2 && cell[0] == '\'' && formula_start(cell[1]) &&
         !plain_number(cell.substr(1));
}

void write_csv_record(std::ostream& out, std::vector<std::string> const& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    out << csv_cell(fields[i]);
  }
  out << '\n';
}

}  // namespace sift::data
