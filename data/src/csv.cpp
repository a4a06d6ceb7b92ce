#include "csv.hpp"

namespace sift::data {

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
      return true;
    } else {
      field += ch;
    }
  }
}

void write_csv_record(std::ostream& out, std::vector<std::string> const& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    auto const& field = fields[i];
    if (field.find_first_of(",\"\r\n") == std::string::npos) {
      out << field;
      continue;
    }
    out << '"';
    for (char const c : field)
      out << (c == '"' ? "\"\"" : std::string(1, c));
    out << '"';
  }
  out << '\n';
}

}  // namespace sift::data
