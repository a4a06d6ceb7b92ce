// `sift eval SPEC EXPRESSION`: one expression (or a criterion) of a vacancy evaluated for one
// applicant, given as a JSON file or by ref from the database, printing its value and, for a
// yes/no value, the evidence that decided it; like `opa eval`, for writing and debugging rules.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "../command.hpp"
#include "../database_access.hpp"
#include "../dates.hpp"
#include "../spec_loading.hpp"
#include "sift/data/applications.hpp"
#include "sift/data/error.hpp"
#include "sift/data/facts.hpp"
#include "sift/engine/evaluation.hpp"
#include "sift/engine/review.hpp"
#include "sift/rules/load.hpp"

namespace po = boost::program_options;

namespace sift::cli {

namespace {

// The expression is checked as a `let` of the vacancy, so that it sees what its rules see: the
// form's fields, the vacancy's and shared lets. Its diagnostics are told as the expression's.
constexpr char const* eval_name = "sift_eval_expression";

struct Lowered {
  std::optional<rules::Specification> spec;
  int node = -1;
};

Lowered lower_expression(rules::Specification const& loaded, rules::Vacancy const& vacancy,
                         std::string const& expression) {
  auto sources = loaded.sources;
  auto& main = sources.front().text;
  // The vacancy's opening brace: after its `vacancy` keyword, at the line and column it is at.
  std::size_t at = 0;
  for (int line = 1; line < vacancy.where.line && at != std::string::npos; ++line)
    at = main.find('\n', at) + 1;
  at = main.find('{', at + static_cast<std::size_t>(vacancy.where.column));
  std::string const prefix = fmt::format("let {} = (", eval_name);
  main.insert(at + 1, "\n" + prefix + expression + ")\n");
  int const expression_line =
      static_cast<int>(std::count(main.begin(), main.begin() + static_cast<long>(at) + 1, '\n')) +
      2;
  auto result = rules::load_sources(sources);
  std::vector<rules::Diagnostic> said;
  for (auto& d : result.diagnostics) {
    if (d.where.line != expression_line || d.where.file != sources.front().path) continue;
    if (d.severity == rules::Severity::warning) continue;  // the let is used by no rule: it is ours
    d.where.file = "<expression>";
    d.where.line = 1;
    d.where.column -= static_cast<int>(prefix.size());
    d.source_line = expression;
    said.push_back(std::move(d));
  }
  if (!said.empty() || !result.specification) {
    std::cerr << rules::render_all(said.empty() ? result.diagnostics : said);
    return {};
  }
  Lowered out{std::move(result.specification), -1};
  for (auto const& [name, node] : out.spec->vacancy(vacancy.id)->lets)
    if (name == eval_name) out.node = node;
  return out;
}

std::string read_whole(std::istream& in) {
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Command eval_command() {
  return {"eval",
          "evaluate an expression or a criterion for one applicant, with its evidence",
          "eval SPEC (EXPRESSION | --criterion ID) (--application FILE | --ref REF) "
          "[--vacancy ID] [--as-of YYYY-MM-DD]",
          "  sift eval examples/second-in-science.sift 'years(teaching_posts)' --application "
          "app.json\n"
          "  sift eval examples/second-in-science.sift --criterion experience --ref A0000046\n",
          [](po::options_description& options, po::positional_options_description& positional) {
            options.add_options()("spec", po::value<std::string>()->required(),
                                  "the specification file")(
                "expression", po::value<std::string>(), "the expression, in the rules language")(
                "criterion", po::value<std::string>(), "a criterion or flag id, instead")(
                "application", po::value<std::string>(),
                "one application as JSON (application format; '-' for stdin)")(
                "ref", po::value<std::string>(),
                "an applicant's ref: their latest application in the database, as the panel "
                "sees it")("vacancy", po::value<std::string>(),
                           "the vacancy (needed when the file declares several)")(
                "as-of", po::value<std::string>(), "the as-of date (default: today)");
            add_allow_dir_option(options);
            positional.add("spec", 1).add("expression", 1);
          },
          [](Globals const& globals, po::variables_map const& values) -> int {
            bool const expression = values.count("expression") > 0;
            if (expression == (values.count("criterion") > 0) ||
                (values.count("application") > 0) == (values.count("ref") > 0)) {
              std::cerr << "sift eval: give an expression or --criterion, and --application or "
                           "--ref\n";
              return usage_error;
            }
            auto const as_of = as_of_option(values);
            if (!as_of) return usage_error;
            auto const file = values["spec"].as<std::string>();
            auto const loaded = load_or_report(file, values);
            if (!loaded) return rules_error;
            auto const* picked = pick_vacancy(
                *loaded, file, values.count("vacancy") ? values["vacancy"].as<std::string>() : "");
            if (!picked) return usage_error;

            Lowered lowered;
            if (expression) {
              lowered = lower_expression(*loaded, *picked, values["expression"].as<std::string>());
              if (!lowered.spec) return rules_error;
            } else {
              lowered.spec = *loaded;
              auto const wanted = values["criterion"].as<std::string>();
              auto const* vacancy = lowered.spec->vacancy(picked->id);
              for (auto const& c : vacancy->criteria)
                if (c.id == wanted) lowered.node = c.condition;
              for (auto const& f : vacancy->flags)
                if (f.id == wanted) lowered.node = f.condition;
              if (lowered.node < 0) {
                std::cerr << fmt::format(
                    "sift eval: vacancy '{}' has no criterion or flag '{}' with a rule (one "
                    "scored by assessors has none)\n",
                    vacancy->id, wanted);
                return usage_error;
              }
            }
            auto const& spec = *lowered.spec;
            auto const& vacancy = *spec.vacancy(picked->id);

            auto evaluate = [&](data::ApplicantInputs const& inputs) {
              data::FactsReader reader(spec, vacancy);
              std::vector<rules::Value> fields;
              reader.read(inputs, fields);
              auto const result =
                  engine::evaluate_expression(vacancy, *as_of, lowered.node, fields);
              std::cout << result.shown << "\n";
              if (!result.evidence.empty()) std::cout << "evidence: " << result.evidence << "\n";
              return success;
            };
            if (values.count("ref")) {
              return with_database(globals, data::OpenMode::must_exist, [&](data::Database& db) {
                auto const view =
                    data::Applications(db).view(values["ref"].as<std::string>(), vacancy.id);
                data::ApplicantInputs inputs;
                inputs.ref = view.ref;
                inputs.facts = view.facts;
                inputs.has_statement = view.statement.has_value();
                inputs.statement = view.statement.value_or("");
                return evaluate(inputs);
              });
            }
            auto const name = values["application"].as<std::string>();
            std::string json;
            if (name == "-") {
              json = read_whole(std::cin);
            } else {
              std::ifstream in(name);
              if (!in) {
                std::cerr << fmt::format("sift eval: cannot read {}\n", name);
                return usage_error;
              }
              json = read_whole(in);
            }
            try {
              return evaluate(data::inputs_from_record(json, name));
            } catch (data::Error const& e) {
              std::cerr << "sift eval: " << e.what() << "\n";
              return usage_error;
            }
          }};
}

}  // namespace sift::cli
