#include <fmt/format.h>

#include "cells.hpp"
#include "sift/data/workbooks.hpp"

namespace sift::data {

namespace {

using rules::Type;
using rules::TypeKind;

WorkbookColumn column(std::string name, Type const& type, ColumnPart part) {
  return {std::move(name), cell_description(type), type, part};
}

WorkbookColumn text_column(std::string name, ColumnPart part, std::string description) {
  return {std::move(name), std::move(description), rules::scalar(TypeKind::text), part};
}

// A record's members as columns, `prefix.member`, records within records flattened the same way.
void add_members(std::vector<WorkbookColumn>& columns, std::string const& prefix,
                 Type const& record) {
  for (auto const& member : record.members) {
    auto const name = prefix.empty() ? member.name : prefix + "." + member.name;
    if (member.type.kind == TypeKind::record)
      add_members(columns, name, member.type);
    else
      columns.push_back(column(name, member.type, ColumnPart::fact));
  }
}

}  // namespace

std::vector<WorkbookSheet> workbook_layout(rules::Specification const& form) {
  WorkbookSheet applicants{applicants_sheet, {}, {}};
  applicants.columns.push_back(
      text_column("ref", ColumnPart::key, "the applicant's reference, unique in the vacancy"));
  for (auto const* name : {"first_name", "last_name", "email", "phone"})
    applicants.columns.push_back(
        text_column(fmt::format("personal.{}", name), ColumnPart::personal,
                    "identifying: kept apart, hidden from a blind panel, erased on request"));
  std::vector<WorkbookSheet> lists;
  for (auto const& field : form.fields) {
    if (field.name == "statement") continue;  // stored apart, in the column below
    if (field.type.holds_records()) {
      // On the applicants sheet only 'none' (no entries): no rows is otherwise not answered.
      applicants.columns.push_back(column(field.name, field.type, ColumnPart::fact));
      WorkbookSheet sheet{field.name, field.name, {}};
      sheet.columns.push_back(
          text_column("ref", ColumnPart::key, "the applicant's ref, as on the applicants sheet"));
      add_members(sheet.columns, "", field.type.element_type());
      lists.push_back(std::move(sheet));
    } else if (field.type.kind == TypeKind::record) {
      add_members(applicants.columns, field.name, field.type);
    } else {
      applicants.columns.push_back(column(field.name, field.type, ColumnPart::fact));
    }
  }
  applicants.columns.push_back(
      text_column("statement", ColumnPart::statement, "the supporting statement"));

  WorkbookSheet monitoring{monitoring_sheet, {}, {}};
  monitoring.columns.push_back(
      text_column("ref", ColumnPart::key, "the applicant's ref, as on the applicants sheet"));
  for (auto const* name :
       {"sex", "gender", "age_band", "ethnicity", "disability", "religion", "orientation"})
    monitoring.columns.push_back(
        text_column(name, ColumnPart::monitoring,
                    "equality monitoring: never seen by the rules or the panel; for "
                    "adverse-impact reporting only"));

  std::vector<WorkbookSheet> sheets{std::move(applicants)};
  for (auto& sheet : lists)
    sheets.push_back(std::move(sheet));
  sheets.push_back(std::move(monitoring));
  return sheets;
}

}  // namespace sift::data
