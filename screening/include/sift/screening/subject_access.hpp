// Use case: everything held about one applicant (a subject access request), as one JSON
// document: the store's record of them, with their result in every run of their vacancy and
// that result's evidence (rendered again from the run's inputs where the run keeps outcomes
// only).
#pragma once

#include <string>

#include "sift/data/database.hpp"

namespace sift::screening {

std::string subject_access(data::Database& db, std::string const& ref,
                           std::string const& vacancy = {});

}  // namespace sift::screening
