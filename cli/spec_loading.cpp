#include "spec_loading.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "sift/engine/review.hpp"

namespace sift::cli {

void add_allow_dir_option(boost::program_options::options_description& options) {
  options.add_options()("allow-dir", boost::program_options::value<std::vector<std::string>>(),
                        "also let 'use' read from this directory (repeatable)");
}

std::optional<rules::Specification> load_or_report(
    std::string const& file, boost::program_options::variables_map const& values) {
  rules::LoadOptions options;
  if (values.count("allow-dir"))
    for (auto const& dir : values["allow-dir"].as<std::vector<std::string>>())
      options.extra_roots.emplace_back(dir);
  auto result = rules::load_specification(file, options);
  if (result.specification) {
    auto warnings = engine::review_specification(*result.specification);
    result.diagnostics.insert(result.diagnostics.end(), warnings.begin(), warnings.end());
  }
  // Warnings are said and the specification is used; errors stop the command.
  if (!result.diagnostics.empty()) std::cerr << rules::render_all(result.diagnostics);
  if (!result.specification) return std::nullopt;
  spdlog::debug("{}: {} files, {} fields, {} vacancies", file, result.specification->sources.size(),
                result.specification->fields.size(), result.specification->vacancies.size());
  return std::move(result.specification);
}

rules::Vacancy const* pick_vacancy(rules::Specification const& spec, std::string const& file,
                                   std::string const& wanted) {
  if (!wanted.empty()) {
    if (auto const* vacancy = spec.vacancy(wanted)) return vacancy;
    std::cerr << fmt::format("{}: no vacancy '{}' in this specification\n", file, wanted);
    return nullptr;
  }
  if (spec.vacancies.size() == 1) return &spec.vacancies.front();
  std::cerr << fmt::format("{}: {} vacancies; name one with --vacancy\n", file,
                           spec.vacancies.size());
  return nullptr;
}

}  // namespace sift::cli
