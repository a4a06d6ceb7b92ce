// The checker: runs the stages over every file and collects every diagnostic in one pass.
#include "checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/variant/apply_visitor.hpp>
#include <cmath>
#include <map>
#include <set>

#include "checking.hpp"
#include "printer.hpp"
#include "sift/rules/equality.hpp"
#include "sift/rules/suggest.hpp"

namespace sift::rules {

std::optional<double> parse_number(std::string const& text) {
  try {
    std::size_t used = 0;
    double const value = std::stod(text, &used);
    if (used != text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
  } catch (std::exception const&) {
    return std::nullopt;
  }
}

std::optional<int> parse_small_integer(std::string const& text) {
  auto const value = parse_number(text);
  if (!value || *value != std::floor(*value) || *value > 1e9) return std::nullopt;
  return static_cast<int>(*value);
}

std::optional<double> unit_days(std::string const& unit) {
  if (unit.starts_with("day")) return 1.0;
  if (unit.starts_with("week")) return 7.0;
  if (unit.starts_with("month")) return days_per_month;
  if (unit.starts_with("year")) return days_per_year;
  return std::nullopt;
}

bool is_ordered(TypeKind kind) {
  return kind == TypeKind::number || kind == TypeKind::date || kind == TypeKind::duration;
}

std::string quoted_list(std::vector<std::string> const& values) {
  constexpr std::size_t most_shown = 12;
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < values.size() && i < most_shown; ++i)
    shown.push_back(fmt::format("\"{}\"", values[i]));
  if (values.size() > most_shown)
    shown.push_back(fmt::format("{} more", values.size() - most_shown));
  if (shown.size() == 1) return shown.front();
  auto const last = shown.back();
  shown.pop_back();
  return fmt::format("{} and {}", fmt::join(shown, ", "), last);
}

std::string a_or_an(Type const& type) {
  auto const text = describe(type);
  bool const vowel =
      !text.empty() && std::string_view("aeiou").find(text[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + text;
}

std::size_t Checker::offset(x3::position_tagged const& node) const {
  return files_[file_].offset_of(node);
}

Diagnostic& Checker::error(x3::position_tagged const& node, std::string message) {
  diagnostics_.push_back(files_[file_].source->diagnostic(offset(node), std::move(message)));
  return diagnostics_.back();
}

Diagnostic& Checker::warning(x3::position_tagged const& node, std::string message) {
  auto& d = error(node, std::move(message));
  d.severity = Severity::warning;
  return d;
}

void Checker::note(Diagnostic& diagnostic, Place const& place, std::string message) {
  diagnostic.notes.push_back(files_[place.file].source->note(place.offset, std::move(message)));
}

SourceLocation Checker::location(x3::position_tagged const& node) const {
  return files_[file_].source->location(offset(node));
}

// Refuses a protected characteristic as a name (Equality Act 2010).
bool Checker::refuse_protected(x3::position_tagged const& node, std::string const& name,
                               char const* what) {
  auto const characteristic = protected_name_reason(name);
  if (characteristic.empty()) return false;
  if (characteristic == "equality monitoring" || characteristic == "identifying details") {
    error(node, fmt::format("{} '{}' is refused: {} are stored apart and are never visible to "
                            "screening rules",
                            what, name,
                            characteristic == "equality monitoring" ? "equality-monitoring answers"
                                                                    : "identifying details"));
  } else {
    error(node, fmt::format("{} '{}' is refused: it stands for {}, a protected characteristic "
                            "under the Equality Act 2010, which screening rules must not use",
                            what, name, characteristic));
  }
  return true;
}

LoadResult check(std::vector<ParsedFile> const& files, std::vector<std::size_t> const& order) {
  return Checker(files, order).run();
}

int Specification::field_index(std::string const& name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == name) return static_cast<int>(i);
  return -1;
}

Vacancy const* Specification::vacancy(std::string const& id) const {
  for (auto const& v : vacancies)
    if (v.id == id) return &v;
  return nullptr;
}

}  // namespace sift::rules
