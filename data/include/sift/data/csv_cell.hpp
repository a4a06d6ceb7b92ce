// One CSV cell as Sift writes it, in every CSV it writes (reports, shortlists, impact tables,
// rejects files, workbook templates): quoted only when it must be (RFC 4180), and neutralised
// when a spreadsheet would run it as a formula. Refs, names, assessors, reasons and monitoring
// answers are typed by people; a cell such as `=HYPERLINK(...)` or `@SUM(...)` must open as
// text. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, and is not
// simply a number, is written with a leading `'` (which spreadsheets show as text and hide);
// Sift's CSV reader takes that `'` off again, so a rejects file imports as it was read.
#pragma once

#include <string>
#include <string_view>

namespace sift::data {

std::string csv_cell(std::string_view text);

// Whether a cell as read is one Sift neutralised (`'=...`): its value is the rest.
bool neutralised_cell(std::string_view cell);

}  // namespace sift::data
