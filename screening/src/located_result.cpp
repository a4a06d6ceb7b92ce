#include "located_result.hpp"

#include <fmt/format.h>

#include "sift/data/applications.hpp"
#include "sift/data/error.hpp"

namespace sift::screening {

LocatedResult locate_result(data::Database& db, std::string const& ref, std::string const& vacancy,
                            std::optional<std::int64_t> run_id) {
  LocatedResult out;
  out.vacancy = data::Applications(db).vacancy_of(ref, vacancy);
  data::Runs runs(db);
  out.run = runs.find(out.vacancy, run_id);
  auto stored = runs.result(out.run.id, ref);
  if (!stored)
    throw data::Error(data::ErrorKind::not_found,
                      fmt::format("{} is not in run {}", ref, out.run.id));
  out.stored = std::move(*stored);
  return out;
}

}  // namespace sift::screening
