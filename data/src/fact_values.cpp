#include "sift/data/fact_values.hpp"

#include <fmt/format.h>

#include "text.hpp"

namespace sift::data {

std::string facts_digest(std::string_view facts, std::string_view values, int values_version) {
  if (values.empty()) return sha256_hex(facts);
  Sha256 hash;
  hash.add(facts);
  hash.add(fmt::format("\n{}\n", values_version));
  hash.add(values);
  return hash.hex();
}

}  // namespace sift::data
