// Use case: how far a vacancy's assessors agree, from their latest scores.
#pragma once

#include <string>

#include "sift/data/database.hpp"
#include "sift/engine/agreement.hpp"

namespace sift::screening {

struct AgreementReport {
  std::string vacancy;
  engine::Agreement agreement;
};

AgreementReport agreement(data::Database& db, std::string const& vacancy);

}  // namespace sift::screening
