// `sift invite VACANCY`: after the reveal, the list the panel needs next: everyone on the
// shortlist, with their names and contact details, and why each is on it (the panel's decision,
// or the run's proposal where the panel has not decided).
#include <fmt/format.h>

#include <iostream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../json_writer.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/csv_cell.hpp"
#include "sift/screening/shortlist.hpp"

namespace po = boost::program_options;

namespace sift::cli {

namespace {

struct Invitee {
  std::string ref;
  data::Identity who;
  std::string basis;  // "panel: shortlist (Chair)", "proposed by run 2"
};

// The shortlist as it stands: the panel's shortlist decisions, and the run's shortlisted where
// the panel has not decided (a hold or a rejection keeps someone off).
std::vector<Invitee> invitees(screening::ShortlistView const& view,
                              std::map<std::string, data::Identity> const& identities) {
  std::vector<Invitee> out;
  for (auto const* entries : {&view.ranked, &view.unranked})
    for (auto const& e : *entries) {
      bool const panel = e.decision && e.decision->kind == engine::DecisionKind::shortlist;
      bool const proposed = !e.decision && e.verdict == engine::Verdict::shortlisted;
      if (!panel && !proposed) continue;
      auto const found = identities.find(e.ref);
      out.push_back({e.ref, found == identities.end() ? data::Identity{} : found->second,
                     panel
                         ? fmt::format("panel: shortlist ({})", e.decision->by)
                         : fmt::format("proposed by run {}, no panel decision yet", view.run.id)});
    }
  return out;
}

std::string name_of(data::Identity const& who) {
  return who.names.empty() ? "(erased)" : fmt::format("{}", fmt::join(who.names, " "));
}

}  // namespace

Command invite_command() {
  return {
      "invite",
      "after the reveal: the shortlisted, with names and contact details, to invite",
      "invite VACANCY [--run ID] [--format table|csv|json]",
      "  sift invite second-in-science\n"
      "  sift invite second-in-science --format csv > invitations.csv\n",
      [](po::options_description& options, po::positional_options_description& positional) {
        options.add_options()("vacancy", po::value<std::string>()->required(), "the vacancy")(
            "run", po::value<std::int64_t>(), "a run id (default: the vacancy's latest)")(
            "format", po::value<std::string>()->default_value("table"), "table, csv or json");
        positional.add("vacancy", 1);
      },
      [](Globals const& globals, po::variables_map const& values) -> int {
        auto const format = values["format"].as<std::string>();
        if (!is_one_of("invite", "--format", format, {"table", "csv", "json"})) return usage_error;
        return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
          auto const vacancy = values["vacancy"].as<std::string>();
          auto const identities = data::Applications(db).revealed_identities(vacancy);
          auto const view = screening::shortlist(
              db, vacancy,
              values.count("run") ? std::optional(values["run"].as<std::int64_t>()) : std::nullopt);
          auto const list = invitees(view, identities);
          if (format == "csv") {
            std::cout << "ref,name,email,phone,basis\n";
            for (auto const& i : list)
              std::cout << fmt::format("{},{},{},{},{}\n", data::csv_cell(i.ref),
                                       data::csv_cell(name_of(i.who)), data::csv_cell(i.who.email),
                                       data::csv_cell(i.who.phone), data::csv_cell(i.basis));
            return success;
          }
          if (format == "json") {
            JsonWriter json;
            json.object().key("vacancy").string(vacancy).key("run").integer(view.run.id);
            json.key("invite").array();
            for (auto const& i : list)
              json.object()
                  .key("ref")
                  .string(i.ref)
                  .key("name")
                  .string(name_of(i.who))
                  .key("email")
                  .string(i.who.email)
                  .key("phone")
                  .string(i.who.phone)
                  .key("basis")
                  .string(i.basis)
                  .end();
            json.end().end();
            std::cout << json.text();
            return success;
          }
          std::cout << fmt::format("{} ({}): to invite, from run {}\n\n", view.title, vacancy,
                                   view.run.id);
          std::cout << fmt::format("{:<12} {:<28} {:<32} {:<18} {}\n", "REF", "NAME", "E-MAIL",
                                   "PHONE", "ON THE SHORTLIST BY");
          for (auto const& i : list)
            std::cout << fmt::format("{:<12} {:<28} {:<32} {:<18} {}\n", i.ref, name_of(i.who),
                                     i.who.email, i.who.phone, i.basis);
          std::cout << fmt::format("\n{} to invite.\n", list.size());
          return success;
        });
      }};
}

}  // namespace sift::cli
