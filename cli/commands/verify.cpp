// `sift verify RUN [--anchor FILE]`: recompute a stored run and compare; check its hashes, the
// ledger and, with --anchor, the chain heads written down elsewhere. The verification-failure
// exit code on any difference.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "sift/data/error.hpp"
#include "sift/screening/verify.hpp"

namespace po = boost::program_options;

namespace sift::cli {

namespace {

// An anchor file as --heads-file writes it: "SEQ CHAIN_SHA256 [anything]" per line; blank lines
// and lines starting with '#' are skipped.
std::vector<data::AnchorLine> read_anchors(std::string const& file) {
  std::ifstream in(file);
  if (!in)
    throw data::Error(data::ErrorKind::io, fmt::format("{}: cannot read the anchor file", file));
  std::vector<data::AnchorLine> out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream words(line);
    data::AnchorLine anchor{number, 0, {}};
    if (!(words >> anchor.seq >> anchor.chain_sha256) || anchor.seq < 1 ||
        anchor.chain_sha256.size() != 64 ||
        anchor.chain_sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
      throw data::Error(data::ErrorKind::invalid_input,
                        fmt::format("{}:{}: not a chain head: expected 'SEQ SHA256' (an entry "
                                    "number and 64 hex digits), as --heads-file writes them",
                                    file, number));
    out.push_back(std::move(anchor));
  }
  if (out.empty())
    throw data::Error(data::ErrorKind::invalid_input,
                      fmt::format("{}: no chain heads in the anchor file", file));
  return out;
}

void print_verified(screening::Verification const& report) {
  std::cout << fmt::format(
      "run {}: verified: {} results recomputed from the stored inputs and identical; the hashes "
      "of its results{} are intact\n",
      report.run_id,
      report.checked -
          [&] {
            std::size_t erased = 0;
            for (auto const& group : report.erased)
              erased += group.applicants;
            return erased;
          }(),
      report.inputs_hashed ? " and of the inputs it read" : "");
  for (auto const& group : report.erased)
    std::cout << fmt::format(
        "  {} applicant{} erased on {} by {}; their results verified by hash\n", group.applicants,
        group.applicants == 1 ? "" : "s", group.date, group.by);
  auto const& ledger = report.ledger;
  std::cout << fmt::format("ledger: {} entries, every one matching its row, {}\n", ledger.entries,
                           !ledger.keyed
                               ? "the chain intact (unkeyed: a rewrite of the whole file would "
                                 "recompute it; --anchor checks heads kept elsewhere)"
                           : ledger.key_checked ? "the chain intact under the key given"
                                                : "the chain keyed: give --key-file to check it");
  if (report.anchors > 0)
    std::cout << fmt::format("anchors: {} chain head{} written down elsewhere, all in the ledger\n",
                             report.anchors, report.anchors == 1 ? "" : "s");
}

}  // namespace

Command verify_command() {
  return {"verify",
          "recompute a stored run and check that nothing in it, or in the ledger, was altered",
          "verify RUN [--anchor FILE]",
          "  sift verify 3\n"
          "  sift --db trust.db verify 12 || echo 'run 12 was altered'\n"
          "  sift --heads-file /mnt/elsewhere/heads.txt run second-in-science\n"
          "  sift verify 3 --anchor /mnt/elsewhere/heads.txt\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("run", po::value<std::int64_t>()->required(), "the run id")(
                "anchor", po::value<std::string>(),
                "chain heads written down elsewhere (--heads-file): each must be in the ledger");
            positional.add("run", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              std::string const anchor_file =
                  values.count("anchor") ? values["anchor"].as<std::string>() : "";
              auto const anchors =
                  anchor_file.empty() ? std::vector<data::AnchorLine>{} : read_anchors(anchor_file);
              auto const report =
                  screening::verify(db, values["run"].as<std::int64_t>(), anchor_file, anchors);
              if (report.difference_count == 0) {
                print_verified(report);
                return success;
              }
              for (auto const& difference : report.differences)
                std::cout << difference << "\n";
              if (report.difference_count > report.differences.size())
                std::cout << fmt::format("... and {} more\n",
                                         report.difference_count - report.differences.size());
              std::cout << fmt::format("run {}: NOT verified: {} difference{}\n", report.run_id,
                                       report.difference_count,
                                       report.difference_count == 1 ? "" : "s");
              return verify_failed;
            });
          }};
}

}  // namespace sift::cli
