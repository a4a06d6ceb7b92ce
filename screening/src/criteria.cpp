#include "sift/screening/criteria.hpp"

namespace sift::screening {

CriterionInfo criterion_info(rules::Criterion const& c) {
  bool const essential = c.importance == rules::Importance::essential;
  return {c.id,        c.title,      c.section,   essential, essential ? 0 : c.weight,
          c.rule_text, c.where.file, c.where.line};
}

}  // namespace sift::screening
