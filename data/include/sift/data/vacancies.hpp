// Vacancies and every version of their specification.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sift/data/database.hpp"
#include "sift/data/specifications.hpp"

namespace sift::data {

struct VacancyAdded {
  std::string id;
  int version = 0;
  bool changed = false;  // false when the stored latest version has the same sources
  std::string sha256;
};

struct VacancySummary {
  std::string id;
  std::string title;
  int version = 0;
  std::string sha256;
  std::string added_at;
  std::int64_t applicants = 0;
};

class Vacancies {
 public:
  explicit Vacancies(Database& db) : db_(db) {}

  // Stores the vacancy and, when its sources changed, a new specification version.
  VacancyAdded add(rules::Specification const& spec, rules::Vacancy const& vacancy);
  std::vector<VacancySummary> list();
  // The latest version, or the one given; Error(not_found) when there is none.
  StoredSpecification specification(std::string const& vacancy_id,
                                    std::optional<int> version = std::nullopt);
  // The latest specification, loaded and checked.
  rules::Specification checked(std::string const& vacancy_id);
  std::string title(std::string const& vacancy_id);

 private:
  Database& db_;
};

}  // namespace sift::data
