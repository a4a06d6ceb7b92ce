// `sift report VACANCY`: the shortlisting matrix as a self-contained HTML page, or as CSV or
// JSON for other tools.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../quoting.hpp"
#include "../report_html.hpp"
#include "sift/screening/shortlist.hpp"

namespace po = boost::program_options;

namespace sift::cli {
namespace {

std::string matrix_csv(screening::Matrix const& m) {
  std::string out = "rank,ref,verdict,score,panel_decision,flags";
  for (auto const& c : m.columns)
    out += "," + csv_quote(c.id);
  out += "\n";
  for (auto const& r : m.rows) {
    std::string flags;
    for (auto const& f : r.flags)
      flags += (flags.empty() ? "" : " ") + f;
    out += fmt::format("{},{},{},{},{},{}", r.rank ? std::to_string(r.rank) : "", csv_quote(r.ref),
                       engine::to_string(r.verdict), rules::format_number(r.score),
                       r.decision ? engine::to_string(r.decision->kind) : "", csv_quote(flags));
    for (auto const& cell : r.cells)
      out += fmt::format(",{}", engine::to_string(cell.outcome));
    out += "\n";
  }
  return out;
}

std::string matrix_json(screening::Matrix const& m) {
  std::string out = fmt::format("{{\"run\":{},\"vacancy\":{},\"as_of\":{},\"criteria\":[", m.run.id,
                                json_quote(m.run.vacancy), json_quote(m.run.as_of));
  for (std::size_t i = 0; i < m.columns.size(); ++i) {
    auto const& c = m.columns[i];
    out += fmt::format(
        "{}{{\"id\":{},\"title\":{},\"section\":{},\"importance\":{},\"weight\":{},\"rule\":{}}}",
        i ? "," : "", json_quote(c.id), json_quote(c.title), json_quote(c.section),
        json_quote(c.essential ? "essential" : "desirable"), rules::format_number(c.weight),
        json_quote(c.rule_text));
  }
  out += "],\"applicants\":[";
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    auto const& r = m.rows[i];
    out += fmt::format(
        "{}{{\"ref\":{},\"verdict\":{},\"score\":{},\"rank\":{},\"panel\":{},\"cells\":[",
        i ? "," : "", json_quote(r.ref), json_quote(engine::to_string(r.verdict)),
        rules::format_number(r.score), r.rank ? std::to_string(r.rank) : "null",
        r.decision ? json_quote(engine::to_string(r.decision->kind)) : "null");
    for (std::size_t j = 0; j < r.cells.size(); ++j)
      out += fmt::format("{}{{\"outcome\":{},\"evidence\":{}}}", j ? "," : "",
                         json_quote(engine::to_string(r.cells[j].outcome)),
                         json_quote(r.cells[j].evidence));
    out += "]}";
  }
  return out + "]}\n";
}

// Reports hold what the panel saw: written owner-only, like the database.
bool write_private(std::string const& path, std::string const& text) {
  int const fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool const ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return ::close(fd) == 0 && ok;
}

}  // namespace

int run_report(Globals const& globals, std::vector<std::string> const& args) {
  po::options_description options("Options");
  options.add_options()("vacancy", po::value<std::string>()->required(), "the vacancy id")(
      "run", po::value<std::int64_t>(), "a run id (default: the vacancy's latest run)")(
      "html", po::value<std::string>(), "write the matrix as an HTML page to this file")(
      "csv", po::value<std::string>(), "write the matrix as CSV to this file")(
      "json", po::value<std::string>(), "write the matrix as JSON to this file");
  po::positional_options_description positional;
  positional.add("vacancy", 1);
  po::variables_map values;
  int exit = success;
  if (!parse_arguments(
          "report", args, options, positional,
          "report VACANCY [--run ID] [--html FILE] [--csv FILE] [--json FILE]",
          "  sift report second-in-science --html matrix.html\n"
          "  sift report second-in-science --run 3 --csv matrix.csv --json matrix.json\n",
          values, exit))
    return exit;
  if (!values.count("html") && !values.count("csv") && !values.count("json")) {
    std::cerr << "sift report: name at least one of --html, --csv and --json\n";
    return usage_error;
  }
  return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
    auto const m = screening::matrix(db, values["vacancy"].as<std::string>(), run_option(values));
    for (auto const& [option, render] :
         {std::pair{"html", &matrix_html}, std::pair{"csv", &matrix_csv},
          std::pair{"json", &matrix_json}}) {
      if (!values.count(option)) continue;
      auto const path = values[option].as<std::string>();
      if (!write_private(path, render(m))) {
        std::cerr << fmt::format("sift: {}: cannot write the report: {}\n", path,
                                 std::strerror(errno));
        return data_error;
      }
      std::cout << fmt::format("{}: the matrix of run {} ({} applicants x {} criteria)\n", path,
                               m.run.id, m.rows.size(), m.columns.size());
    }
    return success;
  });
}

}  // namespace sift::cli
