// `sift diff SPEC_A SPEC_B --vacancy V`: the effect of a rule change on the stored applications,
// before it is adopted: who would enter or leave the shortlist, and who would change verdict.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <thread>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../dates.hpp"
#include "../spec_loading.hpp"
#include "sift/screening/run.hpp"

namespace po = boost::program_options;

namespace sift::cli {

Command diff_command() {
  return {
      "diff",
      "what a proposed specification would change, before it is adopted",
      "diff SPEC_A SPEC_B --vacancy V [--as-of YYYY-MM-DD]",
      "  sift diff examples/second-in-science.sift proposed.sift --vacancy second-in-science\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("before", po::value<std::string>()->required(),
                              "the specification in use")(
            "after", po::value<std::string>()->required(), "the proposed specification")(
            "vacancy", po::value<std::string>()->required(),
            "the vacancy whose applications to screen")(
            "as-of", po::value<std::string>(), "the date for date arithmetic (default: today)");
        add_allow_dir_option(options);
        positional.add("before", 1).add("after", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const as_of = as_of_option(values);
        if (!as_of) return usage_error;
        auto const before_file = values["before"].as<std::string>();
        auto const after_file = values["after"].as<std::string>();
        auto const before = load_or_report(before_file, values);
        auto const after = load_or_report(after_file, values);
        if (!before || !after) return rules_error;
        auto const vacancy = values["vacancy"].as<std::string>();
        if (!pick_vacancy(*before, before_file, vacancy) ||
            !pick_vacancy(*after, after_file, vacancy))
          return rules_error;
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          screening::RunRequest request;
          request.vacancy = vacancy;
          request.as_of = *as_of;
          request.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
          auto const a = screening::preview(db, *before, request);
          auto const b = screening::preview(db, *after, request);
          std::map<std::string, screening::Proposal const*> under_a;
          for (auto const& p : a)
            under_a[p.ref] = &p;
          std::vector<std::string> enter, leave, changed;
          for (auto const& p : b) {
            auto const& old = *under_a.at(p.ref);
            bool const was = old.verdict == engine::Verdict::shortlisted;
            bool const is = p.verdict == engine::Verdict::shortlisted;
            if (!was && is)
              enter.push_back(fmt::format("{} ({} -> shortlisted, score {})", p.ref,
                                          engine::to_string(old.verdict),
                                          rules::format_number(p.score)));
            if (was && !is)
              leave.push_back(
                  fmt::format("{} (shortlisted -> {})", p.ref, engine::to_string(p.verdict)));
            if (old.verdict != p.verdict && !(was || is))
              changed.push_back(fmt::format("{}: {} -> {}", p.ref, engine::to_string(old.verdict),
                                            engine::to_string(p.verdict)));
          }
          std::cout << fmt::format(
              "{} applicants of {} screened under {} and under {} (as of {}); nothing stored.\n",
              b.size(), vacancy, before_file, after_file, rules::format_date(*as_of));
          auto section = [](char const* heading, std::vector<std::string> const& items) {
            std::cout << fmt::format("\n{} ({}):\n", heading, items.size());
            for (auto const& item : items)
              std::cout << "  " << item << "\n";
          };
          section("Would enter the shortlist", enter);
          section("Would leave the shortlist", leave);
          section("Would change verdict otherwise", changed);
          return success;
        });
      }};
}

}  // namespace sift::cli
