#include "dates.hpp"

#include <chrono>
#include <iostream>

namespace sift::cli {

rules::Date today() {
  auto const now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return rules::Date{static_cast<std::int32_t>(now.time_since_epoch().count())};
}

std::optional<rules::Date> as_of_option(boost::program_options::variables_map const& values) {
  if (!values.count("as-of")) return today();
  auto const& text = values["as-of"].as<std::string>();
  auto const date = rules::parse_date(text);
  if (!date) std::cerr << "sift: --as-of " << text << " is not a calendar date (YYYY-MM-DD)\n";
  return date;
}

}  // namespace sift::cli
