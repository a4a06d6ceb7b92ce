#include "database_access.hpp"

#include "sift/data/ledger.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <filesystem>

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <vector>

namespace sift::cli {

namespace {

// The ledger's key, from its file: its bytes as they are (a trailing newline included), so
// that any file of enough random bytes will do.
std::optional<std::string> read_key(std::filesystem::path const& file) {
  if (file.empty()) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw data::Error(data::ErrorKind::io, fmt::format("{}: cannot read the key file: {}",
                                                       file.string(), std::strerror(errno)));
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  constexpr std::size_t least = 16;
  if (key.size() < least)
    throw data::Error(data::ErrorKind::invalid_input,
                      fmt::format("{}: a key file needs at least {} bytes (32 random bytes: "
                                  "'head -c 32 /dev/urandom > FILE')",
                                  file.string(), least));
  return key;
}

// A command that extended the ledger says where it now ends, and writes it down elsewhere
// when asked: an anchor that a rewrite of the file cannot follow.
void announce_head(data::Database& db, data::ChainHead const& before,
                   std::filesystem::path const& heads_file) {
  auto const head = data::chain_head(db);
  if (head.seq == before.seq) return;
  spdlog::info("ledger: entry {}, chain head {}", head.seq, head.chain_sha256);
  if (heads_file.empty()) return;
  std::ofstream out(heads_file, std::ios::app);
  if (!(out << fmt::format("{} {} {}\n", head.seq, head.chain_sha256, db.path().string())))
    throw data::Error(data::ErrorKind::io,
                      fmt::format("{}: cannot append the chain head", heads_file.string()));
}

}  // namespace

std::string chain_head_line(data::Database& db) {
  auto const head = data::chain_head(db);
  return fmt::format(
      "ledger entry {}, chain head {} (write it down elsewhere, or use "
      "--heads-file, for 'sift verify --anchor')",
      head.seq, head.chain_sha256);
}

int with_database(Globals const& globals, data::OpenMode mode,
                  std::function<int(data::Database&)> const& body) {
  try {
    data::Database db(globals.db, mode, read_key(globals.key_file));
    spdlog::debug("opened the database {}", globals.db.string());
    auto const before = data::chain_head(db);
    auto const code = body(db);
    announce_head(db, before, globals.heads_file);
    return code;
  } catch (data::Error const& e) {
    std::cerr << "sift: " << e.what() << "\n";
    return exit_code_of(e.kind());
  }
}

int import_into(std::string const& file, data::ImportOptions const& options,
                Importer const& importer, char const* what) {
  std::ifstream in;
  // Large reads: a million-application file is gigabytes, and the default buffer reads 8 KiB.
  std::vector<char> buffer(std::size_t{1} << 20);
  in.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  std::istream* input = &std::cin;
  std::string const name = file == "-" ? "stdin" : file;
  if (file != "-") {
    in.open(file, std::ios::binary);
    if (!in) {
      std::cerr << fmt::format("sift: {}: cannot open the file: {}\n", file, std::strerror(errno));
      return data_error;
    }
    input = &in;
  }
  auto const start = std::chrono::steady_clock::now();
  auto const summary = importer(*input, name);
  double const seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("{}: {} {} in {:.2f} s ({:.0f} a second){}", name, summary.read, what, seconds,
               seconds > 0 ? static_cast<double>(summary.read) / seconds : 0.0,
               summary.committed ? "" : ", nothing stored");
  return report_import(name, summary, options, what);
}

data::ApplicationsFormat applications_format(std::string const& file) {
  if (file != "-" && std::filesystem::is_directory(file))
    return data::ApplicationsFormat::csv_folder;
  if (file.ends_with(".xlsx")) return data::ApplicationsFormat::workbook;
  return file.ends_with(".csv") ? data::ApplicationsFormat::csv
                                : data::ApplicationsFormat::json_lines;
}

int report_import(std::string const& name, data::ImportSummary const& summary,
                  data::ImportOptions const& options, char const* what) {
  for (auto const& problem : summary.problems)
    if (problem.place.empty())
      std::cerr << fmt::format("{}:{}: {}\n", name, problem.line, problem.message);
    else
      std::cerr << fmt::format("{}: {}: {}\n", name, problem.place, problem.message);
  if (summary.problems_not_listed > 0)
    std::cerr << fmt::format("{}: and {} more problems, not listed (the first {} are)\n", name,
                             summary.problems_not_listed, data::most_problems_listed);
  std::cout << fmt::format("{}: {} read, {} added, {} new versions, {} unchanged, {} rejected{}\n",
                           name, summary.read, summary.added, summary.new_versions,
                           summary.unchanged, summary.rejected,
                           options.dry_run      ? " (dry run: nothing stored)"
                           : !summary.committed ? " (nothing stored)"
                                                : "");
  if (!summary.dropped.empty()) {
    std::vector<std::string> dropped;
    for (auto const& [key, records] : summary.dropped)
      dropped.push_back(fmt::format("{} ({} record{})", key, records, records == 1 ? "" : "s"));
    std::cout << fmt::format("{}: left out, never stored (not on the form): {}\n", name,
                             fmt::join(dropped, ", "));
  }
  if (!summary.problems.empty() && !options.skip_invalid) {
    std::cerr << fmt::format(
        "{}: nothing imported: {} of {} {} are invalid (--skip-invalid imports "
        "the rest)\n",
        name, summary.rejected, summary.read, what);
    return data_error;
  }
  // A script must be able to tell a whole import from one that left rows out.
  return summary.rejected > 0 ? rows_skipped : success;
}

}  // namespace sift::cli
