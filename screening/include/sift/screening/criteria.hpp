// A criterion as a person reads it, with where its rule is written: what explanations and the
// matrix show of the specification.
#pragma once

#include <string>

#include "sift/rules/specification.hpp"

namespace sift::screening {

struct CriterionInfo {
  std::string id;
  std::string title;
  std::string section;
  bool essential = true;
  double weight = 0;  // desirables only
  std::string rule_text;
  std::string file;
  int line = 0;
};

CriterionInfo criterion_info(rules::Criterion const& criterion);

}  // namespace sift::screening
