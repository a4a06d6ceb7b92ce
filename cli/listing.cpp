#include "listing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "command.hpp"
#include "json_writer.hpp"
#include "sift/data/csv_cell.hpp"

namespace sift::cli {

void add_format_option(boost::program_options::options_description& options) {
  options.add_options()("format",
                        boost::program_options::value<std::string>()->default_value("table"),
                        "table, csv or json");
}

std::optional<std::string> format_option(char const* command,
                                         boost::program_options::variables_map const& values) {
  auto const format = values["format"].as<std::string>();
  if (!is_one_of(command, "--format", format, {"table", "csv", "json"})) return std::nullopt;
  return format;
}

namespace {

// A number cell keeps the precision it was written with ("0.8263": 4 decimals).
int decimals(std::string const& number) {
  auto const point = number.find('.');
  return point == std::string::npos ? 0 : static_cast<int>(number.size() - point - 1);
}

}  // namespace

void print_listing(Listing const& listing, std::string const& format) {
  auto const& columns = listing.columns;
  if (format == "csv") {
    for (std::size_t c = 0; c < columns.size(); ++c)
      std::cout << (c ? "," : "") << columns[c].name;
    std::cout << "\n";
    for (auto const& row : listing.rows) {
      for (std::size_t c = 0; c < columns.size(); ++c)
        std::cout << (c ? "," : "") << data::csv_cell(row[c]);
      std::cout << "\n";
    }
    return;
  }
  if (format == "json") {
    JsonWriter json;
    json.array();
    for (auto const& row : listing.rows) {
      json.object();
      for (std::size_t c = 0; c < columns.size(); ++c) {
        json.key(columns[c].name);
        if (columns[c].number && !row[c].empty() && row[c] != "-")
          json.fixed(std::stod(row[c]), decimals(row[c]));
        else
          json.string(row[c]);
      }
      json.end();
    }
    json.end();
    std::cout << json.text();
    return;
  }
  std::vector<std::size_t> width(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    width[c] = columns[c].heading.size();
    for (auto const& row : listing.rows)
      width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](auto const& cell_of) {
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      auto const text = cell_of(c);
      out += (c ? "  " : "") + (columns[c].number ? fmt::format("{:>{}}", text, width[c])
                                                  : fmt::format("{:<{}}", text, width[c]));
    }
    while (!out.empty() && out.back() == ' ')
      out.pop_back();
    std::cout << out << "\n";
  };
  line([&](std::size_t c) { return columns[c].heading; });
  for (auto const& row : listing.rows)
    line([&](std::size_t c) { return row[c]; });
}

}  // namespace sift::cli
