// Reading applications in the shape of the Department for Education's Teaching Vacancies service
// (its job_applications and their qualifications, employments, referees and CPD, as
// shared/formats/teaching-vacancies.md describes them) as application records of format v1.1.
//
// What the mapping keeps and what it leaves out is documented in docs/application-format.md.
// Identity goes to `personal` (name, e-mail, phone only); equality monitoring to `monitoring`;
// addresses, National Insurance number, previous names, religious-school answers and support
// needs are never passed on, and are counted as left out.
#pragma once

#include <istream>
#include <memory>
#include <string>

#include "record_source.hpp"

namespace sift::data {

// A whole document is read at once (a vacancy's applications, not a bulk feed); larger input is
// refused rather than read into memory.
// 64 MiB holds thousands of applications; reading one costs about three times its size.
inline constexpr std::size_t largest_teaching_vacancies_document = 64u << 20;

// The records of a Teaching Vacancies document, each for `vacancy` (a Sift vacancy id). Throws
// Error (invalid_input) when the input is not such a document.
std::unique_ptr<RecordSource> teaching_vacancies_source(std::istream& input,
                                                        std::string const& name,
                                                        std::string const& vacancy);

}  // namespace sift::data
