// `sift applicants list|show`, `sift export REF`, `sift erase REF`.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../export_html.hpp"
#include "../listing.hpp"
#include "sift/data/applications.hpp"
#include "sift/screening/subject_access.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command applicants_command() {
  return {
      "applicants",
      "list applicants, or show one (blind: names withheld)",
      "applicants list [--vacancy V] [--format table|csv|json] | applicants show REF [--vacancy V]",
      "  sift applicants list --vacancy second-in-science\n"
      "  sift applicants show A0000017\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("action", po::value<std::string>()->required(), "list or show")(
            "ref", po::value<std::string>(), "the applicant's ref (for show)")(
            "vacancy", po::value<std::string>()->default_value(""), "only this vacancy");
        add_format_option(options);
        positional.add("action", 1).add("ref", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const action = values["action"].as<std::string>();
        auto const vacancy = values["vacancy"].as<std::string>();
        if (action == "list") {
          auto const format = format_option("applicants", values);
          if (!format) return usage_error;
          return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
            Listing listing{{{"vacancy", "VACANCY", false},
                             {"ref", "REF", false},
                             {"versions", "VERSIONS", true},
                             {"submitted", "SUBMITTED", false},
                             {"note", "NOTE", false}},
                            {}};
            for (auto const& a : data::Applications(db).list(vacancy))
              listing.rows.push_back({a.vacancy, a.ref, std::to_string(a.versions), a.submitted,
                                      a.erased ? "identifying details erased" : ""});
            print_listing(listing, *format);
            return success;
          });
        }
        if (action == "show" && values.count("ref"))
          return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
            auto const view = data::Applications(db).view(values["ref"].as<std::string>(), vacancy);
            std::cout << view.facts << "\n";
            if (view.personal) std::cout << "\nIdentifying details: " << *view.personal << "\n";
            if (view.statement)
              std::cout << (view.blind
                                ? "\nSupporting statement (names withheld: blind shortlisting):\n"
                                : "\nSupporting statement:\n")
                        << *view.statement << "\n";
            if (view.blind)
              std::cout
                  << "\nIdentifying details are withheld until the panel lifts blind shortlisting "
                     "('sift reveal "
                  << view.vacancy << "').\n";
            else
              std::cout << fmt::format("\nBlind shortlisting was lifted by {} at {}: {}\n",
                                       view.revealed->by, view.revealed->at, view.revealed->reason);
            return success;
          });
        std::cerr << "sift applicants: use 'sift applicants list' or 'sift applicants show REF'\n";
        return usage_error;
      }};
}

Command reveal_command() {
  return {
      "reveal",
      "lift blind shortlisting for a vacancy, on the record",
      "reveal VACANCY --by NAME --reason TEXT",
      "  sift reveal second-in-science --by \"Panel chair\" --reason \"Shortlist decided\"\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("vacancy", po::value<std::string>()->required(), "the vacancy id")(
            "by", po::value<std::string>()->required(), "who lifts blind shortlisting")(
            "reason", po::value<std::string>()->required(), "why now (usually: shortlist decided)");
        positional.add("vacancy", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          auto const vacancy = values["vacancy"].as<std::string>();
          auto const made = data::Applications(db).reveal(vacancy, values["by"].as<std::string>(),
                                                          values["reason"].as<std::string>());
          std::cout << fmt::format("{}: blind shortlisting lifted by {} at {}, recorded\n", vacancy,
                                   made.by, made.at);
          return success;
        });
      }};
}

Command export_command() {
  return {"export",
          "everything held about one applicant, as JSON and HTML (subject access)",
          "export REF [--vacancy V] [--out FILE] [--html FILE]",
          "  sift export A0000017 > A0000017.json\n"
          "  sift export A0000017 --vacancy second-in-science --out sar.json --html sar.html\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("ref", po::value<std::string>()->required(),
                                  "the applicant's ref")(
                "vacancy", po::value<std::string>()->default_value(""),
                "the vacancy, when the ref is in several")(
                "out", po::value<std::string>(),
                "write to this file (created owner-only) instead of stdout")(
                "html", po::value<std::string>(),
                "also write it as a readable HTML page (created owner-only)");
            positional.add("ref", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
              auto const document = screening::subject_access(db, values["ref"].as<std::string>(),
                                                              values["vacancy"].as<std::string>());
              // Both files hold everything held about a person: created owner-only.
              auto const write = [](std::string const& path, std::string const& text) {
                int const fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
                bool const written = fd >= 0 && ::write(fd, text.data(), text.size()) ==
                                                    static_cast<ssize_t>(text.size());
                if (!written)
                  std::cerr << fmt::format("sift: {}: cannot write the export: {}\n", path,
                                           std::strerror(errno));
                if (fd >= 0) ::close(fd);
                return written;
              };
              if (values.count("html") &&
                  !write(values["html"].as<std::string>(), export_html(document)))
                return data_error;
              if (!values.count("out")) {
                std::cout << document;
                return success;
              }
              return write(values["out"].as<std::string>(), document) ? success : data_error;
            });
          }};
}

Command erase_command() {
  return {
      "erase",
      "erase an applicant's identifying details and statement",
      "erase REF --by NAME [--vacancy V]",
      "  sift erase A0000017 --by \"Data protection officer\"\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("ref", po::value<std::string>()->required(), "the applicant's ref")(
            "vacancy", po::value<std::string>()->default_value(""),
            "the vacancy, when the ref is in several")("by", po::value<std::string>()->required(),
                                                       "who asked for the erasure, for the record");
        positional.add("ref", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          auto const ref = values["ref"].as<std::string>();
          bool const wiped = data::Applications(db).erase(ref, values["vacancy"].as<std::string>(),
                                                          values["by"].as<std::string>());
          std::cout << fmt::format(
              "{}: identifying details, statement, monitoring answers and TRN erased; the "
              "record of the erasure is kept, and importing them again is refused unless "
              "--readmit-erased says otherwise\n",
              ref);
          if (!wiped)
            std::cerr << fmt::format(
                "sift: warning: another process was reading {} throughout: until it finishes, "
                "an older copy of the erased pages stays in the write-ahead log. Afterwards, "
                "remove it with: sqlite3 {} 'PRAGMA wal_checkpoint(TRUNCATE)'\n",
                db.path().string(), db.path().string());
          return success;
        });
      }};
}

}  // namespace sift::cli
