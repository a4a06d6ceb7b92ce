#include "sheets.hpp"

#include <fmt/format.h>
#include <minizip/unzip.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <pugixml.hpp>

#include "csv.hpp"
#include "sift/data/error.hpp"
#include "sift/rules/value.hpp"

namespace sift::data {

namespace {

[[noreturn]] void refuse(std::filesystem::path const& path, std::string const& what) {
  throw Error(ErrorKind::invalid_input,
              fmt::format("{}: {}; nothing imported", path.string(), what));
}

// An element's name without its namespace prefix: writers differ ("sheet", "x:sheet").
std::string_view local_name(pugi::xml_node node) {
  std::string_view const name = node.name();
  auto const colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
  for (auto c : node.children())
    if (local_name(c) == name) return c;
  return {};
}

// An attribute by its name without a prefix ("id" finds "r:id").
pugi::xml_attribute attribute(pugi::xml_node node, std::string_view name) {
  for (auto a : node.attributes()) {
    std::string_view const full = a.name();
    auto const colon = full.find(':');
    if ((colon == std::string_view::npos ? full : full.substr(colon + 1)) == name) return a;
  }
  return {};
}

// The text of a string item: a plain <t>, or the runs of rich text (<r><t>).
std::string item_text(pugi::xml_node item) {
  std::string out;
  for (auto c : item.children()) {
    if (local_name(c) == "t") out += c.text().get();
    if (local_name(c) == "r") out += child(c, "t").text().get();
  }
  return out;
}

class Zip {
 public:
  explicit Zip(std::filesystem::path path)
      : path_(std::move(path)), zip_(unzOpen64(path_.c_str())) {
    if (!zip_) refuse(path_, "not a workbook (.xlsx is a ZIP archive, and this is not one)");
  }
  ~Zip() { unzClose(zip_); }
  Zip(Zip const&) = delete;
  Zip& operator=(Zip const&) = delete;

  std::optional<std::string> read(std::string const& entry) {
    if (unzLocateFile(zip_, entry.c_str(), 1) != UNZ_OK) return std::nullopt;
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
        unzOpenCurrentFile(zip_) != UNZ_OK)
      refuse(path_, fmt::format("its part {} cannot be read", entry));
    if (info.uncompressed_size > largest_sheet_bytes)
      refuse(path_, fmt::format("its part {} unpacks to more than {} MiB", entry,
                                largest_sheet_bytes >> 20));
    std::string out;
    char buffer[1 << 16];
    for (int got; (got = unzReadCurrentFile(zip_, buffer, sizeof buffer)) > 0;) {
      out.append(buffer, static_cast<std::size_t>(got));
      if (out.size() > largest_sheet_bytes)  // the size the archive declared was false
        refuse(path_, fmt::format("its part {} unpacks to more than {} MiB", entry,
                                  largest_sheet_bytes >> 20));
    }
    bool const whole = unzCloseCurrentFile(zip_) == UNZ_OK;
    if (!whole) refuse(path_, fmt::format("its part {} is damaged", entry));
    return out;
  }

 private:
  std::filesystem::path path_;
  unzFile zip_;
};

pugi::xml_document parse(std::filesystem::path const& path, std::string const& entry,
                         std::string const& xml) {
  pugi::xml_document document;
  // No DOCTYPE or entity expansion: pugixml never fetches or expands external entities.
  if (auto const result = document.load_buffer(xml.data(), xml.size()); !result)
    refuse(path,
           fmt::format("its part {} is not well-formed XML ({})", entry, result.description()));
  return document;
}

// The 0-based column of a cell reference such as "AB12".
std::optional<std::size_t> column_of(std::string_view reference) {
  std::size_t column = 0;
  std::size_t letters = 0;
  for (char const c : reference) {
    if (c < 'A' || c > 'Z') break;
    column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (++letters > 3) return std::nullopt;
  }
  if (letters == 0) return std::nullopt;
  return column - 1;
}

Sheet read_worksheet(std::filesystem::path const& path, std::string const& name,
                     std::string const& entry, std::string const& xml,
                     std::vector<std::string> const& shared) {
  auto const document = parse(path, entry, xml);
  Sheet sheet{name, {}};
  auto const data = child(child(document, "worksheet"), "sheetData");
  std::size_t next_row = 1;
  for (auto row : data.children()) {
    if (local_name(row) != "row") continue;
    SheetRow out;
    out.number = attribute(row, "r") ? attribute(row, "r").as_ullong() : next_row;
    next_row = out.number + 1;
    std::size_t next_column = 0;
    for (auto cell : row.children()) {
      if (local_name(cell) != "c") continue;
      auto const column = attribute(cell, "r") ? column_of(attribute(cell, "r").value())
                                               : std::optional<std::size_t>(next_column);
      if (!column || *column > 16383)
        refuse(path,
               fmt::format("sheet {}, row {}: a cell reference is not valid", name, out.number));
      next_column = *column + 1;
      std::string_view const type = attribute(cell, "t").value();
      std::string const value = child(cell, "v").text().get();
      SheetCell content;
      if (type == "s") {
        auto const index = child(cell, "v").text().as_ullong(shared.size());
        if (index >= shared.size())
          refuse(path,
                 fmt::format("sheet {}, row {}: a shared string is missing", name, out.number));
        content.text = shared[index];
      } else if (type == "inlineStr") {
        content.text = item_text(child(cell, "is"));
      } else if (type == "b") {
        content.text = value == "1" ? "yes" : "no";
      } else if (type == "str" || type == "e") {
        content.text = value;
      } else if (!value.empty()) {
        content.number = child(cell, "v").text().as_double();
        content.text = rules::format_number(*content.number);
      }
      if (content.text.empty()) continue;
      if (out.cells.size() <= *column) out.cells.resize(*column + 1);
      out.cells[*column] = std::move(content);
    }
    if (!out.cells.empty()) sheet.rows.push_back(std::move(out));
  }
  return sheet;
}

}  // namespace

std::string column_letters(std::size_t index) {
  std::string out;
  for (++index; index > 0; index = (index - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (index - 1) % 26));
  return out;
}

std::vector<Sheet> read_xlsx(std::filesystem::path const& path) {
  Zip zip(path);
  auto const workbook_xml = zip.read("xl/workbook.xml");
  if (!workbook_xml) refuse(path, "not an Excel workbook (it has no xl/workbook.xml)");
  auto const workbook = parse(path, "xl/workbook.xml", *workbook_xml);
  std::map<std::string, std::string> targets;  // relationship id -> part
  if (auto const rels = zip.read("xl/_rels/workbook.xml.rels")) {
    auto const document = parse(path, "xl/_rels/workbook.xml.rels", *rels);
    for (auto r : child(document, "Relationships").children()) {
      std::string target = attribute(r, "Target").value();
      target = target.starts_with('/') ? target.substr(1) : "xl/" + target;
      targets[attribute(r, "Id").value()] = target;
    }
  }
  std::vector<std::string> shared;
  if (auto const strings = zip.read("xl/sharedStrings.xml")) {
    auto const document = parse(path, "xl/sharedStrings.xml", *strings);
    for (auto item : child(document, "sst").children())
      if (local_name(item) == "si") shared.push_back(item_text(item));
  }
  std::vector<Sheet> sheets;
  for (auto sheet : child(child(workbook, "workbook"), "sheets").children()) {
    if (local_name(sheet) != "sheet") continue;
    std::string const name = attribute(sheet, "name").value();
    auto const target = targets.find(attribute(sheet, "id").value());
    if (target == targets.end()) refuse(path, fmt::format("sheet {} has no part", name));
    auto const xml = zip.read(target->second);
    if (!xml) refuse(path, fmt::format("sheet {}'s part {} is missing", name, target->second));
    sheets.push_back(read_worksheet(path, name, target->second, *xml, shared));
  }
  return sheets;
}

std::vector<Sheet> read_csv_folder(std::filesystem::path const& folder) {
  std::vector<std::filesystem::path> files;
  for (auto const& entry : std::filesystem::directory_iterator(folder))
    if (entry.is_regular_file() && entry.path().extension() == ".csv")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Sheet> sheets;
  for (auto const& file : files) {
    if (std::filesystem::file_size(file) > largest_sheet_bytes)
      refuse(file, fmt::format("larger than {} MiB", largest_sheet_bytes >> 20));
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(ErrorKind::io, fmt::format("{}: cannot read the file", file.string()));
    CsvReader reader(in);
    Sheet sheet{file.stem().string(), {}};
    std::vector<std::string> fields;
    std::string problem;
    while (reader.next(fields, problem)) {
      if (!problem.empty()) refuse(file, fmt::format("line {}: {}", reader.line(), problem));
      SheetRow row{reader.line(), {}};
      for (auto& field : fields)
        row.cells.push_back({std::move(field), std::nullopt});
      bool const blank = std::all_of(row.cells.begin(), row.cells.end(),
                                     [](SheetCell const& c) { return c.text.empty(); });
      if (!blank) sheet.rows.push_back(std::move(row));
    }
    sheets.push_back(std::move(sheet));
  }
  return sheets;
}

}  // namespace sift::data
