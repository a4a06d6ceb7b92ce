// `sift report VACANCY`: the shortlisting matrix as a self-contained HTML page, or as CSV or
// JSON for other tools.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../json_writer.hpp"
#include "../quoting.hpp"
#include "../report_html.hpp"
#include "sift/data/csv_cell.hpp"
#include "sift/screening/shortlist.hpp"

namespace po = boost::program_options;

namespace sift::cli {
namespace {

std::string matrix_csv(screening::Matrix const& m) {
  std::string out = "rank,ref,verdict,score,panel_decision,reason,flags";
  for (auto const& c : m.columns)
    out += "," + data::csv_cell(c.id);
  out += "\n";
  for (auto const& r : m.rows) {
    std::string flags;
    for (auto const& f : r.flags)
      flags += (flags.empty() ? "" : " ") + f;
    out += fmt::format("{},{},{},{},{},{},{}", r.rank ? std::to_string(r.rank) : "",
                       data::csv_cell(r.ref), engine::to_string(r.verdict),
                       rules::format_number(r.score),
                       r.decision ? engine::to_string(r.decision->kind) : "",
                       data::csv_cell(r.reason), data::csv_cell(flags));
    for (auto const& cell : r.cells)
      out += fmt::format(",{}", engine::to_string(cell.outcome));
    out += "\n";
  }
  return out;
}

std::string matrix_json(screening::Matrix const& m) {
  JsonWriter json;
  json.object()
      .key("run")
      .integer(m.run.id)
      .key("vacancy")
      .string(m.run.vacancy)
      .key("as_of")
      .string(m.run.as_of)
      .key("criteria")
      .array();
  for (auto const& c : m.columns) {
    json.object();
    write_criterion_keys(json, c);
    json.end();
  }
  json.end().key("applicants").array();
  for (auto const& r : m.rows) {
    json.object()
        .key("ref")
        .string(r.ref)
        .key("verdict")
        .string(engine::to_string(r.verdict))
        .key("score")
        .number(r.score)
        .key("rank");
    json.integer_or_null(r.rank ? std::optional<std::int64_t>(r.rank) : std::nullopt);
    json.key("panel");
    if (r.decision)
      json.string(engine::to_string(r.decision->kind));
    else
      json.null();
    json.key("reason").string(r.reason);
    json.key("cells").array();
    for (auto const& cell : r.cells)
      json.object()
          .key("outcome")
          .string(engine::to_string(cell.outcome))
          .key("evidence")
          .string(cell.evidence)
          .end();
    json.end().end();
  }
  json.end().end();
  return json.text();
}

// Reports hold what the panel saw: written owner-only, like the database.
bool write_private(std::string const& path, std::string const& text) {
  int const fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool const ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return ::close(fd) == 0 && ok;
}

}  // namespace

Command report_command() {
  return {"report",
          "the shortlisting matrix of a run as HTML, CSV or JSON",
          "report VACANCY [--run ID] [--html FILE] [--csv FILE] [--json FILE]",
          "  sift report second-in-science --html matrix.html\n"
          "  sift report second-in-science --run 3 --csv matrix.csv --json matrix.json\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("vacancy", po::value<std::string>()->required(),
                                  "the vacancy id")("run", po::value<std::int64_t>(),
                                                    "a run id (default: the vacancy's latest run)")(
                "html", po::value<std::string>(), "write the matrix as an HTML page to this file")(
                "csv", po::value<std::string>(), "write the matrix as CSV to this file")(
                "json", po::value<std::string>(), "write the matrix as JSON to this file");
            positional.add("vacancy", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            if (!values.count("html") && !values.count("csv") && !values.count("json")) {
              std::cerr << "sift report: name at least one of --html, --csv and --json\n";
              return usage_error;
            }
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              auto const m =
                  screening::matrix(db, values["vacancy"].as<std::string>(), run_option(values));
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
                std::cout << fmt::format("{}: the matrix of run {} ({} applicants x {} criteria)\n",
                                         path, m.run.id, m.rows.size(), m.columns.size());
              }
              return success;
            });
          }};
}

}  // namespace sift::cli
